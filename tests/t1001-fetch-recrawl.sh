#!/bin/sh
# gw-fetch on 2,000 documents of one host (politeness off), then the same crawl
# again with nothing changed (issue 15 item 3). Counted, never timed: what
# reached nginx (its access log), what was stored, and the calls gw-fetch made
# that write to disk (tests/fault/shim.c counting link and syncfs, failing none):
#   - the first crawl stores every document once: 2,000 files linked into place,
#     2,000 documents rows, 2,000 shas printed, and syncs its raw files once a
#     batch (every second or 500 documents), never once a document;
#   - the second sends each source's ETag and Last-Modified back, gets 2,000
#     304s with no body, writes no raw file, syncs nothing, prints nothing and
#     adds no document: only its 2,000 `fetches` rows (not_modified).
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"
. "$ROOT/tests/fault/lib.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

N=2000
UA='gigawatt-test/1.0 (ops@example.org)'
mkdir -p "$NGX_WWW/d"
python3 - "$NGX_WWW/d" "$NGX_URL" $N <<'EOF' || { echo "Bail out! cannot write the documents"; exit 1; }
import sys
d, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open("s.conf", "w") as conf:
    for i in range(n):
        with open("%s/%d.csv" % (d, i), "w", newline="") as f:
            f.write("Name,Owner,Current power (MW)\r\nSite %d,Example Owner,%d\r\n" % (i, i))
        conf.write("d%d %s/d/%d.csv epoch-dc\n" % (i, url, i))
EOF

# counted CALLS...: gw-fetch with the shim counting those calls (none fails) into count
counted() {
	_calls=$1
	shift
	rm -f count &&
	GW_FAULT_PROG=gw-fetch GW_FAULT_CALLS=$_calls GW_FAULT_COUNT=$TRASH/count with_faults "$@"
}
# raw_ok: every file of raw/ holds the content its name says (one sha256sum for them all)
raw_ok() {
	(cd raw && find . -type f -exec sha256sum {} +) |
		awk '{ n = split($2, p, "/"); if ($1 != p[n]) { print "not its sha256: " $2; bad = 1 } } END { exit bad }'
}
# an access log line: MSEC "REQUEST" "UA" "IF-NONE-MATCH" "IF-MODIFIED-SINCE" STATUS BYTES TIME

test_expect_success 'first crawl: 2,000 new documents, each linked once into the raw store' '
	counted link gw-fetch -d s.db -s s.conf -A "$UA" --no-politeness >new 2>err &&
	grep -q "2000 sources, 2000 fetched, 2000 new, 0 unchanged, 0 not modified, 0 failed" err &&
	test_eq "gw-fetch 2000" "$(cat count)" "link calls" &&
	test_eq $N "$(sort -u new | wc -l)" &&
	test_eq $N "$(q s.db "select count(*) from documents")" &&
	test_eq $N "$(q s.db "select count(*) from fetches where outcome = \"ok\" and new_doc = 1")" &&
	test_eq $N "$(find raw -type f | wc -l)" &&
	test_eq 0 "$(find raw -name "*.tmp*" | wc -l)" &&
	test_eq ok "$(q s.db "pragma integrity_check")" && raw_ok &&
	q s.db "select sha256 from documents order by 1" >rows && sort new >printed && test_cmp rows printed &&
	test_eq $N "$(grep -c "\"GET /d/[0-9]*\.csv HTTP/1\.1\" .* 200 " "$NGX_LOG")"
'
test_expect_success 'every source keeps its validators for the next crawl' '
	test_eq $N "$(q s.db "select count(*) from sources where etag like char(34) || \"%\" and last_modified like \"%GMT\"
		and last_doc is not null and last_ok = last_fetch")"
'
test_expect_success 'the raw files were synced once a batch, not once a document' '
	rm -rf again && mkdir again &&
	counted syncfs gw-fetch -d again/s.db -s s.conf -A "$UA" --no-politeness >/dev/null 2>err &&
	n=$(cut -d" " -f2 count) &&
	say "$n syncfs for $N documents" &&
	test "$n" -ge 4 && test "$n" -lt 100
'

test_expect_success 'the same crawl again, unchanged: 2,000 304s and nothing new' '
	: >"$NGX_LOG" &&
	docs=$(q s.db "select group_concat(sha256 || last_seen) from documents") &&
	counted link,syncfs,write gw-fetch -d s.db -s s.conf -A "$UA" --no-politeness >new2 2>err &&
	grep -q "2000 sources, 0 fetched, 0 new, 0 unchanged, 2000 not modified, 0 failed" err &&
	test_eq "" "$(cat new2)" &&
	awk -F "\"" "\$2 ~ /^GET \/d\/[0-9]+\.csv HTTP/ && \$6 != \"-\" && \$8 ~ /GMT\$/ && \$9 ~ /^ 304 0 / { n++ }
		END { print n + 0, NR }" "$NGX_LOG" >seen &&
	test_eq "$N $N" "$(cat seen)" "conditional requests answered 304 with no body, of all requests" &&
	test_eq $N "$(q s.db "select count(*) from documents")" &&
	test_eq "$docs" "$(q s.db "select group_concat(sha256 || last_seen) from documents")" &&
	test_eq $N "$(find raw -type f | wc -l)" &&
	test_eq $N "$(q s.db "select count(*) from fetches where outcome = \"not_modified\" and http_status = 304
		and bytes = 0 and doc is null")" &&
	test_eq "gw-fetch 0" "$(cat count)" "raw files written, linked or synced"
'
test_done
