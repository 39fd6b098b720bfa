package geo_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/paulmach/orb"
	"github.com/safezone/safezone/geo"
)

// geojsonFixture is what testdata/geojson/collection.geojson holds.
var geojsonFixture = []geo.Feature{
	{ID: "school/1", Kind: geo.School, Name: "第1小学", SchoolKind: geo.Primary,
		Geometry: orb.Polygon{{{104.0, 30.0}, {104.001, 30.0}, {104.001, 30.001}, {104.0, 30.001}, {104.0, 30.0}}},
		Gates:    []geo.Point{{Lat: 30.0, Lon: 104.0005}, {Lat: 30.0005, Lon: 104.001}}},
	{ID: "school/2", Kind: geo.School, Name: "第2幼儿园", SchoolKind: geo.Kindergarten, Geometry: orb.Point{104.01, 30.01}},
	{ID: "biz/1", Kind: geo.Business, Name: "网吧1", Category: geo.InternetCafe, Geometry: orb.Point{104.002, 30.0015}},
	{ID: "biz/2", Kind: geo.Business, Name: "市场2", Category: geo.Market,
		Geometry: orb.MultiPolygon{{{{104.003, 30.0}, {104.0035, 30.0}, {104.0035, 30.0005}, {104.003, 30.0}}}}},
	{ID: "water/1", Kind: geo.WaterBody, Name: "河1", Category: geo.Water, WaterKind: geo.River,
		Geometry: orb.LineString{{104.0, 30.002}, {104.002, 30.0021}, {104.004, 30.0019}}},
	{ID: "water/2", Kind: geo.WaterBody, Category: geo.Water, WaterKind: geo.OtherWater,
		Geometry: orb.MultiLineString{{{104.0, 30.003}, {104.001, 30.003}}, {{104.002, 30.003}, {104.003, 30.003}}}},
	{ID: "water/3", Kind: geo.WaterBody, Name: "塘3", Category: geo.Water, WaterKind: geo.Pond,
		Geometry: orb.Polygon{
			{{104.005, 30.005}, {104.006, 30.005}, {104.006, 30.006}, {104.005, 30.006}, {104.005, 30.005}},
			{{104.0052, 30.0052}, {104.0052, 30.0054}, {104.0054, 30.0054}, {104.0052, 30.0052}},
		}},
}

func TestReadGeoJSON(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []geo.Feature
	}{
		{"FeatureCollection", "collection.geojson", geojsonFixture},
		{"Feature", "feature.geojson", []geo.Feature{
			{ID: "42", Kind: geo.Business, Name: "酒吧42", Category: geo.Bar, Geometry: orb.Point{106.5, 29.5}},
		}},
		{"NDJSON", "features.geojsonl", []geo.Feature{
			{ID: "school/1", Kind: geo.School, Name: "第1小学", SchoolKind: geo.Primary, Geometry: orb.Point{104.0659, 30.6598}},
			{ID: "biz/1", Kind: geo.Business, Name: "网吧1", Category: geo.InternetCafe, Geometry: orb.Point{104.0661, 30.66}},
			{ID: "biz/2", Kind: geo.Business, Name: `"KTV" 2`, Category: geo.SongDance, Geometry: orb.Point{104.067, 30.661}},
			{ID: "water/1", Kind: geo.WaterBody, Category: geo.Water, WaterKind: geo.Pond,
				Geometry: orb.Polygon{{{104.07, 30.66}, {104.071, 30.66}, {104.071, 30.661}, {104.07, 30.66}}}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mustReadGeoJSONFile(t, filepath.Join("testdata", "geojson", tc.file))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestReadGeoJSON_forms(t *testing.T) {
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
			got, err := geo.ReadGeoJSON(strings.NewReader(tc.input), "in")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Errorf("got %d features, want %d", len(got), tc.want)
			}
		})
	}
}

