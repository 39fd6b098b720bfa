package imports

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-shapefile"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

// ReadShapefile reads the features of an ESRI Shapefile: path is its .shp,
// with the .dbf (attributes), .prj (coordinate system), .cpg (encoding) and
// .shx beside it, or a .zip holding them. Attributes are read as ReadCSV
// reads columns (the .dbf's field names are the header); the geometry is the
// record's shape: a point, a polyline (water only) or a polygon, with holes.
//
// The .prj must be a geographic system on WGS84 or CGCS2000 (EPSG:4326,
// EPSG:4490); a projected one (Gauss-Krüger, UTM, Web Mercator) or another
// datum (Beijing 1954, Xi'an 1980) is refused with an error naming it.
// Without a .prj, coordinates are taken as WGS84. opts.CRS, if set, says
// what the coordinates really are (such as GCJ-02 data saved under a WGS84
// .prj). Text is decoded as the .cpg says (UTF-8, or GBK as "GBK", "936" or
// "CP936"), else as opts.Encoding, else detected value by value (UTF-8 if
// valid, else GB18030). A .zip must hold exactly one .shp. Each bad record
// is returned in Import.Bad, with its number (from 1) as the row.
func ReadShapefile(path string, opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if !strings.EqualFold(filepath.Ext(path), ".zip") {
		base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		return readShapefileFS(os.DirFS(filepath.Dir(path)), base, path, opts)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, geo.Invalidf("%s: not a zip file: %v", path, err)
	}
	defer zr.Close()
	if err := checkZip(zr.File, path); err != nil {
		return nil, err
	}
	var shps []string
	for _, f := range zr.File {
		if strings.EqualFold(filepath.Ext(f.Name), ".shp") && !strings.HasPrefix(filepath.Base(f.Name), ".") {
			shps = append(shps, f.Name)
		}
	}
	if len(shps) != 1 {
		return nil, geo.Invalidf("%s: holds %d .shp files %s: must hold exactly one", path, len(shps), quoteAll(shps))
	}
	return readShapefileFS(zr, strings.TrimSuffix(shps[0], filepath.Ext(shps[0])), path+"/"+shps[0], opts)
}

// readShapefileFS reads the Shapefile basename.* in fsys; name is for errors.
// The .cpg is read here rather than by the Shapefile reader, which refuses
// code pages such as "936" and a trailing newline; the reader then decodes
// text as ISO 8859-1, one rune per byte, and decodeString re-decodes it.
func readShapefileFS(fsys fs.FS, basename, name string, opts Options) (*Result, error) {
	enc, _ := ParseEncoding(opts.Encoding)
	if cpg, err := fs.ReadFile(fsys, basename+".cpg"); err == nil {
		enc = cpgEncoding(string(cpg), enc)
	}
	st, err := fs.Stat(fsys, basename+".shp")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	size := int(st.Size())
	if st, err := fs.Stat(fsys, basename+".dbf"); err == nil {
		size = max(size, int(st.Size()))
	}
	sf, err := readShapefileSafely(hideFile{fsys, basename + ".cpg"}, basename, size)
	if err != nil {
		return nil, geo.Invalidf("%s: not a readable Shapefile: %v", name, err)
	}
	return readShapefile(sf, name, enc, opts)
}

// readShapefileSafely reads a Shapefile whose largest file has size bytes.
// Counts in the headers are bounded by that size, since the reader would
// otherwise allocate what a corrupt header claims (up to 2³² records) before
// finding the data missing; fuzzing found that. A panic in the reader is
// returned as an error: the files are untrusted input.
func readShapefileSafely(fsys fs.FS, basename string, size int) (sf *shapefile.Shapefile, err error) {
	defer func() {
		if r := recover(); r != nil {
			sf, err = nil, fmt.Errorf("malformed: %v", r)
		}
	}()
	size = max(size, 1)
	return shapefile.ReadFS(fsys, basename, &shapefile.ReadShapefileOptions{
		DBF: &shapefile.ReadDBFOptions{MaxHeaderSize: size, MaxRecordSize: size, MaxRecords: size},
		SHP: &shapefile.ReadSHPOptions{MaxParts: size/4 + 1, MaxPoints: size/16 + 1, MaxRecordSize: size},
	})
}

// cpgEncoding maps a .cpg's code page to an Encoding; a code page it does
// not know (such as "System") leaves def, which may be "" for detection.
func cpgEncoding(cpg string, def Encoding) Encoding {
	switch strings.ToLower(strings.TrimSpace(cpg)) {
	case "utf-8", "utf8", "65001":
		return UTF8
	case "gbk", "gb2312", "gb18030", "cp936", "936", "54936", "ansi 936":
		return GB18030
	}
	return def
}

// hideFile is fsys without the file hide.
type hideFile struct {
	fs.FS
	hide string
}

