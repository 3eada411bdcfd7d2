#!/bin/sh
# GPU prices in the store: history kept as runs of equal quotes whatever the
# order rows arrive in, the latest and history views, unknown SKUs, and the
# price index of docs/models.md 6 (levels, withheld levels, chain-linked change).
. "$(dirname "$0")/test-lib.sh"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
# rec DAY PRICE [LOC [DOC]]: one gpu_price of provider p, day DAY of 2025 (1 = 2025-01-01)
rec() {
	awk -v d="$1" -v p="$2" -v doc="${4:-$D}" -v loc="${3:-day $1}" 'BEGIN {
		split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " "); m = 1; dd = d;
		while (dd > ml[m]) { dd -= ml[m]; m++ }
		t = sprintf("2025-%02d-%02dT08:00:00Z", m, dd);
		printf "{\"kind\":\"gpu_price\",\"provider\":\"p\",\"tier\":\"neocloud\",\"sku\":\"h100-sxm\",\"term\":\"on_demand\",\"usd_per_gpu_hour\":%s,\"observed_at\":\"%s\",\"as_of\":\"%s\",\"src\":{\"doc\":\"%s\",\"loc\":\"%s\"}}\n", p, t, t, doc, loc }'
}
runs() { q "$1" "select observed_at || ' ' || usd_per_gpu_hour || ' ' || last_observed from v_gpu_prices_history order by observed_at"; }

test_expect_success 'days 1..10 at one price arriving 5,1,9,3,10,2,8,4,7,6 end as one run: day 1, last seen day 10' '
	for d in 5 1 9 3 10 2 8 4 7 6; do rec $d 2.5; done >shuf10.jsonl &&
	for d in 1 2 3 4 5 6 7 8 9 10; do rec $d 2.5; done >ord10.jsonl &&
	gw-load -d s10.db shuf10.jsonl 2>/dev/null && gw-load -d o10.db ord10.jsonl 2>/dev/null &&
	test_eq "2025-01-01T08:00:00Z 2.5 2025-01-10T08:00:00Z" "$(runs s10.db)" &&
	test_eq "$(runs o10.db)" "$(runs s10.db)"
'
test_expect_success 'days 1..60 with a change on day 43, shuffled, in several loads: exactly one change' '
	for d in $(seq 1 60); do if [ $d -lt 43 ]; then rec $d 3.0; else rec $d 2.0; fi; done >ord60.jsonl &&
	gw-load -d o60.db ord60.jsonl 2>/dev/null &&
	for seed in 1 2 3; do
		rm -f x.db &&
		awk -v s=$seed "BEGIN { srand(s) } { print rand() \"\t\" \$0 }" ord60.jsonl | sort | cut -f2- >sh.jsonl &&
		split -l 13 sh.jsonl part. &&
		for f in part.*; do gw-load -d x.db $f 2>/dev/null || return 1; done && rm -f part.* &&
		test_eq "$(runs o60.db)" "$(runs x.db)" || return 1
	done &&
	test_eq "2025-01-01T08:00:00Z 3.0 2025-02-11T08:00:00Z
2025-02-12T08:00:00Z 2.0 2025-03-01T08:00:00Z" "$(runs x.db)" &&
	test_eq "1|2025-02-12T08:00:00Z|3.0|2.0" "$(q x.db "select count(*), max(observed_at), max(previous), max(usd_per_gpu_hour)
		from v_gpu_prices_history where previous is not null")"
'
test_expect_success 'a quote equal to the one before is not stored; loading again stores nothing' '
	gw-load -d o60.db ord60.jsonl 2>err &&
	grep -q "read 60, stored 0, unchanged 60, rejected 0" err &&
	test_eq 2 "$(q o60.db "select count(*) from obs_gpu_price")"
'

