package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/store"
)

// exportFixture is two schools and three cafés in Chengdu, with the
// default-like zones pack: café c1 hits both schools, c2 and c3 one each.
func exportFixture(tb testing.TB) (*geo.Index, *geo.RulePack) {
	tb.Helper()
	sq := func(lon, lat float64) orb.Polygon {
		return orb.Polygon{{{lon, lat}, {lon + 0.001, lat}, {lon + 0.001, lat + 0.001}, {lon, lat + 0.001}, {lon, lat}}}
	}
	idx, err := geo.NewIndex([]geo.Feature{
		{ID: "way/1", Kind: geo.School, Name: "第一小学", SchoolKind: geo.Primary, Geometry: sq(104.06, 30.66)},
		{ID: "way/2", Kind: geo.School, Name: "第一小学", SchoolKind: geo.Primary, Geometry: sq(104.063, 30.66)},
		{ID: "node/1", Kind: geo.Business, Name: "网吧一", Category: "internet_cafe", Geometry: orb.Point{104.0620, 30.6605}},
		{ID: "node/2", Kind: geo.Business, Name: "网吧二", Category: "internet_cafe", Geometry: orb.Point{104.0595, 30.6605}},
		{ID: "way/3", Kind: geo.Business, Name: "网吧三", Category: "internet_cafe", Geometry: sq(104.0645, 30.6610)},
	})
	if err != nil {
		tb.Fatal(err)
	}
	pack, err := geo.ParseRulePack("zones.yaml", []byte(zonesPackYAML))
	if err != nil {
		tb.Fatal(err)
	}
	return idx, pack
}

