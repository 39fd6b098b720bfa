package zones_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/geodesic"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/zones"
)

// The documented bounds on a buffer's boundary, relative to meters.
const (
	bufferInside  = -0.1
	bufferOutside = 0.05
)

// geodesicMid returns the midpoint of the geodesic a–b, which is how
// GeometryDistanceMeters reads the edge (a lon/lat midpoint can be 1 cm
// off it at 80°N over 300 m).
func geodesicMid(a, b orb.Point) orb.Point {
	l := geodesic.WGS84.InverseLine(a.Lat(), a.Lon(), b.Lat(), b.Lon(), geodesic.DistanceIn|geodesic.Longitude)
	var lat, lon float64
	l.Position(l.S13()/2, &lat, &lon, nil)
	return orb.Point{lon, lat}
}

// checkBuffer checks that every vertex of mp's boundary, and the middle of
// every edge, is between meters+bufferInside and meters+bufferOutside from
// g; that outer rings are counter-clockwise and holes clockwise; and that
// every vertex of g is inside. It returns the range of errors seen.
func checkBuffer(t *testing.T, g orb.Geometry, meters float64, mp orb.MultiPolygon) (lo, hi float64) {
	t.Helper()
	if len(mp) == 0 {
		t.Fatal("empty buffer")
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range mp {
		for k, r := range p {
			if want := map[bool]orb.Orientation{true: orb.CCW, false: orb.CW}[k == 0]; r.Orientation() != want || r[0] != r[len(r)-1] {
				t.Errorf("ring %d: orientation %v, closed %v", k, r.Orientation(), r[0] == r[len(r)-1])
			}
			for i := 1; i < len(r); i++ {
				for _, q := range []orb.Point{r[i], geodesicMid(r[i-1], r[i])} {
					d := geo.GeometryDistanceMeters(g, q) - meters
					lo, hi = math.Min(lo, d), math.Max(hi, d)
					if d < bufferInside || d > bufferOutside {
						t.Errorf("boundary point %v: %.4f m from g, want %v ± (%v, %v)", q, d+meters, meters, bufferInside, bufferOutside)
						return lo, hi
					}
				}
			}
		}
	}
	for _, v := range vertices(g) {
		if !planar.MultiPolygonContains(mp, v) {
			t.Errorf("vertex %v of g is outside its buffer", v)
		}
	}
	return lo, hi
}

func vertices(g orb.Geometry) []orb.Point {
	var out []orb.Point
	switch v := g.(type) {
	case orb.Point:
		out = append(out, v)
	case orb.MultiPoint:
		out = append(out, v...)
	case orb.LineString:
		out = append(out, v...)
	case orb.MultiLineString:
		for _, l := range v {
			out = append(out, l...)
		}
	case orb.Polygon:
		for _, r := range v {
			out = append(out, r...)
		}
	case orb.MultiPolygon:
		for _, p := range v {
			out = append(out, vertices(p)...)
		}
	}
	return out
}

// squareWithHole is a 1 km square with a 600 m square hole in the middle.
func squareWithHole(c orb.Point) orb.Polygon {
	outer, hole := geotest.Square(c, 500)[0], geotest.Square(c, 300)[0]
	hole.Reverse()
	return orb.Polygon{outer, hole}
}

func TestBufferMeters(t *testing.T) {
	type shape struct {
		name string
		make func(c orb.Point) orb.Geometry
	}
	shapes := []shape{
		{"Point", func(c orb.Point) orb.Geometry { return c }},
		{"Square", func(c orb.Point) orb.Geometry { return geotest.Square(c, 100) }},
		{"LShape", func(c orb.Point) orb.Geometry { return lShape(c) }},
		{"Line", func(c orb.Point) orb.Geometry {
			b := geotest.Offset(c, 45, 500)
			return orb.LineString{c, b, geotest.Offset(b, 170, 300)}
		}},
		{"Hairpin", func(c orb.Point) orb.Geometry { // turns back on itself
			return orb.LineString{c, geotest.Offset(c, 90, 400), geotest.Offset(c, 89, 200)}
		}},
		{"MultiPoint", func(c orb.Point) orb.Geometry {
			return orb.MultiPoint{c, geotest.Offset(c, 0, 150), geotest.Offset(c, 90, 1000)}
		}},
		{"PolygonWithHole", func(c orb.Point) orb.Geometry { return squareWithHole(c) }},
		{"ClockwiseRing", func(c orb.Point) orb.Geometry {
			r := geotest.Square(c, 100)[0]
			r.Reverse()
			return r
		}},
	}
	for _, lat := range []float64{30, 60} {
		for _, s := range shapes {
			for _, m := range []float64{50, 200, 5000} {
				t.Run(fmt.Sprintf("%gN/%s/%gm", lat, s.name, m), func(t *testing.T) {
					g := s.make(orb.Point{104.06, lat})
					mp, err := zones.BufferMeters(g, m)
					if err != nil {
						t.Fatal(err)
					}
					lo, hi := checkBuffer(t, g, m, mp)
					t.Logf("%d polygons, boundary at %+.4f to %+.4f m", len(mp), lo, hi)
				})
			}
		}
	}
}

// The inside of a polygon is in its buffer; its hole stays a hole only
// where the hole is farther than meters from the polygon.
func TestBufferMeters_holes(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	g := squareWithHole(c) // the hole's centre is 300 m from the polygon
	tests := []struct {
		name     string
		meters   float64
		p        orb.Point
		inside   bool
		numHoles int
	}{
		{"HoleCentreAt200m", 200, c, false, 1},
		{"HoleCentreAt300m", 300.1, c, true, 0},
		{"InsideThePolygon", 50, geotest.Offset(c, 0, 400), true, 1},
		{"OutsideAt49m", 50, geotest.Offset(c, 0, 549), true, 1},
		{"OutsideAt51m", 50, geotest.Offset(c, 0, 551), false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mp, err := zones.BufferMeters(g, tc.meters)
			if err != nil {
				t.Fatal(err)
			}
			if got := planar.MultiPolygonContains(mp, tc.p); got != tc.inside {
				t.Errorf("contains %v = %v, want %v", tc.p, got, tc.inside)
			}
			if len(mp) != 1 || len(mp[0])-1 != tc.numHoles {
				t.Errorf("got %d polygons, the first with %d holes; want 1 with %d", len(mp), len(mp[0])-1, tc.numHoles)
			}
		})
	}
}

