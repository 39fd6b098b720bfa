package geo_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"
)

// checkFixture is a primary school with a square campus (half-side 100 m)
// and one gate on its south edge, and a kindergarten 3 km east mapped as a
// point with no gate.
func checkFixture(tb testing.TB) (*geo.Index, orb.Polygon, orb.Point, orb.Point) {
	tb.Helper()
	centre := orb.Point{104.06, 30.66}
	campus := geotest.Square(centre, 100)
	gate := geotest.Offset(centre, 180, 100) // middle of the south edge
	kg := geotest.Offset(centre, 90, 3000)
	idx := geotest.MustIndex(tb, []geo.Feature{
		{ID: "way/1", Kind: geo.School, Name: "第一小学", SchoolKind: geo.Primary, Geometry: campus,
			Gates: []geo.Point{{Lat: gate.Lat(), Lon: gate.Lon()}}},
		{ID: "node/2", Kind: geo.School, Name: "阳光幼儿园", SchoolKind: geo.Kindergarten, Geometry: kg},
		{ID: "node/3", Kind: geo.Business, Name: "远处酒店", Category: "hotel", Geometry: geotest.Offset(centre, 0, 5000)},
	})
	return idx, campus, gate, kg
}

func TestIndex_Check(t *testing.T) {
	idx, _, gate, kg := checkFixture(t)
	pack := geotest.MustRulePack(t, "engine.yaml")
	north := orb.Point{104.06, 30.66}
	north = geotest.Offset(north, 0, 100) // on the north edge (the square's edges follow parallels and meridians)
	pt := func(p orb.Point) geo.Point { return geo.Point{Lat: p.Lat(), Lon: p.Lon()} }
	tests := []struct {
		name     string
		p        geo.Point
		c        geo.Category
		verdict  geo.Verdict
		rule     string
		distance float64 // of the first hit, when there is one
	}{
		{"CafeAt199.6m", pt(geotest.Offset(north, 0, 199.6)), "internet_cafe", geo.VerdictProhibited, "venues_200", 199.6},
		{"CafeAt200.4m", pt(geotest.Offset(north, 0, 200.4)), "internet_cafe", geo.VerdictAllowed, "", 0},
		{"CafeInsideCampus", pt(geotest.Offset(north, 180, 50)), "internet_cafe", geo.VerdictProhibited, "venues_200", 0},
		{"BarIsInspect", pt(geotest.Offset(north, 0, 150)), "bar", geo.VerdictInspect, "bar_200", 150},
		{"HotelHasNoRule", pt(geotest.Offset(north, 0, 10)), "hotel", geo.VerdictAllowed, "", 0},
		// 99 m north of the campus, but 299 m from the gate on the south side.
		{"StallFarFromGate", pt(geotest.Offset(north, 0, 99)), "street_stall", geo.VerdictAllowed, "", 0},
		{"StallNearGate", pt(geotest.Offset(gate, 180, 99.5)), "street_stall", geo.VerdictProhibited, "stalls_100", 99.5},
		// The kindergarten has no gate: gate rules fall back to the campus.
		{"ParkingRuleIsPrimaryOnly", pt(geotest.Offset(kg, 0, 20)), "parking", geo.VerdictAllowed, "", 0},
		{"StallNearGatelessKindergarten", pt(geotest.Offset(kg, 0, 60)), "street_stall", geo.VerdictProhibited, "stalls_100", 60},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := idx.Check(tc.p, tc.c, pack)
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != tc.verdict {
				t.Fatalf("verdict %s, want %s (hits %+v)", res.Verdict, tc.verdict, res.Hits)
			}
			if tc.rule == "" {
				if len(res.Hits) != 0 {
					t.Fatalf("hits %+v, want none", res.Hits)
				}
				return
			}
			h := res.Hits[0]
			if h.Rule.ID != tc.rule || abs(h.DistanceMeters-tc.distance) > 0.005 {
				t.Fatalf("first hit %s at %.4f m, want %s at %.4f m", h.Rule.ID, h.DistanceMeters, tc.rule, tc.distance)
			}
			if h.Rule.Citation.Clause == "" {
				t.Fatal("hit without a citation")
			}
			if res.Nearest == nil {
				t.Fatal("no nearest school")
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestIndex_Check_notCovered(t *testing.T) {
	idx, _, _, _ := checkFixture(t)
	pack := geotest.MustRulePack(t, "engine.yaml")
	res, err := idx.Check(geo.Point{Lat: 39.9, Lon: 116.4}, "internet_cafe", pack)
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != geo.VerdictNotCovered || res.Coverage == "" {
		t.Fatalf("far outside the data: verdict %s, coverage %q", res.Verdict, res.Coverage)
	}
	noSchools := geotest.MustIndex(t, []geo.Feature{{ID: "node/1", Kind: geo.Business, Category: "bar", Geometry: orb.Point{104.06, 30.66}}})
	res, err = noSchools.Check(geo.Point{Lat: 30.66, Lon: 104.06}, "internet_cafe", pack)
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != geo.VerdictNotCovered {
		t.Fatalf("data without schools: verdict %s", res.Verdict)
	}
}

func TestIndex_Check_errors(t *testing.T) {
	idx, _, _, _ := checkFixture(t)
	pack := geotest.MustRulePack(t, "engine.yaml")
	tests := []struct {
		name string
		p    geo.Point
		c    geo.Category
		want string
	}{
		{"LatOutOfRange", geo.Point{Lat: 200, Lon: 104}, "bar", `lat "200": must be between -90 and 90`},
		{"UnknownCategory", geo.Point{Lat: 30, Lon: 104}, "ktv", `category "ktv": must be one of`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := idx.Check(tc.p, tc.c, pack)
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrInvalidInput with %q", err, tc.want)
			}
		})
	}
}

func TestIndex_SchoolReport(t *testing.T) {
	idx, _, _, _ := checkFixture(t)
	pack := geotest.MustRulePack(t, "engine.yaml")
	north := geotest.Offset(orb.Point{104.06, 30.66}, 0, 100)
	extra := []geo.Feature{
		{ID: "reg/1", Kind: geo.Business, Name: "网吧A", Category: "internet_cafe", Geometry: geotest.Offset(north, 0, 30)},
		{ID: "reg/2", Kind: geo.Business, Name: "网吧B", Category: "internet_cafe", Geometry: geotest.Offset(north, 0, 150)},
		{ID: "reg/3", Kind: geo.Business, Name: "酒吧", Category: "bar", Geometry: geotest.Offset(north, 0, 80)},
	}
	rep, err := idx.SchoolReport("way/1", pack, extra)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, r := range rep.Rings {
		var ids []string
		for _, h := range r.Hazards {
			ids = append(ids, h.Feature.ID+":"+string(h.Severity))
		}
		got = append(got, ids)
	}
	want := [][]string{{"reg/1:prohibited"}, {"reg/3:inspect"}, {"reg/2:prohibited"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("rings %v, want %v", got, want)
	}
	if _, err := idx.SchoolReport("node/3", pack, nil); !errors.Is(err, geo.ErrNotFound) {
		t.Fatalf("report of a business: %v, want ErrNotFound", err)
	}
}
