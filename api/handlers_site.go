package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
)

type siteRequest struct {
	Site       json.RawMessage `json:"site"`
	Name       string          `json:"name"`
	SchoolKind string          `json:"school_kind"`
	Gates      [][]float64     `json:"gates"`
	Rules      string          `json:"rules"`
	OpenedOn   string          `json:"opened_on"` // when the school will open
}

// handleSite answers the planner's question for a proposed school: the
// businesses, registered businesses (for a regulator, police or admin
// token) and water bodies that would be within each rule's zone. The site
// is a GeoJSON Point, Polygon or MultiPolygon, or a Feature with one;
// name, school_kind and gates in the body take precedence over the
// Feature's properties.
func (s *Server) handleSite(c echo.Context) error {
	var req siteRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if len(req.Site) == 0 || string(req.Site) == "null" {
		return geo.Refusef("site_missing", nil, "site: required, a GeoJSON Point, Polygon or MultiPolygon, or a Feature with one")
	}
	site, err := geojson.ParseSite(req.Site)
	if err != nil {
		return err
	}
	if err := req.apply(&site); err != nil {
		return err
	}
	d := s.data()
	pack, err := d.rules(c.Request().Context(), req.Rules)
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
	res, err := d.Index.Site(site, pack, geo.SiteOptions{Extra: extra, Walk: d.walkOptions(pack)})
	if err != nil {
		return err
	}
	return s.writeJSON(c, http.StatusOK, SiteResponse(pack, res))
}

// apply puts the request's own name, kind and gates on the site, and
// validates it again.
func (req *siteRequest) apply(site *geo.Site) error {
	if req.Name != "" {
		site.Name = req.Name
	}
	if req.SchoolKind != "" {
		site.SchoolKind = geo.SchoolKind(req.SchoolKind)
	}
	if req.OpenedOn != "" {
		d, err := geo.ParseDate("opened_on", req.OpenedOn)
		if err != nil {
			return err
		}
		site.OpenedOn = d
	}
	if req.Gates != nil {
		site.Gates = site.Gates[:0]
		for i, g := range req.Gates {
			if len(g) != 2 {
				return geo.Refusef("site_gate", map[string]string{"gate": strconv.Itoa(i)}, "gates[%d] %v: must be [lon, lat]", i, g)
			}
			site.Gates = append(site.Gates, geo.Point{Lat: g[1], Lon: g[0]})
		}
	}
	return site.Validate()
}
