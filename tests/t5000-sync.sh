#!/bin/sh
# gw-sync on a real PostgreSQL server (a private cluster in this test's folder, tests/pg-lib.sh):
# the demo store (demo/data crawled offline) replicated whole, every view created and compared
# with SQLite's row by row (--check: a row count and a checksum of every row, per table and
# view), views read in PostgreSQL checked by hand against the documents, an incremental sync
# copying only what changed, --grant, --check naming a difference, and the fixture store.
#
# Values checked by hand in the documents (demo/data, the same bytes as ../shared/corpus):
# - sec/CIK0001652044.json.gz (Alphabet companyfacts): us-gaap PaymentsToAcquirePropertyPlantAndEquipment,
#   units USD, the fact with frame CY2025 (start 2025-01-01, end 2025-12-31, accn 0001652044-26-000018):
#   val 91447000000; frame CY2024: 52535000000 (python3: json.load of the gunzipped file).
# - power/NYISO-Interconnection-Queue_2025-01-09.xlsx: column "Type/ Fuel" = "L" on 24 rows of sheet
#   "Interconnection Queue", 4 of "Withdrawn", 3 of "In Service", none on the cluster sheets: 31
#   load requests, their "SP (MW)" summing to 4767.1 (xlsx2csv -a, then python3 csv).
# - prices/H100_80GB_SXM5_2025-11-02.jsonl.gz: first snapshot "timestamp" 2025-10-19T21:01:58Z (a
#   Sunday: ISO week 2025-W42), last 2025-11-02T03:41:54Z (a Sunday: 2025-W44); so the index by ISO
#   week has the weeks 2025-W42, 2025-W43, 2025-W44 (python3 datetime.isocalendar).
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/pg-lib.sh"
pg_need

pg_start || { echo "Bail out! the private PostgreSQL server did not start"; exit 1; }

test_expect_success 'the demo store, crawled offline, is replicated whole into schema gigawatt' '
	test_expect_code 1 gw-crawl -q -d demo.db -s "$ROOT/demo/data/sources.conf" 2>crawl.err &&
	grep -q "fish mango watermelon" crawl.err &&
	gw-sync -d demo.db --postgres "$PG" >out 2>err &&
	grep -q "^gw-sync: demo.db -> schema gigawatt of PostgreSQL on socket $PGSOCK/.s.PGSQL.5432 (database postgres, user gw): store 0 of 1;" out &&
	grep -q "^obs_grid_request: $(q demo.db "select count(*) from obs_grid_request") rows copied, 0 deleted (all of this store" out &&
	test_eq "$(q demo.db "select count(*) from obs_grid_request")" "$(psqlq "select count(*) from gigawatt.obs_grid_request")" &&
	test_eq "$(q demo.db "select group_concat(sha256) from (select sha256 from documents order by 1)")" \
		"$(psqlq "select string_agg(sha256, '"','"' order by sha256) from gigawatt.documents")" &&
	! test -s err
'

test_expect_success 'every table and view of the store is in the replica, no view left out' '
	test_eq "$(q demo.db "select count(*) from sqlite_schema where type = '"'view'"'")" \
		"$(psqlq "select count(*) from pg_views where schemaname = '"'gigawatt'"'")" &&
	test_eq 0 "$(psqlq "select count(*) from gigawatt.gw_views where not ok")" &&
	q demo.db "select name from pragma_table_list where schema = '"'main'"' and type = '"'table'"'
		and name not like '"'sqlite%'"' and name not like '"'sync%'"' order by 1" >store.tables &&
	psqlq "select tablename from pg_tables where schemaname = '"'gigawatt'"' and tablename not like '"'gw\\_%'"'
		order by tablename collate \"C\"" >replica.tables &&
	test_cmp store.tables replica.tables
'

