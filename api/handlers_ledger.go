package api

import (
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

// now is the server's clock.
func (s *Server) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Now()
}

// ledgerActor is the caller as the ledger knows it. Every ledger route
// requires a token, so there is one.
func ledgerActor(c echo.Context) ledger.Actor {
	t, _ := token(c)
	return ledger.Actor{ID: t.ID, Role: ledger.Role(t.Role), SchoolID: t.SchoolID, Unit: t.Unit}
}

// hazardID reads the :id of the path: a positive whole number. Anything
// else names no hazard: 404.
func hazardID(c echo.Context) (uint64, error) {
	raw := c.Param("id")
	id, err := strconv.ParseUint(raw, 10, 63)
	if err != nil || id == 0 || strconv.FormatUint(id, 10) != raw {
		return 0, ledger.NotFoundf("hazard %q: not found; hazard IDs are whole numbers such as 12", raw)
	}
	return id, nil
}

// visibleHazard returns hazard :id if the caller may see it: a school
// token only its own school's (403 otherwise).
func (s *Server) visibleHazard(c echo.Context, withHistory bool) (ledger.Hazard, error) {
	id, err := hazardID(c)
	if err != nil {
		return ledger.Hazard{}, err
	}
	h, err := s.cfg.Store.Hazard(c.Request().Context(), id, withHistory)
	if err != nil {
		return ledger.Hazard{}, err
	}
	return h, ledger.CheckAccess(&h, ledgerActor(c))
}

// handleGetHazard answers one hazard with its history.
func (s *Server) handleGetHazard(c echo.Context) error {
	h, err := s.visibleHazard(c, true)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.newHazardJSON(&h, s.now(), ledgerActor(c)))
}

type reportRequest struct {
	SchoolID    string  `json:"school_id"`
	Lon         *number `json:"lon"`
	Lat         *number `json:"lat"`
	Description string  `json:"description"`
	Category    string  `json:"category"`
	Grade       string  `json:"grade"`
	ObservedAt  string  `json:"observed_at"`
	PhonedAt    string  `json:"phoned_at"`
}

// handleReportHazard registers a hazard reported by hand at a school that
// exists in the data; a school token reports only for its own school.
func (s *Server) handleReportHazard(c echo.Context) error {
	var req reportRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Lon == nil || req.Lat == nil {
		return badRequest("lon and lat: both are required, the place of the hazard")
	}
	p, err := geo.ParsePoint(string(*req.Lat), string(*req.Lon))
	if err != nil {
		return err
	}
	school, err := s.data().Index.Feature(req.SchoolID)
	if err != nil || school.Kind != geo.School {
		return &notFoundError{msg: fmt.Sprintf("school_id %q: no such school in the data", req.SchoolID)}
	}
	in := ledger.ReportInput{SchoolID: school.ID, SchoolName: school.Name, Point: p, Description: req.Description,
		Category: req.Category, Grade: req.Grade, ObservedAt: req.ObservedAt, PhonedAt: req.PhonedAt}
	by := ledgerActor(c)
	h, err := s.cfg.Store.ReportHazard(c.Request().Context(), s.cfg.Ledger, by, in, s.now())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", hazardURL(h.ID))
	return c.JSON(http.StatusCreated, s.newHazardJSON(&h, s.now(), by))
}

type transitionRequest struct {
	To          string   `json:"to"`
	Comment     string   `json:"comment"`
	Unit        string   `json:"unit"`
	Person      string   `json:"person"`
	Deadline    string   `json:"deadline"`
	Grade       string   `json:"grade"`
	Attachments []string `json:"attachments"`
	Version     int      `json:"version"`
}

