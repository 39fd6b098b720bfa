package ledger

import (
	"errors"
	"fmt"

	"github.com/safezone/safezone/geo"
)

// ErrConflict is wrapped by the errors about a transition the hazard's
// state does not allow, or about a hazard that changed since the version
// the caller read. The API answers 409. Match it with errors.Is.
var ErrConflict = errors.New("ledger: conflict")

// ErrForbidden is wrapped by the errors about an actor whose role may not
// make a transition, or who acts on another school's hazard. The API
// answers 403.
var ErrForbidden = errors.New("ledger: forbidden")

// kindError keeps the sentinel out of the message, so API clients read
// `deadline "2020-01-01": must be ...` and not a "ledger:" prefix.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// invalidf returns an error wrapping geo.ErrInvalidInput. The message names
// the field, quotes the value and says what is allowed.
func invalidf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: geo.ErrInvalidInput}
}

func conflictf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: ErrConflict}
}

func forbiddenf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: ErrForbidden}
}

// NotFoundf returns an error wrapping geo.ErrNotFound, for the stores'
// "hazard 12: not found".
func NotFoundf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: geo.ErrNotFound}
}
