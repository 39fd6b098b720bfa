package geo_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// BenchmarkAuditOptions_Keep narrows a licence list to a district, as the
// licence upload does with a district: a list of n rows spread over about
// 3 km, and a round district of 1.5 km radius with v vertices.
func BenchmarkAuditOptions_Keep(b *testing.B) {
	c := orb.Point{104.06, 30.66}
	for _, n := range []int{10000, 100000} {
		fs := geotest.RandomFeatures(rand.New(rand.NewSource(42)), c, n)
		for _, v := range []int{64, 4096} {
			ring := make(orb.Ring, 0, v+1)
			for i := range v {
				ring = append(ring, geotest.Offset(c, 360*float64(i)/float64(v), 1500))
			}
			ring = append(ring, ring[0])
			opts := geo.AuditOptions{Area: orb.Polygon{ring}}
			b.Run(fmt.Sprintf("n=%d/vertices=%d", n, v), func(b *testing.B) {
				b.ReportAllocs()
				kept := 0
				for b.Loop() {
					kept = len(opts.Keep(fs))
				}
				b.ReportMetric(float64(kept), "kept/op")
			})
		}
	}
}
