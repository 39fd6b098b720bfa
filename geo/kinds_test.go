package geo_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// routeMap is a geo.RouteFinder that knows the routes to some schools.
type routeMap map[string][]orb.LineString

func (m routeMap) RoutesTo(s geo.Feature) []orb.LineString { return m[s.ID] }

// kindsFixture is a primary school A (a 100 m square, gate on its north
// side) with a pond on its campus and a canal 8.6 m outside it, a route to
// it from 600 m north with stalls 15 m and 30 m off it, and a police post
// 800 m south; a secondary school B 200 m from another police post; and a
// kindergarten C with no police post near, which the police rule does not
// cover.
func kindsFixture(t *testing.T) (*geo.Index, routeMap) {
	a := orb.Point{104.06, 30.66}
	b := geotest.Offset(a, 90, 3000)
	c := geotest.Offset(a, 270, 3000)
	north := geotest.Offset(a, 0, 50) // A's gate
	far := geotest.Offset(a, 0, 600)  // where the route starts
	mid := geotest.Offset(a, 0, 300)
	canalA := geotest.Offset(geotest.Offset(a, 90, 58.6), 0, 200)
	canalB := geotest.Offset(geotest.Offset(a, 90, 58.6), 180, 200)
	fs := []geo.Feature{
		{ID: "A", Kind: geo.School, SchoolKind: geo.Primary, Geometry: geotest.Square(a, 50), Gates: []geo.Point{{Lat: north.Lat(), Lon: north.Lon()}}},
		{ID: "B", Kind: geo.School, SchoolKind: geo.Secondary, Geometry: geotest.Square(b, 50)},
		{ID: "C", Kind: geo.School, SchoolKind: geo.Kindergarten, Geometry: geotest.Square(c, 50)},
		{ID: "pond", Kind: geo.WaterBody, WaterKind: "pond", Geometry: geotest.Square(geotest.Offset(a, 180, 20), 10)},
		{ID: "canal", Kind: geo.WaterBody, WaterKind: "canal", Geometry: orb.LineString{canalA, canalB}},
		{ID: "stall15", Kind: geo.Business, Category: "street_stall", Geometry: geotest.Offset(mid, 90, 15)},
		{ID: "stall30", Kind: geo.Business, Category: "street_stall", Geometry: geotest.Offset(mid, 270, 30)},
		{ID: "policeA", Kind: geo.Business, Category: geo.Police, Geometry: geotest.Offset(a, 180, 850)},
		{ID: "policeB", Kind: geo.Business, Category: geo.Police, Geometry: geotest.Offset(b, 0, 250)},
	}
	return geotest.MustIndex(t, fs), routeMap{"A": {{far, mid, north}}}
}

// hitKeys lists hits as "feature school rule from distance".
func hitKeys(hits []geo.Hit) []string {
	var out []string
	for _, h := range hits {
		from := "campus"
		switch {
		case h.FromRoute:
			from = "route"
		case h.FromGate:
			from = "gate"
		}
		k := fmt.Sprintf("%s %s %s %s %.0f", h.Feature.ID, h.School.ID, h.Rule.ID, from, h.DistanceMeters)
		if h.Lacking {
			k = "lacking " + k
		}
		out = append(out, k)
	}
	return out
}

