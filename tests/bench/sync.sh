#!/bin/sh
# Benchmark: gw-sync against pgloader (Debian's pgloader, SQLite to PostgreSQL) on the same store
# of 1,000,000 observations (N=... to change), in one run, on one private PostgreSQL server
# (initdb and pg_ctl in a temporary folder, a Unix socket, fsync on; stopped at the end):
#   - full: gw-sync into an empty schema (tables, their indexes, every view, the change triggers
#     in the store) against pgloader of the same tables (data, indexes, no views), each into a
#     fresh schema or database, ROUNDS rounds alternating;
#   - incremental: 1% new observations (N/100) added to the store, then gw-sync into the replica
#     of the round before, ROUNDS rounds.
# The store: a gigawatt store (every migration) whose obs_grid_request holds N rows of 100
# documents shaped like the ISO queues (generated in SQL: 8 ISOs, statuses, fuels, counties, MW,
# dates), the rest as the migrations seed it. Prints each time, min and median, and the ratios:
# full sync / pgloader (target: at most 1) and full / incremental (target: at least 20).
# Timings never decide a test; this prints them.
set -eu
N=${N:-1000000}
ROUNDS=${ROUNDS:-3}
GW_BIN=${GW_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/bin}
PG_BINDIR=${PG_BINDIR:-$(pg_config --bindir 2>/dev/null || true)}
[ -x "$PG_BINDIR/initdb" ] || PG_BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
for t in initdb pg_ctl; do
	[ -x "$PG_BINDIR/$t" ] || { echo "bench/sync: no $t (Debian's postgresql package)" >&2; exit 1; }
done
command -v pgloader >/dev/null || { echo "bench/sync: no pgloader (Debian's pgloader package)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-sync.XXXXXX")
sock=$work/pg
as() { if [ "$(id -u)" = 0 ]; then su nobody -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
stop() {
	[ -f "$sock/data/postmaster.pid" ] && as "'$PG_BINDIR/pg_ctl' -D '$sock/data' -m fast -w stop" >/dev/null 2>&1
	rm -rf "$work"
}
trap stop EXIT
mkdir -p "$sock"
if [ "$(id -u)" = 0 ]; then chmod 711 "$work" && chown nobody "$sock"; fi
as "'$PG_BINDIR/initdb' -D '$sock/data' -U gw -A trust -E UTF8 --locale=C" >"$work/initdb.log" 2>&1
as "'$PG_BINDIR/pg_ctl' -D '$sock/data' -l '$sock/log' -w -o \"-k '$sock' -c listen_addresses='' -c max_wal_size=4GB -c shared_buffers=512MB\" start" >/dev/null
PG="host=$sock user=gw dbname=postgres"
psqlq() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h "$sock" -U gw -d postgres -c "$1"; }
cd "$work"

# the store: the schema from gw-load, then N observations in SQL
"$GW_BIN/gw-load" -q -d store.db </dev/null
if sqlite3 store.db "select 1 from pragma_table_info('obs_grid_request') where name = 'doc_id'" | grep -q 1; then
	doccol=doc_id docval="d.id"
else
	doccol=doc docval="d.sha256"
fi
t0=$(date +%s.%N)
sqlite3 store.db <<SQL
BEGIN;
INSERT INTO documents(sha256, url, name, source, parser, first_seen, last_seen, published)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
SELECT lower(hex(randomblob(32))), 'https://example.org/queue-' || i || '.xlsx', 'queue-' || i || '.xlsx',
       'iso-' || (i % 8), 'pjm-queue', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', date('2024-01-01', '+' || i || ' days')
FROM n;
CREATE TEMP TABLE docs AS SELECT row_number() OVER (ORDER BY rowid) - 1 AS k, $docval AS v FROM documents d;
INSERT INTO obs_grid_request(key, $doccol, loc, as_of, run, iso, queue_id, project, request_kind, fuel, fuel_raw, mw,
	status, status_raw, county, state, requested, expected_online, developer, poi, state_code)
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $N - 1)
SELECT 'iso' || (i % 8) || ':' || (i / 100), (SELECT v FROM docs WHERE k = i % 100), 'Data row ' || (i / 100 + 2),
       date('2024-01-01', '+' || (i % 100) || ' days'), NULL,
       CASE i % 8 WHEN 0 THEN 'PJM' WHEN 1 THEN 'MISO' WHEN 2 THEN 'SPP' WHEN 3 THEN 'ERCOT' WHEN 4 THEN 'CAISO'
            WHEN 5 THEN 'NYISO' WHEN 6 THEN 'ISO-NE' ELSE 'BPA' END,
       printf('Q%07d', i / 100), 'Project ' || (i / 100) || ' Solar and Storage',
       CASE WHEN i % 37 = 0 THEN 'load' ELSE 'generation' END,
       CASE i % 5 WHEN 0 THEN 'solar' WHEN 1 THEN 'wind' WHEN 2 THEN 'storage' WHEN 3 THEN 'gas' ELSE 'hybrid' END,
       CASE i % 5 WHEN 0 THEN 'SUN' WHEN 1 THEN 'WND' WHEN 2 THEN 'BAT' WHEN 3 THEN 'NG' ELSE 'SUN/BAT' END,
       round((i * 7919 % 100000) / 97.0, 1),
       CASE i % 4 WHEN 0 THEN 'active' WHEN 1 THEN 'withdrawn' WHEN 2 THEN 'operational' ELSE 'active' END,
       CASE i % 4 WHEN 0 THEN 'Active' WHEN 1 THEN 'Withdrawn' WHEN 2 THEN 'In Service' ELSE 'Active' END,
       'County ' || (i % 250), 'TX', date('2015-01-01', '+' || (i % 3650) || ' days'),
       date('2026-01-01', '+' || (i % 1500) || ' days'), 'Developer ' || (i % 900) || ' LLC',
       'Substation ' || (i % 4000) || ' 345 kV', 'TX'
