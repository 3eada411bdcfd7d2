#!/bin/sh
# gw-load: validation against the record contract, rejects kept with their
# reasons, idempotent loads, one transaction per run (a SIGKILL loses nothing).
. "$(dirname "$0")/test-lib.sh"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

cat >good.jsonl <<EOF2
{"kind":"site","operator":"Amazon Web Services","name":"IAD-1","country":"US","state":"VA","as_of":"2025-01-02","src":{"doc":"$D","loc":"row 2"}}
{"kind":"capacity","operator":"AWS","site":"IAD-1","phase":"1","mw":120.5,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"row 2"}}
{"kind":"capacity","operator":"Facebook, Inc.","site":"Hyperion","mw":2000,"mw_basis":"facility","status":"under_construction","expected_online":"2027Q2","as_of":"2025-01-02","src":{"doc":"$D","loc":"row 3"}}
{"kind":"grid_request","iso":"PJM","queue_id":"AA1-001","request_kind":"load","mw":300,"status":"active","requested":"2024-05-01","as_of":"2025-01-02","src":{"doc":"$D","loc":"row 4"}}
EOF2

test_expect_success 'valid records are stored, the summary says so, status 0' '
	gw-load -d s.db good.jsonl 2>err &&
	grep -q "read 4, stored 4, unchanged 0, rejected 0" err &&
	test_eq 2 "$(q s.db "select count(*) from obs_capacity")"
'
test_expect_success 'operators resolve through aliases (AWS -> amazon, Facebook, Inc. -> meta)' '
	test_eq "amazon
meta" "$(q s.db "select operator from v_capacity_current order by operator")"
'
test_expect_success 'loading the same records again stores nothing new and says so' '
	gw-load -d s.db good.jsonl 2>err &&
	grep -q "read 4, stored 0, unchanged 4, rejected 0" err &&
	test_eq 2 "$(q s.db "select count(*) from obs_capacity")" &&
	test_eq 2 "$(q s.db "select count(*) from runs")"
'
test_expect_success 'a document cited by records is in the documents table' '
	test_eq 1 "$(q s.db "select count(*) from documents where sha256 = '"'$D'"'")"
'

cat >bad.jsonl <<EOF2
not json at all
{"kind":"capacity","site":"X","mw":"ten","mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r1"}}
{"kind":"capacity","site":"X","mw":10,"mw_basis":"watts","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r2"}}
{"kind":"capacity","site":"X","mw":10,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r3"},"colour":"red"}
{"kind":"capacity","site":"X","mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r4"}}
{"kind":"spaceship","as_of":"2025-01-02","src":{"doc":"$D","loc":"r5"}}
{"kind":"capacity","site":"X","mw":10,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"nothex","loc":"r6"}}
{"kind":"capacity","site":"X","mw":10,"mw_basis":"it","status":"operational","src":{"doc":"$D","loc":"r7"}}
{"kind":"grid_request","iso":"PJM","queue_id":"B","request_kind":"load","status":"active","requested":"2024-13-01","as_of":"2025-01-02","src":{"doc":"$D","loc":"r8"}}
{"kind":"reject","reason":"capacity 'TBD' is not a number","record":"A1,TBD","as_of":"2025-01-02","src":{"doc":"$D","loc":"row 9"}}
{"kind":"capacity","site":"Y","mw":10,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r10"}}
EOF2

test_expect_success 'invalid records are rejected with reasons, kept, and the rest stored; status 1' '
	test_expect_code 1 gw-load -d s.db bad.jsonl 2>err &&
	grep -q "read 11, stored 1, unchanged 0, rejected 10" err &&
	test_eq 10 "$(q s.db "select count(*) from rejects")"
'
test_expect_success 'each reject says what is wrong and where' '
	q s.db "select line || \": \" || reason from rejects order by line" >reasons &&
	cat >want <<-\EOF2 &&
	1: not a JSON object
	2: mw is not a number
	3: mw_basis '"'"'watts'"'"' is not one of the allowed values
	4: unknown field '"'"'colour'"'"' for kind capacity
	5: required field mw is missing
	6: unknown kind '"'"'spaceship'"'"'
	7: src.doc is not the sha256 of a document (64 hex digits)
	8: as_of is missing, not an ISO 8601 date or date-time, or not in 1900 to 2100
	9: requested '"'"'2024-13-01'"'"' is not a date YYYY-MM-DD
	10: capacity '"'"'TBD'"'"' is not a number
	EOF2
	test_cmp want reasons
'
test_expect_success 'a reject keeps the raw record line' '
	test_eq "not json at all" "$(q s.db "select record from rejects where line = 1")" &&
	test_eq "A1,TBD" "$(q s.db "select record from rejects where line = 10")"
'
test_expect_success 'the run is logged with its counts' '
	test_eq "11|1|0|10" "$(q s.db "select read, stored, unchanged, rejected from runs order by id desc limit 1")"
'
# (t3011 tests invalid UTF-8 and NUL characters in detail)
test_expect_success 'a NUL escape in a record is rejected, not stored cut short' '
	printf "{\"kind\":\"site\",\"name\":\"caf\\\\u00e9 \\\\u0000 x\",\"as_of\":\"2025-01-02\",\"src\":{\"doc\":\"%s\",\"loc\":\"h\"}}\n" $D >h.jsonl &&
	test_expect_code 1 gw-load -d s.db h.jsonl &&
	test_eq 0 "$(q s.db "select count(*) from obs_site where loc = '"'h'"'")" &&
	test_eq 1 "$(q s.db "select count(*) from rejects where loc = '"'h'"' and reason like '"'name holds a NUL%'"'")"
'
test_expect_success 'a missing input file is reported, the others loaded, status 1' '
	test_expect_code 1 gw-load -d s2.db nope.jsonl good.jsonl 2>err &&
	grep -q "nope.jsonl: cannot open" err &&
	test_eq 2 "$(q s2.db "select count(*) from obs_capacity")"
'

# A large load killed mid-way leaves the store exactly as it was.
test_expect_success 'gw-load killed with SIGKILL mid-run leaves the store as it was' '
	awk -v d=$D "BEGIN { for (i = 0; i < 400000; i++)
		printf \"{\\\"kind\\\":\\\"capacity\\\",\\\"site\\\":\\\"S%d\\\",\\\"mw\\\":1,\\\"mw_basis\\\":\\\"it\\\",\\\"status\\\":\\\"operational\\\",\\\"as_of\\\":\\\"2025-01-02\\\",\\\"src\\\":{\\\"doc\\\":\\\"%s\\\",\\\"loc\\\":\\\"k%d\\\"}}\n\", i, d, i }" >big.jsonl &&
	before=$(q s.db "select count(*) from obs_capacity") &&
	{ gw-load -d s.db big.jsonl 2>/dev/null & pid=$!; } &&
	sleep 1 && kill -9 $pid && { wait $pid; rc=$?; } &&
	test $rc -eq 137 &&
	test_eq "$before" "$(q s.db "select count(*) from obs_capacity")" &&
	test_eq ok "$(q s.db "pragma integrity_check")"
'
test_expect_success 'after the kill, the next load picks up and stores everything' '
	gw-load -q -d s.db big.jsonl 2>err &&
	grep -q "stored 400000" err
'
test_expect_success 'the store is STRICT, WAL, at the latest schema version' '
	test_eq wal "$(q s.db "pragma journal_mode")" &&
	q s.db "select sql from sqlite_master where name = '"'obs_capacity'"'" | grep -q STRICT &&
	test "$(q s.db "pragma user_version")" -ge 3
'
test_done
