package ledger_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
)

func TestTransition(t *testing.T) {
	c := MustConfig(t)
	h := MustReport(t, c)
	if h.State != ledger.Found || h.Version != 1 || h.Unit != "水利、应急管理部门" || h.Grade != ledger.Major {
		t.Fatalf("report: state %s version %d unit %q grade %s", h.State, h.Version, h.Unit, h.Grade)
	}
	h = MustMove(t, h, assign, regulator)
	if h.Unit != "水利局" || h.Person != "张三" || h.Deadline.String() != "2025-06-20" || h.Version != 2 {
		t.Errorf("assigned: %+v", h)
	}
	h = MustMove(t, h, ledger.TransitionInput{To: "rectifying"}, police)
	h = MustMove(t, h, ledger.TransitionInput{To: "verifying", Attachments: []string{sha}}, regulator)
	h = MustMove(t, h, ledger.TransitionInput{To: "rectifying", Comment: "护栏未装完"}, school1)
	h = MustMove(t, h, ledger.TransitionInput{To: "verifying", Attachments: []string{sha}, Version: 5}, regulator)
	h = MustMove(t, h, ledger.TransitionInput{To: "closed", Comment: "验收合格"}, admin)
	if h.State != ledger.Closed || h.ClosedAt.IsZero() || h.Version != 7 || h.Last.To != ledger.Closed || h.Last.Seq != 7 {
		t.Errorf("closed: %+v", h)
	}
	h = MustMove(t, h, ledger.TransitionInput{To: "found", Comment: "护栏又坏了"}, school1)
	if h.State != ledger.Found || !h.ClosedAt.IsZero() || h.Unit != "水利局" {
		t.Errorf("reopened: %+v", h)
	}
}

func TestTransition_vanishedClose(t *testing.T) {
	c := MustConfig(t)
	f := ledger.Finding{Key: "k", Source: ledger.Source{Kind: ledger.FromAudit}, SchoolID: "school/1", Category: "bar"}
	h, _ := c.Register(f, admin, now)
	if _, _, err := ledger.Transition(h, ledger.TransitionInput{To: "closed", Comment: "已关门"}, admin, now, nil); !errors.Is(err, ledger.ErrConflict) {
		t.Fatalf("close of a hazard not vanished: %v, want ErrConflict", err)
	}
	h, _, _ = ledger.Vanish(h, admin, now)
	h = MustMove(t, h, ledger.TransitionInput{To: "closed", Comment: "现场核实已关门"}, admin)
	if h.State != ledger.Closed || h.Vanished {
		t.Errorf("after closing a vanished hazard: state %s vanished %v", h.State, h.Vanished)
	}
}

