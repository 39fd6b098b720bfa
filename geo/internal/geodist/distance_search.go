package geodist

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// distSearch finds the exact distance between two geometries in two
// passes. The first bounds every vertex–edge pair, and every edge–edge pair
// for crossings, from below and above in the plane frame (or on the
// inscribed sphere when the frame does not apply), keeping as candidates
// the pairs whose lower bound is at most both the smallest upper bound and
// the limit. The second solves the candidates exactly in order of lower
// bound and stops once the next lower bound exceeds the best distance.
//
// Pairs are vertices of A against edges of B and vertices of B against
// edges of A. Two geodesic segments shorter than a quarter meridian that
// do not cross are nearest at an endpoint of one of them, as in the plane:
// a geodesic perpendicular to both would be a quarter meridian away from
// where they meet.
type distSearch struct {
	f       planeFrame
	limit   float64
	clipped bool // limit is finite
	minUB   float64
	n       int
	cands   [16]distCand // the first candidates, in place
	more    []distCand   // the rest
	target  *PointTarget // if not nil, it solves its own segments
}

// distCand is a pair to solve exactly.
type distCand struct {
	lb         float64
	kind       distKind
	p, a, b, c orb.Point
}

type distKind uint8

const (
	candVertex  distKind = iota // p to a
	candSegment                 // p to the segment a–b
	candCross                   // does p–a cross b–c?
)

func (s *distSearch) offer(lb, ub float64, c distCand) {
	s.minUB = min(s.minUB, ub)
	if !(lb <= s.minUB && lb <= s.limit) {
		return
	}
	c.lb = lb
	if s.n == len(s.cands) { // drop those the new bounds rule out
		n := 0
		for _, k := range s.cands {
			if k.lb <= s.minUB && k.lb <= s.limit {
				s.cands[n] = k
				n++
			}
		}
		s.n = n
	}
	if s.n < len(s.cands) {
		s.cands[s.n] = c
		s.n++
		return
	}
	s.more = append(s.more, c)
}

// refine solves the candidates exactly, nearest lower bound first.
func (s *distSearch) refine() (float64, bool) {
	cands := s.cands[:s.n]
	if len(s.more) > 0 {
		cands = append(s.more, cands...)
	}
	slices.SortFunc(cands, func(x, y distCand) int {
		return cmp.Or(cmp.Compare(x.lb, y.lb), cmp.Compare(x.kind, y.kind))
	})
	best := math.Inf(1)
	var seen [8][2]orb.Point
	nseen := 0
	for _, c := range cands {
		if c.lb >= best || c.lb > s.limit {
			break
		}
		var d float64
		switch c.kind {
		case candVertex:
			if slices.Contains(seen[:nseen], [2]orb.Point{c.p, c.a}) {
				continue
			}
			if nseen < len(seen) {
				seen[nseen] = [2]orb.Point{c.p, c.a}
				nseen++
			}
			d = Meters(c.p, c.a)
		case candSegment:
			if s.target != nil {
				d = s.target.segmentDistance(c.p, c.a, c.b)
			} else {
				d = segmentDistance(c.p, c.a, c.b)
			}
		case candCross:
			if !geodCross(c.p, c.a, c.b, c.c) {
				continue
			}
		}
		best = min(best, d)
	}
	return best, best <= s.limit
}

// searchDistance returns the distance between ga and gb and whether it is
// at most limit (see distSearch). A finite limit prunes the parts farther
// than limit from the other geometry's bound.
func searchDistance(ga, gb *Parts, limit float64) (float64, bool) {
	return searchDistanceIn(ga, gb, limit, true)
}

// distSide is one geometry of a search, with its bounds.
type distSide struct {
	g     *Parts
	h     float64   // bound on the sagitta of its edges, m
	bound orb.Bound // its bound widened by h
	clip  orb.Bound // where its parts must be to come within the limit of the other
}

