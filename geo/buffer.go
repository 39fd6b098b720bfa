package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"
	"github.com/tidwall/geodesic"
)

// MaxBufferMeters is the largest distance BufferMeters accepts: the largest
// distance a rule may have.
const MaxBufferMeters = MaxRuleDistanceMeters

const (
	// bufferChordMeters is how far the chords that draw a buffer's arcs may
	// sag inside the true circle.
	bufferChordMeters = 0.05
	// bufferChartMeters bounds the error of the chart (see bufferChart) in a
	// buffer's width; geometries too tall for it are refused.
	bufferChartMeters = 0.05
	// bufferMinSegments is the fewest chords per full circle.
	bufferMinSegments = 64
	// bufferMaxEdgeMeters is the longest edge drawn straight in the chart;
	// longer edges are first split along their geodesic, which then strays
	// from its chords by well under a millimetre.
	bufferMaxEdgeMeters = 2000
	// bufferMaxLat is the highest latitude, in degrees, a buffer may reach.
	bufferMaxLat = 85.0
	// bufferMinOffset is the smallest distance, in meters, between two
	// vertices of a piece; closer ones are merged, so that no piece has a
	// degenerate edge.
	bufferMinOffset = 1e-7
)

// BufferMeters returns the area within meters of g, as WGS84 polygons with
// [lon, lat] points: outer rings counter-clockwise and holes clockwise, as
// RFC 7946 asks. g may be a Point, MultiPoint, LineString, MultiLineString,
// Ring or Polygon (a Ring bounds an area), MultiPolygon, Bound or
// Collection. The inside of a polygon is in its buffer; a hole of a polygon
// stays a hole where it is more than meters from the polygon.
//
// Distances are those of GeometryDistanceMeters: geodesic on the ellipsoid,
// to the nearest point of g. Every point of the returned boundary is
// between meters − 0.1 and meters + 0.05 from g: arcs are drawn with at
// least 64 chords per full circle and more for wide buffers, each sagging at
// most 5 cm inside the circle, and the polygons are built in a chart of the
// ellipsoid around g (see bufferChart) whose error in the buffer's width is
// at most 5 cm; for a 200 m buffer of a campus it is below a millimetre.
// g itself is inside the result.
//
// BufferMeters returns an error wrapping ErrInvalidInput if meters is NaN,
// not above 0 or above MaxBufferMeters; if g is nil, has no vertices or has
// a coordinate out of range; if the buffer would reach beyond 85° of
// latitude or across the antimeridian; or if g is too tall, north to south,
// for the chart to stay within 5 cm (about 50 km tall at 5000 m, 250 km at
// 200 m). It is safe for concurrent use.
func BufferMeters(g orb.Geometry, meters float64) (orb.MultiPolygon, error) {
	if !(meters > 0 && meters <= MaxBufferMeters) {
		return nil, invalidf("buffer distance %q: must be above 0 and at most %v meters",
			fmt.Sprint(meters), float64(MaxBufferMeters))
	}
	var in bufferInput
	if err := in.add(g); err != nil {
		return nil, err
	}
	if in.n == 0 {
		return nil, invalidf("geometry %s: has no vertices to buffer", geometryName(g))
	}
	ch, err := newBufferChart(in.bound, meters)
	if err != nil {
		return nil, err
	}
	bb := newBufferBuilder(meters)
	for _, p := range in.points {
		bb.circle(ch.xy(p))
	}
	for _, l := range in.lines {
		bb.line(ch.path(l, false))
	}
	areas := make([][][]xy, len(in.areas))
	for i, poly := range in.areas {
		for _, r := range poly {
			if pts := ch.path(r, true); len(pts) > 0 {
				areas[i] = append(areas[i], pts)
			}
		}
		bb.area(areas[i])
	}
	u, err := unionPieces(bb.pieces)
	if err != nil {
		return nil, fmt.Errorf("buffer %s by %v m: %w", geometryName(g), meters, err)
	}
	return fromSF(u, func(p xy) bool { return !insideAny(areas, p) }, ch.lonLat), nil
}

func geometryName(g orb.Geometry) string {
	if g == nil {
		return "nil"
	}
	return g.GeoJSONType()
}

// bufferInput is a geometry taken apart for BufferMeters, in lon/lat.
type bufferInput struct {
	points []orb.Point
	lines  []orb.LineString
	areas  []orb.Polygon
	bound  orb.Bound
	n      int // vertices
}

