#!/bin/sh
# Runs the C unit tests (tests/unit, built by make into $GW_UNIT), each printing TAP.
. "$(dirname "$0")/test-lib.sh"

for u in "$GW_UNIT"/*; do
	[ -x "$u" ] || continue
	name=$(basename "$u")
	test_expect_success "unit: $name" "
		{ '$u' >out; rc=\$?; cat out; } && ! grep -q '^not ok' out && grep -q '^1\.\.[1-9]' out && test \$rc -eq 0
	"
done
test_expect_success 'the unit tests were built' '
	ls "$GW_UNIT"/test-lib >/dev/null
'
test_done
