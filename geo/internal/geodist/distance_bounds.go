package geodist

import (
	"math"

	"github.com/paulmach/orb"
)

// Bound returns a lon/lat box holding g's geodesic edges: the
// bound of its vertices, widened in latitude by the largest sagitta of its
// edges, since a geodesic bows poleward of the line straight in lon/lat
// between its ends (about 4 cm for a 1 km east–west edge at 60°N, 1 m for
// 5 km). ExpandBound(Bound(g), m) then holds every point within m
// meters of g, which ExpandBound(g.Bound(), m) may miss by that much. It
// returns an empty bound if g has no vertices, spans all longitudes near
// the poles, and costs one pass over the edges.
func Bound(g orb.Geometry) orb.Bound {
	if c, ok := g.(orb.Collection); ok {
		b := noBound()
		for _, m := range c {
			if mb := Bound(m); !mb.IsEmpty() {
				b = b.Union(mb)
			}
		}
		return b
	}
	var gp Parts
	if !gp.Split(g) {
		return noBound()
	}
	kappa, _ := curvatureBound(maxAbsLat(gp.Bound) + 0.2)
	h := 0.0
	for a, b := range gp.Edges {
		// The lon/lat line is no longer than R0 times its length in
		// radians, with longitude scaled by cos of its lowest |latitude|.
		lowest := min(math.Abs(a[1]), math.Abs(b[1]))
		if a[1]*b[1] < 0 {
			lowest = 0
		}
		dy := (b[1] - a[1]) * RadPerDeg
		dx := (b[0] - a[0]) * RadPerDeg * math.Cos(lowest*RadPerDeg)
		h = max(h, sagitta(geodR0*math.Sqrt(dx*dx+dy*dy), kappa))
	}
	return bulgeBound(gp.Bound, h)
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
	d := bulge / MinRadius / RadPerDeg
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
	dy := (b.Max[1] - b.Min[1]) * RadPerDeg * geodR0
	dx := (b.Max[0] - b.Min[0]) * RadPerDeg * geodR0
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
	if l == 0 {
		return 0
	}
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
	return (1.089*tanUpper(maxLat*RadPerDeg) + 0.02) / MinRadius, true
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