test_expect_success '--check: every table and every view holds the same rows in both' '
	gw-sync -d demo.db --postgres "$PG" --check >out 2>err &&
	n=$(q demo.db "select count(*) from pragma_table_list where schema = '"'main'"' and type = '"'table'"'
		and name not like '"'sqlite%'"' and name not like '"'sync%'"'") &&
	v=$(q demo.db "select count(*) from sqlite_schema where type = '"'view'"'") &&
	grep -q "hold the same rows: $n tables, $v views" out && ! test -s err
'

test_expect_success 'views read in PostgreSQL, by hand: Alphabet capex, NYISO loads, the H100 index weeks' '
	test_eq 91447000000 "$(psqlq "select usd from gigawatt.v_capex where company = '"'alphabet'"'
		and period_start = '"'2025-01-01'"' and period_end = '"'2025-12-31'"' and months = 12")" &&
	test_eq 52535000000 "$(psqlq "select usd from gigawatt.v_capex where company = '"'alphabet'"'
		and period_start = '"'2024-01-01'"' and period_end = '"'2024-12-31'"' and months = 12")" &&
	test_eq "NYISO|31|4767.1" "$(psqlq "select iso, load_requests, load_mw from gigawatt.v_grid_load_coverage
		where carries_loads = 1")" &&
	test_eq "2025-W42 2025-W43 2025-W44" "$(psqlq "select string_agg(period, '"' '"' order by period) from
		(select distinct period from gigawatt.v_price_index where sku = '"'h100-sxm'"' and period_kind = '"'week'"') w")"
'

test_expect_success 'nothing changed: the next sync copies nothing' '
	gw-sync -d demo.db --postgres "$PG" >out 2>err &&
	grep -q "(0 changed, 0 copied whole), 0 rows copied, 0 deleted;" out && ! test -s err
'

test_expect_success 'documents added to the store: the next sync copies only their rows' '
	for f in fabs/fabs_example.json permits/rezoning-notice.txt prices/lambda-pricing.html; do
		gw-parse -q -d demo.db "$FIXTURES/$f" >rec.jsonl && gw-load -q -d demo.db rec.jsonl || return 1
	done &&
	docs=$(q demo.db "select count(*) from documents") &&
	gw-sync -d demo.db --postgres "$PG" >out 2>err &&
	grep -q "^documents: 3 rows copied, 0 deleted (changes since the last sync)" out &&
	grep -q "^obs_fab: $(q demo.db "select count(*) from obs_fab") rows copied, 0 deleted (changes since" out &&
	grep -q "^obs_permit: $(q demo.db "select count(*) from obs_permit") rows copied, 0 deleted (changes since" out &&
	! grep -q "^obs_grid_request:" out &&
	! grep -q "^obs_.*all of this store" out &&
	test_eq "$docs" "$(psqlq "select count(*) from gigawatt.documents")" &&
	test -n "$(psqlq "select 1 from gigawatt.v_fabs limit 1")" &&
	gw-sync -d demo.db --postgres "$PG" --check >out &&
	grep -q "hold the same rows" out
'

test_expect_success 'rows updated and deleted in the store reach the replica (the triggers log them)' '
	q demo.db "update obs_capacity set mw = mw + 1 where id = 7; delete from obs_grid_request where id = 5" &&
	gw-sync -d demo.db --postgres "$PG" >out &&
	grep -q "^obs_capacity: 1 rows copied, 1 deleted" out &&
	grep -q "^obs_grid_request: 0 rows copied, 1 deleted" out &&
	test_eq "$(q demo.db "select printf('"'%.6f'"', mw) from obs_capacity where id = 7")" \
		"$(psqlq "select to_char(mw, '"'FM999999990.000000'"') from gigawatt.obs_capacity where id = 7")" &&
	test_eq 0 "$(psqlq "select count(*) from gigawatt.obs_grid_request where id = 5")" &&
	test_eq 0 "$(q demo.db "select count(*) from sync_dirty")" &&
	test "$(q demo.db "select pruned from sync_store")" -gt 0 &&
	gw-sync -d demo.db --postgres "$PG" --check >out && grep -q "hold the same rows" out
'

test_expect_success '--check names what differs (exit 1), and --full copies the store again' '
	psqlq "update gigawatt.operators set name = '"'Meta (edited)'"' where id = '"'meta'"'" >/dev/null &&
	psqlq "delete from gigawatt.obs_filing where id = 3" >/dev/null &&
	test_expect_code 1 gw-sync -d demo.db --postgres "$PG" --check >out 2>err &&
	grep -q "^gw-sync: check: table operators: $(q demo.db "select count(*) from operators") rows in both, with different content" err &&
	grep -q "^gw-sync: check: table obs_filing: $(q demo.db "select count(*) from obs_filing") rows in the store, $(($(q demo.db "select count(*) from obs_filing") - 1)) in the replica" err &&
	grep -q "^gw-sync: check: view v_filings: " err &&
	grep -q "differences between demo.db and schema gigawatt" err &&
	gw-sync -d demo.db --postgres "$PG" --full >out &&
	gw-sync -d demo.db --postgres "$PG" --check >out && grep -q "hold the same rows" out
'

test_expect_success '--grant ROLE: an analyst of that role reads the replica and cannot change it' '
	gw-sync -q -d demo.db --postgres "$PG" --grant analysts &&
	test_eq "f" "$(psqlq "select rolcanlogin from pg_roles where rolname = '"'analysts'"'")" &&
	psqlq "create role ann login in role analysts" &&
	test_eq "$(q demo.db "select count(*) from v_capex")" \
		"$(psql -X -qtA -h "$PGSOCK" -U ann -d postgres -c "select count(*) from gigawatt.v_capex")" &&
	test_must_fail psql -X -qtA -v ON_ERROR_STOP=1 -h "$PGSOCK" -U ann -d postgres \
		-c "delete from gigawatt.operators" 2>err &&
	grep -q "permission denied for table operators" err &&
	test_must_fail psql -X -qtA -v ON_ERROR_STOP=1 -h "$PGSOCK" -U ann -d postgres \
		-c "create table gigawatt.mine (x int)" 2>err &&
	grep -q "permission denied for schema gigawatt" err
'

test_expect_success 'a view PostgreSQL cannot be given is named, with the reason (exit 1); the rest is synced' '
	cp demo.db glob.db &&
	q glob.db "create view v_glob as select name from operators where name glob '"'M*'"'" &&
	test_expect_code 1 gw-sync -d glob.db --postgres "$PG" --schema globbed >out 2>err &&
	grep -q "^gw-sync: PostgreSQL on socket .*: view v_glob: not created in the replica: GLOB, MATCH or REGEXP" err &&
	test_eq "v_glob|f|GLOB, MATCH or REGEXP" "$(psqlq "select name, ok, error from globbed.gw_views where not ok")" &&
	test_eq "$(q glob.db "select count(*) from operators")" "$(psqlq "select count(*) from globbed.operators")" &&
	test_expect_code 1 gw-sync -d glob.db --postgres "$PG" --schema globbed --check 2>err &&
	grep -q "^gw-sync: check: view v_glob: not in the replica" err
'

test_expect_success '--untrack drops the store'"'"'s triggers and log; the next sync copies the store whole' '
	gw-sync -d demo.db --untrack >out &&
	grep -q "^gw-sync: demo.db: [1-9][0-9]* triggers and the change log dropped" out &&
	test_eq 0 "$(q demo.db "select count(*) from sqlite_schema where type = '"'trigger'"'")" &&
	q demo.db "update obs_capacity set mw = mw + 1 where id = 8" &&
	gw-sync -d demo.db --postgres "$PG" >out &&
	grep -q "^obs_capacity: $(q demo.db "select count(*) from obs_capacity") rows copied, .* (all of this store" out &&
	gw-sync -d demo.db --postgres "$PG" --check >out && grep -q "hold the same rows" out
'

test_expect_success 'the fixture store (fixtures/sources.conf) into its own schema: the same rows, views too' '
	test_expect_code 1 gw-crawl -q -d fx.db -s "$FIXTURES/sources.conf" 2>/dev/null &&
	gw-sync -q -d fx.db --postgres "$PG" --schema fixtures &&
	gw-sync -d fx.db --postgres "$PG" --schema fixtures --check >out 2>err &&
	grep -q "^gw-sync: check: fx.db and schema fixtures of .* hold the same rows" out &&
	test -n "$(psqlq "select 1 from fixtures.v_fabs limit 1")" &&
	test -n "$(psqlq "select 1 from fixtures.v_permits_current limit 1")"
'

need_corpus
test_expect_success 'the three fab lists and the Virginia registry of ../shared/corpus: views with fabs joined, the same rows' '
	for f in fabs/fabs_sourced.json fabs/fabs.json fabs/fabs.geojson permits/registry.csv; do
		{ gw-parse -q -d corpus.db "$CORPUS/$f" >rec.jsonl 2>/dev/null; rc=$?; } && test $rc -le 1 &&
		{ gw-load -q -d corpus.db rec.jsonl 2>/dev/null; rc=$?; } && test $rc -le 1 || return 1
	done &&
	gw-sync -q -d corpus.db --postgres "$PG" --schema corpus &&
	gw-sync -d corpus.db --postgres "$PG" --schema corpus --check >out &&
	grep -q "hold the same rows" out &&
	test_eq "$(q corpus.db "select count(*) from v_fabs")" "$(psqlq "select count(*) from corpus.v_fabs")" &&
	test_eq "$(q corpus.db "select names from v_fabs where names like '"'%;%'"' order by fab_id limit 1")" \
		"$(psqlq "select names from corpus.v_fabs where names like '"'%;%'"' order by fab_id limit 1")"
'
test_done
