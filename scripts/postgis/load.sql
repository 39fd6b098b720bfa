-- Moves the staged GeoJSON lines into schools or features (psql -v
-- target=schools|features), then empties the staging table. Kinds and
-- categories default as geo.NewIndex does: a school without school_kind is
-- "school", and a water body's category is "water".
\if :{?target}
\else
\echo 'load.sql: set -v target=schools or features'
\quit
\endif
SELECT :'target' = 'schools' AS is_schools \gset
-- Rows go in in GeoHash order of their centres, so that neighbours share
-- pages and the GiST index, built by insertion, gets tight nodes: loaded in
-- file order, the 2M x 200k join took 83 s instead of 23 s. safezone orders
-- its rows along a Hilbert curve for the same reason.
\if :is_schools
INSERT INTO schools (id, kind, geog, gates)
SELECT id, kind, g::geography, gates
FROM (
	SELECT j->'properties'->>'id' AS id,
	       coalesce(j->'properties'->>'school_kind', 'school') AS kind,
	       ST_GeomFromGeoJSON(j->'geometry') AS g,
	       CASE WHEN jsonb_array_length(coalesce(j->'properties'->'gates', '[]')) > 0 THEN
	         ST_GeomFromGeoJSON(jsonb_build_object('type', 'MultiPoint', 'coordinates', j->'properties'->'gates'))::geography
	       END AS gates
	FROM staging
) s
ORDER BY ST_GeoHash(ST_Centroid(g), 12);
\else
INSERT INTO features (id, category, geog)
SELECT id, category, g::geography
FROM (
	SELECT j->'properties'->>'id' AS id,
	       CASE WHEN j->'properties'->>'kind' = 'water' THEN 'water' ELSE j->'properties'->>'category' END AS category,
	       ST_GeomFromGeoJSON(j->'geometry') AS g
	FROM staging
) f
ORDER BY ST_GeoHash(ST_Centroid(g), 12);
\endif
TRUNCATE staging;
