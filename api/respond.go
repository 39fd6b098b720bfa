package api

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/labstack/echo/v4"
)

// writeJSON is c.JSON for hot routes: the same bytes, encoded into a pooled
// buffer and sent with a Content-Length. c.JSON streams into the response,
// which net/http sends chunked past 2 kB (most checks with a hit), and
// parses the query string for ?pretty on every call; a request with a query
// string still goes to c.JSON, so ?pretty works as before.
func (s *Server) writeJSON(c echo.Context, code int, v any) error {
	if c.Request().URL.RawQuery != "" {
		return c.JSON(code, v)
	}
	buf, _ := s.jsonBufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	defer func() {
		if buf.Cap() <= 64<<10 { // let a rare huge buffer go
			s.jsonBufs.Put(buf)
		}
	}()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	return c.Blob(code, echo.MIMEApplicationJSON, buf.Bytes())
}
