#!/usr/bin/env bash
# test-postgres.sh runs the PostgreSQL store's tests against a throwaway
# cluster: it installs PostgreSQL from Debian when missing, starts a server
# on 127.0.0.1, sets SAFEZONE_TEST_POSTGRES to it, runs the tests, and stops
# the server on exit (make test-postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/postgis/cluster.sh
pg_ensure
trap pg_stop EXIT
trap 'exit 130' INT TERM
pg_start fsync=off
export SAFEZONE_TEST_POSTGRES=$PG_DSN
go test -race -count=1 -run 'Postgres|Backend' -v ./store ./cmd/safezone "$@"
