package osm

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

func TestNewBasemap(t *testing.T) {
	campus := orb.Polygon{{{104.06, 30.66}, {104.061, 30.66}, {104.061, 30.661}, {104.06, 30.661}, {104.06, 30.66}}}
	pond := orb.Polygon{{{104.07, 30.67}, {104.071, 30.67}, {104.071, 30.671}, {104.07, 30.671}, {104.07, 30.67}}}
	features := []geo.Feature{
		{ID: "s1", Kind: geo.School, Name: "第一小学", SchoolKind: geo.Primary, Geometry: campus},
		{ID: "s2", Kind: geo.School, SchoolKind: geo.Kindergarten, Geometry: orb.Point{104.05, 30.65}}, // a point: no campus
		{ID: "w1", Kind: geo.WaterBody, WaterKind: "river", Geometry: orb.LineString{{104.0, 30.6}, {104.1, 30.7}}},
		{ID: "w2", Kind: geo.WaterBody, Geometry: pond}, // no water kind: "water", as NewIndex reads it
		{ID: "w3", Kind: geo.WaterBody, WaterKind: "pond", Geometry: orb.Point{104.08, 30.68}},
		{ID: "b1", Kind: geo.Business, Category: "bar", Geometry: orb.Point{104.06, 30.66}},
	}
	b, err := NewBasemap(features)
	if err != nil {
		t.Fatal(err)
	}
	ext, _ := b.Extent()
	fs, _ := b.InBound(ext, maxDetailZoom, 0)
	want := []string{
		"w1 water/river orb.LineString",
		"w2 water/water orb.Polygon",
		"s1 campus/primary orb.Polygon",
	}
	if got := summarizeMap(fs); !reflect.DeepEqual(got, want) {
		t.Errorf("features %v, want %v", got, want)
	}
	if len(b.Roads()) != 0 || len(b.Intersections()) != 0 {
		t.Errorf("%d roads and %d junctions from GeoJSON features, want none", len(b.Roads()), len(b.Intersections()))
	}
}

func TestNewBasemap_errors(t *testing.T) {
	tests := []struct {
		name    string
		feature geo.Feature
		want    string
	}{
		{"lat NaN", geo.Feature{ID: "w1", Kind: geo.WaterBody, Geometry: orb.LineString{{104, math.NaN()}, {104.1, 30}}},
			`feature "w1": geometry: lat "NaN"`},
		{"lon out of range", geo.Feature{ID: "s1", Kind: geo.School, Geometry: orb.Polygon{{{190, 30}, {191, 30}, {191, 31}, {190, 30}}}},
			`feature "s1": geometry: lon "190"`},
		{"empty id", geo.Feature{Kind: geo.WaterBody, Geometry: orb.LineString{{104, 30}, {104.1, 30}}},
			`feature id "": must not be empty`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewBasemap([]geo.Feature{tc.feature})
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want ErrInvalidInput starting %q", err, tc.want)
			}
		})
	}
}
