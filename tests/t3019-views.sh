#!/bin/sh
# Every view is defined once, in schemas/views.sql (migration 092, store/db.c): no migration
# makes or drops one; the store code drops every view before the migrations a store lacks and
# makes them all from views.sql after them, in the same transaction, and again whenever the
# store's views were made from another views.sql (views_made keeps its sha256). A view an
# analyst made is kept. A migration that fails leaves the store as it was, views included.
# (A store of schema 065 migrated with its views: t3017.)
. "$(dirname "$0")/test-lib.sh"

SHA=$(sha256sum <"$ROOT/schemas/views.sql" | cut -c1-64)
# views DB: every view of DB and its SQL, one a line
views() { q "$1" "select name || ': ' || replace(sql, char(10), ' ') from sqlite_master where type = 'view' order by name"; }

test_expect_success 'no migration makes or drops a view: schemas/views.sql alone does' '
	test_eq "" "$(grep -il "create[[:space:]]*view\|drop[[:space:]]*view" "$ROOT"/schemas/[0-9][0-9][0-9]-*.sql)" &&
	grep -c "^CREATE VIEW " "$ROOT/schemas/views.sql" >n &&
	test "$(cat n)" -gt 30
'
test_expect_success 'a new store: the views of views.sql, each listed in views_made with its sha256' '
	gw-load -d s.db </dev/null 2>err &&
	test_eq "$(cat n)" "$(q s.db "select count(*) from sqlite_master where type = '"'view'"'")" &&
	test_eq "$(cat n)|$SHA" "$(q s.db "select count(*), group_concat(distinct sha256) from views_made")" &&
	test_eq 0 "$(q s.db "select count(*) from sqlite_master m left join views_made v on v.view = m.name
		where m.type = '"'view'"' and v.view is null")" &&
	views s.db >made
'
test_expect_success 'views made from another views.sql are made again, nothing else touched' '
	cp s.db old.db &&
	q old.db "update views_made set sha256 = '"'0000'"';
		drop view v_filings; create view v_filings as select 1 as cik;
		drop view v_accelerators" &&
	q old.db "select count(*) from sqlite_master" >before &&
	gw-load -d old.db </dev/null 2>err &&
	views old.db >again && test_cmp made again &&
	test_eq "$(cat n)|$SHA" "$(q old.db "select count(*), group_concat(distinct sha256) from views_made")" &&
	test_eq "$(($(cat before) + 1))" "$(q old.db "select count(*) from sqlite_master")"
'
test_expect_success 'views made from this views.sql: opening the store to write leaves the schema alone' '
	q old.db "pragma schema_version" >version &&
	gw-load -d old.db </dev/null 2>err &&
	test_eq "$(cat version)" "$(q old.db "pragma schema_version")"
'
test_expect_success 'an analyst'\''s own view is kept through a migration and through views made again' '
	cp s.db own.db &&
	q own.db "create view my_sites as select operator, count(*) as n from v_sites group by operator" &&
	q own.db "select sql from sqlite_master where name = '"'my_sites'"'" >own-sql &&
	q own.db "update views_made set sha256 = '"'0000'"'" &&
	gw-load -d own.db </dev/null 2>err &&
	test_eq "$(cat own-sql)" "$(q own.db "select sql from sqlite_master where name = '"'my_sites'"'")" &&
	test_eq 0 "$(q own.db "select count(*) from views_made where view = '"'my_sites'"'")" &&
	q own.db "pragma user_version = 91; drop table views_made" &&
	gw-load -d own.db </dev/null 2>err &&
	test_eq "$(cat own-sql)" "$(q own.db "select sql from sqlite_master where name = '"'my_sites'"'")" &&
	test_eq "$(q s.db "pragma user_version")" "$(q own.db "pragma user_version")" &&
	test_eq 0 "$(q own.db "select count(*) from views_made where view = '"'my_sites'"'")" &&
	test_eq "$(cat n)" "$(q own.db "select count(*) from views_made")"
'
# A store at 091 where migration 092 fails (a table of its name is in the way): the store stays
# as it was, its views and all; the temporary list of analysts' views does not outlive it.
test_expect_success 'a migration that fails rolls back: the views dropped before it are there again' '
	cp s.db f.db &&
	q f.db "pragma user_version = 91; drop table views_made; create table views_made (x)" &&
	views f.db >f-views &&
	test_expect_code 4 gw-load -d f.db </dev/null 2>err &&
	grep -q "migration 092-views-made failed" err &&
	test_eq 91 "$(q f.db "pragma user_version")" &&
	views f.db >f-after && test_cmp f-views f-after &&
	test_eq x "$(q f.db "select group_concat(name) from pragma_table_info('"'views_made'"')")"
'
test_done
