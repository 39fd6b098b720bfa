package api_test

import (
	"net/http"
	"testing"

	"github.com/safezone/safezone/store"
)

type whatIfAnswer struct {
	Category  string `json:"category"`
	From      string `json:"from"`
	Distances []struct {
		DistanceM float64 `json:"distance_m"`
		Count     int     `json:"count"`
		Truncated bool    `json:"truncated"`
		Places    []struct {
			FeatureID    string  `json:"feature_id"`
			SchoolID     string  `json:"school_id"`
			DistanceM    float64 `json:"distance_m"`
			MeasuredFrom string  `json:"measured_from"`
			Lon          float64 `json:"lon"`
		} `json:"places"`
	} `json:"distances"`
}

func counts(a whatIfAnswer) []int {
	var out []int
	for _, d := range a.Distances {
		out = append(out, d.Count)
	}
	return out
}

// The internet cafe biz/1 is 111.3 m from school/1's campus; a registered
// one 53.1 m away counts only for a regulator; from the nearest gate they
// are about 147 m and 91 m away.
func TestWhatIf(t *testing.T) {
	ts := MustServer(t)
	ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator, `{"name":"新网吧","category":"internet_cafe","lon":104.0015,"lat":30.0012}`)
	tests := []struct {
		name, query string
		role        store.Role
		want        []int
		first       string
	}{
		{"Anonymous", "category=internet_cafe&distances=50,100,150,200,300", "", []int{0, 0, 1, 1, 1}, "biz/1"},
		{"Regulator", "category=internet_cafe&distances=50,100,150,200,300", store.RoleRegulator, []int{0, 1, 2, 2, 2}, "reg/1"},
		{"Gate", "category=internet_cafe&distances=50,100,150,200,300&from=gate", store.RoleRegulator, []int{0, 1, 2, 2, 2}, "reg/1"},
		{"Kindergartens", "category=internet_cafe&distances=100,2000&school_kinds=kindergarten", "", []int{0, 1}, "biz/1"},
		{"Water", "category=water&distances=120,250", "", []int{1, 2}, "water/1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got whatIfAnswer
			MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/whatif?"+tc.query, tc.role, ""), 200, &got)
			if c := counts(got); len(c) != len(tc.want) || func() bool {
				for i := range c {
					if c[i] != tc.want[i] {
						return true
					}
				}
				return false
			}() {
				t.Fatalf("counts %v, want %v", c, tc.want)
			}
			last := got.Distances[len(got.Distances)-1]
			if len(last.Places) != last.Count || last.Places[0].FeatureID != tc.first || last.Places[0].Lon == 0 {
				t.Errorf("places %+v", last.Places)
			}
		})
	}
	var got whatIfAnswer
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/whatif?category=internet_cafe&distances=100,200&limit=1", store.RoleRegulator, ""), 200, &got)
	if d := got.Distances[1]; d.Count != 2 || len(d.Places) != 1 || !d.Truncated || got.From != "campus" {
		t.Errorf("limit 1: %+v", got)
	}
}

func TestWhatIf_errors(t *testing.T) {
	ts := MustServer(t)
	tests := []struct{ query, want string }{
		{"distances=50", `category "": required`},
		{"category=ktv&distances=50", `category "ktv": must be one of`},
		{"category=bar", `distances "": must list 1 to 20 distances`},
		{"category=bar&distances=100,50", `distances "100,50": must increase, but "50" follows 100`},
		{"category=bar&distances=50,6000", `"6000" must be above 0 and at most the rule limit, 5000 m`},
		{"category=bar&distances=50&from=door", `from "door": must be campus or gate`},
		{"category=bar&distances=50&school_kinds=primary,uni", `school kind "uni": must be one of`},
		{"category=bar&distances=50&limit=-1", `limit "-1": must be a whole number from 0 to 10000`},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodGet, "/api/v1/whatif?"+tc.query, "", ""), 400, tc.want)
		})
	}
}
