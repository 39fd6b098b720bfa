package geo

import (
	"errors"
	"strings"
)

// ErrInvalidInput is wrapped by every error about bad input: a coordinate out
// of range, an unknown category, a malformed data or rule file. Match it with
// errors.Is.
var ErrInvalidInput = errors.New("geo: invalid input")

// ErrNotFound is wrapped by errors about a feature, school or rule pack that
// does not exist.
var ErrNotFound = errors.New("geo: not found")

// Invalidf returns an error wrapping ErrInvalidInput, for geo and the
// packages under it that read outside input. The message should name the
// field, quote the value and say what is allowed; it carries no prefix.
func Invalidf(format string, args ...any) error {
	return &inputError{msg: sprintf(format, args...), kind: ErrInvalidInput}
}

// NotFoundf returns an error wrapping ErrNotFound, with no prefix.
func NotFoundf(format string, args ...any) error {
	return &inputError{msg: sprintf(format, args...), kind: ErrNotFound}
}

type inputError struct {
	msg  string
	kind error
}

func (e *inputError) Error() string { return e.msg }
func (e *inputError) Unwrap() error { return e.kind }

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
