package api_test

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/walk"
)

// A home no walk reaches is in the GeoJSON, not left out of it.
func TestRouteWaterGeoJSON_unreached(t *testing.T) {
	rep := walk.Report{
		Routes:    []walk.Route{{ID: "way/1", Line: orb.LineString{{104, 30}, {104.001, 30}}, Meters: 96.5}},
		Unreached: []walk.Home{{ID: "way/2", Point: geo.Point{Lat: 30.002, Lon: 104.002}}},
	}
	fc := api.RouteWaterGeoJSON(rep)
	var kinds []string
	for _, f := range fc.Features {
		kinds = append(kinds, f.Properties["kind"].(string)+" "+f.Properties["id"].(string))
	}
	if len(kinds) != 2 || kinds[0] != "route way/1" || kinds[1] != "unreached way/2" {
		t.Fatalf("features %v", kinds)
	}
	if p := fc.Features[1].Geometry.(orb.Point); p != (orb.Point{104.002, 30.002}) {
		t.Errorf("unreached home at %v", p)
	}
}
