#!/bin/sh
# gw-fetch against a real nginx on loopback: what reached the server (access
# log: User-Agent, conditional headers, spacing) and what was stored.
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

UA='gigawatt-test/1.0 (ops@example.org)'
# Gaps are between request starts as nginx saw them ($msec - $request_time, in
# whole ms). gw-fetch starts a request to a host no sooner than the delay after
# the previous response to it began to arrive: after nginx had read the previous
# request. So whatever the load, nginx sees each gap at least the delay, less
# 2 ms for its millisecond timestamps; a slow machine only makes gaps longer.
# (Upper bounds would depend on the load, so none is checked.)
csv() {	# an epoch-dc CSV with one site named $1
	printf 'Name,Owner,Current power (MW)\r\n%s,Example Owner,%s\r\n' "$1" "${2:-10}"
}
csv "Alpha" >"$NGX_WWW/a.csv"
csv "Bravo" >"$NGX_WWW/b.csv"
{ csv "Charlie"; i=0; while [ $i -lt 200 ]; do echo "Filler $i,Example Owner,$i"; i=$((i + 1)); done; } >"$NGX_WWW/gz/c.csv"
mkdir -p "$NGX_WWW/private" "$NGX_WWW/delay" "$NGX_WWW/lockme"
csv "Secret" >"$NGX_WWW/private/s.csv"
cat >"$NGX_WWW/robots.txt" <<EOF
User-agent: otherbot
Disallow: /

User-agent: gigawatt-test
Disallow: /private/
Crawl-delay: 0.3

User-agent: *
Disallow: /
EOF
printf '<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body>Back soon</body></html>\n' \
	>"$NGX_WWW/oops.html"

cat >s.conf <<EOF
# three documents on one host; delay below robots.txt's Crawl-delay
alpha   $NGX_URL/a.csv     epoch-dc  delay=0.1s
bravo   $NGX_URL/b.csv     epoch-dc  delay=0.1s
charlie $NGX_URL/gz/c.csv  epoch-dc  delay=0.1s  header=X-Test:yes
EOF

test_expect_success 'first fetch: each new document sha256 on stdout, status 0' '
	gw-fetch -d s.db -s s.conf -A "$UA" >out 2>err &&
	(cd "$NGX_WWW" && sha256sum a.csv b.csv gz/c.csv | cut -c1-64 | sort) >expect &&
	sort out >actual && test_cmp expect actual &&
	grep -q "3 sources, 3 fetched, 3 new, 0 unchanged, 0 not modified, 0 failed" err
'
test_expect_success 'the raw store holds the bytes; documents rows name source, url, parser' '
	for s in $(cat out); do cmp raw/$(echo $s | cut -c1-2)/$s - <"$(q s.db "select replace(url, \"$NGX_URL/\", \"$NGX_WWW/\") from documents where sha256 = \"$s\"")" || return 1; done &&
	test_eq "alpha|epoch-dc|a.csv" "$(q s.db "select source || \"|\" || parser || \"|\" || name from documents where url = \"$NGX_URL/a.csv\"")" &&
	test_eq 3 "$(q s.db "select count(*) from fetches where outcome = \"ok\" and new_doc = 1 and attempts = 1")"
'
test_expect_success 'robots.txt was asked for once, before any document, with our User-Agent' '
	test_eq 1 "$(grep -c "\"GET /robots.txt HTTP" "$NGX_LOG")" &&
	head -1 "$NGX_LOG" | grep -q "\"GET /robots.txt HTTP/1.1\" \"$UA\"" &&
	test_eq 4 "$(grep -c "\"$UA\"" "$NGX_LOG")"
'
test_expect_success 'requests to the host are spaced by Crawl-delay 0.3 s (over delay=0.1s)' '
	ngx_gaps "/(robots.txt|a.csv|b.csv|gz/c.csv)" >gaps && test_eq 3 "$(wc -l <gaps)" &&
	awk "\$1 < 298 { print \"gap \" \$1 \" ms\"; bad = 1 } END { exit bad }" gaps
'
test_expect_success 'the per-source header is sent; gzip is asked for and decoded' '
	ngx_requests /gz/c.csv | awk "{ exit !(\$NF < $(wc -c <"$NGX_WWW/gz/c.csv") / 2) }" &&
	test_eq "$(wc -c <"$NGX_WWW/gz/c.csv")" "$(q s.db "select size from documents where source = \"charlie\"")"
'

