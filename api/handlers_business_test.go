package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/safezone/safezone/store"
)

type business struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Category  string  `json:"category"`
	Lon       float64 `json:"lon"`
	Lat       float64 `json:"lat"`
	Licence   string  `json:"licence"`
	Status    string  `json:"status"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
	CreatedBy string  `json:"created_by"`
}

// MustCreateBusiness registers a business as role and returns it.
func MustCreateBusiness(tb testing.TB, ts *TestServer, role store.Role, body string) business {
	tb.Helper()
	var b business
	w := ts.Do(tb, http.MethodPost, "/api/v1/businesses", role, body)
	MustJSON(tb, w, http.StatusCreated, &b)
	if loc := w.Header().Get("Location"); loc != "/api/v1/businesses/"+strings.ReplaceAll(b.ID, "/", "%2F") {
		tb.Fatalf("Location %q for %s", loc, b.ID)
	}
	return b
}

func TestBusinesses_CRUD(t *testing.T) {
	ts := MustServer(t)
	start := time.Now().UTC().Truncate(time.Second)
	b := MustCreateBusiness(t, ts, store.RoleRegulator, `{"name":" 星空网吧 ","category":"internet_cafe","lon":104.002,"lat":"30.0015","licence":"JY1"}`)
	created, err := time.Parse(time.RFC3339, b.CreatedAt)
	if err != nil || created.Before(start) || created.After(time.Now().Add(time.Second)) {
		t.Errorf("created_at %q (%v), want about now", b.CreatedAt, err)
	}
	want := business{ID: "reg/1", Name: "星空网吧", Category: "internet_cafe", Lon: 104.002, Lat: 30.0015, Licence: "JY1",
		Status: "proposed", CreatedAt: b.CreatedAt, UpdatedAt: b.CreatedAt, CreatedBy: "regulator:" + ts.TokenID(t, store.RoleRegulator)}
	if b != want {
		t.Fatalf("created %+v, want %+v", b, want)
	}
	for _, url := range []string{"/api/v1/businesses/reg%2F1", "/api/v1/businesses/1"} {
		var got business
		MustJSON(t, ts.Do(t, http.MethodGet, url, store.RoleAdmin, ""), http.StatusOK, &got)
		if got != want {
			t.Errorf("GET %s: %+v, want %+v", url, got, want)
		}
	}
	MustCreateBusiness(t, ts, store.RoleAdmin, `{"name":"彩票站","category":"lottery","lon":104.02,"lat":30.02,"status":"licensed"}`)
	var list []business
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/businesses", store.RoleRegulator, ""), http.StatusOK, &list)
	if len(list) != 2 || list[0] != want || list[1].ID != "reg/2" || list[1].Status != "licensed" {
		t.Fatalf("list %+v", list)
	}

	var updated business
	w := ts.Do(t, http.MethodPut, "/api/v1/businesses/1", store.RoleAdmin, `{"name":"星空网吧","category":"bar","lon":104.002,"lat":30.0015,"status":"licensed"}`)
	MustJSON(t, w, http.StatusOK, &updated)
	if updated.ID != "reg/1" || updated.Category != "bar" || updated.Status != "licensed" || updated.Licence != "" ||
		updated.CreatedAt != b.CreatedAt || updated.CreatedBy != want.CreatedBy {
		t.Errorf("updated %+v", updated)
	}

	if w := ts.Do(t, http.MethodDelete, "/api/v1/businesses/reg%2F1", store.RoleRegulator, ""); w.Code != http.StatusNoContent || w.Body.Len() != 0 {
		t.Fatalf("DELETE: status %d: %s", w.Code, w.Body)
	}
	for _, r := range []struct{ method, body string }{
		{http.MethodGet, ""},
		{http.MethodPut, `{"name":"x","category":"bar","lon":104,"lat":30}`},
		{http.MethodDelete, ""},
	} {
		MustError(t, ts.Do(t, r.method, "/api/v1/businesses/1", store.RoleRegulator, r.body), http.StatusNotFound, "reg/1")
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/businesses", store.RoleRegulator, ""), http.StatusOK, &list)
	if len(list) != 1 || list[0].ID != "reg/2" {
		t.Errorf("after the delete: %+v", list)
	}
	// IDs are never reused.
	if b := MustCreateBusiness(t, ts, store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104,"lat":30}`); b.ID != "reg/3" {
		t.Errorf("new business %s, want reg/3", b.ID)
	}
}

