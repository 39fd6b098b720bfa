package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/store"
)

// auditCSVHeader is the header row of a CSV audit, and auditXLSXHeader
// that of an XLSX one.
var (
	auditCSVHeader = []string{"feature_id", "feature_name", "category", "school_id", "school_name", "school_kind",
		"rule_id", "severity", "distance_m", "limit_m", "measured_from", "document", "clause", "rule_kind", "opened_on", "precedes", "method", "walking_m", "cleared_by_walking", "address", "school_address"}
	auditXLSXHeader = []string{"要素编号", "名称", "类别", "学校编号", "学校名称", "学校类型",
		"规则编号", "处置等级", "距离(米)", "限值(米)", "测量起点", "依据文件", "条款原文", "规则类型", "开业日期", "先于", "测量方法", "步行距离(米)", "步行排除", "地址", "学校地址"}
)

// MustExport runs an audit or a licence audit whose answer must be an
// attachment and returns its rows, header first, read back from CSV, XLSX
// or GeoJSON; a GeoJSON export has one row per feature: its ID.
func MustExport(tb testing.TB, ts *TestServer, url, body, ctype string) [][]string {
	tb.Helper()
	w := ts.Do(tb, http.MethodPost, url, store.RoleRegulator, body)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != ctype {
		tb.Fatalf("status %d, Content-Type %q, want 200 %s: %.300s", w.Code, w.Header().Get("Content-Type"), ctype, w.Body)
	}
	ext := ctype[strings.LastIndexAny(ctype, "/.")+1:]
	switch ext {
	case "csv; charset=utf-8":
		ext = "csv"
	case "sheet":
		ext = "xlsx"
	case "geo+json":
		ext = "geojson"
	}
	if got, want := w.Header().Get("Content-Disposition"), `attachment; filename="safezone-audit.`+ext+`"`; got != want {
		tb.Errorf("Content-Disposition %q, want %q", got, want)
	}
	switch ext {
	case "csv":
		rest, ok := bytes.CutPrefix(w.Body.Bytes(), []byte("\xef\xbb\xbf"))
		if !ok {
			tb.Fatalf("CSV without a UTF-8 byte order mark: %q", w.Body.Bytes()[:8])
		}
		rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
		if err != nil {
			tb.Fatalf("CSV: %v", err)
		}
		return rows
	case "xlsx":
		f, err := excelize.OpenReader(w.Body)
		if err != nil {
			tb.Fatalf("XLSX: %v", err)
		}
		defer f.Close()
		rows, err := f.GetRows("违规清单")
		if err != nil {
			tb.Fatalf("XLSX: %v (sheets %v)", err, f.GetSheetList())
		}
		return rows
	}
	fc, err := geojson.UnmarshalFeatureCollection(w.Body.Bytes())
	if err != nil {
		tb.Fatalf("GeoJSON: %v", err)
	}
	rows := [][]string{{"id"}}
	for _, f := range fc.Features {
		if f.Geometry == nil || f.ID != f.Properties["feature_id"] || f.Properties["school_id"] == nil || f.Properties["citation"] == nil {
			tb.Errorf("feature %v: geometry %v, properties %v", f.ID, f.Geometry, f.Properties)
		}
		rows = append(rows, []string{fmt.Sprint(f.ID)})
	}
	return rows
}

