#!/bin/sh
# The whole pipeline offline on the bundled fixtures: fetch -> parse -> load ->
# report, the store consistent, and a second crawl and load storing nothing new.
. "$(dirname "$0")/test-lib.sh"

# The fixtures hold a few deliberately bad rows (MISO's junk test record is
# mirrored in fixtures/power): the crawl says so with status 1, keeps them as
# rejects from their parsers, and loads everything else.
test_expect_success 'gw-crawl fetches, parses and loads the fixture sources' '
	test_expect_code 1 gw-crawl -d p.db -s "$FIXTURES/sources.conf" 2>err &&
	grep -q "^gw-crawl: .* sources fetched (0 failed, " err &&
	test_eq 0 "$(q p.db "select count(*) from rejects where kind is not '"'"'reject'"'"'")" &&
	test "$(q p.db "select count(*) from documents")" -ge 1 &&
	test "$(q p.db "select count(*) from obs_capacity")" -ge 1
'
test_expect_success 'every stored document has its file in the raw store, same sha256' '
	q p.db "select sha256 from documents" >docs &&
	while read -r h; do
		f=raw/$(echo $h | cut -c1-2)/$h &&
		test -f "$f" &&
		test_eq "$h" "$(sha256sum "$f" | cut -d" " -f1)" || exit 1
	done <docs
'
test_expect_success 'every observation cites a stored document' '
	test_eq 0 "$(q p.db "select count(*) from obs_capacity o left join documents d on d.id = o.doc_id where d.sha256 is null")"
'
test_expect_success 'the store passes integrity_check' '
	test_eq ok "$(q p.db "pragma integrity_check")"
'
test_expect_success 'a second crawl finds nothing new' '
	q p.db "select count(*) from obs_capacity" >before &&
	gw-crawl -d p.db -s "$FIXTURES/sources.conf" 2>err &&
	q p.db "select count(*) from obs_capacity" >after &&
	test_cmp before after
'
test_expect_success 'parsing and loading every document again stores nothing new' '
	for h in $(cat docs); do gw-parse -d p.db $h || test $? -eq 1 || return 1; done 2>/dev/null >again.jsonl &&
	test -s again.jsonl &&
	test_expect_code 1 gw-load -d p.db again.jsonl 2>err &&
	grep -q "stored 0, unchanged [1-9][0-9]*, rejected $(grep -c "\"kind\":\"reject\"" again.jsonl)\$" err
'
test_expect_success 'gw-report prints a capacity report from the store' '
	gw-report -d p.db --format text >report 2>err &&
	grep -qi "capacity" report
'
test_expect_success 'a document added by hand joins the store like a fetched one' '
	cp "$FIXTURES/datacenters/frontier_data_centers.csv" hand.csv &&
	echo "Extra Site,1,5,,Oracle,,,,,,,,,,United States of America,Texas" >>hand.csv &&
	gw-parse -d p.db hand.csv >hand.jsonl &&
	h=$(sha256sum hand.csv | cut -d" " -f1) &&
	test_eq 1 "$(q p.db "select count(*) from documents where sha256 = '"'"'$h'"'"' and url like '"'"'file://%hand.csv'"'"'")" &&
	test -f raw/$(echo $h | cut -c1-2)/$h &&
	gw-load -d p.db hand.jsonl &&
	test_eq 5.0 "$(q p.db "select mw from v_capacity_current where site = '"'"'Extra Site'"'"'")"
'
test_expect_success 'gw-parse -d DB | gw-load -d DB in one pipe does not wait on its own lock' '
	cp "$FIXTURES/datacenters/frontier_data_centers.csv" pipe.csv &&
	echo "Pipe Site,1,7,,Oracle,,,,,,,,,,United States of America,Texas" >>pipe.csv &&
	start=$(date +%s) &&
	gw-parse -d p.db pipe.csv | gw-load -d p.db 2>err &&
	end=$(date +%s) &&
	test $((end - start)) -lt 10 &&
	grep -q "rejected 0" err &&
	test_eq 7.0 "$(q p.db "select mw from obs_capacity where site = '"'"'Pipe Site'"'"'")"
'
test_done
