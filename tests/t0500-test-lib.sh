#!/bin/sh
# test-lib.sh itself: a test body whose &&-chain is broken fails as such
# (git's "(exit 117) && BODY" check), so no step's status can be lost.
. "$(dirname "$0")/test-lib.sh"

# run_lib BODY: a script with one test of BODY, run with this test-lib; its TAP in tap
run_lib() {
	printf '%s\n' '. "$TEST_DIR/test-lib.sh"' "test_expect_success 'inner' '$1'" 'test_done' >inner.sh &&
	{ TEST_DIR=$TEST_DIR sh inner.sh >tap 2>&1; echo $? >rc; } &&
	cat tap
}

test_expect_success 'a whole &&-chain passes, and a failing step fails it' '
	run_lib "true && test 1 = 1" && test_eq 0 "$(cat rc)" && grep -q "^ok 1 - inner" tap &&
	run_lib "true && false && true" && test_eq 1 "$(cat rc)" && grep -q "^not ok 1 - inner" tap &&
	! grep -q "broken &&-chain" tap
'
test_expect_success 'a ; that drops a status is a broken chain, even when the last step passes' '
	run_lib "false; true" && test_eq 1 "$(cat rc)" &&
	grep -q "^not ok 1 - inner" tap && grep -q "broken &&-chain" tap
'
test_expect_success 'a newline without && is a broken chain' '
	run_lib "false
	true" && test_eq 1 "$(cat rc)" && grep -q "broken &&-chain" tap
'
test_expect_success 'a top-level || fallback (test_expect_code 1 cmd || :) is a broken chain' '
	run_lib "test_expect_code 1 true || :
	true" && test_eq 1 "$(cat rc)" && grep -q "broken &&-chain" tap
'
test_expect_success 'a command sent to the background without braces is a broken chain' '
	run_lib "sleep 0 &
	true" && test_eq 1 "$(cat rc)" && grep -q "broken &&-chain" tap
'
test_expect_success 'groups, loops and functions in the chain are allowed' '
	run_lib "{ false; rc=\$?; } && test \$rc -eq 1 && for i in 1 2; do test \$i -gt 0 || return 1; done && { sleep 0 & } && wait" &&
	test_eq 0 "$(cat rc)" && grep -q "^ok 1 - inner" tap
'
test_expect_success 'GW_TEST_CHAIN_LINT=0 turns the check off' '
	printf "%s\n" ". \"\$TEST_DIR/test-lib.sh\"" "test_expect_success inner \"false; true\"" test_done >off.sh &&
	GW_TEST_CHAIN_LINT=0 TEST_DIR=$TEST_DIR sh off.sh >tap &&
	grep -q "^ok 1 - inner" tap
'
test_expect_success 'need_corpus without a corpus says skip, never ok' '
	printf "%s\n" ". \"\$TEST_DIR/test-lib.sh\"" "CORPUS=/nonexistent" "test_expect_success first true" need_corpus \
		"test_expect_success \"corpus test\" \"test -d \\\$CORPUS\"" test_done >nc.sh &&
	TEST_DIR=$TEST_DIR sh nc.sh >tap &&
	grep -q "^ok 2 - .* # SKIP no ../shared/corpus" tap && ! grep -q "corpus test" tap
'
test_done
