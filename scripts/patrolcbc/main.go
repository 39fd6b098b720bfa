// Command patrolcbc makes a synthetic patrol planning instance, plans it
// with geo.PlanPatrol, and writes the same covering problem as an LP file
// for an exact solver. scripts/patrol-cbc.sh runs it and then CBC, and
// compares the two (`make bench-patrol`).
//
// The instance: -schools schools of a synthetic province (geo.Synthesize,
// seed 1, half with campuses; its police stations are the existing posts)
// and -candidates candidate posts 0-600 m from random schools, as road
// junctions near schools are; -k posts of radius -radius meters.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"time"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/patrol"

	"github.com/safezone/safezone/geo/synth"
)

func main() {
	schools := flag.Int("schools", 5000, "number of schools")
	cands := flag.Int("candidates", 20000, "number of candidate posts")
	k := flag.Int("k", 50, "K, new posts")
	radius := flag.Float64("radius", 400, "R, cover radius in meters")
	lp := flag.String("lp", "patrol.lp", "LP file to write")
	flag.Parse()
	if err := run(*schools, *cands, *k, *radius, *lp); err != nil {
		fmt.Fprintln(os.Stderr, "patrolcbc:", err)
		os.Exit(1)
	}
}

func run(schools, cands, k int, radius float64, lp string) error {
	var fs []geo.Feature
	err := synth.Generate(synth.Config{Schools: schools, Businesses: schools / 2, Seed: 1}, func(f geo.Feature) error {
		fs = append(fs, f)
		return nil
	})
	if err != nil {
		return err
	}
	idx, err := geo.NewIndex(fs)
	if err != nil {
		return err
	}
	o := patrol.Options{Posts: k, RadiusMeters: radius, Candidates: candidates(fs[:schools], cands)}
	start := time.Now()
	plan, err := patrol.Plan(idx, o)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	f, err := os.Create(lp)
	if err != nil {
		return err
	}
	if err := patrol.WriteLP(idx, f, o); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// The LP's objective is the weight beyond what existing posts cover.
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"schools": plan.Schools, "candidates": len(o.Candidates), "useful_candidates": plan.Candidates,
		"k": k, "radius_m": radius, "seconds": elapsed.Seconds(),
		"objective":   plan.CoveredWeight - plan.ExistingWeight,
		"upper_bound": plan.UpperBound - plan.ExistingWeight,
		"greedy":      plan.GreedyWeight - plan.ExistingWeight,
		"swaps":       plan.Swaps, "bound_iterations": plan.BoundIterations,
	})
}

// candidates scatters n points 0-600 m from random schools, with a fixed seed.
func candidates(schools []geo.Feature, n int) []patrol.Site {
	r := rand.New(rand.NewSource(7))
	out := make([]patrol.Site, n)
	for j := range out {
		c := schools[r.Intn(len(schools))].Geometry.Bound().Center()
		d, az := 600*math.Sqrt(r.Float64()), 2*math.Pi*r.Float64()
		lat := c.Lat() + d*math.Cos(az)/111320
		lon := c.Lon() + d*math.Sin(az)/(111320*math.Cos(c.Lat()*math.Pi/180))
		out[j] = patrol.Site{ID: fmt.Sprintf("c/%d", j), Point: geo.Point{Lat: lat, Lon: lon}}
	}
	return out
}
