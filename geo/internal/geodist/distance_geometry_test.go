package geodist

import (
	"fmt"
	"math"
	"math/rand"
	"sync"
	"testing"

	"github.com/paulmach/orb"
)

var (
	distOrigin    = orb.Point{104.06, 30.66}
	distCampus    = distNgon(distOrigin, 150, 6, 0)
	distCourtyard = distNgon(distOrigin, 40, 4, 45) // a hole in the campus
	distSchool    = orb.Polygon{distCampus, distCourtyard}
	distNorth     = func(m float64) orb.Point { return distDirect(distOrigin, 0, m) }
	distEast      = func(m float64) orb.Point { return distDirect(distOrigin, 90, m) }
)

func TestDistance(t *testing.T) {
	far := distNgon(distNorth(600), 50, 4, 0)
	overlap := distNgon(distNorth(150), 50, 4, 0)
	inside := distNgon(distEast(90), 10, 4, 0)
	inHole := distNgon(distOrigin, 10, 3, 0)
	street := orb.LineString{distDirect(distNorth(300), 270, 500), distDirect(distNorth(300), 90, 500)}
	tests := []struct {
		name string
		a, b orb.Geometry
		want float64 // < 0: the reference distance from a to the boundary of b
	}{
		{"point inside polygon", distEast(100), distSchool, 0},
		{"point on vertex", distCampus[2], distSchool, 0},
		{"point in hole", distNorth(10), distSchool, -1},
		{"point outside", distNorth(400), distSchool, -1},
		{"point in ring", distEast(100), distCampus, 0},
		{"point in bound", distEast(100), distCampus.Bound(), 0},
		{"crossing lines", orb.LineString{distNorth(-100), distNorth(100)}, orb.LineString{distEast(-100), distEast(100)}, 0},
		{"touching lines", orb.LineString{distNorth(-100), distOrigin}, orb.LineString{distOrigin, distEast(100)}, 0},
		{"line crossing polygon", street, distNgon(distNorth(300), 50, 5, 0), 0},
		{"line inside polygon", orb.LineString{distEast(80), distEast(120)}, distSchool, 0},
		{"line outside", street, distSchool, -1},
		{"polygons disjoint", orb.Polygon{far}, distSchool, -1},
		{"polygons overlap", orb.Polygon{overlap}, distSchool, 0},
		{"polygon contained", orb.Polygon{inside}, distSchool, 0},
		{"polygon containing", distSchool, orb.Polygon{inside}, 0},
		{"polygon in hole", orb.Polygon{inHole}, distSchool, -1},
		{"multipolygon", orb.MultiPolygon{{far}, {inside}}, distSchool, 0},
		{"multipolygon disjoint", orb.MultiPolygon{{far}, {distNgon(distEast(800), 50, 4, 0)}}, distSchool, -1},
		{"multipoint", orb.MultiPoint{distNorth(900), distNorth(400)}, distSchool, -1},
		{"multilinestring", orb.MultiLineString{street, {distEast(1000), distEast(2000)}}, distSchool, -1},
		{"collection", orb.Collection{distNorth(900), orb.Polygon{far}}, distSchool, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want < 0 {
				want = refGeometryDistance(t, tc.a, tc.b)
			}
			for _, got := range []float64{Distance(tc.a, tc.b), Distance(tc.b, tc.a)} {
				if math.Abs(got-want) > 1e-6 {
					t.Errorf("Distance = %.9f m, want %.9f m", got, want)
				}
			}
		})
	}
}

// refGeometryDistance is the reference distance between geometries that
// neither touch nor contain one another: the nearest vertex–edge pair,
// each solved by dense sampling.
func refGeometryDistance(t *testing.T, a, b orb.Geometry) float64 {
	t.Helper()
	if c, ok := a.(orb.Collection); ok {
		best := math.Inf(1)
		for _, g := range c {
			best = math.Min(best, refGeometryDistance(t, g, b))
		}
		return best
	}
	var ga, gb Parts
	if !ga.Split(a) || !gb.Split(b) {
		t.Fatalf("cannot split %T or %T", a, b)
	}
	best := math.Inf(1)
	pairs := func(g, h *Parts) {
		for v := range g.Vertices {
			for p, q := range h.Edges {
				best = math.Min(best, refSegmentDistance(v, p, q, 500))
			}
		}
	}
	pairs(&ga, &gb)
	pairs(&gb, &ga)
	if best == 0 {
		t.Fatal("reference distance is 0: use want = 0")
	}
	return best
}

func TestDistance_touching(t *testing.T) {
	mid, _ := distAlong(distCampus[0], distCampus[1], Meters(distCampus[0], distCampus[1])/2)
	tests := []struct {
		name string
		a, b orb.Geometry
	}{
		{"endpoint on a line", orb.LineString{mid, distNorth(500)}, orb.LineString{distCampus[0], distCampus[1]}},
		{"point on an edge", mid, distSchool},
		{"shared edge", orb.Polygon{distCampus}, orb.Polygon{{distCampus[1], distCampus[0], distNorth(500), distCampus[1]}}},
		{"shared vertex", orb.Polygon{distCampus}, orb.Polygon{{distCampus[0], distNorth(500), distEast(500), distCampus[0]}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Distance(tc.a, tc.b); got > 1e-6 {
				t.Errorf("Distance = %v m, want 0 (within 1 µm)", got)
			}
		})
	}
}

