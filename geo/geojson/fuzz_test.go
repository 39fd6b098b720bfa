package geojson

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// geojsonFuzzSeeds are valid and nasty inputs for the fuzz tests, besides the
// files in ../testdata/geojson.
var geojsonFuzzSeeds = []string{
	``,
	`{`,
	`[]`,
	`null`,
	"\xef\xbb\xbf\x1e{}",
	`{"type":"Feature","properties":{"id":"s1","kind":"school","gates":[[104,30]]},"geometry":{"type":"Point","coordinates":[104,30]}}`,
	`{"type":"Feature","properties":{"id":"s1","kind":"school","gates":null,"gates":[]},"geometry":{"type":"Point","coordinates":[104,30]}}`,
	`{"type":"Feature","properties":{"id":"s1","kind":"school","kind":null},"geometry":{"type":"Point","coordinates":[-0,1e-7]}}`,
	`{"type":"Feature","properties":{"id":"b\u0031","kind":"business","category":"bar"},"geometry":{"type":"Point","coordinates":[104,30]}}`,
	`{"type":"Feature","properties":{"id":"b1","kind":"business","category":"bar","address":" 府青路\u4e8c段12号 ","address":null},"geometry":{"type":"Point","coordinates":[104,30]}}`,
	`{"type":"Feature","properties":{"id":"b1","kind":"business","category":"bar","addr:street":"府青路","addr:housenumber":12,"addr:city":"成都市"},"geometry":{"type":"Point","coordinates":[104,30]}}`,
	`{"type":"Feature","properties":{"id":"b1","Kind":"business","category":"bar"},"geometry":{"type":"Point","coordinates":[104,30]}}`,
	`{"type":"Feature","id":12,"properties":{"kind":"business","category":"bar","name":"\xff"},"geometry":{"type":"Point","coordinates":[180,90]}}`,
	`{"type":"Feature","properties":{"id":"w","kind":"water"},"geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4],[5,6],[1,2]],[]]}}`,
	`{"type":"Feature","properties":{"id":"w","kind":"water"},"geometry":{"type":"MultiPolygon","coordinates":[[[[1,2],[3,4],[5,6],[1,2]]]]}}`,
	`{"type":"Feature","properties":{"id":"w","kind":"water"},"geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[1,2,3],[3,4]]]}}`,
	`{"type":"Feature","properties":{"id":"w","kind":"water"},"geometry":{"coordinates":[[1,2],[3,4]],"type":"LineString"}}`,
	`{"type":"Feature","properties":{"id":"x","kind":"school"},"geometry":{"type":"Point","coordinates":[1e400,01]}}`,
	`{"type":"Feature","properties":{"id":"x","kind":"school"},"geometry":{"type":"Point","coordinates":[NaN,Infinity]}}`,
	`{"type":"FeatureCollection","bbox":[1,2,3,4],"features":[{"type":"Feature","properties":{"id":"a","kind":"school"},"geometry":{"type":"Point","coordinates":[1,2]}}],"x":{"y":[1,"]"]}}`,
	"{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":\"Feature\",\"properties\":{\"id\":\"a\",\"kind\":\"school\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},\n]}",
	"{\"type\":\n\"Feature\"}\n{\"type\":\"Feature\"}",
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`,
	`{"type":"FeatureCollection","features":[` + `"\"\\`,
}

func addGeoJSONFuzzSeeds(f *testing.F) {
	f.Helper()
	for _, s := range geojsonFuzzSeeds {
		f.Add([]byte(s))
	}
	paths, err := filepath.Glob(filepath.Join("../testdata", "geojson", "*.*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		for line := range bytes.Lines(data) {
			f.Add(line)
		}
	}
}

// FuzzRead checks that Read never panics, fails only with
// ErrInvalidInput, accepts only valid features, and that what it accepts
// can be written and read back.
func FuzzRead(f *testing.F) {
	addGeoJSONFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		features, err := Read(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("error %q does not wrap ErrInvalidInput", err)
			}
			return
		}
		ids := map[string]bool{}
		for _, ft := range features {
			if ft.ID == "" || ids[ft.ID] {
				t.Fatalf("empty or duplicate ID %q", ft.ID)
			}
			ids[ft.ID] = true
			checkFuzzedFeature(t, ft)
		}
		var buf bytes.Buffer
		if err := WriteLines(&buf, features); err != nil {
			t.Fatalf("cannot write what was read: %v", err)
		}
		back, err := Read(&buf, "back")
		if err != nil || len(back) != len(features) {
			t.Fatalf("read back %d of %d features: %v", len(back), len(features), err)
		}
	})
}

// checkFuzzedFeature checks f without the code under test.
func checkFuzzedFeature(t *testing.T, f geo.Feature) {
	t.Helper()
	ok := func(vs []string, v string) bool { return slices.Contains(vs, v) }
	switch {
	case f.Kind == geo.School && ok([]string{"kindergarten", "primary", "secondary", "school"}, string(f.SchoolKind)) && f.Category == "" && f.WaterKind == "":
	case f.Kind == geo.Business && slices.Contains(geo.Categories, f.Category) && f.Category != geo.Water && f.SchoolKind == "" && f.WaterKind == "" && f.Gates == nil:
	case f.Kind == geo.WaterBody && f.Category == geo.Water && slices.Contains(geo.WaterKinds, f.WaterKind) && f.SchoolKind == "" && f.Gates == nil:
	default:
		t.Fatalf("feature %q: bad kind %q, category %q, school kind %q or water kind %q, or gates %v",
			f.ID, f.Kind, f.Category, f.SchoolKind, f.WaterKind, f.Gates)
	}
	var points []orb.Point
	for _, g := range f.Gates {
		points = append(points, orb.Point{g.Lon, g.Lat})
	}
	switch g := f.Geometry.(type) {
	case orb.Point:
		points = append(points, g)
	case orb.LineString:
		points = append(points, g...)
	case orb.MultiLineString:
		for _, l := range g {
			points = append(points, l...)
		}
	case orb.Polygon:
		points = append(points, ringsPoints(t, g)...)
	case orb.MultiPolygon:
		for _, p := range g {
			points = append(points, ringsPoints(t, p)...)
		}
	default:
		t.Fatalf("feature %q: geometry %T", f.ID, f.Geometry)
	}
	for _, p := range points {
		if !(math.Abs(p.Lon()) <= 180 && math.Abs(p.Lat()) <= 90) {
			t.Fatalf("feature %q: position %v out of range", f.ID, p)
		}
	}
}

func ringsPoints(t *testing.T, p orb.Polygon) []orb.Point {
	var points []orb.Point
	for _, r := range p {
		if len(r) < 4 || r[0] != r[len(r)-1] {
			t.Fatalf("bad ring %v", r)
		}
		points = append(points, r...)
	}
	return points
}

// FuzzReadFastPath checks that decodeFast, where it accepts a
// feature, decodes it exactly as encoding/json does.
func FuzzReadFastPath(f *testing.F) {
	addGeoJSONFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := decodeFast(data)
		if !ok {
			return
		}
		slow, err := decodeFeatureJSON(data)
		if err != nil {
			t.Fatalf("fast path accepted what encoding/json rejects: %v", err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("fast path\n%#v\nencoding/json\n%#v", fast, slow)
		}
	})
}
