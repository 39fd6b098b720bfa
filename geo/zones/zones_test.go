package zones_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/zones"
)

// zonesPackYAML has a prohibiting rule from the campus, an inspecting one
// that reaches farther, and a gate rule for primary schools only.
const zonesPackYAML = `
id: zones
title: 区域测试
document: {title: 测试文件, issuer: 测试机关, date: 2024}
rules:
  - id: cafe_200
    title: 校园周边200米内禁止网吧
    categories: [internet_cafe]
    distance_m: 200
    from: campus
    severity: prohibited
    citation: {clause: 校园周边200米以内禁止设立互联网上网服务营业场所}
  - id: cafe_300
    title: 校园周边300米内网吧排查
    categories: [internet_cafe, bar]
    distance_m: 300
    from: campus
    severity: inspect
    citation: {clause: 校园周边300米以内网吧应当排查}
  - id: stalls_100
    title: 小学校门100米内禁止摊点
    categories: [street_stall]
    school_kinds: [primary]
    distance_m: 100
    from: gate
    severity: prohibited
    citation: {clause: 校门两侧100米范围内不得设置经营性占道摊}
`

func mustPack(tb testing.TB, yaml string) *geo.RulePack {
	tb.Helper()
	p, err := geo.ParseRulePack("zones.yaml", []byte(yaml))
	if err != nil {
		tb.Fatalf("ParseRulePack: %v", err)
	}
	return p
}

// lShape returns an L-shaped campus with its corner at c: 300 m east, 400 m
// north, arms 100 m wide.
func lShape(c orb.Point) orb.Polygon {
	e300, e100 := geotest.Offset(c, 90, 300), geotest.Offset(c, 90, 100)
	return orb.Polygon{orb.Ring{c, e300, {e300[0], geotest.Offset(e300, 0, 100)[1]}, {e100[0], geotest.Offset(e300, 0, 100)[1]},
		{e100[0], geotest.Offset(c, 0, 400)[1]}, geotest.Offset(c, 0, 400), c}}
}

// zonesFixture is a primary school with a 200 m square campus and a gate in
// the middle of its south edge, and a kindergarten 3 km east mapped as a
// point.
func zonesFixture(tb testing.TB) (idx *geo.Index, centre, gate orb.Point) {
	tb.Helper()
	centre = orb.Point{104.06, 30.66}
	gate = geotest.Offset(centre, 180, 100)
	idx = geotest.MustIndex(tb, []geo.Feature{
		{ID: "way/1", Kind: geo.School, Name: "第一小学", SchoolKind: geo.Primary, Geometry: geotest.Square(centre, 100),
			Gates: []geo.Point{{Lat: gate.Lat(), Lon: gate.Lon()}}},
		{ID: "node/2", Kind: geo.School, Name: "阳光幼儿园", SchoolKind: geo.Kindergarten, Geometry: geotest.Offset(centre, 90, 3000)},
		{ID: "node/3", Kind: geo.Business, Name: "网吧", Category: "internet_cafe", Geometry: geotest.Offset(centre, 0, 250)},
	})
	return idx, centre, gate
}

func TestBuild(t *testing.T) {
	idx, centre, gate := zonesFixture(t)
	pack := mustPack(t, zonesPackYAML)
	ext, _ := idx.Extent()
	north := geotest.Offset(centre, 0, 100) // middle of the north edge
	type probe struct {
		name                string
		p                   orb.Point
		prohibited, inspect bool
	}
	tests := []struct {
		name    string
		c       geo.Category
		schools int
		rules   []string
		probes  []probe
	}{
		{"InternetCafe", "internet_cafe", 2, []string{"cafe_200", "cafe_300"}, []probe{
			{"InsideCampus", centre, true, false},
			{"At150m", geotest.Offset(north, 0, 150), true, false},
			{"At199.8m", geotest.Offset(north, 0, 199.8), true, false},
			{"At200.2m", geotest.Offset(north, 0, 200.2), false, true},
			{"At250m", geotest.Offset(north, 0, 250), false, true},
			{"At350m", geotest.Offset(north, 0, 350), false, false},
			{"KindergartenAt150m", geotest.Offset(geotest.Offset(centre, 90, 3000), 0, 150), true, false},
		}},
		{"BarIsInspectOnly", "bar", 2, []string{"cafe_300"}, []probe{
			{"At150m", geotest.Offset(north, 0, 150), false, true},
			{"At350m", geotest.Offset(north, 0, 350), false, false},
		}},
		// Measured from the gate, and only for primary schools.
		{"StallsFromTheGate", "street_stall", 1, []string{"stalls_100"}, []probe{
			{"90mSouthOfGate", geotest.Offset(gate, 180, 90), true, false},
			{"110mSouthOfGate", geotest.Offset(gate, 180, 110), false, false},
			{"50mNorthOfCampus", geotest.Offset(north, 0, 50), false, false},
			{"NextToKindergarten", geotest.Offset(geotest.Offset(centre, 90, 3000), 0, 20), false, false},
		}},
		{"HotelHasNoRule", "hotel", 0, nil, []probe{{"InsideCampus", centre, false, false}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			zs, err := zones.Build(idx, tc.c, pack, ext)
			if err != nil {
				t.Fatal(err)
			}
			if zs.Schools != tc.schools || strings.Join(zs.Rules, ",") != strings.Join(tc.rules, ",") {
				t.Errorf("schools %d, rules %v; want %d, %v", zs.Schools, zs.Rules, tc.schools, tc.rules)
			}
			for _, p := range tc.probes {
				pro, insp := planar.MultiPolygonContains(zs.Prohibited, p.p), planar.MultiPolygonContains(zs.Inspect, p.p)
				if pro != p.prohibited || insp != p.inspect {
					t.Errorf("%s: prohibited %v, inspect %v; want %v, %v", p.name, pro, insp, p.prohibited, p.inspect)
				}
			}
		})
	}
}

