#!/usr/bin/env bash
# bench-postgis.sh times `safezone audit` against the same audit in PostGIS
# (geography, GiST, ST_DWithin + ST_Distance) on the same generated files,
# checks that both find the same (feature, school, rule) pairs with
# distances within 5 cm, and plots time against data size. Every pair only
# one side finds, or whose distances differ by more than 5 cm, is measured
# again by an independent reference (go run ./scripts/postgis reference).
#
#   scripts/bench-postgis.sh [SCHOOLSxBUSINESSES ...]     (make bench-postgis)
#
# Sizes default to "2000x20000 20000x200000"; the documented sweep adds
# 200000x2000000. Environment:
#   SEED=1            safezone gen seed
#   RULES=default     rule pack (id in data/rules or a YAML file)
#   REPEAT=1          runs of each audit and join; the fastest is kept
#   OUT=docs/benchmarks   writes OUT.tsv (one row per size), OUT.png and
#                     OUT-plans.txt (PostgreSQL's plan of the join)
#   DATA=/tmp/safezone-bench-data   generated files, kept for the next run
#   MAX_DIFF_M=0.05   a pair only one side finds must be this close to its
#                     rule's limit in PostGIS
# It installs postgresql, postgis, gnuplot and time from Debian when missing,
# starts a throwaway cluster on 127.0.0.1 and stops it on exit. It exits
# non-zero if, for any questioned pair, the reference sides with PostGIS
# against safezone (or with neither), or if a pair only one side finds is
# farther than MAX_DIFF_M from its limit.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgis/cluster.sh

read -r -a SIZES <<<"${*:-${SIZES:-2000x20000 20000x200000}}"
SEED=${SEED:-1}
RULES=${RULES:-default}
REPEAT=${REPEAT:-1}
OUT=${OUT:-docs/benchmarks}
DATA=${DATA:-/tmp/safezone-bench-data}
MAX_DIFF_M=${MAX_DIFF_M:-0.05}

pg_ensure
for tool in gnuplot:gnuplot-nox /usr/bin/time:time column:bsdextrautils; do
	command -v "${tool%%:*}" >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}"; }
done

WORK=$(mktemp -d /tmp/safezone-bench.XXXXXX)
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$WORK/safezone" ./cmd/safezone
go build -o "$WORK/postgis" ./scripts/postgis
"$WORK/postgis" rules --rules "$RULES" >"$WORK/rules.tsv"

# PostgreSQL may use both cores as safezone does (GOMAXPROCS); durability is
# off because neither side needs it for a benchmark. JIT is off: it spends
# seconds compiling PostGIS function calls it cannot inline, which only
# slowed the join in our runs.
export PGOPTIONS='-c client_min_messages=warning'
pg_start jit=off shared_buffers=2GB work_mem=256MB maintenance_work_mem=2GB \
	max_parallel_workers_per_gather=2 max_parallel_maintenance_workers=2 \
	fsync=off synchronous_commit=off full_page_writes=off max_wal_size=8GB checkpoint_timeout=30min
psql -XAtq -c "CREATE EXTENSION postgis" >/dev/null
mapfile -t versions < <(pg_versions)
PG_VERSION=${versions[0]} POSTGIS_VERSION=${versions[1]}

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
minof() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }
sql() { psql -XAtq -v ON_ERROR_STOP=1 "$@"; }

machine() {
	echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), nproc $(nproc), memory $(free -g | awk '/^Mem:/ { print $2 }') GiB"
	echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "# $PG_VERSION"
	echo "# $POSTGIS_VERSION"
	echo "# go: $(go version | cut -d' ' -f3), seed $SEED, rules $RULES, repeat $REPEAT"
}

mkdir -p "$(dirname "$OUT")"
: >"$OUT-plans.txt"
{
	machine
	printf 'schools\tbusinesses\tfeatures\tpairs\tsz_read_s\tsz_index_s\tsz_audit_s\tsz_write_s\tsz_total_s\tsz_rss_mb'
	printf '\tpg_load_s\tpg_index_s\tpg_join_s\tpg_total_s\taudit_ratio\ttotal_ratio\tmax_diff_m\tonly_sz\tonly_pg\tload_avg\tover_5cm\tref_diff_m\twrong\tboundary_m\twithin_5cm_max_m\n'
} >"$OUT.tsv"

