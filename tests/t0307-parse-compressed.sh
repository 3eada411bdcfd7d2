#!/bin/sh
# A document served or bundled compressed (data.csv.gz, a .zst) is parsed as
# what it holds: same records, the parser detected from the content, the
# name read without .gz (so a date in it still dates the snapshot); the
# store keeps the compressed bytes under their own sha256. A damaged stream
# is said, with the document's name, and exits 1.
. "$(dirname "$0")/test-lib.sh"
F=$FIXTURES/datacenters/frontier_data_centers.csv

strip_doc() { sed 's/"doc":"[0-9a-f]*"/"doc":"-"/g' "$1"; }

test_expect_success 'gzip: the same records as the plain file, but for the document sha256' '
	cp "$F" dc_2026-08.csv && gzip -9n <dc_2026-08.csv >dc_2026-08.csv.gz &&
	gw-parse dc_2026-08.csv >plain.jsonl 2>/dev/null &&
	gw-parse dc_2026-08.csv.gz >gz.jsonl 2>err &&
	grep -q "dc_2026-08.csv: parser epoch-dc (detected)" err &&
	test -s plain.jsonl && strip_doc plain.jsonl >a && strip_doc gz.jsonl >b && test_cmp a b &&
	grep -q "\"as_of\":\"2026-08-01\"" gz.jsonl &&
	grep -q "\"doc\":\"$(sha256sum <dc_2026-08.csv.gz | cut -c1-64)\"" gz.jsonl
'
if command -v zstd >/dev/null; then
	test_expect_success 'zstd: the same records too' '
		zstd -q -19 <dc_2026-08.csv >dc_2026-08.csv.zst && gw-parse dc_2026-08.csv.zst >zst.jsonl 2>/dev/null &&
		strip_doc zst.jsonl >c && test_cmp a c
	'
else
	test_skip 'zstd: the same records too' 'no zstd tool here to make a .zst'
fi
test_expect_success 'with -d the store keeps the compressed bytes, named without .gz' '
	gw-parse -d s.db dc_2026-08.csv.gz >out 2>/dev/null &&
	sha=$(sha256sum <dc_2026-08.csv.gz | cut -c1-64) &&
	test_eq "dc_2026-08.csv|$(wc -c <dc_2026-08.csv.gz | tr -d " ")" "$(q s.db "SELECT name || \"|\" || size FROM documents WHERE sha256 = \"$sha\"")" &&
	gw-parse -d s.db "$sha" >again.jsonl 2>/dev/null && test_cmp gz.jsonl again.jsonl
'
test_expect_success 'a damaged gzip stream: said with the name, exit 1, nothing written' '
	head -c 300 dc_2026-08.csv.gz >cut.csv.gz &&
	test_expect_code 1 gw-parse cut.csv.gz >out 2>err &&
	grep -q "gw-parse: cut.csv.gz: a compressed document (gzip or zstd) that .*; not parsed" err &&
	! test -s out
'
test_expect_success 'gw-crawl: a .gz source is fetched as is, checked and loaded as what it holds' '
	mkdir -p src && cp dc_2026-08.csv.gz src/ && gzip -9n <"$FIXTURES/power/miso_gi_queue.csv" >src/q.csv.gz &&
	printf "%s\n" "dc dc_2026-08.csv.gz epoch-dc" "wrong q.csv.gz epoch-dc" >src/sources.conf &&
	test_expect_code 1 gw-crawl -d c.db -s src/sources.conf >out 2>err &&
	grep -q "wrong: .*q.csv.gz: not a epoch-dc document: a compressed body that holds something else" err &&
	test_eq 1 "$(q c.db "SELECT count(*) FROM documents WHERE name = \"dc_2026-08.csv.gz\"")" &&
	test "$(q c.db "SELECT count(*) FROM obs_capacity")" -gt 0 &&
	test_eq 2026-08-01 "$(q c.db "SELECT DISTINCT as_of FROM obs_capacity")"
'
test_done
