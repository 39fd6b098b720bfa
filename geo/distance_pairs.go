package geo

import (
	"math"
)

// vertexEdge bounds the distance from v to e and offers the pair.
func (s *distSearch) vertexEdge(v *planeVertex, e *planeEdge) {
	lb, ub, near := s.f.vertexEdgeBounds(v, e)
	switch {
	case math.IsInf(ub, 1):
		s.sphereVertexEdge(v, e)
	case !(lb <= s.minUB && lb <= s.limit): // the common case: no candidate
		s.minUB = math.Min(s.minUB, ub)
	case near == nearA:
		s.offer(lb, ub, distCand{kind: candVertex, p: v.p, a: e.a})
	case near == nearB:
		s.offer(lb, ub, distCand{kind: candVertex, p: v.p, a: e.b})
	default:
		s.offer(lb, ub, distCand{kind: candSegment, p: v.p, a: e.a, b: e.b})
	}
}

// nearKind says which part of an edge is nearest a vertex.
type nearKind uint8

const (
	nearSegment nearKind = iota // unknown, or inside the segment
	nearA
	nearB
)

// vertexEdgeBounds returns bounds on the true distance from v to e, or
// ub = +Inf if the frame cannot bound it, and which end is nearest if that
// is certain.
//
// The chord's nearest point f is at planar distance d. The true distance
// to the curve straight in lon/lat is within a factor 1 ± σ of d, σ taken
// over the band of northings within d + h of v, which holds f and the
// geodesic from v to the edge (bowing by at most κ·d²/8); the geodesic
// edge is within the sagitta h of that curve. Where the foot is clearly beyond an end, that end is
// nearest: the frame turns angles by at most about σ, and chords and
// geodesics differ in direction by κ·length/2.
func (f *planeFrame) vertexEdgeBounds(v *planeVertex, e *planeEdge) (lb, ub float64, near nearKind) {
	if math.IsInf(e.h, 1) {
		return 0, math.Inf(1), nearSegment
	}
	wx, wy := v.x-e.ax, v.y-e.ay
	t := 0.0
	if e.l2 > 0 {
		t = (wx*e.ex + wy*e.ey) / e.l2
	}
	tc := math.Min(math.Max(t, 0), 1)
	dx, dy := wx-tc*e.ex, wy-tc*e.ey
	d := math.Sqrt(dx*dx + dy*dy)
	if d > geodPlaneMax {
		return 0, math.Inf(1), nearSegment
	}
	reach := d + e.h
	y := math.Abs(v.y) + reach + f.kappa*reach*reach
	sig := f.sigma(y)
	m := sig*d + e.h*(1+sig) + 1e-9*d + 1e-7
	u, mu := t*e.l, (4*sig+f.kappa*(e.l+d))*d+2*e.h+1e-7
	switch {
	case e.l2 == 0 || u < -mu:
		near = nearA
	case u > e.l+mu:
		near = nearB
	}
	return d - m, d + m, near
}

// sphereVertexEdge bounds the distance from v to e on the inscribed sphere.
func (s *distSearch) sphereVertexEdge(v *planeVertex, e *planeEdge) {
	lb := segmentLowerBound(v.p, e.a, e.b, e.length)
	if e.a == e.b {
		s.offer(lb, math.Inf(1), distCand{kind: candVertex, p: v.p, a: e.a})
		return
	}
	s.offer(lb, math.Inf(1), distCand{kind: candSegment, p: v.p, a: e.a, b: e.b})
}

// edgeEdge finds out whether e1 and e2 cross. The chords are moved to the
// geodesics by at most the planar sagittas, endpoints fixed, so the
// crossing count keeps its parity unless an endpoint is within
// tol of the other chord. Such pairs are solved exactly.
func (s *distSearch) edgeEdge(e1, e2 *planeEdge) (cross bool) {
	if e1.a == e1.b || e2.a == e2.b {
		return false
	}
	tol := 2*(e1.hp+e2.hp) + 1e-7
	if math.IsInf(tol, 1) {
		if lonOverlap(e1, e2) {
			s.offer(0, math.Inf(1), distCand{kind: candCross, p: e1.a, a: e1.b, b: e2.a, c: e2.b})
		}
		return false
	}
	x1, y1 := e1.ax+e1.ex, e1.ay+e1.ey
	x2, y2 := e2.ax+e2.ex, e2.ay+e2.ey
	if math.Max(e1.ax, x1)+tol < math.Min(e2.ax, x2) || math.Max(e2.ax, x2)+tol < math.Min(e1.ax, x1) ||
		math.Max(e1.ay, y1)+tol < math.Min(e2.ay, y2) || math.Max(e2.ay, y2)+tol < math.Min(e1.ay, y1) {
		return false
	}
	o1, o2 := e1.orient(e2.ax, e2.ay), e1.orient(x2, y2)
	o3, o4 := e2.orient(e1.ax, e1.ay), e2.orient(x1, y1)
	if o1*o2 < 0 && o3*o4 < 0 {
		if math.Min(math.Abs(o1), math.Abs(o2)) > tol && math.Min(math.Abs(o3), math.Abs(o4)) > tol {
			return true
		}
	} else if e1.dist(e2.ax, e2.ay) > tol && e1.dist(x2, y2) > tol &&
		e2.dist(e1.ax, e1.ay) > tol && e2.dist(x1, y1) > tol {
		return false
	}
	s.offer(0, math.Inf(1), distCand{kind: candCross, p: e1.a, a: e1.b, b: e2.a, c: e2.b})
	return false
}

// orient returns the signed distance of (x, y) from the chord's line,
// positive on the left.
func (e *planeEdge) orient(x, y float64) float64 {
	return (e.ex*(y-e.ay) - e.ey*(x-e.ax)) / e.l
}

// dist returns the planar distance from (x, y) to the chord.
func (e *planeEdge) dist(x, y float64) float64 {
	wx, wy := x-e.ax, y-e.ay
	t := math.Min(math.Max((wx*e.ex+wy*e.ey)/e.l2, 0), 1)
	dx, dy := wx-t*e.ex, wy-t*e.ey
	return math.Sqrt(dx*dx + dy*dy)
}

func lonOverlap(e1, e2 *planeEdge) bool {
	return math.Max(e1.a[0], e1.b[0]) >= math.Min(e2.a[0], e2.b[0]) &&
		math.Max(e2.a[0], e2.b[0]) >= math.Min(e1.a[0], e1.b[0])
}
