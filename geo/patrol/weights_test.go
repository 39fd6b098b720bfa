package patrol_test

import (
	"github.com/safezone/safezone/geo/internal/geotest"
	"github.com/safezone/safezone/geo/patrol"

	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// weightsFixture has schools a (west) and b (east), 2 km apart, a
// candidate post at each, two internet cafés 50 m from b and a bar (an
// inspect rule, not prohibited) 50 m from a.
func weightsFixture(t *testing.T) (*geo.Index, []patrol.Site) {
	a, b := geotest.Offset(patrolCentre, 270, 1000), geotest.Offset(patrolCentre, 90, 1000)
	idx := geotest.MustIndex(t, []geo.Feature{
		{ID: "a", Kind: geo.School, SchoolKind: geo.Primary, Geometry: a},
		{ID: "b", Kind: geo.School, SchoolKind: geo.Primary, Geometry: b},
		{ID: "cafe1", Kind: geo.Business, Category: "internet_cafe", Geometry: geotest.Offset(b, 0, 50)},
		{ID: "cafe2", Kind: geo.Business, Category: "internet_cafe", Geometry: geotest.Offset(b, 180, 50)},
		{ID: "bar", Kind: geo.Business, Category: "bar", Geometry: geotest.Offset(a, 0, 50)},
	})
	return idx, []patrol.Site{patrolPoint("at-a", geotest.Offset(a, 0, 10)), patrolPoint("at-b", geotest.Offset(b, 0, 10))}
}

func TestPlan_weights(t *testing.T) {
	idx, cands := weightsFixture(t)
	pack := geotest.MustRulePack(t, "engine.yaml")
	tests := []struct {
		name         string
		opts         patrol.Options
		post         string
		covered, tot float64
	}{
		// Equal weights: the tie goes to the first candidate.
		{"count", patrol.Options{}, "at-a", 1, 2},
		{"enrolment", patrol.Options{Enrolment: map[string]float64{"a": 300, "b": 900}}, "at-b", 900, 1200},
		// b gets 1 + 2 × 1.5 for its two cafés; the bar only asks for an inspection.
		{"hazards", patrol.Options{Hazards: pack, HazardWeight: 1.5}, "at-b", 4, 5},
		{"hazards-off", patrol.Options{Hazards: pack}, "at-a", 1, 2},
		{"enrolment-and-hazards", patrol.Options{Enrolment: map[string]float64{"a": 300, "b": 200},
			Hazards: pack, HazardWeight: 60}, "at-b", 320, 620},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts
			o.Posts, o.RadiusMeters, o.Candidates = 1, 100, cands
			plan, err := patrol.Plan(idx, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Posts) != 1 || plan.Posts[0].ID != tc.post {
				t.Fatalf("posts %v, want %s", plan.Posts, tc.post)
			}
			if plan.CoveredWeight != tc.covered || plan.TotalWeight != tc.tot || plan.UpperBound != tc.covered {
				t.Errorf("covered %v of %v, bound %v; want %v of %v, bound %v",
					plan.CoveredWeight, plan.TotalWeight, plan.UpperBound, tc.covered, tc.tot, tc.covered)
			}
			if w := plan.Posts[0].Covers[0].Weight; w != tc.covered {
				t.Errorf("the covered school weighs %v, want %v", w, tc.covered)
			}
		})
	}
}

func TestPlan_bound(t *testing.T) {
	idx, cands := weightsFixture(t)
	west := orb.Bound{Min: orb.Point{104.0, 30.6}, Max: orb.Point{104.06, 30.7}}
	plan, err := patrol.Plan(idx, patrol.Options{Posts: 2, RadiusMeters: 100, Candidates: cands, Bound: west})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Schools != 1 || plan.Covered != 1 || len(plan.Posts) != 1 || plan.Posts[0].ID != "at-a" {
		t.Errorf("%d schools, %d covered, posts %v; want only school a, covered by at-a", plan.Schools, plan.Covered, plan.Posts)
	}
}

// TestPlan_existing checks that schools existing posts cover
// count as covered and draw no new post, whether the post is a police
// feature in the data or given in the options.
func TestPlan_existing(t *testing.T) {
	idx, cands := weightsFixture(t)
	extra := []patrol.Site{patrolPoint("kiosk", geotest.Offset(patrolCentre, 270, 1020))}
	plan, err := patrol.Plan(idx, patrol.Options{Posts: 2, RadiusMeters: 100, Candidates: cands, Existing: extra})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Existing) != 1 || plan.Existing[0].ID != "kiosk" || !plan.Existing[0].Existing {
		t.Errorf("existing %v, want the kiosk", plan.Existing)
	}
	if len(plan.Posts) != 1 || plan.Posts[0].ID != "at-b" || plan.Covered != 2 || plan.ExistingWeight != 1 {
		t.Errorf("posts %v, covered %d, existing weight %v; want at-b only, 2, 1", plan.Posts, plan.Covered, plan.ExistingWeight)
	}
	// An existing post may not reuse a police feature's ID.
	police := geotest.MustIndex(t, []geo.Feature{{ID: "pol", Kind: geo.Business, Category: geo.Police, Geometry: patrolCentre}})
	_, err = patrol.Plan(police, patrol.Options{Posts: 1, RadiusMeters: 100, Candidates: cands,
		Existing: []patrol.Site{patrolPoint("pol", patrolCentre)}})
	if err == nil {
		t.Error("an existing post with a police feature's ID: no error")
	}
}