// TestReadGeoJSON_longLine checks a line longer than the read buffer.
func TestReadGeoJSON_longLine(t *testing.T) {
	river := geo.Feature{ID: "water/1", Kind: geo.WaterBody, Category: geo.Water, WaterKind: geo.River}
	var ls orb.LineString
	for i := range 100_000 {
		ls = append(ls, orb.Point{float64(1_000_000_000+100*i) / 1e7, 30.1234567})
	}
	river.Geometry = ls
	school := geo.Feature{ID: "school/1", Kind: geo.School, SchoolKind: geo.GeneralSchool, Geometry: orb.Point{1, 2}}
	in := []geo.Feature{school, river, school}
	in[2].ID = "school/2"
	roundTrip(t, in, geo.WriteGeoJSONL)
}

func TestReadGeoJSON_roundTrip(t *testing.T) {
	for name, write := range map[string]func(io.Writer, []geo.Feature) error{
		"WriteGeoJSONL":          geo.WriteGeoJSONL,
		"WriteFeatureCollection": geo.WriteFeatureCollection,
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
	out, err := geo.ReadGeoJSON(&buf, "out")
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

func TestWriteGeoJSONL(t *testing.T) {
	features := []geo.Feature{
		{ID: "school/1", Kind: geo.School, Name: "第1小学", Geometry: orb.Point{104.12345678, -0.00000001},
			Gates: []geo.Point{{Lat: 30, Lon: 104.1}}},
		{ID: "water/1", Kind: geo.WaterBody, Geometry: orb.LineString{{104, 30}, {104.5, 30.25}}},
	}
	want := `{"type":"Feature","properties":{"id":"school/1","kind":"school","name":"第1小学","school_kind":"school","gates":[[104.1,30]]},"geometry":{"type":"Point","coordinates":[104.1234568,0]}}
{"type":"Feature","properties":{"id":"water/1","kind":"water","category":"water","water_kind":"water"},"geometry":{"type":"LineString","coordinates":[[104,30],[104.5,30.25]]}}
`
	var buf bytes.Buffer
	if err := geo.WriteGeoJSONL(&buf, features); err != nil {
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
			for _, write := range []func(io.Writer, []geo.Feature) error{geo.WriteGeoJSONL, geo.WriteFeatureCollection} {
				err := write(io.Discard, []geo.Feature{tc.feature})
				checkInvalid(t, err, tc.want)
			}
		})
	}
}

func TestWriteGeoJSONL_writerError(t *testing.T) {
	want := errors.New("disk full")
	err := geo.WriteGeoJSONL(errWriter{want}, geojsonFixture)
	if !errors.Is(err, want) {
		t.Errorf("got %v, want %v", err, want)
	}
}

type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

func TestReadGeoJSON_readerError(t *testing.T) {
	want := errors.New("connection reset")
	data, err := os.ReadFile(filepath.Join("testdata", "geojson", "collection.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	r := io.MultiReader(bytes.NewReader(data[:300]), iotest.ErrReader(want))
	_, err = geo.ReadGeoJSON(r, "in")
	if !errors.Is(err, want) || errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("got %v, want %v", err, want)
	}
}

// TestReadGeoJSON_manyLines checks errors and line numbers in input long
// enough to be decoded in parallel.
func TestReadGeoJSON_manyLines(t *testing.T) {
	var sb strings.Builder
	features := mustSynthesize(t, geo.SynthConfig{Schools: 2000, Businesses: 20000, Seed: 5})
	if err := geo.WriteGeoJSONL(&sb, features); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(sb.String(), "\n")
	lines[15000] = strings.Replace(lines[15000], `"kind":"business"`, `"kind":"shop"`, 1)
	lines[18000] = "{oops}\n"
	_, err := geo.ReadGeoJSON(strings.NewReader(strings.Join(lines, "")), "big.geojsonl")
	checkInvalid(t, err, `big.geojsonl:15001: feature "biz/13001": kind "shop"`)

	want := errors.New("connection reset")
	r := io.MultiReader(strings.NewReader(strings.Join(lines[:10000], "")), iotest.ErrReader(want))
	if _, err := geo.ReadGeoJSON(r, "big.geojsonl"); !errors.Is(err, want) || errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("got %v, want %v", err, want)
	}
}

