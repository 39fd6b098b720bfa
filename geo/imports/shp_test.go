package imports

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

const (
	prjWGS84    = `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
	prjCGCS2000 = `GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
	prjGK       = `PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]]],PROJECTION["Gauss_Kruger"],UNIT["Meter",1.0]]`
	prjBeijing  = `GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
)

func gbk(s string) string {
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

// campus is a 0.002° square with a 0.0005° hole.
var campus = [][][2]float64{
	{{104.059, 30.659}, {104.059, 30.661}, {104.061, 30.661}, {104.061, 30.659}, {104.059, 30.659}},
	{{104.0598, 30.6598}, {104.0603, 30.6598}, {104.0603, 30.6603}, {104.0598, 30.6603}, {104.0598, 30.6598}},
}

// kindergarten is a triangle.
var kindergarten = [][][2]float64{{{104.07, 30.67}, {104.07, 30.671}, {104.071, 30.67}, {104.07, 30.67}}}

func TestReadShapefile_schools(t *testing.T) {
	for _, tc := range []struct {
		name     string
		encode   func(string) string
		cpg, prj string
	}{
		{"GBKNoCPG", gbk, "", prjWGS84},
		{"GBKCPG936", gbk, "936\r\n", prjCGCS2000},
		{"UTF8CPG", func(s string) string { return s }, "UTF-8", ""},
		{"UTF8NoCPG", func(s string) string { return s }, "", prjWGS84},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := encodeShapefile("schools", testShapefile{
				fields: []string{tc.encode("名称"), tc.encode("学段"), "ID"},
				shapes: []testShape{
					{rings: campus, attrs: []string{tc.encode("泡桐树小学"), tc.encode("小学"), "s1"}},
					{rings: kindergarten, attrs: []string{tc.encode("第二幼儿园"), tc.encode("幼儿园"), "s2"}},
				},
				cpg: tc.cpg, prj: tc.prj,
			})
			im, err := readShapefileFS(fsys, "schools", "schools.shp", Options{Kind: geo.School})
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Bad) != 0 || len(im.Rows) != 2 {
				t.Fatalf("rows %d, bad %v", len(im.Rows), im.Bad)
			}
			f := im.Rows[0].Feature
			pg, ok := f.Geometry.(orb.Polygon)
			if f.ID != "s1" || f.Name != "泡桐树小学" || f.SchoolKind != geo.Primary || !ok || len(pg) != 2 || len(pg[0]) != 5 {
				t.Fatalf("first school: %+v", f)
			}
			if f := im.Rows[1].Feature; f.Name != "第二幼儿园" || f.SchoolKind != geo.Kindergarten || len(f.Geometry.(orb.Polygon)) != 1 {
				t.Fatalf("second school: %+v", f)
			}
		})
	}
}

func TestReadShapefile_crsAndNull(t *testing.T) {
	p := geo.Point{Lat: 30.6571, Lon: 104.0612}
	g := crs.WGS84ToGCJ02(p)
	fsys := encodeShapefile("shops", testShapefile{
		fields: []string{"NAME", "CATEGORY"},
		shapes: []testShape{
			{rings: [][][2]float64{{{g.Lon, g.Lat}}}, attrs: []string{"A", "bar"}},
			{attrs: []string{"B", "bar"}}, // null shape
		},
		prj: prjWGS84,
	})
	im, err := readShapefileFS(fsys, "shops", "shops.shp", Options{CRS: crs.GCJ02})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Rows) != 1 || len(im.Bad) != 1 {
		t.Fatalf("rows %v bad %v", im.Rows, im.Bad)
	}
	q := im.Rows[0].Feature.Geometry.(orb.Point)
	if d := geo.DistanceMeters(p, geo.Point{Lat: q[1], Lon: q[0]}); d > 0.01 {
		t.Errorf("%.3f m from the WGS84 point", d)
	}
	if e := im.Bad[0]; e.Row != 2 || e.Field != "geometry" || !strings.HasPrefix(e.Error(), "shops.shp:2: geometry: a null or empty shape") {
		t.Errorf("bad row: %v (row %d, field %q)", e, e.Row, e.Field)
	}
}

func TestReadShapefile_errors(t *testing.T) {
	shape := []testShape{{rings: [][][2]float64{{{104, 30}}}, attrs: []string{"A", "bar"}}}
	tests := []struct {
		name, prj string
		fields    []string
		want      string
	}{
		{"Projected", prjGK, []string{"NAME", "CATEGORY"}, `x.shp: .prj: "CGCS2000_3_Degree_GK_CM_114E" is a projected coordinate system (metres, not degrees): reproject it`},
		{"Beijing54", prjBeijing, []string{"NAME", "CATEGORY"}, `x.shp: .prj: "GCS_Beijing_1954": Beijing 1954 and Xi'an 1980 lie up to about 100 m from WGS84`},
		{"NotWKT", "hello", []string{"NAME", "CATEGORY"}, `x.shp: .prj: "hello": not a WKT coordinate system`},
		{"Column", prjWGS84, []string{"NAME", "CATEGORY"}, `x.shp: .dbf fields: column "店名" (for name): not in the header ["NAME" "CATEGORY"]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := encodeShapefile("x", testShapefile{fields: tc.fields, shapes: shape, prj: tc.prj})
			opts := Options{}
			if tc.name == "Column" {
				opts.Columns = map[string]string{"name": "店名"}
			}
			_, err := readShapefileFS(fsys, "x", "x.shp", opts)
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
		})
	}
}

// TestReadShapefile_files reads a Shapefile from disk and from a zip.
func TestReadShapefile_files(t *testing.T) {
	fsys := encodeShapefile("shops", testShapefile{
		fields: []string{"NAME", "CATEGORY"},
		shapes: []testShape{{rings: [][][2]float64{{{104, 30}}}, attrs: []string{"A", "网吧"}}},
	})
	dir := t.TempDir()
	zf, err := os.Create(filepath.Join(dir, "shops.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for name, f := range fsys {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create("layer/" + name)
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	for _, path := range []string{filepath.Join(dir, "shops.shp"), filepath.Join(dir, "shops.zip")} {
		im, err := Read(path, Options{})
		if err != nil || len(im.Rows) != 1 || im.Rows[0].Feature.Category != "internet_cafe" {
			t.Fatalf("%s: %v %+v", path, err, im)
		}
	}
	if _, err := Read(filepath.Join(dir, "none.shp"), Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing .shp: err = %v", err)
	}
}

// TestReadShapefile_hugeCounts checks that counts in corrupt headers do not
// make the reader allocate what they claim (fuzzing killed the process with
// such a file): a .dbf claiming 2³²−1 records and a .shp record claiming
// 4 GB must fail fast, in little memory.
func TestReadShapefile_hugeCounts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		patch func(fstest.MapFS)
	}{
		{"DBFRecords", func(fsys fstest.MapFS) { binary.LittleEndian.PutUint32(fsys["x.dbf"].Data[4:], 0xFFFFFFFF) }},
		{"SHPContent", func(fsys fstest.MapFS) { binary.BigEndian.PutUint32(fsys["x.shp"].Data[104:], 0x7FFFFFFF) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := encodeShapefile("x", testShapefile{fields: []string{"NAME", "CATEGORY"},
				shapes: []testShape{{rings: [][][2]float64{{{104, 30}}}, attrs: []string{"A", "bar"}}}})
			tc.patch(fsys)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := readShapefileFS(fsys, "x", "x.shp", Options{})
			runtime.ReadMemStats(&after)
			if !errors.Is(err, geo.ErrInvalidInput) {
				t.Fatalf("err = %v, want ErrInvalidInput", err)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
				t.Fatalf("allocated %d bytes for a %d-byte file", n, len(fsys["x.dbf"].Data))
			}
		})
	}
}

// TestReadShapefile_blankAttributes checks that a record whose attributes
// are all empty is still read: its shape is the data.
func TestReadShapefile_blankAttributes(t *testing.T) {
	fsys := encodeShapefile("lakes", testShapefile{fields: []string{"NAME"}, shapes: []testShape{
		{rings: kindergarten, attrs: []string{""}}, {rings: campus, attrs: []string{"白鹭湖"}},
	}})
	im, err := readShapefileFS(fsys, "lakes", "lakes.shp", Options{Kind: geo.WaterBody})
	if err != nil || len(im.Rows) != 2 || len(im.Bad) != 0 {
		t.Fatalf("%v: rows %+v, bad %v", err, im.Rows, im.Bad)
	}
	if f := im.Rows[0].Feature; f.ID != "row/1" || f.Name != "" || f.Kind != geo.WaterBody {
		t.Errorf("unnamed lake %+v", f)
	}
}

// TestReadShapefile_cutFieldNames reads a layer whose attribute table cut
// school_kind to school_kin, as every dBASE writer does, and reports the
// column it does not know.
func TestReadShapefile_cutFieldNames(t *testing.T) {
	fsys := encodeShapefile("schools", testShapefile{
		fields: []string{"name", "school_kin", "principal"},
		shapes: []testShape{{rings: campus, attrs: []string{"Paotongshu", "小学", "王"}}},
		prj:    prjWGS84,
	})
	im, err := readShapefileFS(fsys, "schools", "schools.shp", Options{Kind: geo.School})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Rows) != 1 || im.Rows[0].Feature.SchoolKind != geo.Primary {
		t.Fatalf("rows %+v, bad %v: want one primary school", im.Rows, im.Bad)
	}
	if len(im.Ignored) != 1 || im.Ignored[0] != "principal" {
		t.Errorf("Ignored = %q, want [principal]", im.Ignored)
	}
}
