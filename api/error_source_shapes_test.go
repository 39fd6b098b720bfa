package api_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/safezone/safezone/api"
	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/imports"
	"github.com/safezone/safezone/geo/patrol"
	"github.com/safezone/safezone/geo/walk"
)

// firstBad returns the first bad row of a CSV file read as x.csv, or the
// error reading it failed with.
func firstBad(csv string, opts imports.Options) error {
	res, err := imports.ReadCSV(strings.NewReader(csv), "x.csv", opts)
	if err != nil {
		return err
	}
	if len(res.Bad) == 0 {
		return nil
	}
	return res.Bad[0]
}

func siteErr(s string) error {
	_, err := geojson.ParseSite([]byte(s))
	return err
}

func areaErr(s string) error {
	_, err := geojson.ParseArea("district", []byte(s))
	return err
}

// shapes are errors of each shape that carries its code where it is made,
// each with the code and parameters the catalogue read from its English
// before it did (api/messages.go at 2429a36): the map reads the same
// answer.
var shapes = []struct {
	name   string
	err    error
	code   string
	params map[string]string
}{
	{"RowKind", firstBad("name,kind,lon,lat\nA,castle,104,30\n", imports.Options{}),
		"one_of", map[string]string{"allowed": "school, business, water", "also": "学校, 商户, 水域", "field": "kind", "file": "x.csv", "row": "2", "value": "castle"}},
	{"RowName", firstBad("name,category,lon,lat\n,bar,104,30\n", imports.Options{}),
		"required", map[string]string{"field": "name", "file": "x.csv", "kind": "business", "row": "2", "value": ""}},
	{"RowSchoolKind", firstBad("name,kind,school_kind,lon,lat\nS,school,uni,104,30\n", imports.Options{}),
		"one_of", map[string]string{"allowed": "kindergarten, primary, secondary, school", "also": "幼儿园, 小学, 中学", "field": "school_kind", "file": "x.csv", "row": "2", "value": "uni"}},
	{"RowWaterCategory", firstBad("name,kind,category,lon,lat\nW,water,bar,104,30\n", imports.Options{}),
		"invalid", map[string]string{"field": "category", "file": "x.csv", "reason": "must be water or empty for a water body", "row": "2", "value": "bar"}},
	{"RowWaterKind", firstBad("name,kind,water_kind,lon,lat\nW,water,sea,104,30\n", imports.Options{}),
		"one_of", map[string]string{"allowed": "water, river, stream, canal, ditch, drain, lake, pond, reservoir, basin, fishpond, well, quarry_pit, wetland, swimming_pool, weir", "also": "河流, 湖泊, 水库, 池塘, 鱼塘 ...", "field": "water_kind", "file": "x.csv", "row": "2", "value": "sea"}},
	{"RowCategory", firstBad("name,category,lon,lat\nA,florist,104,30\n", imports.Options{}),
		"category", map[string]string{"allowed": "internet_cafe, song_dance, game_arcade, lottery, gambling, bar, tobacco, alcohol, street_stall, market, parking, fireworks, hazardous_chemicals, construction, quarry, cinema, tattoo, training, newsstand, hotel, guest_house, clinic, police, traffic_facility", "field": "category", "file": "x.csv", "row": "2", "value": "florist"}},
	{"RowCategoryKind", firstBad("name,类别,lon,lat\nA,florist,104,30\n", imports.Options{Kind: geo.Business}),
		"category", map[string]string{"allowed": "internet_cafe, song_dance, game_arcade, lottery, gambling, bar, tobacco, alcohol, street_stall, market, parking, fireworks, hazardous_chemicals, construction, quarry, cinema, tattoo, training, newsstand, hotel, guest_house, clinic, police, traffic_facility", "column": "类别", "field": "category", "file": "x.csv", "row": "2", "value": "florist"}},
	{"RowWKT", firstBad("name,category,wkt\nA,bar,POINT(x)\n", imports.Options{}),
		"invalid", map[string]string{"field": "wkt", "file": "x.csv", "reason": "not WKT (wkt: invalid data); must be a geometry such as POINT (104.06 30.66) or POLYGON ((...))", "row": "2", "value": "POINT(x)"}},
	{"RowNoWKT", firstBad("name,category,wkt\nA,bar,\n", imports.Options{}),
		"wkt", map[string]string{"field": "wkt", "file": "x.csv", "row": "2", "value": ""}},
	{"RowLon", firstBad("name,category,经度,纬度\nA,bar,abc,30\n", imports.Options{}),
		"degrees", map[string]string{"column": "经度", "field": "lon", "file": "x.csv", "row": "2", "value": "abc"}},
	{"RowLat", firstBad("name,category,lon,lat\nA,bar,104,95\n", imports.Options{}),
		"between", map[string]string{"field": "lat", "file": "x.csv", "max": "90", "min": "-90", "row": "2", "value": "95"}},
	{"RowSwapped", firstBad("name,category,lon,lat\nA,bar,30.66,104.06\n", imports.Options{}),
		"between", map[string]string{"field": "lat", "file": "x.csv", "max": "90", "min": "-90", "row": "2", "swapped": "; are lon and lat swapped?", "value": "104.06"}},
	{"RowOpened", firstBad("name,category,lon,lat,opened_on\nA,bar,104,30,2020-13\n", imports.Options{}),
		"invalid", map[string]string{"field": "opened_on", "file": "x.csv", "reason": "month 13 does not exist", "row": "2", "value": "2020-13"}},
	{"RowDuplicate", firstBad("id,name,category,lon,lat\nx,A,bar,104,30\nx,B,bar,104,30\n", imports.Options{}),
		"duplicate", map[string]string{"field": "id", "file": "x.csv", "other": "2", "row": "3", "value": "x"}},
	{"RowSyntax", firstBad("name,category,lon,lat\nA,b\"ar,104,30\n", imports.Options{}),
		"csv_syntax", map[string]string{"column": "4", "detail": "bare \" in non-quoted-field", "file": "x.csv", "row": "2"}},
	{"Header", firstBad("na\"me,category\n", imports.Options{}),
		"csv_header", map[string]string{"detail": "bare \" in non-quoted-field", "file": "x.csv", "row": "1"}},
	{"Empty", firstBad("", imports.Options{}),
		"empty_file", map[string]string{"file": "x.csv"}},
	{"NoColumn", firstBad("name,category,lon,lat\n", imports.Options{Columns: map[string]string{"name": "店名"}}),
		"csv_header", map[string]string{"detail": "column \"店名\" (for name): not in the header [\"name\" \"category\" \"lon\" \"lat\"]", "file": "x.csv", "row": "1"}},
	{"NoCoords", firstBad("name,category\nA,bar\n", imports.Options{}),
		"csv_header", map[string]string{"detail": "no lon and lat columns (经度, 纬度) and no wkt column in [\"name\" \"category\"]; name them with columns such as lon=X,lat=Y", "file": "x.csv", "row": "1"}},
	{"UTF8", firstBad("name,category,lon,lat\n\xff,bar,104,30\n", imports.Options{Encoding: "utf-8"}),
		"encoding_utf8", map[string]string{"file": "x.csv", "row": "2"}},
	{"Encoding", mustErr(imports.ParseEncoding("latin1")),
		"one_of", map[string]string{"allowed": "utf-8, gb18030, gbk, gb2312, utf-16", "field": "encoding", "value": "latin1"}},
	{"NotXLSX", mustErr(imports.ReadXLSX(strings.NewReader("not a zip"), "x.xlsx", imports.Options{})),
		"not_xlsx", map[string]string{"file": "x.xlsx"}},
	{"XLS", mustErr(imports.Read("testdata/none.xls", imports.Options{})),
		"xls", map[string]string{"file": "testdata/none.xls"}},
	{"FeatureID", geojson.CheckFeature(&geo.Feature{Kind: geo.Business, Category: "bar"}),
		"invalid", map[string]string{"field": "id", "reason": "must be a non-empty string (properties.id, or the Feature's id)", "value": ""}},
	{"FeatureSchoolCategory", geojson.CheckFeature(&geo.Feature{ID: "a", Kind: geo.School, Category: "bar"}),
		"invalid", map[string]string{"field": "category", "reason": "must be empty for a school", "value": "bar"}},
	{"FeatureSchoolKind", geojson.CheckFeature(&geo.Feature{ID: "a", Kind: geo.School, SchoolKind: "uni"}),
		"one_of", map[string]string{"allowed": "kindergarten, primary, secondary, school", "field": "school_kind", "value": "uni"}},
	{"FeatureWaterBar", geojson.CheckFeature(&geo.Feature{ID: "a", Kind: geo.Business, Category: geo.Water}),
		"invalid", map[string]string{"field": "category", "reason": "must be a business category; water bodies have kind \"water\"", "value": "water"}},
	{"FeatureWaterCategory", geojson.CheckFeature(&geo.Feature{ID: "a", Kind: geo.WaterBody, Category: "bar"}),
		"invalid", map[string]string{"field": "category", "reason": "must be \"water\" or empty for a water body", "value": "bar"}},
	{"FeatureWaterKind", geojson.CheckFeature(&geo.Feature{ID: "a", Kind: geo.WaterBody, WaterKind: "sea"}),
		"one_of", map[string]string{"allowed": "water, river, stream, canal, ditch, drain, lake, pond, reservoir, basin, fishpond, well, quarry_pit, wetland, swimming_pool, weir", "field": "water_kind", "value": "sea"}},
	{"FeatureKind", geojson.CheckFeature(&geo.Feature{ID: "a", Kind: "castle"}),
		"one_of", map[string]string{"allowed": "school, business, water", "field": "kind", "value": "castle"}},
	{"FeatureOnlySchool", geojson.CheckFeature(&geo.Feature{ID: "a", Kind: geo.Business, Category: "bar", SchoolKind: "primary"}),
		"invalid", map[string]string{"field": "school_kind", "reason": "only a school has one", "value": "primary"}},
	{"FeatureOnlyWater", geojson.CheckFeature(&geo.Feature{ID: "a", Kind: geo.Business, Category: "bar", WaterKind: "lake"}),
		"invalid", map[string]string{"field": "water_kind", "reason": "only a water body has one", "value": "lake"}},
	{"SiteJSON", siteErr(`"x"`),
		"site_type", map[string]string{"field": "site", "value": "\"x\""}},
	{"SiteType", siteErr(`{"type":"LineString","coordinates":[[104,30],[104.1,30]]}`),
		"site_type", map[string]string{"field": "site.type", "value": "LineString"}},
	{"SiteGate", siteErr(`{"type":"Feature","properties":{"gates":[[104]]},"geometry":{"type":"Point","coordinates":[104,30]}}`),
		"site_gate", map[string]string{"gate": "0"}},
	{"SiteMissing", geo.Site{}.Validate(),
		"site_missing", nil},
	{"SiteEmpty", siteErr(`{"type":"MultiPolygon","coordinates":[]}`),
		"site_empty", nil},
	{"SiteNoRing", siteErr(`{"type":"MultiPolygon","coordinates":[[]]}`),
		"site_no_ring", map[string]string{"polygon": "0"}},
	{"SiteRingShort", siteErr(`{"type":"Polygon","coordinates":[[[104,30],[104.1,30],[104,30]]]}`),
		"site_ring_short", map[string]string{"count": "3"}},
	{"SiteUnclosed", siteErr(`{"type":"Polygon","coordinates":[[[104,30],[104.1,30],[104.1,30.1],[104,30.1]]]}`),
		"site_unclosed", map[string]string{"first": "[104, 30]", "last": "[104, 30.1]"}},
	{"SiteCrossing", siteErr(`{"type":"Polygon","coordinates":[[[104,30],[104.1,30.1],[104.1,30],[104,30.1],[104,30]]]}`),
		"site_self_intersecting", map[string]string{"from": "[104, 30]", "other_from": "[104.1, 30]", "other_to": "[104, 30.1]", "to": "[104.1, 30.1]"}},
	{"SiteVertices", siteErr(`{"type":"Polygon","coordinates":[[` + strings.Repeat(`[104,30],`, geo.MaxSiteVertices) + `[104,30]]]}`),
		"site_vertices", map[string]string{"count": "10001", "max": "10000"}},
	{"AreaJSON", areaErr(`"x"`),
		"area_type", map[string]string{"field": "district", "value": "\"x\""}},
	{"AreaType", areaErr(`{"type":"Point","coordinates":[104,30]}`),
		"one_of", map[string]string{"allowed": "Polygon, MultiPolygon", "field": "district.type", "value": "Point"}},
	{"AreaInvalid", areaErr(`{"type":"Polygon","coordinates":[[[104,30],[104.1,30.1],[104.1,30],[104,30.1],[104,30]]]}`),
		"area_invalid", map[string]string{"field": "district"}},
	{"Posts", mustErr(patrol.ParsePosts("0")),
		"whole_min", map[string]string{"field": "posts", "min": "1", "value": "0"}},
	{"PatrolRadius", mustErr(patrol.ParseRadius("9000")),
		"meters_max", map[string]string{"field": "radius", "max": "5000", "value": "9000"}},
	{"Clock", mustErr(patrol.ParseClock("25:00")),
		"clock", map[string]string{"field": "time", "value": "25:00"}},
	{"Lat", mustErr(geo.ParsePoint("99", "104")),
		"between", map[string]string{"field": "lat", "max": "90", "min": "-90", "value": "99"}},
	{"Lon", mustErr(geo.ParsePoint("30", "east")),
		"degrees", map[string]string{"field": "lon", "value": "east"}},
	{"Category", mustErr(geo.ParseCategory("florist")),
		"one_of", map[string]string{"allowed": "internet_cafe, song_dance, game_arcade, lottery, gambling, bar, tobacco, alcohol, street_stall, market, parking, fireworks, hazardous_chemicals, construction, quarry, cinema, tattoo, training, newsstand, hotel, guest_house, clinic, police, traffic_facility, water", "field": "category", "value": "florist"}},
	{"Method", mustErr(geo.ParseMethod("fly")),
		"one_of", map[string]string{"allowed": "straight, walking", "field": "method", "value": "fly"}},
	{"List", mustErr(geo.ParseDistances("")),
		"distances_list", map[string]string{"field": "distances", "max": "20", "value": ""}},
	{"Number", mustErr(geo.ParseDistances("50,x")),
		"distance_number", map[string]string{"field": "distances", "item": "x", "value": "50,x"}},
	{"Range", mustErr(geo.ParseDistances("0")),
		"distance_range", map[string]string{"field": "distances", "item": "0", "max": "5000", "value": "0"}},
	{"Increase", mustErr(geo.ParseDistances("100,50")),
		"distances_increase", map[string]string{"field": "distances", "item": "50", "previous": "100", "value": "100,50"}},
	{"CRS", mustErr(crs.Parse("utm")),
		"one_of", map[string]string{"allowed": "wgs84, cgcs2000, gcj02, bd09", "field": "crs", "value": "utm"}},
	{"BBox", mustErr(geo.ParseBound("1,2")),
		"bbox", map[string]string{"field": "bbox", "value": "1,2"}},
	{"BBoxOrder", mustErr(geo.ParseBound("2,2,1,1")),
		"bbox", map[string]string{"field": "bbox", "value": "2,2,1,1"}},
	{"Either", geo.Invalid("routes", "maybe", geo.Either("true", "false")),
		"one_of", map[string]string{"allowed": "true, false", "field": "routes", "value": "maybe"}},
	{"Within", mustErr(walk.ParseWithinMeters("0")),
		"meters_max", map[string]string{"field": "within", "max": "1000", "value": "0"}},
	{"NotFound", geo.NotFound("feature", "way/9"),
		"not_found", map[string]string{"field": "feature", "value": "way/9"}},
	{"PackID", geo.Invalid("rules", "../x", geo.PackID()),
		"pack_id", map[string]string{"field": "rules", "value": "../x"}},
	{"NoPack", geo.Missing("rules", "nope", geo.NoPack("default, engine")),
		"no_pack", map[string]string{"available": "default, engine", "field": "rules", "value": "nope"}},
	{"Limit", geo.Invalid("limit", "0", geo.WholeRange(1, 200)),
		"whole_range", map[string]string{"field": "limit", "max": "200", "min": "1", "value": "0"}},
	{"Posts", geo.Invalid("posts", "0", geo.WholeMin(1)),
		"whole_min", map[string]string{"field": "posts", "min": "1", "value": "0"}},
	{"Meters", geo.Invalid("radius", "9000", geo.MetersMax(5000)),
		"meters_max", map[string]string{"field": "radius", "max": "5000", "value": "9000"}},
	{"Positive", geo.Invalid("pupils", "-1", geo.Positive()),
		"positive", map[string]string{"field": "pupils", "value": "-1"}},
	{"Clock", geo.Invalid("time", "25:00", geo.Clock()),
		"clock", map[string]string{"field": "time", "value": "25:00"}},
	{"Required", geo.Invalid("name", "", geo.Required()),
		"required", map[string]string{"field": "name", "value": ""}},
	{"Walk", geo.Invalid("method", "walking", geo.NoWalkNetwork()),
		"no_walk_network", map[string]string{"field": "method", "value": "walking"}},
	{"Long", geo.Invalid("name", strings.Repeat("长", 40), geo.Required()),
		"required", map[string]string{"field": "name", "value": "长长长长长长长长长长长长长长长长长长长长长…"}},
	{"Control", geo.Invalid("name", "a\x1b[2Jb", geo.OneOf([]string{"a"})),
		"one_of", map[string]string{"allowed": "a", "field": "name", "value": "a\\x1b[2Jb"}},
	{"RowReason", &imports.RowError{File: "x.csv", Row: 3, Err: geo.InvalidColumn("经度", "lon", "x", geo.Degrees())},
		"degrees", map[string]string{"column": "经度", "field": "lon", "file": "x.csv", "row": "3", "value": "x"}},
	{"Bells", mustErr(patrol.ParseBells([]byte(`{"kinds":{"primary":["7:5"]}}`), "b.json")),
		"clock", map[string]string{"field": "bells b.json: kinds.primary[0]", "value": "7:5"}},
	{"Pupils", mustErr(patrol.ReadEnrolmentCSV(strings.NewReader("school,pupils\nway/1,-3\n"), "pupils.csv")),
		"positive", map[string]string{"field": "pupils.csv: line 2: pupils", "value": "-3"}},
	{"PupilsSchool", mustErr(patrol.ReadEnrolmentCSV(strings.NewReader("school,pupils\n,3\n"), "pupils.csv")),
		"required", map[string]string{"field": "pupils.csv: line 2: school", "value": ""}},
	{"PointsType", mustErr(geojson.ReadPoints(strings.NewReader(`{"type":"Point","coordinates":[1,2]}`), "candidates")),
		"one_of", map[string]string{"allowed": "FeatureCollection, Feature", "field": "candidates: type", "value": "Point"}},
	{"Extension", mustErr(imports.Read("x.doc", imports.Options{})),
		"one_of", map[string]string{"allowed": ".csv, .tsv, .txt, .xlsx, .xlsm, .shp, .zip, .geojson, .json, .geojsonl, .ndjson",
			"field": "x.doc: extension", "value": ".doc"}},
	{"ImportKind", mustErr(imports.ReadCSV(strings.NewReader("name,lon,lat\n"), "x.csv", imports.Options{Kind: geo.Kind("castle")})),
		"one_of", map[string]string{"allowed": "school, business, water", "field": "kind", "value": "castle"}},
	{"ColumnsField", mustErr(imports.ReadCSV(strings.NewReader("name,lon,lat\n"), "x.csv", imports.Options{Columns: map[string]string{"colour": "x"}})),
		"one_of", map[string]string{"allowed": "id, kind, name, category, lon, lat, wkt, licence, address, school_kind, water_kind, opened_on",
			"field": "columns: field", "value": "colour"}},
	{"BellsKind", mustErr(patrol.ParseBells([]byte(`{"kinds":{"uni":["07:50"]}}`), "b.json")),
		"one_of", map[string]string{"allowed": "kindergarten, primary, secondary, school", "field": "bells b.json: kinds", "value": "uni"}},
}

