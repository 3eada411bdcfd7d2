#!/bin/sh
# Replays every parser's saved fuzz corpus (tests/fuzz/corpus/PARSER/) under
# ASan and UBSan (make test builds the replay binary with the sanitizers).
. "$(dirname "$0")/test-lib.sh"

REPLAY=${GW_REPLAY:-$ROOT/build/san/fuzz-replay}
[ -x "$REPLAY" ] || test_skip_all "no sanitizer replay binary at $REPLAY (make test builds it)"

test_expect_success 'every parser has a seed corpus and replays it cleanly under the sanitizers' '
	{ "$REPLAY" "$ROOT/tests/fuzz/corpus" >out 2>err; rc=$?; cat out err; } &&
	test $rc -eq 0 && ! grep -q "^not ok" out && ! grep -q "ERROR: AddressSanitizer\|runtime error" err
'
test_expect_success 'the replay covers every registered parser' '
	gw-parse --list | awk "{print \$1}" | sort >want &&
	"$REPLAY" "$ROOT/tests/fuzz/corpus" 2>/dev/null | sed -n "s/^ok [0-9]* - \([^:]*\):.*/\1/p" | sort >got &&
	test_cmp want got
'
test_done
