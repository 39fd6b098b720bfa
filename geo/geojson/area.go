package geojson

import (
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/peterstace/simplefeatures/geom"

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
			return nil, geo.Invalid(field, geo.Clip(string(data), 60),
				geo.Reason{Code: "area_type", Text: "must be a GeoJSON Polygon or MultiPolygon, or a Feature with one"})
		}
		return area(field, f.Geometry)
	}
	return area(field, g.Coordinates)
}

func area(field string, g orb.Geometry) (orb.Geometry, error) {
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
	default:
		return nil, geo.Invalid(field+".type", g.GeoJSONType(), geo.Either("Polygon", "MultiPolygon"))
	}
	if err := CheckGeometry(geo.School, g); err != nil {
		return nil, fmt.Errorf("%s.%w", field, err)
	}
	if err := simpleArea(field, g); err != nil {
		return nil, err
	}
	return g, nil
}

// MaxAreaVertices is the most vertices a district's boundary may have.
const MaxAreaVertices = 200_000

// simpleArea refuses an area with too many vertices, or that is not a
// valid polygon in the plane of lon and lat: a ring that crosses itself or
// another ring, a hole outside its shell, polygons of a MultiPolygon that
// overlap. simplefeatures decides, as OGC's rules for a valid polygon say.
func simpleArea(field string, g orb.Geometry) error {
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	}
	n := 0
	sf := make([]geom.Polygon, len(polys))
	for i, p := range polys {
		rings := make([]geom.LineString, len(p))
		for k, r := range p {
			n += len(r)
			if n > MaxAreaVertices {
				return geo.Refusef("area_vertices", map[string]string{"field": field, "max": strconv.Itoa(MaxAreaVertices)},
					"%s: more than %d vertices: simplify the boundary", field, MaxAreaVertices)
			}
			flat := make([]float64, 0, 2*len(r))
			for _, pt := range r {
				flat = append(flat, pt[0], pt[1])
			}
			rings[k] = geom.NewLineString(geom.NewSequence(flat, geom.DimXY))
		}
		sf[i] = geom.NewPolygon(rings)
	}
	var err error
	if len(sf) == 1 {
		err = sf[0].Validate()
	} else {
		err = geom.NewMultiPolygon(sf).Validate()
	}
	if err != nil {
		return geo.Refusef("area_invalid", map[string]string{"field": field},
			"%s: not a valid polygon (%v): its rings must not cross themselves or each other", field, err)
	}
	return nil
}
