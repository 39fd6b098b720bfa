package api

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

// handleListHazards answers the hazards the query selects: a page of JSON
// by ID (next is the after of the next page), or every one of them as CSV
// or XLSX (format=csv|xlsx) with Chinese headers and values, in the
// ledger's column order.
func (s *Server) handleListHazards(c echo.Context) error {
	f, err := s.hazardFilter(c)
	if err != nil {
		return err
	}
	format := c.QueryParam("format")
	if v := c.QueryParam("sheets"); v != "" && (v != "school" || format != "xlsx") {
		return badRequest("sheets %q: only school, with format xlsx (one sheet per school, to print)", v)
	}
	switch format {
	case "", "json":
		return s.sendHazardPage(c, f)
	case "csv", "xlsx":
		return s.sendHazardExport(c, f, format)
	}
	return badRequest("format %q: must be json, csv or xlsx", format)
}

func (s *Server) sendHazardPage(c echo.Context, f store.HazardFilter) error {
	page, err := s.cfg.Store.Hazards(c.Request().Context(), f)
	if err != nil {
		return err
	}
	now, by := s.now(), ledgerActor(c)
	out := ledgerPageJSON{Hazards: make([]ledgerHazardJSON, 0, len(page.Hazards))}
	for i := range page.Hazards {
		out.Hazards = append(out.Hazards, s.newHazardJSON(&page.Hazards[i], now, by))
	}
	if page.Next != 0 {
		out.Next = &page.Next
	}
	return c.JSON(http.StatusOK, out)
}

// sendHazardExport writes every hazard f selects as a file, and logs the
// export.
func (s *Server) sendHazardExport(c echo.Context, f store.HazardFilter, format string) error {
	ctx := c.Request().Context()
	if err := s.cfg.Store.Log(ctx, actor(c), "ledger.export", "", "format="+format+" "+c.QueryString()); err != nil {
		return err
	}
	w := NewLedgerExport(s.cfg.Ledger, s.now())
	h := c.Response().Header()
	ctype := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	h.Set(echo.HeaderContentType, ctype)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="safezone-ledger.`+format+`"`)
	if format == "csv" {
		c.Response().WriteHeader(http.StatusOK)
		return w.CSV(c.Response(), func(fn func(*ledger.Hazard) error) error { return s.cfg.Store.EachHazard(ctx, f, fn) })
	}
	// An XLSX is built whole before it is written: an error on the way is
	// still a clean error answer.
	var buf bytes.Buffer
	write := w.XLSX
	if c.QueryParam("sheets") == "school" {
		write = w.XLSXBySchool
	}
	if err := write(&buf, func(fn func(*ledger.Hazard) error) error { return s.cfg.Store.EachHazard(ctx, f, fn) }); err != nil {
		return err
	}
	return c.Blob(http.StatusOK, ctype, buf.Bytes())
}

// splitComma splits a comma-separated query value, trimming spaces.
func splitComma(s string) []string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}
