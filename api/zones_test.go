package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/geodesic"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
)

const zonesPackYAML = `
id: zones
title: 区域测试
document: {title: 测试文件, issuer: 测试机关, date: 2024}
rules:
  - id: cafe_200
    title: 校园周边200米内禁止网吧
    categories: [internet_cafe]
    distance_m: 200
    from: campus
    severity: prohibited
    citation: {clause: 校园周边200米以内禁止设立互联网上网服务营业场所}
  - id: cafe_300
    title: 校园周边300米内网吧排查
    categories: [internet_cafe]
    distance_m: 300
    from: campus
    severity: inspect
    citation: {clause: 校园周边300米以内网吧应当排查}
`

// zonesOffset returns the point at distance meters and azimuth az (degrees
// clockwise from north) from p.
func zonesOffset(p orb.Point, az, meters float64) orb.Point {
	var lat, lon float64
	geodesic.WGS84.Direct(p.Lat(), p.Lon(), az, meters, &lat, &lon, nil)
	return orb.Point{lon, lat}
}

// zonesCentre is the middle of MustZonesServer's one campus, a square
// 200 m across whose edges follow meridians and parallels.
var zonesCentre = orb.Point{104.06, 30.66}

// MustZonesServer serves one primary school with a square campus and one
// internet café 250 m north of its north edge.
func MustZonesServer(tb testing.TB) http.Handler {
	tb.Helper()
	c := zonesCentre
	n, e, s, w := zonesOffset(c, 0, 100), zonesOffset(c, 90, 100), zonesOffset(c, 180, 100), zonesOffset(c, 270, 100)
	campus := orb.Polygon{{{w[0], s[1]}, {e[0], s[1]}, {e[0], n[1]}, {w[0], n[1]}, {w[0], s[1]}}}
	idx, err := geo.NewIndex([]geo.Feature{
		{ID: "way/1", Kind: geo.School, Name: "第一小学", SchoolKind: geo.Primary, Geometry: campus},
		{ID: "node/2", Kind: geo.Business, Name: "网吧", Category: "internet_cafe", Geometry: zonesOffset(n, 0, 250)},
	})
	if err != nil {
		tb.Fatalf("NewIndex: %v", err)
	}
	pack, err := geo.ParseRulePack("zones.yaml", []byte(zonesPackYAML))
	if err != nil {
		tb.Fatalf("ParseRulePack: %v", err)
	}
	return api.New(api.Config{Index: idx, Rules: pack})
}

func zonesGet(tb testing.TB, h http.Handler, url string) *httptest.ResponseRecorder {
	tb.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, url, nil))
	return w
}

func TestZones(t *testing.T) {
	h := MustZonesServer(t)
	north := zonesOffset(zonesCentre, 0, 100)
	tests := []struct {
		name     string
		url      string
		features int
	}{
		{"WholeExtent", "/api/v1/zones?category=internet_cafe", 2},
		{"DefaultPackByID", "/api/v1/zones?category=internet_cafe&rules=zones", 2},
		{"BboxAtTheSchool", "/api/v1/zones?category=internet_cafe&bbox=104.06,30.66,104.061,30.661", 2},
		{"BboxFarAway", "/api/v1/zones?category=internet_cafe&bbox=110,40,110.1,40.1", 0},
		{"CategoryWithoutRules", "/api/v1/zones?category=hotel", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := zonesGet(t, h, tc.url)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			fc, err := geojson.UnmarshalFeatureCollection(w.Body.Bytes())
			if err != nil {
				t.Fatalf("not a FeatureCollection: %v\n%s", err, w.Body)
			}
			if len(fc.Features) != tc.features {
				t.Fatalf("%d features, want %d", len(fc.Features), tc.features)
			}
			if tc.features == 0 {
				return
			}
			want := []struct {
				severity, rule string
				in, out        orb.Point
			}{
				{"prohibited", "cafe_200", zonesOffset(north, 0, 150), zonesOffset(north, 0, 250)},
				{"inspect", "cafe_300", zonesOffset(north, 0, 250), zonesOffset(north, 0, 150)},
			}
			for i, f := range fc.Features {
				mp, ok := f.Geometry.(orb.MultiPolygon)
				if !ok {
					t.Fatalf("feature %d: geometry %T, want MultiPolygon", i, f.Geometry)
				}
				p := f.Properties
				rules, _ := json.Marshal(p["rules"])
				if p["severity"] != want[i].severity || p["category"] != "internet_cafe" || p["schools"] != 1.0 ||
					string(rules) != `["`+want[i].rule+`"]` {
					t.Errorf("feature %d: properties %v", i, p)
				}
				if !planar.MultiPolygonContains(mp, want[i].in) || planar.MultiPolygonContains(mp, want[i].out) {
					t.Errorf("feature %d (%s): wrong area", i, want[i].severity)
				}
			}
		})
	}
}

