// Package geo is the safety-zone domain: schools, businesses and water
// bodies as features, an R-tree index over them, rule packs read from YAML,
// and the questions asked of them: Check (may a business of this category
// be here?), Audit (every feature that breaks a rule near a school, and
// every school lacking a place a rule requires) and SchoolReport (the
// hazards around one school, by ring, along the ways to it, and what it
// lacks).
//
// Categories and water kinds are data: Categories and WaterKinds come from
// the category catalogue (data/catalogue.yaml, parsed by geo/catalogue), and
// only those with behaviour of their own (Water, Police, OtherWater) are
// named in code. Rules have kinds for the shapes of clauses: Near, Inside
// (the campus), Along (pupils' routes, from a RouteFinder) and Requires.
//
// Coordinates are WGS84 (EPSG:4326). Point has named Lat and Lon fields;
// geometries use orb types, whose points are [lon, lat]. Distances are in
// meters, geodesic on the WGS84 ellipsoid, measured between the two
// geometries (0 when they touch or one is inside the other), by
// geo/internal/geodist. A feature at exactly a rule's distance is inside
// the zone.
//
// The packages under geo each do one thing with these types and import
// geo, never each other's internals:
//
//   - catalogue: the category catalogue: names, import words, OpenStreetMap
//     selectors, lead units (it knows nothing of geo's types, and geo
//     imports it);
//   - geojson: GeoJSON reading and writing, and the fast path into an index;
//   - osm: OpenStreetMap (PBF, XML) reading, and the offline basemap;
//   - imports: licence lists and layers from CSV, XLSX and Shapefile;
//   - crs: coordinate systems (CGCS2000, GCJ-02, BD-09) and transforms;
//   - walk: the pedestrian graph, walking distances, routes to school and
//     the water along them (CheckWith measures walking rules through the
//     Walker interface that walk.Graph implements, and along rules are
//     measured from walk.ResidentialRoutes, a RouteFinder);
//   - patrol: 护学岗 patrol post planning, rosters and bells;
//   - zones: geodesic buffers and the zones drawn from them;
//   - search: the names of features and streets, found offline by
//     characters, pinyin or its initials;
//   - synth: synthetic data for benchmarks.
//
// geo itself depends on the geometry and index libraries (orb, tidwall's
// rtree and geodesic) and YAML; it knows nothing about HTTP, files other
// than rule packs, or any data format.
package geo
