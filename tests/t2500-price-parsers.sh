#!/bin/sh
# GPU price parsers on the real feeds (../shared/corpus/prices) and on our
# provider page fixtures (fixtures/prices). Expected values were read by hand
# from the files (python3 json/csv, grep); each says where it comes from.
. "$(dirname "$0")/test-lib.sh"
need_corpus
P=$CORPUS/prices

# one value: SQL over the records of FILE (table r, column j is the record JSON)
rq() { # FILE SQL
	python3 - "$1" "$2" <<-\PY
	import json, sqlite3, sys
	db = sqlite3.connect(":memory:")
	db.execute("create table r(j)")
	db.executemany("insert into r values (?)", [(l,) for l in open(sys.argv[1]) if l.strip()])
	for row in db.execute(sys.argv[2]):
	    print("|".join("" if v is None else str(v) for v in row))
	PY
}

test_expect_success 'gw-parse detects every price feed and fixture from the content' '
	for f in $P/H100_80GB_SXM5.jsonl $P/H200_141GB.jsonl $P/B200_180GB.jsonl; do
		gw-parse "$f" >/dev/null 2>err || return 1
		grep -q "parser gpu-tracker (detected)" err || return 1
	done &&
	gw-parse $P/aws_p5_gpu_prices.csv >/dev/null 2>err && grep -q "parser aws-p5-series (detected)" err &&
	for f in aws-ec2-p5-pricing.html lambda-pricing.html scaleway-gpu-pricing.html; do
		gw-parse "$FIXTURES/prices/$f" >/dev/null 2>err || return 1
		grep -q "parser price-table-html (detected)" err || return 1
	done &&
	gw-parse $FIXTURES/prices/vast-offers.json >/dev/null 2>err && grep -q "parser price-offers-json (detected)" err
'