if [ -d "$CORPUS" ]; then
	P=$CORPUS/prices
	# aws_p5_gpu_prices.csv: 98.32 from line 2 (2025-04-23T18:52:57) to line 58
	# (2025-06-04T07:23:25); 55.04 from line 59 (2025-06-05T07:22:36) to the last row,
	# line 501 (2026-08-22T07:34:47)
	test_expect_success 'AWS p5 series: the June 2025 price cut is exactly one change, 12.29 -> 6.88 on 2025-06-05' '
		gw-parse $P/aws_p5_gpu_prices.csv >aws.jsonl 2>/dev/null &&
		gw-load -d aws.db aws.jsonl 2>err &&
		grep -q "read 487, stored 2, unchanged 485, rejected 0" err &&
		test_eq "2025-06-05T07:22:36|12.29|6.88|55.04|line 59" "$(q aws.db "select observed_at, previous, usd_per_gpu_hour, usd_per_hour, loc
			from v_gpu_prices_history where provider = '"'aws'"' and previous is not null")" &&
		test_eq 1 "$(q aws.db "select count(*) from v_gpu_prices_history where previous is not null")"
	'
	test_expect_success 'AWS p5 series shuffled (three orders, loaded in pieces): the same two runs, the same one change' '
		runs aws.db >want &&
		for seed in 7 8 9; do
			rm -f a2.db &&
			awk -v s=$seed "BEGIN { srand(s) } { print rand() \"\t\" \$0 }" aws.jsonl | sort | cut -f2- >sh.jsonl &&
			split -l 100 sh.jsonl part. &&
			for f in part.*; do gw-load -d a2.db $f 2>/dev/null || return 1; done && rm -f part.* &&
			runs a2.db >got && test_cmp want got || return 1
		done &&
		cat >want2 <<-\EOF2 &&
		2025-04-23T18:52:57 12.29 2025-06-04T07:23:25
		2025-06-05T07:22:36 6.88 2026-08-22T07:34:47
		EOF2
		test_cmp want2 got
	'
	test_expect_success 'docs/models.md example 5 in the store: p5.48xlarge 98.32 USD/h, 8 GPUs, 12.29 USD per GPU-hour' '
		test_eq "98.32|8|12.29|line 2" "$(q aws.db "select usd_per_hour, gpus, usd_per_gpu_hour, loc from v_gpu_prices_history where previous is null")"
	'
	test_expect_success 'v_gpu_prices_latest: the current AWS quote, since when and last seen' '
		test_eq "aws|hyperscaler|h100-sxm|on_demand|6.88|2025-06-05T07:22:36|2026-08-22T07:34:47" "$(q aws.db "select provider, tier, sku, term,
			usd_per_gpu_hour, observed_at, last_observed from v_gpu_prices_latest")"
	'
	test_expect_success 'a level with one provider is withheld with its reason' '
		test_eq "1|1||withheld: 1 provider quotes, fewer than min_providers 3" "$(q aws.db "select providers, withheld, median, reason
			from v_price_index where sku = '"'h100-sxm'"' and period_kind = '"'month'"' and period = '"'2025-06'"'")"
	'
	# H100_80GB_SXM5.jsonl line 357 (the last snapshot, 2025-11-02T03:41:54; every provider
	# below appears in it, so it is each one's latest quote of that day): neocloud providers runpod 2.69, lambdalabs 2.99, hyperstack 2.4,
	# nebius 2.12, vultr 2.99 -> sorted 2.12 2.4 2.69 2.99 2.99: median 2.69, p25 2.4, p75 2.99;
	# marketplace: primecompute 1.0, dc_roan 1.99 -> 2 providers, withheld
	test_expect_success 'H100 feed: day level 2025-11-02 of neocloud on demand from the last snapshot (line 357)' '
		gw-parse $P/H100_80GB_SXM5.jsonl 2>/dev/null | gw-load -d t.db 2>/dev/null &&
		test_eq "2.69|2.4|2.99|5|0" "$(q t.db "select median, p25, p75, providers, withheld from v_price_index
			where sku = '"'h100-sxm'"' and term = '"'on_demand'"' and tier = '"'neocloud'"' and period_kind = '"'day'"' and period = '"'2025-11-02'"'")" &&
		test_eq "2|1|withheld: 2 providers quote, fewer than min_providers 3" "$(q t.db "select providers, withheld, reason from v_price_index
			where sku = '"'h100-sxm'"' and tier = '"'marketplace'"' and period_kind = '"'day'"' and period = '"'2025-11-02'"'")"
	'
	test_expect_success 'H100 feed: hyperscaler, neocloud and marketplace quotes are never pooled' '
		gw-load -d t.db aws.jsonl 2>/dev/null &&
		test_eq "hyperscaler marketplace neocloud" "$(q t.db "select distinct tier from v_price_index where sku = '"'h100-sxm'"' order by 1" | paste -sd" ")" &&
		test_eq 5 "$(q t.db "select providers from v_price_index where tier = '"'neocloud'"' and period_kind = '"'day'"' and period = '"'2025-11-02'"'")"
	'
else
	test_skip 'corpus checks of the AWS and H100 series' 'no ../shared/corpus beside this checkout'
fi

