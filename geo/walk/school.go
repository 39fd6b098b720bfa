package walk

import (
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"
)

// WalkToSchool returns the shortest walk from feature f to school s on
// the graph, if one is at most limitMeters long (a walk of exactly
// limitMeters is found). The walk starts at f's entrance: f itself if it is
// a point, else the nearest of its Gates (entrances) if it has any, else
// the point of its outline nearest to the school. It ends at the school's
// nearest gate, or at a vertex of its campus boundary when no gate is
// mapped (the campus itself for a point campus). Each end joins the graph
// at the nearest walkable way; an end farther than limitMeters from any
// way, or a walk longer than limitMeters, gives ok false: by the walking
// method the place is then outside the zone of that distance.
//
// The search is Dijkstra's, bounded by limitMeters, so its cost grows with
// the ways within limitMeters of the school, not with the graph. It is safe
// for concurrent use.
func (g *Graph) WalkToSchool(s, f geo.Feature, limitMeters float64) (w geo.Walk, ok bool) {
	ends := schoolEnds(s)
	return g.walk(entrances(f, ends), ends, limitMeters)
}

// walk returns the shortest walk from any of from to any of to, of at most
// limit meters.
func (g *Graph) walk(from, to []orb.Point, limit float64) (geo.Walk, bool) {
	if !(limit >= 0) || len(from) == 0 || len(to) == 0 {
		return geo.Walk{}, false
	}
	srcs, targets := g.snapAll(to, limit), g.snapAll(from, limit)
	if len(srcs) == 0 || len(targets) == 0 {
		return geo.Walk{}, false
	}
	s := g.pool.Get().(*walkSearch)
	defer g.pool.Put(s)
	g.seed(s, srcs)
	g.run(s, srcs, targets, limit, -1)
	best, bestCost := -1, math.Inf(1)
	for t := range targets {
		if c, _, _ := g.reach(s, srcs, &targets[t]); c < bestCost {
			best, bestCost = t, c
		}
	}
	if best < 0 || bestCost > limit {
		return geo.Walk{}, false
	}
	return g.trace(s, srcs, &targets[best])
}

// PathMeters returns the length in meters of the shortest walk from OSM
// node from to OSM node to along the graph, respecting one-way footways,
// and true if it is at most limitMeters; else (+Inf, false). It returns an
// error wrapping ErrNotFound if either node is not in the graph. It is
// what pgRouting's pgr_dijkstra computes on the exported segments.
func (g *Graph) PathMeters(from, to int64, limitMeters float64) (float64, bool, error) {
	i, ok := slices.BinarySearch(g.ids, from)
	j, ok2 := slices.BinarySearch(g.ids, to)
	switch {
	case !ok:
		return math.Inf(1), false, geo.NotFoundf("node %d: not in the pedestrian graph", from)
	case !ok2:
		return math.Inf(1), false, geo.NotFoundf("node %d: not in the pedestrian graph", to)
	}
	s := g.pool.Get().(*walkSearch)
	defer g.pool.Put(s)
	s.reset()
	s.relax(int32(j), 0, -1)
	g.run(s, nil, nil, limitMeters, int32(i))
	if d := s.get(int32(i)); d <= limitMeters {
		return d, true, nil
	}
	return math.Inf(1), false, nil
}

// snapAll snaps each point within limit meters of a way; points farther
// are dropped.
func (g *Graph) snapAll(pts []orb.Point, limit float64) []walkEnd {
	out := make([]walkEnd, 0, len(pts))
	for _, p := range pts {
		if e, ok := g.snap(p, limit); ok {
			out = append(out, e)
		}
	}
	return out
}

// trace rebuilds the walk from target end t after a search.
func (g *Graph) trace(s *walkSearch, srcs []walkEnd, t *walkEnd) (geo.Walk, bool) {
	cost, via, src := g.reach(s, srcs, t)
	if math.IsInf(cost, 1) {
		return geo.Walk{}, false
	}
	line := orb.LineString{t.p, t.q}
	for v, steps := via, 0; v >= 0; steps++ {
		if steps > len(g.ids) { // a cycle would be a bug; never loop forever
			return geo.Walk{}, false
		}
		line = append(line, g.pts[v])
		next := s.next[v]
		if next < 0 {
			src = int(-1 - next)
			break
		}
		v = next
	}
	e := &srcs[src]
	line = append(line, e.q, e.p)
	out := line[:1]
	for _, p := range line[1:] {
		if p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	if len(out) == 1 { // the place is the gate
		out = append(out, out[0])
	}
	return geo.Walk{Meters: cost, Route: out, From: pointOf(t.p), To: pointOf(e.p)}, true
}

// seed starts a search from the sources: a walker arrives at a source's
// projection from the segment's u end (walking u→v) or from its v end.
func (g *Graph) seed(s *walkSearch, srcs []walkEnd) {
	s.reset()
	for k := range srcs {
		e := &srcs[k]
		seg := &g.segs[e.seg]
		if seg.fwd {
			s.relax(seg.u, e.snap+e.du, int32(-1-k))
		}
		if seg.bwd {
			s.relax(seg.v, e.snap+e.dv, int32(-1-k))
		}
	}
}

func pointOf(p orb.Point) geo.Point { return geo.Point{Lat: p[1], Lon: p[0]} }

// schoolEnds returns where walks to school s end: its gates, else the
// vertices of its campus's outer rings, else its point campus.
func schoolEnds(s geo.Feature) []orb.Point {
	if len(s.Gates) > 0 {
		out := make([]orb.Point, len(s.Gates))
		for i, p := range s.Gates {
			out[i] = orb.Point{p.Lon, p.Lat}
		}
		return out
	}
	var out []orb.Point
	switch c := s.Geometry.(type) {
	case orb.Point:
		out = append(out, c)
	case orb.Polygon:
		if len(c) > 0 {
			out = append(out, c[0]...)
		}
	case orb.MultiPolygon:
		for _, p := range c {
			if len(p) > 0 {
				out = append(out, p[0]...)
			}
		}
	}
	return out
}

// entrances returns where a walk from feature f starts: f itself if it is
// a point, else its Gates if it has any, else the point of its outline
// nearest to any of toward.
func entrances(f geo.Feature, toward []orb.Point) []orb.Point {
	if p, ok := f.Geometry.(orb.Point); ok {
		return []orb.Point{p}
	}
	if len(f.Gates) > 0 {
		out := make([]orb.Point, len(f.Gates))
		for i, p := range f.Gates {
			out[i] = orb.Point{p.Lon, p.Lat}
		}
		return out
	}
	var parts geodist.Parts
	if f.Geometry == nil || !parts.Split(f.Geometry) {
		return nil
	}
	best, bestD := orb.Point{}, math.Inf(1)
	for _, o := range toward {
		fr := newTangentFrame(o)
		parts.Edges(func(a, b orb.Point) bool { // lone points come as a == b
			if t, d := fr.project(a, b); d < bestD {
				bestD = d
				best = orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
			}
			return true
		})
	}
	if math.IsInf(bestD, 1) {
		return nil
	}
	return []orb.Point{best}
}