// Zones reach schools whose box is within the largest rule distance of the
// box asked for, and only those.
func TestBuild_bbox(t *testing.T) {
	idx, centre, _ := zonesFixture(t)
	pack := mustPack(t, zonesPackYAML)
	kg := geotest.Offset(centre, 90, 3000)
	tests := []struct {
		name    string
		b       orb.Bound
		schools int
	}{
		{"KindergartenOnly", orb.Bound{Min: geotest.Offset(kg, 225, 10), Max: geotest.Offset(kg, 45, 10)}, 1},
		{"290mEastOfKindergarten", geotest.Offset(kg, 90, 290).Bound(), 1},
		{"310mEastOfKindergarten", geotest.Offset(kg, 90, 310).Bound(), 0},
		{"FarAway", orb.Point{110, 40}.Bound(), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			zs, err := zones.Build(idx, "internet_cafe", pack, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if zs.Schools != tc.schools {
				t.Errorf("schools %d, want %d", zs.Schools, tc.schools)
			}
			if tc.schools == 0 && len(zs.Prohibited)+len(zs.Inspect) > 0 {
				t.Errorf("zones without schools: %v", zs)
			}
		})
	}
}

// Overlapping zones of neighbouring schools merge into one polygon.
func TestBuild_merge(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	idx := geotest.MustIndex(t, []geo.Feature{
		{ID: "node/1", Kind: geo.School, SchoolKind: geo.Primary, Geometry: c},
		{ID: "node/2", Kind: geo.School, SchoolKind: geo.Primary, Geometry: geotest.Offset(c, 90, 350)},
		{ID: "node/3", Kind: geo.School, SchoolKind: geo.Primary, Geometry: geotest.Offset(c, 90, 2000)},
	})
	ext, _ := idx.Extent()
	zs, err := zones.Build(idx, "internet_cafe", mustPack(t, zonesPackYAML), ext)
	if err != nil {
		t.Fatal(err)
	}
	// The 300 m inspect zones less the 200 m prohibited ones: the first two
	// schools' rings meet, the third's stands alone.
	if len(zs.Prohibited) != 2 || len(zs.Inspect) != 2 {
		t.Errorf("%d prohibited and %d inspect polygons, want 2 and 2", len(zs.Prohibited), len(zs.Inspect))
	}
	between := geotest.Offset(c, 90, 175)
	if !planar.MultiPolygonContains(zs.Prohibited, between) {
		t.Errorf("the point between the first two schools is not prohibited")
	}
}

func TestBuild_errors(t *testing.T) {
	c := orb.Point{104.06, 30.66}
	var fs []geo.Feature
	for i := range zones.MaxSchools + 1 {
		fs = append(fs, geo.Feature{ID: fmt.Sprintf("node/%d", i), Kind: geo.School,
			Geometry: geotest.Offset(c, float64(i%360), float64(10+i))})
	}
	idx := geotest.MustIndex(t, fs)
	ext, _ := idx.Extent()
	_, err := zones.Build(idx, "internet_cafe", mustPack(t, zonesPackYAML), ext)
	if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), "more than 3000 schools") ||
		!strings.Contains(err.Error(), "zoom in") {
		t.Errorf("got %v, want an ErrInvalidInput saying to zoom in", err)
	}
	var ge *geo.Error
	if !errors.As(err, &ge) || ge.Code != "zoom_in" || ge.Params["max"] != "3000" || ge.Params["field"] != "bbox" || ge.Params["meters"] == "" {
		t.Errorf("got %#v, want code zoom_in with max, meters and the bbox", ge)
	}
}
