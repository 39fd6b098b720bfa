package imports_test

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/imports"

	"github.com/safezone/safezone/geo/crs"
)

// mustImport reads path with Read and fails on a file error.
func mustImport(tb testing.TB, path string, opts imports.Options) *imports.Result {
	tb.Helper()
	im, err := imports.Read(path, opts)
	if err != nil {
		tb.Fatalf("Read(%s): %v", path, err)
	}
	return im
}

func TestReadCSV_licences(t *testing.T) {
	for _, tc := range []struct {
		name, path, enc string
	}{
		{"UTF8BOM", "../testdata/import/licences.csv", ""},
		{"GBKDetected", "../testdata/import/licences_gbk.csv", ""},
		{"GBKGiven", "../testdata/import/licences_gbk.csv", "gbk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			im := mustImport(t, tc.path, imports.Options{Encoding: tc.enc})
			if len(im.Bad) != 0 {
				t.Fatalf("bad rows: %v", im.Bad)
			}
			want := []struct {
				id, name string
				cat      geo.Category
				row      int
				lon, lat float64
				licence  string
				address  string
			}{
				{"licence/510104-001", "星空网吧", "internet_cafe", 3, 104.0612, 30.6571, "510104-001", "成都市锦江区红星路1号"},
				{"licence/510104-002", "好运彩票", "lottery", 5, 104.0655, 30.6602, "510104-002", "红星路8号"},
				{"row/6", "夜色酒吧", "bar", 6, 104.0701, 30.6633, "", "春熙路2号"},
			}
			if len(im.Rows) != len(want) {
				t.Fatalf("%d rows, want %d", len(im.Rows), len(want))
			}
			for i, w := range want {
				r := im.Rows[i]
				f := r.Feature
				if f.ID != w.id || f.Name != w.name || f.Category != w.cat || f.Kind != geo.Business || r.Row != w.row ||
					r.Licence != w.licence || f.Address != w.address || f.Geometry != (orb.Point{w.lon, w.lat}) {
					t.Errorf("row %d: got %+v", i, r)
				}
			}
		})
	}
}

func TestReadCSV_wktAndKinds(t *testing.T) {
	im := mustImport(t, "../testdata/import/features.csv", imports.Options{})
	if len(im.Bad) != 0 {
		t.Fatalf("bad rows: %v", im.Bad)
	}
	got := map[string]geo.Feature{}
	for _, r := range im.Rows {
		got[r.Feature.ID] = r.Feature
	}
	if f := got["s1"]; f.Kind != geo.School || f.SchoolKind != geo.Primary || len(f.Geometry.(orb.Polygon)[0]) != 5 {
		t.Errorf("s1: %+v", f)
	}
	if f := got["w1"]; f.Kind != geo.WaterBody || f.WaterKind != "river" || f.Category != geo.Water || len(f.Geometry.(orb.LineString)) != 3 {
		t.Errorf("w1: %+v", f)
	}
	if f := got["b1"]; f.Kind != geo.Business || f.Category != "internet_cafe" || f.Geometry != (orb.Point{104.0612, 30.6571}) {
		t.Errorf("b1: %+v", f)
	}
	if f := got["l1"]; f.Kind != geo.WaterBody || f.WaterKind != "lake" {
		t.Errorf("l1: %+v", f)
	}
}

// TestReadCSV_crs reads GCJ-02 coordinates and checks they arrive in WGS84.
func TestReadCSV_crs(t *testing.T) {
	p := geo.Point{Lat: 30.6571, Lon: 104.0612}
	g, _ := crs.GCJ02.FromWGS84(p)
	csv := "店名,类别,X,Y\n网吧一,网吧," + ftoa(g.Lon) + "," + ftoa(g.Lat) + "\n"
	cols, err := imports.ParseColumns("name=店名, lon=X ,lat=Y")
	if err != nil {
		t.Fatal(err)
	}
	im, err := imports.ReadCSV(strings.NewReader(csv), "amap.csv", imports.Options{CRS: crs.GCJ02, Columns: cols})
	if err != nil || len(im.Rows) != 1 {
		t.Fatalf("%v %+v", err, im)
	}
	q := im.Rows[0].Feature.Geometry.(orb.Point)
	if d := geo.DistanceMeters(p, geo.Point{Lat: q[1], Lon: q[0]}); d > 0.01 {
		t.Fatalf("%.3f m from the WGS84 point", d)
	}
}

