package geodist

import (
	"math"

	"github.com/paulmach/orb"
)

// PointTarget is a geometry prepared for the distances from many points
// near it, as an audit measures a campus from every business around it. It
// does once what searchDistanceIn does for every pair: split the
// geometry, bound its curvature and sagitta, set up a plane frame and put
// every edge in it. The frame is centred on the geometry rather than on
// each point, and bounds the region of every point it serves (the valid
// box), so its error bounds hold for each of them; the candidate edges are
// then solved exactly, as in searchDistanceIn, and the distance is the
// same to within the rounding of Karney's solution.
//
// A PointTarget is used by one goroutine at a time.
type PointTarget struct {
	geom   orb.Geometry
	limit  float64
	ok     bool      // prepared; otherwise within falls back to Within
	valid  orb.Bound // the points the preparation holds for
	g      Parts
	h      float64   // bound on the sagitta of its edges, m
	bound  orb.Bound // its bound widened by h
	clip   orb.Bound // where a point must be to come within limit of it
	frame  planeFrame
	maxLat float64     // the most poleward latitude the frame's curvature bound holds to
	edges  []planeEdge // every edge, finished, in the order of Parts.edges
	inv    []edgeInverse
	verts  []planeVertex
	rings  []targetRing // the rings of its polygons, in order
	// dlon and dlat widen a point in valid to a box holding every point
	// within limit of it, as ExpandBound does for each point.
	dlon, dlat float64
	search     distSearch // reused: its candidates take a kilobyte to clear
}

// targetRing is a ring of a PointTarget: its edges are edges[lo:hi].
type targetRing struct {
	hole     bool // not its polygon's first ring
	vertices int  // as given, for inRing's rule that fewer than 3 bound nothing
	lo, hi   int
}

// targetLatMargin is how far, in degrees, a geometry measured from a
// PointTarget may reach poleward beyond its valid box: a long river need
// not be in the box to come near.
const targetLatMargin = 0.5

// edgeInverse is the solution of an edge's inverse problem from a and
// from b, once needed.
type edgeInverse struct {
	done    [2]bool
	s12, az [2]float64
}

// prepare readies t for the distances, up to limit, from points in valid.
// It keeps t's edge buffer. Geometries the plane frame cannot serve, such
// as those near a pole or spanning more than 90° of longitude, and those of
// fewer than two vertices, are left to Within.
func (t *PointTarget) Prepare(geom orb.Geometry, limit float64, valid orb.Bound) {
	*t = PointTarget{geom: geom, limit: limit, valid: valid, edges: t.edges[:0], inv: t.inv[:0], verts: t.verts[:0], rings: t.rings[:0],
		search: distSearch{more: t.search.more[:0]}}
	if !(limit >= 0) || math.IsInf(limit, 1) || !t.g.Split(geom) || t.g.size() < 2 {
		return
	}
	// As searchDistanceIn, with the point side's bound taken as valid: a
	// box holding every point the target serves gives bounds that hold for
	// each of them.
	slack := 0.2 + min(limit, geodPlaneMax)/MinRadius/RadPerDeg
	t.maxLat = max(maxAbsLat(valid), maxAbsLat(t.g.Bound)) + targetLatMargin
	kappa, ok := curvatureBound(t.maxLat + slack)
	t.h = boundSagitta(t.g.Bound, kappa)
	t.bound = bulgeBound(t.g.Bound, t.h)
	t.clip = ExpandBound(t.bound, limit)
	lonSpan := max(valid.Max[0], t.bound.Max[0]) - min(valid.Min[0], t.bound.Min[0])
	if !ok || t.h >= 0.1*RadPerDeg*MinRadius || lonSpan >= 90 {
		return
	}
	t.dlat = limit / MinRadius / RadPerDeg
	c := cosLower(min(maxAbsLat(valid)+t.dlat, 90) * RadPerDeg)
	if c <= 0 {
		return
	}
	t.dlon = limit / (SemiMajor * c) / RadPerDeg
	t.frame = newPlaneFrame(t.g.Bound.Center(), kappa, true)
	addEdge := func(a, b orb.Point) bool {
		e := t.frame.edge(a, b)
		t.frame.finish(&e)
		t.edges = append(t.edges, e)
		t.inv = append(t.inv, edgeInverse{})
		return true
	}
	// Parts.edges, remembering where each ring's edges are.
	for _, p := range t.g.pts() {
		addEdge(p, p)
	}
	for _, l := range t.g.lns() {
		pathEdges(l, false, addEdge)
	}
	for _, poly := range t.g.areas() {
		for i, r := range poly {
			lo := len(t.edges)
			pathEdges(r, true, addEdge)
			t.rings = append(t.rings, targetRing{hole: i > 0, vertices: len(r), lo: lo, hi: len(t.edges)})
		}
	}
	for v := range t.g.Vertices {
		x, y := t.frame.xy(v)
		t.verts = append(t.verts, planeVertex{p: v, x: x, y: y})
	}
	t.ok = true
}

