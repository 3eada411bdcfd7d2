#!/bin/sh
# Standard output on a full device (/dev/full): each tool says it could not
# write standard output, with the reason when it knows it (never a stale errno
# such as "Bad file descriptor"), and exits non-zero.
. "$(dirname "$0")/test-lib.sh"

test -w /dev/full || test_skip_all "no /dev/full here"
cp "$FIXTURES/datacenters/frontier_data_centers.csv" dc.csv
cat >s.conf <<EOF
dc  dc.csv  epoch-dc  delay=0
EOF

# full_says TOOL: err names standard output and no stale reason
full_says() {
	grep -q "^$1: .*standard output" err &&
	! grep -q "Bad file descriptor\|No such file\|Success" err
}

test_expect_success 'gw-fetch: the new sha256 cannot be printed: exit 1, said, the document stored' '
	test_expect_code 1 gw-fetch -d s.db -s s.conf >/dev/full 2>err &&
	full_says gw-fetch &&
	grep -q "No space left on device" err &&
	test_eq 1 "$(q s.db "select count(*) from documents")" &&
	gw-fetch -d s.db -s s.conf --unloaded >out 2>err &&
	test_eq "$(sha256sum <dc.csv | cut -c1-64)" "$(cat out)"
'
test_expect_success 'gw-fetch --help' '
	test_must_fail gw-fetch --help >/dev/full 2>err && full_says gw-fetch
'
test_expect_success 'gw-parse: exit 4 (its records are incomplete), said with the reason' '
	test_expect_code 4 gw-parse dc.csv >/dev/full 2>err &&
	full_says gw-parse && grep -q "No space left on device" err
'
test_expect_success 'gw-load --unresolved' '
	gw-parse dc.csv >dc.jsonl 2>/dev/null && gw-load -d s.db dc.jsonl 2>/dev/null &&
	gw-load -d s.db --unresolved >out && test -s out &&
	test_must_fail gw-load -d s.db --unresolved >/dev/full 2>err && full_says gw-load
'
test_expect_success 'gw-report' '
	gw-report -d s.db >out 2>/dev/null && test -s out &&
	test_must_fail gw-report -d s.db >/dev/full 2>err && full_says gw-report
'
test_expect_success 'gw-crawl --help and --version' '
	test_must_fail gw-crawl --help >/dev/full 2>err && full_says gw-crawl &&
	test_must_fail gw-crawl --version >/dev/full 2>err && full_says gw-crawl
'
test_done