func TestErrorCode_shapes(t *testing.T) {
	for _, tc := range shapes {
		t.Run(tc.name, func(t *testing.T) {
			mustSameAnswer(t, tc.err, tc.code, tc.params)
		})
	}
}

// Shapes that the catalogue left as "invalid" or "other", with the reason
// in English, now have a code of their own for the map to say in Chinese.
func TestErrorCode_newShapes(t *testing.T) {
	wide := "a" + strings.Repeat(",a", imports.MaxColumns) + "\n"
	tests := []struct {
		name   string
		err    error
		code   string
		params map[string]string
	}{
		{"SchoolCategory", firstBad("name,kind,category,lon,lat\nS,school,bar,104,30\n", imports.Options{}), "school_category",
			map[string]string{"field": "category", "value": "bar", "file": "x.csv", "row": "2"}},
		{"Columns", firstBad("name,category,lon,lat\n"+wide, imports.Options{}), "too_many_columns",
			map[string]string{"file": "x.csv", "row": "2", "count": "257", "max": "256"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mustSameAnswer(t, tc.err, tc.code, tc.params)
		})
	}
}

// mustSameAnswer fails unless err carries a code and answers with code and
// params.
func mustSameAnswer(t *testing.T, err error, code string, params map[string]string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var ge *geo.Error
	if !errors.As(err, &ge) || ge.Code == "" {
		t.Errorf("%v: carries no code", err)
	}
	got, p := api.ErrorAnswer(err, err.Error())
	if got != code || !maps.Equal(p, params) {
		t.Errorf("%q: %q %v, want %q %v", err, got, p, code, params)
	}
}
