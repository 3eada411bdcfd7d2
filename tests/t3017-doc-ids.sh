#!/bin/sh
# Migration 071: observations refer to their document by documents.id, and every view still
# shows doc as the sha256, with the same columns and the same rows. Three stores of the same
# documents are compared view by view:
#   old.db  the store gigawatt built before 070 (schema 065), restored from
#           fixtures/store/v65-fixtures.sql and read with sqlite3 alone: gw-load before
#           issue 15 crawled fixtures/sources.conf, then loaded fixtures/report/store.jsonl,
#           fixtures/prices/index-chain.jsonl and the three fixtures/accelerators/*.csv
#           (gw-parse -d | gw-load), and sqlite3 .dump wrote it;
#   mig.db  the same store opened by this gw-load: migrated by 070 and 071;
#   new.db  a store this gigawatt builds anew from the same documents, the same way.
# Times of fetching (documents.first_seen, last_seen) and the checkout's path in the
# documents' file:// URLs differ from run to run: they are set alike in all three first.
. "$(dirname "$0")/test-lib.sh"

same_times() {	# same_times DB: the times and URLs that depend on the run, made alike
	sqlite3 "$1" "UPDATE documents SET first_seen = '2026-01-01T00:00:00Z', last_seen = '2026-01-01T00:00:00Z',
		url = 'file://' || coalesce(name, sha256)"
}
# views A B: compares every view of A with B's: its columns in order, and its rows (sorted;
# v_gpu_prices_history in its own ORDER BY); prints the names of those that differ
views() {
	for v in $(q "$1" "select name from sqlite_master where type = 'view' order by name"); do
		sort=sort
		[ "$v" = v_gpu_prices_history ] && sort=cat
		if [ "$(q "$1" "select group_concat(name) from pragma_table_info('$v')")" != \
		     "$(q "$2" "select group_concat(name) from pragma_table_info('$v')")" ] ||
		   [ "$(sqlite3 "$1" "select * from $v" | $sort | cksum)" != "$(sqlite3 "$2" "select * from $v" | $sort | cksum)" ]; then
			echo "$v"
		fi
	done
}
doc_cols() { q "$1" "select group_concat(name) from pragma_table_info('obs_$2') where name in ('doc', 'doc_id')"; }
# kept DB KIND: migrated rows of obs_KIND with the id and the document (as sha256) they had
kept() {
	q "$1" "attach 'old.db' as o; select count(*) from obs_$2 m join documents d on d.id = m.doc_id
		join o.obs_$2 x on x.id = m.id and x.doc = d.sha256"
}
build() {	# build DB: the documents of old.db, loaded the same way
	gw-crawl -d "$1" -s "$FIXTURES/sources.conf" >/dev/null 2>&1
	gw-load -d "$1" "$FIXTURES/report/store.jsonl" 2>/dev/null &&
	gw-load -d "$1" "$FIXTURES/prices/index-chain.jsonl" 2>/dev/null &&
	for f in "$FIXTURES"/accelerators/*.csv; do
		gw-parse -d "$1" "$f" 2>/dev/null | gw-load -d "$1" 2>/dev/null || return 1
	done
}

test_expect_success 'the schema 065 store restores, with its observations citing sha256s' '
	{ cat "$FIXTURES/store/v65-fixtures.sql" && echo "PRAGMA user_version = 65;"; } | sqlite3 old.db &&
	test_eq 65 "$(q old.db "pragma user_version")" &&
	test_eq 30 "$(q old.db "select count(*) from documents")" &&
	test_eq 64 "$(q old.db "select min(length(doc)) from obs_grid_request")" &&
	cp old.db mig.db
'
test_expect_success 'gw-load migrates it: doc_id in every observation table, documents.id its rowid' '
	gw-load -d mig.db </dev/null 2>err &&
	test "$(q mig.db "pragma user_version")" -ge 71 &&
	for t in site capacity grid_request permit fab filing capex gpu_price accelerator shipment; do
		test_eq "doc_id" "$(doc_cols mig.db $t)" &&
		test_eq "$(q old.db "select count(*) from obs_$t")" "$(q mig.db "select count(*) from obs_$t")" &&
		test_eq "$(q old.db "select count(*) from obs_$t")" "$(kept mig.db $t)" || return 1
	done &&
	test_eq 30 "$(q mig.db "attach '"'old.db'"' as o; select count(*) from documents d
		join o.documents x on x.rowid = d.id and x.sha256 = d.sha256")" &&
	test_eq "$(q old.db "select count(*) from gpu_price_sightings")" \
		"$(q mig.db "select count(*) from gpu_price_sightings s join documents d on d.id = s.doc_id")"
'
test_expect_success 'the unique index is (key, doc_id, loc); obs_gpu_price_cur is gone (070)' '
	test_eq "key,doc_id,loc" "$(q mig.db "select group_concat(name) from pragma_index_info(
		(select name from pragma_index_list('"'obs_capex'"') where \"unique\" and origin = '"'u'"'))")" &&
	test_eq 0 "$(q mig.db "select count(*) from sqlite_master where name = '"'obs_gpu_price_cur'"'")" &&
	test_eq 1 "$(q old.db "select count(*) from sqlite_master where name = '"'obs_gpu_price_cur'"'")"
'
test_expect_success 'every view of the migrated store: the same columns and rows as before' '
	cp old.db old-t.db && cp mig.db mig-t.db && same_times old-t.db && same_times mig-t.db &&
	test_eq 35 "$(q old.db "select count(*) from sqlite_master where type = '"'view'"'")" &&
	views old-t.db mig-t.db >differ &&
	test_cmp /dev/null differ &&
	test_eq 33 "$(q mig.db "select count(*) from v_gpu_price_sightings")" &&
	test_eq 34 "$(q mig.db "select count(*) from v_grid_requests_current")"
'
# Since 435df33 gw-parse dates a document that dates itself (the SPP, CAISO, ERCOT and OSM
# fixtures) when neither --as-of nor its name does; the schema-065 store was built before: its
# four stay undated, as this test shows, and are compared undated (the rest of published must agree).
test_expect_success 'a store loaded anew has the same views as the migrated one' '
	build new.db &&
	test_eq "$(q mig.db "select count(*) from documents")" "$(q new.db "select count(*) from documents")" &&
	test_eq "caiso-queue|2025-01-23
ercot-gis|2024-12-31
osm-datacenters|2026-07-26
spp-queue|2025-01-22" "$(q new.db "attach '"'mig.db'"' as m; select d.parser, d.published from documents d
		join m.documents x on x.sha256 = d.sha256 where d.published is not x.published order by 1")" &&
	sqlite3 new.db "UPDATE documents SET published = NULL WHERE parser IN ('"'caiso-queue'"', '"'ercot-gis'"', '"'osm-datacenters'"', '"'spp-queue'"')" &&
	gw-load -q -d new.db --resolve &&
	same_times new.db &&
	views mig-t.db new.db >differ &&
	test_cmp /dev/null differ
'
test_expect_success 'loading the documents again into the migrated store stores nothing' '
	gw-load -d mig.db "$FIXTURES/report/store.jsonl" 2>err &&
	grep -q "stored 0, unchanged 24, rejected 0" err &&
	gw-load -d mig.db "$FIXTURES/prices/index-chain.jsonl" 2>err &&
	grep -q "stored 0, unchanged 10, rejected 0" err
'
test_expect_success 'gw-report --as-of on the migrated store (TEMP views by doc_id) = on the new one' '
	gw-report -d mig-t.db --quarter 2026Q1 --as-of 2026-06-30 --format json 2>err | sed "s/\"generated\":\"[^\"]*\"//" >mig.json &&
	gw-report -d new.db --quarter 2026Q1 --as-of 2026-06-30 --format json 2>err | sed "s/\"generated\":\"[^\"]*\"//" >new.json &&
	test_cmp mig.json new.json &&
	grep -q "\"fab_list\":\[{" mig.json && grep -q "\"price_series\":\[{" mig.json
'
test_done