func (in *bufferInput) add(g orb.Geometry) error {
	switch v := g.(type) {
	case orb.Point:
		in.points = append(in.points, v)
		return in.check(v)
	case orb.MultiPoint:
		in.points = append(in.points, v...)
		return in.check(v...)
	case orb.LineString:
		in.lines = append(in.lines, v)
		return in.check(v...)
	case orb.MultiLineString:
		for _, l := range v {
			in.lines = append(in.lines, l)
			if err := in.check(l...); err != nil {
				return err
			}
		}
	case orb.Ring:
		return in.add(orb.Polygon{v})
	case orb.Bound:
		return in.add(v.ToPolygon())
	case orb.Polygon:
		in.areas = append(in.areas, v)
		for _, r := range v {
			if err := in.check(r...); err != nil {
				return err
			}
		}
	case orb.MultiPolygon:
		for _, p := range v {
			if err := in.add(p); err != nil {
				return err
			}
		}
	case orb.Collection:
		for _, m := range v {
			if err := in.add(m); err != nil {
				return err
			}
		}
	case nil:
		return invalidf("geometry: missing")
	default:
		return invalidf("geometry %T: cannot be buffered", g)
	}
	return nil
}

// check validates coordinates and grows the bound.
func (in *bufferInput) check(pts ...orb.Point) error {
	for _, p := range pts {
		if err := (Point{Lat: p.Lat(), Lon: p.Lon()}).Validate(); err != nil {
			return invalidf("geometry: %v", err)
		}
		if in.n == 0 {
			in.bound = p.Bound()
		} else {
			in.bound = in.bound.Extend(p)
		}
		in.n++
	}
	return nil
}

// unionPieces returns the union of the pieces, two at a time, neighbours
// first. geom.UnionMany, which overlays them all at once as one
// GeometryCollection, left spurious holes where several bands of a winding
// stream overlap (simplefeatures v0.50.0; see its issue #657, fixed by
// #682 after the last release); TestBufferMeters_randomLines catches it.
func unionPieces(pieces []geom.Geometry) (geom.Geometry, error) {
	switch len(pieces) {
	case 0:
		return geom.Geometry{}, nil
	case 1:
		return pieces[0], nil
	}
	half := len(pieces) / 2
	a, err := unionPieces(pieces[:half])
	if err != nil {
		return geom.Geometry{}, err
	}
	b, err := unionPieces(pieces[half:])
	if err != nil {
		return geom.Geometry{}, err
	}
	return geom.Union(a, b)
}

// insideAny reports whether p is inside one of the areas, each a list of
// rings in the chart, by the even-odd rule.
func insideAny(areas [][][]xy, p xy) bool {
	for _, rings := range areas {
		in := false
		for _, r := range rings {
			if ringContains(r, p) {
				in = !in
			}
		}
		if in {
			return true
		}
	}
	return false
}

// ringContains reports whether p is inside the closed ring r (crossing
// number). Callers ask only about points well away from the boundary.
func ringContains(r []xy, p xy) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[j], r[i]
		if (a.y > p.y) != (b.y > p.y) && p.x < a.x+(p.y-a.y)*(b.x-a.x)/(b.y-a.y) {
			in = !in
		}
	}
	return in
}

// splitGeodesic returns the points that split the geodesic a–b into n
// equal parts, without a and b.
func splitGeodesic(a, b orb.Point, n int) []orb.Point {
	line := geodesic.WGS84.InverseLine(a.Lat(), a.Lon(), b.Lat(), b.Lon(), geodesic.DistanceIn|geodesic.Longitude)
	out := make([]orb.Point, 0, n-1)
	for i := 1; i < n; i++ {
		var lat, lon float64
		line.Position(line.S13()*float64(i)/float64(n), &lat, &lon, nil)
		out = append(out, orb.Point{lon, lat})
	}
	return out
}

// xy is a point of a bufferChart, in meters.
type xy struct{ x, y float64 }

// bufferChart maps lon/lat to a plane in meters around a geometry, x east
// and y north. To first order it is the local tangent plane, x = Δλ·N₀·cos φ₀
// and y = Δφ·M₀ with the prime-vertical and meridian radii at the centre
// latitude φ₀, but the plane alone stretches east–west lengths by a factor
// 1 + tan φ₀·Δφ away from φ₀: 2 cm on a 200 m offset 300 m north of φ₀ at
// 60°N, more than 1 m on a 5 km buffer at 30°N. So the chart is the
// equidistant conic projection tangent at φ₀ instead, which the ellipsoid's
// symmetry makes exact along meridians and along φ₀, with a scale along
// other parallels of sin φ₀·ρ/(N·cos φ), whose derivative vanishes at φ₀:
// its error is Δφ²/2 relative (on a sphere; the ellipsoid differs by terms
// of order e²), whatever the longitude. At the equator it is the plane.
//
// With u = Δλ, w the meridian arc from φ₀ to φ, θ = u·sin φ₀ and
// ρ = N₀·cot φ₀ − w: x = ρ·sin θ and y = N₀·cot φ₀ − ρ·cos θ, written below
// without cot φ₀, which is infinite at the equator.
type bufferChart struct {
	lon0, phi0 float64 // centre, degrees and radians
	s, g0, m0  float64 // sin φ₀, N₀·cos φ₀ and M₀
}

