package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/store"

	"github.com/safezone/safezone/geo/osm"
)

// patrolRoads has junctions 55 m (node/1) and 167 m (node/4) south of
// school/1, and one far from both schools (node/5).
const patrolRoads = "testdata/patrol-roads.osm"

func withPatrolRoads(tb testing.TB) func(*api.Config) {
	b, err := osm.ReadBasemap(patrolRoads)
	if err != nil {
		tb.Fatalf("ReadBasemap: %v", err)
	}
	return func(c *api.Config) { c.Basemap = b }
}

// patrolCandidates are points near school/1 (c1) and school/2 (c2).
const patrolCandidates = `{"type":"FeatureCollection","features":[
	{"type":"Feature","properties":{"id":"c1"},"geometry":{"type":"Point","coordinates":[104.0005,29.9999]}},
	{"type":"Feature","properties":{"id":"c2"},"geometry":{"type":"Point","coordinates":[104.0101,30.0101]}}]}`

// patrolDistrict is a district around school/2, not school/1.
const patrolDistrict = `{"type":"Polygon","coordinates":[[[104.005,30.005],[104.02,30.005],[104.02,30.02],[104.005,30.02],[104.005,30.005]]]}`

type patrolBody struct {
	Posts []struct {
		ID       string   `json:"id"`
		Lon      float64  `json:"lon"`
		Lat      float64  `json:"lat"`
		Covers   []string `json:"covers"`
		Assigned []string `json:"assigned"`
	} `json:"posts"`
	Existing      []any    `json:"existing"`
	Schools       int      `json:"schools"`
	Covered       int      `json:"covered"`
	Uncovered     []string `json:"uncovered"`
	CoveredWeight float64  `json:"covered_weight"`
	UpperBound    float64  `json:"upper_bound"`
	Gap           float64  `json:"gap"`
	Roster        *struct {
		Peaks []struct {
			Peak   string `json:"peak"`
			From   string `json:"from"`
			To     string `json:"to"`
			Posts  int    `json:"posts"`
			Duties []struct {
				Post   string `json:"post"`
				Shifts []struct {
					From, To string
					Schools  []string
				} `json:"shifts"`
			} `json:"duties"`
		} `json:"peaks"`
		NoBells []string `json:"no_bells"`
	} `json:"roster"`
}

func TestPatrol(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name, body string
		posts      string // IDs, in order
		covered    int
	}{
		{"one", `{"posts":1,"radius":100,"candidates":` + patrolCandidates + `}`, "c1", 1},
		// Numbers may come as text, as a form has them.
		{"strings", `{"posts":"1","radius":"100","candidates":` + patrolCandidates + `}`, "c1", 1},
		{"two", `{"posts":2,"radius":100,"candidates":` + patrolCandidates + `}`, "c1 c2", 2},
		// K is a limit: a third post would add nothing.
		{"more than needed", `{"posts":5,"radius":100,"candidates":` + patrolCandidates + `}`, "c1 c2", 2},
		// A pupil count makes school/2 the first choice.
		{"enrolment", `{"posts":1,"radius":100,"enrolment":{"school/2":40},"candidates":` + patrolCandidates + `}`, "c2", 1},
		{"bbox", `{"posts":2,"radius":100,"bbox":"104.005,30.005,104.02,30.02","candidates":` + patrolCandidates + `}`, "c2", 1},
		// A district as an audit takes it: school/1 is outside.
		{"district", `{"posts":2,"radius":100,"district":` + patrolDistrict + `,"candidates":` + patrolCandidates + `}`, "c2", 1},
		{"district feature", `{"posts":2,"radius":100,"district":{"type":"Feature","properties":{"name":"二区"},"geometry":` + patrolDistrict + `},"candidates":` + patrolCandidates + `}`, "c2", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got patrolBody
			MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/patrol", store.RolePolice, tc.body), http.StatusOK, &got)
			var ids []string
			for _, p := range got.Posts {
				ids = append(ids, p.ID)
				if len(p.Covers) != 1 || len(p.Assigned) != 1 {
					t.Errorf("post %s covers %v, staffs %v: want one school each", p.ID, p.Covers, p.Assigned)
				}
			}
			if strings.Join(ids, " ") != tc.posts || got.Covered != tc.covered || got.Gap != 0 || got.Existing == nil {
				t.Errorf("posts %v, covered %d, gap %v, existing %v; want %s, %d, 0, []", ids, got.Covered, got.Gap, got.Existing, tc.posts, tc.covered)
			}
		})
	}
	if !strings.Contains(ts.Do(t, http.MethodGet, "/api/v1/log", store.RoleAdmin, "").Body.String(), `"action":"patrol"`) {
		t.Error("the plans are not in the log")
	}
}

