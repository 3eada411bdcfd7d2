#!/bin/sh
# gw-fetch retries, limits and broken servers: nginx for 429/503/redirect
# loops/slow bodies, tests/servers/fault.py for resets, short bodies and
# replies that are not HTTP. Checks what reached the servers and what was stored.
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
command -v python3 >/dev/null || test_skip_all "python3 is not installed (make deps)"
NGX_ROBOTS_503=127.0.0.3
nginx_start 127.0.0.1 127.0.0.3 || { echo "Bail out! nginx did not start"; exit 1; }
fault_start || { echo "Bail out! the fault server did not start"; exit 1; }

UA='gigawatt-test/1.0 (ops@example.org)'
printf 'Name,Owner,Current power (MW)\r\nGood,Example Owner,5\r\n' >"$NGX_WWW/good.csv"
dd if=/dev/zero bs=1024 count=20 2>/dev/null | tr "\0" "x" >"$NGX_WWW/slow/big.csv"
cp "$NGX_WWW/slow/big.csv" "$NGX_WWW/big.csv"
# the fault server's CSV is 61 bytes: "Name,Owner,Current power (MW)\r\n" (31) and
# "Test Site,Example Owner,12.5\r\n" (30); /short promises 5000, so 4939 are missing.
# fetch ID URL [gw-fetch options]: one source, delay 0; status in $TRASH/rc
fetch() {
	echo "$1 $2 epoch-dc delay=0" >one.conf
	_id=$1
	shift 2
	gw-fetch -d s.db -s one.conf -A "$UA" --retry-base 0.2 "$@" >out 2>err
	echo $? >rc
}
reason() { q s.db "select error from fetches where source = '$1' order by id desc limit 1"; }
attempts() { q s.db "select attempts from fetches where source = '$1' order by id desc limit 1"; }
docs() { q s.db "select count(*) from documents where source = '$1'"; }
# every file of the raw store is a document (no partial or temporary file)
raw_clean() { test "$(find raw -type f 2>/dev/null | wc -l)" = "$(q s.db "select count(*) from documents")"; }
fault_gaps() { grep " $1 " "$FAULT_LOG" | awk '{ t = $1 * 1000; if (NR > 1) printf "%d\n", t - p; p = t }'; }

test_expect_success '429 with Retry-After: 1: retried no sooner than 1 s, then given up and recorded' '
	fetch rl "$NGX_URL/ratelimit/x.csv" --max-attempts 3 &&
	test_eq 1 "$(cat rc)" &&
	test_eq 3 "$(ngx_requests /ratelimit/x.csv | grep -c "\" 429 ")" &&
	ngx_gaps /ratelimit/x.csv >gaps &&
	awk "\$1 < 950 { print \"gap \" \$1 \" ms\"; bad = 1 } END { exit bad || NR != 2 }" gaps &&
	test_eq "HTTP status 429 (gave up after 3 attempts)" "$(reason rl)" &&
	test_eq 3 "$(attempts rl)" &&
	test_eq 429 "$(q s.db "select http_status from fetches where source = '"'rl'"'")" &&
	test_eq 0 "$(docs rl)"
'
test_expect_success 'a Retry-After beyond --max-wait gives up at once, saying so' '
	fetch rl-long "$NGX_URL/ratelimit-long/x.csv" --max-wait 60 &&
	test_eq 1 "$(cat rc)" &&
	test_eq 1 "$(ngx_requests /ratelimit-long/x.csv | wc -l)" &&
	reason rl-long | grep -q "^HTTP status 429 (gave up after 1 attempts: waiting 3600.0 s more would pass --max-wait 60.0 s)"
'
# The waits drawn are read from gw-fetch's messages (0.1-0.2 s, then 0.2-0.4 s);
# on the wire only the lower bounds are checked: a loaded machine can only
# lengthen a gap, so an upper bound there would be a flaky test.
test_expect_success '503: exponential backoff (0.2 s base, jittered: gaps >= 0.1 s then >= 0.2 s)' '
	fetch un "$NGX_URL/unavailable/x.csv" --max-attempts 3 &&
	test_eq 1 "$(cat rc)" &&
	sed -n "s/.*: HTTP status 503; retrying in \([0-9.]*\) s\$/\1/p" err >waits &&
	test_eq 2 "$(wc -l <waits)" &&
	awk "NR == 1 && (\$1 < 0.1 || \$1 > 0.2) || NR == 2 && (\$1 < 0.2 || \$1 > 0.4) { print \"wait \" NR \": \" \$1; bad = 1 } END { exit bad }" waits &&
	ngx_gaps /unavailable/x.csv >gaps && test_eq 2 "$(wc -l <gaps)" &&
	test "$(sed -n 1p gaps)" -ge 98 &&
	test "$(sed -n 2p gaps)" -ge 198 &&
	test_eq "HTTP status 503 (gave up after 3 attempts)" "$(reason un)"
'
test_expect_success 'a server that recovers: 503 twice, then the document, in 3 attempts' '
	fetch flaky "$FAULT_URL/flaky/2/a.csv" --max-attempts 4 &&
	test_eq 0 "$(cat rc)" &&
	test_eq 3 "$(grep -c " /flaky/2/a.csv " "$FAULT_LOG")" &&
	test_eq "ok|3|200" "$(q s.db "select outcome, attempts, http_status from fetches where source = '"'flaky'"'")" &&
	test_eq 1 "$(wc -l <out)" &&
	grep -q "retrying in" err
