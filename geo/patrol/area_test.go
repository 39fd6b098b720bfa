package patrol_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
	"github.com/safezone/safezone/geo/patrol"
)

// TestPlan_area plans for a district west of the centre: schools east of
// it are left out, one whose campus straddles the boundary is in, and a
// candidate just outside the boundary still covers the schools inside.
func TestPlan_area(t *testing.T) {
	west := geotest.Offset(patrolCentre, 270, 400)
	east := geotest.Offset(patrolCentre, 90, 400)
	district := geotest.Square(west, 350) // its east edge is 50 m west of the centre
	fs := []geo.Feature{
		{ID: "in", Kind: geo.School, Geometry: geotest.Offset(west, 0, 100)},
		{ID: "in2", Kind: geo.School, Geometry: geotest.Offset(west, 180, 100)},
		{ID: "straddles", Kind: geo.School, Geometry: geotest.Square(geotest.Offset(patrolCentre, 270, 50), 40)},
		{ID: "out", Kind: geo.School, Geometry: east},
		{ID: "out2", Kind: geo.School, Geometry: geotest.Offset(east, 0, 100)},
		{ID: "out3", Kind: geo.School, Geometry: geotest.Offset(east, 180, 100)},
	}
	idx := geotest.MustIndex(t, fs)
	cands := []patrol.Site{
		patrolPoint("at-centre", patrolCentre), // outside the district, 50 m from its edge
		patrolPoint("east", east),
		patrolPoint("west", west),
	}
	tests := []struct {
		name        string
		opts        patrol.Options
		wantSchools int
		wantPost    string
		wantCovered []string
	}{
		{"area", patrol.Options{Area: district}, 3, "west", []string{"in", "in2"}},
		{"no area", patrol.Options{}, 6, "east", []string{"out", "out2", "out3"}},
		{"area and bound", patrol.Options{Area: district, Bound: geotest.Square(patrolCentre, 20).Bound()}, 1, "at-centre", []string{"straddles"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Posts, tc.opts.RadiusMeters, tc.opts.Candidates = 1, 150, cands
			plan, err := patrol.Plan(idx, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Schools != tc.wantSchools {
				t.Errorf("schools = %d, want %d", plan.Schools, tc.wantSchools)
			}
			if len(plan.Posts) != 1 || plan.Posts[0].ID != tc.wantPost {
				t.Fatalf("posts = %+v, want %s", plan.Posts, tc.wantPost)
			}
			var got []string
			for _, c := range plan.Posts[0].Covers {
				got = append(got, c.School)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.wantCovered) {
				t.Errorf("covered = %v, want %v", got, tc.wantCovered)
			}
		})
	}
	t.Run("candidate outside covers inside", func(t *testing.T) {
		plan, err := patrol.Plan(idx, patrol.Options{Posts: 1, RadiusMeters: 150, Area: district,
			Candidates: []patrol.Site{patrolPoint("at-centre", patrolCentre)}})
		if err != nil {
			t.Fatal(err)
		}
		if plan.Covered != 1 || plan.Posts[0].Covers[0].School != "straddles" {
			t.Errorf("plan = %+v, want at-centre covering straddles", plan)
		}
	})
}

func TestPlan_areaErrors(t *testing.T) {
	idx := geotest.MustIndex(t, []geo.Feature{{ID: "s", Kind: geo.School, Geometry: patrolCentre}})
	_, err := patrol.Plan(idx, patrol.Options{Posts: 1, RadiusMeters: 300, Area: orb.LineString{patrolCentre, {104.07, 30.67}},
		Candidates: []patrol.Site{patrolPoint("c", patrolCentre)}})
	if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), `district.type "LineString"`) {
		t.Errorf("err = %v, want ErrInvalidInput naming district.type", err)
	}
}
