#!/bin/sh
# The record contract's closed lists are CHECK constraints of the observation tables too
# (migration 093; tests/unit/test-enum-checks.c: the same lists as store/spec.c): a value
# outside one, inserted with sqlite3, is refused by the store; a store of the schema before 093
# holding only valid rows migrates with every row, rowid, index and view as before; one holding
# a value outside a list fails the migration, which leaves it as it was.
. "$(dirname "$0")/test-lib.sh"

# obs DB: the rows of the five rebuilt tables, each with its rowid
obs() {
	for t in obs_site obs_capacity obs_grid_request obs_permit obs_gpu_price; do
		echo "== $t" && sqlite3 "$1" "select rowid, * from $t order by rowid" || return 1
	done
}
# views DB: every view's rows (sorted; v_gpu_prices_history in its own order)
views() {
	for v in $(q "$1" "select name from sqlite_master where type = 'view' order by name"); do
		sort=sort
		[ "$v" = v_gpu_prices_history ] && sort=cat
		echo "== $v" && sqlite3 "$1" "select * from $v" | $sort || return 1
	done
}
# indexes DB: the indexes of the five tables, as made
indexes() {
	q "$1" "select name, tbl_name, sql from sqlite_master where type = 'index'
		and tbl_name in ('obs_site', 'obs_capacity', 'obs_grid_request', 'obs_permit', 'obs_gpu_price')
		order by name"
}
D=$(printf 'd%.0s' $(seq 64))

test_expect_success 'a new store refuses a status outside its list, inserted with sqlite3' '
	gw-load -d s.db </dev/null 2>err &&
	q s.db "insert into documents(sha256, first_seen, last_seen) values ('"'$D'"', '"'x'"', '"'x'"')" &&
	test_must_fail q s.db "insert into obs_capacity(key, doc_id, loc, site, mw, mw_basis, status)
		values ('"'k'"', 1, '"'l'"', '"'S'"', 1, '"'it'"', '"'finished'"')" 2>err &&
	grep -q "CHECK constraint failed" err &&
	test_eq 0 "$(q s.db "select count(*) from obs_capacity")" &&
	q s.db "insert into obs_capacity(key, doc_id, loc, site, mw, mw_basis, status)
		values ('"'k'"', 1, '"'l'"', '"'S'"', 1, '"'it'"', '"'operational'"')" &&
	test_eq 1 "$(q s.db "select count(*) from obs_capacity")"
'
test_expect_success 'so is every other enumerated column; NULL passes where the field is optional' '
	for bad in "obs_capacity(key, doc_id, loc, site, mw, mw_basis, status) values (1, 1, 1, 1, 1, '"'IT'"', '"'operational'"')" \
		   "obs_site(key, doc_id, loc, name, status) values (1, 1, 1, 1, '"'open'"')" \
		   "obs_grid_request(key, doc_id, loc, iso, queue_id, request_kind, status) values (1, 1, 1, 1, 1, '"'battery'"', '"'active'"')" \
		   "obs_grid_request(key, doc_id, loc, iso, queue_id, request_kind, fuel, status) values (1, 1, 1, 1, 1, '"'load'"', '"'diesel'"', '"'active'"')" \
		   "obs_grid_request(key, doc_id, loc, iso, queue_id, request_kind, status) values (1, 1, 1, 1, 1, '"'load'"', '"'done'"')" \
		   "obs_permit(key, doc_id, loc, authority, permit_id, permit_kind) values (1, 1, 1, 1, 1, '"'water'"')" \
		   "obs_gpu_price(key, doc_id, loc, provider, tier, sku, term, usd_per_gpu_hour, observed_at) values (1, 1, 1, 1, '"'cloud'"', 1, 1, 1, 1)"; do
		{ test_must_fail q s.db "insert into $bad" 2>err && grep -q "CHECK constraint failed" err; } ||
			{ echo "accepted: $bad"; return 1; }
	done &&
	q s.db "insert into obs_site(key, doc_id, loc, name) values (1, 1, 1, 1);
		insert into obs_grid_request(key, doc_id, loc, iso, queue_id, request_kind, status)
		values (1, 1, 1, 1, 1, '"'load'"', '"'active'"')" &&
	test_eq "1|1" "$(q s.db "select (select count(*) from obs_site), (select count(*) from obs_grid_request)")"
'

