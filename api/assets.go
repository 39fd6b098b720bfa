package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
)

// registerAssets serves the map UI. fs.FS refuses paths with "..", so
// nothing outside the assets can be read. index.html is never cached; the
// other files for five minutes.
//
// The cache middleware is the route's own, not a group's: Echo's
// Group.Use registers a not-found route for the group's bare prefix, which
// took "/" from the catch-all and answered 404 instead of index.html.
func (s *Server) registerAssets() {
	cache := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p := c.Request().URL.Path
			if p == "/" || p == "/index.html" {
				c.Response().Header().Set("Cache-Control", "no-cache")
			} else {
				c.Response().Header().Set("Cache-Control", "public, max-age=300")
			}
			return next(c)
		}
	}
	s.echo.GET("/*", echo.StaticDirectoryHandler(s.cfg.Assets, !s.echo.EnablePathUnescapingStaticFiles), cache)
}

func (s *Server) handleLog(c echo.Context) error {
	var after uint64
	limit := 100
	if v := c.QueryParam("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return badRequest("after %q: must be a log sequence number", v)
		}
		after = n
	}
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return geo.Invalid("limit", v, geo.WholeRange(1, 1000))
		}
		limit = n
	}
	entries, err := s.cfg.Store.LogEntries(c.Request().Context(), after, limit)
	if err != nil {
		return err
	}
	type entry struct {
		Seq    uint64 `json:"seq"`
		Time   string `json:"time"`
		Actor  string `json:"actor"`
		Action string `json:"action"`
		Target string `json:"target"`
		Detail string `json:"detail"`
	}
	out := make([]entry, 0, len(entries))
	for _, e := range entries {
		out = append(out, entry{Seq: e.Seq, Time: e.Time.UTC().Format("2006-01-02T15:04:05.000Z"), Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail})
	}
	return c.JSON(http.StatusOK, out)
}
