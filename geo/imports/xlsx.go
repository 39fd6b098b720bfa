package imports

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/safezone/safezone/geo"
)

// ReadXLSX reads a table of features from an Excel workbook (.xlsx or
// .xlsm) in r, named name in errors: the sheet opts.Sheet, or the first
// sheet. Rows are read as ReadCSV reads them, with the same columns and
// rules; row numbers are the sheet's. Cells are read as stored, not as
// formatted, so a longitude shown rounded to 104.1 is read as 104.0573.
// Each bad row is returned in Import.Bad; the error is for the file as a
// whole (not a workbook, no such sheet, no header, damaged XML, or past a
// limit: MaxUnzippedBytes, MaxZipParts, MaxRows, MaxColumns).
func ReadXLSX(r io.Reader, name string, opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxUnzippedBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxUnzippedBytes {
		return nil, tooLarge("file_too_large", params("file", name, "max", strconv.Itoa(MaxUnzippedBytes>>20)), "%s: larger than %d MiB", name, MaxUnzippedBytes>>20)
	}
	if _, err := openWorkbookZip(data, name); err != nil {
		return nil, err
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUnzippedBytes, UnzipXMLSizeLimit: MaxUnzippedBytes})
	if err != nil {
		return nil, refuse("not_xlsx", params("file", name), "%s: not an .xlsx workbook: %v", name, err)
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	sheet := opts.Sheet
	switch {
	case len(sheets) == 0:
		return nil, refuse("no_sheet", params("file", name), "%s: the workbook has no sheet", name)
	case sheet == "":
		sheet = sheets[0]
	case !slices.Contains(sheets, sheet):
		return nil, refuse("sheet_missing", params("file", name, "sheet", sheet, "sheets", quoteAll(sheets)),
			"%s: sheet %q: not in the workbook; it has %s", name, sheet, quoteAll(sheets))
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, geo.Invalidf("%s: sheet %q: %v", name, sheet, err)
	}
	defer rows.Close()
	file := fmt.Sprintf("%s[%s]", name, sheet)
	t := newTable(file, opts, false)
	for n := 1; rows.Next(); n++ {
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, geo.Invalidf("%s:%d: %v", file, n, err)
		}
		if err := t.add(rec, n, nil); err != nil {
			return nil, err
		}
		if n%1000 == 0 {
			t.progress(int64(n), 0)
		}
	}
	if err := rows.Error(); err != nil {
		return nil, geo.Invalidf("%s: %v", file, err)
	}
	imp, err := t.finish()
	if err == nil {
		t.progress(int64(len(imp.Rows)+len(imp.Bad)), int64(len(imp.Rows)+len(imp.Bad)))
	}
	return imp, err
}
