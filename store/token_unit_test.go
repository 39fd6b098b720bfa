package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

// A regulator or police token can be bound to a responsible unit: the
// store keeps the unit, says it when the token authenticates and lists
// it, and logs it.
func TestBackend_CreateUnitToken(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx, s := t.Context(), open(t)
			for _, role := range []store.Role{store.RoleRegulator, store.RolePolice} {
				token, tok, err := s.CreateUnitToken(ctx, admin, role, "市场监管部门")
				if err != nil || tok.Role != role || tok.Unit != "市场监管部门" || tok.SchoolID != "" {
					t.Fatalf("CreateUnitToken(%s) = %+v, %v", role, tok, err)
				}
				if got, err := s.Authenticate(ctx, token); err != nil || got != tok {
					t.Errorf("Authenticate = %+v, %v; want %+v", got, err, tok)
				}
			}
			ts, err := s.Tokens(ctx)
			if err != nil || len(ts) != 2 || ts[0].Unit != "市场监管部门" || ts[1].Unit != "市场监管部门" {
				t.Errorf("Tokens = %+v, %v", ts, err)
			}
			if es, _ := s.LogEntries(ctx, 0, 10); len(es) == 0 || es[0].Detail != `role=regulator unit="市场监管部门"` {
				t.Errorf("log = %+v", es)
			}
		})
	}
}

func TestBackend_CreateUnitToken_errors(t *testing.T) {
	tests := []struct {
		name, actor string
		role        store.Role
		unit, want  string
	}{
		{"School", admin, store.RoleSchool, "交警", `unit "交警": only roles regulator and police are bound to a unit, not "school"`},
		{"Admin", admin, store.RoleAdmin, "交警", `only roles regulator and police`},
		{"UnknownRole", admin, "root", "交警", `role "root": must be one of`},
		{"Empty", admin, store.RoleRegulator, "", `unit "": must name a responsible unit`},
		{"Blank", admin, store.RolePolice, "  ", `unit "  ": must name a responsible unit`},
		{"Spaces", admin, store.RolePolice, " 交警", `unit " 交警": must be at most 100 characters, without spaces around`},
		{"TooLong", admin, store.RoleRegulator, strings.Repeat("局", 101), `must be at most 100 characters`},
		{"Control", admin, store.RoleRegulator, "交\x00警", `must not contain control characters`},
		{"BadUTF8", admin, store.RoleRegulator, "交\xff", `must be valid UTF-8`},
		{"EmptyActor", "", store.RolePolice, "交警", `actor "": must not be empty`},
	}
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			for _, tc := range tests {
				token, _, err := s.CreateUnitToken(t.Context(), tc.actor, tc.role, tc.unit)
				if token != "" || !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: CreateUnitToken = %q, %v; want ErrInvalidInput containing %q", tc.name, token, err, tc.want)
				}
			}
			if ts, _ := s.Tokens(t.Context()); len(ts) != 0 {
				t.Errorf("%d tokens stored", len(ts))
			}
		})
	}
}
