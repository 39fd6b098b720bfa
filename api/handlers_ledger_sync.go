package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
	"github.com/safezone/safezone/geo/ledger"
	"github.com/safezone/safezone/store"
)

type syncRequest struct {
	BBox     string          `json:"bbox"`
	District json.RawMessage `json:"district"`
	Rules    string          `json:"rules"`
}

// handleLedgerSync audits the data and the registered businesses, whole or
// in a bbox and/or a district, as POST /api/v1/audit does, and reconciles
// the ledger with the hits (store.Ledger.SyncHazards). Hazards outside the
// bbox or district are left alone. The sync is logged.
func (s *Server) handleLedgerSync(c echo.Context) error {
	var req syncRequest
	if c.Request().ContentLength != 0 {
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
	}
	var b orb.Bound
	var district orb.Geometry
	var err error
	if req.BBox != "" {
		if b, err = geo.ParseBound(req.BBox); err != nil {
			return err
		}
	}
	if len(req.District) > 0 && string(req.District) != "null" {
		if district, err = geojson.ParseArea("district", req.District); err != nil {
			return err
		}
	}
	d := s.data()
	pack, err := d.rules(c.Request().Context(), req.Rules)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	extra, err := s.registered(ctx)
	if err != nil {
		return err
	}
	hits := d.Index.Audit(pack, geo.AuditOptions{Bound: b, Area: district, Extra: extra})
	fs := make([]ledger.Finding, len(hits))
	for i, h := range hits {
		fs[i] = ledger.NewFinding(pack.ID, h)
	}
	res, err := s.cfg.Store.SyncHazards(ctx, s.cfg.Ledger, ledgerActor(c), pack.ID, fs, syncScope(b, district), s.now())
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("rules=%s bbox=%s new=%d unchanged=%d vanished=%d reopened=%d total=%d",
		pack.ID, req.BBox, res.New, res.Unchanged, res.Vanished, res.Reopened, res.Total)
	if err := s.cfg.Store.Log(ctx, actor(c), "ledger.sync", "", detail); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newSyncJSON(pack.ID, res))
}

// syncScope is the test of the hazards a sync of bound and district may
// mark vanished: those whose point is in both (nil: every hazard).
func syncScope(b orb.Bound, district orb.Geometry) func(*ledger.Hazard) bool {
	if b.IsZero() && district == nil {
		return nil
	}
	return func(h *ledger.Hazard) bool {
		p := orb.Point{h.Point.Lon, h.Point.Lat}
		return (b.IsZero() || b.Contains(p)) && (district == nil || geo.GeometryDistanceMeters(district, p) == 0)
	}
}

type summaryJSON struct {
	Total        int64                       `json:"total"`
	Open         int64                       `json:"open"`
	ByState      []labelledCount             `json:"by_state"`
	ByGrade      []labelledCount             `json:"by_grade"`
	ByStateGrade map[string]map[string]int64 `json:"by_state_grade"`
	BySource     []labelledCount             `json:"by_source"`
	ByUnit       []groupJSON                 `json:"by_unit"`
	BySchool     []groupJSON                 `json:"by_school"`
	Schools      int                         `json:"schools"`
	Vanished     int64                       `json:"vanished"`
	Overdue      int64                       `json:"overdue"`
	Escalation   []labelledCount             `json:"escalation"`
	MedianDays   *float64                    `json:"median_days_to_close"`
	Clocks       []clockCountJSON            `json:"clocks"`
	AsOf         string                      `json:"as_of"`
}

type labelledCount struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int64  `json:"count"`
}

type groupJSON struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Total int64  `json:"total"`
	Open  int64  `json:"open"`
}

type clockCountJSON struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Minutes int    `json:"minutes"`
	Met     int64  `json:"met"`
	Missed  int64  `json:"missed"`
}

