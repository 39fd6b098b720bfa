package walk_test

import (
	"slices"
	"testing"
	"time"

	"github.com/safezone/safezone/geo"
)

// BenchmarkIndex_AuditWalk re-measures on foot every straight hit of the
// shipped default pack on the Chengdu demo, every rule taken as a walking
// rule (targets: < 1 s in all, < 50 µs per hit at p50). "audit" is the
// straight audit and the walks together, on every CPU; "perHit" walks
// each hit alone, as AuditWalk does (searching up to WalkCapFactor times
// the rule's distance), and reports the p50 and p99 of one walk.
func BenchmarkIndex_AuditWalk(b *testing.B) {
	c := mustChengdu(b)
	pack, err := geo.LoadRulePack("../../data/rules/default.yaml")
	if err != nil {
		b.Skipf("default pack: %v", err)
	}
	w := geo.WalkOptions{Walk: c.graph, Method: geo.Walking}
	straight := c.index.Audit(pack, geo.AuditOptions{})
	b.Run("audit", func(b *testing.B) {
		var hits, cleared []geo.Hit
		for b.Loop() {
			hits, cleared = c.index.AuditWalk(pack, geo.AuditOptions{}, w)
		}
		b.ReportMetric(float64(len(straight)), "straight-hits/op")
		b.ReportMetric(float64(len(hits)), "walking-hits/op")
		b.ReportMetric(float64(len(cleared)), "cleared/op")
	})
	b.Run("perHit", func(b *testing.B) {
		var times []time.Duration
		for i := 0; b.Loop(); i++ {
			h := straight[i%len(straight)]
			start := time.Now()
			c.graph.WalkToSchool(h.School, h.Feature, geo.WalkCapFactor*h.Rule.DistanceMeters)
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2].Nanoseconds())/1e3, "p50-µs")
		b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds())/1e3, "p99-µs")
	})
}
