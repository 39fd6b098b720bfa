package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// geomParts is a geometry as distance sees it: isolated points, polylines,
// and polygons, whose rings are boundaries and whose areas count as inside.
// A lone Point, LineString or Polygon is held in an array of one, so
// splitting those never allocates.
type geomParts struct {
	one      [1]orb.Point
	oneLine  [1]orb.LineString
	onePoly  [1]orb.Polygon
	lonePt   bool
	loneLine bool
	lonePoly bool
	points   []orb.Point
	lines    []orb.LineString
	polys    []orb.Polygon
	bound    orb.Bound
}

// split fills g from geom. It reports false if geom has no vertices or is
// a Collection, which callers take apart first. A Ring counts as the
// polygon it bounds and a Bound as its rectangle.
func (g *geomParts) split(geom orb.Geometry) bool {
	switch v := geom.(type) {
	case orb.Point:
		g.one[0], g.lonePt, g.bound = v, true, orb.Bound{Min: v, Max: v}
	case orb.MultiPoint:
		g.points, g.bound = v, pathBound(noBound(), v)
	case orb.LineString:
		g.oneLine[0], g.loneLine, g.bound = v, true, pathBound(noBound(), v)
	case orb.MultiLineString:
		g.lines, g.bound = v, noBound()
		for _, l := range v {
			g.bound = pathBound(g.bound, l)
		}
	case orb.Ring:
		g.onePoly[0], g.lonePoly, g.bound = orb.Polygon{v}, true, pathBound(noBound(), v)
	case orb.Polygon:
		g.onePoly[0], g.lonePoly, g.bound = v, true, polygonBound(noBound(), v)
	case orb.MultiPolygon:
		g.polys, g.bound = v, noBound()
		for _, p := range v {
			g.bound = polygonBound(g.bound, p)
		}
	case orb.Bound:
		if v.IsEmpty() {
			return false
		}
		g.onePoly[0], g.lonePoly, g.bound = v.ToPolygon(), true, v
	default: // nil, Collection
		return false
	}
	return !g.empty()
}

// noBound returns the bound of nothing: extending it by a point gives the
// point's bound.
func noBound() orb.Bound {
	return orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
}

// pathBound returns b extended by path (orb's Extend is several times
// slower, and this is on the hot path).
func pathBound(b orb.Bound, path []orb.Point) orb.Bound {
	x0, y0, x1, y1 := b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	for _, p := range path {
		if p[0] < x0 {
			x0 = p[0]
		}
		if p[0] > x1 {
			x1 = p[0]
		}
		if p[1] < y0 {
			y0 = p[1]
		}
		if p[1] > y1 {
			y1 = p[1]
		}
	}
	return orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
}

// polygonBound returns b extended by p's outer ring, which holds its holes.
func polygonBound(b orb.Bound, p orb.Polygon) orb.Bound {
	if len(p) == 0 {
		return b
	}
	return pathBound(b, p[0])
}

func (g *geomParts) pts() []orb.Point {
	if g.lonePt {
		return g.one[:]
	}
	return g.points
}

func (g *geomParts) lns() []orb.LineString {
	if g.loneLine {
		return g.oneLine[:]
	}
	return g.lines
}

func (g *geomParts) areas() []orb.Polygon {
	if g.lonePoly {
		return g.onePoly[:]
	}
	return g.polys
}

