package geojson_test

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/internal/geotest"
)

func TestParseSite(t *testing.T) {
	sq := `[[104,30],[104.001,30],[104.001,30.001],[104,30.001],[104,30]]`
	tests := []struct {
		name  string
		in    string
		kind  geo.SchoolKind
		gates int
		typ   string
	}{
		{"Point", `{"type":"Point","coordinates":[104,30]}`, "", 0, "Point"},
		{"Polygon", `{"type":"Polygon","coordinates":[` + sq + `]}`, "", 0, "Polygon"},
		{"MultiPolygon", `{"type":"MultiPolygon","coordinates":[[` + sq + `]]}`, "", 0, "MultiPolygon"},
		{"Feature", `{"type":"Feature","properties":{"name":"新校","school_kind":"primary","gates":[[104.0005,30]]},"geometry":{"type":"Polygon","coordinates":[` + sq + `]}}`, geo.Primary, 1, "Polygon"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := geojson.ParseSite([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if s.SchoolKind != tc.kind || len(s.Gates) != tc.gates || s.Geometry.GeoJSONType() != tc.typ {
				t.Errorf("got %+v", s)
			}
		})
	}
	s, _ := geojson.ParseSite([]byte(`{"type":"Point","coordinates":[104,30]}`))
	if s.Geometry != (orb.Point{104, 30}) {
		t.Errorf("point %v", s.Geometry)
	}
}

func TestParseSite_errors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"NotJSON", `POLYGON((104 30))`, `site "POLYGON((104 30))": must be a GeoJSON Point, Polygon or MultiPolygon`},
		{"Line", `{"type":"LineString","coordinates":[[104,30],[105,30]]}`, `site.type "LineString": must be Point, Polygon or MultiPolygon`},
		{"Unclosed", `{"type":"Polygon","coordinates":[[[104,30],[104.001,30],[104.001,30.001],[104,30.001]]]}`, "site: unclosed ring: its first position [104, 30] and last [104, 30.001] must be equal"},
		{"Bowtie", `{"type":"Polygon","coordinates":[[[104,30],[104.001,30.001],[104.001,30],[104,30.001],[104,30]]]}`, "site: self-intersecting: the edge from"},
		{"BadCoords", `{"type":"Polygon","coordinates":[[[104,"x"]]]}`, "site.geometry.coordinates"},
		{"NoGeometry", `{"type":"Feature","properties":{}}`, "site.geometry: missing"},
		{"BadGate", `{"type":"Feature","properties":{"gates":[[104]]},"geometry":{"type":"Point","coordinates":[104,30]}}`, "site.properties.gates[0] [104]: must be [lon, lat]"},
		{"BadKind", `{"type":"Feature","properties":{"school_kind":"uni"},"geometry":{"type":"Point","coordinates":[104,30]}}`, `school_kind "uni": must be one of`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geojson.ParseSite([]byte(tc.in))
			geotest.CheckInvalid(t, err, tc.want)
		})
	}
}
