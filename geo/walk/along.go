package walk

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// alongTolMeters is how close to the minimum distance a local minimum of
// a route's distance must come to count as where the route comes closest:
// the first such along the route is reported.
const alongTolMeters = 1e-3

// alongRoute returns how far along line, in geodesic meters from its
// start, lies the first of its points nearest to w, where d is their
// distance as GeometryDistanceMeters measures it; points within
// alongTolMeters of d count as nearest.
//
// The distance from a route to w has its local minima only at a few kinds
// of point: a vertex of the route (against w's edges or inside w's area),
// the foot of a perpendicular from a vertex of w onto a route segment, and
// a crossing of a route segment with an edge of w. The segments are walked
// in order and, inside the first one holding a minimum within d, those
// points are compared; the earliest wins.
func alongRoute(line orb.LineString, w orb.Geometry, d float64) float64 {
	var parts geodist.Parts
	if !parts.Split(w) {
		return 0
	}
	limit := d + alongTolMeters
	wb := parts.Bound
	cum := 0.0
	for i := 0; i+1 < len(line); i++ {
		a, b := line[i], line[i+1]
		segLen := geodist.Meters(a, b)
		sb := geodist.ExpandBound(orb.Bound{Min: a, Max: a}.Extend(b), limit+1)
		if sb.Intersects(wb) {
			if u, ok := segmentAlong(a, b, segLen, &parts, w, limit, sb); ok {
				return cum + u
			}
		}
		cum += segLen
	}
	return cum
}

// segmentAlong returns the smallest u, in meters from a along a–b, of a
// local minimum of the distance to w that is at most limit. b itself is
// left to the next segment, but for the route's last one.
func segmentAlong(a, b orb.Point, segLen float64, parts *geodist.Parts, w orb.Geometry, limit float64, sb orb.Bound) (float64, bool) {
	if _, ok := geodist.Within(a, w, limit); ok {
		return 0, true
	}
	best := math.Inf(1)
	parts.Vertices(func(p orb.Point) bool {
		if !sb.Contains(p) {
			return true
		}
		if h, u := segmentFoot(p, a, b, segLen); h <= limit && u < best {
			best = u
		}
		return true
	})
	f := newTangentFrame(a)
	bx, by := f.xy(b)
	parts.Edges(func(c, e orb.Point) bool {
		if c == e || !sb.Intersects(orb.Bound{Min: c, Max: c}.Extend(e)) {
			return true
		}
		if t, ok := crossing(&f, bx, by, c, e); ok && t*segLen < best {
			best = t * segLen
		}
		return true
	})
	if !math.IsInf(best, 1) {
		return best, true
	}
	if _, ok := geodist.Within(b, w, limit); ok {
		return segLen, true
	}
	return 0, false
}

// segmentFoot returns the distance h from p to the geodesic segment a–b of
// length segLen and how far from a along it the nearest point lies, as
// segmentDistance finds them: the foot of the perpendicular, from the
// spherical triangle of matching Gaussian curvature, or an end.
func segmentFoot(p, a, b orb.Point, segLen float64) (h, u float64) {
	dap, azap := geodist.Inverse(a, p)
	if segLen == 0 || dap == 0 {
		return dap, 0
	}
	_, az12 := geodist.Inverse(a, b)
	sinT, cosT := math.Sincos((azap - az12) * geodist.RadPerDeg)
	if cosT <= 0 {
		return dap, 0
	}
	r := geodist.GaussRadius((a[1] + p[1]) / 2)
	sinD, cosD := math.Sincos(dap / r)
	u = r * math.Atan2(sinD*cosT, cosD)
	if u >= segLen {
		return geodist.Meters(p, b), segLen
	}
	return r * math.Abs(math.Asin(sinD*sinT)), u
}

// crossing returns where the segment from f's origin to (bx, by) crosses
// the edge c–e, as a fraction of the segment, if they cross.
func crossing(f *tangentFrame, bx, by float64, c, e orb.Point) (float64, bool) {
	cx, cy := f.xy(c)
	ex, ey := f.xy(e)
	dx, dy := ex-cx, ey-cy
	den := bx*dy - by*dx
	if den == 0 {
		return 0, false
	}
	t := (cx*dy - cy*dx) / den
	s := (cx*by - cy*bx) / den
	if t < 0 || t > 1 || s < 0 || s > 1 {
		return 0, false
	}
	return t, true
}
