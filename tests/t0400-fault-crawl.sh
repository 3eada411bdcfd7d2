#!/bin/sh
# I/O faults (tests/fault/shim.c, LD_PRELOAD) in gw-fetch, gw-load and gw-crawl's
# own rewrite of its pending list (mv): a write, pwrite, fsync, fdatasync, syncfs, rename
# or link fails at the Nth call (once, or from then on: a full disk), counted from a store
# already created (its migrations applied). After each fault the
# store passes integrity_check, and the next crawl (due sources only, as cron runs
# it) without faults reaches the state of a
# clean crawl (tests/fault/lib.sh: canon_dump); a faulted crawl that exits 0 has
# already reached it.
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"
. "$ROOT/tests/fault/lib.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

cp "$FIXTURES/datacenters/frontier_data_centers.csv" "$NGX_WWW/dc.csv"
cp "$FIXTURES/datacenters/frontier_timelines.csv" "$NGX_WWW/tl.csv"
cp "$FIXTURES/power/nyiso_queue.xlsx" "$NGX_WWW/nyiso.xlsx"
cat >s.conf <<EOF
user_agent=gigawatt-test/1.0 (ops@example.org)
dc     $NGX_URL/dc.csv       epoch-dc         delay=0
tl     $NGX_URL/tl.csv       epoch-timelines  delay=0
nyiso  $NGX_URL/nyiso.xlsx   nyiso-queue      delay=0
EOF

test_expect_success 'a clean crawl: status 0, three documents loaded' '
	mkdir clean && gw-crawl -q -d clean/s.db -s s.conf &&
	store_ok clean &&
	test_eq 3 "$(q clean/s.db "select count(*) from doc_loads")" &&
	test_eq 6 "$(q clean/s.db "select count(*) from obs_grid_request")" &&
	canon_dump clean >clean.dump &&
	grep -q "^obs_grid_request|" clean.dump &&
	mkdir empty && gw-load -d empty/s.db --unresolved
'

# faults PROG CALLS: the fault loop over the processes named PROG, counting CALLS
faults() {
	rm -rf c count && cp -r empty c &&
	GW_FAULT_COUNT=$TRASH/count GW_FAULT_PROG=$1 GW_FAULT_CALLS=$2 with_faults gw-crawl -q -d c/s.db -s s.conf &&
	total=$(awk "{ if (\$2 > m) m = \$2 } END { print m + 0 }" count) &&
	say "$1 ($2): $total calls in the largest process" &&
	test "$total" -gt 0 &&
	fired=0 &&
	for sticky in 0 1; do
		# a full disk: two of the points are enough
		for n in $(fault_points "$total" | if test $sticky = 1; then sed -n "1p;3p"; else cat; fi); do
			rm -rf f && cp -r empty f &&
			GW_FAULT_PROG=$1 GW_FAULT_CALLS=$2 GW_FAULT_N=$n GW_FAULT_STICKY=$sticky \
				with_faults gw-crawl -q -d f/s.db -s s.conf >out 2>err
			rc=$?
			test $rc -le 4 || { echo "$1 $2 call $n sticky $sticky: exit $rc"; cat err; return 1; }
			if test $rc -eq 0; then
				canon_dump f >f.dump && test_cmp clean.dump f.dump ||
					{ echo "$1 $2 call $n sticky $sticky: exit 0, but not the clean state"; return 1; }
			else
				test -s err || { echo "$1 $2 call $n: exit $rc and no message"; return 1; }
				fired=$((fired + 1))
			fi
			store_ok f || { echo "$1 $2 call $n sticky $sticky: after the fault"; cat err; return 1; }
			gw-crawl -q -d f/s.db -s s.conf 2>err2 ||
				{ echo "$1 $2 call $n sticky $sticky: the rerun failed"; cat err2; return 1; }
			store_ok f && canon_dump f >f.dump && test_cmp clean.dump f.dump ||
				{ echo "$1 $2 call $n sticky $sticky: the rerun did not reach the clean state"; cat err; return 1; }
		done
	done &&
	say "$fired of the faulted crawls failed and said so" &&
	test $fired -gt 0
}

test_expect_success 'faults in gw-fetch (the raw store, its sync, the store)' '
	faults gw-fetch write,pwrite,fsync,fdatasync,syncfs,link
'
test_expect_success 'faults in gw-load' '
	faults gw-load write,pwrite,fsync,fdatasync
'
# grep and awk write through stdio, whose writes the shim cannot see: their
# failures are exit statuses, which gw-crawl checks
test_expect_success 'faults in gw-crawl itself: renaming the pending list into place (mv)' '
	faults mv rename
'
test_done
