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
\if :is_schools
INSERT INTO schools (id, kind, geog, gates)
SELECT j->'properties'->>'id',
       coalesce(j->'properties'->>'school_kind', 'school'),
       ST_GeomFromGeoJSON(j->'geometry')::geography,
       CASE WHEN jsonb_array_length(coalesce(j->'properties'->'gates', '[]')) > 0 THEN
         ST_GeomFromGeoJSON(jsonb_build_object('type', 'MultiPoint', 'coordinates', j->'properties'->'gates'))::geography
       END
FROM staging;
\else
INSERT INTO features (id, category, geog)
SELECT j->'properties'->>'id',
       CASE WHEN j->'properties'->>'kind' = 'water' THEN 'water' ELSE j->'properties'->>'category' END,
       ST_GeomFromGeoJSON(j->'geometry')::geography
FROM staging;
\endif
TRUNCATE staging;