// size returns the number of vertices.
func (g *geomParts) size() int {
	n := len(g.pts())
	for _, l := range g.lns() {
		n += len(l)
	}
	for _, p := range g.areas() {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

func (g *geomParts) empty() bool {
	if len(g.pts()) > 0 {
		return false
	}
	for _, l := range g.lns() {
		if len(l) > 0 {
			return false
		}
	}
	for _, p := range g.areas() {
		for _, r := range p {
			if len(r) > 0 {
				return false
			}
		}
	}
	return true
}

// edges yields every edge: isolated points as zero-length edges, the
// segments of lines, and the edges of rings, closing open rings.
func (g *geomParts) edges(yield func(a, b orb.Point) bool) {
	for _, p := range g.pts() {
		if !yield(p, p) {
			return
		}
	}
	for _, l := range g.lns() {
		if !pathEdges(l, false, yield) {
			return
		}
	}
	for _, p := range g.areas() {
		for _, r := range p {
			if !pathEdges(r, true, yield) {
				return
			}
		}
	}
}

// pathEdges yields the edges of a polyline, or of a ring if closed. A path
// with one vertex yields it as a zero-length edge.
func pathEdges(path []orb.Point, closed bool, yield func(a, b orb.Point) bool) bool {
	switch len(path) {
	case 0:
		return true
	case 1:
		return yield(path[0], path[0])
	}
	for i := 1; i < len(path); i++ {
		if !yield(path[i-1], path[i]) {
			return false
		}
	}
	if last := path[len(path)-1]; closed && last != path[0] {
		return yield(last, path[0])
	}
	return true
}

// vertices yields every vertex, once per position in its path (a closed
// ring's repeated first vertex is skipped).
func (g *geomParts) vertices(yield func(v orb.Point) bool) {
	for _, p := range g.pts() {
		if !yield(p) {
			return
		}
	}
	for _, l := range g.lns() {
		for _, v := range l {
			if !yield(v) {
				return
			}
		}
	}
	for _, p := range g.areas() {
		for _, r := range p {
			n := len(r)
			if n > 1 && r[0] == r[n-1] {
				n--
			}
			for _, v := range r[:n] {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// firstVertices yields one vertex of each connected part: each point, the
// first vertex of each line and of each polygon's outer ring. If two
// geometries neither cross nor touch, a part is inside a polygon exactly
// when its first vertex is.
func (g *geomParts) firstVertices(yield func(v orb.Point) bool) {
	for _, p := range g.pts() {
		if !yield(p) {
			return
		}
	}
	for _, l := range g.lns() {
		if len(l) > 0 && !yield(l[0]) {
			return
		}
	}
	for _, p := range g.areas() {
		if len(p) > 0 && len(p[0]) > 0 && !yield(p[0][0]) {
			return
		}
	}
}

// maxAbsLat returns the largest |latitude| in b, in degrees.
func maxAbsLat(b orb.Bound) float64 {
	return max(math.Abs(b.Min[1]), math.Abs(b.Max[1]))
}

// bulgeBound widens b in latitude by bulge meters on both sides, or to the
// poles if bulge is infinite. Geodesic edges bow towards the pole and can
// leave the bound of their vertices by up to their sagitta.
func bulgeBound(b orb.Bound, bulge float64) orb.Bound {
	if math.IsInf(bulge, 1) || math.IsNaN(bulge) {
		b.Min[1], b.Max[1] = -90, 90
		return b
	}
	d := bulge / geodM0 / geodDeg
	b.Min[1] = max(b.Min[1]-d, -90)
	b.Max[1] = min(b.Max[1]+d, 90)
	return b
}

// boundSagitta bounds the sagitta of every geodesic edge inside b (see
// sagitta), taking the bound's diagonal as the longest possible edge and
// a degree of longitude as long as one of latitude.
func boundSagitta(b orb.Bound, kappa float64) float64 {
	if b.Min == b.Max {
		return 0
	}
	dy := (b.Max[1] - b.Min[1]) * geodDeg * geodR0
	dx := (b.Max[0] - b.Min[0]) * geodDeg * geodR0
	return sagitta(math.Sqrt(dx*dx+dy*dy), kappa)
}

// sagitta bounds how far a geodesic of length l can be from the curve
// straight in lon/lat between its endpoints (their Hausdorff distance),
// where kappa bounds the geodesic curvature of such curves. On a sphere a
// line straight in lon/lat at azimuth α has geodesic curvature
// tan φ·sin α·(1 + cos²α)/R, at most 1.089·tan φ/R (differentiate
// tan α = cos φ·dλ/dφ along it and subtract the geodesic's Clairaut
// rate tan φ·sin α/R). A curve of curvature κ strays from the geodesic
// through its ends by κ·l²/8 plus terms of relative order κ·l and K·l²
// (K the Gaussian curvature), so lengths are capped at 100 km and κ·l at
// 0.05, and the factor 1.25 covers the rest. TestSagitta checks it.
func sagitta(l, kappa float64) float64 {
	if kappa*l > 0.05 || l > geodPlaneMax {
		return math.Inf(1)
	}
	return 1.25*kappa*l*l/8 + 1e-9*l
}

// curvatureBound returns kappa for sagitta in a region whose latitudes are
// within maxLat degrees of the equator, and false if that is too close to
// a pole for a plane frame. The ellipsoid's radii of curvature are at
// least M0 and its extra terms are of order e²; 0.02 covers them.
func curvatureBound(maxLat float64) (kappa float64, ok bool) {
	if !(maxLat <= geodMaxFrameLat) {
		return math.Inf(1), false
	}
	return (1.089*tanUpper(maxLat*geodDeg) + 0.02) / geodM0, true
}

// tanUpper returns an upper bound on tan x for 0 ≤ x < π/2, within 17% up
// to 80° (the Becker–Stark inequality, tan x < π²x/(π² − 4x²)); it costs
// a division where math.Tan costs a range reduction and two polynomials.
func tanUpper(x float64) float64 {
	return math.Pi * math.Pi * x / (math.Pi*math.Pi - 4*x*x)
}

// cosLower returns a lower bound on cos x for |x| ≤ π/2: the Taylor series
// of cos alternates with shrinking terms there, so stopping after a
// negative term undershoots, by less than 1e-3 (4e-5 up to 60°).
func cosLower(x float64) float64 {
	x2 := x * x
	return max(0, 1-x2/2*(1-x2/12*(1-x2/30)))
}

// geodMaxFrameLat is the highest latitude, in degrees, at which distances
// use the plane frame; closer to the poles every pair is solved exactly.
const geodMaxFrameLat = 85.0
