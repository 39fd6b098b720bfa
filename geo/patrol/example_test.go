package patrol_test

import (
	"github.com/safezone/safezone/geo/internal/geotest"
	"github.com/safezone/safezone/geo/patrol"

	"fmt"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

func ExamplePlan() {
	// Three schools on a street, 250 m apart, and a police station by the
	// first. Candidate posts stand at the two junctions between them.
	at := func(east float64) orb.Point { return geotest.Offset(orb.Point{104.06, 30.66}, 90, east) }
	idx, _ := geo.NewIndex([]geo.Feature{
		{ID: "school/a", Kind: geo.School, Geometry: at(0)},
		{ID: "school/b", Kind: geo.School, Geometry: at(250)},
		{ID: "school/c", Kind: geo.School, Geometry: at(500)},
		{ID: "police/1", Kind: geo.Business, Category: geo.Police, Geometry: at(-50)},
	})
	junction := func(id string, east float64) patrol.Site {
		p := at(east)
		return patrol.Site{ID: id, Point: geo.Point{Lat: p.Lat(), Lon: p.Lon()}}
	}
	plan, err := patrol.Plan(idx, patrol.Options{
		Posts:        1,
		RadiusMeters: 150,
		Candidates:   []patrol.Site{junction("node/1", 125), junction("node/2", 375)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range plan.Posts {
		fmt.Printf("new post %s covers %d schools\n", p.ID, len(p.Covers))
	}
	fmt.Printf("covered %d of %d, upper bound %g\n", plan.Covered, plan.Schools, plan.UpperBound)
	// Output:
	// new post node/2 covers 2 schools
	// covered 3 of 3, upper bound 3
}
