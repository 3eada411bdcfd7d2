# pg-lib.sh: a private PostgreSQL server for a test script (sourced after test-lib.sh).
# pg_start makes a cluster with initdb in $TRASH/pg and starts it with pg_ctl, listening on a
# Unix socket in that folder only (no TCP port), and registers its stop with test_cleanup, so
# it stops when the script ends, whatever happened. The server runs as the user running the
# test, or as nobody when that is root (initdb refuses root). Debian's postgresql package.
PG_BINDIR=${PG_BINDIR:-$(pg_config --bindir 2>/dev/null)}
[ -x "$PG_BINDIR/initdb" ] || PG_BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PGSOCK=$TRASH/pg
PG="host=$PGSOCK user=gw dbname=postgres"
export PGSOCK PG

# pg_as CMD...: CMD as the server's user
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		su nobody -s /bin/sh -c "$*"
	else
		sh -c "$*"
	fi
}

# skips the whole script when there is no server to start
pg_need() {
	[ -x "$PG_BINDIR/initdb" ] && [ -x "$PG_BINDIR/pg_ctl" ] && command -v psql >/dev/null 2>&1 ||
		test_skip_all "no PostgreSQL server binaries (Debian's postgresql package) or psql"
}

pg_start() {
	mkdir -p "$PGSOCK" || return 1
	if [ "$(id -u)" = 0 ]; then
		chmod 711 "$TRASH" && chown nobody "$PGSOCK" || return 1
	fi
	pg_as "'$PG_BINDIR/initdb' -D '$PGSOCK/data' -U gw -A trust -E UTF8 --locale=C" >"$TRASH/initdb.log" 2>&1 || {
		cat "$TRASH/initdb.log" >&2
		return 1
	}
	test_cleanup pg_stop
	pg_as "'$PG_BINDIR/pg_ctl' -D '$PGSOCK/data' -l '$PGSOCK/log' -w -t 60 -o \"-k '$PGSOCK' -c listen_addresses='' -c fsync=off\" start" >/dev/null || {
		cat "$PGSOCK/log" >&2
		return 1
	}
}

pg_stop() {
	[ -f "$PGSOCK/data/postmaster.pid" ] && pg_as "'$PG_BINDIR/pg_ctl' -D '$PGSOCK/data' -m immediate -w -t 30 stop" >/dev/null 2>&1
	return 0
}

# pg_reload: after pg_hba.conf changed
pg_reload() { pg_as "'$PG_BINDIR/pg_ctl' -D '$PGSOCK/data' reload" >/dev/null; }

# psqlq SQL: the values of a query, one row a line, columns separated by |
psqlq() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$PGSOCK" -U gw -d postgres -c "$1"; }