func TestDistance_empty(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
	}{
		{"nil", nil},
		{"empty multipoint", orb.MultiPoint{}},
		{"empty linestring", orb.LineString{}},
		{"empty multilinestring", orb.MultiLineString{{}}},
		{"empty ring", orb.Ring{}},
		{"empty polygon", orb.Polygon{}},
		{"polygon of empty rings", orb.Polygon{{}, {}}},
		{"empty multipolygon", orb.MultiPolygon{}},
		{"empty collection", orb.Collection{}},
		{"empty bound", orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{0, 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Distance(tc.g, distSchool); !math.IsInf(got, 1) {
				t.Errorf("Distance = %v, want +Inf", got)
			}
			if d, ok := Within(distSchool, tc.g, 1e9); ok || !math.IsInf(d, 1) {
				t.Errorf("Within = %v, %v, want +Inf, false", d, ok)
			}
		})
	}
}

// TestDistance_noPanic runs every pair of orb's sample
// geometries, plus degenerate and out-of-range ones, near the poles and the
// antimeridian.
func TestDistance_noPanic(t *testing.T) {
	nan := math.NaN()
	odd := []orb.Geometry{
		orb.Point{nan, nan},
		orb.Point{180, 90},
		orb.LineString{{179.9, 89.9}, {-179.9, 89.9}},
		orb.LineString{{1, 1}},
		orb.Ring{{0, 90}, {90, 90}, {180, 90}, {0, 90}},
		orb.Polygon{{{-180, -90}, {180, -90}, {180, 90}, {-180, 90}, {-180, -90}}},
		orb.Polygon{{{179.99, 0}, {-179.99, 0}, {-179.99, 0.01}, {179.99, 0}}},
		orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{1, 1}},
		orb.Collection{orb.Collection{orb.Point{0, 0}}, nil},
	}
	all := append(append([]orb.Geometry{}, orb.AllGeometries...), odd...)
	for i, a := range all {
		for j, b := range all {
			t.Run(fmt.Sprintf("%d-%d", i, j), func(t *testing.T) {
				d := Distance(a, b)
				if d < 0 {
					t.Errorf("Distance(%v, %v) = %v", a, b, d)
				}
				Within(a, b, 200)
			})
		}
	}
}

// TestDistance_bowedEdge puts points between a long east–west
// edge at 70°N and the line straight in lon/lat between its ends: the
// geodesic bows about 20 cm poleward of that line, so a plane test alone
// would put these points on the wrong side.
func TestDistance_bowedEdge(t *testing.T) {
	sw, se := orb.Point{25.0, 70}, orb.Point{25.06, 70}         // 2.3 km apart
	ring := orb.Ring{se, sw, {25.0, 69.99}, {25.06, 69.99}, se} // north edge se→sw
	top, _ := distAlong(sw, se, Meters(sw, se)/2)
	straight := orb.Point{25.03, 70}
	bow := Meters(top, straight)
	if bow < 0.1 {
		t.Fatalf("the edge bows by %.3f m: expected more", bow)
	}
	tests := []struct {
		name string
		p    orb.Point
		want float64
	}{
		{"inside, north of the straight line", distDirect(top, 180, bow/2), 0},
		{"outside, 5 cm north of the edge", distDirect(top, 0, 0.05), 0.05},
		{"outside, north of the straight line too", distDirect(top, 0, bow+0.01), bow + 0.01},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Distance(tc.p, orb.Polygon{ring}); math.Abs(got-tc.want) > 1e-6 {
				t.Errorf("Distance = %.9f m, want %.9f m", got, tc.want)
			}
		})
	}
}

// TestDistance_nearBoundary puts points a millimeter to ten
// centimeters inside and outside random convex polygons, on the geodesic
// perpendicular to an edge: inside must be 0, outside exactly the offset.
func TestDistance_nearBoundary(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, lat := range []float64{0, 30.66, -45.87, 70, 80, 84} {
		t.Run(fmt.Sprintf("lat=%v", lat), func(t *testing.T) {
			for range 40 {
				c := orb.Point{r.Float64()*300 - 150, lat + r.Float64()*0.01}
				ring := distNgon(c, 20+r.Float64()*2000, 3+r.Intn(10), r.Float64()*360)
				k := r.Intn(len(ring) - 1)
				foot, az := distAlong(ring[k], ring[k+1], Meters(ring[k], ring[k+1])*r.Float64())
				for _, off := range []float64{0.001, 0.01, 0.1} {
					in, out := distDirect(foot, az-90, off), distDirect(foot, az+90, off)
					if got := Distance(in, orb.Polygon{ring}); got != 0 {
						t.Errorf("%v, %v m inside %v: got %.9f m, want 0", in, off, ring, got)
					}
					if got := Distance(out, orb.Polygon{ring}); math.Abs(got-off) > 1e-6 {
						t.Errorf("%v, %v m outside %v: got %.9f m, want %v", out, off, ring, got, off)
					}
				}
			}
		})
	}
}

// TestDistance_concurrent runs distances from several
// goroutines, for the race detector.
func TestDistance_concurrent(t *testing.T) {
	want := Distance(distNorth(400), distSchool)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				if got := Distance(distNorth(400), distSchool); got != want {
					t.Errorf("Distance = %v, want %v", got, want)
				}
				if _, ok := Within(distSchool, distNorth(400), 300); !ok {
					t.Error("Within = false, want true")
				}
			}
		})
	}
	wg.Wait()
}
