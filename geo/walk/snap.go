package walk

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// walkEnd is a point snapped to the pedestrian graph: its projection q on
// the nearest walkable segment, the geodesic snap distance from p to q, and
// the geodesic lengths from the segment's ends to q.
type walkEnd struct {
	p      orb.Point
	q      orb.Point
	seg    int32
	snap   float64 // |p q|, meters
	du, dv float64 // |u q| and |q v|, meters
}

// snapStartMeters is the first radius tried when snapping; it doubles up to
// the caller's limit. Most doors and gates are within it of a road.
const snapStartMeters = 64

// snap returns p snapped to the nearest walkable segment, if that segment
// is within maxMeters of p. Nearness is measured in a plane tangent at p
// (scaled by the meridian and normal radii of curvature there), which is
// exact to about 1e-7 of the distance at the few hundred meters a snap
// spans; the snap distance and the partial lengths are then geodesic, so
// that every length along a route is a true distance between two points.
func (g *Graph) snap(p orb.Point, maxMeters float64) (walkEnd, bool) {
	if len(g.segs) == 0 || !(maxMeters >= 0) {
		return walkEnd{}, false
	}
	f := newTangentFrame(p)
	best, bestT, bestD := int32(-1), 0.0, math.Inf(1)
	for r := math.Min(snapStartMeters, maxMeters); ; r = math.Min(2*r, maxMeters) {
		// A margin covers the frame's error and float32 boxes.
		reach := r*(1+1e-6) + 0.01
		lo, hi := geodist.Box32(orb.Bound{
			Min: orb.Point{p[0] - reach/f.kx, p[1] - reach/f.ky},
			Max: orb.Point{p[0] + reach/f.kx, p[1] + reach/f.ky},
		})
		g.tree.Search(lo, hi, func(_, _ [2]float32, i int32) bool {
			s := &g.segs[i]
			if t, d := f.project(g.pts[s.u], g.pts[s.v]); d < bestD || (d == bestD && i < best) {
				best, bestT, bestD = i, t, d
			}
			return true
		})
		// Any segment nearer than bestD <= r crosses the box: best is final.
		if bestD <= r || r >= maxMeters {
			break
		}
	}
	if best < 0 || bestD > maxMeters*(1+1e-6)+0.01 {
		return walkEnd{}, false
	}
	s := &g.segs[best]
	a, b := g.pts[s.u], g.pts[s.v]
	e := walkEnd{p: p, seg: best}
	switch {
	case bestT <= 0:
		e.q = a
	case bestT >= 1:
		e.q = b
	default:
		e.q = orb.Point{a[0] + bestT*(b[0]-a[0]), a[1] + bestT*(b[1]-a[1])}
	}
	e.snap = geodist.Meters(p, e.q)
	e.du, e.dv = geodist.Meters(a, e.q), geodist.Meters(e.q, b)
	if e.snap > maxMeters {
		return walkEnd{}, false
	}
	return e, true
}

// tangentFrame maps lon/lat near an origin to meters east and north.
type tangentFrame struct {
	o      orb.Point
	kx, ky float64 // meters per degree of longitude and latitude at o
}

func newTangentFrame(o orb.Point) tangentFrame {
	sin, cos := math.Sincos(o[1] * geodist.RadPerDeg)
	w := math.Sqrt(1 - geodist.E2*sin*sin)
	n := geodist.SemiMajor / w                              // normal radius of curvature
	m := geodist.SemiMajor * (1 - geodist.E2) / (w * w * w) // meridian radius of curvature
	return tangentFrame{o: o, kx: n * cos * geodist.RadPerDeg, ky: m * geodist.RadPerDeg}
}

func (f *tangentFrame) xy(p orb.Point) (x, y float64) {
	return (p[0] - f.o[0]) * f.kx, (p[1] - f.o[1]) * f.ky
}

// project returns where the origin's foot falls on segment a–b, as a
// fraction t of the way from a to b clamped to [0, 1], and the planar
// distance from the origin to that point.
func (f *tangentFrame) project(a, b orb.Point) (t, d float64) {
	ax, ay := f.xy(a)
	bx, by := f.xy(b)
	dx, dy := bx-ax, by-ay
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	x, y := ax+t*dx, ay+t*dy
	return t, math.Hypot(x, y)
}
