package imports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
)

// ReadCSV reads a table of features from r, named name in errors: a header
// row, then one feature per row. The encoding is opts.Encoding, or detected
// (UTF-8 with or without a byte order mark, UTF-16 with one, else GB18030,
// which covers GBK); the separator is a comma, or a tab if the first line
// has more tabs than commas. Up to 10 rows above the header (titles) are
// skipped, and so are blank rows.
//
// Columns are found by their headers, English or Chinese (名称, 类别, 经度,
// 纬度, 许可证号, 地址 ...; see Fields), or as opts.Columns names them.
// A row's geometry is its WKT (POINT, LINESTRING, POLYGON or MULTI...), or
// else its lon and lat, in opts.CRS; it is converted to WGS84. Its kind is
// its kind column, else opts.Kind, else Business. Its ID is its id column,
// else "licence/NUMBER" for a business with a licence number, else "row/N"
// with N its line.
//
// Each bad row is returned in Import.Bad, naming the line, column and value;
// the error is for the file as a whole (no header, bad encoding, an error
// from r). Line numbers count from 1 and are those of the file, header
// included. The whole file is read into memory.
func ReadCSV(r io.Reader, name string, opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	enc, _ := ParseEncoding(opts.Encoding)
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data, _, err := decodeText(raw, name, enc)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.Comma = sniffSeparator(data)
	t := newTable(name, opts, false)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			t.progress(int64(len(data)), int64(len(data)))
			return t.finish()
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The row is unreadable (a stray quote): report it, read on.
			if t.col == nil {
				return nil, refuse("csv_header", params("file", name, "row", strconv.Itoa(pe.StartLine), "detail", pe.Err.Error()),
					"%s:%d: header: %v", name, pe.StartLine, pe.Err)
			}
			t.out.Bad = append(t.out.Bad, &RowError{File: name, Row: pe.StartLine, Field: "row",
				Err: refuse("csv_syntax", params("column", strconv.Itoa(pe.Column), "detail", pe.Err.Error()), "column %d: %v", pe.Column, pe.Err)})
			continue
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if err := t.add(rec, line, nil); err != nil {
			return nil, err
		}
		if line%1000 == 0 {
			t.progress(cr.InputOffset(), int64(len(data)))
		}
	}
}

// sniffSeparator returns a tab if the first line has more tabs than commas,
// else a comma.
func sniffSeparator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte{'\n'})
	if bytes.Count(first, []byte{'\t'}) > bytes.Count(first, []byte{','}) {
		return '\t'
	}
	return ','
}
