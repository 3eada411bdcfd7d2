#!/bin/sh
# gw-crawl never loses a fetched document (issue 11 item 3): the pending list
# is written as gw-fetch prints each sha; a sha leaves it only once its records
# are committed; a document fetched but never loaded (table doc_loads) is found
# and loaded by the next crawl; a document whose parse yields no records is
# loaded all the same, once.
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"
. "$ROOT/tests/fault/lib.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
command -v setsid >/dev/null || test_skip_all "no setsid(1) to kill a crawl's process group"
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

UA='gigawatt-test/1.0 (ops@example.org)'
cp "$FIXTURES/datacenters/frontier_data_centers.csv" "$NGX_WWW/dc.csv"
SHA=$(sha256sum <"$NGX_WWW/dc.csv" | cut -c1-64)
# 40 KB at 2 KB/s: gw-fetch is still running 20 s after dc.csv is committed
dd if=/dev/zero bs=1024 count=40 2>/dev/null | tr "\0" "x" >"$NGX_WWW/slow/big.csv"
cat >s.conf <<EOF
user_agent=$UA
dc    $NGX_URL/dc.csv        epoch-dc  delay=0
slow  $NGX_URL/slow/big.csv  epoch-dc  delay=0
EOF
cat >dc.conf <<EOF
user_agent=$UA
dc    $NGX_URL/dc.csv        epoch-dc  delay=0
EOF
# Example Ridge Campus: fixture line 2, "Current power (MW)" 310
mw() { q "$1" "select mw from v_capacity_current where site = 'Example Ridge Campus'"; }

# killed_while_fetching SIG DIR: a crawl of s.conf into DIR/s.db, its process
# group sent SIG once dc.csv's documents row is committed (gw-fetch still busy)
killed_while_fetching() {
	mkdir "$2" &&
	{ setsid gw-crawl -q -d "$2/s.db" -s s.conf 2>/dev/null & } &&
	pid=$! && n=0 &&
	while test "$(q "$2/s.db" "select count(*) from documents where source = 'dc'" 2>/dev/null)" != 1; do
		n=$((n + 1)) && test $n -lt 200 || { echo "dc.csv was never committed"; return 1; }
		sleep 0.05
	done &&
	/bin/kill -s "$1" -- -$pid &&
	{ wait $pid; true; } &&
	n=0 && while /bin/kill -s 0 -- -$pid 2>/dev/null && test $n -lt 100; do sleep 0.05; n=$((n + 1)); done
}

test_expect_success 'SIGTERM while gw-fetch runs: its committed sha is in the pending list; the next crawl loads it' '
	killed_while_fetching TERM t &&
	test_eq "$SHA" "$(cat t/s.db.crawl-pending)" &&
	test_eq 0 "$(q t/s.db "select count(*) from obs_capacity")" &&
	gw-crawl -q -d t/s.db -s dc.conf &&
	test_eq 310.0 "$(mw t/s.db)" &&
	test_eq "$SHA" "$(q t/s.db "select doc from doc_loads")" &&
	test_must_fail test -e t/s.db.crawl-pending
'
test_expect_success 'SIGKILL while gw-fetch runs: the same' '
	killed_while_fetching KILL k &&
	test_eq "$SHA" "$(cat k/s.db.crawl-pending)" &&
	gw-crawl -q -d k/s.db -s dc.conf &&
	test_eq 310.0 "$(mw k/s.db)"
'
test_expect_success 'a sha committed but never written to the pending list is loaded by the next crawl' '
	mkdir m && gw-fetch -d m/s.db -s dc.conf >/dev/null 2>&1 &&
	test_must_fail test -e m/s.db.crawl-pending &&
	gw-crawl -q -d m/s.db -s dc.conf 2>err &&
	test_eq 310.0 "$(mw m/s.db)" &&
	test_eq "$SHA" "$(q m/s.db "select doc from doc_loads")"
'
test_expect_success 'a failed load (gw-load exit 4): the sha stays pending, the document unmarked; the next crawl loads it' '
	mkdir l &&
	GW_FAULT_PROG=gw-load GW_FAULT_N=1 GW_FAULT_STICKY=1 GW_FAULT_CALLS=pwrite,write \
		test_expect_code 4 with_faults gw-crawl -q -d l/s.db -s dc.conf 2>err &&
	grep -q "gw-crawl: $SHA: not loaded (gw-load exit 4): left for the next crawl" err &&
	test_eq "$SHA" "$(cat l/s.db.crawl-pending)" &&
	test_eq 0 "$(q l/s.db "select count(*) from doc_loads")" &&
	gw-crawl -q -d l/s.db -s dc.conf &&
	test_eq 310.0 "$(mw l/s.db)" &&
	test_must_fail test -e l/s.db.crawl-pending
