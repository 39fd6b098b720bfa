package geodist

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// distSink keeps results alive so the compiler cannot drop the work.
var distSink float64

// distBenchCampus is a 20-vertex campus, about 300 m across, in Chengdu.
var distBenchCampus = orb.Polygon{distNgon(distOrigin, 150, 20, 0)}

// distBenchRiver is a 500-vertex river, 25 km long, passing 300 m north of
// the campus's center.
var distBenchRiver = func() orb.LineString {
	l := orb.LineString{distDirect(distNorth(300), 270, 12500)}
	for i := range 499 {
		l = append(l, distDirect(l[len(l)-1], 90+float64(i%2*2-1)*5, 50))
	}
	return l
}()

func BenchmarkMeters(b *testing.B) {
	p, q := orb.Point{104.06, 30.66}, orb.Point{104.062, 30.661}
	b.ReportAllocs()
	for b.Loop() {
		distSink += Meters(p, q)
	}
}

// BenchmarkMeters_haversine is the naive baseline: fast, but off by
// up to 1.35 m at 200 m.
func BenchmarkMeters_haversine(b *testing.B) {
	p, q := orb.Point{104.06, 30.66}, orb.Point{104.062, 30.661}
	b.ReportAllocs()
	for b.Loop() {
		distSink += distHaversine(p, q)
	}
}

func BenchmarkDistance(b *testing.B) {
	cases := []struct {
		name string
		a, b orb.Geometry
	}{
		{"point-point", distOrigin, distNorth(150)},
		{"point-polygon20", distEast(400), distBenchCampus},
		{"point-polygon20-inside", distEast(100), distBenchCampus},
		{"polygon20-polygon20", distBenchCampus, orb.Polygon{distNgon(distEast(500), 150, 20, 7)}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				distSink += Distance(bc.a, bc.b)
			}
		})
	}
	// The naive exact baseline: every edge solved exactly.
	b.Run("point-polygon20-naive", func(b *testing.B) {
		p, ring := distEast(400), distBenchCampus[0]
		b.ReportAllocs()
		for b.Loop() {
			d := math.Inf(1)
			for i := 1; i < len(ring); i++ {
				d = math.Min(d, segmentDistance(p, ring[i-1], ring[i]))
			}
			distSink += d
		}
	})
}

func BenchmarkWithin(b *testing.B) {
	// The campus's vertex at azimuth 0 is 150 m north of its center, so a
	// point 395 m north is 245 m from it: past a 200 m limit, yet inside
	// the bound widened by 200 m.
	cases := []struct {
		name  string
		a, b  orb.Geometry
		limit float64
	}{
		{"reject", distEast(600), distBenchCampus, 200},
		{"reject-near", distDirect(distOrigin, 45, 395), distBenchCampus, 200},
		{"hit", distEast(300), distBenchCampus, 200},
		{"inside", distEast(100), distBenchCampus, 200},
		{"point-point/reject", distOrigin, distNorth(400), 200},
		{"point-point/hit", distOrigin, distNorth(150), 200},
		{"polygon20-polygon20/hit", distBenchCampus, orb.Polygon{distNgon(distEast(450), 150, 20, 7)}, 200},
		{"polygon20-line500/hit", distBenchCampus, distBenchRiver, 200},
		{"polygon20-line500/reject", distBenchCampus, distBenchRiver, 100},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			hits := 0
			b.ReportAllocs()
			for b.Loop() {
				if d, ok := Within(bc.a, bc.b, bc.limit); ok {
					distSink += d
					hits++
				}
			}
			b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
		})
	}
	// The naive baseline: haversine to every vertex, which is neither exact
	// nor a distance to the edges.
	b.Run("reject-haversine-naive", func(b *testing.B) {
		p, ring := distEast(600), distBenchCampus[0]
		b.ReportAllocs()
		for b.Loop() {
			d := math.Inf(1)
			for _, v := range ring {
				d = math.Min(d, distHaversine(p, v))
			}
			distSink += d
		}
	})
}
