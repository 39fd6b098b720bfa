package geojson_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/internal/geotest"
)

func TestWriteLines(t *testing.T) {
	features := []geo.Feature{
		{ID: "school/1", Kind: geo.School, Name: "第1小学", Geometry: orb.Point{104.12345678, -0.00000001},
			Gates: []geo.Point{{Lat: 30, Lon: 104.1}}},
		{ID: "water/1", Kind: geo.WaterBody, Geometry: orb.LineString{{104, 30}, {104.5, 30.25}}},
	}
	want := `{"type":"Feature","properties":{"id":"school/1","kind":"school","name":"第1小学","school_kind":"school","gates":[[104.1,30]]},"geometry":{"type":"Point","coordinates":[104.1234568,0]}}
{"type":"Feature","properties":{"id":"water/1","kind":"water","category":"water","water_kind":"water"},"geometry":{"type":"LineString","coordinates":[[104,30],[104.5,30.25]]}}
`
	var buf bytes.Buffer
	if err := geojson.WriteLines(&buf, features); err != nil {
		t.Fatal(err)
	}
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWriteGeoJSONL_errors(t *testing.T) {
	tests := []struct {
		name    string
		feature geo.Feature
		want    string
	}{
		{"NaN", geo.Feature{ID: "a", Kind: geo.School, Geometry: orb.Point{0, math.NaN()}}, `features[0]: feature "a": lat "NaN": must be between -90 and 90`},
		{"no geometry", geo.Feature{ID: "a", Kind: geo.School}, `geometry: missing`},
		{"no ID", geo.Feature{Kind: geo.School, Geometry: orb.Point{}}, `id "": must be a non-empty string`},
		{"ring", geo.Feature{ID: "a", Kind: geo.School, Geometry: orb.Ring{{0, 0}, {1, 0}, {0, 1}, {0, 0}}}, `geometry orb.Ring: must be one of`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, write := range []func(io.Writer, []geo.Feature) error{geojson.WriteLines, geojson.WriteFeatureCollection} {
				err := write(io.Discard, []geo.Feature{tc.feature})
				geotest.CheckInvalid(t, err, tc.want)
			}
		})
	}
}

func TestWriteGeoJSONL_writerError(t *testing.T) {
	want := errors.New("disk full")
	err := geojson.WriteLines(errWriter{want}, geojsonFixture)
	if !errors.Is(err, want) {
		t.Errorf("got %v, want %v", err, want)
	}
}

type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

func ExampleWriteLines() {
	features := []geo.Feature{
		{ID: "school/1", Kind: geo.School, Name: "第1小学", SchoolKind: geo.Primary, Geometry: orb.Point{104.065912345, 30.6598}},
	}
	if err := geojson.WriteLines(os.Stdout, features); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"type":"Feature","properties":{"id":"school/1","kind":"school","name":"第1小学","school_kind":"primary"},"geometry":{"type":"Point","coordinates":[104.0659123,30.6598]}}
}