# The store of schema 065 (fixtures/store/v65-fixtures.sql, t3017), brought to the schema before
# 093 as that gigawatt would: its views dropped, migrations 070 to 092 applied with sqlite3,
# the views of views.sql made and recorded.
test_expect_success 'a store of the schema before 093, with rows, as the migrations leave it' '
	for f in "$ROOT"/schemas/[0-9][0-9][0-9]-*.sql; do
		n=$(basename "$f" | cut -c1-3)
		[ "$n" -gt 065 ] && [ "$n" -lt 093 ] || continue
		cat "$f" || return 1
		v=$n
	done >mig.sql &&
	test_eq 092 "$v" &&
	{ cat "$FIXTURES/store/v65-fixtures.sql" && echo "PRAGMA user_version = 65;"; } | sqlite3 old.db &&
	q old.db "select '"'drop view '"' || name || '"';'"' from sqlite_master where type = '"'view'"'" | sqlite3 old.db &&
	{ echo "PRAGMA foreign_keys = ON; BEGIN;" && cat mig.sql "$ROOT/schemas/views.sql" &&
	  echo "INSERT INTO views_made SELECT name, '"'$(sha256sum <"$ROOT/schemas/views.sql" | cut -c1-64)'"'
		FROM sqlite_master WHERE type = '"'view'"'; PRAGMA user_version = 92; COMMIT;"; } | sqlite3 -bail old.db &&
	test_eq 92 "$(q old.db "pragma user_version")" &&
	test "$(q old.db "select count(*) from obs_grid_request")" -gt 0 &&
	test "$(q old.db "select count(*) from obs_capacity")" -gt 0 &&
	test "$(q old.db "select count(*) from obs_gpu_price")" -gt 0 &&
	test_eq 0 "$(q old.db "select count(*) from sqlite_master where sql like '"'%CHECK (status IN%'"'")"
'
test_expect_success 'it migrates: every row with its rowid, the indexes and every view as before' '
	cp old.db new.db &&
	gw-load -d new.db </dev/null 2>err &&
	test "$(q new.db "pragma user_version")" -ge 93 &&
	test_eq 5 "$(q new.db "select count(*) from sqlite_master where type = '"'table'"' and name like '"'obs\_%'"' escape '"'\\'"'
		and sql like '"'%CHECK (%'"'")" &&
	test_eq 1 "$(q new.db "select count(*) from sqlite_master where name = '"'obs_gpu_price'"' and sql like '"'%CHECK (term IN%'"'")" &&
	obs old.db >old.obs && obs new.db >new.obs && test_cmp old.obs new.obs &&
	indexes old.db >old.ix && indexes new.db >new.ix && test_cmp old.ix new.ix &&
	views old.db >old.views && views new.db >new.views && test_cmp old.views new.views &&
	test_eq "" "$(q new.db "pragma foreign_key_check")" &&
	test_eq ok "$(q new.db "pragma integrity_check")"
'
test_expect_success 'a value outside a list in its last table: the migration fails and changes nothing' '
	cp old.db bad.db &&
	q bad.db "update obs_gpu_price set tier = '"'cloud'"' where rowid = (select min(rowid) from obs_gpu_price)" &&
	obs bad.db >bad.obs && views bad.db >bad.views &&
	test_expect_code 4 gw-load -d bad.db </dev/null 2>err &&
	grep -q "CHECK constraint failed: tier IN" err && grep -q "migration 093-enum-checks failed" err &&
	test_eq 92 "$(q bad.db "pragma user_version")" &&
	test_eq 0 "$(q bad.db "select count(*) from sqlite_master where sql like '"'%CHECK (status IN%'"'")" &&
	obs bad.db >bad-after.obs && test_cmp bad.obs bad-after.obs &&
	views bad.db >bad-after.views && test_cmp bad.views bad-after.views
'
# 094 made gpu_price.term a closed list as well (store/spec.c e_term)
test_expect_success 'a term outside its list: refused by the store, rejected by gw-load, and fails 094' '
	test_must_fail q s.db "insert into obs_gpu_price(key, doc_id, loc, provider, tier, sku, term, usd_per_gpu_hour, observed_at)
		values (1, 1, 1, 1, '"'neocloud'"', 1, '"'weekly'"', 1, 1)" 2>err &&
	grep -q "CHECK constraint failed: term IN" err &&
	printf "%s\n" "{\"kind\":\"gpu_price\",\"provider\":\"lambda\",\"tier\":\"neocloud\",\"sku\":\"h100-sxm\",\"term\":\"weekly\",\"usd_per_gpu_hour\":2.5,\"observed_at\":\"2025-10-01T00:00:00Z\",\"as_of\":\"2025-10-01\",\"src\":{\"doc\":\"$D\",\"loc\":\"row 1\"}}" >weekly.jsonl &&
	test_expect_code 1 gw-load -d s.db weekly.jsonl 2>err &&
	grep -q "term .weekly. is not one of the allowed values" err &&
	cp old.db badterm.db &&
	q badterm.db "update obs_gpu_price set term = '"'weekly'"' where rowid = (select min(rowid) from obs_gpu_price)" &&
	obs badterm.db >badterm.obs &&
	test_expect_code 4 gw-load -d badterm.db </dev/null 2>err &&
	grep -q "CHECK constraint failed: term IN" err && grep -q "migration 094-term-check failed" err &&
	test_eq 92 "$(q badterm.db "pragma user_version")" &&
	obs badterm.db >badterm-after.obs && test_cmp badterm.obs badterm-after.obs
'
test_done
