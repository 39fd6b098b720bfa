package geodist

import (
	"math"

	"github.com/paulmach/orb"
)

// Distance returns the geodesic distance between a and b as
// geo.GeometryDistanceMeters documents it: +Inf for empty geometries.
func Distance(a, b orb.Geometry) float64 {
	d, _ := distanceWithin(a, b, math.Inf(1))
	return d
}

// Within reports whether a and b, orb geometries with [lon, lat]
// points in degrees, are at most limit meters apart as
// Distance measures them, and returns that exact distance if
// so. A pair at exactly limit is within. Pairs clearly farther than limit
// are rejected without solving any geodesic, from their bounds or in a
// local plane with proven error margins; otherwise only the pairs of
// vertex and edge that could be the nearest are solved exactly, one or two
// Karney solutions each. If the distance exceeds limit, or limit is
// negative or NaN, it returns (+Inf, false). It does not allocate for
// geometries of up to 8 vertices on one side, and is safe for concurrent
// use.
func Within(a, b orb.Geometry, limit float64) (d float64, ok bool) {
	if !(limit >= 0) {
		return math.Inf(1), false
	}
	if p, isPt := a.(orb.Point); isPt {
		if q, isPt := b.(orb.Point); isPt {
			return PointWithin(p, q, limit)
		}
	}
	if d, ok = distanceWithin(a, b, limit); !ok {
		return math.Inf(1), false
	}
	return d, true
}

// PointWithin is Within for two points. A path shorter than limit
// from p keeps within limit/M0 radians of p's latitude, where the
// ellipsoid's metric is at least M0²·dφ² + (a·cos φmax)²·dλ² (M ≥ M0, the
// meridian radius at the equator, and N ≥ a), so no path is shorter than
// the straight line in that metric.
func PointWithin(p, q orb.Point, limit float64) (float64, bool) {
	limit2 := limit * (1 + 1e-12)
	dy := math.Abs(p[1]-q[1]) * RadPerDeg * MinRadius
	if dy > limit2 {
		return math.Inf(1), false
	}
	if far := max(math.Abs(p[1]), math.Abs(q[1]))*RadPerDeg + limit/MinRadius; far < math.Pi/2 {
		dlon := math.Abs(p[0] - q[0])
		if dlon > 180 {
			dlon = 360 - dlon
		}
		dx := dlon * RadPerDeg * SemiMajor * math.Cos(far)
		if dx*dx+dy*dy > limit2*limit2 {
			return math.Inf(1), false
		}
	}
	if d := Meters(p, q); d <= limit {
		return d, true
	}
	return math.Inf(1), false
}

// distanceWithin returns the distance between a and b and whether it is at
// most limit; beyond limit the distance may be +Inf or a lower bound.
func distanceWithin(a, b orb.Geometry, limit float64) (float64, bool) {
	if c, ok := a.(orb.Collection); ok {
		return collectionWithin(c, b, limit)
	}
	if c, ok := b.(orb.Collection); ok {
		return collectionWithin(c, a, limit)
	}
	if p, ok := a.(orb.Point); ok {
		if q, ok := b.(orb.Point); ok {
			d := Meters(p, q)
			return d, d <= limit
		}
	}
	var ga, gb Parts
	if !ga.Split(a) || !gb.Split(b) {
		return math.Inf(1), false
	}
	return searchDistance(&ga, &gb, limit)
}

// collectionWithin returns the distance from the nearest member of c.
func collectionWithin(c orb.Collection, other orb.Geometry, limit float64) (float64, bool) {
	best := math.Inf(1)
	for _, g := range c {
		if d, ok := distanceWithin(g, other, min(limit, best)); ok && d < best {
			best = d
		}
	}
	return best, best <= limit
}

// ExpandBound returns a lon/lat box holding every point within meters of
// b, on the WGS84 ellipsoid. Latitudes widen by meters over the smallest
// meridian radius of curvature, M0 = a(1−e²); longitudes by meters over
// a·cos of the latitude farthest from the equator in the widened box
// (cos bounded from below), below every parallel's radius N·cos φ there. The box is clamped to
// ±90 and ±180, and spans all longitudes if it reaches a pole; it does not
// wrap across the antimeridian. A negative or NaN meters returns b
// unchanged. Geodesic edges bow poleward out of the bound of their
// vertices; pass Bound(g) rather than g.Bound() to hold them.
// It is safe for concurrent use.
func ExpandBound(b orb.Bound, meters float64) orb.Bound {
	if !(meters >= 0) || b.IsEmpty() {
		return b
	}
	dlat := meters / MinRadius / RadPerDeg
	b.Min[1] = max(b.Min[1]-dlat, -90)
	b.Max[1] = min(b.Max[1]+dlat, 90)
	far := maxAbsLat(b)
	dlon := math.Inf(1)
	if c := cosLower(far * RadPerDeg); c > 0 {
		dlon = meters / (SemiMajor * c) / RadPerDeg
	}
	b.Min[0] = max(b.Min[0]-dlon, -180)
	b.Max[0] = min(b.Max[0]+dlon, 180)
	return b
}

// Box32 rounds a box outward to float32, for an R-tree of float32 boxes:
// the float32 box contains the float64 one, so no candidate is lost to
// rounding.
func Box32(b orb.Bound) (lo, hi [2]float32) {
	return [2]float32{down32(b.Min[0]), down32(b.Min[1])}, [2]float32{up32(b.Max[0]), up32(b.Max[1])}
}

func down32(v float64) float32 {
	f := float32(v)
	if float64(f) > v {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up32(v float64) float32 {
	f := float32(v)
	if float64(f) < v {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}
