package geojson_test

import (
	"strings"
	"testing"

	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/internal/geotest"
)

func TestRead_errors(t *testing.T) {
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
			_, err := geojson.Read(strings.NewReader(tc.input), "schools.geojsonl")
			geotest.CheckInvalid(t, err, tc.want)
		})
	}
}
