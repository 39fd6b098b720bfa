#!/usr/bin/env bash
# pgrouting-check.sh cross-checks safezone's pedestrian graph and its
# shortest walks against PostGIS and pgRouting (make bench-walk):
#
#   1. `safezone walk-graph` exports the graph of DATA (default: the demo) as
#      an edge list, with the ends of every segment, and PAIRS random node
#      pairs with our walking distance (Dijkstra, one-way footways honoured).
#   2. A throwaway PostgreSQL cluster on 127.0.0.1 (scripts/postgis/cluster.sh,
#      installing postgresql, postgis and pgrouting from Debian when missing)
#      loads them; PostGIS measures every segment itself, as geography on the
#      WGS84 spheroid, and pgr_dijkstraCost walks every pair twice: on our
#      lengths and on PostGIS's.
#   3. It prints the largest differences, and stops the server on exit.
#
# Usage: scripts/pgrouting-check.sh [DATA] [PAIRS]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-data/chengdu-2018.osm.pbf}
PAIRS=${2:-1000}
. scripts/postgis/cluster.sh

pg_has_pgrouting() {
	local bin
	bin=$(pg_bindir) || return 1
	[ -f "$("$bin/pg_config" --sharedir)/extension/pgrouting.control" ]
}

pg_ensure
if ! pg_has_pgrouting; then
	major=$(basename "$(dirname "$(pg_bindir)")")
	echo "installing postgresql-$major-pgrouting from Debian" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-pgrouting"
	pg_has_pgrouting || { echo "pgrouting did not install" >&2; exit 1; }
fi

trap pg_stop EXIT
trap 'exit 130' INT TERM
pg_start fsync=off
WORK=$PG_TMP/walk
mkdir -p "$WORK"
chmod 755 "$WORK"

go build -o "$WORK/safezone" ./cmd/safezone
start=$(date +%s.%N)
"$WORK/safezone" walk-graph --data "$DATA" --out "$WORK/edges.csv" --pairs-out "$WORK/pairs.csv" --pairs "$PAIRS" --max 1000000
ours=$(echo "$(date +%s.%N) - $start" | bc)
chmod 644 "$WORK"/*.csv

psql -XAq -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION postgis;
CREATE EXTENSION pgrouting;
CREATE TABLE edges (id bigint, source bigint, target bigint, cost float8, reverse_cost float8,
  lon1 float8, lat1 float8, lon2 float8, lat2 float8);
CREATE TABLE pairs (source bigint, target bigint, walking_m float8);
\copy edges FROM '$WORK/edges.csv' CSV HEADER
\copy pairs FROM '$WORK/pairs.csv' CSV HEADER
-- PostGIS's own length of each segment: geography on the WGS84 spheroid.
ALTER TABLE edges ADD COLUMN pg_m float8;
UPDATE edges SET pg_m = ST_Length(ST_MakeLine(ST_Point(lon1, lat1, 4326), ST_Point(lon2, lat2, 4326))::geography, true);
SQL

psql -XAtq -v ON_ERROR_STOP=1 -F ' ' <<'SQL'
\echo == versions
SELECT version();
SELECT 'PostGIS ' || postgis_lib_version() || ', pgRouting ' || pgr_version();
\echo == graph
SELECT count(*) || ' segments, ' || count(DISTINCT source) + 0 || ' sources' FROM edges;
\echo == segment lengths: ours (Karney, GeographicLib) against PostGIS geography
SELECT 'max |ours - PostGIS| = ' || to_char(max(abs(greatest(cost, reverse_cost) - pg_m)), 'FM0.000000000') || ' m over '
  || count(*) || ' segments (mean length ' || round(avg(pg_m)::numeric, 1) || ' m)' FROM edges;
\timing on
CREATE TABLE pg_ours AS SELECT * FROM pgr_dijkstraCost(
  'SELECT id, source, target, cost, reverse_cost FROM edges',
  'SELECT DISTINCT source, target FROM pairs WHERE source <> target', true);
CREATE TABLE pg_geog AS SELECT * FROM pgr_dijkstraCost(
  'SELECT id, source, target, CASE WHEN cost < 0 THEN -1 ELSE pg_m END AS cost,
          CASE WHEN reverse_cost < 0 THEN -1 ELSE pg_m END AS reverse_cost FROM edges',
  'SELECT DISTINCT source, target FROM pairs WHERE source <> target', true);
\timing off
\echo == shortest walks: ours against pgr_dijkstraCost
WITH j AS (
  SELECT p.source, p.target, p.walking_m, o.agg_cost AS on_ours, g.agg_cost AS on_geog
  FROM pairs p
  LEFT JOIN pg_ours o ON o.start_vid = p.source AND o.end_vid = p.target
  LEFT JOIN pg_geog g ON g.start_vid = p.source AND g.end_vid = p.target
  WHERE p.source <> p.target)
SELECT count(*) || ' pairs: ' ||
  count(*) FILTER (WHERE walking_m IS NOT NULL AND on_ours IS NOT NULL) || ' reachable in both, ' ||
  count(*) FILTER (WHERE walking_m IS NULL AND on_ours IS NULL) || ' unreachable in both, ' ||
  count(*) FILTER (WHERE (walking_m IS NULL) <> (on_ours IS NULL)) || ' disagree on reachability' || E'\n' ||
  'max |ours - pgRouting on our lengths|     = ' || to_char(coalesce(max(abs(walking_m - on_ours)), 0), 'FM0.000000000') || ' m' || E'\n' ||
  'max |ours - pgRouting on PostGIS lengths| = ' || to_char(coalesce(max(abs(walking_m - on_geog)), 0), 'FM0.000000000') || ' m' || E'\n' ||
  'longest walk compared: ' || round(max(walking_m)::numeric, 1) || ' m'
FROM j;
SQL
echo "ours: export and $PAIRS shortest walks (unbounded) in ${ours}s, including reading $DATA"
