package api_test

import (
	"net/http"
	"testing"

	"github.com/safezone/safezone/store"
)

func TestSearch(t *testing.T) {
	ts := MustServer(t)
	MustCreateBusiness(t, ts, store.RoleRegulator, `{"name":"星空网吧","category":"internet_cafe","lon":104.002,"lat":30.0015}`)
	type hit struct {
		ID, Name, Kind, Match string
		Category              string  `json:"category"`
		SchoolKind            string  `json:"school_kind"`
		Lon                   float64 `json:"lon"`
	}
	tests := []struct {
		name, query string
		role        store.Role
		want        []string // ID match
	}{
		{"Name", "q=第1小学", "", []string{"school/1 exact"}},
		{"Pinyin", "q=di1xiao", "", []string{"school/1 pinyin"}},
		{"Initials", "q=d1xx", "", []string{"school/1 initials"}},
		{"Kinds", "q=1", "", []string{"school/1 contains", "biz/1 contains", "water/1 contains"}},
		{"Limit", "q=1&limit=1", "", []string{"school/1 contains"}},
		{"RegisteredHiddenFromTheAnonymous", "q=xingkong", "", nil},
		{"RegisteredForRegulators", "q=xingkong", store.RoleRegulator, []string{"reg/1 pinyin"}},
		{"Nothing", "q=", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hits []hit
			MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/search?"+tc.query, tc.role, ""), http.StatusOK, &hits)
			var got []string
			for _, h := range hits {
				got = append(got, h.ID+" "+h.Match)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("hits %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("hits %v, want %v", got, tc.want)
				}
			}
		})
	}
	var hits []hit
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/search?q=网吧1", "", ""), http.StatusOK, &hits)
	if len(hits) != 1 || hits[0].Kind != "business" || hits[0].Category != "internet_cafe" || hits[0].Lon == 0 {
		t.Errorf("%+v", hits)
	}
	for _, q := range []string{"limit=0", "limit=51", "limit=x"} {
		MustError(t, ts.Do(t, http.MethodGet, "/api/v1/search?q=a&"+q, "", ""), http.StatusBadRequest, `limit "`)
	}
}

func TestSearch_streets(t *testing.T) {
	ts := MustServer(t, withPatrolRoads(t))
	var hits []struct{ ID, Name, Kind, Match string }
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/search?q=xisheng", "", ""), http.StatusOK, &hits)
	if len(hits) != 1 || hits[0].ID != "street/西胜街" || hits[0].Kind != "street" || hits[0].Match != "pinyin" {
		t.Errorf("%+v", hits)
	}
}

// The names searched are those of the data serving: a reload that adds a
// school makes it found, without a restart.
func TestSearch_reload(t *testing.T) {
	ts, _ := MustReloadServer(t)
	find := func() []string {
		var hits []struct{ ID string }
		MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/search?q=第3小学", "", ""), http.StatusOK, &hits)
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	if got := find(); len(got) != 0 {
		t.Fatalf("before the reload: %v, want nothing", got)
	}
	if st, err := ts.Server.Reload(t.Context(), "test"); err != nil || st.Err != nil {
		t.Fatalf("Reload: %v %v", err, st.Err)
	}
	if got := find(); len(got) != 1 || got[0] != "school/3" {
		t.Errorf("after the reload: %v, want school/3", got)
	}
}