# fixtures/prices/index-chain.jsonl: 2025-01-06 prov-a 2.0, prov-b 3.0, prov-c 4.0;
# 2025-01-07 the three up 10% (2.2, 3.3, 4.4) and prov-d enters at 1.0;
# 2025-01-08 prov-a, -b, -c unchanged, prov-d gone.
test_expect_success 'chain-linked index: a provider entering does not move the change (1.1 on the 3 matched)' '
	gw-load -d c.db $FIXTURES/prices/index-chain.jsonl 2>/dev/null &&
	q c.db "select period, median, p25, p75, providers, change, matched from v_price_index where period_kind = '"'day'"' order by period" >got &&
	cat >want <<-\EOF2 &&
	2025-01-06|3.0|2.5|3.5|3||0
	2025-01-07|2.75|1.9|3.575|4|1.1|3
	2025-01-08|3.3|2.75|3.85|3|1.0|3
	EOF2
	test_cmp want got
'
test_expect_success 'the same series without the entrant: the same change, 1.1' '
	grep -v prov-d $FIXTURES/prices/index-chain.jsonl >noD.jsonl &&
	gw-load -d c2.db noD.jsonl 2>/dev/null &&
	test_eq "1.1|3" "$(q c2.db "select change, matched from v_price_index where period_kind = '"'day'"' and period = '"'2025-01-07'"'")"
'
test_expect_success 'quotes are not carried forward: prov-d, gone on 2025-01-08, is not in that day; it is in its week and month' '
	test_eq 3 "$(q c.db "select providers from v_price_index where period_kind = '"'day'"' and period = '"'2025-01-08'"'")" &&
	test_eq "2025-W02|4|2.75" "$(q c.db "select period, providers, median from v_price_index where period_kind = '"'week'"'")" &&
	test_eq "2025-01|4 2025Q1|4" "$(q c.db "select period || '"'|'"' || providers from v_price_index where period_kind in ('"'month'"', '"'quarter'"') order by period_kind" | paste -sd" ")"
'
test_expect_success 'min_providers is a parameter: raised to 5, every level is withheld with its reason' '
	q c.db "update price_params set value = 5 where name = '"'min_providers'"'" &&
	test_eq "1||withheld: 4 providers quote, fewer than min_providers 5|" "$(q c.db "select withheld, median, reason, change from v_price_index
		where period_kind = '"'day'"' and period = '"'2025-01-07'"'")" &&
	test_eq 0 "$(q c.db "select count(*) from v_price_index where withheld = 0 or median is not null or reason is null")"
'
test_expect_success 'a change on fewer matched providers than min_providers is withheld and says why' '
	q c2.db "delete from obs_gpu_price where provider = '"'prov-c'"'" &&
	q c2.db "update price_params set value = 2 where name = '"'min_providers'"'" &&
	test_eq "1.1|2|" "$(q c2.db "select change, matched, reason from v_price_index where period_kind = '"'day'"' and period = '"'2025-01-07'"'")" &&
	q c2.db "update price_params set value = 3 where name = '"'min_providers'"'" &&
	test_eq "|2|withheld: 2 providers quote, fewer than min_providers 3" "$(q c2.db "select change, matched, reason from v_price_index
		where period_kind = '"'day'"' and period = '"'2025-01-07'"'")"
'
# ISO weeks (python3 datetime.isocalendar): 2024-12-30 is 2025-W01, 2021-01-03 is 2020-W53,
# 2026-01-01 is 2026-W01; quarters 2024Q4, 2021Q1, 2026Q1 (a different price each, so each
# is a run of one day: an equal price would be one run through every week between)
test_expect_success 'week and quarter labels across year ends are ISO weeks and calendar quarters' '
	p=1 && for t in 2021-01-03 2024-12-30 2026-01-01; do
		printf "{\"kind\":\"gpu_price\",\"provider\":\"w\",\"tier\":\"neocloud\",\"sku\":\"h200\",\"term\":\"spot\",\"usd_per_gpu_hour\":%d,\"observed_at\":\"%sT12:00:00Z\",\"as_of\":\"%s\",\"src\":{\"doc\":\"%s\",\"loc\":\"%s\"}}\n" $p $t $t $D $t
		p=$((p + 1))
	done >weeks.jsonl &&
	gw-load -d wk.db weeks.jsonl 2>/dev/null &&
	test_eq "2020-W53 2025-W01 2026-W01" "$(q wk.db "select period from v_price_index where period_kind = '"'week'"' order by 1" | paste -sd" ")" &&
	test_eq "2021Q1 2024Q4 2026Q1" "$(q wk.db "select period from v_price_index where period_kind = '"'quarter'"' order by 1" | paste -sd" ")"
