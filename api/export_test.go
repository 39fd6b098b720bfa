package api

import "github.com/labstack/echo/v4"

// EchoOf returns the server's Echo, so that tests can list its routes and
// add routes of their own.
func EchoOf(s *Server) *echo.Echo { return s.echo }

// ErrorCodes lists every code an error answer can have.
var ErrorCodes = errorCodes

// Describe is describe: the code and parameters of an error message.
var Describe = describe

// LedgerLabels returns the ledger's names of school kinds by language,
// keyed as the map's dictionary keys them (those of categories and water
// kinds are the catalogue's, as the map's are).
func LedgerLabels() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range ledgerLangs {
		m := map[string]string{}
		for k, s := range schoolKindNames[lang] {
			m["kind."+string(k)] = s
		}
		out[lang] = m
	}
	return out
}

// ErrorAnswer returns the code and parameters of the error answer for err
// with message text (err nil: read from the text alone).
func ErrorAnswer(err error, text string) (string, map[string]string) {
	b := newErrorJSON(err, text)
	return b.Code, b.Params
}

// CatalogueEntries returns the pattern of every entry of the catalogue, in
// order.
func CatalogueEntries() []string {
	var out []string
	for _, list := range [][]message{wholeMessages, reasons} {
		for _, e := range list {
			out = append(out, e.re.String())
		}
	}
	return out
}

// CatalogueEntry returns the pattern of the catalogue's entry that reads
// text, "" if none does.
func CatalogueEntry(text string) string {
	if _, _, e := describeBy(text); e != nil {
		return e.re.String()
	}
	return ""
}
