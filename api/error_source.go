package api

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/imports"
)

// newErrorJSON is the body of an error answer with message text, for err
// (nil for an answer whose message is not err's own): the message cut by
// clipMessage, and its code and parameters. They are read from err where
// it was made (errorCode); only a message whose error carries no code has
// them read from its English text by the catalogue (describe). Every
// parameter is printable: a value with a control character or invalid
// UTF-8 is given escaped, as the message quotes it. The values a message
// quotes are cut to maxQuoted bytes and "…", every parameter to maxMessage.
func newErrorJSON(err error, text string) errorJSON {
	code, p, ok := errorCode(err)
	if !ok {
		code, p = describe(clipValues(text, clipQuotedParam))
	}
	for k, v := range p {
		if ok && quotedParams[k] && len(v) > maxQuoted {
			v = prefix(v, maxQuoted) + "…"
		}
		if ok {
			v = printable(v)
		}
		if len(v) > maxMessage {
			v = prefix(v, maxMessage) + "…"
		}
		p[k] = v
	}
	if len(p) == 0 {
		p = nil
	}
	return errorJSON{Error: clipMessage(text), Code: code, Params: p}
}

// quotedParams are the parameters whose values a message quotes: the
// request's own values, cut as the message cuts them.
var quotedParams = map[string]bool{"value": true, "item": true}

// errorCode returns the code and parameters err carries: those of the
// first *geo.Error in its chain that has a code, or else, for a bad row of
// an upload, those the catalogue reads from the row's own reason; with
// the file and row of the *imports.RowError and the count of other bad
// rows of the moreBadRows in the chain. It returns false if err carries none.
func errorCode(err error) (string, map[string]string, bool) {
	if err == nil {
		return "", nil, false
	}
	var (
		ge   *geo.Error
		ac   *answerCode
		row  *imports.RowError
		more *moreBadRows
		code string
		p    map[string]string
	)
	switch {
	case errors.As(err, &ge) && ge.Code != "":
		code, p = ge.Code, maps.Clone(ge.Params)
	case errors.As(err, &ac):
		code, p = ac.code, maps.Clone(ac.params)
	case errors.As(err, &row) && row.Err != nil:
		code, p = describe(clipValues(row.Err.Error(), clipQuotedParam))
	default:
		return "", nil, false
	}
	if p == nil {
		p = map[string]string{}
	}
	if errors.As(err, &row) {
		p["file"], p["row"] = row.File, strconv.Itoa(row.Row)
	}
	if errors.As(err, &more) && more.more > 0 {
		p["more"] = strconv.Itoa(more.more)
	}
	return code, p, true
}

// answerCode is the code and parameters of an answer that is not about
// bad input, such as a 413, carried as the Internal error of its
// *echo.HTTPError (withCode).
type answerCode struct {
	code   string
	params map[string]string
	err    error // the error with the message, if any
}

func (a *answerCode) Error() string {
	if a.err != nil {
		return a.err.Error()
	}
	return a.code
}

// Unwrap returns the error with the message.
func (a *answerCode) Unwrap() error { return a.err }

// coded returns err with code and params as its answer's.
func coded(err error, code string, params map[string]string) error {
	return &answerCode{code: code, params: params, err: err}
}

// withCode returns he with code and params as its answer's.
func withCode(he *echo.HTTPError, code string, params map[string]string) *echo.HTTPError {
	return he.SetInternal(&answerCode{code: code, params: params})
}

// printable returns v, or, if v is not valid UTF-8 or holds a character
// that is not printable (a control character, a bidi override), v escaped
// as %q escapes it, without the quotes, so that a parameter puts no raw
// control character on a user's screen.
func printable(v string) string {
	if utf8.ValidString(v) && strings.IndexFunc(v, func(r rune) bool { return !strconv.IsPrint(r) }) < 0 {
		return v
	}
	q := strconv.Quote(v)
	return q[1 : len(q)-1]
}

// moreBadRows is the first bad row of an upload refused whole, and how many
// more there were: "file:row: reason (and 2 more bad rows)".
type moreBadRows struct {
	first error
	more  int
}

func (e *moreBadRows) Error() string {
	if e.more == 0 {
		return e.first.Error()
	}
	return fmt.Sprintf("%v (and %d more bad rows)", e.first, e.more)
}

// Unwrap returns the first bad row's error and ErrInvalidInput: the
// upload is bad input whatever its row's error wraps.
func (e *moreBadRows) Unwrap() []error { return []error{e.first, geo.ErrInvalidInput} }
