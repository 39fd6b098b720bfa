package patrol_test

import (
	"github.com/safezone/safezone/geo/internal/geotest"
	"github.com/safezone/safezone/geo/patrol"

	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

var patrolCentre = orb.Point{104.06, 30.66}

func patrolPoint(id string, p orb.Point) patrol.Site {
	return patrol.Site{ID: id, Point: geo.Point{Lat: p.Lat(), Lon: p.Lon()}}
}

// randomPatrol scatters n schools (a third of them campuses) and m
// candidate posts within 1.5 km of the centre.
func randomPatrol(r *rand.Rand, n, m int) ([]geo.Feature, []patrol.Site) {
	var fs []geo.Feature
	for i := range n {
		p := geotest.Offset(patrolCentre, r.Float64()*360, r.Float64()*1500)
		f := geo.Feature{ID: fmt.Sprintf("school/%d", i), Kind: geo.School, SchoolKind: geo.Primary, Geometry: p}
		if i%3 == 0 {
			f.Geometry = geotest.Square(p, 30+r.Float64()*100)
		}
		fs = append(fs, f)
	}
	var cands []patrol.Site
	for j := range m {
		cands = append(cands, patrolPoint(fmt.Sprintf("c/%d", j), geotest.Offset(patrolCentre, r.Float64()*360, r.Float64()*1500)))
	}
	return fs, cands
}

// bruteCover is the best weight k candidates cover, with coverage measured
// by GeometryDistanceMeters against every school (no index) and every
// subset of at most k candidates tried.
func bruteCover(fs []geo.Feature, cands []patrol.Site, k int, radius float64) float64 {
	cover := make([]uint64, len(cands)) // bit i: school i
	for j, c := range cands {
		for i, f := range fs {
			if geo.GeometryDistanceMeters(orb.Point{c.Point.Lon, c.Point.Lat}, f.Geometry) <= radius {
				cover[j] |= 1 << i
			}
		}
	}
	best := 0
	for mask := uint32(0); mask < 1<<len(cands); mask++ {
		if bits.OnesCount32(mask) > k {
			continue
		}
		var u uint64
		for j := range cands {
			if mask&(1<<j) != 0 {
				u |= cover[j]
			}
		}
		best = max(best, bits.OnesCount64(u))
	}
	return float64(best)
}

func TestPlan_exhaustive(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	var got, opt float64
	for trial := range 150 {
		fs, cands := randomPatrol(r, 5+r.Intn(25), 4+r.Intn(10))
		k, radius := 1+r.Intn(4), 200+r.Float64()*500
		plan, err := patrol.Plan(geotest.MustIndex(t, fs), patrol.Options{Posts: k, RadiusMeters: radius, Candidates: cands})
		if err != nil {
			t.Fatal(err)
		}
		best := bruteCover(fs, cands, k, radius)
		if plan.CoveredWeight != float64(plan.Covered) || plan.CoveredWeight > best {
			t.Fatalf("trial %d: covered %d (weight %v), best possible %v", trial, plan.Covered, plan.CoveredWeight, best)
		}
		if plan.UpperBound < best {
			t.Fatalf("trial %d: upper bound %v below the optimum %v", trial, plan.UpperBound, best)
		}
		if len(plan.Posts) > k || plan.Covered+len(plan.Uncovered) != len(fs) {
			t.Fatalf("trial %d: %d posts for k = %d; %d covered + %d uncovered of %d",
				trial, len(plan.Posts), k, plan.Covered, len(plan.Uncovered), len(fs))
		}
		checkPlanCovers(t, plan, fs, radius)
		got, opt = got+plan.CoveredWeight, opt+best
	}
	t.Logf("aggregate %.5f of the optimum", got/opt)
	if got/opt < 0.99 {
		t.Errorf("aggregate %.5f of the optimum, want at least 0.99", got/opt)
	}
}

// checkPlanCovers checks each post's covers against brute force, and that
// the covered count is their union.
func checkPlanCovers(t *testing.T, plan patrol.Result, fs []geo.Feature, radius float64) {
	t.Helper()
	union := map[string]bool{}
	for _, p := range plan.Posts {
		var want []string
		for _, f := range fs {
			if geo.GeometryDistanceMeters(orb.Point{p.Point.Lon, p.Point.Lat}, f.Geometry) <= radius {
				want = append(want, f.ID)
			}
		}
		if len(want) != len(p.Covers) {
			t.Fatalf("post %s covers %d schools, brute force %d", p.ID, len(p.Covers), len(want))
		}
		for _, c := range p.Covers {
			union[c.School] = true
		}
	}
	if len(union) != plan.Covered {
		t.Fatalf("covered %d, union of covers %d", plan.Covered, len(union))
	}
}

func TestPlan_radiusInclusive(t *testing.T) {
	campus := geotest.Square(geotest.Offset(patrolCentre, 90, 500), 60)
	fs := []geo.Feature{
		{ID: "point", Kind: geo.School, Geometry: geotest.Offset(patrolCentre, 0, 250)},
		{ID: "campus", Kind: geo.School, Geometry: campus},
	}
	idx := geotest.MustIndex(t, fs)
	post := orb.Point(patrolCentre)
	tests := []struct {
		name   string
		school orb.Geometry
	}{{"point", fs[0].Geometry}, {"campus", campus}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := geo.GeometryDistanceMeters(post, tc.school)
			for _, c := range []struct {
				radius float64
				want   bool
			}{{d, true}, {math.Nextafter(d, 0), false}} {
				plan, err := patrol.Plan(idx, patrol.Options{Posts: 1, RadiusMeters: c.radius,
					Candidates: []patrol.Site{patrolPoint("p", post)}})
				if err != nil {
					t.Fatal(err)
				}
				covered := false
				for _, p := range plan.Posts {
					for _, cv := range p.Covers {
						covered = covered || cv.School == tc.name
					}
				}
				if covered != c.want {
					t.Errorf("radius %v (distance %v): covered %v, want %v", c.radius, d, covered, c.want)
				}
			}
		})
	}
}

