package geo

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// A RouteFinder gives the ways pupils walk to a school, for rules of kind
// Along. walk.ResidentialRoutes is one: the shortest walks from the
// residential areas around the school to its gates.
type RouteFinder interface {
	// RoutesTo returns the routes to school s as lines of [lon, lat]
	// points, or none when it knows none; the school is then measured from
	// its campus. It must be safe for concurrent use.
	RoutesTo(s Feature) []orb.LineString
}

// alongRules returns the pack's Along rules that apply to schools of kind
// k, and the largest of their distances.
func alongRules(pack *RulePack, k SchoolKind) (rs []*Rule, reach float64) {
	if pack == nil {
		return nil, 0
	}
	for i := range pack.Rules {
		if r := &pack.Rules[i]; r.Kind == Along && r.AppliesTo(k) {
			rs = append(rs, r)
			reach = max(reach, r.DistanceMeters)
		}
	}
	return rs, reach
}

// alongSource is what an along rule measures from at one school: its
// routes, or its campus when it has none.
func alongSource(x *Index, s uint32, finder RouteFinder) (g orb.Geometry, fromRoute bool) {
	if finder != nil {
		if lines := finder.RoutesTo(x.t.feature(s)); len(lines) > 0 {
			ml := make(orb.MultiLineString, len(lines))
			for i, l := range lines {
				ml[i] = l
			}
			return ml, true
		}
	}
	return x.t.geometry(s), false
}

// alongAt calls emit for every (feature, rule) match of the along rules rs
// at school s, measured from g: indexed features for which keep is true,
// as their rows, and extra features, as -1 - their index. A feature at
// exactly a rule's distance breaks it.
func (x *Index) alongAt(s uint32, rs []*Rule, reach float64, g orb.Geometry, fromRoute bool,
	extra []Feature, keep func(row uint32) bool, emit func(row int32, m match)) {
	try := func(row int32, c Category, geom orb.Geometry) {
		var dist distCache
		for _, r := range rs {
			if !slices.Contains(r.Categories, c) {
				continue
			}
			if d, ok := dist.get(g, geom, reach); ok && d <= r.DistanceMeters {
				emit(row, match{school: s, rule: r, d: d, fromRoute: fromRoute})
			}
		}
	}
	b := geodist.Bound(g)
	for _, k := range []Kind{Business, WaterBody} {
		x.search(k, b, reach, func(row uint32) bool {
			if keep(row) {
				try(int32(row), categoryOf(x.t.cat[row]), x.t.geometry(row))
			}
			return true
		})
	}
	for i, f := range extra {
		if f.Geometry != nil {
			try(int32(-1-i), f.Category, f.Geometry)
		}
	}
}

// alongMatches finds the along rules' matches at every school, measured
// from the routes finder gives (or the campus), for an audit: indexed
// features in the audit's bound and area, and extra features. Schools are
// shared among opts.Workers goroutines, as finding routes is the slow part.
func (x *Index) alongMatches(pack *RulePack, opts *AuditOptions, extra []Feature) []auditMatch {
	if !pack.Has(Along) {
		return nil
	}
	filter := opts.Bound != (orb.Bound{}) || opts.Area != nil
	keep := func(row uint32) bool {
		return !filter || opts.touches(func() orb.Geometry { return x.t.geometry(row) }, x.t.bound(row))
	}
	var schools []uint32
	for i := range x.t.len() {
		if s := uint32(i); x.t.kind[s] == kindCode(School) {
			if rs, _ := alongRules(pack, SchoolKinds[x.t.sub[s]]); len(rs) > 0 {
				schools = append(schools, s)
			}
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([][]auditMatch, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(schools); i = int(next.Add(1)) - 1 {
				s := schools[i]
				rs, reach := alongRules(pack, SchoolKinds[x.t.sub[s]])
				g, fromRoute := alongSource(x, s, opts.Routes)
				x.alongAt(s, rs, reach, g, fromRoute, extra, keep, func(row int32, m match) {
					out[w] = append(out[w], auditMatch{row: row, match: m})
				})
			}
		})
	}
	wg.Wait()
	return slices.Concat(out...)
}

// alongHazards is the report's Along section for school s: every place an
// along rule flags, nearest to the routes (or campus) first, ties by ID.
func (x *Index) alongHazards(s uint32, pack *RulePack, finder RouteFinder, extra []Feature) []Hazard {
	rs, reach := alongRules(pack, SchoolKinds[x.t.sub[s]])
	if len(rs) == 0 {
		return nil
	}
	g, fromRoute := alongSource(x, s, finder)
	byRow := map[int32]*Hazard{}
	var order []int32
	school := x.t.feature(s)
	x.alongAt(s, rs, reach, g, fromRoute, extra, func(uint32) bool { return true }, func(row int32, m match) {
		h := byRow[row]
		if h == nil {
			f := Feature{}
			if row < 0 {
				f = extra[-1-row]
			} else {
				f = x.t.feature(uint32(row))
			}
			h = &Hazard{Feature: f, DistanceMeters: m.d}
			byRow[row] = h
			order = append(order, row)
		}
		hit := newHit(h.Feature, school, m.rule, m.d, false)
		hit.FromRoute = m.fromRoute
		h.Hits = append(h.Hits, hit)
	})
	out := make([]Hazard, 0, len(order))
	for _, row := range order {
		h := byRow[row]
		slices.SortFunc(h.Hits, func(a, b Hit) int { return cmp.Compare(a.Rule.ID, b.Rule.ID) })
		h.Severity = worstSeverity(h.Hits)
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b Hazard) int {
		return cmp.Or(cmp.Compare(a.DistanceMeters, b.DistanceMeters), cmp.Compare(a.Feature.ID, b.Feature.ID))
	})
	return out
}
