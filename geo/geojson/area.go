package geojson

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/safezone/safezone/geo"
)

// ParseArea reads an area, such as a district's boundary, from GeoJSON: a
// Polygon or MultiPolygon geometry, or a Feature with one, [lon, lat] in
// WGS84. Errors wrap ErrInvalidInput and name field: the value is not
// GeoJSON, not a polygon, or has a ring that is unclosed, too short or out
// of range.
func ParseArea(field string, data []byte) (orb.Geometry, error) {
	g, err := geojson.UnmarshalGeometry(data)
	if err != nil || g.Coordinates == nil {
		f, ferr := geojson.UnmarshalFeature(data)
		if ferr != nil || f.Geometry == nil {
			return nil, geo.Invalidf("%s %q: must be a GeoJSON Polygon or MultiPolygon, or a Feature with one", field, geo.Clip(string(data), 60))
		}
		return area(field, f.Geometry)
	}
	return area(field, g.Coordinates)
}

func area(field string, g orb.Geometry) (orb.Geometry, error) {
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
	default:
		return nil, geo.Invalidf("%s.type %q: must be Polygon or MultiPolygon", field, g.GeoJSONType())
	}
	if err := CheckGeometry(geo.School, g); err != nil {
		return nil, fmt.Errorf("%s.%w", field, err)
	}
	return g, nil
}