# what nginx says of a.csv, asked here with curl (then the log is cleared)
ETAG=$(curl -sI "$NGX_URL/a.csv" | sed -n "s/^ETag: \(.*\)\r$/\1/p")
LASTMOD=$(curl -sI "$NGX_URL/a.csv" | sed -n "s/^Last-Modified: \(.*\)\r$/\1/p")
: >"$NGX_LOG"
test_expect_success 'second fetch sends If-None-Match and If-Modified-Since, stores nothing' '
	gw-fetch -d s.db -s s.conf -A "$UA" >out 2>err &&
	test_must_fail test -s out &&
	grep -q "3 sources, 0 fetched, 0 new, 0 unchanged, 3 not modified, 0 failed" err &&
	etag=$(echo "$ETAG" | tr -d "\"") && test -n "$etag" && test -n "$LASTMOD" &&
	ngx_requests /a.csv | grep -F "\\x22$etag\\x22\" \"$LASTMOD\" 304 " &&
	test_eq 0 "$(grep -c robots.txt "$NGX_LOG")" &&
	test_eq 3 "$(q s.db "select count(*) from fetches where outcome = \"not_modified\" and http_status = 304")" &&
	test_eq 3 "$(q s.db "select count(*) from documents")"
'
test_expect_success 'a changed file is a new document; the same bytes again store nothing new' '
	csv "Alpha" 20 >"$NGX_WWW/a.csv" &&
	touch -d "2001-01-01" "$NGX_WWW/b.csv" &&
	gw-fetch -d s.db -s s.conf -A "$UA" >out 2>err &&
	test_eq "$(sha256sum <"$NGX_WWW/a.csv" | cut -c1-64)" "$(cat out)" &&
	test_eq unchanged "$(q s.db "select outcome from fetches where source = \"bravo\" order by id desc limit 1")" &&
	test_eq 200 "$(q s.db "select http_status from fetches where source = \"bravo\" order by id desc limit 1")" &&
	test_eq 4 "$(q s.db "select count(*) from documents")"
'

: >"$NGX_LOG"
cat >bad.conf <<EOF
secret  $NGX_URL/private/s.csv  epoch-dc  delay=0
oops    $NGX_URL/oops.html      epoch-dc  delay=0
nope    $NGX_URL/a.csv          no-such-parser
ftp     ftp://127.0.0.1/x.csv   epoch-dc
good    $NGX_URL/b.csv          epoch-dc  delay=0
EOF
test_expect_success 'failures are recorded with their reasons, the rest fetched, status 1' '
	test_expect_code 1 gw-fetch -d s.db -s bad.conf -A "$UA" >out 2>err &&
	test_eq "" "$(cat out)" &&
	grep -q "5 sources, 1 fetched, 0 new, 1 unchanged, 0 not modified, 4 failed" err &&
	q s.db "select source, error from fetches where outcome = \"failed\" order by source" >reasons &&
	grep -q "^ftp|scheme .ftp. is not allowed" reasons &&
	grep -q "^nope|parser .no-such-parser. is not known" reasons &&
	grep -q "^oops|not a epoch-dc document: an HTML page (content type text/html, starts .<!DOCTYPE html>" reasons &&
	grep -q "^secret|disallowed by $NGX_URL/robots.txt" reasons &&
	grep -q "secret: $NGX_URL/private/s.csv: disallowed" err
'
test_expect_success 'a disallowed path never reaches the server; an error page is no document' '
	test_eq 0 "$(grep -c private "$NGX_LOG")" &&
	test_eq 1 "$(grep -c oops.html "$NGX_LOG")" &&
	test_eq 0 "$(q s.db "select count(*) from documents where url like \"%oops%\"")"
'

: >"$NGX_LOG"
cat >sec.conf <<EOF
sec-a  http://www.sec.gov:$NGX_PORT/a.csv  epoch-dc  delay=0
EOF
test_expect_success 'sec.gov is refused without a contact address in the User-Agent' '
	test_expect_code 1 gw-fetch -d s.db -s sec.conf -A "gigawatt/1.0" --resolve www.sec.gov:$NGX_PORT:127.0.0.1 2>err &&
	grep -q "SEC EDGAR requires a User-Agent with a contact address" err &&
	{ test_must_fail test -s "$NGX_LOG" || { cat "$NGX_LOG"; false; }; }
'
{
	i=0
	while [ $i -lt 12 ]; do
		h=www; [ $((i % 2)) = 0 ] && h=data
		echo "sec-$i http://$h.sec.gov:$NGX_PORT/a.csv?n=$i epoch-dc delay=0"
		i=$((i + 1))
	done
} >sec.conf
test_expect_success 'SEC hosts together never get more than 10 requests a second' '
	gw-fetch -d s.db -s sec.conf -A "$UA" --no-politeness \
		--resolve www.sec.gov:$NGX_PORT:127.0.0.1 --resolve data.sec.gov:$NGX_PORT:127.0.0.1 2>err &&
	test_eq 14 "$(wc -l <"$NGX_LOG")" &&
	ngx_gaps ".*" >gaps &&
	awk "\$1 < 98 { print \"gap \" \$1 \" ms\"; bad = 1 } END { exit bad }" gaps
'

