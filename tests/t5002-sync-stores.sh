#!/bin/sh
# Several crawl machines, one replica: demo/data/sources.conf cut into two shards (SEC filings
# and ISO queues; Epoch AI's data and GPU prices), each crawled into a store of its own, both
# synced into one PostgreSQL schema (a real server, tests/pg-lib.sh). The replica is their
# union: nothing overwritten, a document or an observation both stores hold is one row, the
# tables both stores seed (operators...) are not doubled, gw_stores and gw_store_of() say which
# store each row came from, and each store's --check finds its own rows there.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/pg-lib.sh"
pg_need
pg_start || { echo "Bail out! the private PostgreSQL server did not start"; exit 1; }

# shard PATTERN: the demo's sources whose id matches PATTERN, as file:// URLs
shard() {
	awk -v root="$ROOT/demo/data" -v pat="$1" '/^#/ || NF < 3 { next } $1 ~ pat { $2 = "file://" root "/" $2; print }' \
		"$ROOT/demo/data/sources.conf"
}

test_expect_success 'two shards of the demo sources crawled by two stores' '
	shard "^(sec|pjm|miso|spp|ercot|caiso|nyiso)-" >a.conf && shard "^(epoch|prices)-" >b.conf &&
	test_eq 25 $(($(wc -l <a.conf) + $(wc -l <b.conf))) &&
	test_expect_code 1 gw-crawl -q -d a.db -s a.conf 2>/dev/null &&
	gw-crawl -q -d b.db -s b.conf &&
	test_eq 10 "$(q a.db "select count(*) from documents")" &&
	test_eq 15 "$(q b.db "select count(*) from documents")"
'

test_expect_success 'both into schema team: stores 0 and 1, the union of their rows, nothing doubled' '
	gw-sync -d a.db --postgres "$PG" --schema team >out &&
	grep -q "store 0 of 1;" out &&
	gw-sync -d b.db --postgres "$PG" --schema team --name crawler-b >out &&
	grep -q "store 1 of 2;" out &&
	test_eq 25 "$(psqlq "select count(*) from team.documents")" &&
	for t in obs_grid_request obs_capex obs_capacity obs_gpu_price obs_accelerator runs fetches; do
		test_eq $(($(q a.db "select count(*) from $t") + $(q b.db "select count(*) from $t"))) \
			"$(psqlq "select count(*) from team.$t")" "$t" || return 1
	done &&
	for t in operators operator_aliases sku_classes capex_concepts quarters; do
		test_eq "$(q a.db "select count(*) from $t")" "$(psqlq "select count(*) from team.$t")" "$t" || return 1
	done &&
	test_eq "$(q a.db "select count(*) from v_grid_requests_current")" "$(psqlq "select count(*) from team.v_grid_requests_current")" &&
	test_eq "$(q b.db "select count(*) from v_site_capacity")" "$(psqlq "select count(*) from team.v_site_capacity")" &&
	test_eq "$(q a.db "select count(*) from v_capex")" "$(psqlq "select count(*) from team.v_capex")"
'

test_expect_success 'which store each row came from: gw_stores and gw_store_of(id)' '
	test_eq "0|$(hostname):$TRASH/a.db
1|crawler-b" "$(psqlq "select store, name from team.gw_stores order by store")" &&
	test_eq "crawler-b|$(q b.db "select count(*) from obs_capacity")" \
		"$(psqlq "select s.name, count(*) from team.obs_capacity o join team.gw_stores s on s.store = team.gw_store_of(o.id) group by 1")" &&
	test_eq "$(q b.db "select min(id) from obs_capacity")" \
		"$(psqlq "select min(id) - 18014398509481984 from team.obs_capacity where team.gw_store_of(id) = 1")"
'

test_expect_success 'each store checks its own rows in the replica; the views (over both) are not compared' '
	gw-sync -d a.db --postgres "$PG" --schema team --check >out &&
	grep -q "the replica holds 2 stores: its views read them all" out &&
	grep -q "hold the same rows: [0-9]* tables, 0 views" out &&
	gw-sync -d b.db --postgres "$PG" --schema team --check >out &&
	grep -q "hold the same rows" out
'

test_expect_success 'a document both stores hold: one row, its observations once, both checks still pass' '
	for db in a.db b.db; do
		gw-parse -q -d $db "$FIXTURES/prices/lambda-pricing.html" >rec.jsonl && gw-load -q -d $db rec.jsonl || return 1
	done &&
	gw-sync -q -d a.db --postgres "$PG" --schema team &&
	gw-sync -q -d b.db --postgres "$PG" --schema team &&
	test_eq 26 "$(psqlq "select count(*) from team.documents")" &&
	shared=$(psqlq "select count(*) from team.gw_shared where store = 1 and tbl = '"'obs_gpu_price'"'") &&
	test "$shared" -ge 1 &&
	test_eq $(($(q a.db "select count(*) from obs_gpu_price") + $(q b.db "select count(*) from obs_gpu_price") - shared)) \
		"$(psqlq "select count(*) from team.obs_gpu_price")" &&
	test_eq 1 "$(psqlq "select count(*) from team.gw_shared where store = 1 and tbl = '"'documents'"'")" &&
	gw-sync -d a.db --postgres "$PG" --schema team --check >out && grep -q "hold the same rows" out &&
	gw-sync -d b.db --postgres "$PG" --schema team --check >out && grep -q "hold the same rows" out
'

test_expect_success 'one store copied whole again (--full) leaves the other store'"'"'s rows as they were' '
	psqlq "select count(*), sum(hashtext(x::text)) from team.obs_capacity x" >before &&
	gw-sync -q -d a.db --postgres "$PG" --schema team --full &&
	psqlq "select count(*), sum(hashtext(x::text)) from team.obs_capacity x" >after &&
	test_cmp before after &&
	gw-sync -d b.db --postgres "$PG" --schema team --check >out && grep -q "hold the same rows" out
'
test_done
