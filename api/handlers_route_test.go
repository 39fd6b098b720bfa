package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/osm"
)

// The walking fixture: geo/testdata/walk/town.py draws it.
const townOSM = "../geo/testdata/walk/town.osm"

// MustTownServer serves the walking fixture, its basemap and the walking
// example pack.
func MustTownServer(tb testing.TB) *TestServer {
	tb.Helper()
	fs, err := osm.Read(townOSM)
	if err != nil {
		tb.Fatal(err)
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		tb.Fatal(err)
	}
	bm, err := osm.ReadBasemap(townOSM)
	if err != nil {
		tb.Fatal(err)
	}
	pack, err := geo.LoadRulePack("../geo/testdata/rules/walking-example.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	ts := MustServer(tb, func(c *api.Config) { c.Index, c.Basemap, c.Rules = idx, bm, pack })
	ts.Index = idx
	return ts
}

type walkCheck struct {
	Verdict string `json:"verdict"`
	Hits    []struct {
		RuleID    string   `json:"rule_id"`
		Method    string   `json:"method"`
		DistanceM float64  `json:"distance_m"`
		WalkingM  *float64 `json:"walking_m"`
		Route     *struct {
			Type        string       `json:"type"`
			Coordinates [][2]float64 `json:"coordinates"`
		} `json:"route"`
	} `json:"hits"`
	Cleared []struct {
		RuleID string `json:"rule_id"`
	} `json:"cleared_by_walking"`
}

func TestCheck_walking(t *testing.T) {
	ts := MustTownServer(t)
	router, err := gorillamux.NewRouter(MustOpenAPI(t, ts))
	if err != nil {
		t.Fatal(err)
	}
	// 南街网吧 (node/72) is 55 m from the gate on foot; 北边网吧 (node/71)
	// 45 m from the campus but about 495 m on foot.
	south := `{"lon":104.0612531,"lat":30.6498647,"category":"internet_cafe"%s}`
	north := `{"lon":104.0610442,"lat":30.6511276,"category":"internet_cafe"%s}`
	tests := []struct {
		name, body     string
		verdict        string
		walked, cleard int
	}{
		{"south", fmtBody(south, ""), "prohibited", 1, 1},
		{"north", fmtBody(north, ""), "inspect", 0, 1},
		{"north straight", fmtBody(north, `,"method":"straight"`), "prohibited", 0, 0},
		{"north walking", fmtBody(north, `,"method":"walking"`), "allowed", 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			validateOpenAPI(t, ts, router, openAPICase{"POST", "/api/v1/check", "", tc.body, 200})
			w := ts.Do(t, http.MethodPost, "/api/v1/check", "", tc.body)
			var res walkCheck
			if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
				t.Fatal(err)
			}
			walked := 0
			for _, h := range res.Hits {
				if h.Method != "walking" {
					continue
				}
				walked++
				if h.WalkingM == nil || *h.WalkingM < h.DistanceM || h.Route == nil || h.Route.Type != "LineString" {
					t.Errorf("hit %+v: want walking_m at least distance_m, and the route", h)
				}
			}
			if res.Verdict != tc.verdict || walked != tc.walked || len(res.Cleared) != tc.cleard {
				t.Errorf("verdict %s, %d walked, %d cleared; want %s, %d, %d\n%s", res.Verdict, walked, len(res.Cleared),
					tc.verdict, tc.walked, tc.cleard, w.Body)
			}
		})
	}
}

func fmtBody(format, extra string) string { return strings.Replace(format, "%s", extra, 1) }

func TestRouteWater(t *testing.T) {
	ts := MustTownServer(t)
	router, err := gorillamux.NewRouter(MustOpenAPI(t, ts))
	if err != nil {
		t.Fatal(err)
	}
	// Along 南街, past the pond 20 m north of it.
	body := `{"route":{"type":"Feature","id":"r1","geometry":{"type":"LineString","coordinates":[[104.06,30.65],[104.0641771,30.65]]}},"within_m":50}`
	validateOpenAPI(t, ts, router, openAPICase{"POST", "/api/v1/routes/water", "", body, 200})
	w := ts.Do(t, http.MethodPost, "/api/v1/routes/water", "", body)
	var res struct {
		Water []struct {
			RouteID   string          `json:"route_id"`
			WaterID   string          `json:"water_id"`
			DistanceM float64         `json:"distance_m"`
			AlongM    float64         `json:"along_m"`
			Geometry  json.RawMessage `json:"geometry"`
		} `json:"water"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Water) != 1 || res.Water[0].RouteID != "r1" || res.Water[0].WaterID != "way/130" ||
		res.Water[0].DistanceM < 19.9 || res.Water[0].DistanceM > 20.1 || len(res.Water[0].Geometry) == 0 {
		t.Errorf("water %+v, want the pond about 20 m away with its geometry", res.Water)
	}
	errs := []struct{ body, want string }{
		{`{"within_m":50}`, `route: a GeoJSON LineString is required`},
		{`{"route":{"type":"LineString","coordinates":[[104,30],[104.1,30]]}}`, `within_m: required, in meters`},
		{`{"route":{"type":"LineString","coordinates":[[104,30],[104.1,30]]},"within_m":"far"}`, `within "far": must be a number of meters above 0 and at most 1000`},
		{`{"route":{"type":"LineString","coordinates":[[104,30]]},"within_m":50}`, `route: route "route/1": 1 point(s): a route needs at least two`},
		{`{"route":{"type":"LineString","coordinates":[[104,30],[104,95]]},"within_m":50}`, `route: route "route/1": point 2: lat "95": must be between -90 and 90`},
	}
	for _, e := range errs {
		w := ts.Do(t, http.MethodPost, "/api/v1/routes/water", "", e.body)
		var got struct{ Error string }
		json.Unmarshal(w.Body.Bytes(), &got)
		if w.Code != http.StatusBadRequest || got.Error != e.want {
			t.Errorf("%s: %d %q, want 400 %q", e.body, w.Code, got.Error, e.want)
		}
	}
}

func TestSchoolReport_routes(t *testing.T) {
	ts := MustTownServer(t)
	w := ts.Do(t, http.MethodGet, "/api/v1/schools/report?id=way/120&routes_within_m=120", "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var res struct {
		Routes struct {
			WithinM   float64               `json:"within_m"`
			ReachM    float64               `json:"reach_m"`
			Routes    []struct{ ID string } `json:"routes"`
			Unreached []struct{ ID string } `json:"unreached"`
			Water     []struct {
				WaterID string `json:"water_id"`
			} `json:"water"`
		} `json:"routes"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	r := res.Routes
	if r.WithinM != 120 || r.ReachM != 1000 || len(r.Routes) != 1 || r.Routes[0].ID != "way/140 → way/120" ||
		len(r.Unreached) != 1 || len(r.Water) == 0 {
		t.Errorf("routes section %+v", r)
	}
	for _, q := range []string{"routes_within_m=0", "routes_reach_m=x", "routes=no"} {
		if w := ts.Do(t, http.MethodGet, "/api/v1/schools/report?id=way/120&"+q, "", ""); w.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", q, w.Code)
		}
	}
	// A map that draws only the rings does without the walks.
	w = ts.Do(t, http.MethodGet, "/api/v1/schools/report?id=way/120&routes=false", "", "")
	var bare map[string]json.RawMessage
	if err := json.Unmarshal(w.Body.Bytes(), &bare); err != nil || w.Code != http.StatusOK || bare["routes"] != nil || bare["rings"] == nil {
		t.Errorf("routes=false: %d %.200s", w.Code, w.Body)
	}
}
