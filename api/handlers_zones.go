package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/zones"
)

// handleZones serves where a category of business may not open, or must be
// inspected, around the schools in a box, as a GeoJSON FeatureCollection of
// up to two MultiPolygon features, one per severity, each with its
// category, the IDs of its rules and the number of schools drawn:
//
//	GET /api/v1/zones?category=internet_cafe&bbox=minLon,minLat,maxLon,maxLat&rules=PACK
//
// bbox defaults to the data's extent and rules to the default pack. Zones
// are whole, so they may reach beyond bbox.
func (s *Server) handleZones(c echo.Context) error {
	cat, err := geo.ParseCategory(c.QueryParam("category"))
	if err != nil {
		return err
	}
	d := s.data()
	b, err := queryBound(c, d.Index)
	if err != nil {
		return err
	}
	pack, err := d.rules(c.Request().Context(), c.QueryParam("rules"))
	if err != nil {
		return err
	}
	zs, err := zones.Build(d.Index, cat, pack, b)
	if err != nil {
		return err
	}
	if err := stopped(c); err != nil {
		return err
	}
	fc := geojson.NewFeatureCollection()
	for _, z := range []struct {
		sev geo.Severity
		mp  orb.MultiPolygon
	}{{geo.Prohibited, zs.Prohibited}, {geo.Inspect, zs.Inspect}} {
		if len(z.mp) == 0 {
			continue
		}
		f := geojson.NewFeature(z.mp)
		f.Properties = geojson.Properties{
			"severity": string(z.sev),
			"category": string(cat),
			"rules":    zoneRules(pack, zs.Rules, z.sev),
			"schools":  zs.Schools,
		}
		fc.Append(f)
	}
	return c.JSON(http.StatusOK, fc)
}

// zoneRules returns the IDs among ids of the pack's rules of severity sev.
func zoneRules(pack *geo.RulePack, ids []string, sev geo.Severity) []string {
	out := []string{}
	for _, id := range ids {
		if r, ok := pack.Rule(id); ok && r.Severity == sev {
			out = append(out, id)
		}
	}
	return out
}