// handleLedgerSummary answers counts by state, grade, unit and school,
// overdue hazards by escalation level, the median days to close and the
// reporting clocks met and missed: of the whole ledger, of one school
// (school=, and always for a school token), or of a place (bbox=, and/or
// district=, a GeoJSON polygon). top bounds the schools listed
// (default 20, at most 1000).
func (s *Server) handleLedgerSummary(c echo.Context) error {
	school := c.QueryParam("school")
	if by := ledgerActor(c); by.Role == ledger.RoleSchool {
		if school != "" && school != by.SchoolID {
			return fmt.Errorf("%w: school %q: this token may only read the summary of school %q", errForbidden, school, by.SchoolID)
		}
		school = by.SchoolID
	}
	top := 20
	if v := c.QueryParam("top"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			return geo.Invalid("top", v, geo.WholeRange(0, 1000))
		}
		top = n
	}
	now := s.now()
	var sum ledger.Summary
	var names map[string]string
	var err error
	if c.QueryParam("bbox") != "" || c.QueryParam("district") != "" {
		sum, names, err = s.placeSummary(c, now, top)
	} else {
		sum, names, err = s.cfg.Store.HazardSummary(c.Request().Context(), s.cfg.Ledger, school, now, top)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.newSummaryJSON(sum, names, now))
}

// placeSummary is the summary of the hazards in a bbox and/or district
// (and the school's, for a school token), counted from the hazards
// themselves.
func (s *Server) placeSummary(c echo.Context, now time.Time, top int) (ledger.Summary, map[string]string, error) {
	q := c.QueryParams()
	f := store.HazardFilter{SchoolID: q.Get("school"), Now: now}
	if by := ledgerActor(c); by.Role == ledger.RoleSchool {
		f.SchoolID = by.SchoolID
	}
	only := url.Values{"bbox": q["bbox"], "district": q["district"]}
	if err := parseFilterFlags(only, &f); err != nil {
		return ledger.Summary{}, nil, err
	}
	counts, names := map[string]int64{}, map[string]string{}
	err := s.cfg.Store.EachHazard(c.Request().Context(), f, func(h *ledger.Hazard) error {
		ledger.AddDelta(counts, nil, h)
		names[h.SchoolID] = h.SchoolName
		return nil
	})
	return s.cfg.Ledger.Summarize(counts, now, top), names, err
}

func (s *Server) newSummaryJSON(sum ledger.Summary, names map[string]string, now time.Time) summaryJSON {
	j := summaryJSON{Total: sum.Total, Open: sum.Open, Schools: sum.Schools, Vanished: sum.Vanished, Overdue: sum.Overdue,
		ByStateGrade: map[string]map[string]int64{}, ByUnit: []groupJSON{}, BySchool: []groupJSON{}, Clocks: []clockCountJSON{}, AsOf: rfc3339(now)}
	for _, st := range ledger.States {
		j.ByState = append(j.ByState, labelledCount{string(st), st.Label(), sum.ByState[st]})
		j.ByStateGrade[string(st)] = map[string]int64{}
		for _, g := range ledger.Grades {
			j.ByStateGrade[string(st)][string(g)] = sum.ByStateGrade[st][g]
		}
	}
	for _, g := range ledger.Grades {
		j.ByGrade = append(j.ByGrade, labelledCount{string(g), g.Label(), sum.ByGrade[g]})
	}
	for _, k := range []ledger.SourceKind{ledger.FromAudit, ledger.FromManual} {
		j.BySource = append(j.BySource, labelledCount{string(k), k.Label(), sum.BySource[k]})
	}
	for _, g := range sum.ByUnit {
		j.ByUnit = append(j.ByUnit, groupJSON{Key: g.Key, Name: g.Key, Total: g.Total, Open: g.Open})
	}
	for _, g := range sum.BySchool {
		j.BySchool = append(j.BySchool, groupJSON{Key: g.Key, Name: names[g.Key], Total: g.Total, Open: g.Open})
	}
	for i, n := range sum.Escalation {
		j.Escalation = append(j.Escalation, labelledCount{strconv.Itoa(i + 1), s.cfg.Ledger.Escalation.Levels.Value[i], n})
	}
	if sum.MedianDaysToClose >= 0 {
		j.MedianDays = &sum.MedianDaysToClose
	}
	for _, cc := range sum.Clocks {
		j.Clocks = append(j.Clocks, clockCountJSON{cc.Clock.ID, cc.Clock.Label, cc.Clock.Minutes.Value, cc.Met, cc.Missed})
	}
	return j
}
