package imports

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/crs"

	"github.com/safezone/safezone/geo/geojson"
)

// dbfNameLen is the most bytes a dBASE field name has: a Shapefile's
// attribute table cuts longer names.
const dbfNameLen = 10

// headerSearchRows is how many rows a table may have above its header, such
// as the merged title row ("2024年网吧名单") Chinese spreadsheets often have.
const headerSearchRows = 10

// importTable turns the rows of a CSV file, a sheet or a Shapefile's attributes
// into features: it finds the header, then reads each row.
type importTable struct {
	file    string
	opts    Options
	hasGeom bool // a Shapefile: geometry comes with each row, not from columns

	col       map[string]int // field → column; nil until the header is found
	header    []string
	headerErr error // why the first row tried was not the header
	tried     int
	headerCat string         // the category a header implies (网吧名称), or ""
	seen      map[string]int // ID → row
	out       *Result
}

func newTable(file string, opts Options, hasGeom bool) *importTable {
	return &importTable{file: file, opts: opts, hasGeom: hasGeom, seen: map[string]int{}, out: &Result{File: file}}
}

// add reads one row (row counts from 1). Until the header is found, rows
// are tried as the header; it fails only if none of the first
// headerSearchRows non-blank rows is one.
func (t *importTable) add(rec []string, row int, g orb.Geometry) error {
	if row > MaxRows {
		return tooLarge("too_many_rows", params("file", t.file, "row", strconv.Itoa(row), "max", strconv.Itoa(MaxRows)),
			"%s:%d: more than %d rows: split the file", t.file, row, MaxRows)
	}
	if len(rec) > MaxColumns {
		return tooLarge("too_many_columns", params("file", t.file, "row", strconv.Itoa(row), "count", strconv.Itoa(len(rec)), "max", strconv.Itoa(MaxColumns)),
			"%s:%d: %d columns: at most %d", t.file, row, len(rec), MaxColumns)
	}
	if blank(rec) && !t.hasGeom {
		return nil // a blank line; a Shapefile record has its shape, even without attributes
	}
	if t.col == nil {
		col, err := t.mapHeader(rec)
		if err == nil {
			t.col, t.header = col, slices.Clone(rec)
			t.headerCat = impliedCategory(rec)
			return nil
		}
		if t.headerErr == nil {
			t.headerErr = refuse("csv_header", params("file", t.file, "row", strconv.Itoa(row), "detail", err.Error()),
				"%s:%d: header: %v", t.file, row, err)
		}
		if t.tried++; t.tried >= headerSearchRows {
			return t.headerErr
		}
		return nil
	}
	r, err := t.row(rec, row, g)
	if err != nil {
		t.out.Bad = append(t.out.Bad, err)
		return nil
	}
	t.out.Rows = append(t.out.Rows, r)
	return nil
}

// finish returns what was read, or an error if no header was found.
func (t *importTable) finish() (*Result, error) {
	if t.col == nil {
		if t.headerErr != nil {
			return nil, t.headerErr
		}
		return nil, refuse("empty_file", params("file", t.file), "%s: empty: a header row is required", t.file)
	}
	return t.out, nil
}

// progress reports how far the reader is, if the caller asked.
func (t *importTable) progress(done, total int64) {
	if t.opts.Progress != nil {
		t.opts.Progress(done, total)
	}
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// mapHeader finds the column of each field in header: the one
// opts.Columns names, else the first with a known header. Without
// geometry from elsewhere, it needs lon and lat, or wkt.
func (t *importTable) mapHeader(header []string) (map[string]int, error) {
	col := map[string]int{}
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normHeader(h)
	}
	for _, field := range Fields {
		if want, ok := t.opts.Columns[field]; ok {
			i := indexOf(norm, normHeader(want))
			if i < 0 {
				return nil, refuse("no_column", params("column", want, "field", field, "header", quoteAll(header)),
					"column %q (for %s): not in the header %s", want, field, quoteAll(header))
			}
			col[field] = i
			continue
		}
		for _, h := range importHeaders[field] {
			i := indexOf(norm, h)
			if i < 0 && t.hasGeom && len(h) > dbfNameLen {
				i = indexOf(norm, h[:dbfNameLen]) // school_kind is school_kin in a .dbf
			}
			if i >= 0 && !taken(col, i) {
				col[field] = i
				break
			}
		}
	}
	if _, ok := col["name"]; !ok {
		for i, h := range norm {
			if categoryHeaders[h] != "" && !taken(col, i) {
				col["name"] = i
				break
			}
		}
	}
	t.out.Ignored = nil
	for i, h := range header {
		if strings.TrimSpace(h) != "" && !taken(col, i) {
			t.out.Ignored = append(t.out.Ignored, h)
		}
	}
	_, lon := col["lon"]
	_, lat := col["lat"]
	_, wkt := col["wkt"]
	if !t.hasGeom && !wkt && !(lon && lat) {
		return nil, refuse("no_coords", params("header", quoteAll(header)),
			"no lon and lat columns (经度, 纬度) and no wkt column in %s; name them with columns such as lon=X,lat=Y", quoteAll(header))
	}
	return col, nil
}

