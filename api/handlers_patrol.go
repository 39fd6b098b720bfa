package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/patrol"
)

// defaultNearMeters is how close to a school a road junction must be to be
// a default candidate post.
const defaultNearMeters = 300

type patrolRequest struct {
	Posts        *number            `json:"posts"`
	Radius       *number            `json:"radius"`
	BBox         string             `json:"bbox"`
	District     json.RawMessage    `json:"district"`
	Candidates   json.RawMessage    `json:"candidates"`
	Near         *float64           `json:"near"`
	Existing     json.RawMessage    `json:"existing"`
	Bells        json.RawMessage    `json:"bells"`
	Enrolment    map[string]float64 `json:"enrolment"`
	HazardWeight float64            `json:"hazard_weight"`
	Rules        string             `json:"rules"`
	Format       string             `json:"format"`
	Lang         string             `json:"lang"`
}

// handlePatrol plans new patrol posts (护学岗), the maximal covering
// location problem, and answers with the plan as JSON (default), as a
// GeoJSON FeatureCollection for the map (format "geojson", in the body or
// the query), or for the officers who staff it as CSV or XLSX in lang (zh,
// the default, or en; patrol_export.go):
//
//	POST /api/v1/patrol {"posts": 5, "radius": 300, "bbox": "...", "bells": {...}}
//
// A district (a GeoJSON Polygon or MultiPolygon, or a Feature with one, as
// an audit takes) limits the plan to the schools in or on it; posts may
// stand just outside it (patrol.Options.Area).
//
// Candidates are a GeoJSON FeatureCollection of points in the request or,
// by default, the road junctions of the server's basemap within near
// meters (default 300) of a school. The plan is logged.
func (s *Server) handlePatrol(c echo.Context) error {
	var req patrolRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if v := c.QueryParam("format"); v != "" {
		req.Format = v
	}
	if v := c.QueryParam("lang"); v != "" {
		req.Lang = v
	}
	switch req.Format {
	case "", "json", "geojson", "csv", "xlsx":
	default:
		return badRequest("format %q: must be json, geojson, csv or xlsx", req.Format)
	}
	lang, err := parseLang(req.Lang)
	if err != nil {
		return err
	}
	d := s.data()
	o, err := patrolOptions(c.Request().Context(), d, &req)
	if err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	plan, err := patrol.Plan(d.Index, o)
	if err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	if s.cfg.Store != nil {
		detail := fmt.Sprintf("posts=%d radius=%g bbox=%s candidates=%d covered=%d/%d upper_bound=%g",
			o.Posts, o.RadiusMeters, req.BBox, len(o.Candidates), plan.Covered, plan.Schools, plan.UpperBound)
		if o.Area != nil {
			detail += " district=" + o.Area.GeoJSONType()
		}
		if err := s.cfg.Store.Log(c.Request().Context(), actor(c), "patrol", "", detail); err != nil {
			return err
		}
	}
	return sendPatrol(c, d, plan, o, req.Format, lang)
}

// sendPatrol answers with plan in format: JSON, GeoJSON, or a CSV or XLSX
// sheet in lang (zh unless "en").
func sendPatrol(c echo.Context, d *dataset, plan patrol.Result, o patrol.Options, format, lang string) error {
	switch format {
	case "csv", "xlsx":
		if lang == "" {
			lang = "zh"
		}
		return sendPatrolSheet(c, newPatrolSheet(lang, plan, d.Index, o.Posts, o.RadiusMeters), format)
	case "geojson":
		c.Response().Header().Set(echo.HeaderContentType, "application/geo+json")
		c.Response().WriteHeader(http.StatusOK)
		return json.NewEncoder(c.Response()).Encode(PatrolGeoJSON(plan, d.Index, o.Posts, o.RadiusMeters))
	}
	return c.JSON(http.StatusOK, PatrolResponse(plan, o.Posts, o.RadiusMeters))
}