func TestReadCSV_tsv(t *testing.T) {
	im, err := imports.ReadCSV(strings.NewReader("name\tcategory\tlon\tlat\nA, Ltd\tbar\t104\t30\n"), "a.tsv", imports.Options{})
	if err != nil || len(im.Rows) != 1 || im.Rows[0].Feature.Name != "A, Ltd" {
		t.Fatalf("%v %+v", err, im)
	}
}

// TestReadCSV_badRows checks that each bad row is reported with its line,
// column and value, and that the good rows around it are kept.
func TestReadCSV_badRows(t *testing.T) {
	tests := []struct{ name, row, field, want string }{
		{"LatRange", "A,bar,30.1,104.2", "lat", `x.csv:3: 纬度 (lat) "104.2": must be between -90 and 90; are lon and lat swapped?`},
		{"LonText", "A,bar,东经104,30", "lon", `x.csv:3: 经度 (lon) "东经104": must be a number of degrees`},
		{"LonNaN", "A,bar,NaN,30", "lon", `x.csv:3: 经度 (lon) "NaN": must be a number of degrees`},
		{"LonHex", "A,bar,0x68p0,30", "lon", `x.csv:3: 经度 (lon) "0x68p0": must be a number of degrees`},
		{"Category", "A,花店,104,30", "category", `x.csv:3: 类别 (category) "花店": must be a business category: one of internet_cafe, song_dance, `},
		{"Ambiguous", "A,小河沟,104,30", "category", `x.csv:3: 类别 (category) "小河沟": must be a business category`},
		{"TwoCategories", "A,网吧彩票,104,30", "category", `x.csv:3: 类别 (category) "网吧彩票": must be a business category: one of internet_cafe, song_dance, `},
		{"WaterAsBusiness", "A,water,104,30", "category", `x.csv:3: 类别 (category) "water": must be a business category`},
		{"NoName", ",bar,104,30", "name", `x.csv:3: 名称 (name) "": must not be empty for a business`},
		{"Short", "A,bar,104", "lat", `x.csv:3: 纬度 (lat) "": must be a number of degrees`},
		{"Quote", `A,"bar,104,30`, "row", `x.csv:3: column`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			csv := "名称,类别,经度,纬度\nok1,bar,104,30\n" + tc.row + "\nok2,bar,104.1,30.1\n"
			if tc.name == "Quote" {
				csv = "名称,类别,经度,纬度\nok1,bar,104,30\n" + tc.row + "\n"
			}
			im, err := imports.ReadCSV(strings.NewReader(csv), "x.csv", imports.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Bad) != 1 {
				t.Fatalf("bad rows %v, want 1", im.Bad)
			}
			e := im.Bad[0]
			if !strings.HasPrefix(e.Error(), tc.want) || e.Field != tc.field || e.Row != 3 || !errors.Is(e, geo.ErrInvalidInput) {
				t.Fatalf("got %q (field %q, row %d)\nwant %q (field %q)", e, e.Field, e.Row, tc.want, tc.field)
			}
			if tc.name != "Quote" && len(im.Rows) != 2 {
				t.Fatalf("%d good rows, want 2", len(im.Rows))
			}
		})
	}
}

func TestReadCSV_badRowsWKT(t *testing.T) {
	tests := []struct{ name, row, field, want string }{
		{"NotWKT", `a,school,一小,CIRCLE (1 2)`, "wkt", `x.csv:2: wkt "CIRCLE (1 2)": not WKT`},
		{"OpenRing", `a,school,一小,"POLYGON ((104 30, 104.1 30, 104.1 30.1, 104 30.1))"`, "geometry", `x.csv:2: geometry.coordinates[0]: ring not closed`},
		{"SRID", `a,school,一小,SRID=3857;POINT (1 2)`, "wkt", `x.csv:2: wkt "SRID=3857;POINT (1 2)": SRID 3857: must be 4326`},
		{"Kind", `a,shop,一小,POINT (104 30)`, "kind", `x.csv:2: kind "shop": must be one of school, business, water`},
		{"SchoolKind", `a,school,一小,POINT (104 30),大学`, "school_kind", `x.csv:2: school_kind "大学": must be one of`},
		{"LineSchool", `a,school,一小,"LINESTRING (104 30, 104.1 30)"`, "geometry", `x.csv:2: geometry.type "LineString": a school must be a Point`},
		{"Empty", `a,school,一小,POINT EMPTY`, "wkt", `x.csv:2: wkt "POINT EMPTY": `},
		{"Dup", `dup,school,二小,POINT (104 30)`, "id", `x.csv:3: id "dup": already used on row 2`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			csv := "id,kind,name,wkt,school_kind\n" + tc.row + "\n"
			if tc.name == "Dup" {
				csv = "id,kind,name,wkt,school_kind\ndup,school,一小,POINT (104 30)\n" + tc.row + "\n"
			}
			im, err := imports.ReadCSV(strings.NewReader(csv), "x.csv", imports.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Bad) != 1 || !strings.HasPrefix(im.Bad[0].Error(), tc.want) || im.Bad[0].Field != tc.field {
				t.Fatalf("bad %v (field %q)\nwant %q (field %q)", im.Bad, fieldOf(im.Bad), tc.want, tc.field)
			}
		})
	}
}