// Open opens name in the wrapped file system, unless it is the hidden file.
func (h hideFile) Open(name string) (fs.File, error) {
	if name == h.hide {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return h.FS.Open(name)
}

func readShapefile(sf *shapefile.Shapefile, name string, enc Encoding, opts Options) (*Result, error) {
	if sf.SHP == nil {
		return nil, geo.Invalidf("%s: no .shp file", name)
	}
	if sf.PRJ != nil && opts.CRS == "" {
		c, err := crs.FromPRJ(sf.PRJ.Projection)
		if err != nil {
			return nil, geo.Invalidf("%s: .prj: %v", name, err)
		}
		opts.CRS = c
	}
	var fields []*shapefile.DBFFieldDescriptor
	if sf.DBF != nil {
		fields = sf.DBF.FieldDescriptors
	} else if opts.Kind != geo.WaterBody {
		return nil, geo.Invalidf("%s: no .dbf beside it: the names and categories are in the .dbf", name)
	}
	if enc == "" && sf.DBF != nil {
		enc = detectDBFEncoding(sf)
	}
	header := make([]string, len(fields))
	for i, f := range fields {
		header[i] = decodeName(f.Name, enc)
	}
	t := newTable(name, opts, true)
	col, err := t.mapHeader(header)
	if err != nil {
		return nil, geo.Invalidf("%s: .dbf fields: %v", name, err)
	}
	t.col, t.header = col, header
	for i := range sf.SHP.Records {
		var rec []string
		var attrs map[string]any
		if sf.DBF != nil && i < len(sf.DBF.Records) {
			attrs, _ = sf.Record(i)
		}
		for _, f := range fields {
			rec = append(rec, decodeString(formatAttr(attrs[f.Name]), enc))
		}
		g, err := orbGeometry(sf.SHP.Record(i))
		if err != nil {
			t.out.Bad = append(t.out.Bad, &RowError{File: name, Row: i + 1, Field: "geometry", Err: err})
			continue
		}
		if err := t.add(rec, i+1, g); err != nil {
			return nil, err
		}
		if (i+1)%1000 == 0 {
			t.progress(int64(i+1), int64(len(sf.SHP.Records)))
		}
	}
	t.progress(int64(len(sf.SHP.Records)), int64(len(sf.SHP.Records)))
	return t.out, nil
}

// detectDBFEncoding detects the encoding of a .dbf's text as a whole:
// UTF-8 if its field names and every text value are valid UTF-8, else
// GB18030. One value alone cannot tell: 小学 in GBK is also valid UTF-8.
func detectDBFEncoding(sf *shapefile.Shapefile) Encoding {
	var raw []byte
	for _, f := range sf.DBF.FieldDescriptors {
		raw = append(append(raw, f.Name...), '\n')
	}
	for _, rec := range sf.DBF.Records {
		for _, v := range rec {
			if s, ok := v.(string); ok {
				raw = append(appendLatin1(raw, s), '\n')
			}
		}
	}
	return detectEncoding(raw)
}

// decodeName decodes a .dbf field name, which the reader leaves as raw
// bytes: UTF-8 if valid, else enc (GB18030 if not given).
func decodeName(s string, enc Encoding) string {
	if utf8.ValidString(s) {
		return s
	}
	if enc == "" || enc == UTF8 {
		enc = GB18030
	}
	out, _, err := decodeText([]byte(s), "", enc)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return string(out)
}

// formatAttr formats a .dbf value as the text of a cell.
func formatAttr(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.Format(time.DateOnly)
	case shapefile.DBFMemo:
		return string(v)
	}
	return ""
}

// orbGeometry converts a Shapefile shape to a Feature's geometry: a Point,
// a LineString or MultiLineString, or a Polygon or MultiPolygon; Z and M
// are dropped. Null shapes and multipoints are errors.
func orbGeometry(g geom.T) (orb.Geometry, error) {
	switch g := g.(type) {
	case *geom.Point:
		if g.Empty() {
			break
		}
		c := g.Coords()
		return orb.Point{c[0], c[1]}, nil
	case *geom.MultiPoint:
		if g.NumPoints() == 1 {
			c := g.Point(0).Coords()
			return orb.Point{c[0], c[1]}, nil
		}
		return nil, geo.Invalidf("geometry: a multipoint of %d points: must be one point", g.NumPoints())
	case *geom.MultiLineString:
		mls := make(orb.MultiLineString, g.NumLineStrings())
		for i := range mls {
			mls[i] = orb.LineString(orbPoints(g.LineString(i).Coords()))
		}
		if len(mls) == 1 {
			return mls[0], nil
		}
		if len(mls) > 0 {
			return mls, nil
		}
	case *geom.MultiPolygon:
		mp := make(orb.MultiPolygon, g.NumPolygons())
		for i := range mp {
			p := g.Polygon(i)
			for j := 0; j < p.NumLinearRings(); j++ {
				mp[i] = append(mp[i], orb.Ring(orbPoints(p.LinearRing(j).Coords())))
			}
		}
		if len(mp) == 1 {
			return mp[0], nil
		}
		if len(mp) > 0 {
			return mp, nil
		}
	}
	return nil, geo.Invalidf("geometry: a null or empty shape (%T): each record needs a point, line or polygon", g)
}

func orbPoints(cs []geom.Coord) []orb.Point {
	ps := make([]orb.Point, len(cs))
	for i, c := range cs {
		ps[i] = orb.Point{c[0], c[1]}
	}
	return ps
}
