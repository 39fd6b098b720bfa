package geo_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/synth"
)

// benchData caches one synthetic data set per size across benchmarks.
var benchData = struct {
	sync.Mutex
	m map[string]*geo.Index
}{m: map[string]*geo.Index{}}

func benchIndex(b *testing.B, schools, businesses int) *geo.Index {
	b.Helper()
	benchData.Lock()
	defer benchData.Unlock()
	key := fmt.Sprint(schools, businesses)
	if idx, ok := benchData.m[key]; ok {
		return idx
	}
	fs := geotest.MustGenerate(b, synth.Config{Schools: schools, Businesses: businesses, Water: schools / 10, Seed: 1})
	idx := geotest.MustIndex(b, fs)
	benchData.m[key] = idx
	return idx
}

// defaultPack is a pack with the default rules' shape: 200 m campus rules,
// 100 m and 50 m gate rules, water.
func benchPack(b *testing.B) *geo.RulePack { return geotest.MustRulePack(b, "bench.yaml") }

func BenchmarkIndex_Audit(b *testing.B) {
	for _, n := range []struct{ schools, businesses int }{{20000, 200000}, {200000, 2000000}} {
		b.Run(fmt.Sprintf("schools=%d/businesses=%d", n.schools, n.businesses), func(b *testing.B) {
			idx, pack := benchIndex(b, n.schools, n.businesses), benchPack(b)
			b.ReportAllocs()
			var hits int
			for b.Loop() {
				hits = 0
				for range idx.AuditSeq(pack, geo.AuditOptions{}) {
					hits++
				}
			}
			b.ReportMetric(float64(hits), "hits/op")
		})
	}
}

func BenchmarkIndex_Check(b *testing.B) {
	idx, pack := benchIndex(b, 200000, 2000000), benchPack(b)
	// Query at businesses' own locations: the realistic, busy places.
	var pts []geo.Point
	idx.Features(geo.Business, func(f geo.Feature) bool {
		c := f.Geometry.Bound().Center()
		pts = append(pts, geo.Point{Lat: c.Lat(), Lon: c.Lon()})
		return len(pts) < 4096
	})
	b.Run("schools=200000/businesses=2000000", func(b *testing.B) {
		b.ReportAllocs()
		i, hits := 0, 0
		for b.Loop() {
			res, err := idx.Check(pts[i%len(pts)], "internet_cafe", pack)
			if err != nil {
				b.Fatal(err)
			}
			hits += len(res.Hits)
			i++
		}
		b.ReportMetric(float64(hits)/float64(i), "hits/op")
	})
}

// BenchmarkCheckNaive is the baseline: every school's exact distance.
func BenchmarkCheckNaive(b *testing.B) {
	fs := geotest.MustGenerate(b, synth.Config{Schools: 20000, Seed: 1})
	p := fs[0].Geometry.Bound().Center()
	b.Run("schools=20000", func(b *testing.B) {
		for b.Loop() {
			n := 0
			for _, f := range fs {
				if geo.GeometryDistanceMeters(f.Geometry, p) <= 200 {
					n++
				}
			}
		}
	})
}

// BenchmarkNewIndex measures start-up (indexing) and the memory the index
// keeps per point feature, ID and name included.
func BenchmarkNewIndex(b *testing.B) {
	const n = 2000000
	fs := geotest.MustGenerate(b, synth.Config{Businesses: n, Seed: 1})
	points := fs[:0]
	for _, f := range fs {
		if _, ok := f.Geometry.(orb.Point); ok {
			points = append(points, f)
		}
	}
	b.Run(fmt.Sprintf("points=%d", len(points)), func(b *testing.B) {
		var perFeature float64
		for b.Loop() {
			var before, after runtime.MemStats
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.StartTimer()
			idx := geotest.MustIndex(b, points)
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.StartTimer()
			perFeature = float64(after.HeapAlloc-before.HeapAlloc) / float64(idx.Len())
			runtime.KeepAlive(idx)
		}
		b.ReportMetric(perFeature, "B/feature")
	})
}
