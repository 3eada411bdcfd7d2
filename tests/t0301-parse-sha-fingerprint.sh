#!/bin/sh
# Header fingerprints of documents named by their sha256, as gw-crawl parses
# them (gw-parse -d DB SHA >file, then gw-load): stored under the source's
# sources.conf id, so a cron crawl says when a source's header changed.
. "$(dirname "$0")/test-lib.sh"
F=$FIXTURES/power/miso_gi_queue.csv
SHA=$(sha256sum <"$F" | cut -c1-64)

test_expect_success 'gw-parse -d DB SHA stores the fingerprint of a fetched document, under its source' '
	mkdir a &&
	test_expect_code 1 gw-parse -d a/s.db "$F" >/dev/null 2>&1 &&
	# what gw-fetch leaves: the raw document and its row, with the source id
	q a/s.db "update documents set source = '"'miso'"'; delete from header_fingerprints" &&
	test_expect_code 1 gw-parse -d a/s.db "$SHA" >out 2>err &&
	! grep -q "not stored" err &&
	test_eq "miso|miso-queue|$SHA" "$(q a/s.db "select source, parser, doc from header_fingerprints")"
'
test_expect_success 'the same without -d: the store of GW_DB is written too' '
	q a/s.db "delete from header_fingerprints" &&
	GW_DB=a/s.db test_expect_code 1 gw-parse "$SHA" >out 2>err &&
	test_eq "miso|miso-queue" "$(q a/s.db "select source, parser from header_fingerprints")"
'

. "$ROOT/tests/servers/nginx.sh"
if ! command -v nginx >/dev/null; then
	test_skip 'a cron crawl stores the fingerprint and says when the header changed' 'nginx is not installed (make deps)'
	test_done
fi
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }
cp "$F" "$NGX_WWW/queue.csv"
cat >s.conf <<EOC
user_agent=gigawatt-test/1.0 (ops@example.org)
miso  $NGX_URL/queue.csv  miso-queue  every=1d  delay=0
EOC

test_expect_success 'a crawl stores the fingerprint of what it fetched, under the source id' '
	mkdir c &&
	test_expect_code 1 gw-crawl -d c/s.db -s s.conf 2>err &&
	test_eq "miso|miso-queue|$SHA" "$(q c/s.db "select source, parser, doc from header_fingerprints")" &&
	! grep -q "not stored" err
'
test_expect_success 'the next crawl of a changed header says what changed, and stores it' '
	sed "1s/\"POI Name\"/\"Point of Interconnection\"/" "$F" >"$NGX_WWW/queue.csv" &&
	test_expect_code 1 gw-crawl -d c/s.db -s s.conf --all 2>err &&
	grep -q "gw-parse: queue.csv: header changed since document $(echo "$SHA" | cut -c1-12): column .POI Name. renamed to .Point of Interconnection." err &&
	test_eq 2 "$(q c/s.db "select count(*) from header_fingerprints where source = '"'miso'"'")"
'
test_done
