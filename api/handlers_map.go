package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/walk"
	"github.com/safezone/safezone/store"
)

// maxFeatures caps one map response; the client zooms in for more.
const maxFeatures = 50000

// queryBound reads the bbox parameter; without one it is the extent of
// idx.
func queryBound(c echo.Context, idx *geo.Index) (orb.Bound, error) {
	if v := c.QueryParam("bbox"); v != "" {
		return geo.ParseBound(v)
	}
	b, _ := idx.Extent()
	return b, nil
}

// featureJSON turns a feature into a GeoJSON feature with its properties,
// its address among them when it has one.
func featureJSON(f geo.Feature) *geojson.Feature {
	gf := geojson.NewFeature(f.Geometry)
	gf.ID = f.ID
	gf.Properties = geojson.Properties{"id": f.ID, "kind": string(f.Kind), "name": f.Name}
	if f.Address != "" {
		gf.Properties["address"] = f.Address
	}
	switch f.Kind {
	case geo.School:
		gf.Properties["school_kind"] = string(f.SchoolKind)
		gates := make([][2]float64, 0, len(f.Gates))
		for _, g := range f.Gates {
			gates = append(gates, [2]float64{g.Lon, g.Lat})
		}
		gf.Properties["gates"] = gates
	case geo.WaterBody:
		gf.Properties["water_kind"] = string(f.WaterKind)
	default:
		gf.Properties["category"] = string(f.Category)
	}
	return gf
}

// collect returns the features of kind k of idx in b as a
// FeatureCollection, with "truncated" set when there were more than
// maxFeatures.
func collect(idx *geo.Index, b orb.Bound, k geo.Kind, keep func(geo.Feature) bool) map[string]any {
	fc := geojson.NewFeatureCollection()
	truncated := false
	idx.InBound(b, k, func(f geo.Feature) bool {
		if keep != nil && !keep(f) {
			return true
		}
		if len(fc.Features) == maxFeatures {
			truncated = true
			return false
		}
		fc.Append(featureJSON(f))
		return true
	})
	return map[string]any{"type": "FeatureCollection", "features": fc.Features, "truncated": truncated}
}

func (s *Server) handleSchools(c echo.Context) error {
	idx := s.data().Index
	b, err := queryBound(c, idx)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, collect(idx, b, geo.School, nil))
}

// handleFeatures serves businesses and water for the map: kind=business or
// water, optionally one category.
func (s *Server) handleFeatures(c echo.Context) error {
	idx := s.data().Index
	b, err := queryBound(c, idx)
	if err != nil {
		return err
	}
	kind := geo.Kind(c.QueryParam("kind"))
	if kind != geo.Business && kind != geo.WaterBody {
		return geo.Invalid("kind", string(kind), geo.Either("business", "water"))
	}
	var keep func(geo.Feature) bool
	if v := c.QueryParam("category"); v != "" {
		cat, err := geo.ParseCategory(v)
		if err != nil {
			return err
		}
		keep = func(f geo.Feature) bool { return f.Category == cat }
	}
	return c.JSON(http.StatusOK, collect(idx, b, kind, keep))
}

func (s *Server) handleSchoolSearch(c echo.Context) error {
	limit := 20
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return geo.Invalid("limit", v, geo.WholeRange(1, 200))
		}
		limit = n
	}
	type hit struct {
		ID         string  `json:"id"`
		Name       string  `json:"name"`
		SchoolKind string  `json:"school_kind"`
		Address    string  `json:"address,omitempty"`
		Lon        float64 `json:"lon"`
		Lat        float64 `json:"lat"`
	}
	out := []hit{}
	for _, f := range s.data().Index.SearchSchools(c.QueryParam("q"), limit) {
		ctr := f.Geometry.Bound().Center()
		out = append(out, hit{ID: f.ID, Name: f.Name, SchoolKind: string(f.SchoolKind), Address: f.Address, Lon: ctr.Lon(), Lat: ctr.Lat()})
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) handleSchoolReport(c echo.Context) error {
	id := c.QueryParam("id")
	if id == "" {
		return geo.Invalid("id", id, geo.Reason{Code: "school_id", Text: "a school id such as way/123 is required"})
	}
	d := s.data()
	pack, err := d.rules(c.Request().Context(), c.QueryParam("rules"))
	if err != nil {
		return err
	}
	extra, err := s.registeredFor(c, id)
	if err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	rep, err := d.Index.SchoolReportWith(id, pack, geo.ReportOptions{Extra: extra, Routes: d.routeFinder(pack), Walk: d.walkOptions(pack)})
	if err != nil {
		return err
	}
	// The walks to school are the report's slow part; a map drawing only
	// the rings asks for routes=false.
	var routes *walk.Report
	switch c.QueryParam("routes") {
	case "", "true":
		if routes, err = schoolRoutes(c, d, &rep); err != nil {
			return err
		}
	case "false":
	default:
		return geo.Invalid("routes", c.QueryParam("routes"), geo.Either("true", "false"))
	}
	if err := stopped(c); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ReportResponse(pack, rep, routes))
}

// registeredForStaff returns the registered businesses for a regulator,
// police or admin token, and none for a school token or an anonymous
// reader: what a site check and a what-if count.
func (s *Server) registeredForStaff(c echo.Context) ([]geo.Feature, error) {
	if t, ok := token(c); !ok || t.Role == store.RoleSchool {
		return nil, nil
	}
	return s.registered(c.Request().Context())
}

// registeredFor returns the registered businesses a request may see in a
// school's report: all of them for regulators, police and admins, those
// around its own school for a school token, none for anonymous readers.
func (s *Server) registeredFor(c echo.Context, schoolID string) ([]geo.Feature, error) {
	t, ok := token(c)
	if !ok {
		return nil, nil
	}
	if t.Role == store.RoleSchool && t.SchoolID != schoolID {
		return nil, coded(fmt.Errorf("%w: this token may only read the report of school %q", errForbidden, t.SchoolID),
			"school_only", map[string]string{"school": t.SchoolID})
	}
	return s.registered(c.Request().Context())
}
