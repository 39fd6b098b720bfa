package api

import (
	"bufio"
	"io"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
	"github.com/safezone/safezone/geo/imports"
)

// xlsxType is the media type of an .xlsx workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// readLicenceUpload reads an uploaded licence list: CSV (UTF-8 with or
// without a byte order mark, or GB18030/GBK, detected unless the encoding
// parameter says) or, with the XLSX content type or a zip file's signature
// whatever the type, a workbook (the sheet parameter, else the first).
// Columns are found as imports.ReadCSV finds them, Chinese headers and
// category names included; coordinates are in the crs
// parameter (default WGS84) and converted to WGS84. The whole list is
// refused if a row is bad, naming its row, column and value and counting
// the other bad rows, so nothing is half-audited. Messages name the file
// by the name parameter, else by file (a form part's file name), either
// checked by checkFileName, else licences.csv or licences.xlsx. ctype is
// the list's content type.
func readLicenceUpload(c echo.Context, body io.Reader, ctype, file string) ([]geo.Feature, error) {
	system, err := crs.Parse(c.QueryParam("crs"))
	if err != nil {
		return nil, err
	}
	opts := imports.Options{Kind: geo.Business, CRS: system, Encoding: c.QueryParam("encoding"), Sheet: c.QueryParam("sheet")}
	br := bufio.NewReader(body)
	read, name := imports.ReadCSV, "licences.csv"
	// A browser sends a workbook it knows no type for as text/csv or
	// application/octet-stream; an .xlsx is a zip file, and no CSV starts
	// with a zip's local file header.
	if sig, _ := br.Peek(4); strings.HasPrefix(ctype, xlsxType) || string(sig) == "PK\x03\x04" {
		read, name = imports.ReadXLSX, "licences.xlsx"
	}
	// The list is not stored, but its name is in the messages about it,
	// so it is held to what a stored upload's name may be.
	field, n := "name", c.QueryParam("name")
	if n == "" {
		field, n = "file", file
	}
	if n != "" {
		if err := checkFileName(field, n); err != nil {
			return nil, err
		}
		name = n
	}
	im, err := read(br, name, opts)
	if err != nil {
		return nil, err
	}
	if len(im.Bad) > 0 {
		return nil, &moreBadRows{first: im.Bad[0], more: len(im.Bad) - 1}
	}
	features := make([]geo.Feature, 0, len(im.Rows))
	for _, r := range im.Rows {
		if r.Feature.Kind != geo.Business {
			return nil, &imports.RowError{File: name, Row: r.Row, Field: "kind", Err: geo.Invalid("kind", string(r.Feature.Kind),
				geo.Reason{Code: "licence_kind", Text: "a licence list holds businesses only"})}
		}
		features = append(features, r.Feature)
	}
	return features, nil
}