func TestReadGeoJSONDir(t *testing.T) {
	got, err := geo.ReadGeoJSONDir(filepath.Join("testdata", "geojson", "dir"))
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

func TestReadGeoJSONDir_errors(t *testing.T) {
	dir := filepath.Join("testdata", "geojson", "dupdir")
	_, err := geo.ReadGeoJSONDir(dir)
	checkInvalid(t, err, filepath.Join(dir, "b.geojson")+`:3 features[1]: feature "biz/2": id "biz/2": already used at `+filepath.Join(dir, "a.ndjson")+":2")

	_, err = geo.ReadGeoJSONDir(filepath.Join("testdata", "geojson", "missing"))
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
	features, err := geo.ReadGeoJSON(f, filepath.Base(path))
	if err != nil {
		tb.Fatal(err)
	}
	return features
}

func checkInvalid(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %q", want)
	}
	if !errors.Is(err, geo.ErrInvalidInput) {
		t.Errorf("error %q does not wrap ErrInvalidInput", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got error\n%s\nwant it to contain\n%s", err, want)
	}
}

func TestReadGeoJSON_errors(t *testing.T) {
	// f builds a feature line from its properties and geometry.
	f := func(props, geom string) string {
		return `{"type":"Feature","properties":{` + props + `},"geometry":` + geom + "}"
	}
	const pt = `{"type":"Point","coordinates":[104,30]}`
	const school = `"id":"s1","kind":"school"`
	const biz = `"id":"b1","kind":"business","category":"bar"`
	const water = `"id":"w1","kind":"water"`
	line := func(coords string) string { return `{"type":"LineString","coordinates":` + coords + `}` }
	poly := func(coords string) string { return `{"type":"Polygon","coordinates":` + coords + `}` }
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"not JSON", "hello", `schools.geojsonl: must be a GeoJSON FeatureCollection, a Feature or one Feature per line; starts with "hello"`},
		{"array", `[1]`, `starts with "[1]"`},
		{"bad line", f(school, pt) + "\n{oops}\n", `schools.geojsonl:2: invalid JSON: invalid character 'o'`},
		{"truncated line", f(school, pt)[:50], `schools.geojsonl:1: invalid JSON: unexpected end of JSON input`},
		{"lat out of range", f(school, `{"type":"Point","coordinates":[104,123.4]}`), `schools.geojsonl:1: feature "s1": lat "123.4": must be between -90 and 90`},
		{"lon out of range", f(school, `{"type":"Point","coordinates":[-180.5,30]}`), `feature "s1": lon "-180.5": must be between -180 and 180`},
		{"huge number", f(school, `{"type":"Point","coordinates":[1e400,30]}`), `feature "s1": geometry.coordinates: got JSON number 1e400, want a finite number`},
		{"one number", f(school, `{"type":"Point","coordinates":[104]}`), `feature "s1": geometry.coordinates [104]: must be [lon, lat]`},
		{"string coordinate", f(school, `{"type":"Point","coordinates":["104",30]}`), `geometry.coordinates: got JSON string, want a finite number`},
		{"no coordinates", f(school, `{"type":"Point"}`), `feature "s1": geometry.coordinates: missing`},
		{"null geometry", f(school, `null`), `feature "s1": geometry: missing; must be one of Point, LineString`},
		{"geometry collection", f(school, `{"type":"GeometryCollection","geometries":[]}`), `geometry.type "GeometryCollection": must be one of Point`},
		{"school as line", f(school, line(`[[104,30],[104.1,30]]`)), `feature "s1": geometry.type "LineString": a school must be a Point, Polygon or MultiPolygon`},
		{"short line", f(water, line(`[[104,30]]`)), `feature "w1": geometry.coordinates: 1 positions: a line must have at least 2`},
		{"bad position in line", f(water, line(`[[104,30],[104,95]]`)), `feature "w1": geometry.coordinates[1]: lat "95": must be between -90 and 90`},
		{"short position in line", f(water, line(`[[104,30],[104]]`)), `feature "w1": geometry.coordinates[1] [104]: must be [lon, lat]`},
		{"open ring", f(biz, poly(`[[[104,30],[104.1,30],[104.1,30.1],[104,30.1]]]`)), `feature "b1": geometry.coordinates[0]: ring not closed: first position [104, 30] and last [104, 30.1] must be equal`},
		{"short ring", f(biz, poly(`[[[104,30],[104.1,30],[104,30]]]`)), `feature "b1": geometry.coordinates[0]: 3 positions: a ring must have at least 4`},
		{"bad hole", f(biz, poly(`[[[104,30],[104.1,30],[104.1,30.1],[104,30]],[[104,30],[104,30],[200,30],[104,30]]]`)), `feature "b1": geometry.coordinates[1][2]: lon "200": must be between -180 and 180`},
		{"no rings", f(biz, poly(`[]`)), `feature "b1": geometry.coordinates: no rings`},
		{"bad multipolygon", f(biz, `{"type":"MultiPolygon","coordinates":[[[[104,30],[104.1,30],[104.1,30.1],[104,30]]],[[[1,2],[1,3],[2,2]]]]}`), `feature "b1": geometry.coordinates[1][0]: 3 positions`},
		{"empty multilinestring", f(water, `{"type":"MultiLineString","coordinates":[]}`), `feature "w1": geometry.coordinates: empty`},
		{"no id", f(`"kind":"school"`, pt), `schools.geojsonl:1: id "": must be a non-empty string`},
		{"bad id", f(`"id":true,"kind":"school"`, pt), `schools.geojsonl:1: id true: must be a string or a number`},
		{"duplicate id", f(school, pt) + "\n\n" + f(school, pt), `schools.geojsonl:3: feature "s1": id "s1": already used at schools.geojsonl:1`},
		{"duplicate ids", f(school, pt) + "\n" + f(school, pt) + "\n" + f(school, pt), `schools.geojsonl:2: feature "s1": id "s1": already used at schools.geojsonl:1`},
		{"duplicate in collection", `{"type":"FeatureCollection","features":[` + f(school, pt) + ",\n" + f(biz, pt) + ",\n" + f(biz, pt) + `]}`,
			`schools.geojsonl:3 features[2]: feature "b1": id "b1": already used at schools.geojsonl:2 features[1]`},
		{"no properties", `{"type":"Feature","id":"s1","geometry":` + pt + `}`, `feature "s1": properties: missing`},
		{"not a feature", `{"type":"Point","coordinates":[1,2]}`, `schools.geojsonl:1: type "Point": must be "Feature"`},
		{"unknown kind", f(`"id":"x","kind":"shop"`, pt), `feature "x": kind "shop": must be one of school, business, water`},
		{"no kind", f(`"id":"x"`, pt), `feature "x": kind "": must be one of`},
		{"kind not a string", f(`"id":"x","kind":1`, pt), `properties.kind: got JSON number, want a string`},
		{"unknown category", f(`"id":"b1","kind":"business","category":"casino"`, pt), `feature "b1": category "casino": must be one of internet_cafe, song_dance`},
		{"no category", f(`"id":"b1","kind":"business"`, pt), `feature "b1": category "": must be one of`},
		{"business of category water", f(`"id":"b1","kind":"business","category":"water"`, pt), `feature "b1": category "water": must be a business category`},
		{"school with category", f(school+`,"category":"bar"`, pt), `feature "s1": category "bar": must be empty for a school`},
		{"water with category", f(water+`,"category":"bar"`, pt), `feature "w1": category "bar": must be "water" or empty`},
		{"unknown school kind", f(school+`,"school_kind":"university"`, pt), `feature "s1": school_kind "university": must be one of kindergarten, primary, secondary, school`},
		{"unknown water kind", f(water+`,"water_kind":"sea"`, pt), `feature "w1": water_kind "sea": must be one of water, river, stream`},
		{"school kind on business", f(biz+`,"school_kind":"primary"`, pt), `feature "b1": school_kind "primary": only a school has one`},
		{"water kind on school", f(school+`,"water_kind":"pond"`, pt), `feature "s1": water_kind "pond": only a water body has one`},
		{"gates on business", f(biz+`,"gates":[[104,30]]`, pt), `feature "b1": gates: only a school has gates`},
		{"bad gate", f(school+`,"gates":[[104,30],[104,-91]]`, pt), `feature "s1": gates[1]: lat "-91": must be between -90 and 90`},
		{"short gate", f(school+`,"gates":[[104]]`, pt), `feature "s1": gates[0] [104]: must be [lon, lat]`},
		{"collection of wrong type", `{"type":"Foo","features":[]}`, `schools.geojsonl:1: type "Foo": must be "FeatureCollection"`},
		{"collection feature", `{"type":"FeatureCollection","features":[` + f(school, pt) + `,` + f(`"id":"s2","kind":"school"`, `{"type":"Point","coordinates":[104,91]}`) + `]}`,
			`schools.geojsonl:1 features[1]: feature "s2": lat "91": must be between -90 and 90`},
		{"collection syntax", "{\"type\":\"FeatureCollection\",\n\"features\":[{]}", `schools.geojsonl:2 features[0]: invalid JSON: invalid character ']'`},
		{"collection truncated", "{\"type\":\"FeatureCollection\",\n\"features\":[" + f(school, pt), `schools.geojsonl:2: invalid JSON: unexpected EOF`},
		{"collection features not array", "{\"type\":\"FeatureCollection\",\n\"features\":{}}", `schools.geojsonl:2: features: must be an array`},
		{"data after collection", "{\"type\":\"FeatureCollection\",\n\"features\":[]}\n{}", `schools.geojsonl:3: invalid JSON: data after the FeatureCollection`},
		{"sequence", "{\"type\":\"Feature\",\n\"properties\":{" + school + "},\"geometry\":" + pt + "}\n{\"type\":\"Feature\",\n\"properties\":{" + school + "}}",
			`schools.geojsonl:3: feature "s1": geometry: missing`},
		{"sequence syntax", "{\"type\":\"Feature\",\n\"properties\":{]}", `schools.geojsonl:1: invalid JSON: invalid character ']'`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := geo.ReadGeoJSON(strings.NewReader(tc.input), "schools.geojsonl")
			checkInvalid(t, err, tc.want)
		})
	}
}

