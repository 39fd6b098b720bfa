package ledger

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ClockResult is how a hazard's report met one reporting clock: Done (the
// end the clock names) at or before Due (observed plus the clock's
// minutes) is met.
type ClockResult struct {
	ID   string
	Due  time.Time // UTC
	Done time.Time // UTC
	Met  bool
}

// clocks returns the results of the clocks that apply to a hazard of grade
// g from src, recorded at recorded. Every clock ends with the report, so
// each result is final when the hazard is registered.
func (c *Config) clocks(src Source, g Grade, recorded time.Time) []ClockResult {
	var rs []ClockResult
	for _, k := range c.Clocks {
		if !slices.Contains(k.Grades, g) || !slices.Contains(k.Sources.Value, src.Kind) {
			continue
		}
		observed := src.ObservedAt
		if observed.IsZero() {
			observed = recorded
		}
		done := recorded
		if k.Ends == EndFirstReport && !src.PhonedAt.IsZero() {
			done = src.PhonedAt
		}
		due := observed.Add(time.Duration(k.Minutes.Value) * time.Minute)
		rs = append(rs, ClockResult{ID: k.ID, Due: due, Done: done, Met: !done.After(due)})
	}
	return rs
}

// Clock returns the clock with the given ID.
func (c *Config) Clock(id string) (Clock, bool) {
	i := slices.IndexFunc(c.Clocks, func(k Clock) bool { return k.ID == id })
	if i < 0 {
		return Clock{}, false
	}
	return c.Clocks[i], true
}

func (y *yamlConfig) clocks() ([]Clock, error) {
	var ks []Clock
	for i, yk := range y.Clocks {
		path := fmt.Sprintf("clocks[%d]", i)
		if !configID.MatchString(yk.ID) || slices.ContainsFunc(ks, func(k Clock) bool { return k.ID == yk.ID }) {
			return nil, fmt.Errorf("%s.id %q: must be a new lowercase name such as report", path, yk.ID)
		}
		path += " (" + yk.ID + ")"
		k := Clock{ID: yk.ID, Label: strings.TrimSpace(yk.Label), Ends: ClockEnd(yk.Ends)}
		if k.Label == "" {
			return nil, fmt.Errorf("%s.label: must not be empty", path)
		}
		if k.Ends != EndRecorded && k.Ends != EndFirstReport {
			return nil, fmt.Errorf("%s.ends %q: must be recorded or first_report", path, yk.Ends)
		}
		var err error
		if k.Grades, err = parseGrades(path+".grades", yk.Grades); err != nil {
			return nil, err
		}
		if k.Minutes, err = sourced(y, path+".minutes", yk.Minutes); err != nil {
			return nil, err
		}
		if k.Minutes.Value < 1 || k.Minutes.Value > 7*24*60 {
			return nil, fmt.Errorf("%s.minutes %d: must be between 1 and %d (a week)", path, k.Minutes.Value, 7*24*60)
		}
		if k.Sources, err = clockSources(y, path+".sources", yk.Sources); err != nil {
			return nil, err
		}
		ks = append(ks, k)
	}
	return ks, nil
}

func parseGrades(path string, names []string) ([]Grade, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: must name at least one grade", path)
	}
	gs := make([]Grade, len(names))
	for i, n := range names {
		g, err := ParseGrade(path, n)
		if err != nil {
			return nil, err
		}
		gs[i] = g
	}
	return gs, nil
}

func clockSources(y *yamlConfig, path string, v yamlSourced[[]string]) (Sourced[[]SourceKind], error) {
	s, err := sourced(y, path, v)
	if err != nil {
		return Sourced[[]SourceKind]{}, err
	}
	if len(s.Value) == 0 {
		return Sourced[[]SourceKind]{}, fmt.Errorf("%s.value: must name audit, manual or both", path)
	}
	kinds := make([]SourceKind, len(s.Value))
	for i, n := range s.Value {
		if k := SourceKind(n); k != FromAudit && k != FromManual {
			return Sourced[[]SourceKind]{}, fmt.Errorf("%s.value %q: must be audit or manual", path, n)
		}
		kinds[i] = SourceKind(n)
	}
	return Sourced[[]SourceKind]{Value: kinds, Basis: s.Basis}, nil
}