func TestPlan_errors(t *testing.T) {
	idx := geotest.MustIndex(t, []geo.Feature{{ID: "s", Kind: geo.School, Geometry: patrolCentre}})
	ok := []patrol.Site{patrolPoint("c", patrolCentre)}
	tests := []struct {
		name string
		opts patrol.Options
		want string
	}{
		{"ErrPostsZero", patrol.Options{Posts: 0, RadiusMeters: 300, Candidates: ok}, `posts "0"`},
		{"ErrPostsNegative", patrol.Options{Posts: -2, RadiusMeters: 300, Candidates: ok}, `posts "-2"`},
		{"ErrRadiusZero", patrol.Options{Posts: 1, RadiusMeters: 0, Candidates: ok}, `radius "0"`},
		{"ErrRadiusNegative", patrol.Options{Posts: 1, RadiusMeters: -5, Candidates: ok}, `radius "-5"`},
		{"ErrRadiusNaN", patrol.Options{Posts: 1, RadiusMeters: math.NaN(), Candidates: ok}, `radius "NaN"`},
		{"ErrRadiusInf", patrol.Options{Posts: 1, RadiusMeters: math.Inf(1), Candidates: ok}, `radius "+Inf"`},
		{"ErrRadiusTooLarge", patrol.Options{Posts: 1, RadiusMeters: 5001, Candidates: ok}, `radius "5001"`},
		{"ErrNoCandidates", patrol.Options{Posts: 1, RadiusMeters: 300}, `candidates "[]"`},
		{"ErrCandidateNoID", patrol.Options{Posts: 1, RadiusMeters: 300,
			Candidates: []patrol.Site{patrolPoint("", patrolCentre)}}, `candidate 1: id ""`},
		{"ErrCandidateDuplicate", patrol.Options{Posts: 1, RadiusMeters: 300,
			Candidates: []patrol.Site{ok[0], ok[0]}}, `candidate id "c": used more than once`},
		{"ErrCandidateLat", patrol.Options{Posts: 1, RadiusMeters: 300,
			Candidates: []patrol.Site{{ID: "x", Point: geo.Point{Lat: 91, Lon: 104}}}}, `candidate "x": lat "91"`},
		{"ErrExistingLon", patrol.Options{Posts: 1, RadiusMeters: 300, Candidates: ok,
			Existing: []patrol.Site{{ID: "e", Point: geo.Point{Lat: 30, Lon: math.NaN()}}}}, `existing post "e": lon "NaN"`},
		{"ErrEnrolment", patrol.Options{Posts: 1, RadiusMeters: 300, Candidates: ok,
			Enrolment: map[string]float64{"s": -3}}, `enrolment of "s" "-3"`},
		{"ErrHazardWeight", patrol.Options{Posts: 1, RadiusMeters: 300, Candidates: ok,
			HazardWeight: math.NaN()}, `hazard weight "NaN"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := patrol.Plan(idx, tc.opts)
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestJunctionCandidates(t *testing.T) {
	campus := geotest.Square(patrolCentre, 100)
	gate := geotest.Offset(patrolCentre, 180, 103) // 3 m south of the campus's edge
	idx := geotest.MustIndex(t, []geo.Feature{{ID: "s", Kind: geo.School, Geometry: campus,
		Gates: []geo.Point{{Lat: gate.Lat(), Lon: gate.Lon()}}}})
	at := func(az, m float64) geo.Point {
		p := geotest.Offset(patrolCentre, az, m)
		return geo.Point{Lat: p.Lat(), Lon: p.Lon()}
	}
	edgeNorth := geo.GeometryDistanceMeters(orb.Point{at(0, 400).Lon, at(0, 400).Lat}, campus)
	js := []osm.Junction{
		{NodeID: 1, Point: at(0, 50)},   // inside the campus
		{NodeID: 2, Point: at(0, 400)},  // edgeNorth from the campus: kept at that distance
		{NodeID: 3, Point: at(0, 1000)}, // far
		{NodeID: 4, Point: at(180, 103+edgeNorth-0.5)},
	}
	got, err := patrol.JunctionCandidates(idx, js, edgeNorth)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range got {
		ids = append(ids, p.ID)
	}
	// Node 4 is within edgeNorth of the gate, but not of the campus.
	if want := "node/1 node/2 node/4"; strings.Join(ids, " ") != want {
		t.Errorf("candidates %v, want %s", ids, want)
	}
	got, _ = patrol.JunctionCandidates(idx, js, math.Nextafter(edgeNorth, 0))
	if len(got) != 2 || got[1].ID != "node/4" {
		t.Errorf("just under the distance: %v, want node/1 and node/4", got)
	}
	for _, bad := range []float64{0, -1, math.NaN(), 6000} {
		if _, err := patrol.JunctionCandidates(idx, js, bad); !errors.Is(err, geo.ErrInvalidInput) ||
			!strings.Contains(err.Error(), "candidate distance") {
			t.Errorf("distance %v: err = %v, want ErrInvalidInput naming the candidate distance", bad, err)
		}
	}
}

func TestParsePatrolPosts(t *testing.T) {
	for _, s := range []string{"1", "500", " 7 "} {
		if _, err := patrol.ParsePosts(s); err != nil {
			t.Errorf("ParsePosts(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "0", "-1", "1.5", "abc", "NaN"} {
		_, err := patrol.ParsePosts(s)
		if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), fmt.Sprintf("posts %q", s)) {
			t.Errorf("ParsePosts(%q): err = %v, want ErrInvalidInput quoting it", s, err)
		}
	}
}

func TestParsePatrolRadius(t *testing.T) {
	for _, s := range []string{"300", "0.5", "5000"} {
		if _, err := patrol.ParseRadius(s); err != nil {
			t.Errorf("ParseRadius(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "0", "-300", "NaN", "+Inf", "5000.1", "3e9", "x"} {
		_, err := patrol.ParseRadius(s)
		if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), fmt.Sprintf("radius %q", s)) {
			t.Errorf("ParseRadius(%q): err = %v, want ErrInvalidInput quoting it", s, err)
		}
	}
}
