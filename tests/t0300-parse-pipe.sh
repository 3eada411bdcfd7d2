#!/bin/sh
# gw-parse -d DB FILE... | gw-load -d DB, the README's way to add documents by
# hand: every document and its header fingerprint is recorded before the first
# record reaches the pipe (gw-load holds its write lock from its first record to
# its last), a store error on one file does not stop the others, and the files
# not recorded are named.
. "$(dirname "$0")/test-lib.sh"
F=$FIXTURES/power/miso_gi_queue.csv

# Queues large enough that their records fill the pipe (64 KiB) many times over:
# the header, then the fixture's 4 valid rows (lines 3-6; the file ends without
# a newline, which awk adds) 400 times.
{ head -n 1 "$F"; i=0; while [ $i -lt 400 ]; do awk "NR >= 3" "$F"; i=$((i + 1)); done; } >queue_a.csv
sed '$s/J2003/J9999/' queue_a.csv >queue_b.csv
cp "$FIXTURES/datacenters/frontier_timelines.csv" timelines.csv

test_expect_success 'the test queues are distinct documents whose records fill the pipe' '
	test_must_fail cmp -s queue_a.csv queue_b.csv &&
	gw-parse queue_a.csv >a.jsonl 2>/dev/null &&
	test_eq 1600 "$(wc -l <a.jsonl)" &&
	test "$(wc -c <a.jsonl)" -gt 500000
'
test_expect_success 'three files in one pipe: every document, fingerprint and record is stored' '
	gw-parse queue_a.csv queue_b.csv timelines.csv 2>/dev/null | wc -l >nrec &&
	mkdir three &&
	{ gw-parse -d three/s.db queue_a.csv queue_b.csv timelines.csv 2>err; echo $? >rc; } |
		gw-load -d three/s.db 2>lerr &&
	test_eq 0 "$(cat rc)" &&
	! grep -q "locked\|not recorded\|not stored" err &&
	test_eq "queue_a.csv
queue_b.csv
timelines.csv" "$(q three/s.db "select name from documents order by name")" &&
	test_eq "epoch-timelines|timelines.csv
miso-queue|queue_a.csv
miso-queue|queue_b.csv" "$(q three/s.db "select parser || '"'|'"' || source from header_fingerprints order by 1")" &&
	test_eq "$(cat nrec)" "$(q three/s.db "select read from runs")" &&
	grep -q "read $(cat nrec), stored $(cat nrec)," lerr
'
test_expect_success 'a single large file in the pipe: its header fingerprint is stored' '
	mkdir one &&
	{ gw-parse -d one/s.db queue_a.csv 2>err; echo $? >rc; } | gw-load -d one/s.db 2>lerr &&
	test_eq 0 "$(cat rc)" &&
	! grep -q "locked\|not stored" err &&
	test_eq "miso-queue|queue_a.csv|24" \
		"$(q one/s.db "select parser, source, json_array_length(columns) from header_fingerprints")" &&
	test_eq 1600 "$(q one/s.db "select read from runs")"
'
test_expect_success 'a file that cannot be recorded: the others still are, it is named, exit 1; its fingerprint is not kept' '
	sha=$(sha256sum <queue_b.csv | cut -c1-64) &&
	# a file where the raw store wants the folder for queue_b.csv
	mkdir -p bad/raw && : >"bad/raw/$(echo "$sha" | cut -c1-2)" &&
	{ gw-parse -d bad/s.db queue_a.csv queue_b.csv timelines.csv 2>err; echo $? >rc; } >out &&
	test_eq 1 "$(cat rc)" &&
	grep -q "gw-parse: bad/s.db: 1 document not recorded in the store (its records still written, no header fingerprint kept): queue_b.csv" err &&
	test_eq "queue_a.csv
timelines.csv" "$(q bad/s.db "select name from documents order by name")" &&
	test_eq "$(cat nrec)" "$(wc -l <out)" &&
	test_eq "queue_a.csv
timelines.csv" "$(q bad/s.db "select d.name from header_fingerprints f join documents d on d.sha256 = f.doc order by 1")" &&
	test_eq "" "$(q bad/s.db "pragma foreign_key_check")"
'
test_done