// searchDistanceIn is searchDistance, with the plane frame turned off if
// plane is false (for tests: every pair is then bounded on the sphere).
func searchDistanceIn(ga, gb *Parts, limit float64, plane bool) (float64, bool) {
	if gb.size() < ga.size() { // A's parts are buffered, B's streamed
		ga, gb = gb, ga
	}
	s := distSearch{limit: limit, minUB: math.Inf(1), clipped: !math.IsInf(limit, 1)}
	slack := 0.2   // degrees: room for the geodesics between the two
	if s.clipped { // pairs farther than geodPlaneMax are bounded on the sphere
		slack += min(limit, geodPlaneMax) / MinRadius / RadPerDeg
	}
	kappa, ok := curvatureBound(max(maxAbsLat(ga.Bound), maxAbsLat(gb.Bound)) + slack)
	a, b := distSide{g: ga, h: boundSagitta(ga.Bound, kappa)}, distSide{g: gb, h: boundSagitta(gb.Bound, kappa)}
	a.bound, b.bound = bulgeBound(ga.Bound, a.h), bulgeBound(gb.Bound, b.h)
	if s.clipped {
		if b.clip = ExpandBound(a.bound, limit); !b.clip.Intersects(b.bound) {
			return math.Inf(1), false
		}
		a.clip = ExpandBound(b.bound, limit)
	}
	lonSpan := max(a.bound.Max[0], b.bound.Max[0]) - min(a.bound.Min[0], b.bound.Min[0])
	ok = ok && plane && max(a.h, b.h) < 0.1*RadPerDeg*MinRadius && lonSpan < 90
	origin := ga.Bound.Center()
	if boundSize(gb.Bound) < boundSize(ga.Bound) {
		origin = gb.Bound.Center()
	}
	s.f = newPlaneFrame(origin, kappa, ok)
	if s.f.contains(ga, gb, b.bound) || s.f.contains(gb, ga, a.bound) {
		return 0, true
	}
	if s.pairs(&a, &b) {
		return 0, true
	}
	return s.refine()
}

// pairs bounds every pair, and reports true as soon as two edges surely
// cross. A's edges and vertices are kept; B's are taken as they come. A's
// isolated points (zero-length edges) are skipped against B's vertices:
// each such vertex ends an edge of B, already paired with them.
func (s *distSearch) pairs(a, b *distSide) bool {
	var ebuf [8]planeEdge
	var vbuf [8]planeVertex
	return s.pairsWith(s.appendEdges(ebuf[:0], a), s.appendVertices(vbuf[:0], a), a, b)
}

// pairsWith is pairs with A's edges and vertices inside its clip given.
func (s *distSearch) pairsWith(edgesA []planeEdge, vertsA []planeVertex, a, b *distSide) bool {
	hdeg := b.h / MinRadius / RadPerDeg
	for p, q := range b.g.Edges {
		if s.clipped && outsideClip(p, q, hdeg, b.clip) {
			continue
		}
		eb := s.f.edge(p, q)
		for j := range vertsA {
			s.vertexEdge(&vertsA[j], &eb, b.h)
		}
		for i := range edgesA {
			if s.edgeEdge(&edgesA[i], &eb) {
				return true
			}
		}
	}
	if !hasEdge(edgesA) {
		return false
	}
	var vbufB [16]planeVertex
	vertsB := s.appendVertices(vbufB[:0], b)
	for i := range edgesA {
		if ea := &edgesA[i]; ea.a != ea.b {
			for j := range vertsB {
				s.vertexEdge(&vertsB[j], ea, a.h)
			}
		}
	}
	return false
}

// hasEdge reports whether edges holds one of nonzero length.
func hasEdge(edges []planeEdge) bool {
	for i := range edges {
		if edges[i].a != edges[i].b {
			return true
		}
	}
	return false
}

func boundSize(b orb.Bound) float64 {
	return b.Max[0] - b.Min[0] + b.Max[1] - b.Min[1]
}

// outsideClip reports whether the geodesic edge a–b, whose sagitta is at
// most hdeg degrees, lies outside clip: longitude is monotonic along a
// geodesic, and latitude leaves the endpoints' range by the sagitta.
func outsideClip(a, b orb.Point, hdeg float64, clip orb.Bound) bool {
	return min(a[0], b[0]) > clip.Max[0] || max(a[0], b[0]) < clip.Min[0] ||
		min(a[1], b[1])-hdeg > clip.Max[1] || max(a[1], b[1])+hdeg < clip.Min[1]
}

// appendEdges appends the edges of side that may come within the limit:
// those whose box, widened in latitude by the side's sagitta, meets its
// clip.
func (s *distSearch) appendEdges(dst []planeEdge, side *distSide) []planeEdge {
	hdeg := side.h / MinRadius / RadPerDeg
	for a, b := range side.g.Edges {
		if s.clipped && outsideClip(a, b, hdeg, side.clip) {
			continue
		}
		dst = append(dst, s.f.edge(a, b))
	}
	return dst
}

// appendVertices appends the vertices of side inside its clip.
func (s *distSearch) appendVertices(dst []planeVertex, side *distSide) []planeVertex {
	for v := range side.g.Vertices {
		if s.clipped && !side.clip.Contains(v) {
			continue
		}
		x, y := s.f.xy(v)
		dst = append(dst, planeVertex{p: v, x: x, y: y})
	}
	return dst
}
