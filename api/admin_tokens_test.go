package api_test

import (
	"strings"
	"testing"

	"github.com/safezone/safezone/store"
)

type wireToken struct {
	Token     string `json:"token"`
	ID        string `json:"id"`
	Role      string `json:"role"`
	SchoolID  string `json:"school_id"`
	CreatedAt string `json:"created_at"`
	Current   bool   `json:"current"`
}

func TestAdmin_tokens(t *testing.T) {
	ts := MustServer(t)
	var created wireToken
	w := ts.Do(t, "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"regulator"}`)
	MustJSON(t, w, 201, &created)
	if !strings.HasPrefix(created.Token, "sz_") || created.Role != "regulator" || created.ID == "" || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("created %+v, Cache-Control %q", created, w.Header().Get("Cache-Control"))
	}
	// The new token works, for its role.
	ts.Tokens["new"] = created.Token
	if w := ts.Do(t, "GET", "/api/v1/businesses", "new", ""); w.Code != 200 {
		t.Fatalf("the new token: %d %s", w.Code, w.Body)
	}
	var school wireToken
	MustJSON(t, ts.Do(t, "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"school","school_id":"school/2"}`), 201, &school)
	var list []wireToken
	MustJSON(t, ts.Do(t, "GET", "/api/v1/admin/tokens", store.RoleAdmin, ""), 200, &list)
	if len(list) != 6 {
		t.Fatalf("%d tokens, want 6: %+v", len(list), list)
	}
	current := 0
	for _, tok := range list {
		if tok.Token != "" {
			t.Errorf("the list shows token %s itself", tok.ID)
		}
		if tok.Current {
			current++
			if tok.Role != "admin" {
				t.Errorf("the current token is %+v, want the admin's", tok)
			}
		}
	}
	if current != 1 || list[5].ID != school.ID || list[5].SchoolID != "school/2" {
		t.Errorf("list %+v", list)
	}
	if w := ts.Do(t, "DELETE", "/api/v1/admin/tokens/"+created.ID, store.RoleAdmin, ""); w.Code != 204 {
		t.Fatalf("revoke: %d %s", w.Code, w.Body)
	}
	MustError(t, ts.Do(t, "GET", "/api/v1/businesses", "new", ""), 401, "unknown token")
	es, err := ts.Store.LogEntries(t.Context(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range es[4:] { // after the fixture's four tokens
		actions = append(actions, e.Action+" "+e.Target+" "+strings.SplitN(e.Actor, ":", 2)[0])
	}
	if got := strings.Join(actions, ", "); got != "token.create "+created.ID+" admin, token.create "+school.ID+" admin, token.revoke "+created.ID+" admin" {
		t.Errorf("log: %s", got)
	}
}

func TestAdmin_tokens_errors(t *testing.T) {
	ts := MustServer(t)
	adminID := ts.TokenID(t, store.RoleAdmin)
	tests := []struct {
		name, method, url string
		role              store.Role
		body              string
		code              int
		want              string
	}{
		{"Role", "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"root"}`, 400, `role "root": must be one of regulator, police, school, admin`},
		{"NoSchool", "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"school"}`, 400, `school "": role school must be bound to a school ID`},
		{"UnknownSchool", "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"school","school_id":"way/9"}`, 400, `school_id "way/9": no such school in the map data`},
		{"NotASchool", "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"school","school_id":"biz/1"}`, 400, `school_id "biz/1": no such school`},
		{"SchoolForPolice", "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"police","school_id":"school/1"}`, 400, "only role school is bound to a school"},
		{"Field", "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"police","scope":"all"}`, 400, `unknown field "scope"`},
		{"Regulator", "POST", "/api/v1/admin/tokens", store.RoleRegulator, `{"role":"admin"}`, 403, `role "regulator" may not POST /api/v1/admin/tokens`},
		{"Anonymous", "GET", "/api/v1/admin/tokens", "", "", 401, "a bearer token is required"},
		{"Unknown", "DELETE", "/api/v1/admin/tokens/00000000", store.RoleAdmin, "", 404, `token "00000000": not found`},
		{"LastAdmin", "DELETE", "/api/v1/admin/tokens/" + adminID, store.RoleAdmin, "", 409, "the last admin token: create another admin token before revoking it"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			MustError(t, ts.Do(t, tc.method, tc.url, tc.role, tc.body), tc.code, tc.want)
		})
	}
	// With a second admin token, the first may go, even by itself.
	MustJSON(t, ts.Do(t, "POST", "/api/v1/admin/tokens", store.RoleAdmin, `{"role":"admin"}`), 201, &wireToken{})
	if w := ts.Do(t, "DELETE", "/api/v1/admin/tokens/"+adminID, store.RoleAdmin, ""); w.Code != 204 {
		t.Fatalf("revoke with another admin: %d %s", w.Code, w.Body)
	}
}
