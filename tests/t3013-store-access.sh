#!/bin/sh
# Stores a tool cannot use as they are: a store newer than the tool (PRAGMA
# user_version past the migrations it knows: writers refuse, readers warn and
# read) and a store this user cannot write (said as read-only, naming the
# path, never "not a gigawatt store").
. "$(dirname "$0")/test-lib.sh"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
cat >good.jsonl <<EOF2
{"kind":"capacity","site":"A","mw":10,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r1"}}
EOF2
cat >more.jsonl <<EOF2
{"kind":"capacity","site":"B","mw":20,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$D","loc":"r2"}}
EOF2

test_expect_success 'setup: a store at this version, then marked newer (999)' '
	gw-load -d new.db good.jsonl &&
	q new.db "pragma user_version = 999" &&
	test_eq 999 "$(q new.db "pragma user_version")"
'
test_expect_success 'gw-report reads a newer store but says so on stderr' '
	gw-report -d new.db --quarter 2025Q1 --section headline >out 2>err &&
	grep -q "^gw-report: new.db: the store is at schema version 999, newer than this gw-report (which knows [0-9]*): what it reads may be incomplete or wrong; update gigawatt$" err &&
	test -s out
'
test_expect_success 'gw-load refuses to write to a newer store: status 4, nothing written' '
	test_expect_code 4 gw-load -d new.db more.jsonl 2>err &&
	grep -q "^gw-load: new.db: the store is at schema version 999, newer than this gw-load (which knows [0-9]*): it will not write to it; update gigawatt$" err &&
	test_eq 1 "$(q new.db "select count(*) from obs_capacity")" &&
	test_eq 999 "$(q new.db "pragma user_version")"
'

# Permissions do not stop root: run the tools as another user when root.
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 &&
		as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_user() { "$@"; }
fi
if ! type as_user >/dev/null 2>&1; then
	test_skip 'read-only stores' 'running as root without setpriv'
	test_done
fi

# ro/: a store whose file and folder this user cannot write; rw/: only the folder
test_expect_success 'setup: read-only stores' '
	chmod 755 . && mkdir ro dirro &&
	gw-load -d ro/s.db good.jsonl && gw-load -d dirro/s.db good.jsonl &&
	test ! -e ro/s.db-wal && test ! -e dirro/s.db-wal &&
	chmod 444 ro/s.db && chmod 555 ro && chmod 666 dirro/s.db && chmod 555 dirro
'
test_cleanup 'chmod 755 "$TRASH/ro" "$TRASH/dirro" 2>/dev/null'
test_expect_success 'gw-load on a read-only store file says read-only, naming it; status 4' '
	test_expect_code 4 as_user gw-load -d ro/s.db more.jsonl 2>err &&
	grep -q "^gw-load: ro/s.db: the store is read-only: this user cannot write it$" err &&
	! grep -q "not a gigawatt store" err &&
	test_eq 1 "$(q ro/s.db "select count(*) from obs_capacity")"
'
test_expect_success 'gw-load on a store in a read-only folder says it cannot be written; status 4' '
	test_expect_code 4 as_user gw-load -d dirro/s.db more.jsonl 2>err &&
	grep -q "^gw-load: dirro/s.db: the store cannot be written: its folder is read-only to this user, who cannot create dirro/s.db-wal there" err
'
test_expect_success 'gw-report on a store in a read-only folder says why it cannot read it, not "not a gigawatt store"' '
	test_expect_code 1 as_user gw-report -d ro/s.db --quarter 2025Q1 >out 2>err &&
	grep -q "^gw-report: ro/s.db: cannot read the store: its folder is read-only to this user, who cannot create ro/s.db-shm there" err &&
	! grep -q "not a gigawatt store" err
'
test_expect_success 'gw-report reads a read-only store file in a folder it may write' '
	chmod 777 ro &&
	as_user gw-report -d ro/s.db --quarter 2025Q1 --section headline >out 2>err &&
	test -s out && ! test -s err
'
test_done