func TestPatrol_junctions(t *testing.T) {
	ts := MustServer(t, withPatrolRoads(t))
	var got patrolBody
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/patrol", store.RoleAdmin, `{"posts":3,"radius":100}`), http.StatusOK, &got)
	// node/1 is 55 m from school/1; node/4, 167 m, is a candidate (within
	// 300 m) but covers nothing at 100 m; node/5 is no candidate.
	if len(got.Posts) != 1 || got.Posts[0].ID != "node/1" || got.Covered != 1 || got.Schools != 2 {
		t.Errorf("posts %+v, covered %d of %d; want node/1 covering school/1 of 2", got.Posts, got.Covered, got.Schools)
	}
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/patrol", store.RoleAdmin, `{"posts":3,"radius":200,"near":100}`), http.StatusOK, &got)
	if len(got.Posts) != 1 || got.Posts[0].ID != "node/1" {
		t.Errorf("near 100 m: posts %+v, want node/1 alone", got.Posts)
	}
	w := ts.Do(t, http.MethodPost, "/api/v1/patrol", store.RoleAdmin, `{"posts":1,"radius":100,"bbox":"104.009,30.009,104.011,30.011"}`)
	if b := MustError(t, w, http.StatusBadRequest, "no road junction within 300 m"); b.Code != "no_junction" || b.Params["near"] != "300" {
		t.Errorf("code %q params %v, want no_junction near 300", b.Code, b.Params)
	}
	// The district's box, like a bbox, keeps only the junctions near it.
	w = ts.Do(t, http.MethodPost, "/api/v1/patrol", store.RoleAdmin, `{"posts":1,"radius":100,"district":`+patrolDistrict+`}`)
	MustError(t, w, http.StatusBadRequest, "no road junction within 300 m")
}

func TestPatrol_roster(t *testing.T) {
	ts := MustServer(t)
	body := `{"posts":2,"radius":100,"candidates":` + patrolCandidates + `,
		"bells":{"margin_minutes":10,"kinds":{"primary":["07:50","16:30"]},"schools":{"school/2":["08:30","11:30"]}}}`
	var got patrolBody
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/patrol", store.RolePolice, body), http.StatusOK, &got)
	r := got.Roster
	if r == nil || len(r.Peaks) != 3 {
		t.Fatalf("roster %+v", r)
	}
	if p := r.Peaks[0]; p.Peak != "morning" || p.Posts != 2 || p.From != "07:40" || p.To != "08:40" {
		t.Errorf("morning %+v, want 2 posts from 07:40 to 08:40", p)
	}
	if p := r.Peaks[1]; p.Posts != 1 || p.Duties[0].Post != "c2" || p.Duties[0].Shifts[0].From != "11:20" {
		t.Errorf("noon %+v, want c2 from 11:20", p)
	}
	if p := r.Peaks[2]; p.Posts != 1 || p.Duties[0].Post != "c1" || p.To != "16:40" {
		t.Errorf("afternoon %+v, want c1 until 16:40", p)
	}
}

