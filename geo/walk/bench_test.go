package walk_test

import (
	"fmt"
	"math"
	"math/rand"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/walk"

	"github.com/safezone/safezone/geo/osm"
)

// chengdu is the demo city (shared real data, © OpenStreetMap contributors,
// ODbL), loaded once for the walking benchmarks.
var chengdu = sync.OnceValues(func() (town, error) {
	const path = "/work/shared/data/osm/chengdu-2018.osm.pbf"
	bm, err := osm.ReadBasemap(path)
	if err != nil {
		return town{}, err
	}
	fs, err := osm.Read(path)
	if err != nil {
		return town{}, err
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		return town{}, err
	}
	return town{graph: walk.NewGraph(bm.Roads()), index: idx, bm: bm}, nil
})

func mustChengdu(b *testing.B) town {
	b.Helper()
	c, err := chengdu()
	if err != nil {
		b.Skipf("Chengdu extract: %v", err)
	}
	return c
}

func schools(x *geo.Index) []geo.Feature {
	var out []geo.Feature
	x.Features(geo.School, func(f geo.Feature) bool {
		out = append(out, f)
		return true
	})
	return out
}

// near returns a random point up to maxM meters from the centre of g.
func near(r *rand.Rand, g orb.Geometry, maxM float64) geo.Point {
	c := g.Bound().Center()
	d, az := maxM*math.Sqrt(r.Float64()), 2*math.Pi*r.Float64()
	return geo.Point{Lat: c.Lat() + d*math.Cos(az)/110850, Lon: c.Lon() + d*math.Sin(az)/(111320*math.Cos(c.Lat()*math.Pi/180))}
}

// BenchmarkNewGraph builds the Chengdu pedestrian graph from its roads.
func BenchmarkNewGraph(b *testing.B) {
	c := mustChengdu(b)
	roads := c.bm.Roads()
	b.ReportAllocs()
	var g *walk.Graph
	for b.Loop() {
		g = walk.NewGraph(roads)
	}
	b.ReportMetric(float64(g.Nodes()), "nodes")
	b.ReportMetric(float64(g.Arcs()), "arcs")
}

// BenchmarkGraph_WalkToSchool is one walking measurement on the
// Chengdu graph, from a point up to 300 m from a school, bounded by a 200
// m rule, and (limit=5000m) with a search bounded only far away.
func BenchmarkGraph_WalkToSchool(b *testing.B) {
	c := mustChengdu(b)
	ss := schools(c.index)
	r := rand.New(rand.NewSource(42))
	type pair struct{ s, f geo.Feature }
	pairs := make([]pair, 1024)
	for i := range pairs {
		s := ss[r.Intn(len(ss))]
		p := near(r, s.Geometry, 300)
		pairs[i] = pair{s, geo.Feature{ID: "p", Kind: geo.Business, Geometry: orb.Point{p.Lon, p.Lat}}}
	}
	for _, limit := range []float64{200, 5000} {
		b.Run(fmt.Sprintf("limit=%gm", limit), func(b *testing.B) {
			b.ReportAllocs()
			found, i := 0, 0
			for b.Loop() {
				p := pairs[i%len(pairs)]
				if _, ok := c.graph.WalkToSchool(p.s, p.f, limit); ok {
					found++
				}
				i++
			}
			b.ReportMetric(float64(found)/float64(i), "found/op")
		})
	}
}

// BenchmarkIndex_CheckWith is a whole check by the walking method on
// Chengdu (the walking example pack: two walking rules and a straight
// one), against Check, measured straight.
func BenchmarkIndex_CheckWith(b *testing.B) {
	c := mustChengdu(b)
	pack := mustWalkPack(b)
	ss := schools(c.index)
	r := rand.New(rand.NewSource(42))
	pts := make([]geo.Point, 1024)
	for i := range pts {
		pts[i] = near(r, ss[r.Intn(len(ss))].Geometry, 300)
	}
	for _, m := range []geo.Method{geo.Walking, geo.Straight} {
		b.Run("method="+string(m), func(b *testing.B) {
			b.ReportAllocs()
			hits, i := 0, 0
			for b.Loop() {
				res, err := c.index.CheckWith(pts[i%len(pts)], "internet_cafe", pack, geo.CheckOptions{Method: m, Walk: c.graph})
				if err != nil {
					b.Fatal(err)
				}
				hits += len(res.Hits)
				i++
			}
			b.ReportMetric(float64(hits)/float64(i), "hits/op")
		})
	}
}

// chengduHomes returns n random homes up to 1000 m from the schools,
// spread evenly over them.
func chengduHomes(c town, n int) (ss []geo.Feature, homes [][]walk.Home) {
	ss = schools(c.index)
	r := rand.New(rand.NewSource(7))
	homes = make([][]walk.Home, len(ss))
	for k := range n {
		i := k % len(ss)
		homes[i] = append(homes[i], walk.Home{ID: fmt.Sprint("h", k), Point: near(r, ss[i].Geometry, 1000)})
	}
	return ss, homes
}

// benchHomes is how many random homes give 10,000 routes on Chengdu: some
// homes are off the network (in the river, beyond a motorway).
const benchHomes = 10750

// BenchmarkGraph_RoutesToSchool computes 10,000 routes on Chengdu:
// random homes up to 1 km from the 60 schools, to their gates, within 2 km
// on foot.
func BenchmarkGraph_RoutesToSchool(b *testing.B) {
	c := mustChengdu(b)
	ss, homes := chengduHomes(c, benchHomes)
	b.ReportAllocs()
	routes := 0
	for b.Loop() {
		routes = 0
		for i, s := range ss {
			rs, _, err := c.graph.RoutesToSchool(s, homes[i], 2000)
			if err != nil {
				b.Fatal(err)
			}
			routes += len(rs)
		}
	}
	b.ReportMetric(float64(routes), "routes/op")
	b.ReportMetric(float64(routes)*float64(b.N)/b.Elapsed().Seconds(), "routes/s")
}

// BenchmarkWaterAlong finds the water within 100 m of 10,000
// computed Chengdu routes, against a naive scan of every water body.
func BenchmarkWaterAlong(b *testing.B) {
	c := mustChengdu(b)
	ss, homes := chengduHomes(c, benchHomes)
	var routes []walk.Route
	for i, s := range ss {
		rs, _, err := c.graph.RoutesToSchool(s, homes[i], 2000)
		if err != nil {
			b.Fatal(err)
		}
		routes = append(routes, rs...)
	}
	if len(routes) < 10000 {
		b.Fatalf("%d routes, want 10,000", len(routes))
	}
	routes = routes[:10000]
	var water []geo.Feature
	c.index.Features(geo.WaterBody, func(f geo.Feature) bool {
		water = append(water, f)
		return true
	})
	b.Run(fmt.Sprintf("routes=%d/water=%d", len(routes), len(water)), func(b *testing.B) {
		b.ReportAllocs()
		var hits []walk.Water
		for b.Loop() {
			var err error
			if hits, err = walk.WaterAlong(c.index, routes, 100); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(hits)), "hits/op")
	})
	b.Run(fmt.Sprintf("routes=%d/water=%d/naive", len(routes)/10, len(water)), func(b *testing.B) {
		hits := 0
		for b.Loop() {
			hits = 0
			for _, r := range routes[:len(routes)/10] {
				for _, w := range water {
					if geo.GeometryDistanceMeters(r.Line, w.Geometry) <= 100 {
						hits++
					}
				}
			}
		}
		b.ReportMetric(float64(hits), "hits/op")
	})
}
