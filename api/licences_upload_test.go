package api_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
)

// TestAuditLicences_upload posts the same café, 网吧一 of exportFixture,
// as a GBK CSV with AMap coordinates and as an XLSX sheet, and expects its
// hits.
func TestAuditLicences_upload(t *testing.T) {
	post := mustAuditServer(t, "/api/v1/audit/licences")
	p := crs.WGS84ToGCJ02(geo.Point{Lat: 30.6605, Lon: 104.0620})
	csv := "名称,类别,经度,纬度,许可证号\n网吧一,网吧," + ftoa(p.Lon) + "," + ftoa(p.Lat) + ",JY1\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	wb := excelize.NewFile()
	for i, row := range [][]any{{"2024年网吧名单"}, {"名称", "类别", "经度", "纬度", "许可证号"}, {"网吧一", "网吧", 104.0620, 30.6605, "JY1"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := wb.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var xlsx bytes.Buffer
	if err := wb.Write(&xlsx); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, query, ctype, body string }{
		{"GBKInGCJ02", "?crs=gcj02", "text/csv", gbk},
		{"XLSX", "", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.String()},
		// A browser that knows no type for the file sends it as text or
		// bytes: the workbook is told by its zip signature.
		{"XLSXAsCSV", "", "text/csv", xlsx.String()},
		{"XLSXAsBytes", "", "application/octet-stream", xlsx.String()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := post(tc.query, tc.ctype, tc.body)
			var hits []struct {
				FeatureID   string  `json:"feature_id"`
				FeatureName string  `json:"feature_name"`
				SchoolID    string  `json:"school_id"`
				DistanceM   float64 `json:"distance_m"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &hits); err != nil || w.Code != 200 {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			schools := map[string]bool{}
			for _, h := range hits {
				if h.FeatureID != "licence/JY1" || h.FeatureName != "网吧一" {
					t.Errorf("hit %+v", h)
				}
				schools[h.SchoolID] = true
			}
			if !schools["way/1"] || !schools["way/2"] {
				t.Errorf("hits %+v: want both schools, as for the WGS84 point", hits)
			}
		})
	}
	for _, tc := range []struct {
		name, query, body, want, code string
		params                        map[string]string
	}{
		{"BadRows", "", "名称,类别,经度,纬度\nA,bar,104,30\nB,bar,104,200\nC,花店,104,30\n",
			`licences.csv:3: 纬度 (lat) "200": must be between -90 and 90 (and 1 more bad rows)`, "between",
			map[string]string{"file": "licences.csv", "row": "3", "more": "1", "column": "纬度", "field": "lat", "value": "200", "min": "-90", "max": "90"}},
		{"School", "", "kind,name,lon,lat\nschool,一小,104,30\n", `licences.csv:2: kind "school": a licence list holds businesses only`,
			"licence_kind", map[string]string{"file": "licences.csv", "row": "2", "field": "kind", "value": "school"}},
		{"CRS", "?crs=utm", "name,category,lon,lat\n", `crs "utm": must be one of wgs84, cgcs2000, gcj02, bd09`,
			"one_of", map[string]string{"field": "crs", "value": "utm", "allowed": "wgs84, cgcs2000, gcj02, bd09"}},
		{"Named", "?name=" + url.QueryEscape("2024 名单.csv"), "名称,类别,经度,纬度\nA,bar,104,30\nB,bar,abc,30\n",
			`2024 名单.csv:3: 经度 (lon) "abc": must be a number of degrees`, "degrees",
			map[string]string{"file": "2024 名单.csv", "row": "3", "column": "经度", "field": "lon", "value": "abc"}},
		{"NamedEmpty", "?name=" + url.QueryEscape("2024 名单.csv"), "", `2024 名单.csv: empty: a header row is required`,
			"empty_file", map[string]string{"file": "2024 名单.csv"}},
		{"NameControl", "?name=a%1B%5B2J.csv", "name,category,lon,lat\n",
			`name "a\x1b[2J.csv": must be a file name without a directory, not starting with '.', at most 255 bytes`,
			"invalid", map[string]string{"field": "name", "value": `a\x1b[2J.csv`,
				"reason": "must be a file name without a directory, not starting with '.', at most 255 bytes"}},
		{"NameLong", "?name=" + url.QueryEscape(strings.Repeat("网", 84)+".csv"), "name,category,lon,lat\n", `name "网网`, "invalid", nil}, // 256 bytes
		{"NameLongest", "?name=" + url.QueryEscape(strings.Repeat("网", 83)+"1.csv"), "名称,类别,经度,纬度\nA,bar,abc,30\n", // 255 bytes
			strings.Repeat("网", 83) + `1.csv:2: 经度 (lon) "abc": must be a number of degrees`, "degrees", nil},
		{"NameC1", "?name=a%C2%85.csv", "name,category,lon,lat\n", `name "a\u0085.csv": must be a file name`, "invalid", nil},
		{"NameBidi", "?name=" + url.QueryEscape("a\u202Evsc.exe"), "name,category,lon,lat\n", `name "a\u202evsc.exe": must be a file name`, "invalid", nil},
		{"NameUTF8", "?name=a%FF.csv", "name,category,lon,lat\n", `name "a\xff.csv": must be a file name`, "invalid", nil},
		{"NamePath", "?name=..%2Fa.csv", "name,category,lon,lat\n", `name "../a.csv": must be a file name`, "invalid", nil},
		{"Encoding", "?encoding=big5", "name,category,lon,lat\n", `encoding "big5": must be one of utf-8, gb18030, gbk, gb2312, utf-16`,
			"one_of", map[string]string{"field": "encoding", "value": "big5", "allowed": "utf-8, gb18030, gbk, gb2312, utf-16"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := MustError(t, post(tc.query, "text/csv", tc.body), 400, tc.want)
			if tc.params == nil {
				if body.Code != tc.code {
					t.Errorf("code %q, want %q", body.Code, tc.code)
				}
				return // the message's start says enough
			}
			if body.Error != tc.want || body.Code != tc.code || !maps.Equal(body.Params, tc.params) {
				t.Errorf("%q %q %v, want %q %q %v", body.Error, body.Code, body.Params, tc.want, tc.code, tc.params)
			}
		})
	}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
