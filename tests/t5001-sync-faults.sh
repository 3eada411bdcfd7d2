#!/bin/sh
# gw-sync when things go wrong, on a real PostgreSQL server (tests/pg-lib.sh): the server down, a
# password refused, a replica made by a newer gigawatt, a row PostgreSQL refuses halfway through,
# a store that cannot be opened; each said with the server (or the store) and the problem, exit 1
# (4 for the store), and nothing of the failed run in the replica. Then gw-sync killed (SIGKILL)
# in the middle of a COPY: the replica stays as the last sync left it, and the next run gives
# the same replica as a sync from scratch.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/pg-lib.sh"
pg_need
pg_start || { echo "Bail out! the private PostgreSQL server did not start"; exit 1; }

# counts DB: the replica's row counts of a few tables, one line
counts() {
	psqlq "select (select count(*) from $1.documents) || ' ' || (select count(*) from $1.obs_capacity)
		|| ' ' || (select count(*) from $1.obs_fab) || ' ' || (select count(*) from $1.runs)"
}

test_expect_success 'a store (fixtures/sources.conf crawled offline) synced once' '
	test_expect_code 1 gw-crawl -q -d s.db -s "$FIXTURES/sources.conf" 2>/dev/null &&
	cp s.db never.db &&
	gw-sync -q -d s.db --postgres "$PG" &&
	counts gigawatt >before &&
	gw-parse -q -d s.db "$FIXTURES/prices/lambda-pricing.html" >rec.jsonl && gw-load -q -d s.db rec.jsonl
'

test_expect_success 'the server down: the socket named, exit 1, the store not written' '
	cp never.db down.db &&
	test_expect_code 1 gw-sync -d down.db --postgres "host=$TRASH/nothere user=gw dbname=postgres" >out 2>err &&
	grep -q "^gw-sync: PostgreSQL on socket $TRASH/nothere/.s.PGSQL.5432 (database postgres, user gw): cannot connect: .*No such file or directory (is the server running?)" err &&
	! test -s out &&
	test_eq 0 "$(q down.db "select count(*) from sqlite_schema where name like '"'gw\\_sync\\_%'"' escape '"'\\'"'")"
'

test_expect_success 'a password refused: the server, the user and the reason, exit 1' '
	psqlq "create role pw login password '"'right'"'" &&
	{ printf "local all pw scram-sha-256\n" && cat "$PGSOCK/data/pg_hba.conf"; } >hba &&
	cp hba "$PGSOCK/data/pg_hba.conf" && pg_reload && sleep 1 &&
	test_expect_code 1 gw-sync -d s.db --postgres "host=$PGSOCK user=pw password=wrong dbname=postgres" 2>err &&
	grep -q "^gw-sync: PostgreSQL on socket $PGSOCK/.s.PGSQL.5432 (database postgres, user pw): cannot connect: password authentication failed for user \"pw\"" err &&
	counts gigawatt >after && test_cmp before after
'

test_expect_success 'a replica of a newer gw-sync (its format): refused, exit 1, nothing written' '
	psqlq "update gigawatt.gw_meta set value = '"'99'"' where key = '"'format'"'" &&
	test_expect_code 1 gw-sync -d s.db --postgres "$PG" 2>err &&
	grep -q "^gw-sync: PostgreSQL on socket $PGSOCK/.s.PGSQL.5432 (database postgres, user gw): schema gigawatt is a replica of format 99, made by a newer gw-sync than this one (which knows format 1): it will not write to it; update gigawatt" err &&
	counts gigawatt >after && test_cmp before after &&
	test_expect_code 1 gw-sync -d s.db --postgres "$PG" --check 2>err &&
	grep -q "format 99, made by a newer gw-sync" err &&
	psqlq "update gigawatt.gw_meta set value = '"'1'"' where key = '"'format'"'"
'

test_expect_success 'a replica made from a store of a newer schema: refused, exit 1, nothing written' '
	v=$(q s.db "pragma user_version") && nv=$((v + 1)) &&
	psqlq "update gigawatt.gw_meta set value = ($nv)::text where key = '"'store_schema'"'" &&
	test_expect_code 1 gw-sync -d s.db --postgres "$PG" 2>err &&
	grep -q "schema gigawatt was made from a store at schema version $((v + 1)), newer than s.db (version $v): it will not write to it" err &&
	counts gigawatt >after && test_cmp before after &&
	psqlq "update gigawatt.gw_meta set value = ($v)::text where key = '"'store_schema'"'"
'

