#!/bin/sh
# Compares the patrol planner (geo.PlanPatrol: greedy, local search and a
# Lagrangian bound) with CBC, an exact MIP solver, on a medium synthetic
# instance, and prints both objectives and times: `make bench-patrol`.
# Installs Debian's coinor-cbc when it is missing. SCHOOLS, CANDIDATES, K,
# RADIUS (meters) and CBC_SECONDS (CBC's time limit) change the instance.
set -eu
SCHOOLS=${SCHOOLS:-5000}
CANDIDATES=${CANDIDATES:-20000}
K=${K:-50}
RADIUS=${RADIUS:-500}
CBC_SECONDS=${CBC_SECONDS:-600}

if ! command -v cbc >/dev/null 2>&1; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update
	$sudo apt-get install -y coinor-cbc
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$(dirname "$0")/.."
go build -o "$dir/patrolcbc" ./scripts/patrolcbc
"$dir/patrolcbc" -schools "$SCHOOLS" -candidates "$CANDIDATES" -k "$K" -radius "$RADIUS" -lp "$dir/patrol.lp" >"$dir/ours.json"

start=$(date +%s.%N)
cbc "$dir/patrol.lp" sec "$CBC_SECONDS" solve solu "$dir/cbc.sol" >"$dir/cbc.log"
end=$(date +%s.%N)

field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" "$dir/ours.json"; }
status=$(head -n 1 "$dir/cbc.sol")
cbc_obj=$(echo "$status" | sed -n 's/.*objective value *//p')
cbc_cpu=$(sed -n 's/.*Total time (CPU seconds): *\([0-9.]*\).*/\1/p' "$dir/cbc.log")
echo "instance: $SCHOOLS schools, $CANDIDATES candidates ($(field useful_candidates) cover a school no existing post does), K = $K, R = $RADIUS m"
echo "LP file:  $(wc -c <"$dir/patrol.lp") bytes"
awk -v ours="$(field objective)" -v bound="$(field upper_bound)" -v greedy="$(field greedy)" \
	-v t="$(field seconds)" -v cbc="$cbc_obj" -v st="$status" -v s="$start" -v e="$end" -v cpu="$cbc_cpu" 'BEGIN {
	printf "safezone: covered %g (greedy alone %g), upper bound %g, gap %g, %.3f s\n", ours, greedy, bound, bound - ours, t
	printf "cbc:      %s; %.3f s wall, %s s CPU\n", st, e - s, cpu
	if (cbc != "") printf "safezone / cbc: %.5f of its objective; bound - cbc = %g\n", ours / cbc, bound - cbc
	if (cbc != "" && ours > cbc + 1e-6) { print "error: safezone covers more than CBC found"; exit 1 }
	if (cbc != "" && st ~ /^Optimal/ && bound < cbc - 1e-6) { print "error: the upper bound is below CBC'"'"'s optimum"; exit 1 }
}'
