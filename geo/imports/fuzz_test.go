package imports

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"

	"github.com/safezone/safezone/geo/geojson"
)

// checkImported fails t unless every accepted row is a valid feature (the
// checks ReadGeoJSON makes, coordinates in range, a known category for a
// business) with a unique ID, and every bad row has a row number and wraps
// ErrInvalidInput.
func checkImported(t *testing.T, im *Result) {
	t.Helper()
	fs := make([]geo.Feature, 0, len(im.Rows))
	for _, r := range im.Rows {
		f := r.Feature
		if err := geojson.CheckFeature(&f); err != nil {
			t.Fatalf("row %d accepted but invalid: %v (%+v)", r.Row, err, f)
		}
		if f.Kind == geo.Business {
			if c, err := geo.ParseCategory(string(f.Category)); err != nil || c == geo.Water {
				t.Fatalf("row %d: category %q", r.Row, f.Category)
			}
		}
		fs = append(fs, f)
	}
	if _, err := geo.NewIndex(fs); err != nil {
		t.Fatalf("accepted rows do not index: %v", err)
	}
	for _, b := range im.Bad {
		if b.Row < 1 || b.Field == "" || !errors.Is(b, geo.ErrInvalidInput) {
			t.Fatalf("bad row without row, field or ErrInvalidInput: %#v", b)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"名称,类别,经度,纬度\n网吧,网吧,104.06,30.66\n",
		"\ufeffname,category,lon,lat,licence\nA,bar,104,30,L1\nB,bar,104,30,L1\n",
		"id,kind,name,wkt\ns,school,一小,\"POLYGON ((104 30, 104.1 30, 104.1 30.1, 104 30))\"\nw,water,,\"LINESTRING (1 2, 3 4)\"\n",
		"title\n\nname\tcategory\tX\tY\na\"b\tbar\t1e400\t-0\n",
		"name,category,lon,lat\n\"unterminated,bar,1,2\nx,bar,NaN,Inf\n",
		"name,category,wkt,lon,lat\nA,bar,POINT EMPTY,1,2\nB,bar,,181,1\n",
	} {
		f.Add([]byte(s), "")
		f.Add([]byte(s), "gcj02")
	}
	gbk := "\xc3\xfb\xb3\xc6,\xc0\xe0\xb1\xf0,\xbe\xad\xb6\xc8,\xce\xb3\xb6\xc8\nA,bar,104,30\n" // 名称,类别,经度,纬度 in GBK
	f.Add([]byte(gbk), "bd09")
	f.Fuzz(func(t *testing.T, data []byte, system string) {
		c, err := crs.Parse(system)
		if err != nil {
			return
		}
		im, err := ReadCSV(bytes.NewReader(data), "f.csv", Options{CRS: c})
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("file error without ErrInvalidInput: %v", err)
			}
			return
		}
		checkImported(t, im)
	})
}

// FuzzParseWKT checks that a WKT value either fails or, once checked as a
// row's geometry is, converts to a valid WGS84 geometry.
func FuzzParseWKT(f *testing.F) {
	for _, s := range []string{
		"POINT (104.06 30.66)", "POINT(1 2)", "SRID=4490;POINT (1 2)", "SRID=3857;POINT (1 2)",
		"POLYGON ((104 30, 104.1 30, 104.1 30.1, 104 30))", "MULTIPOLYGON (((1 1, 2 1, 2 2, 1 1)), ((3 3, 4 3, 4 4, 3 3)))",
		"LINESTRING (1 2, 3 4)", "MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))", "POINT EMPTY", "POLYGON EMPTY",
		"GEOMETRYCOLLECTION (POINT (1 2))", "POINT Z (1 2 3)", "POINT (1e400 2)", "POLYGON ((1 1, 2 2))", "POINT (NaN 1)",
		"MULTIPOINT ((1 2), (3 4))", "POLYGON ((1 1, 2 1, 2 2, 1 1), ())", "((((", "POINT ( )",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, water bool) {
		g, err := parseWKT(s)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("%q: error without ErrInvalidInput: %v", s, err)
			}
			return
		}
		kind := geo.School
		if water {
			kind = geo.WaterBody
		}
		if geojson.CheckGeometry(kind, g) != nil {
			return
		}
		for _, c := range crs.Systems {
			w, err := crs.ToWGS84Geometry(g, c)
			if err != nil {
				t.Fatalf("%q: checked, but %s failed: %v", s, c, err)
			}
			if err := geojson.CheckGeometry(kind, w); err != nil {
				t.Fatalf("%q in %s: invalid after conversion: %v", s, c, err)
			}
		}
	})
}