func fieldOf(bad []*imports.RowError) string {
	if len(bad) == 0 {
		return ""
	}
	return bad[0].Field
}

func TestReadCSV_errors(t *testing.T) {
	tests := []struct {
		name, csv string
		opts      imports.Options
		want      string
	}{
		{"Empty", "", imports.Options{}, `x.csv: empty: a header row is required`},
		{"NoCoords", "名称,类别\nA,bar\n", imports.Options{}, `x.csv:1: header: no lon and lat columns (经度, 纬度) and no wkt column in ["名称" "类别"]`},
		{"MissingColumn", "名称,类别,经度,纬度\n", imports.Options{Columns: map[string]string{"lon": "X"}}, `x.csv:1: header: column "X" (for lon): not in the header`},
		{"UnknownField", "a\n", imports.Options{Columns: map[string]string{"colour": "X"}}, `columns: field "colour": must be one of id, kind`},
		{"Encoding", "a\n", imports.Options{Encoding: "big5"}, `encoding "big5": must be one of utf-8, gb18030, gbk, gb2312, utf-16`},
		{"NotUTF8", "name,lon,lat\n\xb9\xfa,1,2\n", imports.Options{Encoding: "utf-8"}, `x.csv:2: encoding utf-8: the text is not valid UTF-8 here`},
		{"CRS", "a\n", imports.Options{CRS: "bd09mc"}, `crs "bd09mc": must be one of`},
		{"Kind", "a\n", imports.Options{Kind: "shop"}, `kind "shop": must be one of school, business, water`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := imports.ReadCSV(strings.NewReader(tc.csv), "x.csv", tc.opts)
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
		})
	}
}

func TestParseColumns_errors(t *testing.T) {
	for _, s := range []string{"name", "name=", "colour=X", "lon=X,lon=Y"} {
		if _, err := imports.ParseColumns(s); !errors.Is(err, geo.ErrInvalidInput) {
			t.Errorf("ParseColumns(%q): err = %v", s, err)
		}
	}
}

