package geo

// Existing says how a rule treats a place that was there before the school
// opened, or before the rule took effect: a licence issued then is renewed,
// inspected or ordered to move, as the jurisdiction decides.
type Existing string

// The treatments of places that predate the school or the rule.
const (
	ExistingExempt   Existing = "exempt"   // renewed: the hit does not count
	ExistingInspect  Existing = "inspect"  // inspected
	ExistingProhibit Existing = "prohibit" // ordered to move, as a new place would be
)

// Existings lists every treatment.
var Existings = []Existing{ExistingExempt, ExistingInspect, ExistingProhibit}

// Exempt is the severity of a hit that the rule's Existing treatment
// exempts: the place predates the school or the rule. It is never a rule's
// own severity.
const Exempt Severity = "exempt"

// HitSeverities lists every severity a hit may have, worst first.
var HitSeverities = []Severity{Prohibited, Inspect, Exempt}

// Precedence says what a place was there before.
type Precedence string

// What a place may predate.
const (
	PrecedesSchool Precedence = "school" // it opened before the school did
	PrecedesRule   Precedence = "rule"   // it opened before the rule took effect
)

// Precedences lists both.
var Precedences = []Precedence{PrecedesSchool, PrecedesRule}

// Decide returns the severity of the rule for a place opened on place near
// a school opened on school, and what the place predates. A rule without
// an Existing treatment ignores dates. Otherwise a place that certainly
// opened before the school (both dates known; see Date.Before) or before the
// rule took effect gets the rule's treatment; a place without a date is
// treated as new, the strict reading, and undated says so.
func (r *Rule) Decide(place, school Date) (sev Severity, precedes Precedence, undated bool) {
	switch {
	case r.Existing == "":
		return r.Severity, "", false
	case place.IsZero():
		return r.Severity, "", true
	case place.Before(school):
		precedes = PrecedesSchool
	case place.Before(r.Effective):
		precedes = PrecedesRule
	default:
		return r.Severity, "", false
	}
	switch r.Existing {
	case ExistingExempt:
		return Exempt, precedes, false
	case ExistingInspect:
		return Inspect, precedes, false
	}
	return Prohibited, precedes, false
}

// newHit is the hit of rule r by feature f at school s, with the severity
// the dates decide.
func newHit(f, s Feature, r *Rule, d float64, fromGate bool) Hit {
	h := Hit{Feature: f, School: s, Rule: r, DistanceMeters: d, FromGate: fromGate}
	h.Severity, h.Precedes, h.Undated = r.Decide(f.OpenedOn, s.OpenedOn)
	return h
}
