#!/bin/sh
# Memory of the XLSX reader: a queue in PJM's layout made by tests/power/mkqueue.py, 250,000
# rows (a 140 MB sheet in a 22 MB file), parses with peak resident memory under 64 MB, and
# flat in the number of rows: beyond the document itself (which gw-parse holds), it takes
# within 4 MB of what the same queue of 25,000 rows takes. Memory, not time, decides.
# (tests/bench/xlsx.sh measures the speed, beside the floor.)
. "$(dirname "$0")/test-lib.sh"
[ -x /usr/bin/time ] || test_skip_all "GNU time is not installed (apt-get install time)"

sheet_size() {
	python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet1.xml").file_size)' "$1"
}

test_expect_success 'queues of 25,000 and 250,000 rows are made, the larger sheet over 128 MB' '
	python3 "$TEST_DIR/power/mkqueue.py" 25000 small.xlsx &&
	python3 "$TEST_DIR/power/mkqueue.py" 250000 big.xlsx &&
	test "$(sheet_size big.xlsx)" -gt 134217728
'
# mkqueue.py's rows (its header says how each cell is made): data row i is sheet row i + 1.
# i = 1: Q0000001, MW Energy 1 % 15000 / 10 + 1 = 1.1, PA, Withdrawn, Natural Gas, submitted
# serial 36527 = 2000-01-02, revised "2/1/2027". i = 250000: 250000 % 15000 = 10000, so 1001 MW;
# STATES[250000 % 12 = 4] NJ, STATUS[0] Active, FUELS[0] Solar, serial 36526 + 250000 % 9000
# = 43526 = 2019-03-02, revised "5/1/2026", County 250000 % 311 = 267.
test_expect_success 'every row is a record; the first and the last as the generator wrote them' '
	/usr/bin/time -f "%M" -o rss.big gw-parse -p pjm-queue --as-of 2026-01-01 big.xlsx >big.jsonl &&
	/usr/bin/time -f "%M" -o rss.small gw-parse -p pjm-queue --as-of 2026-01-01 small.xlsx >small.jsonl &&
	test_eq 250000 "$(wc -l <big.jsonl)" &&
	test_eq 25000 "$(wc -l <small.jsonl)" &&
	head -1 big.jsonl | grep -q "\"queue_id\":\"Q0000001\",\"project\":\"Project 1\",.*\"fuel_raw\":\"Natural Gas\",\"mw\":1.1,\"status\":\"withdrawn\",.*\"state\":\"PA\",\"requested\":\"2000-01-02\",\"expected_online\":\"2027-02-01\",.*\"loc\":\"sheet Data row 2\"" &&
	tail -1 big.jsonl | grep -q "\"queue_id\":\"Q0250000\",.*\"fuel_raw\":\"Solar\",\"mw\":1001,\"status\":\"active\",.*\"county\":\"County 267\",\"state\":\"NJ\",\"requested\":\"2019-03-02\",\"expected_online\":\"2026-05-01\",.*\"loc\":\"sheet Data row 250001\""
'
if grep -q __asan_init "$GW_BIN/gw-parse" 2>/dev/null; then
	test_skip 'peak resident memory under 64 MB, flat in rows' 'sanitized build: its shadow memory is not the reader'"'"'s'
else
	test_expect_success 'peak resident memory under 64 MB (the sheet is 140 MB)' '
		{ test "$(cat rss.big)" -lt 65536 || { echo "peak RSS $(cat rss.big) KB"; false; }; }
	'
	test_expect_success 'flat: beyond the document, 250,000 rows take within 4 MB of 25,000' '
		big=$(( $(cat rss.big) - $(wc -c <big.xlsx) / 1024 )) &&
		small=$(( $(cat rss.small) - $(wc -c <small.xlsx) / 1024 )) &&
		{ test $((big - small)) -lt 4096 || { echo "beyond the document: $big KB against $small KB"; false; }; }
	'
fi
test_done