func TestBusinesses_errors(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		name, body string
		want       string
	}{
		{"MissingName", `{"category":"bar","lon":104,"lat":30}`, `name ""`},
		{"Water", `{"name":"x","category":"water","lon":104,"lat":30}`, `category "water": must be one of internet_cafe`},
		{"UnknownCategory", `{"name":"x","category":"casino","lon":104,"lat":30}`, `category "casino"`},
		{"Lat91", `{"name":"x","category":"bar","lon":104,"lat":91}`, `lat "91": must be between -90 and 90`},
		{"MissingLon", `{"name":"x","category":"bar","lat":30}`, "lon and lat: both are required"},
		{"BadStatus", `{"name":"x","category":"bar","lon":104,"lat":30,"status":"closed"}`, `status "closed": must be licensed or proposed`},
		{"UnknownField", `{"name":"x","category":"bar","lon":104,"lat":30,"owner":"y"}`, `unknown field "owner"`},
		{"BadJSON", `{"name":`, "body: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, http.MethodPost, "/api/v1/businesses", store.RoleRegulator, tc.body), http.StatusBadRequest, tc.want)
		})
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/businesses/way%2F10", store.RoleRegulator, ""), http.StatusNotFound, "way/10")
}

func TestBusinesses_access(t *testing.T) {
	ts := MustServer(t)
	b := MustCreateBusiness(t, ts, store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104,"lat":30}`)
	revoked, tok, err := ts.Store.CreateToken(context.Background(), "cli", store.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Store.RevokeToken(context.Background(), "cli", tok.ID); err != nil {
		t.Fatal(err)
	}
	const body = `{"name":"x","category":"bar","lon":104,"lat":30}`
	routes := []struct{ method, url, body string }{
		{http.MethodPost, "/api/v1/businesses", body},
		{http.MethodGet, "/api/v1/businesses", ""},
		{http.MethodGet, "/api/v1/businesses/1", ""},
		{http.MethodPut, "/api/v1/businesses/1", body},
		{http.MethodDelete, "/api/v1/businesses/1", ""},
	}
	auths := []struct {
		name, header string
		code         int
	}{
		{"NoToken", "", http.StatusUnauthorized},
		{"UnknownToken", "Bearer sz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", http.StatusUnauthorized},
		{"Malformed", "Bearer hunter2", http.StatusUnauthorized},
		{"NotBearer", "Token " + ts.Tokens[store.RoleRegulator], http.StatusUnauthorized},
		{"Revoked", "Bearer " + revoked, http.StatusUnauthorized},
		{"Police", "Bearer " + ts.Tokens[store.RolePolice], http.StatusForbidden},
		{"School", "Bearer " + ts.Tokens[store.RoleSchool], http.StatusForbidden},
	}
	for _, a := range auths {
		for _, r := range routes {
			t.Run(a.name+"/"+r.method+r.url, func(t *testing.T) {
				req := ts.NewRequest(r.method, r.url, "", r.body)
				if a.header != "" {
					req.Header.Set("Authorization", a.header)
				}
				w := ts.Serve(req)
				MustError(t, w, a.code, "")
				if (a.code == http.StatusUnauthorized) != (w.Header().Get("WWW-Authenticate") != "") {
					t.Errorf("status %d with WWW-Authenticate %q", w.Code, w.Header().Get("WWW-Authenticate"))
				}
			})
		}
	}
	// Nothing refused was written.
	var list []business
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/businesses", store.RoleAdmin, ""), http.StatusOK, &list)
	if len(list) != 1 || list[0] != b {
		t.Errorf("businesses %+v, want only %+v", list, b)
	}
}

type auditHit struct {
	FeatureID string  `json:"feature_id"`
	SchoolID  string  `json:"school_id"`
	RuleID    string  `json:"rule_id"`
	Severity  string  `json:"severity"`
	DistanceM float64 `json:"distance_m"`
}

// MustAudit runs an audit in JSON as role and returns its hits by feature.
func MustAudit(tb testing.TB, ts *TestServer, role store.Role, body string) map[string][]auditHit {
	tb.Helper()
	var hits []auditHit
	MustJSON(tb, ts.Do(tb, http.MethodPost, "/api/v1/audit", role, body), http.StatusOK, &hits)
	out := map[string][]auditHit{}
	for _, h := range hits {
		out[h.FeatureID] = append(out[h.FeatureID], h)
	}
	return out
}

// A registered business is audited, checked and reported like the mapped
// internet café biz/1 at the same place.
func TestBusinesses_likeMapped(t *testing.T) {
	ts := MustServer(t)
	b := MustCreateBusiness(t, ts, store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104.002,"lat":30.0015}`)
	hits := MustAudit(t, ts, store.RoleRegulator, "")
	mapped, reg := hits["biz/1"], hits[b.ID]
	if len(mapped) != 1 || len(reg) != 1 {
		t.Fatalf("audit: %v", hits)
	}
	if m, r := mapped[0], reg[0]; r.SchoolID != m.SchoolID || r.RuleID != m.RuleID || r.Severity != m.Severity || r.DistanceM != m.DistanceM {
		t.Errorf("audit: %+v, want as %+v", r, m)
	}

	var check checkResult
	MustJSON(t, ts.Do(t, http.MethodPost, "/api/v1/check", "", `{"lon":104.002,"lat":30.0015,"category":"internet_cafe"}`), http.StatusOK, &check)
	if len(check.Hits) != 1 || check.Hits[0].RuleID != reg[0].RuleID || check.Hits[0].DistanceM != reg[0].DistanceM {
		t.Errorf("check %+v, want the audit's %+v", check, reg[0])
	}

	for _, role := range []store.Role{"", store.RoleRegulator, store.RolePolice, store.RoleSchool, store.RoleAdmin} {
		t.Run("Report/"+string(role), func(t *testing.T) {
			var rep struct {
				Rings []struct {
					RadiusM float64 `json:"radius_m"`
					Hazards []struct {
						FeatureID string  `json:"feature_id"`
						DistanceM float64 `json:"distance_m"`
					} `json:"hazards"`
				} `json:"rings"`
			}
			MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/schools/report?id=school/1", role, ""), http.StatusOK, &rep)
			ring := map[string]float64{}
			for _, r := range rep.Rings {
				for _, h := range r.Hazards {
					ring[h.FeatureID] = r.RadiusM
				}
			}
			// Anonymous readers see only the mapped businesses.
			if _, ok := ring[b.ID]; ok != (role != "") || ok && ring[b.ID] != ring["biz/1"] {
				t.Errorf("rings by feature %v", ring)
			}
		})
	}

	// Moved 600 m east, it breaks no rule; deleted, it is gone.
	w := ts.Do(t, http.MethodPut, "/api/v1/businesses/1", store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104.008,"lat":30.0015}`)
	if w.Code != http.StatusOK {
		t.Fatalf("PUT: %d %s", w.Code, w.Body)
	}
	if hits := MustAudit(t, ts, store.RoleAdmin, ""); len(hits[b.ID]) != 0 || len(hits["biz/1"]) != 1 {
		t.Errorf("audit after the move: %v", hits)
	}
	MustJSON(t, ts.Do(t, http.MethodPut, "/api/v1/businesses/1", store.RoleRegulator, `{"name":"网吧","category":"internet_cafe","lon":104.002,"lat":30.0015}`), http.StatusOK, &b)
	if hits := MustAudit(t, ts, store.RoleAdmin, ""); len(hits[b.ID]) != 1 {
		t.Errorf("audit after the move back: %v", hits)
	}
	ts.Do(t, http.MethodDelete, "/api/v1/businesses/1", store.RoleRegulator, "")
	if hits := MustAudit(t, ts, store.RoleAdmin, ""); len(hits[b.ID]) != 0 {
		t.Errorf("audit after the delete: %v", hits)
	}
}