# H100_80GB_SXM5.jsonl: 357 lines; by_provider entries in all: nebius 357, runpod 347,
# hyperstack 342, lambdalabs 310, primecompute 265, dc_roan 178, vultr 35 = 1834
test_expect_success 'H100 feed: one gpu_price per provider per snapshot (1834), no aggregate record' '
	gw-parse $P/H100_80GB_SXM5.jsonl >h100.jsonl &&
	test_eq 1834 "$(wc -l <h100.jsonl)" &&
	test_eq "1834|0" "$(rq h100.jsonl "select count(*), sum(json_extract(j, \"$.kind\") != \"gpu_price\") from r")" &&
	test_eq 7 "$(rq h100.jsonl "select count(distinct json_extract(j, \"$.provider\")) from r")"
'
# line 1: timestamp 2025-10-19T21:01:58.727366+00:00; by_provider runpod min 2.69,
# (1.0 in the file is the JSON number 1: written 1)
# lambdalabs 3.29, hyperstack 2.4, primecompute 1.0, dc_roan 1.99, nebius 2.12
# (its price_stats.median 1.99 is the aggregate of offers: not a provider quote, not emitted)
test_expect_success 'H100 first snapshot (line 1): per-provider minimums, sku h100-sxm, tiers from the provider table' '
	rq h100.jsonl "select json_extract(j, \"$.provider\"), json_extract(j, \"$.tier\"), json_extract(j, \"$.usd_per_gpu_hour\")
		from r where json_extract(j, \"$.src.loc\") like \"line 1 %\" order by 1" >got &&
	cat >want <<-\EOF2 &&
	dc_roan|marketplace|1.99
	hyperstack|neocloud|2.4
	lambda|neocloud|3.29
	nebius|neocloud|2.12
	primecompute|marketplace|1
	runpod|neocloud|2.69
	EOF2
	test_cmp want got &&
	test_eq "h100-sxm|H100_80GB SXM5|on_demand|2025-10-19T21:01:58Z|USD" "$(rq h100.jsonl "select distinct json_extract(j, \"$.sku\"),
		json_extract(j, \"$.sku_raw\"), json_extract(j, \"$.term\"), json_extract(j, \"$.observed_at\"), json_extract(j, \"$.currency\")
		from r where json_extract(j, \"$.src.loc\") like \"line 1 %\"")"
'
# line 357: timestamp 2025-11-02T03:41:54.344514+00:00; lambdalabs min 2.99 (MANIFEST), vultr 2.99
test_expect_success 'H100 last snapshot (line 357): lambdalabs min 2.99, its loc is the JSON path' '
	test_eq "2.99|2025-11-02T03:41:54Z" "$(rq h100.jsonl "select json_extract(j, \"$.usd_per_gpu_hour\"), json_extract(j, \"$.observed_at\")
		from r where json_extract(j, \"$.src.loc\") = \"line 357 \$.by_provider.lambdalabs.min\"")" &&
	test_eq 2.99 "$(rq h100.jsonl "select json_extract(j, \"$.usd_per_gpu_hour\") from r
		where json_extract(j, \"$.src.loc\") = \"line 357 \$.by_provider.vultr.min\"")"
'
# H200_141GB.jsonl line 1: socket_type null; runpod min 3.59, nebius 2.67, dc_wildebeest 2.99
# (price_stats min 2.67 = nebius; median 3.59)
test_expect_success 'H200 first snapshot (line 1): sku h200 from gpu_type H200_141GB' '
	gw-parse $P/H200_141GB.jsonl >h200.jsonl &&
	test_eq 1067 "$(wc -l <h200.jsonl)" &&
	rq h200.jsonl "select json_extract(j, \"$.provider\"), json_extract(j, \"$.sku\"), json_extract(j, \"$.sku_raw\"), json_extract(j, \"$.usd_per_gpu_hour\")
		from r where json_extract(j, \"$.src.loc\") like \"line 1 %\" order by 1" >got &&
	cat >want <<-\EOF2 &&
	dc_wildebeest|h200|H200_141GB|2.99
	nebius|h200|H200_141GB|2.67
	runpod|h200|H200_141GB|3.59
	EOF2
	test_cmp want got
'
# B200_180GB.jsonl line 357: runpod min 5.69, dc_wildebeest 4.4 (MANIFEST: min 4.40, median 5.69)
test_expect_success 'B200 last snapshot (line 357): runpod 5.69, dc_wildebeest 4.4' '
	gw-parse $P/B200_180GB.jsonl >b200.jsonl &&
	test_eq 872 "$(wc -l <b200.jsonl)" &&
	rq b200.jsonl "select json_extract(j, \"$.provider\"), json_extract(j, \"$.sku\"), json_extract(j, \"$.usd_per_gpu_hour\")
		from r where json_extract(j, \"$.src.loc\") like \"line 357 %\" order by 1" >got &&
	printf "dc_wildebeest|b200|4.4\nrunpod|b200|5.69\n" >want &&
	test_cmp want got
'

# aws_p5_gpu_prices.csv: 500 data rows, 13 blank prices (lines 3-15), so 487 quotes
test_expect_success 'AWS p5 series: 487 quotes, the 13 blank rows skipped with one message, status 0' '
	gw-parse $P/aws_p5_gpu_prices.csv >aws.jsonl 2>err &&
	test_eq 487 "$(wc -l <aws.jsonl)" &&
	grep -q "13 rows without a price skipped (no quote), lines 3 to 15" err
'
# line 2: 2025-04-23T18:52:57,p5.48xlarge,98.32 -> docs/models.md 7 example 5: 98.32 / 8 = 12.29
test_expect_success 'docs/models.md example 5: p5.48xlarge 98.32 USD/h for 8 GPUs is 12.29 USD per GPU-hour (line 2)' '
	test_eq "aws|hyperscaler|h100-sxm|8|on_demand|98.32|98.32|12.29|2025-04-23T18:52:57" "$(rq aws.jsonl "select
		json_extract(j, \"$.provider\"), json_extract(j, \"$.tier\"), json_extract(j, \"$.sku\"), json_extract(j, \"$.gpus\"),
		json_extract(j, \"$.term\"), json_extract(j, \"$.price\"), json_extract(j, \"$.usd_per_hour\"),
		json_extract(j, \"$.usd_per_gpu_hour\"), json_extract(j, \"$.observed_at\") from r where json_extract(j, \"$.src.loc\") = \"line 2\"")"
'
# line 59: 2025-06-05T07:22:36,p5.48xlarge,55.04 -> 6.88
test_expect_success 'AWS p5 series: the cut to 55.04 on 2025-06-05 (line 59) is 6.88 per GPU-hour' '
	test_eq "2025-06-05T07:22:36|55.04|6.88" "$(rq aws.jsonl "select json_extract(j, \"$.observed_at\"), json_extract(j, \"$.price\"),
		json_extract(j, \"$.usd_per_gpu_hour\") from r where json_extract(j, \"$.src.loc\") = \"line 59\"")"
'
test_expect_success 'AWS-style series: a price that is not a number, an unknown instance: rejects with reasons, status 1' '
	printf "timestamp,instance,price_usd\n2025-01-01,p5.48xlarge,n/a\n2025-01-02,x9.huge,10\n2025-01-03,p5.48xlarge,98.32\n" >s.csv &&
	test_expect_code 1 gw-parse s.csv >s.jsonl 2>err &&
	grep -q "line 2: price_usd .n/a. is not a number" err &&
	grep -q "line 3: instance .x9.huge. is not in the instance table" err &&
	test_eq "reject|reject|gpu_price" "$(rq s.jsonl "select group_concat(json_extract(j, \"$.kind\"), \"|\") from r")"
'

# fixtures/prices/aws-ec2-p5-pricing.html: row p5.48xlarge: On-Demand $55.04, 1-yr ISP $37.12,
# 3-yr ISP $24.44; caption "Region: us-east-1"; article:modified_time 2025-10-01T16:00:00Z
test_expect_success 'hyperscaler instance table: each term a quote, per instance / 8 GPUs, region from the caption' '
	gw-parse $FIXTURES/prices/aws-ec2-p5-pricing.html >awsp.jsonl 2>err &&
	rq awsp.jsonl "select json_extract(j, \"$.instance\"), json_extract(j, \"$.sku\"), json_extract(j, \"$.term\"), json_extract(j, \"$.gpus\"),
		json_extract(j, \"$.usd_per_gpu_hour\"), json_extract(j, \"$.region\") from r where json_extract(j, \"$.instance\") = \"p5.48xlarge\" order by 3" >got &&
	cat >want <<-\EOF2 &&
	p5.48xlarge|h100-sxm|on_demand|8|6.88|us-east-1
	p5.48xlarge|h100-sxm|reserved_1y|8|4.64|us-east-1
	p5.48xlarge|h100-sxm|reserved_3y|8|3.055|us-east-1
	EOF2
	test_cmp want got &&
	test_eq 9 "$(wc -l <awsp.jsonl)" &&
	grep -q "3 price cells without a price" err &&
	test_eq "aws|hyperscaler|2025-10-01T16:00:00Z" "$(rq awsp.jsonl "select distinct json_extract(j, \"$.provider\"), json_extract(j, \"$.tier\"), json_extract(j, \"$.observed_at\") from r")"
'
# fixtures/prices/lambda-pricing.html: "8x NVIDIA H100 SXM" $2.99 per GPU/hr; "1x NVIDIA GH200" $1.49
test_expect_success 'neocloud per-GPU list: price per GPU-hour kept, instance price = x GPUs; unknown GH200 kept and said' '
	gw-parse $FIXTURES/prices/lambda-pricing.html >lambda.jsonl 2>err &&
	test_eq "lambda|neocloud|h100-sxm|8|2.99|23.92|2025-10-28" "$(rq lambda.jsonl "select json_extract(j, \"$.provider\"), json_extract(j, \"$.tier\"),
		json_extract(j, \"$.sku\"), json_extract(j, \"$.gpus\"), json_extract(j, \"$.usd_per_gpu_hour\"), json_extract(j, \"$.usd_per_hour\"),
		json_extract(j, \"$.observed_at\") from r where json_extract(j, \"$.sku_raw\") = \"NVIDIA H100 SXM\"")" &&
	test_eq "unknown:nvidia gh200|1.49" "$(rq lambda.jsonl "select json_extract(j, \"$.sku\"), json_extract(j, \"$.usd_per_gpu_hour\")
		from r where json_extract(j, \"$.sku_raw\") = \"NVIDIA GH200\"")" &&
	grep -q "GPU .NVIDIA GH200. is not a known SKU: kept as unknown:nvidia gh200" err &&
	test_eq "b200 h100-pcie a100-80g" "$(rq lambda.jsonl "select json_extract(j, \"$.sku\") from r where json_extract(j, \"$.sku_raw\") in
		(\"NVIDIA B200 SXM6\", \"NVIDIA H100 PCIe\", \"NVIDIA A100 SXM 80GB\") order by json_extract(j, \"$.src.loc\")" | paste -sd" ")"
'
# fixtures/prices/scaleway-gpu-pricing.html: H100-SXM-8-80G 8 GPUs EUR 23.028/h; the page states
# "1 EUR = 1.1642 USD (ECB euro reference rate of 2025-10-14)": 23.028 * 1.1642 / 8 = 3.35115
test_expect_success 'non-USD page: EUR kept with its currency, converted only with the dated rate the page states' '
	gw-parse $FIXTURES/prices/scaleway-gpu-pricing.html >scw.jsonl 2>err &&
	test_eq "EUR|23.028|1.1642|2025-10-14|3.35115|fr-par-2" "$(rq scw.jsonl "select json_extract(j, \"$.currency\"), json_extract(j, \"$.price\"),
		json_extract(j, \"$.fx_rate\"), json_extract(j, \"$.fx_date\"), json_extract(j, \"$.usd_per_gpu_hour\"), json_extract(j, \"$.region\")
		from r where json_extract(j, \"$.instance\") = \"H100-SXM-8-80G\"")" &&
	sed "/1 EUR = 1.1642 USD/d" $FIXTURES/prices/scaleway-gpu-pricing.html >norate.html &&
	test_expect_code 1 gw-parse norate.html >nr.jsonl 2>err &&
	grep -q "price 23.028 EUR: the document states no dated EUR->USD rate, not converted" err &&
	test_eq "0|3" "$(rq nr.jsonl "select sum(json_extract(j, \"$.kind\") = \"gpu_price\"), sum(json_extract(j, \"$.kind\") = \"reject\") from r")"
'
test_expect_success 'the stated rate is found after other figures in the same sentence' '
	printf "%s" "<!DOCTYPE html><html><head><meta property=\"og:site_name\" content=\"Scaleway\"><meta property=\"article:modified_time\" content=\"2025-10-15T09:30:00Z\"></head><body><p>Valid from 1 October. 11 EUR = 9 USD. 1 EUR = 1.1642 USD (ECB, 2025-10-14)</p><table><tr><th>GPU</th><th>GPUs</th><th>Price per hour</th></tr><tr><td>NVIDIA L40S</td><td>1</td><td>EUR 1.40</td></tr></table></body></html>" >rate.html &&
	gw-parse rate.html >rate.jsonl 2>/dev/null &&
	test_eq "l40s|EUR|1.4|1.1642|2025-10-14|1.62988" "$(rq rate.jsonl "select json_extract(j, \"$.sku\"), json_extract(j, \"$.currency\"),
		json_extract(j, \"$.price\"), json_extract(j, \"$.fx_rate\"), json_extract(j, \"$.fx_date\"), json_extract(j, \"$.usd_per_gpu_hour\") from r")"
'
test_expect_success 'a per-instance price with no GPU count is a reject with its reason, never a guess' '
	cat >tbd.html <<-\EOF2 &&
	<!DOCTYPE html><html><head><meta property="og:site_name" content="Scaleway"><meta property="article:modified_time" content="2025-10-15T09:30:00Z"></head><body>
	<table><tr><th>Instance</th><th>GPU</th><th>GPUs</th><th>Price per hour</th></tr>
	<tr><td>GPU-3070-S</td><td>NVIDIA RTX 3070</td><td>TBD</td><td>$0.98</td></tr></table></body></html>
	EOF2
	test_expect_code 1 gw-parse tbd.html >tbd.jsonl 2>err &&
	grep -q "table 1 row 2 col 4: price 0.98 USD per instance-hour of .GPU-3070-S.: GPU count unknown, not normalised" err &&
	test_eq "reject|GPU-3070-S | NVIDIA RTX 3070 | TBD | \$0.98" "$(rq tbd.jsonl "select json_extract(j, \"$.kind\"), json_extract(j, \"$.record\") from r")"
'
test_expect_success 'a page that looks like a price page but has no price table says so, status 1' '
	printf "<!DOCTYPE html><html><head><meta property=\"og:site_name\" content=\"Lambda\"></head><body><p>GPU prices per hour: call us</p><table><tr><td>x</td></tr></table></body></html>" >empty.html &&
	test_expect_code 1 gw-parse empty.html >/dev/null 2>err &&
	grep -q "parser price-table-html (detected)" err &&
	grep -q "no table of GPU prices" err
'
# fixtures/prices/vast-offers.json: H100 SXM offers in US: $.offers[0] 8 GPUs 15.6/h (1.95),
# $.offers[1] 4 GPUs 8.2/h (2.05): the cheapest is [0]; spot min_bid [0] 9.6/8 = 1.2, [1] 4.4/4 = 1.1
test_expect_success 'marketplace offers JSON: the cheapest offer per (sku, term, region) is the quote' '
	gw-parse $FIXTURES/prices/vast-offers.json >vast.jsonl 2>err &&
	rq vast.jsonl "select json_extract(j, \"$.sku\"), json_extract(j, \"$.term\"), json_extract(j, \"$.region\"), json_extract(j, \"$.usd_per_gpu_hour\"),
		json_extract(j, \"$.src.loc\") from r where json_extract(j, \"$.sku\") not like \"unknown:%\" order by 1, 2, 3" >got &&
	cat >want <<-\EOF2 &&
	h100-sxm|on_demand|CA|2.2375|$.offers[2].dph_total
	h100-sxm|on_demand|US|1.95|$.offers[0].dph_total
	h100-sxm|spot|CA|1.3|$.offers[2].min_bid
	h100-sxm|spot|US|1.1|$.offers[1].min_bid
	h200|on_demand|US|2.81|$.offers[3].dph_total
	EOF2
	test_cmp want got &&
	test_eq "vast|marketplace|2025-10-20T12:00:00Z" "$(rq vast.jsonl "select distinct json_extract(j, \"$.provider\"), json_extract(j, \"$.tier\"), json_extract(j, \"$.observed_at\") from r")"
'
test_expect_success 'marketplace offers JSON: an offer without a GPU count is a reject; bad JSON says so' '
	printf "{\"timestamp\": \"2025-10-20T12:00:00Z\", \"offers\": [{\"id\": 1, \"gpu_name\": \"A100 SXM4\", \"num_gpus\": 0, \"dph_total\": 1.2}]}" >o.json &&
	test_expect_code 1 gw-parse o.json >o.jsonl 2>err &&
	grep -q "offers\[0\]: offer.s num_gpus is not a positive count" err &&
	printf "{\"offers\": [{\"gpu_name\": \"H100\", \"dph_total\": 1" >bad.json &&
	test_expect_code 1 gw-parse -p price-offers-json bad.json >/dev/null 2>err &&
	grep -q "not JSON" err
'
test_expect_success 'gpu-tracker: a malformed line is a reject, the other lines still read' '
	{ head -1 $P/H200_141GB.jsonl; echo "{\"timestamp\": oops"; sed -n 2p $P/H200_141GB.jsonl; } >t.jsonl &&
	test_expect_code 1 gw-parse t.jsonl >t.out 2>err &&
	grep -q "line 2: not a JSON object" err &&
	test_eq "6|1" "$(rq t.out "select sum(json_extract(j, \"$.kind\") = \"gpu_price\"), sum(json_extract(j, \"$.kind\") = \"reject\") from r")"
'
test_done
