package api

import (
	"cmp"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
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
// first, then those in the rules directory by ID. A pack file that does not
// load is left out and logged: it is a fault of the server's files.
func (s *Server) handleRulePacks(c echo.Context) error {
	out := []packSummaryJSON{packSummary(s.cfg.Rules, true)}
	if s.cfg.RulesDir != "" {
		files, _ := filepath.Glob(filepath.Join(s.cfg.RulesDir, "*.yaml")) // the pattern is fixed
		for _, f := range files {
			id := strings.TrimSuffix(filepath.Base(f), ".yaml")
			if id == s.cfg.Rules.ID || !packID.MatchString(id) {
				continue
			}
			p, err := s.rules(id)
			if err != nil {
				s.log.Error("rule pack does not load", "pack", id, "err", err)
				continue
			}
			out = append(out, packSummary(p, false))
		}
	}
	slices.SortStableFunc(out[1:], func(a, b packSummaryJSON) int { return cmp.Compare(a.ID, b.ID) })
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
	from, err := geo.ParseCRS(c.QueryParam("from"))
	if err != nil {
		return err
	}
	to, err := geo.ParseCRS(c.QueryParam("to"))
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
