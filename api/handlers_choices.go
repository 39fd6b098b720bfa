package api

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/crs"
)

// What the map lets its user choose: the rule pack a check is judged by,
// and the coordinate system typed points are in.

type packSummaryJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Default is true for the deployment's default pack (serve --rules).
	Default bool `json:"default"`
	// Documents are the titles of the documents the pack's rules cite: the
	// pack's own, or each rule's when the pack has none.
	Documents []string `json:"documents"`
	Rules     int      `json:"rules"`
}

// handleRulePacks lists the rule packs a request may name: the default
// first (the one serving now), then those uploaded to the store and those
// in the rules directory, by ID. A pack that does not load is left out and
// logged: it is a fault of the server's files.
func (s *Server) handleRulePacks(c echo.Context) error {
	ctx := c.Request().Context()
	d := s.data()
	ids := s.dirPacks()
	if s.cfg.Store != nil {
		ups, err := s.cfg.Store.RulePacks(ctx)
		if err != nil {
			return err
		}
		for _, u := range ups {
			ids = append(ids, u.ID)
		}
	}
	slices.Sort(ids)
	out := []packSummaryJSON{packSummary(d.Rules, true)}
	for _, id := range slices.Compact(ids) {
		if id == d.Rules.ID {
			continue
		}
		p, err := d.rules(ctx, id)
		if err != nil {
			s.log.Error("rule pack does not load", "pack", id, "err", err)
			continue
		}
		out = append(out, packSummary(p, false))
	}
	return c.JSON(http.StatusOK, out)
}

func packSummary(p *geo.RulePack, def bool) packSummaryJSON {
	out := packSummaryJSON{ID: p.ID, Title: p.Title, Default: def, Rules: len(p.Rules), Documents: []string{}}
	if p.Document.Document != "" {
		out.Documents = append(out.Documents, p.Document.Document)
		return out
	}
	for _, r := range p.Rules {
		if d := r.Citation.Document; d != "" && !slices.Contains(out.Documents, d) {
			out.Documents = append(out.Documents, d)
		}
	}
	return out
}

// handleConvert converts a point from one coordinate system to another:
//
//	GET /api/v1/crs/convert?lat=30.67&lon=104.09&from=wgs84&to=gcj02
//
// answers {"crs": "gcj02", "lat": ..., "lon": ...}. The map fills its
// coordinate boxes, which are in the user's system, from a click on the
// map, which is in WGS84.
func (s *Server) handleConvert(c echo.Context) error {
	p, err := geo.ParsePoint(c.QueryParam("lat"), c.QueryParam("lon"))
	if err != nil {
		return err
	}
	from, err := crs.Parse(c.QueryParam("from"))
	if err != nil {
		return err
	}
	to, err := crs.Parse(c.QueryParam("to"))
	if err != nil {
		return err
	}
	w, err := from.ToWGS84(p)
	if err != nil {
		return err
	}
	q, err := to.FromWGS84(w)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"crs": string(to), "lat": roundDeg(q.Lat), "lon": roundDeg(q.Lon)})
}