// FuzzReadXLSX reads hostile workbooks: the bytes of an .xlsx, seeded
// with workbooks excelize wrote (a title row, Chinese headers, WKT,
// formulas, bad numbers) and with zip bombs, so that mutations reach the
// zip headers, the XML and the cells. Every error must be bad input, and
// whatever is read must be valid. (Fuzzing the cells and building a
// workbook per input ran some 20 inputs a second; FuzzImportRows covers
// the rows themselves.)
func FuzzReadXLSX(f *testing.F) {
	for _, cells := range []string{
		"2024年名单\n名称\t类别\t经度\t纬度\n网吧\t网吧\t104.06\t30.66\n\n坏\tbar\t999\t1",
		"id\tkind\tname\twkt\ns\tschool\t一小\tPOLYGON ((104 30, 104.1 30, 104.1 30.1, 104 30))",
		"name\tcategory\tlon\tlat\nA\tbar\t=1+1\t30\nB\tbar\t1e400\t\"",
	} {
		f.Add(workbookOf(f, cells))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadXLSX(bytes.NewReader(data), "f.xlsx", Options{})
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("file error without ErrInvalidInput: %v", err)
			}
			return
		}
		checkImported(t, im)
	})
}

// workbookOf writes an .xlsx of tab-separated cells, a line a row.
func workbookOf(tb testing.TB, cells string) []byte {
	wb := excelize.NewFile()
	for r, line := range strings.Split(cells, "\n") {
		row := []any{}
		for _, c := range strings.Split(line, "\t") {
			row = append(row, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := wb.SetSheetRow("Sheet1", cell, &row); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzReadShapefile fuzzes the four files of a Shapefile.
func FuzzReadShapefile(f *testing.F) {
	seeds := []testShapefile{
		{fields: []string{"NAME", "CATEGORY"}, shapes: []testShape{
			{rings: [][][2]float64{{{104, 30}}}, attrs: []string{"A", "bar"}}, {attrs: []string{"B", "bar"}},
		}, prj: prjWGS84},
		{fields: []string{"\xc3\xfb\xb3\xc6", "ID"}, shapes: []testShape{{rings: campus, attrs: []string{"\xd0\xa1\xd1\xa7", "s1"}}}, cpg: "936"},
		{fields: []string{"NAME"}, shapes: []testShape{{rings: kindergarten, attrs: []string{"x"}}}, prj: prjGK},
	}
	for _, s := range seeds {
		fsys := encodeShapefile("x", s)
		f.Add(fsys["x.shp"].Data, fsys["x.shx"].Data, fsys["x.dbf"].Data, []byte(s.prj), []byte(s.cpg), s.cpg == "936")
	}
	f.Fuzz(func(t *testing.T, shp, shx, dbf, prj, cpg []byte, school bool) {
		fsys := fstest.MapFS{"x.shp": {Data: shp}, "x.shx": {Data: shx}, "x.dbf": {Data: dbf}}
		if len(prj) > 0 {
			fsys["x.prj"] = &fstest.MapFile{Data: prj}
		}
		if len(cpg) > 0 {
			fsys["x.cpg"] = &fstest.MapFile{Data: cpg}
		}
		opts := Options{}
		if school {
			opts.Kind = geo.School
		}
		im, err := readShapefileFS(fsys, "x", "x.shp", opts)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("file error without ErrInvalidInput: %v", err)
			}
			return
		}
		checkImported(t, im)
		// Every record is a row or a bad row: none is dropped silently.
		sf, err := readShapefileSafely(hideFile{fsys, "x.cpg"}, "x", len(shp)+len(dbf))
		if err == nil && sf.SHP != nil && len(im.Rows)+len(im.Bad) != len(sf.SHP.Records) {
			t.Fatalf("%d records, but %d rows and %d bad rows", len(sf.SHP.Records), len(im.Rows), len(im.Bad))
		}
	})
}

// FuzzImportRows drives the rows of a table, as a sheet's cells arrive
// (rows split by \n, cells by \t), straight into the importer, without the
// cost of building a workbook each time as FuzzReadXLSX does. kind is the
// kind option; crs the coordinate system.
func FuzzImportRows(f *testing.F) {
	f.Add("2024年名单\n名称\t类别\t经度\t纬度\t许可证号\n网吧\t网吧\t104.06\t30.66\tL1\n坏\tbar\t999\t1\t\nB\tbar\t1e400\t30\tL1", "", "gcj02")
	f.Add("编号\t种类\t名称\t学段\t水体类型\twkt\ns\t学校\t一小\t小学\t\tPOLYGON ((104 30, 104.1 30, 104.1 30.1, 104 30))\nw\t水域\t\t\t河流\tLINESTRING (1 2, 3 4)", "", "bd09")
	f.Add("name\tlon\tlat\tcategory\nA\t104\t30\t\nB\t-181\t30\tlake", "water", "")
	f.Fuzz(func(t *testing.T, cells, kind, system string) {
		opts := Options{Kind: geo.Kind(kind), CRS: crs.System(system)}
		if opts.Validate() != nil {
			return
		}
		opts.CRS, _ = crs.Parse(system)
		tb := newTable("f.xlsx[Sheet1]", opts, false)
		for i, line := range strings.Split(cells, "\n") {
			if err := tb.add(strings.Split(line, "\t"), i+1, nil); err != nil {
				if !errors.Is(err, geo.ErrInvalidInput) {
					t.Fatalf("header error without ErrInvalidInput: %v", err)
				}
				return
			}
		}
		im, err := tb.finish()
		if err != nil {
			return
		}
		checkImported(t, im)
	})
}
