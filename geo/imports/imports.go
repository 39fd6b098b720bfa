package imports

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"
)

// Options say how to read a file of features with Read and
// the readers it calls. The zero value reads businesses in WGS84 with the
// encoding detected and the columns found by their headers.
type Options struct {
	// Kind is the kind of every row of a file that has no kind column (or
	// leaves it empty). Empty means Business.
	Kind geo.Kind
	// CRS is the coordinate system of the file's coordinates; they are
	// converted to WGS84. Empty means WGS84, or for a Shapefile what its
	// .prj says.
	CRS crs.System
	// Encoding is the text encoding of a CSV file, or of a Shapefile's
	// attributes when it has no .cpg: utf-8, gb18030, gbk, gb2312 or
	// utf-16 (see ParseEncoding). Empty detects it: a byte order mark,
	// else UTF-8 if the bytes are valid UTF-8, else GB18030 (a superset
	// of GBK and GB2312).
	Encoding string
	// Columns names the column to read a field from, by its header as it is
	// in the file, overriding the headers the field is known by. Keys are
	// Fields.
	Columns map[string]string
	// Sheet is the name of the XLSX sheet to read; empty reads the first.
	Sheet string
	// Progress, if not nil, is called every 1000 rows and at the end of a
	// file with how far the reader is: bytes of a CSV file, records of a
	// Shapefile, rows of a sheet. total is 0 when unknown (sheets).
	Progress func(done, total int64)
}

// Row is one feature read from a file, with the fields Feature has no
// place for.
type Row struct {
	Feature geo.Feature // valid, in WGS84
	Row     int         // the CSV line, sheet row or Shapefile record (from 1) it came from
	Licence string      // the licence number, if the file has one; the address is the feature's
}

// Import is what a reader found in one file: the good rows and the bad
// ones, each in file order. Nothing is dropped silently: every data row is
// in exactly one of Rows and Bad; blank rows and title rows above the
// header are not data rows.
type Result struct {
	File string
	Rows []Row
	Bad  []*RowError
	// Ignored are the header's columns that no field is read from, as the
	// file names them, so that a misspelt or cut column is seen rather than
	// silently dropped.
	Ignored []string
}

// RowError is a bad row of an imported file. Its message names the file,
// the row, the column (as the file names it, with the field it was read
// as) and the value, and says what is allowed. It wraps ErrInvalidInput.
type RowError struct {
	File  string
	Row   int
	Field string // the field, such as "lat" or "category"; "row" for the row as a whole
	Err   error
}

// Error returns "file:row: reason"; the reason names the column and
// quotes the value.
func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Row, e.Err) }

// Unwrap returns the reason, which wraps ErrInvalidInput.
func (e *RowError) Unwrap() error { return e.Err }

// Read reads the features in the file at path, choosing the
// reader by its extension: .csv, .tsv or .txt (ReadCSV), .xlsx or .xlsm
// (ReadXLSX), .shp or a .zip holding one Shapefile (ReadShapefile),
// .geojson, .json, .geojsonl or .ndjson (ReadGeoJSON, whose features keep
// their own kind; opts.CRS still applies). Errors in rows are returned in
// Import.Bad; the error is for the file as a whole: it cannot be read, has
// no usable header, or an unsupported format or coordinate system. It wraps
// ErrInvalidInput for bad input.
func Read(path string, opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	ext := strings.ToLower(filepath.Ext(path))
	var read func(io.Reader, string, Options) (*Result, error)
	switch ext {
	case ".shp", ".zip":
		return ReadShapefile(path, opts)
	case ".xls":
		return nil, refuse("xls", params("file", path), "%s: .xls (Excel 97-2003) is not read: save it as .xlsx", path)
	case ".csv", ".tsv", ".txt":
		read = ReadCSV
	case ".xlsx", ".xlsm":
		read = ReadXLSX
	case ".geojson", ".json", ".geojsonl", ".ndjson":
		read = readGeoJSONImport
	default:
		return nil, geo.Invalid(path+": extension", ext,
			geo.OneOf([]string{".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".shp", ".zip", ".geojson", ".json", ".geojsonl", ".ndjson"}))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path, opts)
}

// Validate checks the options, as every reader does before reading. It
// returns an error wrapping ErrInvalidInput that names the option and
// quotes the value if one is unknown.
func (o Options) Validate() error {
	switch o.Kind {
	case "", geo.School, geo.Business, geo.WaterBody:
	default:
		return geo.Invalid("kind", string(o.Kind), geo.OneOf([]geo.Kind{geo.School, geo.Business, geo.WaterBody}))
	}
	if _, err := crs.Parse(string(o.CRS)); err != nil {
		return err
	}
	if _, err := ParseEncoding(o.Encoding); err != nil {
		return err
	}
	for field := range o.Columns {
		if _, ok := importHeaders[field]; !ok {
			return geo.Invalid("columns: field", field, geo.OneOf(Fields))
		}
	}
	return nil
}

// ParseColumns parses a list of field=header pairs separated by commas,
// such as "name=店名,lon=X,lat=Y", into Options.Columns. It returns
// an error wrapping ErrInvalidInput that quotes the bad pair if a pair has
// no '=', an unknown field or an empty header, or names a field twice.
func ParseColumns(s string) (map[string]string, error) {
	cols := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return cols, nil
	}
	for _, pair := range strings.Split(s, ",") {
		field, header, ok := strings.Cut(pair, "=")
		field, header = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(header)
		switch _, known := importHeaders[field]; {
		case !ok || header == "":
			return nil, geo.Invalidf("columns %q: must be field=header pairs separated by commas, such as name=店名,lon=X,lat=Y", pair)
		case !known:
			return nil, geo.Invalidf("columns %q: field %q: must be one of %s", pair, field, strings.Join(Fields, ", "))
		case cols[field] != "":
			return nil, geo.Invalidf("columns %q: field %q: given twice", pair, field)
		}
		cols[field] = header
	}
	return cols, nil
}