func mustExport(tb testing.TB, format string, opts api.ExportOptions) []byte {
	tb.Helper()
	idx, pack := exportFixture(tb)
	write, err := api.AuditWriter(format, opts)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := write(&buf, slices.Values(idx.Audit(pack, geo.AuditOptions{}))); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// gcj is the GCJ-02 of a WGS84 [lon, lat].
func gcj(p orb.Point) orb.Point {
	q := crs.WGS84ToGCJ02(geo.Point{Lat: p[1], Lon: p[0]})
	return orb.Point{q.Lon, q.Lat}
}

func TestAuditWriter_csvCRS(t *testing.T) {
	recs, err := csv.NewReader(bytes.NewReader(mustExport(t, "csv", api.ExportOptions{CRS: "GCJ-02"}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	if head[len(head)-2] != "lon_gcj02" || head[len(head)-1] != "lat_gcj02" {
		t.Fatalf("header %v", head)
	}
	want := map[string]orb.Point{"node/1": gcj(orb.Point{104.0620, 30.6605}), "node/2": gcj(orb.Point{104.0595, 30.6605})}
	seen := 0
	for _, r := range recs[1:] {
		p, ok := want[r[0]]
		if !ok {
			continue
		}
		lon, _ := strconv.ParseFloat(r[len(r)-2], 64)
		lat, _ := strconv.ParseFloat(r[len(r)-1], 64)
		if d := geo.DistanceMeters(geo.Point{Lat: lat, Lon: lon}, geo.Point{Lat: p[1], Lon: p[0]}); d > 0.02 {
			t.Errorf("%s: (%v, %v) is %.3f m from the GCJ-02 point", r[0], lon, lat, d)
		}
		seen++
	}
	if seen < 2 {
		t.Fatalf("only %d rows of the point cafés in %v", seen, recs)
	}
	// Without a CRS, the columns are as before.
	plain, _ := csv.NewReader(bytes.NewReader(mustExport(t, "csv", api.ExportOptions{}))).Read()
	if len(plain) != len(head)-2 {
		t.Errorf("plain header %v", plain)
	}
}

func TestAuditWriter_jsonAndGeoJSONCRS(t *testing.T) {
	var hits []struct {
		FeatureID string `json:"feature_id"`
		Lon, Lat  float64
		CRS       string
	}
	if err := json.Unmarshal(mustExport(t, "json", api.ExportOptions{CRS: crs.BD09}), &hits); err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.FeatureID == "node/1" {
			q := crs.WGS84ToBD09(geo.Point{Lat: 30.6605, Lon: 104.0620})
			if h.CRS != "bd09" || geo.DistanceMeters(geo.Point{Lat: h.Lat, Lon: h.Lon}, q) > 0.02 {
				t.Errorf("node/1: %+v, want %v in bd09", h, q)
			}
		}
	}
	out := mustExport(t, "geojson", api.ExportOptions{CRS: crs.GCJ02})
	if !bytes.HasPrefix(out, []byte(`{"type":"FeatureCollection","crs":"gcj02","features":[`)) {
		t.Fatalf("head %.80s", out)
	}
	fc, err := geojson.UnmarshalFeatureCollection(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fc.Features {
		if f.ID == "way/3" {
			ring := f.Geometry.(orb.Polygon)[0]
			if want := gcj(orb.Point{104.0645, 30.6610}); geo.DistanceMeters(geo.Point{Lat: ring[0][1], Lon: ring[0][0]}, geo.Point{Lat: want[1], Lon: want[0]}) > 0.01 {
				t.Errorf("way/3 ring starts at %v, want %v", ring[0], want)
			}
		}
	}
}

func TestAuditWriter_xlsxSheets(t *testing.T) {
	for _, tc := range []struct {
		by     string
		sheets []string
	}{
		{"", []string{"违规清单"}},
		{"school", []string{"汇总", "第一小学", "第一小学 (2)"}},
		{"rule", []string{"汇总", "校园周边200米内禁止网吧", "校园周边300米内网吧排查"}},
	} {
		t.Run("by="+tc.by, func(t *testing.T) {
			wb, err := excelize.OpenReader(bytes.NewReader(mustExport(t, "xlsx", api.ExportOptions{SheetsBy: tc.by, CRS: crs.GCJ02})))
			if err != nil {
				t.Fatal(err)
			}
			if got := wb.GetSheetList(); !slices.Equal(got, tc.sheets) {
				t.Fatalf("sheets %q, want %q", got, tc.sheets)
			}
			total := 0
			for _, name := range tc.sheets {
				rows, _ := wb.GetRows(name)
				if name == "汇总" {
					continue
				}
				if h := rows[0]; h[len(h)-2] != "经度 (gcj02)" {
					t.Errorf("%s: header %v", name, h)
				}
				total += len(rows) - 1
			}
			if sum, _ := wb.GetRows("汇总"); tc.by != "" && len(sum) != len(tc.sheets) {
				t.Errorf("summary %v", sum)
			}
			idx, pack := exportFixture(t)
			if n := len(idx.Audit(pack, geo.AuditOptions{})); total != n {
				t.Errorf("%d rows over the sheets, want every hit, %d", total, n)
			}
		})
	}
}

// mustAuditServer serves exportFixture with a store, and returns a
// function that posts to path+query as a regulator with a content type.
func mustAuditServer(tb testing.TB, path string) func(query, ctype, body string) *httptest.ResponseRecorder {
	tb.Helper()
	idx, pack := exportFixture(tb)
	st, err := store.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	tok, _, err := st.CreateToken(context.Background(), "test", store.RoleRegulator, "")
	if err != nil {
		tb.Fatal(err)
	}
	h := api.New(api.Config{Index: idx, Rules: pack, Store: st})
	return func(query, ctype, body string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, path+query, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("Content-Type", ctype)
		h.ServeHTTP(w, r)
		return w
	}
}

// TestAudit_outCRS checks the HTTP parameters and their errors.
func TestAudit_outCRS(t *testing.T) {
	do := mustAuditServer(t, "/api/v1/audit")
	post := func(query, body string) *httptest.ResponseRecorder { return do(query, "application/json", body) }
	if w := post("?format=csv&out_crs=gcj02", ""); w.Code != 200 || !strings.Contains(strings.SplitN(w.Body.String(), "\n", 2)[0], ",lon_gcj02,lat_gcj02") {
		t.Errorf("csv: %d %.200s", w.Code, w.Body)
	}
	if w := post("", `{"format": "xlsx", "sheets": "school"}`); w.Code != 200 {
		t.Errorf("xlsx: %d %.200s", w.Code, w.Body)
	}
	for _, tc := range []struct{ query, want string }{
		{"?out_crs=mars", `crs "mars": must be one of wgs84, cgcs2000, gcj02, bd09`},
		{"?format=xlsx&sheets=street", `sheets "street": must be school or rule (or empty for one sheet)`},
	} {
		if body := MustError(t, post(tc.query, ""), 400, tc.want); body.Error != tc.want {
			t.Errorf("%s: %q, want %q", tc.query, body.Error, tc.want)
		}
	}
}