func ExampleReadGeoJSON() {
	const data = `{"type":"Feature","properties":{"id":"school/1","kind":"school","name":"第1小学","school_kind":"primary"},"geometry":{"type":"Point","coordinates":[104.0659,30.6598]}}
{"type":"Feature","properties":{"id":"biz/1","kind":"business","name":"网吧1","category":"internet_cafe"},"geometry":{"type":"Point","coordinates":[104.0661,30.66]}}
`
	features, err := geo.ReadGeoJSON(strings.NewReader(data), "schools.geojsonl")
	fmt.Println(len(features), features[1].Category, features[1].Geometry, err)

	const bad = `{"type":"Feature","properties":{"id":"biz/2","kind":"business","category":"bar"},"geometry":{"type":"Point","coordinates":[104.067,123.4]}}`
	_, err = geo.ReadGeoJSON(strings.NewReader(data+bad), "schools.geojsonl")
	fmt.Println(err)
	// Output:
	// 2 internet_cafe [104.0661 30.66] <nil>
	// schools.geojsonl:3: feature "biz/2": lat "123.4": must be between -90 and 90
}

func ExampleWriteGeoJSONL() {
	features := []geo.Feature{
		{ID: "school/1", Kind: geo.School, Name: "第1小学", SchoolKind: geo.Primary, Geometry: orb.Point{104.065912345, 30.6598}},
	}
	if err := geo.WriteGeoJSONL(os.Stdout, features); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"type":"Feature","properties":{"id":"school/1","kind":"school","name":"第1小学","school_kind":"primary"},"geometry":{"type":"Point","coordinates":[104.0659123,30.6598]}}
}
