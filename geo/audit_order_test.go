package geo_test

import (
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
)

// TestIndex_Audit_orderLarge audits enough data for the hits to be sorted
// on two cores (more than 32,768) and checks the order: feature ID, school
// ID, rule ID, each hit once.
func TestIndex_Audit_orderLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 150,000 features")
	}
	idx := MustIndex(t, mustSynthesize(t, geo.SynthConfig{Schools: 15000, Businesses: 135000, Water: 1500, Seed: 7}))
	hits := idx.Audit(MustParseRulePack(t, "bench.yaml"), geo.AuditOptions{})
	if len(hits) <= 1<<15 {
		t.Fatalf("%d hits: too few to sort on two cores", len(hits))
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