FROM n;
COMMIT;
SQL
t1=$(date +%s.%N)
rows=$(sqlite3 store.db "select count(*) from obs_grid_request")
echo "store: $rows observations in obs_grid_request ($(du -m store.db | cut -f1) MB), made in $(echo "$t1 - $t0" | bc) s"

# the tables pgloader copies: those gw-sync mirrors (not SQLite's own, not the R*Tree's)
tables=$(sqlite3 store.db "select group_concat('''' || name || '''', ', ') from pragma_table_list
	where schema = 'main' and type = 'table' and name not like 'sqlite%' and name not like 'sync%'")
cat >load.pgl <<PGL
LOAD DATABASE
	FROM sqlite://$work/store.db
	INTO postgresql://gw@unix:$sock:5432/pgl
	WITH include drop, create tables, create indexes, reset sequences
	SET work_mem TO '64MB', maintenance_work_mem TO '256MB'
	INCLUDING ONLY TABLE NAMES LIKE $tables;
PGL

# now: seconds since the epoch, with nanoseconds
now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
min() { sort -n | head -1; }

: >full.t
: >pgl.t
r=1
while [ $r -le "$ROUNDS" ]; do
	psqlq "drop schema if exists gigawatt cascade" 2>/dev/null
	cp store.db round.db
	rm -f round.db-wal round.db-shm
	a=$(now)
	"$GW_BIN/gw-sync" -q -d round.db --postgres "$PG"
	b=$(now)
	echo "$b - $a" | bc >>full.t
	psqlq "drop database if exists pgl" && psqlq "create database pgl"
	a=$(now)
	pgloader --quiet load.pgl >pgloader.log 2>&1 || { cat pgloader.log >&2; exit 1; }
	b=$(now)
	echo "$b - $a" | bc >>pgl.t
	n1=$(psqlq "select count(*) from gigawatt.obs_grid_request")
	n2=$(psql -X -qtA -h "$sock" -U gw -d pgl -c "select count(*) from obs_grid_request" 2>/dev/null ||
		psql -X -qtA -h "$sock" -U gw -d pgl -c "select count(*) from public.obs_grid_request")
	echo "round $r: full gw-sync $(tail -1 full.t) s ($n1 rows), pgloader $(tail -1 pgl.t) s ($n2 rows)"
	r=$((r + 1))
done

# incremental: 1% new observations, then a sync of the replica of the last round
: >inc.t
r=1
while [ $r -le "$ROUNDS" ]; do
	k=$((N / 100))
	cols=$(sqlite3 round.db "select group_concat(name, ', ') from pragma_table_info('obs_grid_request')
		where name not in ('id', 'key')")
	sqlite3 round.db "insert into obs_grid_request(key, $cols) select key || '#r$r', $cols from obs_grid_request
		where id in (select id from obs_grid_request order by id limit $k)"
	a=$(now)
	"$GW_BIN/gw-sync" -q -d round.db --postgres "$PG"
	b=$(now)
	echo "$b - $a" | bc >>inc.t
	echo "round $r: incremental gw-sync of $k new rows $(tail -1 inc.t) s"
	r=$((r + 1))
done
echo "obs_grid_request: $(sqlite3 round.db "select count(*) from obs_grid_request") rows in the store," \
	"$(psqlq "select count(*) from gigawatt.obs_grid_request") in the replica"

fm=$(median <full.t) pm=$(median <pgl.t) im=$(median <inc.t)
fn=$(min <full.t) pn=$(min <pgl.t) in=$(min <inc.t)
echo "full gw-sync: min $fn s, median $fm s; pgloader: min $pn s, median $pm s; incremental: min $in s, median $im s"
echo "full gw-sync / pgloader: $(echo "scale=2; $fn / $pn" | bc) (min), $(echo "scale=2; $fm / $pm" | bc) (median) (target: at most 1)"
echo "full / incremental: $(echo "scale=1; $fn / $in" | bc)x (min), $(echo "scale=1; $fm / $im" | bc)x (median) (target: at least 20x)"
