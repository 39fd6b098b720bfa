package api_test

import (
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// epsilonM is the tolerance of distances in meters: the API rounds them to
// the millimetre.
const epsilonM = 0.0005

func TestHealth(t *testing.T) {
	ts := MustServer(t)
	var got map[string]any
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/health", "", ""), http.StatusOK, &got)
	want := map[string]any{"status": "ok", "version": "test", "schools": 2.0, "businesses": 2.0, "water": 3.0, "rules": "engine"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

func TestConfig(t *testing.T) {
	ts := MustServer(t)
	var got struct {
		Version     string     `json:"version"`
		Extent      [4]float64 `json:"extent"`
		Categories  []string   `json:"categories"`
		RadiiM      []float64  `json:"radii_m"`
		Rules       string     `json:"rules"`
		TileURL     string     `json:"tile_url"`
		Attribution string     `json:"attribution"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/config", "", ""), http.StatusOK, &got)
	b, _ := ts.Index.Extent()
	if want := [4]float64{b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat()}; got.Extent != want {
		t.Errorf("extent %v, want %v", got.Extent, want)
	}
	if len(got.Categories) != len(geo.Categories) || got.Categories[0] != string(geo.Categories[0]) {
		t.Errorf("categories %v, want %v", got.Categories, geo.Categories)
	}
	if len(got.RadiiM) != len(geo.Radii) {
		t.Errorf("radii_m %v, want %v", got.RadiiM, geo.Radii)
	}
	if got.Version != "test" || got.Rules != "engine" || got.TileURL != "https://tiles.example/{z}/{x}/{y}.png" || got.Attribution == "" {
		t.Errorf("config %+v", got)
	}
}

type checkHit struct {
	SchoolID     string  `json:"school_id"`
	RuleID       string  `json:"rule_id"`
	Severity     string  `json:"severity"`
	DistanceM    float64 `json:"distance_m"`
	LimitM       float64 `json:"limit_m"`
	MeasuredFrom string  `json:"measured_from"`
	Citation     struct {
		Document string `json:"document"`
		Clause   string `json:"clause"`
	} `json:"citation"`
}

type checkResult struct {
	Verdict  string `json:"verdict"`
	Rules    string `json:"rules"`
	Coverage string `json:"coverage"`
	Nearest  *struct {
		SchoolID  string  `json:"school_id"`
		DistanceM float64 `json:"distance_m"`
	} `json:"nearest_school"`
	Hits []checkHit `json:"hits"`
}

func TestCheck(t *testing.T) {
	ts := MustServer(t)
	school, err := ts.Index.Feature("school/1")
	if err != nil {
		t.Fatal(err)
	}
	gate := orb.Point{school.Gates[0].Lon, school.Gates[0].Lat} // on the south edge
	east, south := orb.Point{104.002, 30.0005}, orb.Point{104.0005, 29.9996}
	fromCampus := func(p orb.Point) float64 { return geo.GeometryDistanceMeters(school.Geometry, p) }
	tests := []struct {
		name, body string
		verdict    string
		rule       string // of the first hit; empty for none
		distanceM  float64
		from       string
	}{
		{"Prohibited", `{"lon":104.002,"lat":30.0005,"category":"internet_cafe"}`, "prohibited", "venues_200", fromCampus(east), "campus"},
		{"Inspect", `{"lon":104.002,"lat":30.0005,"category":"bar"}`, "inspect", "bar_200", fromCampus(east), "campus"},
		{"Allowed", `{"lon":104.005,"lat":30.0,"category":"internet_cafe"}`, "allowed", "", 0, ""},
		{"NotCovered", `{"lon":110,"lat":40,"category":"internet_cafe"}`, "not_covered", "", 0, ""},
		{"FromTheGate", `{"lon":104.0005,"lat":29.9996,"category":"street_stall"}`, "prohibited", "stalls_100",
			geo.GeometryDistanceMeters(gate, south), "gate"},
		{"DegreesAsText", `{"lon":"104.002","lat":" 30.0005","category":"internet_cafe"}`, "prohibited", "venues_200", fromCampus(east), "campus"},
		{"OtherPack", `{"lon":104.002,"lat":30.0005,"category":"internet_cafe","rules":"default"}`, "allowed", "", 0, ""},
		{"OtherPackInspect", `{"lon":104.0015,"lat":30.0005,"category":"bar","rules":"default"}`, "inspect", "bar_100",
			fromCampus(orb.Point{104.0015, 30.0005}), "campus"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got checkResult
			MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/check", "", tc.body), http.StatusOK, &got)
			if got.Verdict != tc.verdict {
				t.Fatalf("verdict %q, want %q: %+v", got.Verdict, tc.verdict, got)
			}
			if (got.Verdict == "not_covered") != (got.Coverage != "") {
				t.Errorf("coverage %q with verdict %s", got.Coverage, got.Verdict)
			}
			if got.Nearest == nil || got.Nearest.SchoolID == "" {
				t.Errorf("no nearest school")
			}
			if tc.rule == "" {
				if len(got.Hits) != 0 {
					t.Errorf("hits %+v, want none", got.Hits)
				}
				return
			}
			if len(got.Hits) != 1 {
				t.Fatalf("hits %+v, want one", got.Hits)
			}
			h := got.Hits[0]
			if h.RuleID != tc.rule || h.SchoolID != "school/1" || h.MeasuredFrom != tc.from || h.Severity != tc.verdict {
				t.Errorf("hit %+v, want rule %s from %s", h, tc.rule, tc.from)
			}
			if math.Abs(h.DistanceM-tc.distanceM) > epsilonM || h.DistanceM > h.LimitM {
				t.Errorf("distance %v m, want %.3f within %v", h.DistanceM, tc.distanceM, h.LimitM)
			}
			if h.Citation.Document != "测试文件" || h.Citation.Clause == "" {
				t.Errorf("citation %+v", h.Citation)
			}
		})
	}
}

func TestCheck_errors(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name, body string
		code       int
		want       string
	}{
		{"UnknownCategory", `{"lon":104,"lat":30,"category":"casino"}`, 400, `category "casino": must be one of internet_cafe`},
		{"MissingCategory", `{"lon":104,"lat":30}`, 400, `category "": must be one of`},
		{"Lat200", `{"lon":104,"lat":200,"category":"bar"}`, 400, `lat "200": must be between -90 and 90`},
		{"Lon181", `{"lon":"181","lat":30,"category":"bar"}`, 400, `lon "181": must be between -180 and 180`},
		{"LatNaN", `{"lon":104,"lat":"NaN","category":"bar"}`, 400, `lat "NaN": must be a number of degrees`},
		{"LatText", `{"lon":104,"lat":"north","category":"bar"}`, 400, `lat "north"`},
		{"MissingLat", `{"lon":104,"category":"bar"}`, 400, "lon and lat: both are required"},
		{"BadJSON", `{"lon":104,`, 400, "body: "},
		{"NotAnObject", `[1,2]`, 400, "body: "},
		{"UnknownField", `{"lon":104,"lat":30,"category":"bar","radius":50}`, 400, `unknown field "radius"`},
		{"TrailingData", `{"lon":104,"lat":30,"category":"bar"} {}`, 400, "unexpected data after the JSON object"},
		{"EmptyBody", ``, 400, "body: a JSON object is required"},
		{"PackAsPath", `{"lon":104,"lat":30,"category":"bar","rules":"default.yaml"}`, 400, `rules "default.yaml": must be the id of a rule pack`},
		{"PackUpward", `{"lon":104,"lat":30,"category":"bar","rules":"../rules/default"}`, 400, `rules "../rules/default"`},
		{"UnknownPack", `{"lon":104,"lat":30,"category":"bar","rules":"nope"}`, 404, `rules "nope": no such rule pack; available: `},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodPost, "/api/v1/check", "", tc.body), tc.code, tc.want)
		})
	}
}

func TestRules(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		url, id string
		rules   int
	}{
		{"/api/v1/rules", "engine", 5},
		{"/api/v1/rules?pack=engine", "engine", 5},
		{"/api/v1/rules?pack=default", "default", 1},
		{"/api/v1/rules?pack=empty-rules", "empty-rules", 0},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			var got struct {
				ID         string   `json:"id"`
				Categories []string `json:"categories"`
				Rules      []struct {
					ID       string `json:"id"`
					Citation struct {
						Clause string `json:"clause"`
					} `json:"citation"`
				} `json:"rules"`
			}
			MustJSON(t, ts.Do(t, http.MethodGet, tc.url, "", ""), http.StatusOK, &got)
			if got.ID != tc.id || len(got.Rules) != tc.rules || len(got.Categories) != len(geo.Categories) {
				t.Errorf("pack %s with %d rules and %d categories, want %s with %d", got.ID, len(got.Rules), len(got.Categories), tc.id, tc.rules)
			}
			for _, r := range got.Rules {
				if r.ID == "" || r.Citation.Clause == "" {
					t.Errorf("rule %+v without id or clause", r)
				}
			}
		})
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/rules?pack=nope", "", ""), http.StatusNotFound, `rules "nope"`)
	// A pack file of the server's that does not load is the server's fault;
	// its path is logged, never sent.
	for _, pack := range []string{"mismatch", "bad-syntax", "bad-severity"} {
		w := ts.Do(t, http.MethodGet, "/api/v1/rules?pack="+pack, "", "")
		MustError(t, w, http.StatusInternalServerError, "internal error")
		if !strings.Contains(ts.Logs(), "rules/"+pack+".yaml") {
			t.Errorf("%s: the log does not name the file:\n%s", pack, ts.Logs())
		}
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/rules?pack=/etc/passwd", "", ""), http.StatusBadRequest, `rules "/etc/passwd"`)
}

// TestServer_textFields checks that text that is not valid UTF-8 or holds
// control characters is refused naming the field, in the body (where
// encoding/json would make U+FFFD of it) and by the store, and that
// nothing is stored.
func TestServer_textFields(t *testing.T) {
	ts := MustServer(t)
	const rest = `"category":"bar","lon":104.002,"lat":30.0015`
	tests := []struct {
		name, url, body, want string
	}{
		{"invalid name", "/api/v1/businesses", "{\"name\":\"网吧\xff\"," + rest + `}`, `name "网吧\xff": must be valid UTF-8`},
		{"invalid licence", "/api/v1/businesses", "{\"name\":\"网吧\",\"licence\":\"JY\xc3\"," + rest + `}`, `licence "JY\xc3": must be valid UTF-8`},
		{"lone surrogate", "/api/v1/businesses", `{"name":"网吧\ud800",` + rest + `}`, "name \"网吧\uFFFD\": must be valid UTF-8"},
		{"escaped NUL", "/api/v1/businesses", `{"name":"a\u0000b",` + rest + `}`, `name "a\x00b": must not contain control characters (U+0000)`},
		{"raw tab", "/api/v1/businesses", "{\"name\":\"a\tb\"," + rest + `}`, `body: invalid character '\t' in string literal`},
		{"escaped newline", "/api/v1/businesses", `{"name":"a\nb",` + rest + `}`, `name "a\nb": must not contain control characters (U+000A)`},
		{"escape sequence", "/api/v1/businesses", `{"name":"a\u001b[2Jb",` + rest + `}`, `(U+001B)`},
		{"bidi override", "/api/v1/businesses", `{"name":"a\u202eb",` + rest + `}`, `(U+202E)`},
		{"invalid key", "/api/v1/businesses", "{\"na\xffme\":\"x\"," + rest + `}`, `body: must be valid UTF-8 (byte 4 is not)`},
		{"invalid category", "/api/v1/check", "{\"lon\":104,\"lat\":30,\"category\":\"bar\xff\"}", `category "bar\xff": must be valid UTF-8`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body map[string]string
			MustJSON(t, ts.Do(t, http.MethodPost, tc.url, store.RoleRegulator, tc.body), http.StatusBadRequest, &body)
			if !strings.Contains(body["error"], tc.want) {
				t.Errorf("error %q, want it to contain %q", body["error"], tc.want)
			}
		})
	}
	if bs, err := ts.Store.Businesses(t.Context()); err != nil || len(bs) != 0 {
		t.Errorf("%d businesses stored (%v), want none", len(bs), err)
	}
}
