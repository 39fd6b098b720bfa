package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/osm"
	"github.com/safezone/safezone/geo/walk"
)

// newWalkOnce returns the builder of the pedestrian graph of basemap b,
// which builds it on first use and returns nil when b is nil or has no
// roads (GeoJSON data). Safe for concurrent use.
func newWalkOnce(b *osm.Basemap) func() *walk.Graph {
	return sync.OnceValue(func() *walk.Graph {
		if b == nil {
			return nil
		}
		roads := b.Roads()
		if len(roads) == 0 {
			return nil
		}
		return walk.NewGraph(roads)
	})
}

// walkFor returns the pedestrian graph when a check of category c under
// pack measures a rule by walking, else nil without building anything.
// routeFinder returns the routes rules of kind along are measured from:
// walks from the residential areas around each school, when the pack has
// such rules and a road network is loaded; else nil, and they are measured
// from the campus.
func (ds *dataset) routeFinder(pack *geo.RulePack) geo.RouteFinder {
	if ds.Basemap == nil || !pack.Has(geo.Along) {
		return nil
	}
	return walk.ResidentialRoutes{Graph: ds.walk(), Basemap: ds.Basemap}
}

func (ds *dataset) walkFor(m geo.Method, pack *geo.RulePack, c geo.Category) *walk.Graph {
	if m == geo.Straight {
		return nil
	}
	if m == "" && !slices.ContainsFunc(pack.Rules, func(r geo.Rule) bool {
		return r.Method == geo.Walking && slices.Contains(r.Categories, c)
	}) {
		return nil
	}
	return ds.walk()
}

// walkOptions says how audits, reports and sites under pack measure the
// rules that ask for walking: along the basemap's pedestrian graph when a
// rule of the pack does and the graph is loaded, else straight.
func (ds *dataset) walkOptions(pack *geo.RulePack) geo.WalkOptions {
	if !slices.ContainsFunc(pack.Rules, func(r geo.Rule) bool { return r.Method == geo.Walking }) {
		return geo.WalkOptions{}
	}
	if g := ds.walk(); g != nil {
		return geo.WalkOptions{Walk: g}
	}
	return geo.WalkOptions{}
}

type routeWaterRequest struct {
	Route   json.RawMessage `json:"route"`
	WithinM *number         `json:"within_m"`
}

// handleRouteWater answers with the water within within_m meters of the
// routes in the body: a GeoJSON LineString or MultiLineString, a Feature or
// a FeatureCollection of them, as walk.ReadRoutes reads them. Water
// geometries are included, for the map to draw.
func (s *Server) handleRouteWater(c echo.Context) error {
	var req routeWaterRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if len(req.Route) == 0 || string(req.Route) == "null" {
		return badRequest("route: a GeoJSON LineString is required")
	}
	if req.WithinM == nil {
		return badRequest("within_m: required, in meters")
	}
	within, err := walk.ParseWithinMeters(string(*req.WithinM))
	if err != nil {
		return err
	}
	routes, err := walk.ReadRoutes(bytes.NewReader(req.Route), "route")
	if err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	rep := walk.Report{WithinMeters: within, Routes: routes}
	if rep.Water, err = walk.WaterAlong(s.data().Index, routes, within); err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, RouteWaterResponse(rep, true))
}

// schoolRoutes returns, for a school report, the water along the walks to the
// school from its residential areas, when the road network is loaded.
// Query parameters routes_reach_m (default 1000) and routes_within_m
// (default 50) tune it.
func schoolRoutes(c echo.Context, d *dataset, rep *geo.Report) (*walk.Report, error) {
	g := d.walk()
	if g == nil {
		return nil, nil
	}
	reach, within := float64(walk.DefaultRouteReachMeters), float64(walk.DefaultRouteWaterMeters)
	if v := c.QueryParam("routes_reach_m"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || !(r > 0 && r <= walk.MaxRouteMeters) {
			return nil, geo.Invalid("routes_reach_m", v, geo.MetersMax(walk.MaxRouteMeters))
		}
		reach = r
	}
	if v := c.QueryParam("routes_within_m"); v != "" {
		w, err := walk.ParseWithinMeters(v)
		if err != nil {
			return nil, geo.Invalid("routes_within_m", v, geo.MetersMax(walk.MaxRouteWaterMeters))
		}
		within = w
	}
	if err := stopped(c); err != nil {
		return nil, err
	}
	rr, err := walk.SchoolRoutes(d.Index, g, d.Basemap, rep.School.ID, nil, reach, within)
	if err != nil {
		return nil, err
	}
	return &rr, nil
}