// Winding lines make many overlapping bands: a union that mishandled them
// (geom.UnionMany does) leaves holes, which this test sees as boundary
// points on the line.
func TestBufferMeters_randomLines(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	for i := range 20 {
		p := orb.Point{104 + rng.Float64(), 30 + rng.Float64()}
		line := orb.LineString{p}
		az := rng.Float64() * 360
		for range 10 + rng.Intn(40) {
			az += rng.NormFloat64() * 70
			p = geotest.Offset(p, az, 10+rng.Float64()*80)
			line = append(line, p)
		}
		m := []float64{20, 50, 100, 200}[i%4]
		t.Run(fmt.Sprintf("%d/%gm", i, m), func(t *testing.T) {
			mp, err := zones.BufferMeters(line, m)
			if err != nil {
				t.Fatal(err)
			}
			checkBuffer(t, line, m, mp)
		})
	}
}

// A bow-tie ring is not a valid polygon; its buffer still covers both
// triangles and everything within meters of them.
func TestBufferMeters_invalidPolygon(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	ne, sw, se, nw := geotest.Offset(c, 45, 300), geotest.Offset(c, 225, 300), geotest.Offset(c, 135, 300), geotest.Offset(c, 315, 300)
	bowtie := orb.Polygon{{sw, ne, se, nw, sw}}
	mp, err := zones.BufferMeters(bowtie, 30)
	if err != nil {
		t.Fatal(err)
	}
	checkBuffer(t, bowtie, 30, mp)
	for _, p := range []orb.Point{geotest.Offset(c, 90, 100), geotest.Offset(c, 270, 100)} {
		if !planar.MultiPolygonContains(mp, p) {
			t.Errorf("%v, inside the bow tie, is outside its buffer", p)
		}
	}
}

func TestBufferMeters_errors(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	tests := []struct {
		name   string
		g      orb.Geometry
		meters float64
		want   string
	}{
		{"ZeroMeters", c, 0, `buffer distance "0": must be above 0`},
		{"NegativeMeters", c, -1, `buffer distance "-1"`},
		{"NaNMeters", c, math.NaN(), `buffer distance "NaN"`},
		{"InfiniteMeters", c, math.Inf(1), `buffer distance "+Inf"`},
		{"TooFar", c, 5000.5, "at most 5000 meters"},
		{"NilGeometry", nil, 100, "geometry: missing"},
		{"EmptyLine", orb.LineString{}, 100, "geometry LineString: has no vertices"},
		{"EmptyPolygon", orb.Polygon{}, 100, "geometry Polygon: has no vertices"},
		{"EmptyCollection", orb.Collection{orb.MultiPoint{}}, 100, "has no vertices"},
		{"LatOutOfRange", orb.Point{104, 95}, 100, `lat "95": must be between -90 and 90`},
		{"LonNaN", orb.Point{math.NaN(), 30}, 100, `lon "NaN"`},
		{"NearThePole", orb.Point{104, 84.99}, 5000, "beyond 85° of latitude"},
		{"AcrossTheAntimeridian", orb.Point{179.99, 30}, 5000, "antimeridian"},
		{"TooTall", orb.LineString{{104, 20}, {104, 40}}, 200, "too tall to buffer by 200 m"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mp, err := zones.BufferMeters(tc.g, tc.meters)
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("got %v, %v; want an error wrapping ErrInvalidInput", mp, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}