'
# docN: a document per day, so that each quotes the key once (sha: the day in hex)
docn() { printf "%064x" "$1"; }
test_expect_success 'a late different quote inside a folded run splits it: the quote after it starts a run again' '
	{ rec 1 2.0 "day 1" $(docn 1); rec 2 2.0 "day 2" $(docn 2); rec 4 2.0 "day 4" $(docn 4); } >aba1.jsonl &&
	rec 3 9.0 "late" $(docn 3) >aba2.jsonl && rec 5 2.0 "day 5" $(docn 5) >aba3.jsonl &&
	gw-load -d aba.db aba1.jsonl 2>/dev/null && gw-load -d aba.db aba2.jsonl 2>/dev/null &&
	test_eq "2025-01-01T08:00:00Z 2.0 2025-01-02T08:00:00Z
2025-01-03T08:00:00Z 9.0 2025-01-03T08:00:00Z
2025-01-04T08:00:00Z 2.0 2025-01-04T08:00:00Z" "$(runs aba.db)" &&
	gw-load -d aba.db aba3.jsonl 2>/dev/null &&
	test_eq "2.0|2025-01-04T08:00:00Z|2025-01-05T08:00:00Z|day 4" "$(q aba.db "select usd_per_gpu_hour, observed_at, last_observed, loc from v_gpu_prices_latest")" &&
	cat aba2.jsonl aba3.jsonl aba1.jsonl | gw-load -d aba2.db 2>/dev/null &&
	runs aba.db >want && runs aba2.db >got && test_cmp want got
'
test_expect_success 'the documented limit: one document quoting on both sides of the late quote keeps only its first and last sighting' '
	{ rec 1 2.0; rec 2 2.0; rec 4 2.0; } >abs1.jsonl && rec 3 9.0 "late" $(docn 3) >abs2.jsonl &&
	gw-load -d abs.db abs1.jsonl 2>/dev/null && gw-load -d abs.db abs2.jsonl 2>/dev/null &&
	test_eq "2025-01-01T08:00:00Z 2.0 2025-01-01T08:00:00Z
2025-01-03T08:00:00Z 9.0 2025-01-03T08:00:00Z
2025-01-04T08:00:00Z 2.0 2025-01-04T08:00:00Z" "$(runs abs.db)" &&
	test_eq "2025-01-01T08:00:00Z|day 1|2025-01-01T08:00:00Z|day 1
2025-01-04T08:00:00Z|day 4|2025-01-04T08:00:00Z|day 4" "$(q abs.db "select first_observed, first_loc, last_observed, last_loc
		from v_gpu_price_sightings where doc = '"'$D'"' order by 1")"
'
test_expect_success 'folded quotes keep their documents: the AWS-like series of 10 documents, one run, 10 sightings' '
	for d in 1 2 3 4 5 6 7 8 9 10; do rec $d 2.5 "row $d" $(docn $d); done >ten.jsonl &&
	gw-load -d ten.db ten.jsonl 2>/dev/null &&
	test_eq 1 "$(q ten.db "select count(*) from obs_gpu_price")" &&
	for d in 1 2 3 4 5 6 7 8 9 10; do echo "$(docn $d)|row $d|2025-01-01T08:00:00Z|2.5"; done >want &&
	q ten.db "select doc, first_loc, run_observed_at, usd_per_gpu_hour from v_gpu_price_sightings order by doc" >got &&
	test_cmp want got
'
test_expect_success 'an unknown SKU is stored with its raw name, listed in v_gpu_sku_unknown, kept out of the index' '
	gw-parse $FIXTURES/prices/lambda-pricing.html 2>/dev/null | gw-load -d u.db 2>/dev/null &&
	test_eq "unknown:nvidia gh200|NVIDIA GH200|lambda|1" "$(q u.db "select sku, sku_raw, provider, n from v_gpu_sku_unknown")" &&
	test_eq 0 "$(q u.db "select count(*) from v_price_index where sku like '"'unknown%'"'")" &&
	test_eq 4 "$(q u.db "select count(distinct sku) from v_price_index")"
'
test_expect_success 'the SKU and provider tables are in the store, as the parsers use them' '
	test_eq "h100-sxm h100-sxm h100-sxm h100-sxm" "$(q u.db "select sku from sku_aliases where alias in
		('"'h100 80gb hbm3'"', '"'h100 80gb sxm5'"', '"'nvidia h100 sxm'"', '"'p5 48xlarge'"')" | paste -sd" ")" &&
	test_eq 11 "$(q u.db "select count(*) from sku_classes")" &&
	test_eq "lambda|neocloud" "$(q u.db "select p.id, p.tier from gpu_provider_aliases a join gpu_providers p on p.id = a.provider where alias = '"'lambdalabs'"'")"
'
test_done