: >"$NGX_LOG"
i=0; : >delay.conf
while [ $i -lt 4 ]; do csv "D$i" >"$NGX_WWW/delay/$i.csv"; echo "d$i $NGX_URL/delay/$i.csv epoch-dc delay=0.5s" >>delay.conf; i=$((i + 1)); done
test_expect_success 'delay=0.5s spaces request starts by at least 0.5 s' '
	gw-fetch -d s.db -s delay.conf -A "$UA" >out 2>err &&
	test_eq 4 "$(wc -l <out)" &&
	ngx_gaps "/delay/.*" >gaps && test_eq 3 "$(wc -l <gaps)" &&
	awk "\$1 < 498 { print \"gap \" \$1 \" ms\"; bad = 1 } END { exit bad }" gaps
'
test_expect_success '--due skips sources fetched within every= and asks nothing' '
	: >"$NGX_LOG" &&
	gw-fetch -d s.db -s delay.conf -A "$UA" --due 2>err &&
	grep -q "0 sources, .* 4 not due" err &&
	test_must_fail test -s "$NGX_LOG"
'

: >"$NGX_LOG"
i=0; : >shard1.conf; : >shard2.conf
while [ $i -lt 6 ]; do
	csv "S$i" >"$NGX_WWW/delay/s$i.csv"
	echo "s$i $NGX_URL/delay/s$i.csv epoch-dc delay=0.4s" >>shard$((i % 2 + 1)).conf
	i=$((i + 1))
done
test_expect_success 'two gw-fetch processes (shards) share the per-host schedule' '
	{ gw-fetch -d s.db -s shard1.conf -A "$UA" >o1 2>e1 & } &&
	gw-fetch -d s.db -s shard2.conf -A "$UA" >o2 2>e2 &&
	wait $! &&
	wait &&
	test_eq 6 "$(cat o1 o2 | wc -l)" &&
	ngx_gaps "/delay/s.*" >gaps && test_eq 5 "$(wc -l <gaps)" &&
	awk "\$1 < 398 { print \"gap \" \$1 \" ms\"; bad = 1 } END { exit bad }" gaps
'

dd if=/dev/zero bs=1024 count=40 2>/dev/null | tr "\0" "x" >"$NGX_WWW/slow/big.csv"
cat >slow.conf <<EOF
slow  $NGX_URL/slow/big.csv  epoch-dc  delay=0
EOF
test_expect_success 'the same sources file twice: the second exits 3; --wait waits' '
	{ gw-fetch -d s.db -s slow.conf -A "$UA" --timeout 3 --max-attempts 1 2>/dev/null & } &&
	pid=$! && sleep 0.5 &&
	test_expect_code 3 gw-fetch -d s.db -s slow.conf -A "$UA" 2>err &&
	grep -q "another gw-fetch holds the lock" err &&
	test_expect_code 1 gw-fetch -d s.db -s slow.conf -A "$UA" --timeout 1 --max-attempts 1 --wait 2>/dev/null &&
	test_expect_code 1 wait $pid
'
test_expect_success 'a killed gw-fetch leaves no partial document and no documents row' '
	n=$(q s.db "select count(*) from documents") &&
	{ gw-fetch -d s.db -s slow.conf -A "$UA" 2>/dev/null & } &&
	pid=$! && sleep 1 && kill -9 $pid && { wait $pid; true; } &&
	test_eq "$n" "$(q s.db "select count(*) from documents")" &&
	test_eq "" "$(find raw -name "*.tmp*")" &&
	for s in $(q s.db "select sha256 from documents"); do test -f raw/$(echo $s | cut -c1-2)/$s || return 1; done
'

if command -v script >/dev/null; then
	test_expect_success 'progress lines on stderr when it is a terminal, none otherwise' '
		script -q -e -c "gw-fetch -d s.db -s s.conf -A \"$UA\"" /dev/null >tty.out </dev/null &&
		grep -q "gw-fetch: \[3/3\] [a-z]*: not modified" tty.out &&
		gw-fetch -d s.db -s s.conf -A "$UA" 2>err &&
		test_eq 1 "$(wc -l <err)" && grep -q "3 not modified" err
	'
else
	test_skip 'progress lines on stderr when it is a terminal' 'no script(1) for a terminal'
fi

test_expect_success 'sources.example.conf reads cleanly (no network: --only selects nothing)' '
	test_expect_code 1 gw-fetch -d ex.db -s "$ROOT/sources.example.conf" --only none 2>err &&
	grep -q "sources.example.conf: no source .none." err &&
	grep -q "0 sources" err &&
	test_eq 2 "$(wc -l <err)" &&
	test_eq 21 "$(q ex.db "select count(*) from sources")" &&
	test_eq 12 "$(q ex.db "select count(*) from sources where url like '"'https://data.sec.gov/%'"'")"
'

test_done