func TestPatrol_geojson(t *testing.T) {
	ts := MustServer(t)
	w := ts.Do(t, http.MethodPost, "/api/v1/patrol?format=geojson", store.RolePolice, `{"posts":1,"radius":100,"candidates":`+patrolCandidates+`}`)
	if ct := w.Header().Get("Content-Type"); w.Code != http.StatusOK || ct != "application/geo+json" {
		t.Fatalf("status %d, content type %q: %s", w.Code, ct, w.Body)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type string `json:"type"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
		Plan map[string]any `json:"plan"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, f := range fc.Features {
		k, _ := f.Properties["kind"].(string)
		kinds[k] += f.Geometry.Type + " "
		if k == "school" && (f.Properties["covered"] == true) != (f.Properties["id"] == "school/1") {
			t.Errorf("school %v covered %v; want only school/1", f.Properties["id"], f.Properties["covered"])
		}
	}
	if kinds["post"] != "Point " || kinds["cover"] != "LineString " || kinds["school"] != "Polygon Point " {
		t.Errorf("features by kind: %v", kinds)
	}
	if fc.Plan["covered"] != 1.0 || fc.Plan["posts"] != nil {
		t.Errorf("plan %v: want covered 1 and no posts", fc.Plan)
	}
}

func TestPatrol_errors(t *testing.T) {
	ts := MustServer(t)
	c := `,"candidates":` + patrolCandidates
	tests := []struct {
		name string
		role store.Role
		body string
		code int
		want string
	}{
		{"ErrNoToken", "", `{"posts":1,"radius":100` + c + `}`, 401, ""},
		{"ErrRegulator", store.RoleRegulator, `{"posts":1,"radius":100` + c + `}`, 403, ""},
		{"ErrSchool", store.RoleSchool, `{"posts":1,"radius":100` + c + `}`, 403, ""},
		{"ErrNoBody", store.RolePolice, ``, 400, "body"},
		{"ErrPostsMissing", store.RolePolice, `{"radius":100` + c + `}`, 400, `posts ""`},
		{"ErrPostsNegative", store.RolePolice, `{"posts":-1,"radius":100` + c + `}`, 400, `posts "-1"`},
		{"ErrPostsFraction", store.RolePolice, `{"posts":1.5,"radius":100` + c + `}`, 400, `posts "1.5"`},
		{"ErrPostsText", store.RolePolice, `{"posts":"five","radius":100` + c + `}`, 400, `posts "five"`},
		{"ErrRadiusMissing", store.RolePolice, `{"posts":1` + c + `}`, 400, `radius ""`},
		{"ErrRadiusNegative", store.RolePolice, `{"posts":1,"radius":-100` + c + `}`, 400, `radius "-100"`},
		{"ErrRadiusTooLarge", store.RolePolice, `{"posts":1,"radius":9000` + c + `}`, 400, `radius "9000"`},
		{"ErrRadiusNaN", store.RolePolice, `{"posts":1,"radius":"NaN"` + c + `}`, 400, `radius "NaN"`},
		{"ErrNoCandidates", store.RolePolice, `{"posts":1,"radius":100}`, 400, "no road network"},
		{"ErrEmptyCandidates", store.RolePolice, `{"posts":1,"radius":100,"candidates":{"type":"FeatureCollection","features":[]}}`, 400, "candidates: no points"},
		{"ErrCandidateLat", store.RolePolice, `{"posts":1,"radius":100,"candidates":{"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[104,95]}}}`, 400, `point "x": lat "95"`},
		{"ErrExisting", store.RolePolice, `{"posts":1,"radius":100,"existing":{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}` + c + `}`, 400, `existing: point "point/1": geometry "LineString"`},
		{"ErrBells", store.RolePolice, `{"posts":1,"radius":100,"bells":{"kinds":{"primary":["25:00"]}}` + c + `}`, 400, `kinds.primary[0] "25:00"`},
		{"ErrEnrolment", store.RolePolice, `{"posts":1,"radius":100,"enrolment":{"school/1":0}` + c + `}`, 400, `enrolment of "school/1" "0"`},
		{"ErrBBox", store.RolePolice, `{"posts":1,"radius":100,"bbox":"1,2,3"` + c + `}`, 400, `bbox "1,2,3"`},
		{"ErrDistrictType", store.RolePolice, `{"posts":1,"radius":100,"district":{"type":"Point","coordinates":[104,30]}` + c + `}`, 400, `district.type "Point"`},
		{"ErrDistrictText", store.RolePolice, `{"posts":1,"radius":100,"district":"二区"` + c + `}`, 400, `district "\"二区\""`},
		{"ErrDistrictUnclosed", store.RolePolice, `{"posts":1,"radius":100,"district":{"type":"Polygon","coordinates":[[[104,30],[104.1,30],[104.1,30.1],[104,30.1]]]}` + c + `}`, 400, `district`},
		{"ErrFormat", store.RolePolice, `{"posts":1,"radius":100,"format":"kml"` + c + `}`, 400, `format "kml"`},
		{"ErrUnknownField", store.RolePolice, `{"posts":1,"radius":100,"k":3` + c + `}`, 400, `unknown field "k"`},
		{"ErrRules", store.RolePolice, `{"posts":1,"radius":100,"hazard_weight":1,"rules":"nope"` + c + `}`, 404, "nope"},
		{"ErrHazardWeight", store.RolePolice, `{"posts":1,"radius":100,"hazard_weight":-1` + c + `}`, 400, `hazard weight "-1"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodPost, "/api/v1/patrol", tc.role, tc.body), tc.code, tc.want)
		})
	}
}