func TestAudit_kinds(t *testing.T) {
	x, routes := kindsFixture(t)
	pack := geotest.MustRulePack(t, "kinds.yaml")
	tests := []struct {
		name string
		opts geo.AuditOptions
		want []string
	}{
		// Without routes the along rule is measured from the campus: the
		// stalls 250 m off it are not hits.
		{"NoRoutes", geo.AuditOptions{}, []string{
			"pond A campus_water campus 0",
			"lacking policeA A police_post_500 gate 900",
		}},
		{"Routes", geo.AuditOptions{Routes: routes}, []string{
			"pond A campus_water campus 0",
			"stall15 A route_stalls_20 route 15",
			"lacking policeA A police_post_500 gate 900",
		}},
		// A registered police post 300 m from A's gate meets the rule.
		{"ExtraPolice", geo.AuditOptions{Routes: routes, Extra: []geo.Feature{
			{ID: "reg/1", Kind: geo.Business, Category: geo.Police, Geometry: geotest.Offset(orb.Point{104.06, 30.66}, 0, 350)},
		}}, []string{
			"pond A campus_water campus 0",
			"stall15 A route_stalls_20 route 15",
		}},
		// A registered stall on the route is an along hit too.
		{"ExtraStall", geo.AuditOptions{Routes: routes, Extra: []geo.Feature{
			{ID: "reg/2", Kind: geo.Business, Category: "street_stall", Geometry: geotest.Offset(orb.Point{104.06, 30.66}, 0, 400)},
		}}, []string{
			"pond A campus_water campus 0",
			"reg/2 A route_stalls_20 route 0",
			"stall15 A route_stalls_20 route 15",
			"lacking policeA A police_post_500 gate 900",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := hitKeys(x.Audit(pack, tc.opts))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// TestAudit_insideIsZero: the canal 8.6 m outside the campus, which a near
// rule of 10 m flags, is not inside it.
func TestAudit_insideIsZero(t *testing.T) {
	x, _ := kindsFixture(t)
	pack := geotest.MustRulePack(t, "kinds.yaml")
	for _, h := range x.Audit(pack, geo.AuditOptions{}) {
		if h.Feature.ID == "canal" {
			t.Errorf("the canal outside the campus is a hit: %+v", h)
		}
	}
	d := geo.GeometryDistanceMeters(x.FeatureOf(mustRow(t, x, "A")).Geometry, x.FeatureOf(mustRow(t, x, "canal")).Geometry)
	if math.Abs(d-8.6) > 0.05 {
		t.Errorf("the canal is %.3f m from the campus, want 8.6", d)
	}
}

func mustRow(t *testing.T, x *geo.Index, id string) geo.Row {
	t.Helper()
	r, ok := x.RowOf(id)
	if !ok {
		t.Fatalf("no %s", id)
	}
	return r
}

func TestSchoolReport_kinds(t *testing.T) {
	x, routes := kindsFixture(t)
	pack := geotest.MustRulePack(t, "kinds.yaml")
	rep, err := x.SchoolReportWith("A", pack, geo.ReportOptions{Routes: routes})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rings) != 3 {
		t.Errorf("%d rings, want 3: a requires rule adds no ring", len(rep.Rings))
	}
	if h := rep.Rings[0].Hazards; len(h) != 1 || h[0].Feature.ID != "pond" || h[0].Hits[0].Rule.ID != "campus_water" {
		t.Errorf("first ring: %+v", h)
	}
	if len(rep.Along) != 1 || rep.Along[0].Feature.ID != "stall15" || math.Abs(rep.Along[0].DistanceMeters-15) > 0.01 || !rep.Along[0].Hits[0].FromRoute {
		t.Errorf("along: %+v", rep.Along)
	}
	if got := hitKeys(rep.Lacking); !slices.Equal(got, []string{"lacking policeA A police_post_500 gate 900"}) {
		t.Errorf("lacking: %q", got)
	}
	rep, err = x.SchoolReport("C", pack, nil)
	if err != nil || len(rep.Lacking) != 0 || len(rep.Along) != 0 {
		t.Errorf("C: %v, lacking %v, along %v; the rules do not cover kindergartens", err, rep.Lacking, rep.Along)
	}
}

// TestCheck_kinds: a place proposed on the campus breaks the inside rule;
// requires rules say nothing of a proposed place.
func TestCheck_kinds(t *testing.T) {
	x, _ := kindsFixture(t)
	pack := geotest.MustRulePack(t, "kinds.yaml")
	res, err := x.Check(geo.Point{Lat: 30.66, Lon: 104.06}, geo.Water, pack)
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Rule.ID != "campus_water" || res.Verdict != geo.VerdictInspect {
		t.Errorf("%v %+v", err, res)
	}
	res, err = x.Check(geo.Point{Lat: 30.66, Lon: 104.06}, geo.Police, pack)
	if err != nil || len(res.Hits) != 0 || res.Verdict != geo.VerdictAllowed {
		t.Errorf("police: %v %+v", err, res)
	}
}
