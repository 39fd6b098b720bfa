package geo_test

import (
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/synth"
)

// TestIndex_Audit_orderLarge audits 150,000 features, a tenth of the
// businesses given as extra features (registered, not indexed), and checks
// the order of the hits: feature ID, school ID, rule ID, each hit once,
// with the extra features' hits among the others.
func TestIndex_Audit_orderLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 150,000 features")
	}
	fs := geotest.MustGenerate(t, synth.Config{Schools: 15000, Businesses: 135000, Water: 1500, Seed: 7})
	var indexed, extra []geo.Feature
	for i, f := range fs {
		if f.Kind == geo.Business && i%10 == 0 {
			extra = append(extra, f)
		} else {
			indexed = append(indexed, f)
		}
	}
	idx := geotest.MustIndex(t, indexed)
	hits := idx.Audit(geotest.MustRulePack(t, "bench.yaml"), geo.AuditOptions{Extra: extra})
	isExtra := map[string]bool{}
	for _, f := range extra {
		isExtra[f.ID] = true
	}
	var fromExtra int
	for _, h := range hits {
		if isExtra[h.Feature.ID] {
			fromExtra++
		}
	}
	if len(hits) < 30000 || fromExtra < 1000 {
		t.Fatalf("%d hits, %d of extra features: too few to test the order", len(hits), fromExtra)
	}
	for i := 1; i < len(hits); i++ {
		a, b := hits[i-1], hits[i]
		c := strings.Compare(a.Feature.ID, b.Feature.ID)
		if c == 0 {
			c = strings.Compare(a.School.ID, b.School.ID)
		}
		if c == 0 {
			c = strings.Compare(a.Rule.ID, b.Rule.ID)
		}
		if c >= 0 {
			t.Fatalf("hit %d (%s %s %s) does not sort before hit %d (%s %s %s)",
				i-1, a.Feature.ID, a.School.ID, a.Rule.ID, i, b.Feature.ID, b.School.ID, b.Rule.ID)
		}
	}
}
