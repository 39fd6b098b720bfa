package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/safezone/safezone/store"
)

// mapFeatures is the body of GET /schools and /features.
type mapFeatures struct {
	Type     string `json:"type"`
	Features []struct {
		ID         string         `json:"id"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	Truncated bool `json:"truncated"`
}

func (m mapFeatures) ids() []string {
	var ids []string
	for _, f := range m.Features {
		ids = append(ids, f.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestSchools(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name, url string
		ids       []string
	}{
		{"WholeExtent", "/api/v1/schools", []string{"school/1", "school/2"}},
		{"BboxAroundSchool1", "/api/v1/schools?bbox=103.999,29.999,104.0002,30.0002", []string{"school/1"}},
		{"BboxAroundSchool2", "/api/v1/schools?bbox=104.009,30.009,104.011,30.011", []string{"school/2"}},
		{"BboxFarAway", "/api/v1/schools?bbox=110,40,110.1,40.1", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got mapFeatures
			MustJSON(t, ts.Do(t, http.MethodGet, tc.url, "", ""), http.StatusOK, &got)
			if got.Type != "FeatureCollection" || got.Truncated || !slices.Equal(got.ids(), tc.ids) {
				t.Fatalf("%s with %v, want %v", got.Type, got.ids(), tc.ids)
			}
			for _, f := range got.Features {
				p := f.Properties
				if p["kind"] != "school" || p["name"] == "" || p["school_kind"] == nil || f.Geometry["type"] == nil {
					t.Errorf("%s: properties %v", f.ID, p)
				}
				if f.ID == "school/1" && len(p["gates"].([]any)) != 2 {
					t.Errorf("school/1: gates %v, want 2", p["gates"])
				}
			}
		})
	}
	for _, bbox := range []string{"1,2,3", "a,b,c,d", "104.1,30,104,30.1", "104,30,104.1,91", ""} {
		t.Run("Bad"+bbox, func(t *testing.T) {
			url := "/api/v1/schools?bbox=" + bbox
			if bbox == "" {
				url += "%20"
				bbox = " "
			}
			MustError(t, ts.Do(t, http.MethodGet, url, "", ""), http.StatusBadRequest, `bbox "`+bbox+`"`)
		})
	}
}

func TestSchoolSearch(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		url string
		ids []string
	}{
		{"/api/v1/schools/search?q=%E5%B0%8F%E5%AD%A6", []string{"school/1"}},    // 小学
		{"/api/v1/schools/search?q=%E7%AC%AC", []string{"school/1", "school/2"}}, // 第
		{"/api/v1/schools/search?q=%E7%AC%AC&limit=1", []string{"school/1"}},
		{"/api/v1/schools/search?q=", nil},
		{"/api/v1/schools/search?q=nowhere", nil},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			var got []struct {
				ID         string  `json:"id"`
				Name       string  `json:"name"`
				SchoolKind string  `json:"school_kind"`
				Lon        float64 `json:"lon"`
				Lat        float64 `json:"lat"`
			}
			MustJSON(t, ts.Do(t, http.MethodGet, tc.url, "", ""), http.StatusOK, &got)
			var ids []string
			for _, h := range got {
				ids = append(ids, h.ID)
				if h.Name == "" || h.SchoolKind == "" || h.Lon < 104 || h.Lon > 104.011 || h.Lat < 30 || h.Lat > 30.011 {
					t.Errorf("hit %+v", h)
				}
			}
			if got == nil || !slices.Equal(ids, tc.ids) {
				t.Errorf("ids %v (JSON null: %v), want %v", ids, got == nil, tc.ids)
			}
		})
	}
	for _, limit := range []string{"0", "201", "ten"} {
		w := ts.Do(t, http.MethodGet, "/api/v1/schools/search?q=a&limit="+limit, "", "")
		MustError(t, w, http.StatusBadRequest, `limit "`+limit+`": must be a whole number from 1 to 200`)
	}
}

func TestSchoolReport(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name string
		role store.Role
		id   string
	}{
		{"Anonymous", "", "school/1"},
		{"Regulator", store.RoleRegulator, "school/1"},
		{"Police", store.RolePolice, "school/2"},
		{"Admin", store.RoleAdmin, "school/2"},
		{"OwnSchool", store.RoleSchool, "school/1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got struct {
				School struct {
					ID string `json:"id"`
				} `json:"school"`
				Rules string `json:"rules"`
				Rings []struct {
					RadiusM float64 `json:"radius_m"`
					Hazards []struct {
						FeatureID string  `json:"feature_id"`
						DistanceM float64 `json:"distance_m"`
					} `json:"hazards"`
				} `json:"rings"`
				Water []struct {
					FeatureID string `json:"feature_id"`
				} `json:"water"`
			}
			MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools/report?id="+tc.id, tc.role, ""), http.StatusOK, &got)
			if got.School.ID != tc.id || got.Rules != "engine" || len(got.Rings) < 3 {
				t.Fatalf("report of %s under %s with %d rings", got.School.ID, got.Rules, len(got.Rings))
			}
			hazards := map[string]float64{}
			for _, r := range got.Rings {
				for _, h := range r.Hazards {
					hazards[h.FeatureID] = h.DistanceM
					if h.DistanceM > r.RadiusM {
						t.Errorf("%s at %v m in the %v m ring", h.FeatureID, h.DistanceM, r.RadiusM)
					}
				}
			}
			// school/1 has the internet café 96 m east of its campus.
			if _, ok := hazards["biz/1"]; ok != (tc.id == "school/1") {
				t.Errorf("hazards %v", hazards)
			}
		})
	}
	errs := []struct {
		name, url string
		role      store.Role
		code      int
		want      string
	}{
		{"UnknownSchool", "/api/v1/schools/report?id=way/999", "", 404, `"way/999"`},
		{"NotASchool", "/api/v1/schools/report?id=biz/1", store.RolePolice, 404, `"biz/1"`},
		{"MissingID", "/api/v1/schools/report", "", 400, `id "": a school id such as way/123 is required`},
		{"UnknownPack", "/api/v1/schools/report?id=school/1&rules=nope", "", 404, `rules "nope"`},
		{"OtherSchool", "/api/v1/schools/report?id=school/2", store.RoleSchool, 403, `may only read the report of school "school/1"`},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodGet, tc.url, tc.role, ""), tc.code, tc.want)
		})
	}
	for _, auth := range []string{"Bearer sz_nope", "Basic YWRtaW46YWRtaW4=", "Bearer "} {
		t.Run("BadToken/"+auth, func(t *testing.T) {
			r := ts.NewRequest(http.MethodGet, "/api/v1/schools/report?id=school/1", "", "")
			r.Header.Set("Authorization", auth)
			w := ts.Serve(r)
			MustError(t, w, http.StatusUnauthorized, "")
			if w.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
}

func TestFeatures(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		url string
		ids []string
	}{
		{"/api/v1/features?kind=business", []string{"biz/1", "biz/2"}},
		{"/api/v1/features?kind=business&category=market", []string{"biz/2"}},
		{"/api/v1/features?kind=business&category=bar", nil},
		{"/api/v1/features?kind=water", []string{"water/1", "water/2", "water/3"}},
		{"/api/v1/features?kind=water&bbox=104.004,30.004,104.007,30.007", []string{"water/3"}},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			var got mapFeatures
			MustJSON(t, ts.Do(t, http.MethodGet, tc.url, "", ""), http.StatusOK, &got)
			if !slices.Equal(got.ids(), tc.ids) {
				t.Fatalf("ids %v, want %v", got.ids(), tc.ids)
			}
			for _, f := range got.Features {
				if k := f.Properties["kind"]; k == "business" && f.Properties["category"] == nil || k == "water" && f.Properties["water_kind"] == nil {
					t.Errorf("%s: properties %v", f.ID, f.Properties)
				}
			}
		})
	}
	errs := []struct{ url, want string }{
		{"/api/v1/features", `kind "": must be business or water`},
		{"/api/v1/features?kind=school", `kind "school": must be business or water`},
		{"/api/v1/features?kind=business&category=casino", `category "casino"`},
		{"/api/v1/features?kind=water&bbox=1,2", `bbox "1,2"`},
	}
	for _, tc := range errs {
		t.Run(tc.url, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodGet, tc.url, "", ""), http.StatusBadRequest, tc.want)
		})
	}
}
