package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/safezone/safezone/store"
)

// MustUnitToken has the admin create a token of role bound to unit over
// the API, and keeps it in ts.Tokens under the returned pseudo-role.
func (ts *TestServer) MustUnitToken(tb testing.TB, role store.Role, unit string) store.Role {
	tb.Helper()
	var tok struct {
		Token string `json:"token"`
		Role  string `json:"role"`
		Unit  string `json:"unit"`
	}
	MustJSON(tb, ts.Do(tb, http.MethodPost, "/api/v1/admin/tokens", store.RoleAdmin, fmt.Sprintf(`{"role":%q,"unit":%q}`, role, unit)), http.StatusCreated, &tok)
	if tok.Role != string(role) || tok.Unit != unit {
		tb.Fatalf("created %+v, want role %s of unit %s", tok, role, unit)
	}
	pseudo := store.Role(string(role) + "@" + unit)
	ts.Tokens[pseudo] = tok.Token
	return pseudo
}

// A token bound to a unit reads any hazard but moves and attaches to only
// its unit's, and is told which unit it is; an unbound regulator acts on
// any.
func TestLedger_unitToken(t *testing.T) {
	ts := MustServer(t)
	own, other := ts.MustUnitToken(t, store.RoleRegulator, "镇水利站"), ts.MustUnitToken(t, store.RolePolice, "交警大队")
	var me ledgerMe
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/me", own, ""), http.StatusOK, &me)
	if me.Unit != "镇水利站" || me.Role != "regulator" {
		t.Errorf("me = %+v", me)
	}
	h := ts.MustReport(t, store.RoleSchool, "")
	MustError(t, ts.Move(t, h.ID, own, `{"to":"assigned","unit":"镇水利站","person":"李四","deadline":"2025-06-20"}`), 403,
		`assigned to unit "水利、应急管理部门"; this token may only act on hazards of unit "镇水利站"`)
	MustJSON(t, ts.Move(t, h.ID, store.RoleRegulator, `{"to":"assigned","unit":"镇水利站","person":"李四","deadline":"2025-06-20"}`), http.StatusOK, &h)
	MustJSON(t, ts.Do(t, http.MethodGet, fmt.Sprintf("/api/v1/ledger/hazards/%d", h.ID), other, ""), http.StatusOK, &h)
	if len(h.Allowed) != 0 {
		t.Errorf("another unit's token is offered %+v", h.Allowed)
	}
	MustError(t, ts.Move(t, h.ID, other, `{"to":"rectifying"}`), 403, `this token may only act on hazards of unit "交警大队"`)
	MustError(t, ts.Upload(h.ID, other, "image/png", pngFile), 403, `unit "交警大队"`)
	MustJSON(t, ts.Do(t, http.MethodGet, fmt.Sprintf("/api/v1/ledger/hazards/%d", h.ID), own, ""), http.StatusOK, &h)
	if len(h.Allowed) != 1 || h.Allowed[0].To != "rectifying" {
		t.Errorf("its unit's token is offered %+v", h.Allowed)
	}
	MustJSON(t, ts.Move(t, h.ID, own, `{"to":"rectifying"}`), http.StatusOK, &h)
	if w := ts.Upload(h.ID, own, "image/png", pngFile); w.Code != http.StatusCreated {
		t.Errorf("upload by the unit's token: %d %s", w.Code, w.Body)
	}
	var page struct {
		Hazards []hazard `json:"hazards"`
	}
	MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/hazards", other, ""), http.StatusOK, &page)
	if len(page.Hazards) != 1 {
		t.Errorf("another unit's token lists %d hazards, want 1 (it reads every hazard)", len(page.Hazards))
	}
}

func TestLedger_unitToken_errors(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		body, want string
	}{
		{`{"role":"school","school_id":"school/1","unit":"交警大队"}`, `a token is bound to a school or a unit, not both`},
		{`{"role":"admin","unit":"交警大队"}`, `unit "交警大队": only roles regulator and police are bound to a unit`},
		{`{"role":"regulator","unit":" 交警大队"}`, `without spaces around`},
	}
	for _, tc := range tests {
		MustError(t, ts.Do(t, http.MethodPost, "/api/v1/admin/tokens", store.RoleAdmin, tc.body), 400, tc.want)
	}
}
