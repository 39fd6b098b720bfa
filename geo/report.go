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
	// Along lists the places rules of kind Along flag, measured from the
	// routes to the school (ReportOptions.Routes) or, without any, from
	// the campus; nearest first, DistanceMeters from what they were
	// measured from.
	Along []Hazard
	// Lacking holds a hit for each rule of kind Requires the school breaks,
	// by rule ID (see Hit.Lacking).
	Lacking []Hit
}

// ReportOptions are the optional parts of a school report.
type ReportOptions struct {
	// Extra features (registered businesses) are considered along with
	// the index's own.
	Extra []Feature
	// Routes gives the ways pupils walk to the school, for rules of kind
	// Along; nil measures them from the campus.
	Routes RouteFinder
	// Walk measures the rules that ask for walking (or every rule of kind
	// Near, with Walk.Method Walking) by walking, as AuditWalk does: a
	// hazard's hits the walk clears move to its Cleared, and a place left
	// with no hit at all goes to the report's Cleared rather than a ring.
	Walk WalkOptions
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
// own; rules of kind Along are measured from the campus. It returns an
// error wrapping ErrNotFound if there is no such school.
func (x *Index) SchoolReport(id string, rules *RulePack, extra []Feature) (Report, error) {
	return x.SchoolReportWith(id, rules, ReportOptions{Extra: extra})
}

// SchoolReportWith is SchoolReport with options: the rings hold what rules
// of kind Near and Inside flag, Along what rules of kind Along flag, from
// opts.Routes when it knows routes to the school, and Lacking what rules of
// kind Requires find missing; opts.Walk measures the walking rules by
// walking. It is safe for concurrent use.
func (x *Index) SchoolReportWith(id string, rules *RulePack, opts ReportOptions) (Report, error) {
	extra, w := opts.Extra, opts.Walk
	row, ok := x.t.row(id)
	if !ok || x.t.kind[row] != kindCode(School) {
		return Report{}, NotFound("school", id)
	}
	rep := Report{School: x.t.feature(row)}
	outer := Radii[len(Radii)-1]
	for _, r := range Radii {
		rep.Rings = append(rep.Rings, Ring{RadiusMeters: r})
	}
	if m := rules.reach(Near, Inside); m > outer {
		outer = m
		rep.Rings = append(rep.Rings, Ring{RadiusMeters: m})
	}
	ev := newEvaluator(x, rules, false)
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
	rep.Along = x.alongHazards(row, rules, opts.Routes, extra)
	rep.Lacking = x.lackingAt(row, rules, extra)
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
