package walk_test

import (
	"math"
	"testing"

	"github.com/safezone/safezone/geo/osm"
	"github.com/safezone/safezone/geo/walk"
)

// TestGraph_walkableAreas walks round a pedestrian square (highway=*
// with area=yes), the only way between the footways on its two sides, as
// pgRouting would on the same ways: along its outline, both ways round,
// whatever one-way tags the footways have; a square tagged foot=no is not
// walked.
func TestGraph_walkableAreas(t *testing.T) {
	bm, err := osm.ReadBasemap("../testdata/walk/square.osm")
	if err != nil {
		t.Fatal(err)
	}
	var outline *osm.Road
	for _, r := range bm.Roads() {
		if r.WayID == 100 {
			outline = &r
		}
	}
	if outline == nil || !outline.Area || len(outline.Nodes) != 7 || outline.Nodes[0] != outline.Nodes[6] {
		t.Fatalf("way/100's outline is not a road: %+v", outline)
	}
	if n := bm.Count(osm.LayerLanduse); n != 2 {
		t.Errorf("%d land use areas, want the 2 squares drawn", n)
	}
	g := walk.NewGraph(bm.Roads())
	tests := []struct {
		name     string
		from, to int64
		want     float64 // meters; +Inf for no walk
	}{
		{"across the square, round its edge", 10, 11, 220},
		{"along the outline", 5, 6, 120},
		{"along the outline the other way", 6, 5, 120},
		{"against a one-way footway", 11, 10, math.Inf(1)},
		{"round a square tagged foot=no", 30, 31, math.Inf(1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := g.PathMeters(tc.from, tc.to, 1000)
			if math.IsInf(tc.want, 1) && (err != nil || !math.IsInf(got, 1)) {
				t.Errorf("got %v, %v; want no walk", got, err)
			} else if !math.IsInf(tc.want, 1) && (err != nil || math.Abs(got-tc.want) > 0.05) {
				t.Errorf("got %.3f m, %v; want %.0f m", got, err, tc.want)
			}
		})
	}
}

func TestWalkable_area(t *testing.T) {
	for _, tc := range []struct {
		road osm.Road
		want bool
	}{
		{osm.Road{Class: "pedestrian", Area: true}, true},
		{osm.Road{Class: "service", Area: true}, true},
		{osm.Road{Class: "pedestrian", Area: true, Foot: "no"}, false},
		{osm.Road{Class: "rest_area", Area: true}, false},
	} {
		if got := walk.Walkable(tc.road); got != tc.want {
			t.Errorf("%+v: got %v, want %v", tc.road, got, tc.want)
		}
	}
}