// impliedCategory returns the category the first header naming one
// implies (网吧名称: a list of internet cafes), or "".
func impliedCategory(header []string) string {
	for _, h := range header {
		if c := categoryHeaders[normHeader(h)]; c != "" {
			return c
		}
	}
	return ""
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func taken(col map[string]int, i int) bool {
	for _, j := range col {
		if i == j {
			return true
		}
	}
	return false
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// get returns the trimmed value of field in rec, "" if there is no such
// column or the row is short.
func (t *importTable) get(rec []string, field string) string {
	if i, ok := t.col[field]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// label names field's column for messages: `经度 (lon)`, or `lon`.
func (t *importTable) label(field string) string {
	i, ok := t.col[field]
	if !ok {
		return field
	}
	h := strings.TrimSpace(strings.TrimPrefix(t.header[i], "\ufeff"))
	if normHeader(h) == field {
		return field
	}
	return h + " (" + field + ")"
}

// rowErr returns a RowError for field, whose message names its column and
// quotes its value, and whose code and parameters are r's.
func (t *importTable) rowErr(row int, field, value string, r geo.Reason) *RowError {
	header := ""
	if l := t.label(field); l != field {
		header = strings.TrimSuffix(l, " ("+field+")")
	}
	return &RowError{File: t.file, Row: row, Field: field, Err: geo.InvalidColumn(header, field, value, r)}
}

// leadingField is the field an error of checkGeoJSONFeature names first.
var leadingField = regexp.MustCompile(`^([a-z_]+)[ .\[:]`)

// row reads one data row.
func (t *importTable) row(rec []string, row int, g orb.Geometry) (Row, *RowError) {
	f, rerr := t.attributes(rec, row)
	if rerr != nil {
		return Row{}, rerr
	}
	if g == nil {
		if g, rerr = t.geometry(rec, row); rerr != nil {
			return Row{}, rerr
		}
	}
	f.Geometry = g
	if v := t.get(rec, "opened_on"); v != "" {
		d, err := openedOn(v)
		if err != nil {
			return Row{}, t.rowErr(row, "opened_on", v, geo.Because(strings.TrimPrefix(err.Error(), "opened_on "+strconv.Quote(v)+": ")))
		}
		f.OpenedOn = d
	}
	f.Address = t.get(rec, "address")
	r := Row{Row: row, Licence: t.get(rec, "licence")}
	switch {
	case t.get(rec, "id") != "":
		f.ID = t.get(rec, "id")
	case r.Licence != "" && f.Kind == geo.Business:
		f.ID = "licence/" + r.Licence
	default:
		f.ID = "row/" + strconv.Itoa(row)
	}
	if err := geojson.CheckFeature(&f); err != nil {
		field := "row"
		if m := leadingField.FindStringSubmatch(err.Error()); m != nil {
			field = m[1]
		}
		return Row{}, &RowError{File: t.file, Row: row, Field: field, Err: err}
	}
	conv, err := crs.ToWGS84Geometry(f.Geometry, t.opts.CRS)
	if err != nil {
		return Row{}, &RowError{File: t.file, Row: row, Field: "geometry", Err: err}
	}
	f.Geometry = conv
	if prev, dup := t.seen[f.ID]; dup {
		return Row{}, &RowError{File: t.file, Row: row, Field: "id", Err: geo.Invalid("id", f.ID, geo.UsedOnRow(prev))}
	}
	t.seen[f.ID] = row
	r.Feature = f
	return r, nil
}
