#!/bin/sh
# A NUL byte in a CSV field used to cut the field short without a word
# (parsers take cells as C strings): the record is rejected instead, saying
# which field, and its raw text keeps the NUL (as \u0000 in JSON). In a JSON
# document a "\u0000" escape ends the string for SQLite, which the JSON
# parsers read with: each is said with its line.
. "$(dirname "$0")/test-lib.sh"
F=$FIXTURES/power/miso_gi_queue.csv

test_expect_success 'a NUL inside a field: that row rejected with the field named, exit 1, the rest read' '
	# line 3 of the fixture (J1000): County "Grant County" (field 8) becomes "Grant<NUL> County"
	sed "3s/Grant County/Grant\\x00 County/" "$F" >nul.csv &&
	test "$(tr -cd "\\000" <nul.csv | wc -c)" -eq 1 &&
	test_expect_code 1 gw-parse nul.csv >out 2>err &&
	grep -q "gw-parse: nul.csv: line 3: field 8 holds a NUL byte" err &&
	grep -q "\"kind\":\"reject\",\"reason\":\"field 8 holds a NUL byte\",\"record\":\".*Grant\\\\u0000 County" out &&
	! grep -q "\"queue_id\":\"J1000\"" out &&
	grep -q "\"queue_id\":\"J2001\"" out &&
	! grep -q "\"county\":\"Grant\"" out
'
test_expect_success 'the same in an unquoted field of another CSV parser (Epoch data centers)' '
	sed "2s/,/\\x00,/" "$FIXTURES/datacenters/frontier_data_centers.csv" >dc.csv &&
	test_expect_code 1 gw-parse dc.csv >out 2>err &&
	grep -q "dc.csv: line 2: field 1 holds a NUL byte" err
'
test_expect_success 'JSON: a \\u0000 escape in a string is said with its line, exit 1' '
	# line 10 of the fixture, the first element: "name": "Amazon Web Services IAD99"
	sed "10s/Amazon Web/Amazon\\\\u0000Web/" "$FIXTURES/datacenters/osm_example.json" >nul.json &&
	grep -q "Amazon.u0000Web" nul.json &&
	test_expect_code 1 gw-parse nul.json >out 2>err &&
	grep -q "gw-parse: nul.json: line 10: a string holds a NUL character (.u0000): the text after it is lost" err
'
test_expect_success 'JSON: an escaped backslash before u0000 is text, not a NUL' '
	sed "10s/Amazon Web/Amazon\\\\\\\\u0000Web/" "$FIXTURES/datacenters/osm_example.json" >bs.json &&
	grep -q "Amazon..u0000Web" bs.json &&
	gw-parse bs.json >out 2>err &&
	! grep -q "NUL" err
'
test_done
