// Package osm reads OpenStreetMap data, PBF or XML, into safezone's
// features and into the offline basemap.
//
// Read streams a file in passes (relations, ways, nodes), keeping only
// what the features need: schools (amenity=school|kindergarten with their
// gates), the businesses of each category and water bodies, by the tag
// table in tags.go; multipolygons are assembled from their member ways.
// ReadBasemap streams the same file into the layers the map draws (roads,
// water, buildings, land use, campuses) and the road network (Roads,
// Junctions) from which walk builds its pedestrian graph; its tags are in
// basemap_tags.go. Both share the pass reader, the node table and the
// geometry assembly in this package.
//
// Errors about the file wrap geo.ErrInvalidInput and name it. Everything
// here is safe for concurrent use.
package osm
