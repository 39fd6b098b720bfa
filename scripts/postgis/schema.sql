-- Tables for one benchmark run; scripts/bench-postgis.sh loads them.
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS staging, schools, features, rules, pg_hits, sz_hits;

-- One GeoJSON Feature per row, read line by line from the NDJSON files.
CREATE UNLOGGED TABLE staging (j jsonb NOT NULL);

-- Schools: the campus (polygon) or point, and the gates as one MultiPoint.
CREATE TABLE schools (
	id    text PRIMARY KEY,
	kind  text NOT NULL,
	geog  geography NOT NULL,
	gates geography
);

-- Businesses and water bodies: what the rules are checked for.
CREATE TABLE features (
	id       text PRIMARY KEY,
	category text NOT NULL,
	geog     geography NOT NULL
);

-- The rule pack, one row per (rule, category), from go run ./scripts/postgis.
CREATE TABLE rules (
	rule_id       text NOT NULL,
	category      text NOT NULL,
	distance_m    float8 NOT NULL,
	measured_from text NOT NULL,
	school_kinds  text[] NOT NULL
);

-- safezone audit's CSV, for the comparison.
CREATE TABLE sz_hits (
	feature_id text, feature_name text, category text, school_id text, school_name text, school_kind text,
	rule_id text, severity text, distance_m float8, limit_m float8, measured_from text, document text, clause text
);
