package geo

import (
	"sort"

	"github.com/paulmach/orb"
)

// Verdict is the answer for a business location.
type Verdict string

// The verdicts, from worst to best. VerdictNotCovered means the loaded data
// does not cover the location, so no verdict can be given.
const (
	VerdictProhibited Verdict = "prohibited"
	VerdictInspect    Verdict = "inspect"
	VerdictAllowed    Verdict = "allowed"
	VerdictNotCovered Verdict = "not_covered"
)

// Verdicts lists every verdict, worst first.
var Verdicts = []Verdict{VerdictProhibited, VerdictInspect, VerdictAllowed, VerdictNotCovered}

// Hit is one rule that a feature breaks near one school, or, for a rule
// of kind Requires, that a school breaks by lacking the place it requires.
type Hit struct {
	// Feature is the business or water body; for Check, the proposed
	// location. For a Lacking hit it is the nearest place of the rule's
	// categories beyond the distance, if one is within MaxRuleDistanceMeters,
	// else the zero Feature (ID "").
	Feature Feature
	School  Feature
	Rule    *Rule // shared with the pack: read-only
	// DistanceMeters is the geodesic distance from the school's campus, or
	// from its nearest gate when the rule is measured from the gate and the
	// school has gates, or from the nearest route to the school (FromRoute).
	// It is at most Rule.DistanceMeters, except for a Lacking hit, where it
	// is the distance to Feature (beyond Rule.DistanceMeters), or 0 when
	// there is none.
	DistanceMeters float64
	FromGate       bool // measured from a mapped gate, not the campus
	// FromRoute is set for a hit of an Along rule measured from the ways
	// pupils walk to the school; an Along hit without it was measured from
	// the campus, for want of routes.
	FromRoute bool
	// Lacking is set for a hit of a Requires rule: the school has no place
	// of the rule's categories within its distance.
	Lacking bool
	// Method is Walking for a hit CheckWith measured by walking
	// (WalkingMeters along Route, within the rule's distance), Straight for a
	// hit of a rule that asks for walking but was measured straight (by
	// request, or for want of a road network), and empty otherwise: measured
	// straight, as the rule asks.
	Method Method
	// WalkingMeters is the walking distance from the place to the school's
	// gate (see WalkGraph.WalkToSchool), at least DistanceMeters; 0 unless
	// Method is Walking.
	WalkingMeters float64
	// Route is the walk, from the place to the gate, as evidence; nil
	// unless Method is Walking.
	Route orb.LineString

	// Severity is what the hit means for the place: the rule's own
	// severity, unless the place predates the school or the rule and the
	// rule treats such places otherwise (Rule.Decide), when Precedes says
	// which it predates. Undated is true when that rule's treatment was
	// not applied because the place has no opening date.
	Severity Severity
	Precedes Precedence
	Undated  bool

	// Cleared is true for a hit of a walking rule that the straight line
	// found but no walk within the rule's distance confirms: by the
	// walking method the place is outside the zone. Its WalkingMeters and
	// Route are the shortest walk found, up to WalkCapFactor times the
	// rule's distance; WalkCapMeters, when not 0, says that no walk that
	// short exists (WalkingMeters is then 0 and Route nil).
	Cleared       bool
	WalkCapMeters float64
}

// CheckResult is the answer for a proposed business location.
type CheckResult struct {
	Verdict Verdict
	Hits    []Hit     // prohibited first, then by distance, school ID and rule ID
	Nearest *Neighbor // the nearest school, if the data has any
	// Coverage explains a VerdictNotCovered; it is empty otherwise.
	Coverage string
	// Cleared are the rules measured by walking (see CheckWith) that the
	// straight distance breaks but the walking distance does not: no
	// walking route of at most the rule's distance reaches the school, so
	// by the walking method the place is outside that zone. Each carries
	// the evidence: the walk found, or how far one was sought (see
	// Hit.Cleared).
	Cleared []Hit
}

// Check answers whether a business of category c may be at p under the rules.
// A school at exactly a rule's distance counts as within its zone. A location
// farther than the largest rule distance from the data's extent, or any
// location when the data has no schools, gets VerdictNotCovered rather than
// VerdictAllowed. It returns an error wrapping ErrInvalidInput for an invalid
// point or unknown category.
func (x *Index) Check(p Point, c Category, rules *RulePack) (CheckResult, error) {
	return x.check(p, c, rules, 0)
}

// check is Check for a place opened on opened (zero: a new place).
func (x *Index) check(p Point, c Category, rules *RulePack, opened Date) (CheckResult, error) {
	if err := p.Validate(); err != nil {
		return CheckResult{}, err
	}
	if _, err := ParseCategory(string(c)); err != nil {
		return CheckResult{}, err
	}
	res := CheckResult{Verdict: VerdictAllowed}
	loc := Feature{ID: "location", Kind: Business, Name: "", Category: c, Geometry: orb.Point{p.Lon, p.Lat}, OpenedOn: opened}
	if c == Water {
		loc.Kind = WaterBody
	}
	if n, ok := x.Nearest(loc.Geometry, School); ok {
		res.Nearest = &n
	}
	if !x.covers(p, max(rules.MaxDistanceMeters(), 200)) {
		res.Verdict = VerdictNotCovered
		res.Coverage = "the loaded data does not cover this location: it is outside the mapped area or no schools are mapped"
		return res, nil
	}
	// Rules for c alone: a pack's rules for every category cost more than
	// the search.
	res.Hits = newEvaluator(x, rules, true, c).appendHits(nil, loc)
	sortCheckHits(res.Hits)
	res.Verdict = verdictOf(res.Hits)
	return res, nil
}

func verdictOf(hits []Hit) Verdict {
	v := VerdictAllowed
	for _, h := range hits {
		switch h.Severity {
		case Prohibited:
			return VerdictProhibited
		case Inspect:
			v = VerdictInspect
		}
	}
	return v
}

func sortCheckHits(hs []Hit) {
	sort.Slice(hs, func(i, j int) bool {
		a, b := hs[i], hs[j]
		if (a.Severity == Prohibited) != (b.Severity == Prohibited) {
			return a.Severity == Prohibited
		}
		if a.DistanceMeters != b.DistanceMeters {
			return a.DistanceMeters < b.DistanceMeters
		}
		if a.School.ID != b.School.ID {
			return a.School.ID < b.School.ID
		}
		return a.Rule.ID < b.Rule.ID
	})
}
