#!/bin/sh
# The XLSX reader under hostile input (files made by tests/power/mkhostile.py):
# a shared-string index out of range, a zip bomb, a part claiming a huge size,
# a truncated file, not a zip at all. Each: a clear message, non-zero exit, no
# crash, and what could be read still written.
. "$(dirname "$0")/test-lib.sh"

python3 "$TEST_DIR/power/mkhostile.py" . || { echo "1..0 # SKIP python3 cannot write the hostile files"; exit 0; }

test_expect_success 'shared-string index out of range: that row rejected with the cell named, rows 2 and 4 read' '
	test_expect_code 1 gw-parse -p pjm-queue sst-range.xlsx >out 2>err &&
	grep -q "sheet Data row 3: cell A3: shared string index .99. out of range (12 strings)" err &&
	grep -q "\"kind\":\"reject\",\"reason\":\"cell A3: shared string index .99. out of range" out &&
	grep -q "\"queue_id\":\"AA1-001\".*\"loc\":\"sheet Data row 2\"" out &&
	grep -q "\"queue_id\":\"AA1-003\".*\"mw\":25.5.*\"loc\":\"sheet Data row 4\"" out
'
test_expect_success 'a zip bomb (40 MB of shared strings in 100 KB) is refused, not inflated' '
	test_expect_code 1 gw-parse -p pjm-queue bomb.xlsx >out 2>err &&
	grep -q "part .xl/sharedStrings.xml. claims 4[0-9]* bytes, over the [0-9]* byte limit" err &&
	test_eq 0 "$(wc -l <out)"
'
test_expect_success 'a sheet part claiming 4 GB is refused before reading' '
	test_expect_code 1 gw-parse -p pjm-queue claim.xlsx >out 2>err &&
	grep -q "sheet .Data.: part .xl/worksheets/sheet1.xml. claims 4294967280 bytes, over the" err
'
# dtd.xlsx is sst-range.xlsx's sheet with index 8 in row 3 (so rows 2 to 4 are good) and a DTD
test_expect_success 'a sheet with a DTD is refused, its part named, before any row' '
	test_expect_code 1 gw-parse -p pjm-queue dtd.xlsx >out 2>err &&
	grep -q "dtd.xlsx: sheet .Data.: part .xl/worksheets/sheet1.xml.: a DTD (<!DOCTYPE>) is refused (ECMA-376 Part 2, M1.18)" err &&
	test_eq 0 "$(wc -l <out)"
'
# cut.xlsx: the same sheet cut 30 bytes into <row r="4">: rows 2 (AA1-001) and 3 (shared string 8,
# AA1-001 again) are whole, then the XML ends
test_expect_success 'a sheet cut inside a row: the rows before it are records, then the error with its line' '
	test_expect_code 1 gw-parse -p pjm-queue cut.xlsx >out 2>err &&
	test_eq 2 "$(grep -c "\"kind\":\"grid_request\"" out)" &&
	grep -q "\"loc\":\"sheet Data row 2\"" out &&
	grep -q "\"loc\":\"sheet Data row 3\"" out &&
	grep -q "cut.xlsx: sheet .Data.: part .xl/worksheets/sheet1.xml.: line 1: " err
'
# enc.xlsx: libxml2 2.9 raises the failed conversion with no parser context, only to the thread's
# error handler (parsers/formats/xml.h): the message must still be the sheet's own
test_expect_success 'a sheet with bytes its declared encoding lacks: libxml2 says so, the part named, nothing else on stderr' '
	test_expect_code 1 gw-parse -p pjm-queue enc.xlsx >out 2>err &&
	grep -q "enc.xlsx: sheet .Data.: part .xl/worksheets/sheet1.xml.: line [0-9]*: input conversion failed" err &&
	! grep -v "^gw-parse: " err
'
test_expect_success 'a truncated workbook: a clear error, no crash' '
	head -c 4000 "$FIXTURES/power/nyiso_queue.xlsx" >trunc.xlsx &&
	test_must_fail gw-parse -p nyiso-queue trunc.xlsx >out 2>err &&
	grep -q "trunc.xlsx: .*truncated\|trunc.xlsx: .*damaged\|trunc.xlsx: .*Truncated" err
'
test_expect_success 'not a zip: the parser says so' '
	echo "Project ID,Name" >not.xlsx &&
	test_expect_code 1 gw-parse -p pjm-queue not.xlsx 2>err &&
	grep -q "not.xlsx: not an XLSX workbook (not a zip)" err
'
test_expect_success 'an XLSX of another source is not taken for a queue' '
	test_expect_code 1 gw-parse sst-range.xlsx 2>err >/dev/null &&
	grep -q "sst-range.xlsx: parser pjm-queue (detected)" err &&
	! grep -q "parser spp-queue\|parser caiso-queue\|parser nyiso-queue\|parser ercot-gis" err
'
test_done
