// Package geo is the safety-zone engine: schools, businesses and water bodies
// as features, an R-tree index over them, exact geodesic distances on the
// WGS84 ellipsoid, rule packs read from YAML, and the audits built on them.
//
// Coordinates are WGS84 (EPSG:4326). Point has named Lat and Lon fields;
// geometries use orb types, whose points are [lon, lat]. Distances are in
// meters, geodesic, measured between the two geometries (0 when they touch
// or one is inside the other). A feature at exactly a rule's distance is
// inside the zone.
//
// The package uses only the standard library and the chosen geometry and
// index libraries; it knows nothing about HTTP.
package geo
