package zones

import (
	"math"

	"github.com/peterstace/simplefeatures/geom"
)

// bufferBuilder draws a buffer as convex pieces in a chart, to be unioned:
// a circle per isolated point and, per edge, the band within r of it with
// the arc that fills the turn at its far end. That is the whole buffer of a
// line or a ring's boundary: a point within r of it is within r of an
// edge's inside, and so in the edge's band, or nearest a vertex on the
// outer side of its turn, and so in that vertex's arc. A polygon's inside
// farther than r from its boundary is the union's holes that lie inside it,
// which BufferMeters fills.
type bufferBuilder struct {
	r, step float64 // radius and angle between chords
	pieces  []geom.Geometry
}

func newBufferBuilder(r float64) *bufferBuilder {
	n := math.Ceil(math.Pi / math.Acos(1-bufferChordMeters/r))
	return &bufferBuilder{r: r, step: 2 * math.Pi / math.Max(n, bufferMinSegments)}
}

func (bb *bufferBuilder) circle(c xy) {
	bb.add(bb.arc([]xy{{c.x + bb.r, c.y}}, c, 0, 0, 2*math.Pi))
}

// line adds the pieces of a polyline, or of a ring's boundary when it
// closes back to its first vertex: the bands on both sides of its edges.
func (bb *bufferBuilder) line(pts []xy) { bb.bands(pts, false) }

func (bb *bufferBuilder) bands(pts []xy, closed bool) {
	if len(pts) == 1 {
		bb.circle(pts[0])
		return
	}
	m := len(pts)
	edges := m - 1
	if closed {
		edges = m
	}
	for i := range edges {
		p := bandPiece{a: pts[i], b: pts[(i+1)%m], startCap: !closed && i == 0, endCap: !closed && i == m-2}
		if !p.endCap {
			p.next = pts[(i+2)%m]
		}
		bb.add(bb.band(p))
	}
}

// area adds the pieces of a polygon given by its rings in the chart. A
// convex polygon's buffer is one piece. A valid polygon is a piece itself,
// with a band on the outer side of each edge: bands reaching inside would
// cross each other there, which makes the union slow. An invalid one (a
// self-intersecting ring, say) gets bands on both sides of its rings, and
// BufferMeters fills the holes that are inside it.
func (bb *bufferBuilder) area(rings [][]xy) {
	if len(rings) == 0 {
		return
	}
	if len(rings) == 1 {
		if out, ok := bb.outline(rings[0]); ok {
			bb.add(out)
			return
		}
	}
	oriented, poly, ok := validPolygon(rings)
	if !ok {
		for _, r := range rings {
			bb.bands(r, true)
		}
		return
	}
	bb.pieces = append(bb.pieces, poly)
	for _, r := range oriented {
		for i := range r {
			a, b, c := r[i], r[(i+1)%len(r)], r[(i+2)%len(r)]
			n := normal(a, b)
			pts := []xy{a, {a.x + bb.r*n.x, a.y + bb.r*n.y}, {b.x + bb.r*n.x, b.y + bb.r*n.y}}
			if turn := turnAngle(a, b, c); bb.r*turn > bufferMinOffset { // convex: fill the turn
				pts = bb.arc(pts, b, math.Atan2(n.y, n.x), 0, turn)
				pts = append(pts, offsetPoint(b, c, bb.r, 1))
			}
			bb.add(append(pts, b))
		}
	}
}

// validPolygon returns the rings oriented with the polygon's inside on
// their left (outer ring counter-clockwise, holes clockwise) and the
// polygon, if it is valid.
func validPolygon(rings [][]xy) ([][]xy, geom.Geometry, bool) {
	oriented := make([][]xy, len(rings))
	ls := make([]geom.LineString, len(rings))
	for i, r := range rings {
		if len(r) < 3 {
			return nil, geom.Geometry{}, false
		}
		if (signedArea(r) > 0) != (i == 0) {
			r = reversed(r)
		}
		oriented[i] = r
		flat := make([]float64, 0, 2*len(r)+2)
		for _, p := range r {
			flat = append(flat, p.x, p.y)
		}
		ls[i] = geom.NewLineString(geom.NewSequence(append(flat, r[0].x, r[0].y), geom.DimXY))
	}
	poly := geom.NewPolygon(ls)
	return oriented, poly.AsGeometry(), poly.Validate() == nil
}