func TestTransition_errors(t *testing.T) {
	c := MustConfig(t)
	found := MustReport(t, c)
	assigned := MustMove(t, found, assign, admin)
	rectifying := MustMove(t, assigned, ledger.TransitionInput{To: "rectifying"}, admin)
	none := func(string) bool { return false }
	tests := []struct {
		name string
		h    ledger.Hazard
		in   ledger.TransitionInput
		by   ledger.Actor
		want error
		msg  string
	}{
		{"UnknownState", found, ledger.TransitionInput{To: "done"}, admin, geo.ErrInvalidInput, `to "done": must be one of found, assigned`},
		{"Illegal", found, ledger.TransitionInput{To: "verifying"}, admin, ledger.ErrConflict, `state "found": hazard 7 cannot go to "verifying"; from found it may go to assigned`},
		{"Same", assigned, ledger.TransitionInput{To: "assigned"}, admin, ledger.ErrConflict, `from assigned it may go to rectifying, found`},
		{"Role", found, assign, police, ledger.ErrForbidden, `role "police" may not move a hazard from found to assigned (交办); allowed: regulator, admin`},
		{"OtherSchool", rectifying, ledger.TransitionInput{To: "found", Comment: "x"}, school2, ledger.ErrForbidden, `school "school/2"`},
		{"NoUnit", found, ledger.TransitionInput{To: "assigned", Person: "张三", Deadline: "2025-06-20"}, admin, geo.ErrInvalidInput, `unit "": required to assign`},
		{"BlankPerson", found, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "  ", Deadline: "2025-06-20"}, admin, geo.ErrInvalidInput, `person "  ": required to assign`},
		{"NoDeadline", found, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p"}, admin, geo.ErrInvalidInput, `deadline "": required to assign`},
		{"PastDeadline", found, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-06-09"}, admin, geo.ErrInvalidInput, `deadline "2025-06-09": must be today (2025-06-10) or later`},
		{"BadDeadline", found, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-6-20"}, admin, geo.ErrInvalidInput, `deadline "2025-6-20": must be a date YYYY-MM-DD`},
		{"NoSuchDay", found, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-02-30"}, admin, geo.ErrInvalidInput, `deadline "2025-02-30"`},
		{"FarDeadline", found, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2099-01-01"}, admin, geo.ErrInvalidInput, `at most 5 years ahead`},
		{"BadGrade", found, ledger.TransitionInput{To: "assigned", Unit: "u", Person: "p", Deadline: "2025-06-20", Grade: "high"}, admin, geo.ErrInvalidInput, `grade "high": must be one of general`},
		{"UnitWhenNotAssigning", assigned, ledger.TransitionInput{To: "rectifying", Unit: "u"}, admin, geo.ErrInvalidInput, `unit "u": only given when assigning`},
		{"LongComment", assigned, ledger.TransitionInput{To: "rectifying", Comment: strings.Repeat("长", 1001)}, admin, geo.ErrInvalidInput, `comment: 1001 characters, must be at most 1000`},
		{"BadUTF8", assigned, ledger.TransitionInput{To: "rectifying", Comment: "\xff"}, admin, geo.ErrInvalidInput, `comment "\xff": must be valid UTF-8`},
		{"NoEvidence", rectifying, ledger.TransitionInput{To: "verifying"}, admin, geo.ErrInvalidInput, `needs the unit's evidence`},
		{"NotAttached", rectifying, ledger.TransitionInput{To: "verifying", Attachments: []string{sha}}, admin, geo.ErrInvalidInput, `not a file attached to hazard 7`},
		{"NotSHA", rectifying, ledger.TransitionInput{To: "verifying", Attachments: []string{"abc"}}, admin, geo.ErrInvalidInput, `attachments[0] "abc": must be the SHA-256`},
		{"ReopenWithoutComment", rectifying, ledger.TransitionInput{To: "found"}, admin, geo.ErrInvalidInput, `comment "": required to move a hazard from rectifying to found`},
		{"Stale", assigned, ledger.TransitionInput{To: "rectifying", Version: 1}, admin, ledger.ErrConflict, `version 1: hazard 7 is at version 2`},
		{"CloseNotVanished", assigned, ledger.TransitionInput{To: "closed", Comment: "x"}, admin, ledger.ErrConflict, `once a sync marks it vanished`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h2, e, err := ledger.Transition(tc.h, tc.in, tc.by, now, none)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want %v containing %q", err, tc.want, tc.msg)
			}
			if h2.Version != tc.h.Version || h2.State != tc.h.State || e.Seq != 0 {
				t.Errorf("a refused transition changed the hazard: %+v", h2)
			}
		})
	}
}

// Every move of the table is allowed to its roles and refused to the
// others with ErrForbidden.
func TestMoves_roles(t *testing.T) {
	for _, m := range ledger.Moves {
		for _, r := range ledger.Roles {
			h := ledger.Hazard{ID: 1, State: m.From, Vanished: m.OnlyVanished, SchoolID: "school/1", Version: 3}
			in := ledger.TransitionInput{To: string(m.To), Comment: "理由"}
			if m.NeedsAssignment {
				in.Unit, in.Person, in.Deadline = "u", "p", "2025-07-01"
			}
			if m.NeedsEvidence {
				in.Attachments = []string{sha}
			}
			by := ledger.Actor{ID: "x", Role: r, SchoolID: "school/1"}
			_, e, err := ledger.Transition(h, in, by, now, func(string) bool { return true })
			allowed := false
			for _, a := range m.Roles {
				allowed = allowed || a == r
			}
			switch {
			case allowed && (err != nil || e.From != m.From || e.To != m.To || e.Seq != 4):
				t.Errorf("%s -> %s by %s: %v, %+v", m.From, m.To, r, err, e)
			case !allowed && !errors.Is(err, ledger.ErrForbidden):
				t.Errorf("%s -> %s by %s: err = %v, want ErrForbidden", m.From, m.To, r, err)
			}
		}
	}
}

// A token bound to a unit acts only on its unit's hazards; an unbound
// regulator or police token acts on any, a school token on its school's.
func TestCheckAct(t *testing.T) {
	c := MustConfig(t)
	h := MustMove(t, MustReport(t, c), assign, admin) // unit 水利局, school/1
	tests := []struct {
		name string
		by   ledger.Actor
		want string // "" for allowed
	}{
		{"UnitOwn", ledger.Actor{ID: "u1", Role: ledger.RoleRegulator, Unit: "水利局"}, ""},
		{"UnitOther", ledger.Actor{ID: "u2", Role: ledger.RolePolice, Unit: "交警大队"}, `assigned to unit "水利局"; this token may only act on hazards of unit "交警大队"`},
		{"Unbound", regulator, ""},
		{"Admin", admin, ""},
		{"SchoolOwn", ledger.Actor{ID: "s1", Role: ledger.RoleSchool, SchoolID: h.SchoolID}, ""},
		{"SchoolOther", ledger.Actor{ID: "s2", Role: ledger.RoleSchool, SchoolID: "school/9"}, `only act on hazards of school "school/9"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ledger.CheckAct(&h, tc.by)
			if tc.want == "" && err != nil || tc.want != "" && (!errors.Is(err, ledger.ErrForbidden) || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("CheckAct = %v, want %q", err, tc.want)
			}
			if tc.by.Unit == "" {
				return
			}
			// The unit's token moves and attaches where CheckAct allows it, and reads any hazard.
			_, _, terr := ledger.Transition(h, ledger.TransitionInput{To: "rectifying"}, tc.by, now, nil)
			_, _, aerr := ledger.Attach(h, ledger.Attachment{SHA256: strings.Repeat("a", 64)}, "", tc.by, now)
			if (terr == nil) != (tc.want == "") || (aerr == nil) != (tc.want == "") || ledger.CheckAccess(&h, tc.by) != nil {
				t.Errorf("Transition: %v; Attach: %v; CheckAccess: %v", terr, aerr, ledger.CheckAccess(&h, tc.by))
			}
		})
	}
}
