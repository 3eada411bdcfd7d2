#!/bin/sh
# GPU price history whatever order documents and records arrive in (issue 11 item 5):
# 10,000 keys quoted A on day 1, B on days 2..10, A again on days 11..20, one document
# per day. Loaded in day order, 11..20 then 1..10, in reverse, in a shuffled order of
# documents with each document's records shuffled, and all at once shuffled: the latest
# quote of every key and the whole history are the same, and every document and locator
# that quoted a price stays findable for it after folding (gpu_price_sightings).
. "$(dirname "$0")/test-lib.sh"

KEYS=10000
# gen DAY: the document of day DAY (2025-01-DAY), one record per key; key k is provider
# p<k/100>, region r<k%100>; A = 1 + (k%500)/100, B = A + 0.5. Document sha: the day in hex.
gen() {
	awk -v d="$1" -v n=$KEYS 'BEGIN {
		doc = sprintf("%064x", d); t = sprintf("2025-01-%02dT06:00:00Z", d);
		for (k = 0; k < n; k++) {
			a = 1 + (k % 500) / 100; px = (d >= 2 && d <= 10) ? a + 0.5 : a;
			printf "{\"kind\":\"gpu_price\",\"provider\":\"p%03d\",\"tier\":\"neocloud\",\"sku\":\"h100-sxm\",\"term\":\"on_demand\",\"region\":\"r%02d\",\"usd_per_gpu_hour\":%.2f,\"price\":%.2f,\"currency\":\"USD\",\"observed_at\":\"%s\",\"as_of\":\"%s\",\"src\":{\"doc\":\"%s\",\"loc\":\"row %d\"}}\n", k / 100, k % 100, px, px, t, t, doc, k + 1
		}
	}'
}
# shuf_lines SEED <in >out: the lines in a fixed pseudo-random order
shuf_lines() { awk -v s="$1" 'BEGIN { srand(s) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2-; }
# load DB DAY...: each day's document by its own gw-load, in the order given
load() {
	db=$1 && shift &&
	for d in "$@"; do gw-load -q -d "$db" day$d.jsonl || return 1; done
}
hist() { q "$1" "select * from v_gpu_prices_history"; }
latest() { q "$1" "select * from v_gpu_prices_latest order by provider, region"; }
# every sighting with the run it belongs to (that run's start and quote); each document
# quotes each key once, so its first and last quote of a run are the same
sightings() {
	q "$1" "select doc, first_loc, first_observed, run_observed_at, printf('%.2f', usd_per_gpu_hour),
		printf('%.2f', price) from v_gpu_price_sightings
		where first_observed = last_observed and first_loc = last_loc order by 1, 2"
}

test_expect_success 'generate 20 documents of 10,000 quotes' '
	for d in $(seq 1 20); do gen $d >day$d.jsonl || return 1; done &&
	test_eq 10000 "$(wc -l <day1.jsonl)" &&
	for d in $(seq 1 20); do shuf_lines $d <day$d.jsonl >sday$d.jsonl || return 1; done &&
	cat day*.jsonl | shuf_lines 99 >all.jsonl
'
test_expect_success 'in day order: three runs per key, A since day 1, B since day 2, A since day 11' '
	load ord.db $(seq 1 20) &&
	test_eq 30000 "$(q ord.db "select count(*) from obs_gpu_price")" &&
	q ord.db "select observed_at, count(*), sum(previous is null), max(last_observed) from v_gpu_prices_history
		group by observed_at order by 1" >got &&
	cat >want <<-\EOF &&
	2025-01-01T06:00:00Z|10000|10000|2025-01-01T06:00:00Z
	2025-01-02T06:00:00Z|10000|0|2025-01-10T06:00:00Z
	2025-01-11T06:00:00Z|10000|0|2025-01-20T06:00:00Z
	EOF
	test_cmp want got &&
	test_eq "10000|2025-01-11T06:00:00Z|2025-01-20T06:00:00Z|0" "$(q ord.db "select count(*), min(observed_at), max(last_observed),
		sum(abs(usd_per_gpu_hour - 1 - ((cast(substr(provider, 2) as int) * 100 + cast(substr(region, 2) as int)) % 500) / 100.0) > 1e-9)
		from v_gpu_prices_latest")" &&
	hist ord.db >hist.ord && latest ord.db >latest.ord && sightings ord.db >sight.ord
'
test_expect_success 'days 11..20 loaded first, then 1..10: the same latest quotes and history' '
	load late.db $(seq 11 20) $(seq 1 10) &&
	latest late.db >got && test_cmp latest.ord got &&
	hist late.db >got && test_cmp hist.ord got
'
test_expect_success 'days in reverse, 20 down to 1: the same latest quotes and history' '
	load rev.db $(seq 20 -1 1) &&
	latest rev.db >got && test_cmp latest.ord got &&
	hist rev.db >got && test_cmp hist.ord got
'
test_expect_success 'documents in a shuffled order, records within each shuffled: the same' '
	seq 1 20 | shuf_lines 5 >order &&
	for d in $(cat order); do gw-load -q -d shuf.db sday$d.jsonl || return 1; done &&
	latest shuf.db >got && test_cmp latest.ord got &&
	hist shuf.db >got && test_cmp hist.ord got
'
test_expect_success 'all 200,000 quotes in one shuffled load: the same' '
	gw-load -q -d all.db all.jsonl &&
	latest all.db >got && test_cmp latest.ord got &&
	hist all.db >got && test_cmp hist.ord got
'
test_expect_success 'every document and locator that quoted a price is findable for it, in every load order' '
	for d in $(seq 1 20); do
		awk -v d=$d "BEGIN { for (k = 0; k < $KEYS; k++) {
			a = 1 + (k % 500) / 100; px = (d >= 2 && d <= 10) ? a + 0.5 : a;
			r = d < 2 ? 1 : d < 11 ? 2 : 11;
			printf \"%064x|row %d|2025-01-%02dT06:00:00Z|2025-01-%02dT06:00:00Z|%.2f|%.2f\n\", d, k + 1, d, r, px, px } }" || return 1
	done | sort -t"|" -k1,1 -k2,2 >want.s &&
	sort -t"|" -k1,1 -k2,2 sight.ord >got.s && test_cmp want.s got.s &&
	for db in late rev shuf all; do sightings $db.db >got && test_cmp sight.ord got || return 1; done
'
test_expect_success 'loading a document again adds no run and no sighting' '
	gw-load -d ord.db day5.jsonl 2>err &&
	grep -q "read 10000, stored 0, unchanged 10000, rejected 0" err &&
	test_eq "30000|200000" "$(q ord.db "select (select count(*) from obs_gpu_price), (select count(*) from gpu_price_sightings)")" &&
	sightings ord.db >got && test_cmp sight.ord got
'
# store/prices.c's queries (071: the document by doc_id, ordered by its sha256): a key's runs
# from obs_gpu_price_run (key, observed_at), sorted only within one observed_at (ties)
test_expect_success 'the history queries use indexes, no full scan per quote' '
	q ord.db "explain query plan select o.id from obs_gpu_price o join documents d on d.id = o.doc_id
		where o.key = '"'x'"' and o.observed_at <= '"'a'"' and (o.observed_at, d.sha256, o.loc) <= ('"'a'"', '"'b'"', '"'c'"')
		order by o.observed_at desc, d.sha256 desc, o.loc desc limit 1" >plan &&
	grep -q "SEARCH o USING INDEX obs_gpu_price_run (key=? AND observed_at<?)" plan &&
	! grep -q "TEMP B-TREE FOR ORDER BY" plan &&
	q ord.db "explain query plan select o.id from obs_gpu_price o join documents d on d.id = o.doc_id
		where o.key = '"'x'"' and o.observed_at >= '"'a'"' and (o.observed_at, d.sha256, o.loc) > ('"'a'"', '"'b'"', '"'c'"')
		order by o.observed_at, d.sha256, o.loc limit 1" >plan2 &&
	grep -q "SEARCH o USING INDEX obs_gpu_price_run (key=? AND observed_at>?)" plan2 &&
	! grep -q "TEMP B-TREE FOR ORDER BY" plan2 &&
	q ord.db "explain query plan select d.sha256 from gpu_price_sightings s join documents d on d.id = s.doc_id
		where s.price = 1 and (s.last_observed, d.sha256, s.last_loc) > ('"'a'"', '"'b'"', '"'c'"')" >plan3 &&
	grep -q "SEARCH s USING PRIMARY KEY (price=?)" plan3
'
test_done