status=0
for size in "${SIZES[@]}"; do
	schools=${size%x*} businesses=${size#*x}
	dir="$DATA/${schools}x${businesses}-seed$SEED"
	if [ ! -f "$dir/done" ]; then
		"$WORK/safezone" gen --schools "$schools" --businesses "$businesses" --seed "$SEED" --out "$dir" >&2
		touch "$dir/done"
	fi
	features=$(cat "$dir"/*.geojsonl | wc -l)
	echo "== $schools schools x $businesses businesses ($features features)" >&2

	# safezone: the whole process (read, index, audit, write CSV), and its
	# own stage timings. The fastest of REPEAT runs.
	sz_total='' sz_audit=''
	for _ in $(seq "$REPEAT"); do
		t0=$(now)
		/usr/bin/time -f '%M' -o "$WORK/rss" "$WORK/safezone" audit --data "$dir" --rules "$RULES" \
			--timings --out "$WORK/sz.csv" 2>"$WORK/sz.err" || { cat "$WORK/sz.err" >&2; exit 1; }
		t=$(secs "$t0" "$(now)")
		timing=$(grep '^timings:' "$WORK/sz.err")
		stage() { sed -E "s/.* $1=([0-9.]+)s.*/\1/" <<<"$timing"; }
		if [ -z "$sz_total" ] || awk -v a="$t" -v b="$sz_total" 'BEGIN { exit !(a < b) }'; then
			sz_total=$t sz_read=$(stage read) sz_index=$(stage index) sz_write=$(stage write)
			sz_rss=$(awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss")
		fi
		sz_audit=$(minof "$(stage audit)" "$sz_audit")
	done
	echo "safezone: $timing; total ${sz_total}s" >&2

	# PostGIS: load (COPY the lines into jsonb, ST_GeomFromGeoJSON), index
	# (GiST on geography, ANALYZE), join.
	sql -f scripts/postgis/schema.sql >/dev/null
	sql -c "COPY rules FROM STDIN" <"$WORK/rules.tsv"
	# One session for the whole load: a new backend costs a PostGIS start-up.
	for f in schools businesses water; do
		target=features
		[ "$f" = schools ] && target=schools
		# CSV with quote and delimiter bytes that never occur in the files
		# reads each line whole, backslashes and all.
		echo "\\copy staging FROM '$dir/$f.geojsonl' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"
		echo "\\set target $target"
		echo "\\ir $PWD/scripts/postgis/load.sql"
	done >"$WORK/load.sql"
	t0=$(now)
	sql -f "$WORK/load.sql"
	t1=$(now)
	sql -f scripts/postgis/index.sql
	t2=$(now)
	pg_load=$(secs "$t0" "$t1") pg_index=$(secs "$t1" "$t2") pg_join=''
	for _ in $(seq "$REPEAT"); do
		sql -c "DROP TABLE IF EXISTS pg_hits"
		t0=$(now)
		sql -f scripts/postgis/join.sql
		pg_join=$(minof "$(secs "$t0" "$(now)")" "$pg_join")
	done
	# The plan of the join, for the record (not timed).
	{
		echo "-- $schools schools x $businesses businesses"
		sql -c "EXPLAIN $(sed -n '/^SELECT/,$p' scripts/postgis/join.sql)"
	} >>"$OUT-plans.txt"
	pg_total=$(awk -v a="$pg_load" -v b="$pg_index" -v c="$pg_join" 'BEGIN { printf "%.3f", a + b + c }')
	echo "postgis: load=${pg_load}s index=${pg_index}s join=${pg_join}s total=${pg_total}s" >&2

	sql -c "COPY sz_hits FROM STDIN WITH (FORMAT csv, HEADER)" <"$WORK/sz.csv"
	sql -f scripts/postgis/compare.sql >"$WORK/cmp.txt"
	cat "$WORK/cmp.txt" >&2
	cmp=$(head -n 1 "$WORK/cmp.txt")
	# The questioned pairs, measured again by the reference.
	sql -c "CREATE TABLE reference (feature_id text, school_id text, measured_from text, ref_m float8)"
	sql -c "COPY (SELECT DISTINCT feature_id, school_id, measured_from FROM questioned) TO STDOUT" >"$WORK/questioned.tsv"
	if [ -s "$WORK/questioned.tsv" ]; then
		"$WORK/postgis" reference --data "$dir" <"$WORK/questioned.tsv" >"$WORK/reference.tsv"
		sql -c "COPY reference FROM STDIN" <"$WORK/reference.tsv"
	fi
	sql -f scripts/postgis/verdict.sql >"$WORK/verdict.txt"
	cat "$WORK/verdict.txt" >&2
	verdict=$(tail -n 1 "$WORK/verdict.txt")
	field() { sed -E "s/.*[ ^]$1=([0-9.]+).*/\1/" <<<" $cmp $verdict"; }
	pairs=$(field pg_pairs) only_sz=$(field only_sz) only_pg=$(field only_pg) max_diff=$(field max_diff_m)
	over=$(field over_5cm) ref_diff=$(field ref_diff_m) wrong=$(field wrong) boundary=$(field boundary_m)
	audit_ratio=$(awk -v a="$pg_join" -v b="$sz_audit" 'BEGIN { printf "%.1f", a / b }')
	total_ratio=$(awk -v a="$pg_total" -v b="$sz_total" 'BEGIN { printf "%.1f", a / b }')
	echo "ratio: join/audit ${audit_ratio}x, total ${total_ratio}x" >&2
	printf '%s\t' "$schools" "$businesses" "$features" "$pairs" "$sz_read" "$sz_index" "$sz_audit" "$sz_write" \
		"$sz_total" "$sz_rss" "$pg_load" "$pg_index" "$pg_join" "$pg_total" "$audit_ratio" "$total_ratio" \
		"$max_diff" "$only_sz" >>"$OUT.tsv"
	printf '%s\t' "$only_pg" "$(cut -d' ' -f1 /proc/loadavg)" "$over" "$ref_diff" "$wrong" >>"$OUT.tsv"
	printf '%s\t%s\n' "$boundary" "$(field within_5cm_max_m)" >>"$OUT.tsv"
	if [ "$wrong" != 0 ] || awk -v d="$boundary" -v m="$MAX_DIFF_M" 'BEGIN { exit !(d > m) }'; then
		echo "FAIL: safezone disagrees with the reference on $wrong pairs, or a pair only one side finds is ${boundary} m from its limit" >&2
		status=1
	fi
done

scripts/postgis/plot.sh "$OUT.tsv" "$OUT.png"
column -t -s $'\t' <(grep -v '^#' "$OUT.tsv") >&2
exit $status
