package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
)

// Places per distance a what-if lists by default, and at most.
const (
	defaultWhatIfPlaces = 500
	maxWhatIfPlaces     = 10000
)

// handleWhatIf answers who a rule for one category would reach at each of
// several distances, from the campus or the gate: the count and the
// places (nearest first, up to limit) within each. A regulator, police or
// admin token adds the registered businesses.
func (s *Server) handleWhatIf(c echo.Context) error {
	q, limit, err := parseWhatIf(c)
	if err != nil {
		return err
	}
	extra, err := s.registeredForStaff(c)
	if err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	res, err := s.data().Index.WhatIf(q, geo.WhatIfOptions{Extra: extra})
	if err != nil {
		return err
	}
	return s.writeJSON(c, http.StatusOK, WhatIfResponse(q, res, limit))
}

// parseWhatIf reads the what-if's query parameters.
func parseWhatIf(c echo.Context) (geo.WhatIf, int, error) {
	q := geo.WhatIf{Category: geo.Category(c.QueryParam("category")), From: geo.MeasureFrom(c.QueryParam("from"))}
	if q.Category == "" {
		return q, 0, geo.Invalid("category", "", geo.Reason{Code: "required", Text: "required, such as internet_cafe"})
	}
	if _, err := geo.ParseCategory(string(q.Category)); err != nil {
		return q, 0, err
	}
	var err error
	if q.Distances, err = geo.ParseDistances(c.QueryParam("distances")); err != nil {
		return q, 0, err
	}
	if v := c.QueryParam("school_kinds"); v != "" {
		for _, k := range strings.Split(v, ",") {
			q.Kinds = append(q.Kinds, geo.SchoolKind(strings.TrimSpace(k)))
		}
	}
	limit := defaultWhatIfPlaces
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxWhatIfPlaces {
			return q, 0, geo.Invalid("limit", v, geo.WholeRange(0, maxWhatIfPlaces))
		}
		limit = n
	}
	return q, limit, q.Validate()
}
