package walk_test

import (
	"errors"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/walk"

	"github.com/safezone/safezone/geo/osm"
)

const townOSM = "../testdata/walk/town.osm"

// town is the walking fixture (testdata/walk/town.py draws it).
type town struct {
	graph *walk.Graph
	index *geo.Index
	nodes map[int64]geo.Point
	bm    *osm.Basemap
}

func mustTown(tb testing.TB) town {
	tb.Helper()
	bm, err := osm.ReadBasemap(townOSM)
	if err != nil {
		tb.Fatal(err)
	}
	fs, err := osm.Read(townOSM)
	if err != nil {
		tb.Fatal(err)
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		tb.Fatal(err)
	}
	t := town{graph: walk.NewGraph(bm.Roads()), index: idx, nodes: map[int64]geo.Point{}, bm: bm}
	for _, r := range bm.Roads() {
		for i, id := range r.Nodes {
			t.nodes[id] = geo.Point{Lat: r.Line[i].Lat(), Lon: r.Line[i].Lon()}
		}
	}
	return t
}

func (tw town) feature(tb testing.TB, id string) geo.Feature {
	tb.Helper()
	f, err := tw.index.Feature(id)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func TestWalkable(t *testing.T) {
	tests := []struct {
		name string
		road osm.Road
		want bool
	}{
		{"footway", osm.Road{Class: "footway"}, true},
		{"steps", osm.Road{Class: "steps"}, true},
		{"residential", osm.Road{Class: "residential"}, true},
		{"primary", osm.Road{Class: "primary"}, true},
		{"service", osm.Road{Class: "service"}, true},
		{"living_street", osm.Road{Class: "living_street"}, true},
		{"motorway", osm.Road{Class: "motorway"}, false},
		{"motorway_link", osm.Road{Class: "motorway_link"}, false},
		{"motorway foot=yes", osm.Road{Class: "motorway", Foot: "yes"}, true},
		{"trunk", osm.Road{Class: "trunk"}, false},
		{"trunk sidewalk=both", osm.Road{Class: "trunk", Sidewalk: "both"}, true},
		{"trunk sidewalk=separate", osm.Road{Class: "trunk", Sidewalk: "separate"}, false},
		{"trunk_link sidewalk=right", osm.Road{Class: "trunk_link", Sidewalk: "right"}, true},
		{"foot=no", osm.Road{Class: "footway", Foot: "no"}, false},
		{"foot=private", osm.Road{Class: "residential", Foot: "private"}, false},
		{"access=private", osm.Road{Class: "service", Access: "private"}, false},
		{"access=no", osm.Road{Class: "residential", Access: "no"}, false},
		{"access=private foot=yes", osm.Road{Class: "service", Access: "private", Foot: "yes"}, true},
		{"access=destination", osm.Road{Class: "residential", Access: "destination"}, true},
		{"construction", osm.Road{Class: "construction"}, false},
		{"unknown", osm.Road{Class: "bus_guideway"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := walk.Walkable(tc.road); got != tc.want {
				t.Errorf("Walkable(%+v) = %v, want %v", tc.road, got, tc.want)
			}
		})
	}
}

func TestNewWalkGraph_town(t *testing.T) {
	tw := mustTown(t)
	g := tw.graph
	// Left out: the motorway (41, 42), the foot=no path (32), the private
	// road (33) and the trunk without a sidewalk (53).
	for _, id := range []int64{41, 42, 32, 33, 53} {
		if _, ok := g.NodePoint(id); ok {
			t.Errorf("node %d is in the graph, want it left out", id)
		}
	}
	for _, id := range []int64{1, 3, 31, 13, 51, 52, 54, 55} {
		if _, ok := g.NodePoint(id); !ok {
			t.Errorf("node %d is not in the graph", id)
		}
	}
	var oneway, sum int
	g.Segments(func(s walk.WalkSegment) bool {
		if s.WayID == 105 && (!s.Forward || s.Backward) {
			t.Errorf("footway segment %d-%d: forward %v backward %v, want forward only", s.From, s.To, s.Forward, s.Backward)
		}
		if s.Forward != s.Backward {
			oneway++
		}
		if d := geo.DistanceMeters(s.FromPoint, s.ToPoint); math.Abs(d-s.LengthMeters) > 1e-9 {
			t.Errorf("segment %d-%d: length %v, want %v", s.From, s.To, s.LengthMeters, d)
		}
		sum++
		return true
	})
	if sum != g.Len() || oneway != 2 || g.Arcs() != 2*g.Len()-oneway {
		t.Errorf("%d segments (Len %d), %d one-way, %d arcs", sum, g.Len(), oneway, g.Arcs())
	}
}

// pathMeters sums the geodesic lengths along nodes.
func pathMeters(tw town, pts ...geo.Point) float64 {
	d := 0.0
	for i := 1; i < len(pts); i++ {
		d += geo.DistanceMeters(pts[i-1], pts[i])
	}
	return d
}

func lineMeters(l orb.LineString) float64 {
	d := 0.0
	for i := 1; i < len(l); i++ {
		d += geo.DistanceMeters(geo.Point{Lat: l[i-1].Lat(), Lon: l[i-1].Lon()}, geo.Point{Lat: l[i].Lat(), Lon: l[i].Lon()})
	}
	return d
}

func TestWalkGraph_PathMeters(t *testing.T) {
	tw := mustTown(t)
	n := tw.nodes
	tests := []struct {
		name     string
		from, to int64
		via      []int64 // the expected path, from..to
	}{
		{"along a street", 1, 6, []int64{1, 2, 3, 4, 5, 6}},
		{"up the one-way footway", 3, 13, []int64{3, 31, 13}},
		{"down, round the one-way footway", 13, 3, []int64{13, 12, 11, 21, 1, 2, 3}},
		{"trunk with a sidewalk", 52, 1, []int64{52, 51, 6, 5, 4, 3, 2, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pts []geo.Point
			for _, id := range tc.via {
				pts = append(pts, n[id])
			}
			want := pathMeters(tw, pts...)
			got, ok, err := tw.graph.PathMeters(tc.from, tc.to, 10000)
			if err != nil || !ok || math.Abs(got-want) > 1e-6 {
				t.Errorf("PathMeters(%d, %d) = %v, %v, %v; want %v", tc.from, tc.to, got, ok, err, want)
			}
			if _, ok, _ := tw.graph.PathMeters(tc.from, tc.to, want-1e-3); ok {
				t.Errorf("PathMeters(%d, %d) within %v m: found, want none", tc.from, tc.to, want-1e-3)
			}
			// A walk of exactly the limit is found.
			if d, ok, _ := tw.graph.PathMeters(tc.from, tc.to, got); !ok || d != got {
				t.Errorf("PathMeters(%d, %d) within exactly %v m: %v, %v; want the walk", tc.from, tc.to, got, d, ok)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		// 55 hangs off the trunk beyond the end of its sidewalk.
		if d, ok, err := tw.graph.PathMeters(55, 1, 1e6); ok || err != nil || !math.IsInf(d, 1) {
			t.Errorf("PathMeters(55, 1) = %v, %v, %v; want +Inf, false, nil", d, ok, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, _, err := tw.graph.PathMeters(41, 1, 1000); !errors.Is(err, geo.ErrNotFound) {
			t.Errorf("PathMeters(41, 1) error %v, want ErrNotFound", err)
		}
	})
}

// TestWalkGraph_PathMeters_bruteForce checks Dijkstra against
// Bellman-Ford on random grids with one-way footways and missing streets.
func TestWalkGraph_PathMeters_bruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for trial := range 20 {
		roads, pts := randomGrid(r, 8)
		g := walk.NewGraph(roads)
		ids := make([]int64, 0, len(pts))
		for id := range pts {
			if _, ok := g.NodePoint(id); ok {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		for range 10 {
			from, to := ids[r.Intn(len(ids))], ids[r.Intn(len(ids))]
			want := bellmanFord(g, from, to)
			got, ok, err := g.PathMeters(from, to, 1e6)
			if err != nil || ok != !math.IsInf(want, 1) || (ok && math.Abs(got-want) > 1e-6) {
				t.Fatalf("trial %d: PathMeters(%d, %d) = %v, %v, %v; Bellman-Ford %v", trial, from, to, got, ok, err, want)
			}
		}
	}
}

// randomGrid returns an n×n grid of 100 m blocks near Chengdu whose
// streets are randomly missing, one-way footways or residential streets.
func randomGrid(r *rand.Rand, n int) ([]osm.Road, map[int64]orb.Point) {
	pts := map[int64]orb.Point{}
	id := func(i, j int) int64 { return int64(1 + i*n + j) }
	for i := range n {
		for j := range n {
			pts[id(i, j)] = orb.Point{104.06 + float64(j)*0.00104 + r.Float64()*1e-4, 30.65 + float64(i)*0.0009 + r.Float64()*1e-4}
		}
	}
	var roads []osm.Road
	add := func(a, b int64) {
		road := osm.Road{WayID: int64(len(roads) + 1), Class: "residential", Nodes: []int64{a, b}, Line: orb.LineString{pts[a], pts[b]}}
		switch r.Intn(6) {
		case 0:
			return
		case 1:
			road.Class, road.Oneway = "footway", "yes"
		case 2:
			road.Class, road.Oneway = "footway", "-1"
		case 3:
			road.Class = "motorway"
		}
		roads = append(roads, road)
	}
	for i := range n {
		for j := range n {
			if j+1 < n {
				add(id(i, j), id(i, j+1))
			}
			if i+1 < n {
				add(id(i, j), id(i+1, j))
			}
		}
	}
	return roads, pts
}

// bellmanFord returns the shortest walk from node from to node to over the
// graph's exported segments, +Inf if there is none.
func bellmanFord(g *walk.Graph, from, to int64) float64 {
	dist := map[int64]float64{from: 0}
	get := func(id int64) float64 {
		if d, ok := dist[id]; ok {
			return d
		}
		return math.Inf(1)
	}
	for range g.Nodes() {
		changed := false
		g.Segments(func(s walk.WalkSegment) bool {
			if d := get(s.From) + s.LengthMeters; s.Forward && d < get(s.To) {
				dist[s.To], changed = d, true
			}
			if d := get(s.To) + s.LengthMeters; s.Backward && d < get(s.From) {
				dist[s.From], changed = d, true
			}
			return true
		})
		if !changed {
			break
		}
	}
	return get(to)
}
