package geo

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strconv"
	"strings"
)

// ErrInvalidInput is wrapped by every error about bad input: a coordinate out
// of range, an unknown category, a malformed data or rule file. Match it with
// errors.Is.
var ErrInvalidInput = errors.New("geo: invalid input")

// ErrNotFound is wrapped by errors about a feature, school or rule pack that
// does not exist.
var ErrNotFound = errors.New("geo: not found")

// Error is the error Invalidf, NotFoundf, Invalid and NotFound return. It
// wraps ErrInvalidInput or ErrNotFound and has, besides its English message,
// a stable Code and the Params that fill it in, for a user interface to say
// the message in its user's language without reading the English: for
// `lat "99": must be between -90 and 90`, Code "between" and Params field
// "lat", value "99", min "-90" and max "90". Code is "" for an error made
// with Invalidf or NotFoundf, whose message is all there is. Find it in a
// chain with errors.As.
type Error struct {
	Code   string
	Params map[string]string
	msg    string
	kind   error
}

// Error returns the English message, with no prefix.
func (e *Error) Error() string { return e.msg }

// Unwrap returns ErrInvalidInput or ErrNotFound.
func (e *Error) Unwrap() error { return e.kind }

// Invalidf returns an error wrapping ErrInvalidInput, for geo and the
// packages under it that read outside input. The message should name the
// field, quote the value and say what is allowed; it carries no prefix and
// no code: prefer Invalid for a message of a shape Reason describes. A
// string quoted with %q over MaxQuoted bytes is quoted as Quote quotes it.
func Invalidf(format string, args ...any) error {
	return &Error{msg: sprintf(format, clipArgs(args)...), kind: ErrInvalidInput}
}

// NotFoundf returns an error wrapping ErrNotFound, with no prefix and no
// code: prefer NotFound for `field "value": not found`. It quotes long
// strings as Invalidf does.
func NotFoundf(format string, args ...any) error {
	return &Error{msg: sprintf(format, clipArgs(args)...), kind: ErrNotFound}
}

// MaxQuoted is the most of a value, in bytes, that a message quotes.
const MaxQuoted = 64

// Quote quotes s as %q does or, if s is over MaxQuoted bytes, its first
// MaxQuoted bytes (not cutting a character) and "…(N bytes)", N being
// len(s): `"xxxx"…(7340032 bytes)`, so that a message names a 7 MB value
// by its start and length, on the command line as in the server's answers.
func Quote(s string) string {
	if len(s) <= MaxQuoted {
		return strconv.Quote(s)
	}
	n := MaxQuoted
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return strconv.Quote(s[:n]) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// clipArgs returns args with each string over MaxQuoted bytes (or value
// of a string type without a String method, such as Kind) made a clipped,
// which %q formats with Quote; args itself is not changed.
func clipArgs(args []any) []any {
	var out []any
	for i, a := range args {
		if _, ok := a.(fmt.Stringer); ok {
			continue
		}
		if v := reflect.ValueOf(a); v.Kind() == reflect.String && v.Len() > MaxQuoted {
			s := v.String()
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = clipped(s)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// clipped is a long string in an error message: Quote for %q, whole for
// any other verb.
type clipped string

// Format implements fmt.Formatter.
func (c clipped) Format(f fmt.State, verb rune) {
	if verb == 'q' && !f.Flag('#') && !f.Flag('+') {
		_, _ = f.Write([]byte(Quote(string(c))))
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), string(c))
}

// Invalid returns an *Error wrapping ErrInvalidInput whose message is
// `field "value": reason`, the value quoted by Quote, and whose
// Code and Params are the reason's, with field and value added.
func Invalid(field, value string, r Reason) error {
	return fieldError(field, value, r, ErrInvalidInput)
}

// InvalidColumn is Invalid for a value read from a table column whose
// header is not the field's own name: the message names both, `经度 (lon)
// "x": ...`, and Params hold the header as column. With header "" or equal
// to field it is Invalid.
func InvalidColumn(header, field, value string, r Reason) error {
	e := fieldError(field, value, r, ErrInvalidInput)
	if header != "" && header != field {
		e.msg = header + " (" + field + ")" + e.msg[len(field):]
		e.Params["column"] = header
	}
	return e
}

// NotFound returns an *Error wrapping ErrNotFound, `field "value": not
// found`, with Code "not_found".
func NotFound(field, value string) error {
	return fieldError(field, value, Reason{Code: "not_found", Text: "not found"}, ErrNotFound)
}

// Missing is NotFound with a reason of its own: an *Error wrapping
// ErrNotFound, `field "value": reason`.
func Missing(field, value string, r Reason) error {
	return fieldError(field, value, r, ErrNotFound)
}

func fieldError(field, value string, r Reason, kind error) *Error {
	p := maps.Clone(r.Params)
	if p == nil {
		p = map[string]string{}
	}
	p["field"], p["value"] = field, value
	return &Error{Code: r.Code, Params: p, msg: field + " " + Quote(value) + ": " + r.Text, kind: kind}
}

// JoinNames lists names for an error message: "a, b, c".
func JoinNames[S ~string](names []S) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

// Clip shortens s to at most n runes for an error message, marking the cut
// with "…".
func Clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Refusef returns an *Error wrapping ErrInvalidInput whose message is the
// one format makes, its %q values cut as Invalidf cuts them, and whose
// Code and Params are code and params: for a message that names no single
// field and value, such as `x.csv: empty: a header row is required`.
func Refusef(code string, params map[string]string, format string, args ...any) error {
	return &Error{Code: code, Params: params, msg: sprintf(format, clipArgs(args)...), kind: ErrInvalidInput}
}
