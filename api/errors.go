package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// handleError is the one place errors become HTTP answers: bad input 400,
// missing or bad token 401, wrong role 403, not found 404, a ledger
// transition its state does not allow 409, Echo's own errors
// (413 body too large, 429 rate limit, 405, 501...) keep their code, anything
// else is a 500 whose details go only to the log; a 501 keeps its message,
// which says how to do it instead. A 401 or 403 is logged with the internal
// message. A request stopped at its deadline (or by its client going away)
// is a 503 that says so. The body is always
// {"error": "...", "code": "...", "params": {...}}: the message in English,
// without the package prefixes of the sentinels it wraps ("store:
// unauthorized" reads "unauthorized") and with every quoted value cut to its
// first maxQuoted bytes (clipMessage), and its code and parameters, clipped
// alike, for the map to say in Chinese (errorJSON, newErrorJSON).
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, msg := s.status(err)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		s.log.Warn("request stopped", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	case code >= 500 && code != http.StatusNotImplemented:
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		msg = "internal error"
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		s.log.Info("request refused", "method", c.Request().Method, "path", c.Request().URL.Path, "status", code, "err", clipMessage(err.Error()))
	}
	if code == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="safezone"`)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(code)
		return
	}
	_ = c.JSON(code, newErrorJSON(s.answerSource(err, code, msg), msg))
}

// answerSource returns the error whose code and parameters the answer with
// status code and message msg has (newErrorJSON): err itself for bad input
// and for an error made with its code (withCode), the code of a message
// made here, or nil for one whose message is all there is.
func (s *Server) answerSource(err error, code int, msg string) error {
	var ac *answerCode
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return &answerCode{code: "stopped", params: map[string]string{"limit": s.cfg.Timeout.String()}}
	case errors.Is(err, context.Canceled):
		return &answerCode{code: "cancelled"}
	case msg == "internal error":
		return &answerCode{code: "internal"}
	case code == http.StatusRequestEntityTooLarge && msg == "request body over "+s.bodyLimit:
		return &answerCode{code: "too_large", params: map[string]string{"limit": s.bodyLimit}}
	case errors.As(err, &ac):
		return err
	case code == http.StatusBadRequest || code == http.StatusNotFound || code == http.StatusRequestEntityTooLarge:
		return err
	}
	return nil
}

// status returns the status of err and the message a client reads.
func (s *Server) status(err error) (int, string) {
	var he *echo.HTTPError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, fmt.Sprintf("request stopped at the time limit of %v", s.cfg.Timeout)
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "request cancelled"
	case errors.Is(err, geo.ErrInvalidInput):
		return http.StatusBadRequest, publicMessage(err, geo.ErrInvalidInput, "invalid input")
	case errors.Is(err, geo.ErrNotFound):
		return http.StatusNotFound, publicMessage(err, geo.ErrNotFound, "not found")
	case errors.Is(err, store.ErrUnauthorized):
		return http.StatusUnauthorized, publicMessage(err, store.ErrUnauthorized, "unauthorized")
	case errors.Is(err, errForbidden):
		return http.StatusForbidden, err.Error()
	case errors.Is(err, ledger.ErrForbidden):
		return http.StatusForbidden, publicMessage(err, ledger.ErrForbidden, "forbidden")
	case errors.Is(err, ledger.ErrConflict):
		return http.StatusConflict, publicMessage(err, ledger.ErrConflict, "conflict")
	case errors.As(err, &he):
		msg, ok := he.Message.(string)
		if !ok {
			msg = http.StatusText(he.Code)
		}
		// Echo's BodyLimit and bodyReader.tooLarge say only "Request
		// Entity Too Large"; say what the limit is.
		if he.Code == http.StatusRequestEntityTooLarge && msg == http.StatusText(he.Code) && s.bodyLimit != "" {
			msg = "request body over " + s.bodyLimit
		}
		return he.Code, msg
	}
	return http.StatusInternalServerError, "internal error"
}

var errForbidden = errors.New("forbidden")

// publicMessage is err's message with the sentinel's own message, and
// whatever context was added before it ("authenticate: store:
// unauthorized: unknown token"), replaced by plain ("unauthorized: unknown
// token"): the client is told what was wrong, not which package said so.
func publicMessage(err, sentinel error, plain string) string {
	msg, sent := err.Error(), sentinel.Error()
	if i := strings.LastIndex(msg, sent); i >= 0 {
		return plain + msg[i+len(sent):]
	}
	return msg
}

// Limits on what an error message echoes of the request, in bytes.
const (
	maxQuoted  = geo.MaxQuoted // of each quoted value
	maxMessage = 1024          // of the whole message
)

// clipMessage cuts every double-quoted value in msg (as %q writes them)
// longer than maxQuoted bytes to its first maxQuoted bytes, quoted, and
// "…(N bytes)"; then cuts the message to maxMessage bytes the same way.
// A request cannot have its 7 MB value echoed back. It reads msg once.
func clipMessage(msg string) string {
	out := clipValues(msg, clipQuoted)
	if len(out) > maxMessage {
		out = fmt.Sprintf("%s…(%d bytes)", prefix(out, maxMessage), len(out))
	}
	return out
}

// ClipValues returns msg with every double-quoted value longer than
// maxQuoted bytes cut to its first maxQuoted bytes, quoted, and "…(N
// bytes)", as error answers cut them: the command line prints its errors
// through it, whoever made them.
func ClipValues(msg string) string { return clipValues(msg, clipQuoted) }

// clipValues returns msg with every double-quoted value in it replaced by
// clip(value, quotes included).
func clipValues(msg string, clip func(q string) string) string {
	if len(msg) <= maxQuoted {
		return msg
	}
	var b strings.Builder
	for i := 0; i < len(msg); {
		j := strings.IndexByte(msg[i:], '"')
		if j < 0 {
			b.WriteString(msg[i:])
			break
		}
		b.WriteString(msg[i : i+j])
		i += j
		end := closingQuote(msg, i)
		if end < 0 {
			b.WriteString(msg[i:])
			break
		}
		end += len(clippedMark.FindString(msg[end+1:]))
		b.WriteString(clip(msg[i : end+1]))
		i = end + 1
	}
	return b.String()
}

// clippedMark is what geo.Quote writes after a value it cut.
var clippedMark = regexp.MustCompile(`^…\(\d+ bytes\)`)

// closingQuote returns the index of the quote that closes the one at
// msg[open], skipping backslash escapes, or -1.
func closingQuote(msg string, open int) int {
	for k := open + 1; k < len(msg); k++ {
		switch msg[k] {
		case '\\':
			k++
		case '"':
			return k
		}
	}
	return -1
}

// clipQuoted returns q, a quoted value, or its first maxQuoted bytes quoted
// and "…(N bytes)" if the value is longer.
func clipQuoted(q string) string {
	v, err := strconv.Unquote(q)
	if err != nil || len(v) <= maxQuoted {
		return q
	}
	return fmt.Sprintf("%q…(%d bytes)", prefix(v, maxQuoted), len(v))
}

// clipQuotedParam is clipQuoted for the parameters of an error answer: the
// first maxQuoted bytes and "…", inside the quotes, so that the parameter
// read from it is cut as the message is, with no English byte count.
func clipQuotedParam(q string) string {
	if m := clippedMark.FindStringIndex(q[strings.LastIndexByte(q, '"')+1:]); m != nil {
		// Cut where the message was made (geo.Quote): the value is the
		// part in quotes, and it was cut.
		v, err := strconv.Unquote(q[:strings.LastIndexByte(q, '"')+1])
		if err == nil {
			return strconv.Quote(prefix(v, maxQuoted) + "…")
		}
		return q
	}
	v, err := strconv.Unquote(q)
	if err != nil || len(v) <= maxQuoted {
		return q
	}
	return strconv.Quote(prefix(v, maxQuoted) + "…")
}

// prefix returns the longest prefix of s of at most n bytes that does not
// cut a UTF-8 sequence.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
