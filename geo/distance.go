package geo

import (
	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo/internal/geodist"
)

// DistanceMeters returns the geodesic distance in meters between a and b
// on the WGS84 ellipsoid, given in degrees by their Lat and Lon fields. It
// uses Karney's algorithm (github.com/tidwall/geodesic, a port of
// GeographicLib), accurate to about 15 nanometers anywhere on Earth. A
// feature at exactly a rule's distance is within it: compare with <=.
// Points that fail Point.Validate give an unspecified result.
// It is safe for concurrent use.
func DistanceMeters(a, b Point) float64 {
	return geodist.Meters(orb.Point{a.Lon, a.Lat}, orb.Point{b.Lon, b.Lat})
}

// GeometryDistanceMeters returns the geodesic distance in meters on the
// WGS84 ellipsoid between the nearest points of a and b, whose orb points
// are [lon, lat] in degrees. It is 0 when they touch, cross, or one is
// inside the other; a point in a polygon's hole is outside it, at the
// distance to the hole's ring. Edges are geodesics: PostGIS's
// ST_Distance(geography, geography) takes them as great-circle arcs, which
// differ from geodesics by millimeters at most up to 2 km, and otherwise
// measures on the same spheroid. The tests find results within 10 nm of
// dense sampling along each edge, from the equator to 89°. A feature at
// exactly a rule's distance is within it: compare with <=.
//
// a and b may be any orb geometry: Point, MultiPoint, LineString,
// MultiLineString, Ring or Polygon (a Ring bounds an area, like a
// one-ring Polygon), MultiPolygon, Bound (its rectangle) or Collection (the
// nearest of its members). GeometryDistanceMeters returns +Inf if either
// has no vertices or is nil. Geometries crossing the antimeridian or
// enclosing a pole are not supported and give an unspecified result.
// It is safe for concurrent use.
func GeometryDistanceMeters(a, b orb.Geometry) float64 {
	return geodist.Distance(a, b)
}
