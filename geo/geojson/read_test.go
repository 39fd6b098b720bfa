package geojson_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/internal/geotest"

	"github.com/safezone/safezone/geo/synth"
)

// geojsonFixture is what ../testdata/geojson/collection.geojson holds.
var geojsonFixture = []geo.Feature{
	{ID: "school/1", Kind: geo.School, Name: "第1小学", SchoolKind: geo.Primary,
		Geometry: orb.Polygon{{{104.0, 30.0}, {104.001, 30.0}, {104.001, 30.001}, {104.0, 30.001}, {104.0, 30.0}}},
		Gates:    []geo.Point{{Lat: 30.0, Lon: 104.0005}, {Lat: 30.0005, Lon: 104.001}}},
	{ID: "school/2", Kind: geo.School, Name: "第2幼儿园", SchoolKind: geo.Kindergarten, Geometry: orb.Point{104.01, 30.01}},
	{ID: "biz/1", Kind: geo.Business, Name: "网吧1", Category: "internet_cafe", Geometry: orb.Point{104.002, 30.0015}},
	{ID: "biz/2", Kind: geo.Business, Name: "市场2", Category: "market",
		Geometry: orb.MultiPolygon{{{{104.003, 30.0}, {104.0035, 30.0}, {104.0035, 30.0005}, {104.003, 30.0}}}}},
	{ID: "water/1", Kind: geo.WaterBody, Name: "河1", Category: geo.Water, WaterKind: "river",
		Geometry: orb.LineString{{104.0, 30.002}, {104.002, 30.0021}, {104.004, 30.0019}}},
	{ID: "water/2", Kind: geo.WaterBody, Category: geo.Water, WaterKind: geo.OtherWater,
		Geometry: orb.MultiLineString{{{104.0, 30.003}, {104.001, 30.003}}, {{104.002, 30.003}, {104.003, 30.003}}}},
	{ID: "water/3", Kind: geo.WaterBody, Name: "塘3", Category: geo.Water, WaterKind: "pond",
		Geometry: orb.Polygon{
			{{104.005, 30.005}, {104.006, 30.005}, {104.006, 30.006}, {104.005, 30.006}, {104.005, 30.005}},
			{{104.0052, 30.0052}, {104.0052, 30.0054}, {104.0054, 30.0054}, {104.0052, 30.0052}},
		}},
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []geo.Feature
	}{
		{"FeatureCollection", "collection.geojson", geojsonFixture},
		{"Feature", "feature.geojson", []geo.Feature{
			{ID: "42", Kind: geo.Business, Name: "酒吧42", Category: "bar", Geometry: orb.Point{106.5, 29.5}},
		}},
		{"NDJSON", "features.geojsonl", []geo.Feature{
			{ID: "school/1", Kind: geo.School, Name: "第1小学", SchoolKind: geo.Primary, Geometry: orb.Point{104.0659, 30.6598}},
			{ID: "biz/1", Kind: geo.Business, Name: "网吧1", Category: "internet_cafe", Geometry: orb.Point{104.0661, 30.66}},
			{ID: "biz/2", Kind: geo.Business, Name: `"KTV" 2`, Category: "song_dance", Geometry: orb.Point{104.067, 30.661}},
			{ID: "water/1", Kind: geo.WaterBody, Category: geo.Water, WaterKind: "pond",
				Geometry: orb.Polygon{{{104.07, 30.66}, {104.071, 30.66}, {104.071, 30.661}, {104.07, 30.66}}}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mustReadGeoJSONFile(t, filepath.Join("../testdata", "geojson", tc.file))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestRead_forms(t *testing.T) {
	const point = `{"type":"Feature","properties":{"id":"a","kind":"school"},"geometry":{"type":"Point","coordinates":[1,2]}}`
	const point2 = `{"type":"Feature","properties":{"id":"b","kind":"school"},"geometry":{"type":"Point","coordinates":[1,2]}}`
	tests := []struct {
		name  string
		input string
		want  int
	}{
		{"empty", "", 0},
		{"white space", " \n\t\r\n", 0},
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, 0},
		{"collection on one line", `{"type":"FeatureCollection","features":[` + point + `,` + point2 + `]}`, 2},
		{"features before type", `{"features":[` + point + `],"type":"FeatureCollection"}`, 1},
		{"CRLF lines", point + "\r\n" + point2 + "\r\n", 2},
		{"no final newline", point + "\n" + point2, 2},
		{"byte order mark", "\xef\xbb\xbf" + point, 1},
		{"text sequence", "\x1e" + point + "\n\x1e" + point2 + "\n", 2},
		{"pretty features in sequence", strings.ReplaceAll(point+point2, ",", ",\n"), 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := geojson.Read(strings.NewReader(tc.input), "in")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Errorf("got %d features, want %d", len(got), tc.want)
			}
		})
	}
}

// TestRead_longLine checks a line longer than the read buffer.
func TestRead_longLine(t *testing.T) {
	river := geo.Feature{ID: "water/1", Kind: geo.WaterBody, Category: geo.Water, WaterKind: "river"}
	var ls orb.LineString
	for i := range 100_000 {
		ls = append(ls, orb.Point{float64(1_000_000_000+100*i) / 1e7, 30.1234567})
	}
	river.Geometry = ls
	school := geo.Feature{ID: "school/1", Kind: geo.School, SchoolKind: geo.GeneralSchool, Geometry: orb.Point{1, 2}}
	in := []geo.Feature{school, river, school}
	in[2].ID = "school/2"
	roundTrip(t, in, geojson.WriteLines)
}

func TestRead_roundTrip(t *testing.T) {
	for name, write := range map[string]func(io.Writer, []geo.Feature) error{
		"WriteLines":             geojson.WriteLines,
		"WriteFeatureCollection": geojson.WriteFeatureCollection,
	} {
		t.Run(name, func(t *testing.T) {
			roundTrip(t, geojsonFixture, write)
			roundTrip(t, nil, write)
			roundTrip(t, []geo.Feature{{ID: "a\n\"\\\x01\u2028", Kind: geo.Business, Name: "<&>\t", Category: geo.Police,
				Geometry: orb.Point{-180, -90}}}, write)
		})
	}
}

func roundTrip(t *testing.T, in []geo.Feature, write func(io.Writer, []geo.Feature) error) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := geojson.Read(&buf, "out")
	if err != nil {
		t.Fatal(err)
	}
	if len(in) == 0 && len(out) == 0 {
		return
	}
	if len(out) != len(in) {
		t.Fatalf("read back %d features, want %d", len(out), len(in))
	}
	for i := range in {
		if !reflect.DeepEqual(out[i], in[i]) {
			t.Errorf("features[%d]: read back\n%.500s\nwant\n%.500s", i, fmt.Sprint(out[i]), fmt.Sprint(in[i]))
		}
	}
}

