package imports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/safezone/safezone/geo"
)

// Limits on what a file may hold, enforced while reading it: a file past
// one fails whole, with an error wrapping ErrTooLarge (and
// geo.ErrInvalidInput) that states the limit.
const (
	// MaxRows is the most rows a table (CSV, sheet or Shapefile) may have.
	MaxRows = 1_000_000
	// MaxColumns is the most cells a row may have.
	MaxColumns = 256
	// MaxUnzippedBytes is the most an XLSX workbook or a zipped Shapefile
	// may hold once unzipped, all its parts together, as their headers
	// declare them (archive/zip refuses a part longer than declared).
	MaxUnzippedBytes = 256 << 20
	// MaxZipParts is the most files a workbook or a zipped Shapefile may
	// hold.
	MaxZipParts = 1000
)

// maxDeflateRatio bounds how much larger a zip part may be unzipped than
// compressed: deflate's limit is 1032:1.
const maxDeflateRatio = 1032

// ErrTooLarge is wrapped by the errors about a file past one of the limits.
var ErrTooLarge = errors.New("imports: file too large")

// tooLarge returns an error wrapping both ErrTooLarge and
// geo.ErrInvalidInput, with code and params (see refuse).
func tooLarge(code string, params map[string]string, format string, args ...any) error {
	return limitError{refuse(code, params, format, args...)}
}

type limitError struct{ err error }

func (e limitError) Error() string   { return e.err.Error() }
func (e limitError) Unwrap() []error { return []error{e.err, ErrTooLarge} }

// checkZip refuses an archive whose parts, as declared, unzip to more than
// MaxUnzippedBytes, or that has more than MaxZipParts parts. Declared sizes
// are what a reader allocates for, so a small file declaring a huge part
// is refused before anything is unzipped.
func checkZip(files []*zip.File, name string) error {
	if len(files) > MaxZipParts {
		return tooLarge("zip_parts", params("file", name, "count", strconv.Itoa(len(files)), "max", strconv.Itoa(MaxZipParts)),
			"%s: %d files in the archive: at most %d", name, len(files), MaxZipParts)
	}
	var total uint64
	for _, f := range files {
		// Deflate expands at most 1032 times; a part declaring more is a
		// bomb or a lie, and readers allocate what it declares.
		if f.UncompressedSize64 > maxDeflateRatio*f.CompressedSize64+1024 {
			return tooLarge("zip_ratio", params("file", name, "part", f.Name),
				"%s: %s declares %d bytes from %d compressed: more than deflate can give", name, f.Name, f.UncompressedSize64, f.CompressedSize64)
		}
		total += f.UncompressedSize64
		if f.UncompressedSize64 > MaxUnzippedBytes || total > MaxUnzippedBytes {
			return tooLarge("unzipped_too_large", params("file", name, "max", strconv.Itoa(MaxUnzippedBytes>>20)),
				"%s: unzips to more than %d MiB (%s declares %d bytes): at most %d MiB", name, MaxUnzippedBytes>>20, f.Name, f.UncompressedSize64, MaxUnzippedBytes>>20)
		}
	}
	return nil
}

// checkWorkbookXML reads every XML part of a workbook through a strict XML
// decoder, which excelize's row iterator does not do: it stops at a bad
// token without a word, and the rows after it would be lost. An error in a
// worksheet names the row it is in.
func checkWorkbookXML(zr *zip.Reader, name string) error {
	for _, f := range zr.File {
		ext := strings.ToLower(path.Ext(f.Name))
		if ext != ".xml" && ext != ".rels" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return geo.Invalidf("%s: %s: %v", name, f.Name, err)
		}
		row, err := checkXML(rc)
		rc.Close()
		if err != nil {
			where := f.Name
			if row != "" {
				where += ": after row " + row
			}
			return geo.Invalidf("%s: %s: %v: the workbook is damaged; nothing was read", name, where, err)
		}
	}
	return nil
}

// checkXML reads r to the end as XML, returning the first error and the
// r attribute of the last <row> started before it.
func checkXML(r io.Reader) (lastRow string, err error) {
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return "", nil
		}
		if err != nil {
			return lastRow, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "row" {
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					if _, err := strconv.Atoi(a.Value); err == nil {
						lastRow = a.Value
					}
				}
			}
		}
	}
}

// openWorkbookZip reads a workbook's bytes and checks its archive.
func openWorkbookZip(data []byte, name string) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse("not_xlsx", params("file", name), "%s: not an .xlsx workbook: %v", name, err)
	}
	if err := checkZip(zr.File, name); err != nil {
		return nil, err
	}
	return zr, checkWorkbookXML(zr, name)
}