test_expect_success 'a row PostgreSQL refuses (not UTF-8) after other tables copied: exit 1, none of it kept' '
	cp s.db bad.db &&
	q bad.db "update obs_capacity set phase = cast(x'"'41ff42'"' as text) where id = (select min(id) from obs_capacity)" &&
	test_expect_code 1 gw-sync -d bad.db --postgres "$PG" 2>err &&
	grep -q "^gw-sync: PostgreSQL on socket .*: .*obs_capacity.*: invalid byte sequence for encoding \"UTF8\": 0xff" err &&
	counts gigawatt >after && test_cmp before after
'

test_expect_success 'a schema that holds other tables is not taken for a replica' '
	psqlq "create schema theirs; create table theirs.t (x int)" &&
	test_expect_code 1 gw-sync -d s.db --postgres "$PG" --schema theirs 2>err &&
	grep -q "schema theirs holds tables and is not a gigawatt replica (it has no gw_meta); choose another with --schema" err &&
	test_eq 1 "$(psqlq "select count(*) from pg_tables where schemaname = '"'theirs'"'")"
'

test_expect_success 'the store fails: a folder, not a store; a store of a newer schema: exit 4, named' '
	mkdir folder.db &&
	test_expect_code 4 gw-sync -d folder.db --postgres "$PG" 2>err &&
	grep -q "^gw-sync: folder.db: " err &&
	cp s.db newer.db && q newer.db "pragma user_version = 9999" &&
	test_expect_code 4 gw-sync -d newer.db --postgres "$PG" 2>err &&
	grep -q "^gw-sync: newer.db: the store is at schema version 9999, newer than this gw-sync" err &&
	counts gigawatt >after && test_cmp before after
'

test_expect_success 'after the failures, the next sync completes the replica' '
	gw-sync -q -d s.db --postgres "$PG" &&
	gw-sync -d s.db --postgres "$PG" --check >out && grep -q "hold the same rows" out
'

# the replica's rows of every table but its bookkeeping: one line a table, a count and a hash
replica() {
	for t in $(psqlq "select tablename from pg_tables where schemaname = '$1' and tablename not like 'gw\\_%'
			order by tablename collate \"C\""); do
		echo "$t $(psqlq "select count(*) || ' ' || coalesce(sum(hashtext(x::text)), 0) from $1.$t x")" || return 1
	done
}

test_expect_success 'SIGKILL in the middle of a sync (blocked on a table, earlier tables copied): nothing kept; the rerun equals a sync from scratch' '
	gw-parse -q -d s.db "$FIXTURES/prices/vast-offers.json" >rec.jsonl && gw-load -q -d s.db rec.jsonl &&
	q s.db "update obs_grid_request set mw = mw + 1 where id = 2" &&
	replica gigawatt >before &&
	{ psqlq "begin; lock table gigawatt.obs_grid_request in access exclusive mode; select pg_sleep(120)" >/dev/null 2>&1 &
	  locker=$!; } &&
	i=0 && while [ $i -lt 200 ] && test "$(psqlq "select count(*) from pg_locks l join pg_class c on c.oid = l.relation
		where c.relname = '"'obs_grid_request'"' and l.mode = '"'AccessExclusiveLock'"' and l.granted")" != 1; do
		i=$((i + 1)) && sleep 0.1 || return 1; done &&
	{ gw-sync -q -d s.db --postgres "$PG" >/dev/null 2>&1 & pid=$!; } &&
	i=0 && while [ $i -lt 300 ] && test "$(psqlq "select count(*) from pg_stat_activity
		where application_name = '"'gw-sync'"' and wait_event_type = '"'Lock'"'")" != 1; do
		i=$((i + 1)) && sleep 0.1 || return 1; done &&
	test_eq 1 "$(psqlq "select count(*) from pg_stat_activity where application_name = '"'gw-sync'"' and wait_event_type = '"'Lock'"'")" &&
	kill -9 $pid && { wait $pid; rc=$?; } && test $rc -eq 137 &&
	psqlq "select pg_terminate_backend(pid) from pg_stat_activity where query like '"'%pg_sleep(120)%'"'
		and pid <> pg_backend_pid()" >/dev/null && { wait $locker; true; } &&
	i=0 && while [ $i -lt 200 ] && test "$(psqlq "select count(*) from pg_stat_activity where application_name = '"'gw-sync'"'")" != 0; do
		i=$((i + 1)) && sleep 0.1 || return 1; done &&
	replica gigawatt >after && test_cmp before after &&
	gw-sync -q -d s.db --postgres "$PG" &&
	gw-sync -d s.db --postgres "$PG" --check >out && grep -q "hold the same rows" out &&
	gw-sync -q -d s.db --postgres "$PG" --schema fresh &&
	replica gigawatt >again && replica fresh >fresh && test_cmp fresh again &&
	! test_cmp before again >/dev/null
'
test_done
