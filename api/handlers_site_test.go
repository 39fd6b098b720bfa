package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/safezone/safezone/store"
)

const campus1 = `{"type":"Polygon","coordinates":[[[104.0,30.0],[104.001,30.0],[104.001,30.001],[104.0,30.001],[104.0,30.0]]]}`

type siteAnswer struct {
	Site struct {
		ID         string `json:"id"`
		SchoolKind string `json:"school_kind"`
	} `json:"site"`
	Count int `json:"count"`
	Hits  []struct {
		FeatureID    string  `json:"feature_id"`
		SchoolID     string  `json:"school_id"`
		RuleID       string  `json:"rule_id"`
		DistanceM    float64 `json:"distance_m"`
		MeasuredFrom string  `json:"measured_from"`
	} `json:"hits"`
	Rings []struct {
		RadiusM      float64 `json:"radius_m"`
		MeasuredFrom string  `json:"measured_from"`
		Geometry     any     `json:"geometry"`
	} `json:"rings"`
	Places struct {
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	} `json:"places"`
}

// A site drawn on school/1's campus, with its kind and gates, answers the
// hazards of school/1's report, rule by rule, with the same distances; a
// registered business near it counts for a regulator.
func TestSite_equalsReport(t *testing.T) {
	ts := MustServer(t)
	ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator, `{"name":"新网吧","category":"internet_cafe","lon":104.0015,"lat":30.0012}`)
	var rep struct {
		Rings []struct {
			Hazards []struct {
				FeatureID string `json:"feature_id"`
				Rules     []struct {
					RuleID       string  `json:"rule_id"`
					DistanceM    float64 `json:"distance_m"`
					MeasuredFrom string  `json:"measured_from"`
				} `json:"rules"`
			} `json:"hazards"`
		} `json:"rings"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools/report?id=school/1", store.RoleRegulator, ""), 200, &rep)
	var want []string
	for _, r := range rep.Rings {
		for _, h := range r.Hazards {
			for _, hr := range h.Rules {
				want = append(want, fmt.Sprintf("%s %s %.3f %s", h.FeatureID, hr.RuleID, hr.DistanceM, hr.MeasuredFrom))
			}
		}
	}
	body := `{"site":` + campus1 + `,"school_kind":"primary","gates":[[104.0005,30.0],[104.001,30.0005]]}`
	var got siteAnswer
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/site", store.RoleRegulator, body), 200, &got)
	var have []string
	for _, h := range got.Hits {
		if h.SchoolID != "site" {
			t.Errorf("hit school_id %q, want site", h.SchoolID)
		}
		have = append(have, fmt.Sprintf("%s %s %.3f %s", h.FeatureID, h.RuleID, h.DistanceM, h.MeasuredFrom))
	}
	sort.Strings(want)
	sort.Strings(have)
	if strings.Join(have, "\n") != strings.Join(want, "\n") || len(want) < 3 {
		t.Errorf("site hits:\n%s\nreport hazards:\n%s", strings.Join(have, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(strings.Join(have, "\n"), "reg/1 venues_200") {
		t.Errorf("the registered business is missing: %v", have)
	}
	if got.Count != len(got.Hits) || got.Site.ID != "site" || got.Site.SchoolKind != "primary" || len(got.Places.Features) == 0 {
		t.Errorf("answer %+v", got)
	}
	// Every rule applies to a primary school: 5 rules, 3 distinct zones.
	var rings []string
	for _, r := range got.Rings {
		rings = append(rings, fmt.Sprintf("%g %s %v", r.RadiusM, r.MeasuredFrom, r.Geometry != nil))
	}
	if strings.Join(rings, ", ") != "50 gate true, 100 gate true, 200 campus true" {
		t.Errorf("rings %v", rings)
	}
}

// Anonymous planners see no registered business; a point site has only
// campus zones, and the kindergarten gets no primary-school rule.
func TestSite_point(t *testing.T) {
	ts := MustServer(t)
	ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator, `{"name":"新网吧","category":"internet_cafe","lon":104.0015,"lat":30.0012}`)
	body := `{"site":{"type":"Feature","properties":{"name":"新园","school_kind":"kindergarten"},"geometry":{"type":"Point","coordinates":[104.0015,30.0015]}}}`
	var got siteAnswer
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/site", "", body), 200, &got)
	for _, h := range got.Hits {
		if strings.HasPrefix(h.FeatureID, "reg/") || h.RuleID == "parking_50" || h.MeasuredFrom != "campus" {
			t.Errorf("hit %+v", h)
		}
	}
	if got.Site.SchoolKind != "kindergarten" || len(got.Hits) == 0 {
		t.Errorf("answer %+v", got)
	}
	for _, r := range got.Rings {
		if r.MeasuredFrom != "campus" || r.RadiusM == 50 {
			t.Errorf("ring %+v", r)
		}
	}
}

func TestSite_errors(t *testing.T) {
	ts := MustServer(t)
	bowtie := `{"type":"Polygon","coordinates":[[[104,30],[104.001,30.001],[104.001,30],[104,30.001],[104,30]]]}`
	unclosed := `{"type":"Polygon","coordinates":[[[104,30],[104.001,30],[104.001,30.001],[104,30.001]]]}`
	var many strings.Builder
	many.WriteString(`{"type":"Polygon","coordinates":[[`)
	for i := range 10001 {
		fmt.Fprintf(&many, "[%g,30.%07d],", 104+float64(i)*1e-7, i%2)
	}
	many.WriteString(`[104,30.0000000]]]}`)
	tests := []struct {
		name, body string
		code       int
		want       string
	}{
		{"NoSite", `{}`, 400, "site: required"},
		{"Bowtie", `{"site":` + bowtie + `}`, 400, "site: self-intersecting: the edge from"},
		{"Unclosed", `{"site":` + unclosed + `}`, 400, "site: unclosed ring"},
		{"TooMany", `{"site":` + many.String() + `}`, 400, "site: 10002 positions: must have at most 10000"},
		{"Line", `{"site":{"type":"LineString","coordinates":[[104,30],[104.1,30]]}}`, 400, `site.type "LineString"`},
		{"Kind", `{"site":` + campus1 + `,"school_kind":"college"}`, 400, `school_kind "college": must be one of`},
		{"Gate", `{"site":` + campus1 + `,"gates":[[104]]}`, 400, "gates[0] [104]: must be [lon, lat]"},
		{"GateRange", `{"site":` + campus1 + `,"gates":[[104,95]]}`, 400, `gates[0]: lat "95"`},
		{"Rules", `{"site":` + campus1 + `,"rules":"nope"}`, 404, `rules "nope": no such rule pack`},
		{"Unknown", `{"site":` + campus1 + `,"radius":5}`, 400, `unknown field "radius"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodPost, "/api/v1/site", "", tc.body), tc.code, tc.want)
		})
	}
}
