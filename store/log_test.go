package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/store"
)

func TestStore_Log(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	before := time.Now()
	if err := s.Log(t.Context(), "tok:1234abcd", "audit.run", "way/1", "rules=default radius=200"); err != nil {
		t.Fatal(err)
	}
	if err := s.Log(t.Context(), "tok:1234abcd", "export", "", ""); err != nil {
		t.Fatal(err)
	}
	es := allLogEntries(t, s)
	want := []store.LogEntry{
		{Seq: 1, Actor: "tok:1234abcd", Action: "audit.run", Target: "way/1", Detail: "rules=default radius=200"},
		{Seq: 2, Actor: "tok:1234abcd", Action: "export"},
	}
	if len(es) != len(want) {
		t.Fatalf("LogEntries = %+v, want %+v", es, want)
	}
	for i, e := range es {
		if e.Time.Before(before.Add(-time.Second)) || e.Time.Location() != time.UTC {
			t.Errorf("entry %d time = %v", i, e.Time)
		}
		want[i].Time = e.Time
		if e != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, e, want[i])
		}
	}
}

func TestStore_Log_errors(t *testing.T) {
	tests := []struct {
		name, actor, action, want string
	}{
		{"EmptyActor", "", "audit.run", `actor "": must not be empty`},
		{"EmptyAction", "cli", "", `action "": must not be empty`},
	}
	s := MustOpen(t, t.TempDir())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Log(t.Context(), tc.actor, tc.action, "", "")
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrInvalidInput containing %q", err, tc.want)
			}
		})
	}
}

func TestStore_LogEntries(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	for i := range 25 {
		if err := s.Log(t.Context(), "cli", "export", fmt.Sprint(i+1), ""); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name         string
		after        uint64
		limit        int
		first, count int
	}{
		{"FirstPage", 0, 10, 1, 10},
		{"MiddlePage", 10, 10, 11, 10},
		{"LastPage", 20, 10, 21, 5},
		{"PastEnd", 25, 10, 0, 0},
		{"FarPastEnd", 1 << 63, 10, 0, 0},
		{"MaxUint", ^uint64(0), 10, 0, 0},
		{"All", 0, store.MaxLogEntries, 1, 25},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es, err := s.LogEntries(t.Context(), tc.after, tc.limit)
			if err != nil || es == nil || len(es) != tc.count {
				t.Fatalf("LogEntries(%d, %d) = %d entries, %v; want %d", tc.after, tc.limit, len(es), err, tc.count)
			}
			for i, e := range es {
				if want := uint64(tc.first + i); e.Seq != want || e.Target != fmt.Sprint(want) {
					t.Errorf("entry %d = %+v, want Seq %d", i, e, want)
				}
			}
		})
	}
}

func TestStore_LogEntries_errors(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	for _, limit := range []int{0, -1, store.MaxLogEntries + 1} {
		_, err := s.LogEntries(t.Context(), 0, limit)
		if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), fmt.Sprintf("limit %q: must be between 1 and 1000", fmt.Sprint(limit))) {
			t.Errorf("LogEntries(0, %d): err = %v", limit, err)
		}
	}
}

// TestStore_LogAtomic checks that every write adds exactly one entry naming
// it, and a rejected write adds none. TestStore_KillDuringWrites checks that
// a write and its entry survive a crash together.
func TestStore_LogAtomic(t *testing.T) {
	s := MustOpen(t, t.TempDir())
	ctx := t.Context()
	var token store.Token
	steps := []struct {
		name           string
		do             func() error
		action, target string // empty: no entry
	}{
		{"Create", func() error { _, err := s.CreateBusiness(ctx, regulator, validInput()); return err }, store.ActionBusinessCreate, "reg/1"},
		{"BadCreate", func() error { _, err := s.CreateBusiness(ctx, regulator, store.BusinessInput{}); return err }, "", ""},
		{"Update", func() error { _, err := s.UpdateBusiness(ctx, regulator, "reg/1", validInput()); return err }, store.ActionBusinessUpdate, "reg/1"},
		{"UpdateMissing", func() error { _, err := s.UpdateBusiness(ctx, regulator, "reg/9", validInput()); return err }, "", ""},
		{"Delete", func() error { return s.DeleteBusiness(ctx, regulator, "reg/1") }, store.ActionBusinessDelete, "reg/1"},
		{"DeleteAgain", func() error { return s.DeleteBusiness(ctx, regulator, "reg/1") }, "", ""},
		{"CreateToken", func() (err error) { _, token, err = s.CreateToken(ctx, admin, store.RolePolice, ""); return err }, store.ActionTokenCreate, "token"},
		{"BadToken", func() error { _, _, err := s.CreateToken(ctx, admin, store.RoleSchool, ""); return err }, "", ""},
		{"Revoke", func() error { return s.RevokeToken(ctx, admin, token.ID) }, store.ActionTokenRevoke, "token"},
		{"RevokeAgain", func() error { return s.RevokeToken(ctx, admin, token.ID) }, "", ""},
	}
	var seq uint64
	for _, st := range steps {
		err := st.do()
		es, lerr := s.LogEntries(ctx, seq, 10)
		if lerr != nil {
			t.Fatal(lerr)
		}
		if st.action == "" {
			if err == nil || len(es) != 0 {
				t.Errorf("%s: err = %v, %d new entries; want an error and none", st.name, err, len(es))
			}
			continue
		}
		target := st.target
		if target == "token" {
			target = token.ID
		}
		if err != nil || len(es) != 1 || es[0].Action != st.action || es[0].Target != target {
			t.Errorf("%s: err = %v, new entries %+v; want one %s of %s", st.name, err, es, st.action, target)
			continue
		}
		seq = es[0].Seq
	}
}
