package ledger

import (
	"strings"
	"time"

	"github.com/safezone/safezone/geo"
)

// State is where a hazard is on its way from found to closed.
type State string

// The states, in the order a hazard normally passes through them.
const (
	Found      State = "found"      // 发现/登记: registered, not yet handed to a unit
	Assigned   State = "assigned"   // 已交办: a unit, a person and a deadline are named
	Rectifying State = "rectifying" // 整改中
	Verifying  State = "verifying"  // 待验收: the unit's evidence is attached
	Closed     State = "closed"     // 已销号
)

// States lists every state in order.
var States = []State{Found, Assigned, Rectifying, Verifying, Closed}

// ParseState returns the state named s. It returns an error wrapping
// geo.ErrInvalidInput that names field, quotes s and lists the states if s
// is unknown.
func ParseState(field, s string) (State, error) {
	for _, st := range States {
		if string(st) == s {
			return st, nil
		}
	}
	return "", invalidf("%s %q: must be one of %s", field, s, joinStates(States))
}

// Grade is how serious a hazard is (隐患等级).
type Grade string

// The grades, from least to most serious.
const (
	General Grade = "general" // 一般
	Major   Grade = "major"   // 较大
	Serious Grade = "serious" // 重大
)

// Grades lists every grade from least to most serious.
var Grades = []Grade{General, Major, Serious}

// ParseGrade returns the grade named s. It returns an error wrapping
// geo.ErrInvalidInput that names field, quotes s and lists the grades if s
// is unknown.
func ParseGrade(field, s string) (Grade, error) {
	for _, g := range Grades {
		if string(g) == s {
			return g, nil
		}
	}
	return "", invalidf("%s %q: must be one of general (一般), major (较大), serious (重大)", field, s)
}

// rank is the grade's place in Grades: 0 for General.
func (g Grade) rank() int {
	for i, x := range Grades {
		if x == g {
			return i
		}
	}
	return 0
}

// Role is what a token's holder may do. The values are those of store.Role,
// which this package cannot import (the store imports it).
type Role string

// The roles.
const (
	RoleRegulator Role = "regulator"
	RolePolice    Role = "police"
	RoleSchool    Role = "school"
	RoleAdmin     Role = "admin"
)

// RoleSystem is the role of the entries the ledger writes by itself, by
// the clock (escalations, actor "system"). No token has it.
const RoleSystem Role = "system"

// Roles lists every role in the store's order.
var Roles = []Role{RoleRegulator, RolePolice, RoleSchool, RoleAdmin}

// Actor is who makes a change: a token's ID and role, for a school token
// the school it is bound to, and for a regulator or police token bound to
// a responsible unit (责任单位) that unit. The command line acts as
// Actor{ID: "cli", Role: RoleAdmin}.
type Actor struct {
	ID       string
	Role     Role
	SchoolID string
	Unit     string // empty for a token not bound to a unit
}

// SourceKind says where a hazard came from.
type SourceKind string

// The sources of hazards.
const (
	FromAudit  SourceKind = "audit"  // one (feature, school, rule) hit of an audit
	FromManual SourceKind = "manual" // a place reported by hand
)

// Source is what a hazard was registered from. For FromAudit the feature,
// rule and distance fields are set; for FromManual the description and the
// times.
type Source struct {
	Kind SourceKind

	Pack           string // the rule pack's ID
	RuleID         string
	RuleTitle      string
	Severity       geo.Severity
	Citation       geo.Citation
	FeatureID      string
	FeatureName    string
	DistanceMeters float64

	Description string
	ObservedAt  time.Time // when the reporter saw it (UTC)
	PhonedAt    time.Time // when it was first reported by phone; zero if not given
}

