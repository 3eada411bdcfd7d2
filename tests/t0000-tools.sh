#!/bin/sh
# Every tool: --help (status 0, stdout), --version, usage errors (status 2, stderr).
. "$(dirname "$0")/test-lib.sh"

for t in gw-fetch gw-parse gw-load gw-report gw-export gw-sync gw-crawl; do
	test_expect_success "$t --help prints usage on stdout with status 0" "
		$t --help >out 2>err && grep -q '^usage: $t' out && ! test -s err
	"
done
for t in gw-fetch gw-parse gw-load gw-report gw-export gw-sync; do
	test_expect_success "$t --version" "
		$t --version >out && grep -q '^$t [0-9]' out
	"
	test_expect_success "$t with an unknown option fails with status 2 and usage on stderr" "
		test_expect_code 2 $t --no-such-option >out 2>err && grep -q usage err && ! test -s out
	"
done
test_expect_success 'gw-parse with no input is a usage error' '
	test_expect_code 2 gw-parse 2>err && grep -q usage err
'
test_expect_success 'gw-parse --list: one parser a line, name first' '
	gw-parse --list >out && test $(wc -l <out) -ge 1 && grep -q "^epoch-dc " out
'
test_expect_success 'gw-parse names an unknown parser as a usage error' '
	test_expect_code 2 gw-parse -p nope x 2>err && grep -q "no parser named .nope." err
'
test_expect_success 'gw-parse cannot read a missing file: status 1, names it' '
	test_expect_code 1 gw-parse -p epoch-dc missing.csv 2>err && grep -q "missing.csv" err
'
test_expect_success 'gw-parse says clearly when no parser recognises a document' '
	printf "hello world\n" >note.txt &&
	test_expect_code 1 gw-parse note.txt >out 2>err &&
	grep -q "note.txt: cannot tell which parser" err && ! test -s out
'
test_expect_success 'gw-report on a missing store fails clearly' '
	test_expect_code 1 gw-report -d nowhere.db 2>err && grep -q nowhere.db err
'
test_done
