package patrol

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/synth"

	"github.com/safezone/safezone/geo/patrol/internal/mclp"
)

// patrolBenchCase is a synthetic province: n schools (half with campuses)
// and businesses (6% of them police, the existing posts), and m candidate
// posts scattered 0-600 m from random schools, as road junctions near
// schools are.
type patrolBenchCase struct {
	idx   *geo.Index
	cands []Site
}

func newPatrolBenchCase(tb testing.TB, n, m int) patrolBenchCase {
	tb.Helper()
	var fs []geo.Feature
	err := synth.Generate(synth.Config{Schools: n, Businesses: n / 2, Seed: 1}, func(f geo.Feature) error {
		fs = append(fs, f)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewSource(7))
	cands := make([]Site, m)
	for j := range cands {
		c := geodist.Bound(fs[r.Intn(n)].Geometry).Center()
		d, az := 600*math.Sqrt(r.Float64()), 360*r.Float64()
		lat := c.Lat() + d*math.Cos(az*math.Pi/180)/111320
		lon := c.Lon() + d*math.Sin(az*math.Pi/180)/(111320*math.Cos(c.Lat()*math.Pi/180))
		cands[j] = Site{ID: fmt.Sprintf("c/%d", j), Point: geo.Point{Lat: lat, Lon: lon}}
	}
	return patrolBenchCase{idx, cands}
}

var patrolBenchSizes = []struct{ n, m, k int }{
	{5_000, 20_000, 50},
	{50_000, 200_000, 500},
}

// BenchmarkPlan times a whole plan at R = 300 m, and reports
// how much the plan covers, the upper bound, and the gap between them.
func BenchmarkPlan(b *testing.B) {
	for _, sz := range patrolBenchSizes {
		b.Run(fmt.Sprintf("n=%d/m=%d/k=%d", sz.n, sz.m, sz.k), func(b *testing.B) {
			c := newPatrolBenchCase(b, sz.n, sz.m)
			opts := Options{Posts: sz.k, RadiusMeters: 300, Candidates: c.cands}
			var plan Result
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if plan, err = Plan(c.idx, opts); err != nil {
					b.Fatal(err)
				}
			}
			reportPlan(b, plan)
		})
	}
}

func reportPlan(b *testing.B, plan Result) {
	b.ReportMetric(plan.CoveredWeight-plan.ExistingWeight, "new-covered")
	b.ReportMetric(plan.UpperBound-plan.ExistingWeight, "new-bound")
	b.ReportMetric(100*plan.Gap()/plan.UpperBound, "gap-%")
	b.ReportMetric(100*(plan.GreedyWeight-plan.ExistingWeight)/(plan.CoveredWeight-plan.ExistingWeight), "greedy-%")
	b.ReportMetric(float64(plan.BoundIterations), "bound-iters")
}

// BenchmarkStages times the two halves of a plan at the largest
// size: coverage from the R-tree and exact distances, and the solver
// (greedy, local search, bound) on the resulting sets.
func BenchmarkStages(b *testing.B) {
	sz := patrolBenchSizes[len(patrolBenchSizes)-1]
	c := newPatrolBenchCase(b, sz.n, sz.m)
	opts := Options{Posts: sz.k, RadiusMeters: 300, Candidates: c.cands}
	sc := scopeOf(c.idx, &opts)
	gs := make([]orb.Geometry, len(c.cands))
	for i, p := range c.cands {
		gs[i] = orb.Point{p.Point.Lon, p.Point.Lat}
	}
	var cover mclp.CSR
	b.Run("cover", func(b *testing.B) {
		for b.Loop() {
			cover = coverSets(c.idx, gs, opts.RadiusMeters, sc, 0)
		}
		b.ReportMetric(float64(len(cover.List))/float64(len(gs)), "schools/candidate")
	})
	p, _ := patrolMCLP(sc.weight, make([]bool, len(sc.weight)), &cover, sz.k)
	b.Run("greedy", func(b *testing.B) {
		for b.Loop() {
			p.Greedy()
		}
	})
	b.Run("solve", func(b *testing.B) {
		var r mclp.Result
		for b.Loop() {
			r = p.Solve()
		}
		b.ReportMetric(100*(r.Bound-r.Value)/r.Bound, "gap-%")
		b.ReportMetric(float64(r.Swaps), "swaps")
	})
}