func TestRead_errors(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"../testdata/import/x.xls", "../testdata/import/x.xls: .xls (Excel 97-2003) is not read: save it as .xlsx"},
		{"../testdata/import/x.dbf", `../testdata/import/x.dbf: extension ".dbf": must be one of`},
	} {
		_, err := imports.Read(tc.path, imports.Options{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.path, err, tc.want)
		}
	}
	if _, err := imports.Read("../testdata/import/missing.csv", imports.Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestReadCSV_crsPolygon checks that every vertex of a WKT polygon is
// converted, and that the ring stays closed.
func TestReadCSV_crsPolygon(t *testing.T) {
	ring := orb.Ring{{104.059, 30.659}, {104.061, 30.659}, {104.061, 30.661}, {104.059, 30.661}, {104.059, 30.659}}
	var wkt []string
	for _, p := range ring {
		q := crs.WGS84ToBD09(geo.Point{Lat: p[1], Lon: p[0]})
		wkt = append(wkt, ftoa(q.Lon)+" "+ftoa(q.Lat))
	}
	csv := "kind,name,wkt\nschool,一小,\"POLYGON ((" + strings.Join(wkt, ", ") + "))\"\n"
	im, err := imports.ReadCSV(strings.NewReader(csv), "baidu.csv", imports.Options{CRS: crs.BD09})
	if err != nil || len(im.Rows) != 1 {
		t.Fatalf("%v %+v", err, im)
	}
	got := im.Rows[0].Feature.Geometry.(orb.Polygon)[0]
	if got[0] != got[len(got)-1] {
		t.Fatalf("ring not closed: %v", got)
	}
	for i, p := range got {
		if d := geo.DistanceMeters(geo.Point{Lat: p[1], Lon: p[0]}, geo.Point{Lat: ring[i][1], Lon: ring[i][0]}); d > 0.01 {
			t.Errorf("vertex %d: %.3f m from WGS84", i, d)
		}
	}
}

// TestRead_geojson reads GeoJSON, whose features keep their kind,
// with GCJ-02 coordinates and a gate.
func TestRead_geojson(t *testing.T) {
	p := geo.Point{Lat: 30.6571, Lon: 104.0612}
	g := crs.WGS84ToGCJ02(p)
	doc := `{"type":"Feature","properties":{"id":"s9","kind":"school","name":"九小","gates":[[` + ftoa(g.Lon) + `,` + ftoa(g.Lat) + `]]},` +
		`"geometry":{"type":"Point","coordinates":[` + ftoa(g.Lon) + `,` + ftoa(g.Lat) + `]}}`
	path := t.TempDir() + "/s.geojson"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	im := mustImport(t, path, imports.Options{CRS: crs.GCJ02})
	if len(im.Rows) != 1 || len(im.Bad) != 0 {
		t.Fatalf("%+v", im)
	}
	f := im.Rows[0].Feature
	q := f.Geometry.(orb.Point)
	if f.ID != "s9" || f.Kind != geo.School || geo.DistanceMeters(p, geo.Point{Lat: q[1], Lon: q[0]}) > 0.01 {
		t.Errorf("feature %+v", f)
	}
	if len(f.Gates) != 1 || geo.DistanceMeters(p, f.Gates[0]) > 0.01 {
		t.Errorf("gates %v, want %v", f.Gates, p)
	}
}

func TestReadCSV_fullWidth(t *testing.T) {
	im, err := imports.ReadCSV(strings.NewReader("名称,类别,经度,纬度\n歌厅,ＫＴＶ,１０４．０６,３０．６６\n"), "fw.csv", imports.Options{})
	if err != nil || len(im.Rows) != 1 {
		t.Fatalf("%v %+v", err, im)
	}
	if f := im.Rows[0].Feature; f.Category != "song_dance" || f.Geometry != (orb.Point{104.06, 30.66}) {
		t.Fatalf("feature %+v", f)
	}
}

// TestReadCSV_catalogueWords reads categories and water kinds by the
// catalogue's import words: exact, inside a longer word, and implied by
// the name column's header.
func TestReadCSV_catalogueWords(t *testing.T) {
	tests := []struct {
		name, csv string
		want      []string // category or water kind of each row
	}{
		{"Values", "名称,类别,经度,纬度\nA,网咖,104,30\nB,上网服务,104,30\nC,ＫＴＶ,104,30\nD,加油站,104,30\nE,民宿,104,30\n",
			[]string{"internet_cafe", "internet_cafe", "song_dance", "hazardous_chemicals", "guest_house"}},
		{"Inside", "名称,类别,经度,纬度\nA,互联网上网服务营业场所经营单位,104,30\nB,成华区烟酒店,104,30\nC,量贩KTV,104,30\nD,某某酒店式公寓,104,30\n",
			[]string{"internet_cafe", "tobacco", "song_dance", "guest_house"}},
		{"Header", "网吧名称,地址,经度,纬度\n星空网咖,建设路1号,104,30\n",
			[]string{"internet_cafe"}},
		{"HeaderAndColumn", "网吧名称,类别,经度,纬度\n星空,彩票,104,30\n星海,,104,30\n",
			[]string{"lottery", "internet_cafe"}},
		{"Water", "名称,类别,水体类型,经度,纬度\n张家塘,水域,鱼塘,104,30\n老井,水域,水井,104,30\n,水域,拦河堰,104,30\n",
			[]string{"fishpond", "well", "weir"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := imports.Options{}
			if tc.name == "Water" {
				opts.Kind = geo.WaterBody
			}
			im, err := imports.ReadCSV(strings.NewReader(tc.csv), "x.csv", opts)
			if err != nil || len(im.Bad) > 0 {
				t.Fatalf("%v %v", err, im.Bad)
			}
			var got []string
			for _, r := range im.Rows {
				if r.Feature.Kind == geo.WaterBody {
					got = append(got, string(r.Feature.WaterKind))
				} else {
					got = append(got, string(r.Feature.Category))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
