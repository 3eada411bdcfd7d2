#!/bin/sh
# gw-crawl: fetch | parse | load from a real nginx, one lock, one exit status.
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

UA='gigawatt-test/1.0 (ops@example.org)'
cp "$FIXTURES/datacenters/frontier_data_centers.csv" "$NGX_WWW/dc.csv"
SHA=$(sha256sum <"$NGX_WWW/dc.csv" | cut -c1-64)
cat >s.conf <<EOF
user_agent=$UA
epoch  $NGX_URL/dc.csv  epoch-dc  every=1d  delay=0
EOF

test_expect_success 'a crawl fetches, parses and loads: the figures are in the store, status 0' '
	gw-crawl -d s.db -s s.conf 2>err &&
	test_eq 1 "$(q s.db "select count(*) from documents where sha256 = '"'$SHA'"' and source = '"'epoch'"'")" &&
	test_eq 1 "$(q s.db "select count(*) from runs")" &&
	test_eq 310.0 "$(q s.db "select mw from v_capacity_current where site = '"'Example Ridge Campus'"' and doc = '"'$SHA'"'")" &&
	test_must_fail test -e s.db.crawl-pending
'
test_expect_success 'the sources.conf user_agent= line is the User-Agent sent' '
	grep -q "\"GET /dc.csv HTTP/1.1\" \"$UA\"" "$NGX_LOG"
'
test_expect_success 'a second crawl: the source is not due, nothing asked, nothing loaded' '
	: >"$NGX_LOG" &&
	gw-crawl -d s.db -s s.conf 2>err &&
	test_must_fail test -s "$NGX_LOG" &&
	test_eq 1 "$(q s.db "select count(*) from runs")"
'
test_expect_success '--all fetches every source: 304, nothing loaded' '
	gw-crawl -d s.db -s s.conf --all 2>err &&
	grep -q "\" 304 " "$NGX_LOG" &&
	test_eq 1 "$(q s.db "select count(*) from runs")"
'
test_expect_success 'another gw-crawl holding the lock: exit 3, nothing fetched' '
	: >"$NGX_LOG" &&
	{ flock s.db.crawl.lock sleep 2 & } &&
	sleep 0.3 &&
	test_expect_code 3 gw-crawl -d s.db -s s.conf --all 2>err &&
	grep -q "another gw-crawl holds the lock" err &&
	test_must_fail test -s "$NGX_LOG" &&
	wait
'
test_expect_success 'a document fetched by a crawl killed before loading is loaded by the next' '
	echo "$SHA" >s.db.crawl-pending &&
	q s.db "delete from obs_capacity; delete from obs_site" &&
	gw-crawl -d s.db -s s.conf 2>err &&
	test_eq 310.0 "$(q s.db "select mw from v_capacity_current where site = '"'Example Ridge Campus'"'")" &&
	test_must_fail test -e s.db.crawl-pending
'
# the MW of Example Ridge Campus (fixture line 2, column "Current power (MW)") in document $1
mw_in_doc() { q s.db "select mw from obs_capacity where site = 'Example Ridge Campus' and doc_id = (select id from documents where sha256 = '$1')"; }
cat >bad.conf <<EOF
user_agent=$UA
epoch  $NGX_URL/dc.csv       epoch-dc  delay=0
gone   $NGX_URL/missing.csv  epoch-dc  delay=0
EOF
test_expect_success 'a failing source makes the crawl exit 1; the rest is still done' '
	cp "$FIXTURES/datacenters/frontier_data_centers.csv" "$NGX_WWW/dc.csv" &&
	sed -i "s/,310,/,311,/" "$NGX_WWW/dc.csv" &&
	test_expect_code 1 gw-crawl -d s.db -s bad.conf --all 2>err &&
	grep -q "gone: $NGX_URL/missing.csv: HTTP status 404" err &&
	new=$(sha256sum <"$NGX_WWW/dc.csv" | cut -c1-64) &&
	test_eq 311.0 "$(mw_in_doc "$new")"
'
test_expect_success 'usage: a missing sources file exits 2' '
	test_expect_code 2 gw-crawl -d s.db -s nowhere.conf 2>err
'

test_done