'
test_expect_success 'Retry-After as an HTTP date is honoured as the minimum wait' '
	fetch rd "$FAULT_URL/retry-date/1/a.csv" &&
	test_eq 0 "$(cat rc)" &&
	fault_gaps /retry-date/1/a.csv >gaps &&
	test "$(cat gaps)" -ge 1000
'
test_expect_success 'a redirect loop stops at 5 redirects and is not retried' '
	fetch loop "$NGX_URL/loop/x.csv" &&
	test_eq 1 "$(cat rc)" &&
	test_eq 6 "$(grep -c "\"GET /loop/" "$NGX_LOG")" &&
	reason loop | grep -q "Maximum (5) redirects followed" &&
	test_eq 1 "$(attempts loop)"
'
test_expect_success 'a body slower than --timeout is a timeout, retried, then recorded' '
	fetch slow "$NGX_URL/slow/big.csv" --timeout 1 --max-attempts 2 &&
	test_eq 1 "$(cat rc)" &&
	reason slow | grep -q "^Operation timed out after .* (gave up after 2 attempts)" &&
	test_eq 0 "$(docs slow)" && raw_clean
'
test_expect_success 'a body over --max-body is refused and not retried' '
	fetch big "$NGX_URL/big.csv" --max-body 1000 &&
	test_eq 1 "$(cat rc)" &&
	test_eq "body larger than 1000 bytes (--max-body)" "$(reason big)" &&
	test_eq 1 "$(attempts big)"
'
test_expect_success 'a connection reset mid-body is retried, then recorded; nothing stored' '
	fetch reset "$FAULT_URL/reset" --max-attempts 2 &&
	test_eq 1 "$(cat rc)" &&
	test_eq 2 "$(grep -c " /reset " "$FAULT_LOG")" &&
	reason reset | grep -q -i "recv failure: connection reset by peer (gave up after 2 attempts)" &&
	test_eq 0 "$(docs reset)" && raw_clean
'
test_expect_success 'a body shorter than its Content-Length is a failure, never a document' '
	fetch short "$FAULT_URL/short" --max-attempts 1 &&
	test_eq 1 "$(cat rc)" &&
	reason short | grep -q "transfer closed with 4939 bytes remaining to read" &&
	test_eq 0 "$(docs short)" && raw_clean
'
test_expect_success 'replies that are not HTTP are failures with the reason' '
	fetch garbage "$FAULT_URL/garbage" --max-attempts 1 &&
	test_eq 1 "$(cat rc)" &&
	test -n "$(reason garbage)" &&
	fetch badlength "$FAULT_URL/badlength" --max-attempts 1 &&
	test_eq 1 "$(cat rc)" &&
	reason badlength | grep -q -i "content-length" &&
	test_eq 0 "$(docs garbage)" && test_eq 0 "$(docs badlength)" && raw_clean
'
test_expect_success 'SEC'"'"'s Undeclared Automated Tool notice (status 200) is a failed fetch' '
	fetch notice "$FAULT_URL/sec-notice" &&
	test_eq 1 "$(cat rc)" &&
	test_eq "error page served with status 200: SEC EDGAR'"'"'s '"'"'Undeclared Automated Tool'"'"' notice" "$(reason notice)" &&
	test_eq "200" "$(q s.db "select http_status from fetches where source = '"'notice'"'")" &&
	test_eq 0 "$(docs notice)"
'
test_expect_success 'a failing source does not stop the others: status 1, the good one stored' '
	printf "u1 $NGX_URL/unavailable/y.csv epoch-dc delay=0\ng1 $NGX_URL/good.csv epoch-dc delay=0\n" >two.conf &&
	test_expect_code 1 gw-fetch -d s.db -s two.conf -A "$UA" --max-attempts 1 >out 2>err &&
	test_eq "$(sha256sum <"$NGX_WWW/good.csv" | cut -c1-64)" "$(cat out)" &&
	grep -q "2 sources, 1 fetched, 1 new, 0 unchanged, 0 not modified, 1 failed" err &&
	grep -q "^gw-fetch: u1: $NGX_URL/unavailable/y.csv: HTTP status 503" err
'
test_expect_success 'an unreachable robots.txt (503) fails the host'"'"'s sources, asking nothing else' '
	: >"$NGX_LOG" &&
	fetch norobots "http://127.0.0.3:$NGX_PORT/good.csv" &&
	test_eq 1 "$(cat rc)" &&
	test_eq "robots.txt unreachable: HTTP status 503" "$(reason norobots)" &&
	test_eq 1 "$(wc -l <"$NGX_LOG")" && grep -q "GET /robots.txt HTTP/1.1.* 503 " "$NGX_LOG"
'
test_expect_success 'a raw store that cannot be written is a store failure: exit 4, no row' '
	mkdir broken && : >broken/raw &&
	echo "g2 $NGX_URL/good.csv epoch-dc delay=0" >b.conf &&
	test_expect_code 4 gw-fetch -d broken/s.db -s b.conf -A "$UA" >out 2>err &&
	grep -q "broken/raw.*: cannot create the raw store folder" err &&
	test_eq "" "$(cat out)" &&
	test_eq 0 "$(q broken/s.db "select count(*) from documents")"
'
test_expect_success 'usage errors exit 2' '
	test_expect_code 2 gw-fetch -d s.db 2>/dev/null &&
	test_expect_code 2 gw-fetch -d s.db -s two.conf --max-attempts 0 2>/dev/null &&
	test_expect_code 2 gw-fetch -d s.db -s two.conf --bogus 2>/dev/null
'

test_done
