// Package geojson reads and writes safezone's features as GeoJSON (RFC 7946)
// and newline-delimited GeoJSON.
//
// A feature is a GeoJSON Feature whose properties name its kind ("school",
// "business" or "water"), category, school or water kind and name, and
// whose "gates" are a school's entrances; positions are [lon, lat] in WGS84.
// Read and ReadDir return []geo.Feature; a Loader reads the same files
// straight into the rows of an index on every CPU, with no geo.Feature for
// each (the fast path start-up takes for millions of features).
// WriteLines and WriteFeatureCollection write them back; ParseArea reads a
// district's boundary.
//
// Every error about the input wraps geo.ErrInvalidInput and names the file,
// line and field.
package geojson
