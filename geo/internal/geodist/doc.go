// Package geodist measures exact geodesic distances on the WGS84 ellipsoid
// between orb geometries, whose points are [lon, lat] in degrees.
//
// Distances are in meters, between the nearest points of the two
// geometries, and 0 when they touch or one is inside the other. Geodesics
// are solved with Karney's algorithms (github.com/tidwall/geodesic, a port
// of GeographicLib). Within answers "at most limit meters apart?" without
// solving a geodesic for pairs that are clearly farther, from bounds or in a
// local plane with proven error margins; a pair at exactly limit is within.
// Bound and ExpandBound give the lon/lat boxes an R-tree search needs.
//
// The package geo wraps these as its public entry points
// (geo.DistanceMeters, geo.GeometryDistanceMeters); the other packages
// under geo call them directly. Everything here is safe for concurrent use.
package geodist
