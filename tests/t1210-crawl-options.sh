#!/bin/sh
# gw-crawl's command line (issue 11 item 7): its own options anywhere among
# gw-fetch's, all of them in --help; gw-fetch's numeric options take a number
# and nothing after it.
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

cp "$FIXTURES/datacenters/frontier_data_centers.csv" "$NGX_WWW/dc.csv"
cp "$FIXTURES/datacenters/frontier_timelines.csv" "$NGX_WWW/tl.csv"
cat >s.conf <<EOF
user_agent=gigawatt-test/1.0 (ops@example.org)
dc  $NGX_URL/dc.csv  epoch-dc         delay=0
tl  $NGX_URL/tl.csv  epoch-timelines  delay=0
EOF

test_expect_success 'gw-crawl -q -d DB -s FILE: its own options after -q' '
	gw-crawl -q -d a.db -s s.conf >out 2>err &&
	test_must_fail test -s out && test_must_fail test -s err &&
	test_eq 2 "$(q a.db "select count(*) from doc_loads")"
'
test_expect_success 'gw-fetch options before, between and after gw-crawl'"'"'s own; --db=, --sources=' '
	: >"$NGX_LOG" &&
	gw-crawl --only dc -A "other-agent/2.0 (x@example.org)" --db=b.db -q --max-attempts 2 \
		--sources=s.conf --timeout 30 --all 2>err &&
	test_eq 1 "$(q b.db "select count(*) from documents")" &&
	test_eq dc "$(q b.db "select source from documents")" &&
	grep -q "\"GET /dc.csv HTTP/1.1\" \"other-agent/2.0 (x@example.org)\"" "$NGX_LOG" &&
	test_must_fail grep -q "GET /tl.csv" "$NGX_LOG"
'
test_expect_success '--help lists gw-crawl'"'"'s options and the gw-fetch options it passes on' '
	gw-crawl --help >out &&
	for o in "-d, --db" "-s, --sources" --all --wait "-q, --quiet" --only "-A, --user-agent" \
		--max-attempts --max-body --timeout --connect-timeout --max-wait --retry-base \
		--no-politeness --resolve "Exit status"; do
		grep -q -e "$o" out || { echo "--help does not name $o"; return 1; }
	done
'
test_expect_success 'usage errors: an option without its value, an unknown option, a stray argument' '
	test_expect_code 2 gw-crawl -s s.conf -d 2>err && grep -q "option -d needs a value" err &&
	test_expect_code 2 gw-crawl -d c.db -s s.conf --bogus 2>err && grep -q "usage: gw-fetch" err &&
	test_expect_code 2 gw-crawl -d c.db -s s.conf stray 2>err &&
	test_must_fail test -e c.db
'
test_expect_success 'gw-fetch: every numeric option with text after its number is a usage error (exit 2)' '
	for a in "--max-attempts 2x" "--max-attempts 0x2" "--max-attempts +3" "--max-attempts 101" \
		"--max-body 10k" "--max-body 1e6" "--max-body -5" \
		"--timeout 2x" "--timeout nan" "--timeout inf" "--connect-timeout 1e3" "--connect-timeout 0x10" \
		"--max-wait 3q" "--max-wait -1" "--retry-base 1.5.2" "--retry-base 2sec"; do
		test_expect_code 2 gw-fetch -d d.db -s s.conf $a 2>err ||
			{ echo "gw-fetch $a"; return 1; }
		opt=${a%% *} && grep -q "^gw-fetch: $opt: '"'"'" err || { echo "no message naming $opt"; cat err; return 1; }
	done &&
	test_must_fail test -e d.db
'
test_expect_success '... and through gw-crawl (exit 2, nothing fetched)' '
	: >"$NGX_LOG" &&
	test_expect_code 2 gw-crawl -d e.db -s s.conf --max-attempts 2x 2>err &&
	grep -q "^gw-fetch: --max-attempts: '"'"'2x'"'"' is not a whole number" err &&
	test_must_fail test -s "$NGX_LOG"
'
test_expect_success 'the same options with plain values are taken' '
	gw-fetch -d f.db -s s.conf -q --max-attempts 3 --max-body 1000000 --timeout 1.5s \
		--connect-timeout 500ms --max-wait 2m --retry-base 1 >out 2>err &&
	test_eq 2 "$(wc -l <out)"
'
test_expect_success 'sources.conf: connections=2x is a bad line' '
	printf "x %s/dc.csv epoch-dc connections=2x\n" "$NGX_URL" >bad.conf &&
	test_expect_code 1 gw-fetch -d g.db -s bad.conf 2>err &&
	grep -q "connections '"'"'2x'"'"' is not 1 to 16" err
'
test_done