func reversed(r []xy) []xy {
	out := make([]xy, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

// outline returns the buffer of the area inside a convex ring as one
// convex piece: each edge moved out by r, joined by arcs. It reports false
// if the ring is not convex (turns within bufferMinOffset of straight are
// taken as straight).
func (bb *bufferBuilder) outline(ring []xy) ([]xy, bool) {
	m := len(ring)
	if m < 3 {
		return nil, false
	}
	pts := ring
	if signedArea(ring) < 0 {
		pts = reversed(ring)
	}
	turns := make([]float64, m)
	var total float64
	for i := range m {
		turns[i] = turnAngle(pts[i], pts[(i+1)%m], pts[(i+2)%m])
		if bb.r*turns[i] < -bufferMinOffset {
			return nil, false
		}
		total += turns[i]
	}
	if math.Abs(total-2*math.Pi) > 1e-6 { // winds more than once
		return nil, false
	}
	out := make([]xy, 0, 2*m+int(2*math.Pi/bb.step)+m)
	for i := range m {
		a, b := pts[i], pts[(i+1)%m]
		n := normal(a, b)
		out = append(out, xy{a.x + bb.r*n.x, a.y + bb.r*n.y}, xy{b.x + bb.r*n.x, b.y + bb.r*n.y})
		out = bb.arc(out, b, math.Atan2(n.y, n.x), 0, turns[i])
	}
	return out, true
}

// signedArea returns the area of a ring, positive if counter-clockwise.
func signedArea(r []xy) float64 {
	var s float64
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		s += (r[j].x - r[i].x) * (r[j].y + r[i].y)
	}
	return s / 2
}

// normal returns the unit right-hand normal of edge a–b.
func normal(a, b xy) xy {
	l := math.Hypot(b.x-a.x, b.y-a.y)
	return xy{(b.y - a.y) / l, -(b.x - a.x) / l}
}

// bandPiece is an edge a–b, the vertex after b unless b ends a polyline,
// and whether a and b end one.
type bandPiece struct {
	a, b, next       xy
	startCap, endCap bool
}

// band returns the piece for edge a–b, counter-clockwise: the rectangle
// within r of the edge, plus at b the arc on the outer side of the turn to
// the next edge, or a half circle at an end of a polyline. Angles are
// measured counter-clockwise from the edge's right-hand normal n.
func (bb *bufferBuilder) band(p bandPiece) []xy {
	a, b, r := p.a, p.b, bb.r
	n := normal(a, b)
	base := math.Atan2(n.y, n.x)
	pts := []xy{{a.x + r*n.x, a.y + r*n.y}, {b.x + r*n.x, b.y + r*n.y}}
	switch turn := turnAngle(a, b, p.next); {
	case p.endCap:
		pts = bb.arc(pts, b, base, 0, math.Pi)
	case r*math.Abs(turn) <= bufferMinOffset: // straight on: the next band meets this one
	case turn > 0: // left: the arc is on the right, from n to the next normal
		pts = bb.arc(pts, b, base, 0, turn)
		pts = append(pts, offsetPoint(b, p.next, r, 1))
	default: // right: the arc is on the left, ending at −n
		pts = append(pts, offsetPoint(b, p.next, r, -1))
		pts = bb.arc(pts, b, base, math.Pi+turn, math.Pi)
	}
	pts = append(pts, xy{b.x - r*n.x, b.y - r*n.y}, xy{a.x - r*n.x, a.y - r*n.y})
	if p.startCap {
		pts = bb.arc(pts, a, base, math.Pi, 2*math.Pi)
	}
	return pts
}

// turnAngle returns the signed turn from edge a–b to edge b–c in radians,
// in (−π, π], left positive. A reversal is a left turn of π.
func turnAngle(a, b, c xy) float64 {
	d1 := xy{b.x - a.x, b.y - a.y}
	d2 := xy{c.x - b.x, c.y - b.y}
	t := math.Atan2(d1.x*d2.y-d1.y*d2.x, d1.x*d2.x+d1.y*d2.y)
	if t <= -math.Pi {
		t = math.Pi
	}
	return t
}

// offsetPoint returns b moved by r along the right-hand normal of edge
// b–c (side 1) or the left-hand one (side −1), computed exactly as band
// computes the corners of the next edge, so that the pieces meet.
func offsetPoint(b, c xy, r, side float64) xy {
	n := normal(b, c)
	return xy{b.x + side*r*n.x, b.y + side*r*n.y}
}

// arc appends the points strictly between angles from and to (radians,
// from < to, counter-clockwise from base) on the circle of radius r around
// c, with chords of at most bb.step.
func (bb *bufferBuilder) arc(pts []xy, c xy, base, from, to float64) []xy {
	k := int(math.Ceil((to - from) / bb.step))
	for j := 1; j < k; j++ {
		s, co := math.Sincos(base + from + (to-from)*float64(j)/float64(k))
		pts = append(pts, xy{c.x + bb.r*co, c.y + bb.r*s})
	}
	return pts
}

// add closes pts, drops vertices closer than bufferMinOffset to the one
// before, and keeps the piece as a polygon.
func (bb *bufferBuilder) add(pts []xy) {
	flat := make([]float64, 0, 2*len(pts)+2)
	last := xy{math.NaN(), math.NaN()}
	for _, p := range pts {
		if math.Hypot(p.x-last.x, p.y-last.y) > bufferMinOffset || math.IsNaN(last.x) {
			flat = append(flat, p.x, p.y)
			last = p
		}
	}
	if n := len(flat); n >= 4 && math.Hypot(flat[0]-flat[n-2], flat[1]-flat[n-1]) <= bufferMinOffset {
		flat = flat[:n-2]
	}
	flat = append(flat, flat[0], flat[1])
	ring := geom.NewLineString(geom.NewSequence(flat, geom.DimXY))
	bb.pieces = append(bb.pieces, geom.NewPolygon([]geom.LineString{ring}).AsGeometry())
}
