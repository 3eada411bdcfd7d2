#!/bin/sh
# gw-crawl's output for cron (issue 11 item 8): -q prints errors only, nothing
# (and exit 0) when there were none; without -q, warnings and one summary line.
# A reject is a failure when it is new: the same document version rejecting
# the same rows again (MISO's test row "fish mango watermelon") is not.
. "$(dirname "$0")/test-lib.sh"
. "$ROOT/tests/servers/nginx.sh"

command -v nginx >/dev/null || test_skip_all "nginx is not installed (make deps)"
nginx_start || { echo "Bail out! nginx did not start"; exit 1; }

UA='gigawatt-test/1.0 (ops@example.org)'
cp "$FIXTURES/datacenters/frontier_data_centers.csv" "$NGX_WWW/dc.csv"
cat >s.conf <<EOF
user_agent=$UA
dc  $NGX_URL/dc.csv  epoch-dc  delay=0
EOF

test_expect_success '-q, everything fine: nothing at all on stdout or stderr, exit 0' '
	gw-crawl -q -d s.db -s s.conf >out 2>err &&
	test_must_fail test -s out && test_must_fail test -s err &&
	test_eq 4 "$(q s.db "select count(*) from obs_site")"
'
test_expect_success '-q, nothing due: nothing printed, exit 0' '
	gw-crawl -q -d s.db -s s.conf >out 2>err &&
	test_must_fail test -s out && test_must_fail test -s err
'
test_expect_success 'without -q: one summary line (not each step'"'"'s)' '
	gw-crawl -d s2.db -s s.conf >out 2>err &&
	test_must_fail test -s out &&
	test_eq 1 "$(wc -l <err)" &&
	grep -q "^gw-crawl: 1 sources fetched (0 failed, 0 not due), 1 new documents; 1 loaded, 0 left for the next crawl; records: 7 stored, 0 unchanged, 0 rejected (0 of them before)$" err
'
test_expect_success '-q, a source fails: its error only, exit 1' '
	printf "gone %s/missing.csv epoch-dc delay=0\n" "$NGX_URL" >>s.conf &&
	test_expect_code 1 gw-crawl -q --all -d s.db -s s.conf >out 2>err &&
	test_must_fail test -s out &&
	test_eq "gw-fetch: gone: $NGX_URL/missing.csv: HTTP status 404" "$(cat err)"
'

need_corpus
# MISO's GI Interactive Queue (corpus power/MISO_GI_Interactive_Queue.csv): its
# first data row, file line 2, is MISO's test record "AA1234" with Request Status
# "fish mango watermelon" (MANIFEST.md); the other 3,273 rows are requests
cp "$CORPUS/power/MISO_GI_Interactive_Queue.csv" "$NGX_WWW/miso.csv"
MISO=$(sha256sum <"$NGX_WWW/miso.csv" | cut -c1-64)
cat >m.conf <<EOF
user_agent=$UA
miso  $NGX_URL/miso.csv  miso-queue  delay=0
EOF
FISH="gw-parse: miso.csv: line 2: Request Status 'fish mango watermelon' is not one MISO uses (Active, Withdrawn, Done)"
test_expect_success 'MISO, first crawl: the test row is a reject, a new failure: said (and nothing else), exit 1' '
	test_expect_code 1 gw-crawl -q -d m.db -s m.conf >out 2>err &&
	test_eq "$FISH" "$(cat err)" &&
	test_eq 3273 "$(q m.db "select count(*) from obs_grid_request where doc_id = (select id from documents where sha256 = '"'$MISO'"')")" &&
	test_eq "line 2" "$(q m.db "select loc from rejects where doc = '"'$MISO'"'")"
'
test_expect_success 'the same document version loaded again (a crawl killed before its pending list was rewritten): no new failure, silent, exit 0' '
	echo "$MISO" >m.db.crawl-pending &&
	gw-crawl -q -d m.db -s m.conf >out 2>err &&
	test_must_fail test -s err &&
	test_eq 1 "$(q m.db "select count(*) from rejects")" &&
	echo "$MISO" >m.db.crawl-pending &&
	gw-crawl -d m.db -s m.conf 2>err &&
	grep -q "records: 0 stored, 3273 unchanged, 1 rejected (1 of them before)$" err &&
	test_must_fail grep -q "fish mango" err
'
test_expect_success 'a new version of the file: its rejects are new (another document), said, exit 1' '
	sed -i "s/^\"J1000\",\"Done\"/\"J1000\",\"Active\"/" "$NGX_WWW/miso.csv" &&
	test_expect_code 1 gw-crawl -q --all -d m.db -s m.conf 2>err &&
	test_eq "$FISH" "$(cat err)" &&
	test_eq 2 "$(q m.db "select count(*) from rejects")"
'
test_done