// Hazard is one entry of the ledger (隐患台账): an audit hit or a place
// reported by hand, its grade, who must rectify it by when, and where it
// stands. History holds every change, oldest first, when the hazard is read
// with it; stores keep it append-only.
type Hazard struct {
	ID         uint64 // 1, 2, 3, ... never reused
	Key        string // for FromAudit, Finding.Key; empty for FromManual
	Source     Source
	SchoolID   string
	SchoolName string
	Point      geo.Point // the feature's point nearest the school, or the place reported
	Category   string    // a category of Config; may be empty for a manual report
	Grade      Grade
	Unit       string // 责任单位: the category's lead unit until assigned
	Person     string // 责任人: empty until assigned
	Deadline   Date   // 整改期限: zero until assigned
	State      State
	// Vanished is set by a sync that no longer finds the hazard's hit, for
	// someone to verify; it is cleared when the hit is found again or the
	// hazard is closed. It is never a reason to close by itself.
	Vanished bool
	// AlertLevel is the highest escalation level announced so far for the
	// current deadline (see Config.EscalationLevel); 0 when none.
	AlertLevel int
	Clocks     []ClockResult // the reporting clocks, for manual reports
	Version    int           // the number of history entries: 1 once registered
	CreatedAt  time.Time     // UTC
	UpdatedAt  time.Time     // UTC, the time of the last entry
	ClosedAt   time.Time     // UTC; zero unless State is Closed
	Last       Entry         // the last history entry, without attachments
	History    []Entry
}

// Open reports whether the hazard is not closed.
func (h *Hazard) Open() bool { return h.State != Closed }

// Action is what a history entry records.
type Action string

// The actions of history entries.
const (
	ActReport     Action = "report"     // registered by hand
	ActSync       Action = "sync"       // registered by a sync
	ActTransition Action = "transition" // a change of state by a user
	ActReopen     Action = "reopen"     // a closed hazard found again by a sync
	ActVanish     Action = "vanish"     // a sync no longer finds it
	ActReappear   Action = "reappear"   // a sync finds a vanished hazard again
	ActAttach     Action = "attach"     // a file attached
	ActEscalate   Action = "escalate"   // overdue, it reached a new escalation level
)

// Actions lists every action.
var Actions = []Action{ActReport, ActSync, ActTransition, ActReopen, ActVanish, ActReappear, ActAttach, ActEscalate}

// Entry is one line of a hazard's history. Entries are never changed or
// deleted; a mistake is corrected by a later entry.
type Entry struct {
	Seq         int       // 1, 2, 3, ... within the hazard; equals the hazard's Version after it
	Time        time.Time // UTC
	Actor       string    // the token ID, "cli", or "sync"
	Role        Role
	Action      Action
	From, To    State // equal for entries that do not change the state; From is empty for the first
	Comment     string
	Attachments []string // SHA-256 (lowercase hex) of attached files
	// Set by assign, and by a report or sync for the first entry.
	Unit, Person string
	Deadline     Date
	Grade        Grade
	// Level is the escalation level an ActEscalate entry records (1 is
	// the first); 0 for other entries.
	Level int
}

func joinStates(ss []State) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// Label returns the state's Chinese name, as exports and the map show it.
func (s State) Label() string {
	return map[State]string{Found: "发现登记", Assigned: "已交办", Rectifying: "整改中", Verifying: "待验收", Closed: "已销号"}[s]
}

// Label returns the grade's Chinese name: 一般, 较大 or 重大.
func (g Grade) Label() string {
	return map[Grade]string{General: "一般", Major: "较大", Serious: "重大"}[g]
}

// Label returns the source's Chinese name.
func (k SourceKind) Label() string {
	return map[SourceKind]string{FromAudit: "审计发现", FromManual: "人工上报"}[k]
}

// Label returns the action's Chinese name.
func (a Action) Label() string {
	return map[Action]string{
		ActReport: "上报", ActSync: "审计登记", ActTransition: "状态变更", ActReopen: "重新打开",
		ActVanish: "标记已消失", ActReappear: "再次发现", ActAttach: "上传附件", ActEscalate: "逾期督办升级",
	}[a]
}
