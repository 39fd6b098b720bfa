package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/safezone/safezone/store"
)

// ledgerMe is GET /api/v1/ledger/me's answer.
type ledgerMe struct {
	ID         string    `json:"id"`
	Role       string    `json:"role"`
	RoleLabel  string    `json:"role_label"`
	SchoolID   string    `json:"school_id"`
	SchoolName string    `json:"school_name"`
	SchoolBBox []float64 `json:"school_bbox"`
	Unit       string    `json:"unit"`
}

// Each token learns its role, and a school token its school, which the
// map opens on.
func TestLedger_me(t *testing.T) {
	ts := MustServer(t)
	tests := []struct {
		role  store.Role
		label string
		want  ledgerMe
	}{
		{store.RoleRegulator, "监管部门", ledgerMe{}},
		{store.RolePolice, "公安", ledgerMe{}},
		{store.RoleAdmin, "管理员", ledgerMe{}},
		{store.RoleSchool, "学校", ledgerMe{SchoolID: "school/1", SchoolName: "第1小学", SchoolBBox: []float64{104, 30, 104.001, 30.001}}},
	}
	for _, tc := range tests {
		t.Run(string(tc.role), func(t *testing.T) {
			var me ledgerMe
			MustJSON(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/me", tc.role, ""), http.StatusOK, &me)
			if me.ID != ts.TokenID(t, tc.role) || me.Role != string(tc.role) || me.RoleLabel != tc.label ||
				me.SchoolID != tc.want.SchoolID || me.SchoolName != tc.want.SchoolName || !slices.Equal(me.SchoolBBox, tc.want.SchoolBBox) {
				t.Errorf("got %+v, want role %s (%s) and %+v", me, tc.role, tc.label, tc.want)
			}
		})
	}
}

// A school token bound to a school the data does not have gets its ID
// back, with no name or box; no token is a 401.
func TestLedger_me_errors(t *testing.T) {
	ts := MustServer(t)
	raw, _, err := ts.Store.CreateToken(context.Background(), "cli", store.RoleSchool, "way/404")
	if err != nil {
		t.Fatal(err)
	}
	r := ts.NewRequest(http.MethodGet, "/api/v1/ledger/me", "", "")
	r.Header.Set("Authorization", "Bearer "+raw)
	var me ledgerMe
	MustJSON(t, ts.Serve(r), http.StatusOK, &me)
	if me.Role != "school" || me.SchoolID != "way/404" || me.SchoolName != "" || me.SchoolBBox != nil {
		t.Errorf("school not in the data: %+v", me)
	}
	MustError(t, ts.Do(t, http.MethodGet, "/api/v1/ledger/me", "", ""), http.StatusUnauthorized, "bearer token is required")
}
