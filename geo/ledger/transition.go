package ledger

import (
	"slices"
	"strings"
	"time"
)

// Move is one transition the ledger allows, the roles that may make it and
// what it needs. Moves is the whole table; doc.go prints it.
type Move struct {
	From, To State
	Label    string // Chinese name of the action
	Roles    []Role
	// OnlyVanished: allowed only while the hazard is marked vanished.
	OnlyVanished bool
	// NeedsAssignment: unit, person and deadline are required.
	NeedsAssignment bool
	// NeedsEvidence: at least one attachment of the hazard is listed.
	NeedsEvidence bool
	NeedsComment  bool
}

var (
	units     = []Role{RoleRegulator, RolePolice, RoleAdmin} // the units that rectify, and admins
	reopeners = []Role{RoleSchool, RoleAdmin}
)

// Moves is the transition table with its role table: found → assigned →
// rectifying → verifying → closed, verifying → rectifying when the check
// fails, any other state → found when reopened, and closed from any open
// state when a sync no longer finds the hazard and an admin confirms it is
// gone. Anything else is refused with ErrConflict.
var Moves = []Move{
	{From: Found, To: Assigned, Label: "交办", Roles: []Role{RoleRegulator, RoleAdmin}, NeedsAssignment: true},
	{From: Assigned, To: Rectifying, Label: "开始整改", Roles: units},
	{From: Rectifying, To: Verifying, Label: "提交验收", Roles: units, NeedsEvidence: true},
	{From: Verifying, To: Closed, Label: "验收销号", Roles: []Role{RoleAdmin}},
	{From: Verifying, To: Rectifying, Label: "验收不通过", Roles: reopeners, NeedsComment: true},
	{From: Assigned, To: Found, Label: "重新打开", Roles: reopeners, NeedsComment: true},
	{From: Rectifying, To: Found, Label: "重新打开", Roles: reopeners, NeedsComment: true},
	{From: Verifying, To: Found, Label: "重新打开", Roles: reopeners, NeedsComment: true},
	{From: Closed, To: Found, Label: "重新打开", Roles: reopeners, NeedsComment: true},
	{From: Found, To: Closed, Label: "核实消失销号", Roles: []Role{RoleAdmin}, OnlyVanished: true, NeedsComment: true},
	{From: Assigned, To: Closed, Label: "核实消失销号", Roles: []Role{RoleAdmin}, OnlyVanished: true, NeedsComment: true},
	{From: Rectifying, To: Closed, Label: "核实消失销号", Roles: []Role{RoleAdmin}, OnlyVanished: true, NeedsComment: true},
}

// Limits on what a transition or report carries, in runes.
const (
	MaxCommentLen     = 1000
	MaxUnitLen        = 100
	MaxPersonLen      = 50
	MaxDescriptionLen = 2000
	MaxAttachments    = 20 // files listed by one entry
)

// TransitionInput is a request to move a hazard To a state. Unit, Person,
// Deadline (YYYY-MM-DD) and Grade are given only when assigning.
// Attachments are SHA-256 hex of files already attached to the hazard.
// Version, when not 0, must be the hazard's Version: optimistic
// concurrency for clients that read the hazard before deciding.
type TransitionInput struct {
	To                     string
	Comment                string
	Unit, Person, Deadline string
	Grade                  string
	Attachments            []string
	Version                int
}

// Allowed returns the moves out of h's state, for any role.
func Allowed(h *Hazard) []Move {
	var ms []Move
	for _, m := range Moves {
		if m.From == h.State && (!m.OnlyVanished || h.Vanished) {
			ms = append(ms, m)
		}
	}
	return ms
}

// CheckAccess returns an error wrapping ErrForbidden if by is a school
// token bound to another school than h's.
func CheckAccess(h *Hazard, by Actor) error {
	if by.Role == RoleSchool && by.SchoolID != h.SchoolID {
		return forbiddenf("hazard %d: this token may only act on hazards of school %q", h.ID, by.SchoolID)
	}
	return nil
}

// CheckAct returns an error wrapping ErrForbidden if by may not act on h
// (move it, attach to it): a school token of another school (CheckAccess),
// or a token bound to a unit other than h's. A unit token reads every
// hazard; it acts only on its unit's.
func CheckAct(h *Hazard, by Actor) error {
	if err := CheckAccess(h, by); err != nil {
		return err
	}
	if by.Unit != "" && by.Unit != h.Unit {
		return forbiddenf("hazard %d: assigned to unit %q; this token may only act on hazards of unit %q", h.ID, h.Unit, by.Unit)
	}
	return nil
}

// Transition applies in to h at now on behalf of by and returns the
// changed hazard and its new history entry; h itself is not changed.
// attached reports whether a SHA-256 names a file attached to h.
//
// Errors wrap geo.ErrInvalidInput for bad input (an unknown state, a
// missing unit, a deadline in the past, a comment too long...), ErrConflict
// when h's state does not allow the move (the message names the state and
// the moves it allows) or Version is stale, and ErrForbidden when by may
// not make it (CheckAct, or a role the move does not allow).
func Transition(h Hazard, in TransitionInput, by Actor, now time.Time, attached func(sha string) bool) (Hazard, Entry, error) {
	to, err := ParseState("to", in.To)
	if err != nil {
		return h, Entry{}, err
	}
	if err := checkText("comment", in.Comment, MaxCommentLen, false); err != nil {
		return h, Entry{}, err
	}
	if err := CheckAct(&h, by); err != nil {
		return h, Entry{}, err
	}
	if in.Version != 0 && in.Version != h.Version {
		return h, Entry{}, conflictf("version %d: hazard %d is at version %d; read it again", in.Version, h.ID, h.Version)
	}
	m, err := findMove(&h, to)
	if err != nil {
		return h, Entry{}, err
	}
	if !slices.Contains(m.Roles, by.Role) {
		return h, Entry{}, forbiddenf("role %q may not move a hazard from %s to %s (%s); allowed: %s", by.Role, m.From, m.To, m.Label, joinRoles(m.Roles))
	}
	e := Entry{Time: now.UTC(), Actor: by.ID, Role: by.Role, Action: ActTransition, From: h.State, To: to, Comment: strings.TrimSpace(in.Comment)}
	if err := m.check(&h, in, &e, now, attached); err != nil {
		return h, Entry{}, err
	}
	apply(&h, &e)
	return h, e, nil
}

// findMove returns the move from h's state to to, or an ErrConflict naming
// the state and the moves it allows.
func findMove(h *Hazard, to State) (Move, error) {
	allowed := Allowed(h)
	i := slices.IndexFunc(allowed, func(m Move) bool { return m.To == to })
	if i >= 0 {
		return allowed[i], nil
	}
	var tos []State
	for _, m := range allowed {
		tos = append(tos, m.To)
	}
	note := ""
	if to == Closed && !h.Vanished && h.State != Verifying {
		note = "; a hazard is closed from verifying, or from any open state once a sync marks it vanished"
	}
	if len(tos) == 0 {
		return Move{}, conflictf("state %q: hazard %d cannot go to %q; it allows no move%s", h.State, h.ID, to, note)
	}
	return Move{}, conflictf("state %q: hazard %d cannot go to %q; from %s it may go to %s%s", h.State, h.ID, to, h.State, joinStates(tos), note)
}

func joinRoles(rs []Role) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}
