package geo

import (
	"sort"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// Report is everything around one school: the hazards by ring and the water
// nearby.
type Report struct {
	School Feature
	// Rings hold the hazards by distance band from the campus: a hazard is
	// in the first ring whose radius it is within (a hazard at exactly 50 m
	// is in the 50 m ring). Rings are Radii, plus one at the largest rule
	// distance when a rule reaches farther than 200 m.
	Rings []Ring
	// Water lists the water bodies within the outermost ring, nearest first,
	// whether or not a rule flags them.
	Water []Hazard
	// Cleared lists the places that only rules measured by walking flag
	// by the straight line, and that the walk clears (see
	// SchoolReportWith): outside every zone, with the evidence in each
	// Hazard's Cleared.
	Cleared []Hazard
}

// Ring is one distance band of a Report.
type Ring struct {
	RadiusMeters float64
	Hazards      []Hazard // nearest first, ties by ID
}

// Hazard is a feature near a school and the rules it breaks there.
type Hazard struct {
	Feature        Feature
	DistanceMeters float64 // from the campus, geodesic, 0 inside
	Hits           []Hit   // the rules broken; for water, possibly none
	Severity       Severity
	// Cleared are the rules measured by walking that the straight line
	// breaks but the walk does not, with their evidence (Hit.Cleared).
	Cleared []Hit
}

// SchoolReport returns the report for the school with the given ID. Extra
// features (registered businesses) are considered along with the index's
// own. It returns an error wrapping ErrNotFound if there is no such school.
func (x *Index) SchoolReport(id string, rules *RulePack, extra []Feature) (Report, error) {
	return x.SchoolReportWith(id, rules, extra, WalkOptions{})
}

// SchoolReportWith is SchoolReport with the rules that ask for walking (or
// every rule, with w.Method Walking) measured by walking, as AuditWalk
// measures them: a hazard's hits that the walk clears move to its Cleared,
// and a place left with no hit at all is listed in the report's Cleared
// rather than in a ring.
func (x *Index) SchoolReportWith(id string, rules *RulePack, extra []Feature, w WalkOptions) (Report, error) {
	row, ok := x.t.row(id)
	if !ok || x.t.kind[row] != kindCode(School) {
		return Report{}, NotFoundf("school %q: not found", id)
	}
	rep := Report{School: x.t.feature(row)}
	outer := Radii[len(Radii)-1]
	for _, r := range Radii {
		rep.Rings = append(rep.Rings, Ring{RadiusMeters: r})
	}
	if m := rules.MaxDistanceMeters(); m > outer {
		outer = m
		rep.Rings = append(rep.Rings, Ring{RadiusMeters: m})
	}
	ev := newEvaluator(x, rules)
	campus := rep.School.Geometry
	near := x.Within(campus, outer, Business)
	near = append(near, x.Within(campus, outer, WaterBody)...)
	for _, f := range extra {
		if d, ok := geodist.Within(campus, f.Geometry, outer); ok {
			near = append(near, Neighbor{Feature: f, DistanceMeters: d})
		}
	}
	sortNeighbors(near)
	for _, n := range near {
		h := Hazard{Feature: n.Feature, DistanceMeters: n.DistanceMeters}
		ev.eval(categoryCode(n.Feature.Category), n.Feature.Geometry, func(m match) {
			if m.school == row {
				h.Hits = append(h.Hits, ev.hit(n.Feature, m))
			}
		})
		sort.Slice(h.Hits, func(i, j int) bool { return h.Hits[i].Rule.ID < h.Hits[j].Rule.ID })
		h.Hits, h.Cleared = walkHits(w.Walk, w.Method, h.Hits, 1)
		h.Severity = worstSeverity(h.Hits)
		if n.Feature.Kind == WaterBody {
			rep.Water = append(rep.Water, h)
		}
		if len(h.Hits) == 0 {
			if len(h.Cleared) > 0 {
				rep.Cleared = append(rep.Cleared, h)
			}
			continue
		}
		for i := range rep.Rings {
			if h.DistanceMeters <= rep.Rings[i].RadiusMeters {
				rep.Rings[i].Hazards = append(rep.Rings[i].Hazards, h)
				break
			}
		}
	}
	return rep, nil
}

// worstSeverity is the worst of the hits' severities, in the order of
// HitSeverities; empty for no hits.
func worstSeverity(hits []Hit) Severity {
	var s Severity
	for _, h := range hits {
		switch {
		case h.Severity == Prohibited:
			return Prohibited
		case h.Severity == Inspect || s == "":
			s = h.Severity
		}
	}
	return s
}
