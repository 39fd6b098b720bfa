package geo_test

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// TestIndex_gateOffCampus: a gate may stand off the campus, at the end of
// its own lane. A stall 90 m from such a gate, and 240 m from the campus,
// breaks the 100 m gate rule in a check, an audit and a school report.
func TestIndex_gateOffCampus(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	const d = 0.0005 // about 50 m
	campus := orb.Polygon{{{c[0] - d, c[1] - d}, {c[0] + d, c[1] - d}, {c[0] + d, c[1] + d}, {c[0] - d, c[1] + d}, {c[0] - d, c[1] - d}}}
	gate := geotest.Offset(c, 90, 200) // about 150 m east of the campus
	stall := geotest.Offset(c, 90, 290)
	fs := []geo.Feature{
		{ID: "s", Kind: geo.School, SchoolKind: geo.Primary, Geometry: campus, Gates: []geo.Point{{Lat: gate.Lat(), Lon: gate.Lon()}}},
		{ID: "b", Kind: geo.Business, Category: "street_stall", Geometry: stall},
	}
	idx := geotest.MustIndex(t, fs)
	pack := geotest.MustRulePack(t, "bench.yaml")
	res, err := idx.Check(geo.Point{Lat: stall.Lat(), Lon: stall.Lon()}, "street_stall", pack)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Rule.ID != "gate_stalls_100" || !res.Hits[0].FromGate {
		t.Errorf("check: %d hits %+v, want gate_stalls_100 from the gate", len(res.Hits), res.Hits)
	}
	hits := idx.Audit(pack, geo.AuditOptions{})
	if len(hits) != 1 || hits[0].Rule.ID != "gate_stalls_100" {
		t.Errorf("audit: %d hits %+v, want gate_stalls_100", len(hits), hits)
	}
}