func TestAudit(t *testing.T) {
	ts := MustServer(t)
	all := MustAudit(t, ts, store.RoleRegulator, "")
	if len(all["biz/1"]) != 1 || len(all["water/1"]) != 1 || len(all) != 2 {
		t.Fatalf("audit %v, want biz/1 and water/1", all)
	}
	if got := MustAudit(t, ts, store.RoleAdmin, `{"bbox":"104.0015,30.001,104.0025,30.0018"}`); len(got) != 1 || len(got["biz/1"]) != 1 {
		t.Errorf("audit of a bbox around biz/1: %v", got)
	}
	district := `{"type":"Polygon","coordinates":[[[104.0015,30.001],[104.0025,30.001],[104.0025,30.0018],[104.0015,30.0018],[104.0015,30.001]]]}`
	if got := MustAudit(t, ts, store.RoleAdmin, `{"district":`+district+`}`); len(got) != 1 || len(got["biz/1"]) != 1 {
		t.Errorf("audit of a district around biz/1: %v", got)
	}
	if got := MustAudit(t, ts, store.RoleAdmin, `{"bbox":"110,40,110.1,40.1","format":"json"}`); len(got) != 0 {
		t.Errorf("audit of a bbox far away: %v", got)
	}
	if got := MustAudit(t, ts, store.RoleAdmin, `{"rules":"default"}`); len(got) != 0 {
		t.Errorf("audit with a pack of one bar rule: %v", got)
	}

	const (
		csvType  = "text/csv; charset=utf-8"
		xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		geoType  = "application/geo+json"
	)
	tests := []struct {
		name, url, body, ctype string
		header                 []string
	}{
		{"CSV", "/api/v1/audit", `{"format":"csv"}`, csvType, auditCSVHeader},
		{"CSVFromTheQuery", "/api/v1/audit?format=csv", `{"format":"xlsx"}`, csvType, auditCSVHeader},
		{"XLSX", "/api/v1/audit?format=xlsx", "", xlsxType, auditXLSXHeader},
		{"GeoJSON", "/api/v1/audit", `{"format":"geojson"}`, geoType, []string{"id"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows := MustExport(t, ts, tc.url, tc.body, tc.ctype)
			if len(rows) != 3 || !slices.Equal(rows[0], tc.header) {
				t.Fatalf("rows %q, want the header and 2 hits", rows)
			}
			if rows[1][0] != "biz/1" || rows[2][0] != "water/1" {
				t.Errorf("rows %q, want biz/1 then water/1", rows)
			}
			if len(tc.header) > 1 && (rows[1][4] != "第1小学" || rows[1][6] != "venues_200" || rows[1][8] != "111.272") {
				t.Errorf("row %q", rows[1])
			}
		})
	}

	errs := []struct {
		name, url, body string
		code            int
		want            string
	}{
		{"BadBbox", "/api/v1/audit", `{"bbox":"1,2,3"}`, 400, `bbox "1,2,3"`},
		{"BadFormat", "/api/v1/audit?format=pdf", "", 400, `format "pdf": must be json, csv, xlsx or geojson`},
		{"UnknownPack", "/api/v1/audit", `{"rules":"nope"}`, 404, `rules "nope"`},
		{"UnknownField", "/api/v1/audit", `{"area":"锦江区"}`, 400, `unknown field "area"`},
		{"DistrictName", "/api/v1/audit", `{"district":"锦江区"}`, 400, `district "\"锦江区\"": must be a GeoJSON Polygon or MultiPolygon`},
		{"DistrictPoint", "/api/v1/audit", `{"district":{"type":"Point","coordinates":[104,30]}}`, 400, `district.type "Point": must be Polygon or MultiPolygon`},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodPost, tc.url, store.RoleRegulator, tc.body), tc.code, tc.want)
		})
	}
}

func TestAuditLicences(t *testing.T) {
	ts := MustServer(t)
	const list = "\ufeff名称,类别,经度,纬度,许可证号\n星空网吧,internet_cafe,104.002,30.0005,JY1\n远方网吧,internet_cafe,104.008,30.0005,JY2\n校门小摊,street_stall,104.0005,29.9996,\n"
	var hits []auditHit
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/audit/licences", store.RoleAdmin, list), http.StatusOK, &hits)
	var got []string
	for _, h := range hits {
		got = append(got, h.FeatureID+" "+h.RuleID)
	}
	if want := []string{"licence/JY1 venues_200", "row/4 stalls_100"}; !slices.Equal(got, want) {
		t.Errorf("hits %q, want %q", got, want)
	}
	rows := MustExport(t, ts, "/api/v1/audit/licences?format=xlsx&rules=engine", list, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	if len(rows) != 3 || rows[1][0] != "licence/JY1" || rows[1][1] != "星空网吧" {
		t.Errorf("XLSX rows %q", rows)
	}
	errs := []struct {
		name, url, body string
		code            int
		want            string
	}{
		{"BadRow", "/api/v1/audit/licences", "name,category,lon,lat\nA,bar,104,30\nB,bar,104,200\n", 400, `licences.csv:3: lat "200"`},
		{"NoHeader", "/api/v1/audit/licences", "", 400, "licences.csv: empty"},
		{"MissingColumn", "/api/v1/audit/licences", "name,category,lon\nA,bar,104\n", 400, "lat"},
		{"UnknownPack", "/api/v1/audit/licences?rules=nope", list, 404, `rules "nope"`},
		{"BadFormat", "/api/v1/audit/licences?format=doc", list, 400, `format "doc"`},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodPost, tc.url, store.RoleRegulator, tc.body), tc.code, tc.want)
		})
	}
}

