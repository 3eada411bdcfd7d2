#!/bin/sh
# gw-load: an input that cannot be read (a folder, a file this user may not
# read) is one failed input: said with its name, the other inputs load, and
# the status is 1, not 4 (4 is for the store).
. "$(dirname "$0")/test-lib.sh"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
cat >good.jsonl <<EOF2
{"kind":"capacity","site":"A","mw":10,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r1"}}
EOF2
cat >good2.jsonl <<EOF2
{"kind":"capacity","site":"B","mw":20,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r2"}}
EOF2
mkdir adir

test_expect_success 'a folder among the inputs fails alone: the others load, status 1' '
	test_expect_code 1 gw-load -d s.db good.jsonl adir good2.jsonl 2>err &&
	grep -q "^gw-load: adir: cannot read: Is a directory$" err &&
	grep -q "read 2, stored 2, unchanged 0, rejected 0" err &&
	test_eq 2 "$(q s.db "select count(*) from obs_capacity")"
'
test_expect_success 'standard input that is a folder is said as such, status 1' '
	test_expect_code 1 gw-load -d s.db <adir 2>err &&
	grep -q "^gw-load: -: cannot read: Is a directory$" err
'

# Permissions do not stop root: run gw-load as another user when root.
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	else
		as_user=
	fi
else
	as_user() { "$@"; }
fi
if type as_user >/dev/null 2>&1; then
	test_expect_success 'a file this user may not read fails alone, status 1' '
		chmod 755 . && mkdir w && cp good.jsonl good2.jsonl w/ && chmod 000 w/good.jsonl &&
		chmod 777 w && test_expect_code 1 as_user gw-load -d w/s.db --quiet w/good.jsonl w/good2.jsonl 2>err &&
		grep -q "^gw-load: w/good.jsonl: cannot open: Permission denied$" err &&
		test_eq 1 "$(q w/s.db "select count(*) from obs_capacity")"
	'
else
	test_skip 'a file this user may not read fails alone' 'running as root without setpriv'
fi
test_done
