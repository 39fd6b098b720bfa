package geodist

import (
	"math"

	"github.com/paulmach/orb"
)

// planeFrame is a local plane for one distance computation: x east and y
// north in meters, linear in longitude and latitude, with the ellipsoid's
// prime-vertical and meridian radii at the origin as scales. Planar
// distances only pick candidates; the error bounds below make sure no pair
// that could be the nearest is dropped, and the candidates are then solved
// exactly.
//
// The error bounds compare metrics. At latitude φ the true scales of a
// degree of longitude and latitude are N(φ)·cos φ and M(φ), and
// |d ln(N cos φ)/dφ| ≤ tan φ + 0.0034, |d ln M/dφ| ≤ 0.0101. So within
// Δφ radians of the origin the plane's lengths are within a factor
// exp(±Λ), Λ = Δφ·(T + 0.011), of the true ones, T = max tan |φ| over the
// region, and every curve in that band has its length known to that
// factor.
type planeFrame struct {
	lon0, lat0 float64 // origin, degrees
	kx, ky     float64 // meters per degree of longitude and of latitude at the origin
	rate       float64 // Λ per meter of northing from the origin
	kappa      float64 // curvature bound for sagitta, 1/m
	ok         bool    // false near the poles or over large spans: pairs are then bounded on the sphere
}

// geodPlaneMax is the largest planar distance, in meters, that the frame's
// error bounds are used for; farther pairs are bounded on the sphere.
const geodPlaneMax = 100e3

func newPlaneFrame(origin orb.Point, kappa float64, ok bool) planeFrame {
	if !ok {
		return planeFrame{kappa: kappa}
	}
	sin, cos := math.Sincos(origin[1] * RadPerDeg)
	w := math.Sqrt(1 - E2*sin*sin)
	n, m := SemiMajor/w, MinRadius/(w*w*w)
	tanMax := (kappa*MinRadius - 0.02) / 1.089
	return planeFrame{
		lon0: origin[0], lat0: origin[1],
		kx: n * cos * RadPerDeg, ky: m * RadPerDeg,
		rate:  (tanMax + 0.011) / m,
		kappa: kappa,
		ok:    true,
	}
}

func (f *planeFrame) xy(p orb.Point) (x, y float64) {
	return (p[0] - f.lon0) * f.kx, (p[1] - f.lat0) * f.ky
}

// sigma returns a relative error bound for lengths of curves within y
// meters of northing from the origin: exp(Λ) − 1 ≥ 1 − exp(−Λ), times 1.25
// to spare. The bound is tight to first order for east–west pairs north or
// south of the origin; TestVertexEdgeBounds sees up to 0.8 of the margin.
func (f *planeFrame) sigma(y float64) float64 {
	lam := y * f.rate
	return 1.25 * lam * (1 + lam)
}

// planeVertex is a vertex with its position in the frame.
type planeVertex struct {
	p    orb.Point
	x, y float64
}

// planeEdge is an edge a–b with its chord in the frame. The fields after
// l2 are filled in by finish, only for edges that come near.
type planeEdge struct {
	a, b   orb.Point
	ax, ay float64 // a in the frame
	ex, ey float64 // b − a in the frame
	l2     float64 // squared length of the chord
	done   bool    // finish has run
	l      float64 // length of the chord
	ymax   float64 // largest |y| of the chord
	h      float64 // sagitta bound, true meters; +Inf if unknown
	hp     float64 // the same in the frame's meters
	length float64 // upper bound on the edge's true length
}

func (f *planeFrame) edge(a, b orb.Point) planeEdge {
	e := planeEdge{a: a, b: b}
	if f.ok {
		var bx, by float64
		e.ax, e.ay = f.xy(a)
		bx, by = f.xy(b)
		e.ex, e.ey = bx-e.ax, by-e.ay
		e.l2 = e.ex*e.ex + e.ey*e.ey
	}
	return e
}

func (f *planeFrame) finish(e *planeEdge) {
	if e.done {
		return
	}
	e.done = true
	if !f.ok {
		e.h, e.hp = math.Inf(1), math.Inf(1)
		e.length = Meters(e.a, e.b)*(1+1e-12) + 1e-9
		return
	}
	e.l = math.Sqrt(e.l2)
	e.ymax = max(math.Abs(e.ay), math.Abs(e.ay+e.ey))
	e.length = e.l*(1+f.sigma(e.ymax)) + 1e-9
	e.h = sagitta(e.length, f.kappa)
	e.hp = e.h * (1 + 2*f.sigma(e.ymax+e.h))
}

// inside reports whether p is inside poly, in its outer ring and in none of
// its holes, with the rings' edges taken as geodesics. Points on the
// boundary may go either way; their distance is 0 anyway.
func (f *planeFrame) inside(p orb.Point, poly orb.Polygon) bool {
	if len(poly) == 0 || !f.inRing(p, poly[0]) {
		return false
	}
	for _, h := range poly[1:] {
		if f.inRing(p, h) {
			return false
		}
	}
	return true
}

// inRing counts the edges crossing the meridian north of p. Meridians are
// geodesics and longitude is monotonic along a geodesic, so each edge whose
// endpoints straddle p's longitude crosses it exactly once, north of p iff
// p is on the equator side of the edge.
func (f *planeFrame) inRing(p orb.Point, r orb.Ring) bool {
	if len(r) < 3 {
		return false
	}
	px, py := f.xy(p)
	in := false
	a := r[len(r)-1]
	for _, b := range r {
		if (a[0] > p[0]) != (b[0] > p[0]) {
			north, on := f.edgeNorth(p, px, py, a, b)
			if on {
				return true
			}
			if north {
				in = !in
			}
		}
		a = b
	}
	return in
}

// edgeNorth reports whether the edge a–b, which straddles p's meridian,
// crosses it north of p, and whether p is on the edge. The chord decides
// when p is farther from it than the edge's sagitta: the geodesic then lies
// on the same side. Otherwise the azimuths decide exactly.
func (f *planeFrame) edgeNorth(p orb.Point, px, py float64, a, b orb.Point) (north, on bool) {
	if f.ok {
		e := f.edge(a, b)
		f.finish(&e)
		return edgeNorthOf(p, px, py, &e)
	}
	return edgeNorthExact(p, a, b)
}

// edgeNorthOf is edgeNorth for a finished edge in the frame.
func edgeNorthOf(p orb.Point, px, py float64, e *planeEdge) (north, on bool) {
	o := (e.ex*(py-e.ay) - e.ey*(px-e.ax)) / e.l // > 0: p left of a→b
	if math.Abs(o) > e.hp+1e-7 {
		return (o < 0) == (e.b[0] > e.a[0]), false
	}
	return edgeNorthExact(p, e.a, e.b)
}

// edgeNorthExact is edgeNorth decided by the azimuths.
func edgeNorthExact(p, a, b orb.Point) (north, on bool) {
	east := b[0] > a[0]
	_, az := Inverse(a, b)
	side := geodSide(p, a, az) // > 0: p right of a→b
	if side == 0 {
		return false, true
	}
	return (side > 0) == east, false
}

// contains reports whether a part of g is inside a polygon of other (see
// Parts.firstVertices); otherBound holds other.
func (f *planeFrame) contains(g, other *Parts, otherBound orb.Bound) bool {
	polys := other.areas()
	if len(polys) == 0 {
		return false
	}
	for v := range g.firstVertices {
		if !otherBound.Contains(v) {
			continue
		}
		for _, poly := range polys {
			if f.inside(v, poly) {
				return true
			}
		}
	}
	return false
}
