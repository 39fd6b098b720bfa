package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/osm"
)

// maxBasemapFeatures caps one basemap response. What is left out are the
// finest details, which the client gets by zooming in.
const maxBasemapFeatures = 20000

// basemapResponse is GET /api/v1/basemap's answer: a FeatureCollection
// whose features carry properties.layer and properties.class.
type basemapResponse struct {
	Type      string             `json:"type"`
	Features  []*geojson.Feature `json:"features"`
	Truncated bool               `json:"truncated"`
	Zoom      float64            `json:"zoom"`
}

// handleBasemap serves the offline basemap of bbox (default: the basemap's
// extent) at zoom (default: the zoom at which bbox is 2048 pixels wide; see
// geo.BoundZoom), as osm.Basemap.InBound selects and simplifies it. To keep
// the answer small, each run of features of one layer and class, in drawing
// order, is sent as one feature (a MultiLineString or MultiPolygon) whose
// properties are only layer and class. Without a basemap it answers 404,
// and the map falls back to the water bodies of /api/v1/features.
func (s *Server) handleBasemap(c echo.Context) error {
	bm := s.data().Basemap
	if bm == nil {
		return echo.NewHTTPError(http.StatusNotFound, "no basemap loaded")
	}
	bound, ok := bm.Extent()
	if v := c.QueryParam("bbox"); v != "" {
		b, err := geo.ParseBound(v)
		if err != nil {
			return err
		}
		bound, ok = b, true
	}
	zoom := osm.BoundZoom(bound)
	if v := c.QueryParam("zoom"); v != "" {
		z, err := osm.ParseZoom(v)
		if err != nil {
			return err
		}
		zoom = z
	}
	out := basemapResponse{Type: "FeatureCollection", Features: []*geojson.Feature{}, Zoom: zoom}
	if ok {
		var features []osm.MapFeature
		features, out.Truncated = bm.InBound(bound, zoom, maxBasemapFeatures)
		out.Features = mergeBasemap(features)
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.JSON(http.StatusOK, out)
}

// mergeBasemap turns features into GeoJSON, merging each run of one layer,
// class and dimension (lines or areas) into one feature.
func mergeBasemap(features []osm.MapFeature) []*geojson.Feature {
	out := []*geojson.Feature{}
	for i := 0; i < len(features); {
		f := features[i]
		lines, areas := orb.MultiLineString{}, orb.MultiPolygon{}
		j := i
		for ; j < len(features); j++ {
			g := features[j]
			if g.Layer != f.Layer || g.Class != f.Class || isLine(g.Geometry) != isLine(f.Geometry) {
				break
			}
			switch g := g.Geometry.(type) {
			case orb.LineString:
				lines = append(lines, g)
			case orb.MultiLineString:
				lines = append(lines, g...)
			case orb.Polygon:
				areas = append(areas, g)
			case orb.MultiPolygon:
				areas = append(areas, g...)
			}
		}
		geom := f.Geometry
		if j-i > 1 && isLine(geom) {
			geom = lines
		} else if j-i > 1 {
			geom = areas
		}
		gf := geojson.NewFeature(geom)
		gf.Properties = geojson.Properties{"layer": string(f.Layer), "class": f.Class}
		out = append(out, gf)
		i = j
	}
	return out
}

func isLine(g orb.Geometry) bool {
	switch g.(type) {
	case orb.LineString, orb.MultiLineString:
		return true
	}
	return false
}
