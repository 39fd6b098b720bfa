package api

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

type auditRequest struct {
	BBox   string `json:"bbox"`
	Rules  string `json:"rules"`
	Format string `json:"format"`
}

// handleAudit audits every feature (registered businesses included), or
// those in a bbox, and answers in the requested format: json (default), csv
// (UTF-8 with a BOM, for Excel), xlsx or geojson. The audit is logged.
func (s *Server) handleAudit(c echo.Context) error {
	var req auditRequest
	if c.Request().ContentLength != 0 {
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
	}
	if v := c.QueryParam("format"); v != "" {
		req.Format = v
	}
	var b orb.Bound
	if req.BBox != "" {
		var err error
		if b, err = geo.ParseBound(req.BBox); err != nil {
			return err
		}
	}
	pack, err := s.rules(req.Rules)
	if err != nil {
		return err
	}
	write, ctype, ext, err := auditExport(req.Format)
	if err != nil {
		return err
	}
	extra, err := s.registered(c.Request().Context())
	if err != nil {
		return err
	}
	hits := s.cfg.Index.Audit(pack, geo.AuditOptions{Bound: b, Extra: extra})
	if s.cfg.Store != nil {
		detail := fmt.Sprintf("rules=%s bbox=%s format=%s hits=%d", pack.ID, req.BBox, ext, len(hits))
		if err := s.cfg.Store.Log(c.Request().Context(), actor(c), "audit", "", detail); err != nil {
			return err
		}
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, ctype)
	if ext != "json" {
		h.Set(echo.HeaderContentDisposition, `attachment; filename="safezone-audit.`+ext+`"`)
	}
	c.Response().WriteHeader(http.StatusOK)
	return write(c.Response(), hits)
}
