#!/bin/sh
# A document named by its sha256 is read from the raw store and checked
# against it: a file that no longer matches (truncated by a full disk,
# damaged) is said with the sha and the file, exit 1, and nothing parsed.
. "$(dirname "$0")/test-lib.sh"
F=$FIXTURES/power/miso_gi_queue.csv
SHA=$(sha256sum <"$F" | cut -c1-64)
RAW=raw/$(echo "$SHA" | cut -c1-2)/$SHA

test_expect_success 'an intact raw document is parsed by its sha256' '
	test_expect_code 1 gw-parse -d s.db "$F" >/dev/null 2>&1 &&
	test -f "$RAW" &&
	test_expect_code 1 gw-parse -d s.db "$SHA" >out 2>err &&
	grep -q "\"queue_id\":\"J1000\"" out
'
test_expect_success 'a truncated raw document: the sha and the file named, exit 1, no records' '
	head -c 1000 "$F" >"$RAW" &&
	test_expect_code 1 gw-parse -d s.db "$SHA" >out 2>err &&
	grep -q "gw-parse: $PWD/$RAW: document $SHA does not match its sha256 (the file.s is [0-9a-f]\{64\}): damaged or truncated; not parsed" err &&
	test_must_fail test -s out
'
test_expect_success 'a large (mapped) raw document damaged in place: the same' '
	{ cat "$F"; head -c 17000000 /dev/zero | tr "\0" " "; } >big.csv &&
	big=$(sha256sum <big.csv | cut -c1-64) &&
	test_expect_code 1 gw-parse -d s.db big.csv >/dev/null 2>&1 &&
	braw=raw/$(echo "$big" | cut -c1-2)/$big &&
	test -f "$braw" &&
	printf X | dd of="$braw" bs=1 seek=5000 conv=notrunc 2>/dev/null &&
	test_expect_code 1 gw-parse -d s.db "$big" >out 2>err &&
	grep -q "document $big does not match its sha256" err &&
	test_must_fail test -s out
'
test_done
