package geo_test

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// A what-if finds, for each distance, the places a brute force over every
// (place, school) pair finds, with the nearest school's distance.
func TestIndex_WhatIf_bruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	fs := geotest.RandomFeatures(rng, orb.Point{104.06, 30.66}, 1200)
	idx := geotest.MustIndex(t, fs)
	extra := []geo.Feature{{ID: "reg/1", Kind: geo.Business, Category: geo.Category("bar"), Geometry: fs[0].Geometry.Bound().Center()}}
	for _, q := range []geo.WhatIf{
		{Category: geo.Category("bar"), Distances: []float64{50, 100, 150, 200, 300}},
		{Category: geo.Category("street_stall"), Distances: []float64{25, 100}, From: geo.FromGate, Kinds: []geo.SchoolKind{geo.Primary}},
		{Category: geo.Water, Distances: []float64{10, 400}, Kinds: []geo.SchoolKind{geo.Kindergarten}},
	} {
		t.Run(fmt.Sprintf("%s/%s", q.Category, q.From), func(t *testing.T) {
			res, err := idx.WhatIf(q, geo.WhatIfOptions{Extra: extra})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]float64{}
			for _, f := range append(slices.Clone(fs), extra...) {
				if f.Kind == geo.School || f.Category != q.Category {
					continue
				}
				best := math.Inf(1)
				for _, s := range fs {
					if s.Kind != geo.School || !(geo.Rule{SchoolKinds: q.Kinds}).AppliesTo(s.SchoolKind) {
						continue
					}
					from := s.Geometry
					if q.From == geo.FromGate && len(s.Gates) > 0 {
						from = orb.MultiPoint{{s.Gates[0].Lon, s.Gates[0].Lat}}
					}
					best = min(best, geo.GeometryDistanceMeters(from, f.Geometry))
				}
				if best <= q.Distances[len(q.Distances)-1] {
					want[f.ID] = best
				}
			}
			if len(res.Places) != len(want) || len(want) < 10 {
				t.Fatalf("%d places, brute force %d", len(res.Places), len(want))
			}
			for i, p := range res.Places {
				if d, ok := want[p.Feature.ID]; !ok || math.Abs(d-p.DistanceMeters) > 1e-6 {
					t.Fatalf("place %s at %.6f m, brute force %.6f (found %v)", p.Feature.ID, p.DistanceMeters, d, ok)
				}
				if i > 0 && res.Places[i-1].DistanceMeters > p.DistanceMeters {
					t.Fatal("places not sorted by distance")
				}
			}
			for i, d := range q.Distances {
				n := 0
				for _, w := range want {
					if w <= d {
						n++
					}
				}
				if res.Counts[i] != n {
					t.Errorf("count within %g m: %d, brute force %d", d, res.Counts[i], n)
				}
			}
		})
	}
}

// A what-if at a rule's own distance counts the places the audit flags
// under that rule.
func TestIndex_WhatIf_audit(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	idx := geotest.MustIndex(t, geotest.RandomFeatures(rng, orb.Point{104.06, 30.66}, 3000))
	pack := geotest.MustRulePack(t, "bench.yaml")
	flagged := map[string]bool{}
	for _, h := range idx.Audit(pack, geo.AuditOptions{}) {
		if h.Rule.ID == "gate_stalls_100" {
			flagged[h.Feature.ID] = true
		}
	}
	res, err := idx.WhatIf(geo.WhatIf{Category: geo.Category("street_stall"), Distances: []float64{100}, From: geo.FromGate}, geo.WhatIfOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts[0] != len(flagged) || len(flagged) == 0 {
		t.Errorf("what-if counts %d within 100 m of the gate, the audit flags %d", res.Counts[0], len(flagged))
	}
}

func TestParseDistances(t *testing.T) {
	got, err := geo.ParseDistances(" 50, 100,150,200,300")
	if err != nil || !slices.Equal(got, []float64{50, 100, 150, 200, 300}) {
		t.Errorf("got %v, %v", got, err)
	}
	tests := []struct{ in, want string }{
		{"", `distances "": must list 1 to 20 distances`},
		{"50,,100", `distances "50,,100": "" is not a number of meters`},
		{"50,x", `distances "50,x": "x" is not a number of meters`},
		{"50,NaN", `"NaN" is not a number of meters`},
		{"0,100", `distances "0,100": "0" must be above 0 and at most the rule limit, 5000 m`},
		{"100,5001", `"5001" must be above 0 and at most the rule limit, 5000 m`},
		{"100,50", `distances "100,50": must increase, but "50" follows 100`},
		{"100,100", `must increase, but "100" follows 100`},
		{"1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21", "must list 1 to 20 distances"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := geo.ParseDistances(tc.in)
			geotest.CheckInvalid(t, err, tc.want)
		})
	}
}

func TestWhatIf_Validate_errors(t *testing.T) {
	tests := []struct {
		name string
		q    geo.WhatIf
		want string
	}{
		{"Category", geo.WhatIf{Category: "ktv", Distances: []float64{50}}, `category "ktv"`},
		{"NoDistances", geo.WhatIf{Category: geo.Category("bar")}, `distances "": must list`},
		{"Decreasing", geo.WhatIf{Category: geo.Category("bar"), Distances: []float64{100, 50}}, "must increase"},
		{"From", geo.WhatIf{Category: geo.Category("bar"), Distances: []float64{50}, From: "door"}, `from "door": must be campus or gate`},
		{"Kind", geo.WhatIf{Category: geo.Category("bar"), Distances: []float64{50}, Kinds: []geo.SchoolKind{"uni"}}, `school kind "uni"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geotest.MustIndex(t, nil).WhatIf(tc.q, geo.WhatIfOptions{})
			geotest.CheckInvalid(t, err, tc.want)
		})
	}
}