// newBufferChart returns the chart for a geometry with bound b buffered by
// meters, or an error if the buffer would be too close to a pole, cross the
// antimeridian or be too tall for the chart to stay within
// bufferChartMeters.
func newBufferChart(b orb.Bound, meters float64) (bufferChart, error) {
	e := expandBound(b, meters)
	if e.Min[1] < -bufferMaxLat || e.Max[1] > bufferMaxLat {
		return bufferChart{}, invalidf("geometry: its buffer reaches beyond %v° of latitude", bufferMaxLat)
	}
	if e.Min[0] <= -180 || e.Max[0] >= 180 {
		return bufferChart{}, invalidf("geometry: its buffer reaches the antimeridian")
	}
	c := b.Center()
	phi0 := c.Lat() * geodDeg
	dphi := math.Max(e.Max[1]-c.Lat(), c.Lat()-e.Min[1]) * geodDeg
	if meters*dphi*dphi/2 > bufferChartMeters {
		return bufferChart{}, invalidf("geometry: %.0f km tall: too tall to buffer by %v m; split it",
			(b.Max[1]-b.Min[1])*geodDeg*geodM0/1000, meters)
	}
	sin, cos := math.Sincos(phi0)
	w := math.Sqrt(1 - geodE2*sin*sin)
	return bufferChart{lon0: c.Lon(), phi0: phi0, s: sin, g0: geodA / w * cos, m0: geodM0 / (w * w * w)}, nil
}

// meridianRadius returns M(φ), φ in radians.
func meridianRadius(phi float64) float64 {
	s := math.Sin(phi)
	w := math.Sqrt(1 - geodE2*s*s)
	return geodM0 / (w * w * w)
}

// arc returns the meridian arc from φ₀ to phi, in meters, by Simpson's
// rule: its error, of order Δφ⁵·e², is far below a micrometre for the
// heights newBufferChart accepts.
func (c *bufferChart) arc(phi float64) float64 {
	return (phi - c.phi0) / 6 * (c.m0 + 4*meridianRadius((phi+c.phi0)/2) + meridianRadius(phi))
}

func (c *bufferChart) forward(u, w float64) xy {
	th := c.s * u
	return xy{
		x: c.g0*u*sinc(th) - w*math.Sin(th),
		y: w*math.Cos(th) + c.g0*u*math.Sin(th/2)*sinc(th/2),
	}
}

func sinc(t float64) float64 {
	if t == 0 {
		return 1
	}
	return math.Sin(t) / t
}

func (c *bufferChart) xy(p orb.Point) xy {
	return c.forward((p.Lon()-c.lon0)*geodDeg, c.arc(p.Lat()*geodDeg))
}

// lonLat inverts xy by Newton's method from the tangent plane's answer.
// Each step squares the relative error, which starts below 1e-3, so two
// or three steps reach a nanometre.
func (c *bufferChart) lonLat(p xy) orb.Point {
	u, w := p.x/c.g0, p.y
	for range 6 {
		f := c.forward(u, w)
		ex, ey := p.x-f.x, p.y-f.y
		if math.Abs(ex)+math.Abs(ey) < 1e-9 {
			break
		}
		sin, cos := math.Sincos(c.s * u)
		u += (cos*ex + sin*ey) / (c.g0 - w*c.s)
		w += cos*ey - sin*ex
	}
	phi := c.phi0 + w/c.m0
	for range 4 {
		d := (w - c.arc(phi)) / meridianRadius(phi)
		phi += d
		if math.Abs(d) < 1e-16 {
			break
		}
	}
	return orb.Point{c.lon0 + u/geodDeg, phi / geodDeg}
}

// path maps a polyline or ring to the chart, splitting edges longer than
// bufferMaxEdgeMeters along their geodesic and dropping repeated vertices
// (and a ring's closing one).
func (c *bufferChart) path(pts []orb.Point, closed bool) []xy {
	out := make([]xy, 0, len(pts))
	add := func(p orb.Point) {
		q := c.xy(p)
		if n := len(out); n == 0 || math.Hypot(q.x-out[n-1].x, q.y-out[n-1].y) > bufferMinOffset {
			out = append(out, q)
		}
	}
	for i, p := range pts {
		if i > 0 {
			a := out[len(out)-1]
			q := c.xy(p)
			if l := math.Hypot(q.x-a.x, q.y-a.y); l > bufferMaxEdgeMeters {
				for _, m := range splitGeodesic(pts[i-1], p, int(math.Ceil(l/bufferMaxEdgeMeters))) {
					add(m)
				}
			}
		}
		add(p)
	}
	if closed && len(out) > 1 && math.Hypot(out[0].x-out[len(out)-1].x, out[0].y-out[len(out)-1].y) <= bufferMinOffset {
		out = out[:len(out)-1]
	}
	return out
}

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
