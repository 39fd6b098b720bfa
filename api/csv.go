package api

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVWriter is a csv.Writer for files that people open in a spreadsheet:
// every cell goes through CSVCell, so that a business named
// "=HYPERLINK(...)" is shown as text instead of being run as a formula.
// Flush and Error are csv.Writer's.
type CSVWriter struct {
	*csv.Writer
	rec []string
}

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{Writer: csv.NewWriter(w)} }

// Write writes one record, each cell through CSVCell.
func (w *CSVWriter) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, cell := range record {
		w.rec = append(w.rec, CSVCell(cell))
	}
	return w.Writer.Write(w.rec)
}

// CSVCell neutralises a cell that a spreadsheet would read as a formula,
// as OWASP's "CSV Injection" page recommends: a cell that starts with =,
// +, -, @, a tab or a carriage return (or the full-width ＝, ＋, －, ＠,
// which Chinese input methods type) gets a single quote in front, which
// spreadsheets show as text. Numbers such as "-12.5" are left as they are:
// they cannot call anything. csv.Writer then quotes the cell as needed.
func CSVCell(s string) string {
	if s == "" || !formulaStart(s) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// formulaStart reports whether s starts with a character that makes a
// spreadsheet cell a formula.
func formulaStart(s string) bool {
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