type logEntry struct {
	Seq    uint64 `json:"seq"`
	Time   string `json:"time"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Target string `json:"target"`
	Detail string `json:"detail"`
}

// Every write and every audit is in the admin's log, with who, what and
// when; refused requests are not.
func TestLog(t *testing.T) {
	ts := MustServer(t)
	start := time.Now().UTC().Truncate(time.Millisecond)
	reg, admin := "regulator:"+ts.TokenID(t, store.RoleRegulator), "admin:"+ts.TokenID(t, store.RoleAdmin)
	MustCreateBusiness(t, ts, store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104.002,"lat":30.0015}`)
	ts.Do(t, http.MethodPut, "/api/v1/businesses/1", store.RoleAdmin, `{"name":"网吧","category":"bar","lon":104.002,"lat":30.0015}`)
	ts.Do(t, http.MethodPost, "/api/v1/audit?format=csv", store.RoleRegulator, `{"bbox":"104,30,104.01,30.01"}`)
	ts.Do(t, http.MethodPost, "/api/v1/audit/licences", store.RoleAdmin, "name,category,lon,lat\nA,bar,104.002,30.0005\n")
	ts.Do(t, http.MethodDelete, "/api/v1/businesses/1", store.RoleRegulator, "")
	// Refused: not logged.
	ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RolePolice, `{"name":"x","category":"bar","lon":104,"lat":30}`)
	ts.Do(t, http.MethodPost, "/api/v1/audit?format=pdf", store.RoleRegulator, "")
	end := time.Now().UTC()

	var entries []logEntry
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/log?after=4", store.RoleAdmin, ""), http.StatusOK, &entries)
	want := []logEntry{
		{5, "", reg, store.ActionBusinessCreate, "reg/1", `name="网吧" category=internet_cafe lat=30.0015 lon=104.002 status=proposed licence=""`},
		{6, "", admin, store.ActionBusinessUpdate, "reg/1", `category "internet_cafe" -> "bar"`},
		{7, "", reg, "audit", "", "rules=engine bbox=104,30,104.01,30.01 format=csv hits=3"}, // reg/1 is a bar now,
		{8, "", admin, "audit", "", "licences=1 rules=engine format=json hits=1"},
		{9, "", reg, store.ActionBusinessDelete, "reg/1", `name="网吧" category=bar lat=30.0015 lon=104.002 status=proposed licence=""`},
	}
	if len(entries) != len(want) {
		t.Fatalf("log %+v, want %d entries", entries, len(want))
	}
	for i, e := range entries {
		at, err := time.Parse(time.RFC3339, e.Time)
		if err != nil || at.Before(start) || at.After(end) {
			t.Errorf("entry %d: time %q (%v), want between %v and %v", e.Seq, e.Time, err, start, end)
		}
		if e.Time = ""; e != want[i] {
			t.Errorf("entry %+v,\nwant  %+v", e, want[i])
		}
	}

	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/log?after=5&limit=2", store.RoleAdmin, ""), http.StatusOK, &entries)
	if len(entries) != 2 || entries[0].Seq != 6 || entries[1].Seq != 7 {
		t.Errorf("a page after 5: %+v", entries)
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/log", store.RoleAdmin, ""), http.StatusOK, &entries)
	if len(entries) != 9 || entries[0].Action != store.ActionTokenCreate || entries[0].Actor != "cli" {
		t.Errorf("the whole log: %+v", entries)
	}
	for _, q := range []string{"limit=0", "limit=1001", "after=-1", "after=x"} {
		MustError(t, ts.Do(t, http.MethodGet, "/api/v1/log?"+q, store.RoleAdmin, ""), http.StatusBadRequest, strings.Split(q, "=")[0]+` "`)
	}
	for _, role := range []store.Role{store.RoleRegulator, store.RolePolice, store.RoleSchool} {
		MustError(t, ts.Do(t, http.MethodGet, "/api/v1/log", role, ""), http.StatusForbidden, `role "`+string(role)+`" may not GET /api/v1/log`)
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/log", "", ""), http.StatusUnauthorized, "bearer token")
	for _, role := range []store.Role{store.RolePolice, store.RoleSchool} {
		MustError(t, ts.Do(t, http.MethodPost, "/api/v1/audit", role, ""), http.StatusForbidden, "")
		MustError(t, ts.Do(t, http.MethodPost, "/api/v1/audit/licences", role, "name,category,lon,lat\n"), http.StatusForbidden, "")
	}
}
