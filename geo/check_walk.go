package geo

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// ParseMethod parses a measuring method as given to --method or in a check
// request: "straight" or "walking". The empty string gives "", which means
// each rule's own method. Anything else returns an error wrapping
// ErrInvalidInput that quotes s.
func ParseMethod(s string) (Method, error) {
	switch m := Method(s); m {
	case "", Straight, Walking:
		return m, nil
	}
	return "", Invalid("method", s, Either(string(Straight), string(Walking)))
}

// CheckOptions are the optional parts of a check.
type CheckOptions struct {
	// Method measures every rule by that method: Straight or Walking. Empty
	// keeps each rule's own (Rule.Method).
	Method Method
	// Walk measures walking rules along a pedestrian network, such as
	// walk.Graph. A nil Walk measures walking rules straight (their hits say Method
	// Straight), which can only widen a zone, since a walk is never shorter
	// than the straight line; with Method Walking it is an error.
	Walk Walker
	// OpenedOn is when the business at the location opened, for a licence
	// being renewed; zero for a new one. Rules with an Existing treatment
	// compare it with the school's and the rule's dates (Rule.Decide).
	OpenedOn Date
}

// walkSlackMeters widens the straight pre-filter of walking rules: the OSM
// reader takes gates up to GateMeters off the campus, outside the
// campus's box.
const walkSlackMeters = 2 * GateMeters

