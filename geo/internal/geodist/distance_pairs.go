package geodist

import (
	"math"
)

// vertexEdge bounds the distance from v to e and offers the pair. hmax
// bounds the sagitta of e, for a first look that skips finishing e.
func (s *distSearch) vertexEdge(v *planeVertex, e *planeEdge, hmax float64) {
	if !e.done && s.f.ok && s.clearlyFar(v, e, hmax) {
		return
	}
	s.f.finish(e)
	lb, ub, near := s.f.vertexEdgeBounds(v, e)
	switch {
	case math.IsInf(ub, 1):
		s.sphereVertexEdge(v, e)
	case !(lb <= s.minUB && lb <= s.limit): // the common case: no candidate
		s.minUB = min(s.minUB, ub)
	case near == nearA:
		s.offer(lb, ub, distCand{kind: candVertex, p: v.p, a: e.a})
	case near == nearB:
		s.offer(lb, ub, distCand{kind: candVertex, p: v.p, a: e.b})
	case near == nearSegmentB: // solve from b, which the foot is nearer
		s.offer(lb, ub, distCand{kind: candSegment, p: v.p, a: e.b, b: e.a})
	default:
		s.offer(lb, ub, distCand{kind: candSegment, p: v.p, a: e.a, b: e.b})
	}
}

// clearlyFar reports whether v is too far from e to be a candidate, using
// the bounds of vertexEdgeBounds with hmax for the edge's sagitta: hmax
// comes from a length above the true length of any edge in the geometry,
// so it bounds the true sagitta as well as e.h does.
func (s *distSearch) clearlyFar(v *planeVertex, e *planeEdge, hmax float64) bool {
	wx, wy := v.x-e.ax, v.y-e.ay
	t := 0.0
	if e.l2 > 0 {
		t = min(max((wx*e.ex+wy*e.ey)/e.l2, 0), 1)
	}
	dx, dy := wx-t*e.ex, wy-t*e.ey
	d := math.Sqrt(dx*dx + dy*dy)
	if d > geodPlaneMax || math.IsInf(hmax, 1) {
		return false
	}
	reach := d + hmax
	sig := s.f.sigma(math.Abs(v.y) + reach + s.f.kappa*reach*reach)
	m := sig*d + hmax*(1+sig) + 1e-9*d + 1e-7
	if lb := d - m; lb <= s.minUB && lb <= s.limit {
		return false
	}
	s.minUB = min(s.minUB, d+m)
	return true
}

// nearKind says which part of an edge is nearest a vertex.
type nearKind uint8

const (
	nearSegment  nearKind = iota // unknown, or inside the segment
	nearSegmentB                 // the same, with the planar foot nearer b
	nearA                        // a, certainly
	nearB                        // b, certainly
)

// vertexEdgeBounds returns bounds on the true distance from v to e, or
// ub = +Inf if the frame cannot bound it, and which end is nearest if that
// is certain. segmentDistance is cheapest solved from the end whose side
// of the foot is in doubt.
//
// The chord's nearest point f is at planar distance d. The true distance
// to the curve straight in lon/lat is within a factor 1 ± σ of d, σ taken
// over the band of northings within d + h of v, which holds f and the
// geodesic from v to the edge (bowing by at most κ·d²/8); the geodesic
// edge is within the sagitta h of that curve. Where the foot is clearly
// beyond an end, that end is nearest: the frame turns angles by at most
// about σ, and chords and geodesics differ in direction by κ·length/2.
func (f *planeFrame) vertexEdgeBounds(v *planeVertex, e *planeEdge) (lb, ub float64, near nearKind) {
	if math.IsInf(e.h, 1) {
		return 0, math.Inf(1), nearSegment
	}
	wx, wy := v.x-e.ax, v.y-e.ay
	t := 0.0
	if e.l2 > 0 {
		t = (wx*e.ex + wy*e.ey) / e.l2
	}
	tc := min(max(t, 0), 1)
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
	case t > 0.5:
		near = nearSegmentB
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
	s.f.finish(e1)
	s.f.finish(e2)
	tol := 2*(e1.hp+e2.hp) + 1e-7
	if math.IsInf(tol, 1) {
		if lonOverlap(e1, e2) {
			s.offer(0, math.Inf(1), distCand{kind: candCross, p: e1.a, a: e1.b, b: e2.a, c: e2.b})
		}
		return false
	}
	x1, y1 := e1.ax+e1.ex, e1.ay+e1.ey
	x2, y2 := e2.ax+e2.ex, e2.ay+e2.ey
	if max(e1.ax, x1)+tol < min(e2.ax, x2) || max(e2.ax, x2)+tol < min(e1.ax, x1) ||
		max(e1.ay, y1)+tol < min(e2.ay, y2) || max(e2.ay, y2)+tol < min(e1.ay, y1) {
		return false
	}
	o1, o2 := e1.orient(e2.ax, e2.ay), e1.orient(x2, y2)
	o3, o4 := e2.orient(e1.ax, e1.ay), e2.orient(x1, y1)
	if o1*o2 < 0 && o3*o4 < 0 {
		if min(math.Abs(o1), math.Abs(o2)) > tol && min(math.Abs(o3), math.Abs(o4)) > tol {
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
	t := min(max((wx*e.ex+wy*e.ey)/e.l2, 0), 1)
	dx, dy := wx-t*e.ex, wy-t*e.ey
	return math.Sqrt(dx*dx + dy*dy)
}

func lonOverlap(e1, e2 *planeEdge) bool {
	return max(e1.a[0], e1.b[0]) >= min(e2.a[0], e2.b[0]) &&
		max(e2.a[0], e2.b[0]) >= min(e1.a[0], e1.b[0])
}