func TestRead_readerError(t *testing.T) {
	want := errors.New("connection reset")
	data, err := os.ReadFile(filepath.Join("../testdata", "geojson", "collection.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	r := io.MultiReader(bytes.NewReader(data[:300]), iotest.ErrReader(want))
	_, err = geojson.Read(r, "in")
	if !errors.Is(err, want) || errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("got %v, want %v", err, want)
	}
}

// TestRead_manyLines checks errors and line numbers in input long
// enough to be decoded in parallel.
func TestRead_manyLines(t *testing.T) {
	var sb strings.Builder
	features := geotest.MustGenerate(t, synth.Config{Schools: 2000, Businesses: 20000, Seed: 5})
	if err := geojson.WriteLines(&sb, features); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(sb.String(), "\n")
	lines[15000] = strings.Replace(lines[15000], `"kind":"business"`, `"kind":"shop"`, 1)
	lines[18000] = "{oops}\n"
	_, err := geojson.Read(strings.NewReader(strings.Join(lines, "")), "big.geojsonl")
	geotest.CheckInvalid(t, err, `big.geojsonl:15001: feature "biz/13001": kind "shop"`)

	want := errors.New("connection reset")
	r := io.MultiReader(strings.NewReader(strings.Join(lines[:10000], "")), iotest.ErrReader(want))
	if _, err := geojson.Read(r, "big.geojsonl"); !errors.Is(err, want) || errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("got %v, want %v", err, want)
	}
}

func TestReadDir(t *testing.T) {
	got, err := geojson.ReadDir(filepath.Join("../testdata", "geojson", "dir"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range got {
		ids = append(ids, f.ID)
	}
	if want := []string{"school/1", "biz/1", "biz/2", "42"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("got IDs %q, want %q", ids, want)
	}
}

func TestReadDir_errors(t *testing.T) {
	dir := filepath.Join("../testdata", "geojson", "dupdir")
	_, err := geojson.ReadDir(dir)
	geotest.CheckInvalid(t, err, filepath.Join(dir, "b.geojson")+`:3 features[1]: feature "biz/2": id "biz/2": already used at `+filepath.Join(dir, "a.ndjson")+":2")

	_, err = geojson.ReadDir(filepath.Join("../testdata", "geojson", "missing"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing dir: got %v, want os.ErrNotExist", err)
	}
}

func mustReadGeoJSONFile(tb testing.TB, path string) []geo.Feature {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	features, err := geojson.Read(f, filepath.Base(path))
	if err != nil {
		tb.Fatal(err)
	}
	return features
}

func ExampleRead() {
	const data = `{"type":"Feature","properties":{"id":"school/1","kind":"school","name":"第1小学","school_kind":"primary"},"geometry":{"type":"Point","coordinates":[104.0659,30.6598]}}
{"type":"Feature","properties":{"id":"biz/1","kind":"business","name":"网吧1","category":"internet_cafe"},"geometry":{"type":"Point","coordinates":[104.0661,30.66]}}
`
	features, err := geojson.Read(strings.NewReader(data), "schools.geojsonl")
	fmt.Println(len(features), features[1].Category, features[1].Geometry, err)

	const bad = `{"type":"Feature","properties":{"id":"biz/2","kind":"business","category":"bar"},"geometry":{"type":"Point","coordinates":[104.067,123.4]}}`
	_, err = geojson.Read(strings.NewReader(data+bad), "schools.geojsonl")
	fmt.Println(err)
	// Output:
	// 2 internet_cafe [104.0661 30.66] <nil>
	// schools.geojsonl:3: feature "biz/2": lat "123.4": must be between -90 and 90
}