func TestZones_errors(t *testing.T) {
	h := MustZonesServer(t)
	tests := []struct {
		name string
		url  string
		want string
	}{
		{"UnknownCategory", "/api/v1/zones?category=casino", `category \"casino\": must be one of internet_cafe`},
		{"MissingCategory", "/api/v1/zones", `category \"\": must be one of`},
		{"BadBbox", "/api/v1/zones?category=bar&bbox=1,2,3", `bbox \"1,2,3\"`},
		{"UnknownPack", "/api/v1/zones?category=bar&rules=nope", `rules \"nope\"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := zonesGet(t, h, tc.url)
			if w.Code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", w.Code)
			}
			if body := w.Body.String(); !strings.HasPrefix(body, `{"error":`) || !strings.Contains(body, tc.want) {
				t.Errorf("body %s, want an error containing %s", body, tc.want)
			}
		})
	}
}

// The school report carries the campus, each ring's area and each
// hazard's geometry.
func TestSchoolReport_geometry(t *testing.T) {
	h := MustZonesServer(t)
	w := zonesGet(t, h, "/api/v1/schools/report?id=way/1")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var rep struct {
		School struct {
			Geometry geojson.Geometry `json:"geometry"`
		} `json:"school"`
		Rings []struct {
			RadiusM  float64          `json:"radius_m"`
			Geometry geojson.Geometry `json:"geometry"`
			Hazards  []struct {
				FeatureID string           `json:"feature_id"`
				Geometry  geojson.Geometry `json:"geometry"`
			} `json:"hazards"`
		} `json:"rings"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, w.Body)
	}
	if _, ok := rep.School.Geometry.Coordinates.(orb.Polygon); !ok {
		t.Errorf("school geometry %T, want the campus Polygon", rep.School.Geometry.Coordinates)
	}
	north := zonesOffset(zonesCentre, 0, 100)
	var hazards int
	for _, r := range rep.Rings {
		mp, ok := r.Geometry.Coordinates.(orb.MultiPolygon)
		if !ok {
			t.Fatalf("ring %v m: geometry %T, want MultiPolygon", r.RadiusM, r.Geometry.Coordinates)
		}
		if !planar.MultiPolygonContains(mp, zonesOffset(north, 0, r.RadiusM-1)) || planar.MultiPolygonContains(mp, zonesOffset(north, 0, r.RadiusM+1)) {
			t.Errorf("ring %v m: wrong area", r.RadiusM)
		}
		for _, hz := range r.Hazards {
			hazards++
			if _, ok := hz.Geometry.Coordinates.(orb.Point); !ok || hz.FeatureID != "node/2" {
				t.Errorf("hazard %s: geometry %T", hz.FeatureID, hz.Geometry.Coordinates)
			}
		}
	}
	if len(rep.Rings) < 3 || hazards != 1 {
		t.Errorf("%d rings, %d hazards; want at least 3 rings and the café", len(rep.Rings), hazards)
	}
}

// A pack from the rules directory draws the zones of its own rules.
func TestZones_rulesDir(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		url   string
		rules []string // of each feature
	}{
		{"/api/v1/zones?category=bar", []string{`["bar_200"]`}},
		{"/api/v1/zones?category=bar&rules=default", []string{`["bar_100"]`}},
		{"/api/v1/zones?category=internet_cafe&rules=default", nil},
		{"/api/v1/zones?category=internet_cafe&rules=empty-rules", nil},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			w := ts.Do(t, http.MethodGet, tc.url, "", "")
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			fc, err := geojson.UnmarshalFeatureCollection(w.Body.Bytes())
			if err != nil {
				t.Fatalf("not a FeatureCollection: %v\n%s", err, w.Body)
			}
			var rules []string
			for _, f := range fc.Features {
				b, _ := json.Marshal(f.Properties["rules"])
				rules = append(rules, string(b))
				if f.Properties["severity"] != "inspect" || f.Properties["schools"] != 2.0 {
					t.Errorf("properties %v", f.Properties)
				}
			}
			if strings.Join(rules, " ") != strings.Join(tc.rules, " ") {
				t.Errorf("rules %v, want %v", rules, tc.rules)
			}
		})
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/zones?category=bar&rules=nope", "", ""), http.StatusNotFound, `rules "nope"`)
}