// CheckWith is Check with options: rules measured by walking (Walking, by
// the rule or by opts.Method) are measured along the pedestrian graph, from
// the location to the school's gates, or to the vertices of its campus
// boundary when it has no mapped gate (see WalkGraph.WalkToSchool). A
// walking rule's hit carries the walking distance and the route as
// evidence, and DistanceMeters is the straight distance from the same
// gates (or campus), never more than the walk. A place the straight line
// puts in a walking rule's zone but no walk of at most the rule's distance
// reaches is outside that zone by the walking method: it is listed in
// Cleared rather than in Hits. A walk of exactly the rule's distance is
// within the zone.
//
// It returns an error wrapping ErrInvalidInput for what Check refuses, for
// an unknown method, and for Method Walking without a graph. It is safe for
// concurrent use.
func (x *Index) CheckWith(p Point, c Category, rules *RulePack, opts CheckOptions) (CheckResult, error) {
	m, err := ParseMethod(string(opts.Method))
	if err != nil {
		return CheckResult{}, err
	}
	if m == Walking && opts.Walk == nil {
		return CheckResult{}, Invalid("method", string(m), NoWalkNetwork())
	}
	if err := opts.OpenedOn.CheckOpened(); err != nil {
		return CheckResult{}, err
	}
	res, err := x.check(p, c, rules, opts.OpenedOn)
	if err != nil || res.Verdict == VerdictNotCovered {
		return res, err
	}
	if opts.Walk == nil || m == Straight {
		for i := range res.Hits { // rules that ask for walking, measured straight
			if res.Hits[i].Rule.Method == Walking {
				res.Hits[i].Method = Straight
			}
		}
		return res, nil
	}
	if rules == nil {
		return res, nil
	}
	var rs []*Rule
	for i := range rules.Rules {
		if r := &rules.Rules[i]; slices.Contains(r.Categories, c) && walked(m, r) {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return res, nil
	}
	var straight []Hit // hits of walked rules by the straight line
	kept := res.Hits[:0]
	for _, h := range res.Hits {
		if walked(m, h.Rule) {
			h.Method = Walking
			straight = append(straight, h)
		} else {
			kept = append(kept, h)
		}
	}
	res.Hits = kept
	n := len(res.Hits)
	if err := x.walkSchools(&res, opts.Walk, p, c, rs, opts.OpenedOn); err != nil {
		return CheckResult{}, err
	}
	// The places the walk clears get their evidence: the walk, searched
	// past the rule's distance.
	for _, h := range clearedBy(straight, res.Hits[n:]) {
		if h = walkHit(opts.Walk, h); h.Cleared {
			res.Cleared = append(res.Cleared, h)
		} else { // cannot happen: a walk is never shorter than the straight line
			res.Hits = append(res.Hits, h)
		}
	}
	sortCheckHits(res.Hits)
	sortCheckHits(res.Cleared)
	res.Verdict = verdictOf(res.Hits)
	return res, nil
}

// walkSchools measures rules rs by walking from location p to every school
// the straight line from its gates (or campus) puts within their reach,
// adding the hits to res.
func (x *Index) walkSchools(res *CheckResult, g Walker, p Point, c Category, rs []*Rule, opened Date) error {
	reach := 0.0
	for _, r := range rs {
		reach = max(reach, r.DistanceMeters)
	}
	if reach == 0 {
		return nil
	}
	loc := Feature{ID: "location", Kind: Business, Category: c, Geometry: orb.Point{p.Lon, p.Lat}, OpenedOn: opened}
	if c == Water {
		loc.Kind = WaterBody
	}
	var err error
	x.Search(School, loc.Geometry.Bound(), reach+walkSlackMeters, func(row Row) bool {
		err = x.walkSchool(res, g, loc, x.FeatureOf(row), rs)
		return err == nil
	})
	return err
}

// walkSchool measures rules rs between loc and one school.
func (x *Index) walkSchool(res *CheckResult, g Walker, loc, school Feature, rs []*Rule) error {
	end, fromGate := school.Geometry, false
	if gs := x.gateGeometryOf(school); gs != nil {
		end, fromGate = gs, true
	}
	limit := 0.0
	for _, r := range rs {
		if r.AppliesTo(school.SchoolKind) {
			limit = max(limit, r.DistanceMeters)
		}
	}
	if limit == 0 {
		return nil
	}
	straight, ok := geodist.Within(end, loc.Geometry, limit)
	if !ok {
		return nil
	}
	w, walkOK := g.WalkToSchool(school, loc, limit)
	if walkOK && w.Meters < straight-1e-6 {
		return fmt.Errorf("geo: walk of %.9f m from %s to %s is shorter than the straight %.9f m", w.Meters, loc.Geometry, school.ID, straight)
	}
	for _, r := range rs {
		if !r.AppliesTo(school.SchoolKind) || straight > r.DistanceMeters {
			continue
		}
		if walkOK && w.Meters <= r.DistanceMeters {
			h := newHit(loc, school, r, straight, fromGate)
			h.Method, h.WalkingMeters, h.Route = Walking, w.Meters, w.Route
			res.Hits = append(res.Hits, h)
		}
	}
	return nil
}

// clearedBy returns the straight hits that no walking hit confirms: by
// the walking method those places are outside the zone.
func clearedBy(straight, walked []Hit) []Hit {
	var out []Hit
	for _, h := range straight {
		if !slices.ContainsFunc(walked, func(w Hit) bool { return w.Rule.ID == h.Rule.ID && w.School.ID == h.School.ID }) {
			out = append(out, h)
		}
	}
	return out
}

// gateGeometryOf returns a school's gates as one geometry, nil if none.
func (x *Index) gateGeometryOf(s Feature) orb.Geometry {
	if len(s.Gates) == 0 {
		return nil
	}
	mp := make(orb.MultiPoint, len(s.Gates))
	for i, g := range s.Gates {
		mp[i] = orb.Point{g.Lon, g.Lat}
	}
	return mp
}

// Walk is the shortest walk found from a place to a school.
type Walk struct {
	// Meters is the walking distance: from the place to the nearest point
	// of a walkable way (the snap), along the ways, and from the way to the
	// school's gate. Every piece is a geodesic on WGS84, so Meters is never
	// below the geodesic distance between From and To.
	Meters float64
	// Route is the walk as a line in [lon, lat] order, from From to To:
	// the place, its projection on the nearest way, the graph's nodes, the
	// gate's projection and the gate. Repeated points are dropped.
	Route orb.LineString
	From  Point // where the walk starts: the business's entrance, a home
	To    Point // the school end: a gate, else a campus boundary vertex
}

// A Walker measures walks to schools along a pedestrian network, for the
// rules measured by walking (see CheckWith). walk.Graph is one.
type Walker interface {
	// WalkToSchool returns the shortest walk from feature f to school s, if
	// one is at most limitMeters long (a walk of exactly limitMeters is
	// found); ok false means that by the walking method f is outside the
	// zone of that distance. It must be safe for concurrent use.
	WalkToSchool(s, f Feature, limitMeters float64) (w Walk, ok bool)
}
