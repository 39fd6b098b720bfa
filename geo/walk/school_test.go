package walk_test

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/walk"
)

func orbPt(p geo.Point) orb.Point { return orb.Point{p.Lon, p.Lat} }

func TestWalkGraph_WalkToSchool(t *testing.T) {
	tw := mustTown(t)
	school := tw.feature(t, "way/120")
	if len(school.Gates) != 1 {
		t.Fatalf("school gates %v, want the gate node 62", school.Gates)
	}
	gate := school.Gates[0]
	n := tw.nodes
	tests := []struct {
		name string
		shop string
		via  []int64 // graph nodes the walk passes, in order
	}{
		// Across 南街 from the gate: onto the street, west to node 2 below
		// the gate, and up to it.
		{"across the street", "node/72", []int64{2}},
		// North of the motorway: 43 m from the campus in a straight line,
		// but the path along x=100 is foot=no and the footway is one-way
		// northwards, so the walk goes round by 西街.
		{"round the block", "node/71", []int64{12, 11, 21, 1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			shop := tw.feature(t, tc.shop)
			w, ok := tw.graph.WalkToSchool(school, shop, 5000)
			if !ok {
				t.Fatalf("no walk from %s", tc.shop)
			}
			route := w.Route
			if route[0] != shop.Geometry.(orb.Point) || route[len(route)-1] != orbPt(gate) {
				t.Errorf("route %v: want it from the shop %v to the gate %v", route, shop.Geometry, gate)
			}
			inner := route[1 : len(route)-1]
			var got []orb.Point
			for _, p := range inner {
				for _, id := range tc.via {
					if p == orbPt(n[id]) {
						got = append(got, p)
					}
				}
			}
			if len(got) != len(tc.via) {
				t.Errorf("route %v passes %d of the nodes %v", route, len(got), tc.via)
			}
			for i, id := range tc.via {
				if i < len(got) && got[i] != orbPt(n[id]) {
					t.Errorf("route node %d is %v, want node %d %v", i, got[i], id, n[id])
				}
			}
			if d := lineMeters(route); math.Abs(d-w.Meters) > 1e-6 {
				t.Errorf("Meters %v, route length %v", w.Meters, d)
			}
			straight := geo.GeometryDistanceMeters(orbPt(gate), shop.Geometry)
			if w.Meters < straight {
				t.Errorf("walk %v m is shorter than the straight %v m", w.Meters, straight)
			}
			// The snap onto the street is the geodesic distance to it.
			snap := geo.DistanceMeters(geo.Point{Lat: route[0].Lat(), Lon: route[0].Lon()}, geo.Point{Lat: route[1].Lat(), Lon: route[1].Lon()})
			if street := geo.GeometryDistanceMeters(shop.Geometry, nearestStreet(tw, route[1])); math.Abs(snap-street) > 1e-3 {
				t.Errorf("snap %v m, distance to the street %v m", snap, street)
			}
			if _, ok := tw.graph.WalkToSchool(school, shop, w.Meters); !ok {
				t.Errorf("no walk within exactly %v m", w.Meters)
			}
			if _, ok := tw.graph.WalkToSchool(school, shop, w.Meters-1e-3); ok {
				t.Errorf("a walk within %v m, shorter than the shortest", w.Meters-1e-3)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		// 远处网吧 is beside a street reached only along a trunk road without
		// a sidewalk.
		if w, ok := tw.graph.WalkToSchool(school, tw.feature(t, "node/73"), 1e5); ok {
			t.Errorf("walk %v m from node/73, want none", w.Meters)
		}
	})
	t.Run("footprint", func(t *testing.T) {
		// The pond as a footprint: the walk starts at its outline's point
		// nearest the gate, the corner (250, 20).
		pond := tw.feature(t, "way/130")
		b := pond.Geometry.Bound() // node 81 is its south-west corner, 83 north-east
		w, ok := tw.graph.WalkToSchool(school, pond, 5000)
		if !ok || w.Route[0] != b.Min {
			t.Errorf("walk from the pond %v, %v; want it from node 81 %v", w.Route, ok, b.Min)
		}
		pond.Gates = []geo.Point{{Lat: b.Max.Lat(), Lon: b.Max.Lon()}} // an entrance on the far side
		if w, ok := tw.graph.WalkToSchool(school, pond, 5000); !ok || w.Route[0] != b.Max {
			t.Errorf("walk from the pond's entrance %v, %v; want it from node 83 %v", w.Route, ok, b.Max)
		}
	})
	t.Run("no gate", func(t *testing.T) {
		// Without gates the walk ends at a campus boundary vertex.
		s := school
		s.Gates = nil
		w, ok := tw.graph.WalkToSchool(s, tw.feature(t, "node/72"), 5000)
		if !ok {
			t.Fatal("no walk")
		}
		last := w.Route[len(w.Route)-1]
		if !containsPoint(s.Geometry.(orb.Polygon)[0], last) {
			t.Errorf("walk ends at %v, not a campus vertex", last)
		}
	})
}

func containsPoint(ring orb.Ring, p orb.Point) bool {
	for _, q := range ring {
		if q == p {
			return true
		}
	}
	return false
}

// nearestStreet returns the walkable segment through p as a line.
func nearestStreet(tw town, p orb.Point) orb.Geometry {
	var best orb.LineString
	bestD := math.Inf(1)
	tw.graph.Segments(func(s walk.WalkSegment) bool {
		l := orb.LineString{orbPt(s.FromPoint), orbPt(s.ToPoint)}
		if d := geo.GeometryDistanceMeters(l, p); d < bestD {
			best, bestD = l, d
		}
		return true
	})
	return best
}

// TestWalkGraph_WalkToSchool_notShorter: a walk is never shorter than the
// straight line between its ends, for random places and schools.
func TestWalkGraph_WalkToSchool_notShorter(t *testing.T) {
	tw := mustTown(t)
	r := rand.New(rand.NewSource(42))
	ext, _ := tw.bm.Extent()
	random := func() orb.Point {
		return orb.Point{ext.Min[0] + r.Float64()*(ext.Max[0]-ext.Min[0]), ext.Min[1] + r.Float64()*(ext.Max[1]-ext.Min[1])}
	}
	found := 0
	for range 500 {
		school := geo.Feature{ID: "s", Kind: geo.School, Geometry: random()}
		place := geo.Feature{ID: "p", Kind: geo.Business, Geometry: random()}
		w, ok := tw.graph.WalkToSchool(school, place, 2000)
		if !ok {
			continue
		}
		found++
		if straight := geo.GeometryDistanceMeters(school.Geometry, place.Geometry); w.Meters < straight {
			t.Fatalf("walk %v m < straight %v m from %v to %v", w.Meters, straight, place.Geometry, school.Geometry)
		}
		if d := lineMeters(w.Route); math.Abs(d-w.Meters) > 1e-6 {
			t.Fatalf("Meters %v, route length %v", w.Meters, d)
		}
		if w.Meters > 2000 {
			t.Fatalf("walk %v m beyond the 2000 m limit", w.Meters)
		}
	}
	if found < 200 {
		t.Errorf("only %d of 500 random pairs walked", found)
	}
}

// TestWalkGraph_concurrent: searches share pooled state; concurrent walks
// give the answers sequential ones do (run with -race).
func TestWalkGraph_concurrent(t *testing.T) {
	tw := mustTown(t)
	school := tw.feature(t, "way/120")
	r := rand.New(rand.NewSource(1))
	places := make([]geo.Feature, 64)
	want := make([]float64, len(places))
	for i := range places {
		places[i] = geo.Feature{Geometry: at(r.Float64()*500-50, r.Float64()*300-50)}
		w, _ := tw.graph.WalkToSchool(school, places[i], 1000)
		want[i] = w.Meters
	}
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			for i := range places {
				if w, _ := tw.graph.WalkToSchool(school, places[i], 1000); w.Meters != want[i] {
					errs <- fmt.Sprintf("place %d: %v m, sequentially %v m", i, w.Meters, want[i])
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