'
# gw-parse whose files cannot grow past 64 KiB (its store's 32 KiB -shm fits): a
# full TMPDIR for the records of 400 sites (about 200 KiB)
mkdir fullbin &&
for t in gw-fetch gw-load gw-crawl; do ln -s "$GW_BIN/$t" fullbin/$t; done &&
cat >fullbin/gw-parse <<EOF
#!/bin/sh
ulimit -f 128
trap '' XFSZ
exec "$GW_BIN/gw-parse" "\$@"
EOF
chmod +x fullbin/gw-parse
# the fixture's first site 400 times, named Site 1..400 (its fields span lines: csv does it)
python3 -c 'import csv, sys
r = list(csv.reader(open(sys.argv[1], newline="")))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(r[0])
for i in range(1, 401): w.writerow(["Site %d" % i] + r[1][1:])' "$NGX_WWW/dc.csv" >"$NGX_WWW/big.csv"
BIG=$(sha256sum <"$NGX_WWW/big.csv" | cut -c1-64)
printf "user_agent=%s\nbig %s/big.csv epoch-dc delay=0\n" "$UA" "$NGX_URL" >big.conf
test_expect_success 'records cut short (a full TMPDIR: gw-parse exit 4): nothing loaded, the sha stays pending' '
	mkdir p &&
	test_expect_code 1 fullbin/gw-crawl -q -d p/s.db -s big.conf 2>err &&
	grep -q "gw-parse: cannot write the records to a temporary file (TMPDIR): File too large" err &&
	grep -q "gw-crawl: $BIG: not loaded (gw-parse exit 4): left for the next crawl" err &&
	test_eq 0 "$(q p/s.db "select count(*) from obs_site")" &&
	test_eq 0 "$(q p/s.db "select count(*) from doc_loads")" &&
	test_eq "$BIG" "$(cat p/s.db.crawl-pending)" &&
	gw-crawl -q -d p/s.db -s big.conf &&
	test_eq 400 "$(q p/s.db "select count(*) from obs_site where doc_id = (select id from documents where sha256 = '"'$BIG'"')")"
'
test_expect_success 'a document without records is loaded (marked) once, and not again' '
	head -n 1 "$NGX_WWW/dc.csv" >"$NGX_WWW/empty.csv" &&
	E=$(sha256sum <"$NGX_WWW/empty.csv" | cut -c1-64) &&
	printf "user_agent=%s\nempty %s/empty.csv epoch-dc delay=0\n" "$UA" "$NGX_URL" >e.conf &&
	mkdir e && gw-crawl -q -d e/s.db -s e.conf &&
	test_eq "$E" "$(q e/s.db "select doc from doc_loads")" &&
	test_eq 1 "$(q e/s.db "select count(*) from runs")" &&
	gw-fetch -d e/s.db -s e.conf --unloaded >out 2>/dev/null && test_must_fail test -s out &&
	gw-crawl -q --all -d e/s.db -s e.conf &&
	test_eq 1 "$(q e/s.db "select count(*) from runs")"
'
# a store at schema 053 (its migrations applied by sqlite3), holding the crawled document and
# a record citing it by its sha256, as gw-load stored them then; gw-fetch migrates it
test_expect_success 'a store from before migration 054: documents its records cite count as loaded' '
	mkdir o &&
	for f in "$ROOT"/schemas/0[0-4][0-9]-*.sql "$ROOT"/schemas/05[0-3]-*.sql; do cat "$f" || return 1; done >o53.sql &&
	{ cat o53.sql && echo "PRAGMA user_version = 53;"; } | sqlite3 o/s.db &&
	sqlite3 o/s.db "INSERT INTO documents(sha256, source, parser, first_seen, last_seen)
			VALUES ('"'$SHA'"', '"'dc'"', '"'epoch-dc'"', '"'2026-01-01T00:00:00Z'"', '"'2026-01-01T00:00:00Z'"');
		INSERT INTO obs_site(key, doc, loc, name) VALUES ('"'k'"', '"'$SHA'"', '"'line 2'"', '"'Site'"')" &&
	gw-fetch -d o/s.db -s dc.conf --unloaded >out 2>/dev/null &&
	test_must_fail test -s out &&
	test_eq "$SHA" "$(q o/s.db "select doc from doc_loads where run is null")"
'
test_expect_success 'gw-load --doc: a mark with the records, none when an input cannot be read or the load fails' '
	D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef &&
	test_expect_code 2 gw-load -d g.db --doc 12345 </dev/null 2>err &&
	grep -q "is not a sha256" err &&
	test_expect_code 1 gw-load -d g.db --doc $D nowhere.jsonl 2>err &&
	test_eq 0 "$(q g.db "select count(*) from doc_loads")" &&
	GW_FAULT_PROG=gw-load GW_FAULT_N=1 GW_FAULT_STICKY=1 GW_FAULT_CALLS=pwrite,write \
		test_expect_code 4 with_faults gw-load -d g.db --doc $D </dev/null 2>err &&
	test_eq 0 "$(q g.db "select count(*) from doc_loads")" &&
	gw-load -d g.db --doc $D </dev/null 2>err &&
	test_eq "$D|1" "$(q g.db "select doc, run = (select max(id) from runs) from doc_loads")"
'
test_done