// patrolOptions turns a request into the planner's options, on d.
func patrolOptions(ctx context.Context, d *dataset, req *patrolRequest) (patrol.Options, error) {
	o := patrol.Options{Enrolment: req.Enrolment, HazardWeight: req.HazardWeight}
	// K and R first: their errors say more than a missing candidate does.
	var err error
	if o.Posts, err = patrol.ParsePosts(text(req.Posts)); err != nil {
		return o, err
	}
	if o.RadiusMeters, err = patrol.ParseRadius(text(req.Radius)); err != nil {
		return o, err
	}
	// The bbox and district as an audit reads them (auditArea).
	if o.Bound, o.Area, err = auditArea(auditRequest{BBox: req.BBox, District: req.District}); err != nil {
		return o, err
	}
	if req.HazardWeight != 0 {
		if o.Hazards, err = d.rules(ctx, req.Rules); err != nil {
			return o, err
		}
	}
	if len(req.Existing) > 0 && string(req.Existing) != "null" {
		if o.Existing, err = patrol.ReadSites(bytes.NewReader(req.Existing), "existing"); err != nil {
			return o, err
		}
	}
	if len(req.Bells) > 0 && string(req.Bells) != "null" {
		if o.Bells, err = patrol.ParseBells(req.Bells, "bells"); err != nil {
			return o, err
		}
	}
	b := o.Bound
	if b == (orb.Bound{}) && o.Area != nil {
		b = o.Area.Bound()
	}
	o.Candidates, err = patrolCandidates(d, req, b, o.RadiusMeters)
	return o, err
}

// text is a number's text, "" when it is missing.
func text(n *number) string {
	if n == nil {
		return ""
	}
	return string(*n)
}

// patrolCandidates reads the request's candidates, or takes the basemap's
// junctions near schools; with a bbox, only those that could reach a
// school in it.
func patrolCandidates(d *dataset, req *patrolRequest, b orb.Bound, radius float64) ([]patrol.Site, error) {
	if len(req.Candidates) > 0 && string(req.Candidates) != "null" {
		return patrol.ReadSites(bytes.NewReader(req.Candidates), "candidates")
	}
	near := float64(defaultNearMeters)
	if req.Near != nil {
		near = *req.Near
	}
	if d.Basemap == nil {
		return nil, geo.Refusef("no_network", nil, "candidates: the server has no road network loaded: send candidates as a GeoJSON FeatureCollection of points")
	}
	js := d.Basemap.Intersections()
	if b != (orb.Bound{}) {
		// A junction farther than the radius from the box covers none of its
		// schools. A degree of latitude is over 110 km, and of longitude
		// over 110 km · cos φ.
		dlat := radius / 110e3
		far := max(math.Abs(b.Min.Lat()), math.Abs(b.Max.Lat())) + dlat
		dlon := 360.0
		if far < 89 {
			dlon = dlat / math.Cos(far*math.Pi/180)
		}
		keep := js[:0]
		for _, j := range js {
			if j.Point.Lat >= b.Min.Lat()-dlat && j.Point.Lat <= b.Max.Lat()+dlat &&
				j.Point.Lon >= b.Min.Lon()-dlon && j.Point.Lon <= b.Max.Lon()+dlon {
				keep = append(keep, j)
			}
		}
		js = keep
	}
	cands, err := patrol.JunctionCandidates(d.Index, js, near)
	if err == nil && len(cands) == 0 {
		err = geo.Refusef("no_junction", map[string]string{"near": strconv.FormatFloat(near, 'g', -1, 64)},
			"candidates: no road junction within %g m of a school in the area: send candidates as a GeoJSON FeatureCollection of points", near)
	}
	return cands, err
}

// sendPatrolSheet writes a plan as a CSV or XLSX attachment.
func sendPatrolSheet(c echo.Context, p *patrolSheet, format string) error {
	h := c.Response().Header()
	write, ctype := p.writeCSV, "text/csv; charset=utf-8"
	if format == "xlsx" {
		write, ctype = p.writeXLSX, xlsxType
	}
	h.Set(echo.HeaderContentType, ctype)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="safezone-patrol.`+format+`"`)
	c.Response().WriteHeader(http.StatusOK)
	return write(c.Response())
}
