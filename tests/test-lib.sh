# test-lib.sh: TAP helpers for the shell tests (after git's t/test-lib.sh).
# A test script sources this, calls test_expect_success for each test, and
# ends with test_done. Each test runs in a fresh trash folder shared by the
# script; the tools come from $GW_BIN (default: bin/ of this checkout).
set -u
TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$TEST_DIR/.." && pwd)
GW_BIN=${GW_BIN:-$ROOT/bin}
GW_UNIT=${GW_UNIT:-$ROOT/build/obj/unit}
FIXTURES=$ROOT/fixtures
CORPUS=$ROOT/../shared/corpus
PATH=$GW_BIN:$PATH
export PATH GW_BIN ROOT FIXTURES CORPUS
unset GW_DB GW_USER_AGENT
LC_ALL=C
export LC_ALL

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/gw-$TEST_NAME.XXXXXX")
cd "$TRASH" || exit 1
_test_count=0
_test_failed=0
_test_cleanup_cmds=""
test_cleanup() { _test_cleanup_cmds="$1; $_test_cleanup_cmds"; }
_test_exit() {
	eval "$_test_cleanup_cmds"
	cd / && rm -rf "$TRASH"
}
trap _test_exit EXIT

say() { echo "# $*"; }

# test_expect_success 'description' 'shell commands'
# The commands must form one &&-chain, so that any failing step fails the
# test. This is checked first, as git's test-lib does: the body is run as
# "(exit 117) && BODY", which must exit 117 (every step skipped). A ";" or a
# newline without "&&", or a "||" at the top level, lets a later step run and
# changes that status; the test then fails as "broken &&-chain". Steps whose
# status is meant to be ignored go inside { ...; } or a function; a status is
# tested with test_expect_code or test_must_fail. GW_TEST_CHAIN_LINT=0 turns
# the check off.
test_expect_success() {
	_test_count=$((_test_count + 1))
	if [ "${GW_TEST_CHAIN_LINT:-1}" != 0 ]; then
		(eval "(exit 117) && $2
") >"$TRASH/.out" 2>&1
		_lint=$?
		if [ $_lint -ne 117 ]; then
			_test_failed=$((_test_failed + 1))
			echo "not ok $_test_count - $1"
			echo "#   broken &&-chain in the test body (lint status $_lint, not 117):"
			printf '%s\n' "$2" | sed 's/^/#   | /'
			return
		fi
	fi
	if (eval "$2") >"$TRASH/.out" 2>&1; then
		echo "ok $_test_count - $1"
	else
		_test_failed=$((_test_failed + 1))
		echo "not ok $_test_count - $1"
		sed 's/^/#   /' "$TRASH/.out" | tail -40
	fi
}

# test_skip 'description' 'reason': a test that cannot run here, said as a skip
test_skip() {
	_test_count=$((_test_count + 1))
	echo "ok $_test_count - $1 # SKIP $2"
}

# test_must_fail CMD...: CMD exits non-zero, but not by a signal or sanitizer abort
test_must_fail() {
	"$@"
	_rc=$?
	if [ $_rc -eq 0 ]; then
		echo "test_must_fail: command succeeded: $*" >&2
		return 1
	elif [ $_rc -gt 125 ]; then
		echo "test_must_fail: command died (status $_rc): $*" >&2
		return 1
	fi
	return 0
}

# test_expect_code N CMD...
test_expect_code() {
	_want=$1
	shift
	"$@"
	_rc=$?
	if [ $_rc -ne "$_want" ]; then
		echo "test_expect_code: expected $_want, got $_rc: $*" >&2
		return 1
	fi
	return 0
}

# test_cmp EXPECTED ACTUAL
test_cmp() { diff -u "$1" "$2"; }

# test_eq EXPECTED ACTUAL [what]
test_eq() {
	if [ "$1" != "$2" ]; then
		echo "expected ${3:+$3 }'$1', got '$2'" >&2
		return 1
	fi
}

# test_near EXPECTED ACTUAL REL_TOLERANCE
test_near() {
	awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a;
		if (d > t * m + 1e-12) { printf "expected %s, got %s (tolerance %s)\n", a, b, t > "/dev/stderr"; exit 1 } }'
}

# q DB SQL: one value from the store
q() { sqlite3 -batch -noheader "$1" "$2"; }

test_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# corpus FILE: path of a corpus file; skips the whole script, saying why, without ../shared
# (called after fixture tests have run: those stand, and the rest is one skip)
need_corpus() {
	[ -d "$CORPUS" ] && return 0
	if [ $_test_count -gt 0 ]; then
		test_skip "the tests on the real-data corpus" "no ../shared/corpus beside this checkout"
		test_done
	fi
	test_skip_all "no ../shared/corpus beside this checkout"
}

test_done() {
	echo "1..$_test_count"
	[ $_test_failed -eq 0 ]
	exit $?
}
