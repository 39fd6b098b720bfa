package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// handleError is the one place errors become HTTP answers: bad input 400,
// missing or bad token 401, wrong role 403, not found 404, a ledger
// transition its state does not allow 409, Echo's own errors
// (413 body too large, 429 rate limit, 405...) keep their code, anything else
// is a 500 whose details go only to the log. The body is always
// {"error": "..."}.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, msg := http.StatusInternalServerError, "internal error"
	var he *echo.HTTPError
	switch {
	case errors.Is(err, geo.ErrInvalidInput):
		code, msg = http.StatusBadRequest, err.Error()
	case errors.Is(err, geo.ErrNotFound):
		code, msg = http.StatusNotFound, err.Error()
	case errors.Is(err, store.ErrUnauthorized):
		code, msg = http.StatusUnauthorized, err.Error()
	case errors.Is(err, errForbidden), errors.Is(err, ledger.ErrForbidden):
		code, msg = http.StatusForbidden, err.Error()
	case errors.Is(err, ledger.ErrConflict):
		code, msg = http.StatusConflict, err.Error()
	case errors.As(err, &he):
		code = he.Code
		if m, ok := he.Message.(string); ok {
			msg = m
		} else {
			msg = http.StatusText(code)
		}
		if code >= 500 {
			s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
			msg = "internal error"
		}
	default:
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if code == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="safezone"`)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(code)
		return
	}
	_ = c.JSON(code, map[string]string{"error": msg})
}

var errForbidden = errors.New("forbidden")
