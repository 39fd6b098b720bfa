package zones

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/peterstace/simplefeatures/geom"

	"github.com/safezone/safezone/geo"
)

// MaxBufferMeters is the largest distance BufferMeters accepts: the largest
// distance a rule may have.
const MaxBufferMeters = geo.MaxRuleDistanceMeters

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
// Distances are those of geo.GeometryDistanceMeters: geodesic on the ellipsoid,
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
		return nil, geo.Invalidf("buffer distance %q: must be above 0 and at most %v meters",
			fmt.Sprint(meters), float64(MaxBufferMeters))
	}
	var in bufferInput
	if err := in.add(g); err != nil {
		return nil, err
	}
	if in.n == 0 {
		return nil, geo.Invalidf("geometry %s: has no vertices to buffer", geometryName(g))
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
		return geo.Invalidf("geometry: missing")
	default:
		return geo.Invalidf("geometry %T: cannot be buffered", g)
	}
	return nil
}

// check validates coordinates and grows the bound.
func (in *bufferInput) check(pts ...orb.Point) error {
	for _, p := range pts {
		if err := (geo.Point{Lat: p.Lat(), Lon: p.Lon()}).Validate(); err != nil {
			return geo.Invalidf("geometry: %v", err)
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