// handleTransitionHazard moves hazard :id to another state (see package
// ledger for the table and who may do what). 409 if the state does not
// allow it or version is stale, 403 if the role may not.
func (s *Server) handleTransitionHazard(c echo.Context) error {
	id, err := hazardID(c)
	if err != nil {
		return err
	}
	var req transitionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Version < 0 {
		return badRequest("version %q: must be the hazard's version, a whole number, or 0 for any", strconv.Itoa(req.Version))
	}
	in := ledger.TransitionInput{To: req.To, Comment: req.Comment, Unit: req.Unit, Person: req.Person,
		Deadline: req.Deadline, Grade: req.Grade, Attachments: req.Attachments, Version: req.Version}
	by := ledgerActor(c)
	h, err := s.cfg.Store.TransitionHazard(c.Request().Context(), s.cfg.Ledger, id, in, by, s.now())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.newHazardJSON(&h, s.now(), by))
}

// hazardFilter reads the list's query: state, grade (comma-separated
// lists), unit, school, source, bbox, overdue, vanished, after and limit.
// A school token sees only its own school.
func (s *Server) hazardFilter(c echo.Context) (store.HazardFilter, error) {
	q := c.QueryParams()
	f := store.HazardFilter{Unit: q.Get("unit"), SchoolID: q.Get("school"), Now: s.now()}
	var err error
	if f.States, err = parseList(q.Get("state"), "state", ledger.ParseState); err != nil {
		return f, err
	}
	if f.Grades, err = parseList(q.Get("grade"), "grade", ledger.ParseGrade); err != nil {
		return f, err
	}
	if err := parseFilterFlags(q, &f); err != nil {
		return f, err
	}
	if by := ledgerActor(c); by.Role == ledger.RoleSchool {
		if f.SchoolID != "" && f.SchoolID != by.SchoolID {
			return f, fmt.Errorf("%w: school %q: this token may only read the hazards of school %q", errForbidden, f.SchoolID, by.SchoolID)
		}
		f.SchoolID = by.SchoolID
	}
	return f, nil
}

// parseFilterFlags reads source, bbox, district (a GeoJSON polygon),
// overdue, vanished, after and limit.
func parseFilterFlags(q url.Values, f *store.HazardFilter) error {
	switch v := q.Get("source"); v {
	case "", "audit", "manual":
		f.Source = ledger.SourceKind(v)
	default:
		return geo.Invalid("source", v, geo.Either("audit", "manual"))
	}
	if v := q.Get("bbox"); v != "" {
		b, err := geo.ParseBound(v)
		if err != nil {
			return err
		}
		f.Bound = b
	}
	if v := q.Get("district"); v != "" {
		district, err := geojson.ParseArea("district", []byte(v))
		if err != nil {
			return err
		}
		if f.Bound.IsZero() {
			f.Bound = district.Bound() // lets the store use its index by place
		}
		f.Where = inDistrict(district)
	}
	var err error
	if f.Overdue, err = parseBool(q, "overdue"); err != nil {
		return err
	}
	if f.Vanished, err = parseBool(q, "vanished"); err != nil {
		return err
	}
	if v := q.Get("after"); v != "" {
		if f.After, err = strconv.ParseUint(v, 10, 64); err != nil {
			return badRequest("after %q: must be the next of the page before, a hazard ID", v)
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxHazardPage {
			return geo.Invalid("limit", v, geo.WholeRange(1, store.MaxHazardPage))
		}
		f.Limit = n
	}
	return nil
}

// inDistrict tests whether a hazard's point is in or on district.
func inDistrict(district orb.Geometry) func(*ledger.Hazard) bool {
	return func(h *ledger.Hazard) bool {
		return geo.GeometryDistanceMeters(district, orb.Point{h.Point.Lon, h.Point.Lat}) == 0
	}
}

func parseBool(q url.Values, name string) (*bool, error) {
	switch v := q.Get(name); v {
	case "":
		return nil, nil
	case "true", "1":
		t := true
		return &t, nil
	case "false", "0":
		f := false
		return &f, nil
	default:
		return nil, geo.Invalid(name, v, geo.Either("true", "false"))
	}
}

// parseList reads a comma-separated list of values with parse.
func parseList[T any](s, field string, parse func(field, s string) (T, error)) ([]T, error) {
	if s == "" {
		return nil, nil
	}
	var out []T
	for _, part := range splitComma(s) {
		v, err := parse(field, part)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
