#!/bin/sh
# gw-crawl killed (SIGKILL) at deterministic points: the whole crawl (its
# process group, as cron or systemd would) after several delays, and one of its
# steps at its Nth write, sync, rename or link (tests/fault/shim.c with GW_FAULT_KILL):
# gw-fetch, gw-load, and the crawl's own rewrite of its pending list (mv).
# After each kill the store passes integrity_check and the next crawl reaches
# the state of a clean crawl: nothing fetched is lost (tests/fault/lib.sh).
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"
. "$ROOT/tests/fault/lib.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
command -v setsid >/dev/null || test_skip_all "no setsid(1) to kill a crawl's process group"
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

cp "$FIXTURES/datacenters/frontier_data_centers.csv" "$NGX_WWW/dc.csv"
cp "$FIXTURES/datacenters/frontier_timelines.csv" "$NGX_WWW/tl.csv"
cp "$FIXTURES/power/nyiso_queue.xlsx" "$NGX_WWW/nyiso.xlsx"
cp "$FIXTURES/power/caiso_queue_report.xlsx" "$NGX_WWW/caiso.xlsx"
cat >s.conf <<EOF
user_agent=gigawatt-test/1.0 (ops@example.org)
dc     $NGX_URL/dc.csv       epoch-dc         delay=0
tl     $NGX_URL/tl.csv       epoch-timelines  delay=0
nyiso  $NGX_URL/nyiso.xlsx   nyiso-queue      delay=0
caiso  $NGX_URL/caiso.xlsx   caiso-queue      delay=0
EOF

test_expect_success 'a clean crawl' '
	mkdir clean && gw-crawl -q -d clean/s.db -s s.conf &&
	test_eq 4 "$(q clean/s.db "select count(*) from doc_loads")" &&
	canon_dump clean >clean.dump
'

# after_kill WHAT: the store is sound, and the next crawl brings it to the clean state
unfinished=0
after_kill() {
	store_ok k || { echo "$1: the store after the kill"; return 1; }
	canon_dump k >k.dump
	cmp -s clean.dump k.dump || unfinished=$((unfinished + 1))
	gw-crawl -q -d k/s.db -s s.conf 2>err || { echo "$1: the next crawl failed"; cat err; return 1; }
	store_ok k && canon_dump k >k.dump && test_cmp clean.dump k.dump ||
		{ echo "$1: the next crawl did not reach the clean state"; return 1; }
}

test_expect_success 'the whole crawl killed after 0.05, 0.15, 0.3 and 0.45 s' '
	for d in 0.05 0.15 0.3 0.45; do
		rm -rf k && mkdir k &&
		setsid gw-crawl -q -d k/s.db -s s.conf 2>/dev/null &
		pid=$!
		sleep $d
		/bin/kill -s KILL -- -$pid 2>/dev/null
		wait $pid
		n=0	# SIGKILL is sent: wait for every process of the group to be gone
		while /bin/kill -s 0 -- -$pid 2>/dev/null && test $n -lt 100; do sleep 0.05; n=$((n + 1)); done
		after_kill "killed after $d s" || return 1
	done &&
	say "$unfinished of the killed crawls had work left" &&
	test $unfinished -gt 0
'
# killed PROG N: a crawl whose PROG is killed at its Nth counted call
killed() {
	rm -rf k && mkdir k &&
	GW_FAULT_PROG=$1 GW_FAULT_N=$2 GW_FAULT_KILL=1 with_faults gw-crawl -q -d k/s.db -s s.conf 2>err
	rc=$?
	test $rc -ne 0 || { echo "$1 killed at call $2, and the crawl said nothing"; return 1; }
	after_kill "$1 killed at call $2"
}
test_expect_success 'gw-fetch killed at its 1st and 60th write, sync or link' '
	unfinished=0 && killed gw-fetch 1 && killed gw-fetch 60 &&
	test $unfinished -gt 0
'
test_expect_success 'gw-load killed at its 1st and 20th write or sync' '
	unfinished=0 && killed gw-load 1 && killed gw-load 20 &&
	test $unfinished -gt 0
'
test_expect_success 'the pending list killed as it is renamed into place (mv)' '
	unfinished=0 && killed mv 1 && test $unfinished -gt 0
'
test_done