// within is Within(t's geometry, p, limit), for a limit up to the
// one t was prepared with: a larger limit only loosens the bounds.
func (t *PointTarget) Within(p orb.Point, limit float64) (float64, bool) {
	if !t.ok || !(limit <= t.limit) || !t.valid.Contains(p) {
		return Within(t.geom, p, limit)
	}
	// Where the target's edges must be: a box no smaller than ExpandBound's.
	clip := orb.Bound{Min: orb.Point{p[0] - t.dlon, p[1] - t.dlat}, Max: orb.Point{p[0] + t.dlon, p[1] + t.dlat}}
	if !clip.Intersects(t.bound) || !t.clip.Contains(p) {
		return math.Inf(1), false
	}
	x, y := t.frame.xy(p)
	if t.bound.Contains(p) && t.inside(p, x, y) {
		return 0, true
	}
	s := t.newSearch(limit)
	v := planeVertex{p: p, x: x, y: y}
	hdeg := t.h / MinRadius / RadPerDeg
	for i := range t.edges {
		if e := &t.edges[i]; !outsideClip(e.a, e.b, hdeg, clip) {
			s.vertexEdge(&v, e, t.h)
		}
	}
	if d, ok := s.refine(); ok {
		return d, true
	}
	return math.Inf(1), false
}

// segmentDistance is segmentDistance for an edge a–b of t (either way
// round), solving the edge's own inverse problem once for all points.
func (t *PointTarget) segmentDistance(p, a, b orb.Point) float64 {
	for i := range t.edges {
		e := &t.edges[i]
		from := 0
		switch {
		case e.a == a && e.b == b:
		case e.a == b && e.b == a:
			from = 1
		default:
			continue
		}
		inv := &t.inv[i]
		if !inv.done[from] {
			inv.s12[from], inv.az[from] = Inverse(a, b)
			inv.done[from] = true
		}
		return segmentDistanceFrom(p, a, b, inv.s12[from], inv.az[from])
	}
	return segmentDistance(p, a, b)
}

// inside reports whether p, at (x, y) in the frame, is inside one of t's
// polygons: planeFrame.inside with the edges ready.
func (t *PointTarget) inside(p orb.Point, x, y float64) bool {
	in := false // in the polygon whose rings are being read
	for _, r := range t.rings {
		if !r.hole {
			if in {
				return true
			}
			in = t.inRing(p, x, y, r)
		} else if in && t.inRing(p, x, y, r) {
			in = false
		}
	}
	return in
}

// inRing is planeFrame.inRing for a ring of t.
func (t *PointTarget) inRing(p orb.Point, x, y float64, r targetRing) bool {
	if r.vertices < 3 {
		return false
	}
	in := false
	for i := r.lo; i < r.hi; i++ {
		if e := &t.edges[i]; (e.a[0] > p[0]) != (e.b[0] > p[0]) {
			north, on := edgeNorthOf(p, x, y, e)
			if on {
				return true
			}
			if north {
				in = !in
			}
		}
	}
	return in
}

// newSearch returns t's search, reset for limit.
func (t *PointTarget) newSearch(limit float64) *distSearch {
	s := &t.search
	s.f, s.limit, s.clipped, s.minUB, s.n, s.more, s.target = t.frame, limit, true, math.Inf(1), 0, s.more[:0], t
	return s
}

// withinGeom is Within(t's geometry, g, limit) for any geometry g,
// for a limit up to the one t was prepared with: searchDistanceIn with
// t's side ready. Geometries beyond the reach of t's bounds, such as one
// more than targetLatMargin poleward of the valid box, and collections, go
// to Within.
func (t *PointTarget) WithinGeom(g orb.Geometry, limit float64) (float64, bool) {
	var gb Parts
	if !t.ok || !(limit <= t.limit) || !gb.Split(g) || maxAbsLat(gb.Bound) > t.maxLat {
		return Within(t.geom, g, limit)
	}
	a := distSide{g: &t.g, h: t.h, bound: t.bound, clip: t.clip}
	b := distSide{g: &gb, h: boundSagitta(gb.Bound, t.frame.kappa)}
	b.bound = bulgeBound(gb.Bound, b.h)
	lonSpan := max(a.bound.Max[0], b.bound.Max[0]) - min(a.bound.Min[0], b.bound.Min[0])
	if b.h >= 0.1*RadPerDeg*MinRadius || lonSpan >= 90 {
		return Within(t.geom, g, limit)
	}
	if b.clip = ExpandBound(a.bound, limit); !b.clip.Intersects(b.bound) {
		return math.Inf(1), false
	}
	a.clip = ExpandBound(b.bound, limit)
	s := t.newSearch(limit)
	if s.f.contains(&t.g, &gb, b.bound) || s.f.contains(&gb, &t.g, a.bound) {
		return 0, true
	}
	var ebuf [16]planeEdge
	var vbuf [16]planeVertex
	edges, verts := ebuf[:0], vbuf[:0]
	hdeg := t.h / MinRadius / RadPerDeg
	for i := range t.edges {
		if e := &t.edges[i]; !outsideClip(e.a, e.b, hdeg, a.clip) {
			edges = append(edges, *e)
		}
	}
	for _, v := range t.verts {
		if a.clip.Contains(v.p) {
			verts = append(verts, v)
		}
	}
	if s.pairsWith(edges, verts, &a, &b) {
		return 0, true
	}
	if d, ok := s.refine(); ok {
		return d, true
	}
	return math.Inf(1), false
}
