package geojson_test

import (
	"errors"
	"math/rand"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/geojson"
)

// TestIndex_Audit_area: an audit within a district keeps exactly the hits of
// the whole audit whose feature is in or on the district, registered
// businesses included.
func TestIndex_Audit_area(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	pack := geotest.MustRulePack(t, "engine.yaml")
	centre := orb.Point{104.06, 30.66}
	fs := geotest.RandomFeatures(rng, centre, 1200)
	idx := geotest.MustIndex(t, fs[:1000])
	extra := fs[1000:]
	// A concave district: an L made of two squares, with a hole.
	district := orb.MultiPolygon{geotest.Square(geotest.Offset(centre, 225, 300), 400), geotest.Square(geotest.Offset(centre, 45, 500), 250)}
	hole := geotest.Square(geotest.Offset(centre, 225, 300), 100)[0]
	hole.Reverse()
	district[0] = append(district[0], hole)
	all := idx.Audit(pack, geo.AuditOptions{Extra: extra})
	var want []string
	for _, h := range all {
		if geo.GeometryDistanceMeters(h.Feature.Geometry, district) == 0 {
			want = append(want, h.Feature.ID+" "+h.School.ID+" "+h.Rule.ID)
		}
	}
	if len(want) < 20 || len(want) == len(all) {
		t.Fatalf("%d of %d hits in the district: the test cannot tell a filter from none", len(want), len(all))
	}
	got := idx.Audit(pack, geo.AuditOptions{Extra: extra, Area: district})
	if len(got) != len(want) {
		t.Fatalf("%d hits in the district, want %d", len(got), len(want))
	}
	for i, h := range got {
		if k := h.Feature.ID + " " + h.School.ID + " " + h.Rule.ID; k != want[i] {
			t.Fatalf("hit %d: %s, want %s", i, k, want[i])
		}
	}
}

func TestParseArea(t *testing.T) {
	pg, err := geojson.ParseArea("district", []byte(`{"type":"Polygon","coordinates":[[[104,30],[105,30],[105,31],[104,30]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pg.(orb.Polygon); !ok {
		t.Fatalf("got %T, want orb.Polygon", pg)
	}
	f, err := geojson.ParseArea("district", []byte(`{"type":"Feature","properties":{"name":"锦江区"},"geometry":{"type":"MultiPolygon","coordinates":[[[[104,30],[105,30],[105,31],[104,30]]]]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.(orb.MultiPolygon); !ok {
		t.Fatalf("got %T, want orb.MultiPolygon", f)
	}
}

func TestParseArea_errors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"NotJSON", `nope`, `district "nope": must be a GeoJSON Polygon`},
		{"Point", `{"type":"Point","coordinates":[104,30]}`, `district.type "Point": must be Polygon or MultiPolygon`},
		{"Unclosed", `{"type":"Polygon","coordinates":[[[104,30],[105,30],[105,31],[104,31]]]}`, `district.geometry.coordinates[0]: ring not closed`},
		{"Short", `{"type":"Polygon","coordinates":[[[104,30],[105,30],[104,30]]]}`, `district.geometry.coordinates[0]: 3 positions`},
		{"Lat", `{"type":"Polygon","coordinates":[[[104,30],[105,95],[105,31],[104,30]]]}`, `95`},
		{"FeatureWithoutGeometry", `{"type":"Feature","properties":{},"geometry":null}`, `must be a GeoJSON Polygon`},
		{"Bowtie", `{"type":"Polygon","coordinates":[[[104,30],[105,31],[105,30],[104,31],[104,30]]]}`, `district: not a valid polygon (`},
		{"HoleOutside", `{"type":"Polygon","coordinates":[[[104,30],[105,30],[105,31],[104,31],[104,30]],[[106,30],[106.5,30],[106.5,30.5],[106,30]]]}`, `district: not a valid polygon (`},
		{"Overlapping", `{"type":"MultiPolygon","coordinates":[[[[104,30],[105,30],[105,31],[104,31],[104,30]]],[[[104.5,30.5],[105.5,30.5],[105.5,31.5],[104.5,30.5]]]]}`, `district: not a valid polygon (`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geojson.ParseArea("district", []byte(tc.in))
			if err == nil || !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrInvalidInput containing %q", err, tc.want)
			}
		})
	}
}
