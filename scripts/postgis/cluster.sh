# Throwaway PostgreSQL cluster for benchmarks and tests, sourced by
# scripts/bench-postgis.sh and scripts/test-postgres.sh (bash).
#
#   pg_ensure           install postgresql and postgis from Debian when missing
#   pg_start [SETTING]  initdb in a temp dir and start on 127.0.0.1 and a unix
#                       socket in that dir; sets PGHOST, PGPORT, PGUSER, PGDATABASE
#                       and PG_DSN. Each SETTING is a postgres -c name=value.
#   pg_stop             stop the server and remove the temp dir; safe to call
#                       twice, so it can be the EXIT trap
#
# PostgreSQL refuses to run as root, so as root the server runs as the
# "postgres" user that Debian's package creates. Nothing listens on any
# address other than 127.0.0.1.

pg_bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] && echo "$d"
}

pg_has_postgis() {
	local bin
	bin=$(pg_bindir) || return 1
	[ -f "$("$bin/pg_config" --sharedir)/extension/postgis.control" ]
}

pg_ensure() {
	if [ -n "$(pg_bindir)" ] && pg_has_postgis; then
		return 0
	fi
	echo "installing postgresql and postgis from Debian" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib
	local major
	major=$(basename "$(dirname "$(pg_bindir)")")
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-postgis-3"
	pg_has_postgis || { echo "postgis did not install" >&2; return 1; }
}

# pg_as runs a command as the server's user.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	local bin opts try
	bin=$(pg_bindir) || { echo "no PostgreSQL found: run pg_ensure" >&2; return 1; }
	PG_TMP=$(mktemp -d /tmp/safezone-pg.XXXXXX)
	chmod 755 "$PG_TMP"
	mkdir "$PG_TMP/data"
	[ "$(id -u)" = 0 ] && chown postgres: "$PG_TMP/data"
	pg_as "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 ||
		{ cat "$PG_TMP/initdb.log" >&2; return 1; }
	opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_TMP/data"
	for s in "$@"; do opts="$opts -c $s"; done
	# A random port, again on a clash with another server.
	for try in 1 2 3 4 5; do
		PGPORT=$((20000 + RANDOM % 30000))
		if pg_as "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/data/server.log" -w -t 60 \
			-o "-p $PGPORT $opts" start >/dev/null; then
			export PGHOST=127.0.0.1 PGPORT PGUSER=postgres PGDATABASE=postgres
			export PG_DSN="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
			return 0
		fi
	done
	cat "$PG_TMP/data/server.log" >&2
	return 1
}

pg_stop() {
	[ -n "${PG_TMP:-}" ] || return 0
	if [ -f "$PG_TMP/data/postmaster.pid" ]; then
		pg_as "$(pg_bindir)/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$PG_TMP"
	PG_TMP=
}

# pg_versions prints the server's PostgreSQL and PostGIS versions.
pg_versions() {
	psql -XAtq -c "SELECT version()" -c "SELECT postgis_full_version()"
}
