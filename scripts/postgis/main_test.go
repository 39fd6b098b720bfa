package main

import (
	"bytes"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// TestWriteRules: one row per (rule, category), school kinds from
// AppliesTo (a rule for primary schools also covers "school", whose level
// is not mapped), distances as written.
func TestWriteRules(t *testing.T) {
	pack, err := geo.LoadRules("../../geo/testdata/rules/engine.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeRules(&b, pack); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"venues_200\tinternet_cafe\t200\tcampus\t{kindergarten,primary,secondary,school}",
		"venues_200\tgame_arcade\t200\tcampus\t{kindergarten,primary,secondary,school}",
		"bar_200\tbar\t200\tcampus\t{kindergarten,primary,secondary,school}",
		"stalls_100\tstreet_stall\t100\tgate\t{kindergarten,primary,secondary,school}",
		"parking_50\tparking\t50\tgate\t{primary,school}",
		"water_200\twater\t200\tcampus\t{kindergarten,primary,secondary,school}",
	}, "\n") + "\n"
	if b.String() != want {
		t.Errorf("rows:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestReferenceMeters(t *testing.T) {
	square := orb.Polygon{{{104, 30}, {104.002, 30}, {104.002, 30.002}, {104, 30.002}, {104, 30}}}
	tests := []struct {
		name string
		a, b orb.Geometry
		want float64
	}{
		{"Inside", orb.Point{104.001, 30.001}, square, 0},
		{"Crossing", orb.LineString{{103.999, 30.001}, {104.003, 30.001}}, square, 0},
		{"Points", orb.Point{104, 30}, orb.Point{104.001, 30.001}, geo.DistanceMeters(geo.Point{Lat: 30, Lon: 104}, geo.Point{Lat: 30.001, Lon: 104.001})},
		// Due south of the square's bottom edge: along a meridian, so the
		// distance is that between the two points on it.
		{"BelowEdge", orb.Point{104.001, 29.999}, square, geo.DistanceMeters(geo.Point{Lat: 29.999, Lon: 104.001}, geo.Point{Lat: 30, Lon: 104.001})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The bottom edge bows poleward of its vertices' parallel, so
			// "BelowEdge" is a hair (0.04 mm) longer than the meridian.
			if got := referenceMeters(tc.a, tc.b); math.Abs(got-tc.want) > 0.01 {
				t.Errorf("referenceMeters = %.6f, want %.6f", got, tc.want)
			}
		})
	}
}

// TestReferenceMeters_geo checks geo's distances against the reference on
// random points and polygons 0-300 m apart: they must agree within 1 mm.
func TestReferenceMeters_geo(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	worst := 0.0
	for range 300 {
		lat, lon := 20+40*r.Float64(), 100+10*r.Float64()
		var ring orb.Ring
		n := 3 + r.Intn(10)
		for k := range n {
			a := 2 * math.Pi * (float64(k) + 0.8*r.Float64()) / float64(n)
			d := (50 + 150*r.Float64()) / 111000
			ring = append(ring, orb.Point{lon + d*math.Cos(a)/math.Cos(lat*math.Pi/180), lat + d*math.Sin(a)})
		}
		ring = append(ring, ring[0])
		p := orb.Point{lon + (r.Float64()-0.5)*0.008, lat + (r.Float64()-0.5)*0.008}
		ref := referenceMeters(p, orb.Polygon{ring})
		got := geo.GeometryDistanceMeters(orb.Polygon{ring}, p)
		worst = max(worst, math.Abs(got-ref))
		if math.Abs(got-ref) > 0.001 {
			t.Errorf("point %v, ring %v: geo %.6f, reference %.6f", p, ring, got, ref)
		}
	}
	t.Logf("largest difference: %.3g m", worst)
}
