#!/bin/sh
# cur_<kind> views: two documents stating one key with the same as_of. The winner no
# longer depends on which was loaded last (it was id DESC, the load order): the document
# first seen last wins, then the greater doc sha256, then the greater loc (migration 052).
. "$(dirname "$0")/test-lib.sh"

DA=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
DB=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
# cap DOC MW: the capacity of one campus as DOC states it, as of 2025-06-30
cap() {
	printf '{"kind":"capacity","operator":"Meta","site":"Prometheus","mw":%s,"mw_basis":"facility","status":"under_construction","as_of":"2025-06-30","src":{"doc":"%s","loc":"row 7"}}\n' "$2" "$1"
}
# grid DOC MW: one queue request as DOC states it, as of 2025-06-30
grid() {
	printf '{"kind":"grid_request","iso":"PJM","queue_id":"AF1-123","request_kind":"load","mw":%s,"status":"active","as_of":"2025-06-30","src":{"doc":"%s","loc":"row 9"}}\n' "$2" "$1"
}
# store DB SEEN_A SEEN_B: a new store knowing documents A and B, first seen then
store() {
	gw-load -q -d "$1" </dev/null 2>/dev/null &&
	q "$1" "insert into documents(sha256, first_seen, last_seen) values ('$DA', '$2', '$2'), ('$DB', '$3', '$3')"
}
cur() { q "$1" "select c.mw, c.doc = '$DA', g.mw from cur_capacity c, cur_grid_request g"; }

test_expect_success 'setup: both documents state both keys with different MW' '
	{ cap $DA 100; grid $DA 300; } >a.jsonl &&
	{ cap $DB 200; grid $DB 400; } >b.jsonl
'
test_expect_success 'first seen at the same time: the greater sha (B) wins, loaded A then B or B then A' '
	store ab.db 2025-07-01T00:00:00Z 2025-07-01T00:00:00Z && gw-load -q -d ab.db a.jsonl b.jsonl 2>/dev/null &&
	store ba.db 2025-07-01T00:00:00Z 2025-07-01T00:00:00Z && gw-load -q -d ba.db b.jsonl a.jsonl 2>/dev/null &&
	test_eq "200.0|0|400.0" "$(cur ab.db)" &&
	test_eq "200.0|0|400.0" "$(cur ba.db)"
'
test_expect_success 'A first seen later than B: A wins, in both load orders, in separate loads too' '
	store ab2.db 2025-07-02T00:00:00Z 2025-07-01T00:00:00Z &&
	gw-load -q -d ab2.db a.jsonl 2>/dev/null && gw-load -q -d ab2.db b.jsonl 2>/dev/null &&
	store ba2.db 2025-07-02T00:00:00Z 2025-07-01T00:00:00Z &&
	gw-load -q -d ba2.db b.jsonl 2>/dev/null && gw-load -q -d ba2.db a.jsonl 2>/dev/null &&
	test_eq "100.0|1|300.0" "$(cur ab2.db)" &&
	test_eq "100.0|1|300.0" "$(cur ba2.db)"
'
test_expect_success 'a later as_of still wins over everything' '
	sed "s/2025-06-30/2025-07-31/" a.jsonl >a2.jsonl &&
	store l.db 2025-07-01T00:00:00Z 2025-07-02T00:00:00Z && gw-load -q -d l.db a2.jsonl b.jsonl 2>/dev/null &&
	test_eq "100.0|1|300.0" "$(cur l.db)"
'
test_expect_success 'the analysts views follow: v_capacity_current and v_grid_requests_current' '
	test_eq "200.0|$DB" "$(q ba.db "select mw, doc from v_capacity_current")" &&
	test_eq "400.0|$DB" "$(q ab.db "select mw, doc from v_grid_requests_current")"
'
# (the five kinds with snapshots order by publication before first_seen: migration 060)
test_expect_success 'every cur_ view orders by as_of, first_seen, doc (its sha256, 071), loc (no id)' '
	q ab.db "select name from sqlite_schema where type = '"'view'"' and name like '"'cur\\_%'"' escape '"'\\'"'
		and sql like '"'%as_of DESC, %d.first_seen DESC,%d.sha256 DESC, o.loc DESC%'"' and sql not like '"'%id DESC%'"'" >got &&
	test_eq 10 "$(wc -l <got)"
'
test_done
