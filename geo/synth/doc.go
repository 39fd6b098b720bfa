// Package synth generates synthetic schools, businesses and water bodies
// for benchmarks and scale tests: the same seed gives the same features,
// clustered like a real province's cities (36 centres in south-west China),
// half the schools with campus polygons and gates. `safezone gen` writes
// them as GeoJSON.
package synth
