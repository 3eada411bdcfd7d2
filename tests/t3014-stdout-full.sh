#!/bin/sh
# gw-load and gw-report writing to a full device (/dev/full): the failed
# write is said with its cause ("write error on standard output: No space left
# on device", not a stale errno such as "Bad file descriptor") and the status
# is not 0.
. "$(dirname "$0")/test-lib.sh"

test -w /dev/full || test_skip_all "no /dev/full here"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
awk -v d=$D 'BEGIN { for (i = 0; i < 3000; i++)
	printf "{\"kind\":\"capacity\",\"operator\":\"Unknown Operator Number %d\",\"site\":\"S%d\",\"mw\":1,\"mw_basis\":\"it\",\"status\":\"operational\",\"as_of\":\"2025-01-02\",\"src\":{\"doc\":\"%s\",\"loc\":\"r%d\"}}\n", i, i, d, i }' >many.jsonl

test_expect_success 'setup: a store with a report and many unresolved operators' '
	gw-load -q -d s.db many.jsonl &&
	test "$(gw-load -d s.db --unresolved | wc -c)" -gt 65536
'
# full: CMD... runs CMD with stdout on /dev/full and checks its status and message
full() {
	"$@" >/dev/full 2>err
	rc=$?
	cat err
	test $rc -ne 0 && test $rc -lt 126 &&
	grep -q "^gw-[a-z]*: write error on standard output: No space left on device$" err &&
	test "$(wc -l <err)" -eq 1
}
test_expect_success 'gw-report (text) to /dev/full' 'full gw-report -d s.db --quarter 2025Q1'
test_expect_success 'gw-report -f html to /dev/full' 'full gw-report -d s.db --quarter 2025Q1 -f html'
test_expect_success 'gw-report --params to /dev/full' 'full gw-report --params'
test_expect_success 'gw-report --help to /dev/full' 'full gw-report --help'
test_expect_success 'gw-report --version to /dev/full' 'full gw-report --version'
test_expect_success 'gw-load --unresolved (more than a buffer) to /dev/full' 'full gw-load -d s.db --unresolved'
test_expect_success 'gw-load --help to /dev/full' 'full gw-load --help'
test_expect_success 'gw-load --version to /dev/full' 'full gw-load --version'
test_done
