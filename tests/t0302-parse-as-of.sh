#!/bin/sh
# gw-parse --as-of: YYYY-MM-DD, or an ISO 8601 date-time whose date is taken;
# anything else is a usage error (it used to be cut to 10 bytes and stored).
. "$(dirname "$0")/test-lib.sh"
F=$FIXTURES/power/miso_gi_queue.csv	# does not date itself: as_of is --as-of

as_of() { sed -n 's/.*"as_of":"\([^"]*\)".*/\1/p' out | sort -u; }

test_expect_success 'YYYY-MM-DD is the as_of of every record' '
	test_expect_code 1 gw-parse --as-of 2025-03-31 "$F" >out 2>/dev/null &&
	test_eq 2025-03-31 "$(as_of)"
'
test_expect_success 'an ISO date-time gives its date' '
	test_expect_code 1 gw-parse --as-of 2025-03-31T23:30:00-05:00 "$F" >out 2>/dev/null &&
	test_eq 2025-03-31 "$(as_of)" &&
	test_expect_code 1 gw-parse --as-of 2025-03-31T08:00Z "$F" >out 2>/dev/null &&
	test_eq 2025-03-31 "$(as_of)"
'
test_expect_success '"Mar 31, 2025": usage error (exit 2) saying which forms, nothing written' '
	test_expect_code 2 gw-parse --as-of "Mar 31, 2025" "$F" >out 2>err &&
	grep -q "gw-parse: --as-of .Mar 31, 2025. is not a date: give YYYY-MM-DD (or an ISO 8601 date-time" err &&
	test_must_fail test -s out
'
test_expect_success 'other forms and impossible dates: exit 2' '
	for d in 3/31/2025 20250331 2025-3-31 "2025-03-31 12:00" 2025-03-31T 2025-03-31T12 \
		2025-03-31T24:00 2025-03-31T12:60 2025-03-31T12:00+2:00 2025-02-30 2025-13-01 "" x; do
		test_expect_code 2 gw-parse --as-of "$d" "$F" >out 2>err || { echo "accepted: $d"; return 1; }
		test_must_fail test -s out || return 1
	done
'
test_done
