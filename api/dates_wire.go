package api

import "github.com/safezone/safezone/geo"

// datesJSON says how a rule that treats places predating the school or
// the rule otherwise (its existing) read a hit's dates: severity is then
// the resulting severity, rule_severity the rule's own.
type datesJSON struct {
	RuleSeverity   string `json:"rule_severity,omitempty"`
	Existing       string `json:"existing,omitempty"`
	RuleEffective  string `json:"rule_effective,omitempty"`
	OpenedOn       string `json:"opened_on,omitempty"`
	SchoolOpenedOn string `json:"school_opened_on,omitempty"`
	Precedes       string `json:"precedes,omitempty"` // school or rule
	// Undated is true when the place has no opening date and so was
	// treated as new, the strict reading.
	Undated bool `json:"undated,omitempty"`
}

// newDatesJSON is the dates part of a hit, empty for a rule that ignores
// dates.
func newDatesJSON(h geo.Hit) datesJSON {
	if h.Rule.Existing == "" {
		return datesJSON{}
	}
	return datesJSON{RuleSeverity: string(h.Rule.Severity), Existing: string(h.Rule.Existing), RuleEffective: h.Rule.Effective.String(),
		OpenedOn: h.Feature.OpenedOn.String(), SchoolOpenedOn: h.School.OpenedOn.String(), Precedes: string(h.Precedes), Undated: h.Undated}
}

// hitSeverity is the hit's resulting severity, its rule's for a hit made
// without one.
func hitSeverity(h geo.Hit) string {
	if h.Severity == "" {
		return string(h.Rule.Severity)
	}
	return string(h.Severity)
}
