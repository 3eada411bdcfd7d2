#!/bin/sh
# The report's GPU prices section: each provider's price line (price_series, and the chart's
# price_lines: first quote, each change, last day), the index levels with withheld ones said
# and a tier of one provider named, and the chart's index (price_index_chart) at a period
# that fits. First on quotes written here, then on the corpus price feeds, checked by hand.
. "$(dirname "$0")/test-lib.sh"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
# rec PROVIDER TIER DAY PRICE: a quote of h100-sxm on demand on day DAY of 2025 (1 = 2025-01-01)
rec() {
	awk -v pr="$1" -v tier="$2" -v d="$3" -v p="$4" -v doc="$D" 'BEGIN {
		split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " "); m = 1; dd = d;
		while (dd > ml[m]) { dd -= ml[m]; m++ }
		t = sprintf("2025-%02d-%02dT08:00:00Z", m, dd);
		printf "{\"kind\":\"gpu_price\",\"provider\":\"%s\",\"tier\":\"%s\",\"sku\":\"h100-sxm\",\"term\":\"on_demand\",\"usd_per_gpu_hour\":%s,\"observed_at\":\"%s\",\"as_of\":\"%s\",\"src\":{\"doc\":\"%s\",\"loc\":\"%s day %s\"}}\n", pr, tier, p, t, t, doc, pr, d }'
}

# Days 1..20 of 2025: a at 2.00 on days 1..10 and 2.50 on days 11..20, b at 3.00 on 1..20, c at
# 4.00 on 5..20 (neoclouds); aws at 10.00 on 1..20, the only hyperscaler.
# January (month level): latest quote per provider a 2.50, b 3.00, c 4.00: median 3.00; p25 at
# rank 0.5 = 2.50 + 0.5 x 0.50 = 2.75, p75 at rank 1.5 = 3.00 + 0.5 x 1.00 = 3.50.
# Days with 3 neocloud providers: 5..20, 16 published days: the chart is by day.
test_expect_success 'provider lines: first quote, the change, the last day; a tier of one provider named' '
	for d in $(seq 1 20); do
		if [ $d -le 10 ]; then rec a neocloud $d 2.00; else rec a neocloud $d 2.50; fi &&
		rec b neocloud $d 3.00 && rec aws hyperscaler $d 10.00 &&
		if [ $d -ge 5 ]; then rec c neocloud $d 4.00; fi || return 1
	done >q.jsonl &&
	gw-load -d q.db q.jsonl 2>/dev/null &&
	gw-report -d q.db --quarter 2025Q1 -f json >q.json &&
	gw-report -d q.db --quarter 2025Q1 --section prices >q.txt &&
	python3 -c "
import json
d = json.load(open(\"q.json\"))
s = [(r[\"tier\"], r[\"provider\"], r[\"first_price\"], r[\"last_price\"], r[\"changes\"], r[\"last_change_date\"], r[\"last_change\"])
     for r in d[\"price_series\"]]
assert s == [(\"hyperscaler\", \"aws\", 10, 10, 0, None, None), (\"neocloud\", \"a\", 2, 2.5, 1, \"2025-01-11\", 1.25),
             (\"neocloud\", \"b\", 3, 3, 0, None, None), (\"neocloud\", \"c\", 4, 4, 0, None, None)], s
l = [(r[\"provider\"], r[\"date\"], r[\"price\"]) for r in d[\"price_lines\"]]
assert l == [(\"aws\", \"2025-01-01\", 10), (\"aws\", \"2025-01-20\", 10), (\"a\", \"2025-01-01\", 2), (\"a\", \"2025-01-11\", 2.5),
             (\"a\", \"2025-01-20\", 2.5), (\"b\", \"2025-01-01\", 3), (\"b\", \"2025-01-20\", 3), (\"c\", \"2025-01-05\", 4),
             (\"c\", \"2025-01-20\", 4)], l
v = {r[\"tier\"]: r for r in d[\"price_levels\"]}
assert (v[\"hyperscaler\"][\"period\"], v[\"hyperscaler\"][\"median\"], v[\"hyperscaler\"][\"providers\"],
        v[\"hyperscaler\"][\"withheld\"]) == (\"2025-01\", None, 1, \"one provider: aws\"), v
assert (v[\"neocloud\"][\"median\"], v[\"neocloud\"][\"p25_p75\"], v[\"neocloud\"][\"providers\"], v[\"neocloud\"][\"withheld\"]) == (3, \"2.75-3.50\", 3, None), v
c = {(r[\"tier\"], r[\"period\"]): r for r in d[\"price_index_chart\"]}
assert len(c) == 40 and all(r[\"withheld\"] and r[\"providers\"] == 1 for k, r in c.items() if k[0] == \"hyperscaler\")
assert (c[(\"neocloud\", \"2025-01-04\")][\"withheld\"], c[(\"neocloud\", \"2025-01-04\")][\"providers\"]) == (True, 2)
assert (c[(\"neocloud\", \"2025-01-05\")][\"median\"], c[(\"neocloud\", \"2025-01-05\")][\"withheld\"]) == (3, False)
assert (c[(\"neocloud\", \"2025-01-11\")][\"p25\"], c[(\"neocloud\", \"2025-01-11\")][\"p75\"]) == (2.75, 3.5)
" &&
	grep -Eq "^  h100-sxm +on_demand +hyperscaler +2025-01 +1 +one provider: aws" q.txt &&
	grep -q "^Changed once: a h100-sxm on_demand (neocloud) from 2.00 to 2.50 on 2025-01-11 (+25.0%)." q.txt &&
	tr "\n" " " <q.txt | sed "s/  */ /g" >q.flat &&
	grep -q "Withheld: fewer than min_providers (3) providers quote in the period, so no level is published" q.flat &&
	grep -q "h100-sxm on_demand hyperscaler 2025-01: aws at 10.00. Their lines are in the table above." q.flat
'
# a, b and c each quote days 1 and 150 (2025-05-30) at one price: runs quoting every day between,
# 150 days published, more than 100: the chart goes by ISO week, 2025-W01 (from Monday 2024-12-30)
# to 2025-W22 (Monday 2025-05-26): 22 weeks.
test_expect_success 'more than 100 days of published levels: the chart index goes by week' '
	for p in a b c; do rec $p neocloud 1 2.00 && rec $p neocloud 150 2.00 || return 1; done >w.jsonl &&
	gw-load -d w.db w.jsonl 2>/dev/null &&
	gw-report -d w.db --quarter 2025Q2 -f json >w.json &&
	python3 -c "
import json, re
d = json.load(open(\"w.json\"))
p = [r[\"period\"] for r in d[\"price_index_chart\"]]
assert len(p) == 22 and p[0] == \"2025-W01\" and p[-1] == \"2025-W22\" and all(re.match(r\"2025-W\d\d$\", x) for x in p), p
assert [(r[\"date\"], r[\"price\"]) for r in d[\"price_lines\"] if r[\"provider\"] == \"a\"] == [(\"2025-01-01\", 2), (\"2025-05-30\", 2)]
"
'
test_expect_success 'a quarter before any quote: the section says so, and its tables are empty' '
	gw-report -d q.db --quarter 2024Q4 -f json >e.json &&
	gw-report -d q.db --quarter 2024Q4 --section prices >e.txt &&
	grep -q "No GPU price quote in the store up to 2024-12-31" e.txt &&
	python3 -c "
import json
d = json.load(open(\"e.json\"))
assert d[\"price_series\"] == [] and d[\"price_lines\"] == [] and d[\"price_levels\"] == [] and d[\"price_index_chart\"] == []
"
'

need_corpus
P=$CORPUS/prices
cat >src.conf <<EOF
awsp5 file://$P/aws_p5_gpu_prices.csv aws-p5-series
h100 file://$P/H100_80GB_SXM5.jsonl gpu-tracker
h200 file://$P/H200_141GB.jsonl gpu-tracker
b200 file://$P/B200_180GB.jsonl gpu-tracker
EOF

test_expect_success 'corpus: the price feeds crawled as a user would' '
	gw-crawl -d c.db -s src.conf 2>err &&
	grep -q "4 sources fetched (0 failed" err &&
	gw-report -d c.db --quarter 2026Q3 -f json >c.json &&
	gw-report -d c.db --quarter 2026Q3 --section prices >c.txt &&
	gw-report -d c.db --quarter 2025Q2 -f json >q2.json
'
# aws_p5_gpu_prices.csv (p5.48xlarge, 8 H100 SXM): line 2, 2025-04-23T18:52:57, 98.32 USD/h, the
# first priced row (lines 3-15 are backfilled month rows without a price, 2025-04-01 back to
# 2024-05-01, then 2025-04-23T19:14:17); 98.32 up to line 58, 2025-06-04T07:23:25; line 59,
# 2025-06-05T07:22:36, 55.04; 55.04 on every row after it to the last, line 501,
# 2026-08-22T07:34:47. Per GPU-hour: 98.32 / 8 = 12.29, 55.04 / 8 = 6.88 (-44.0%).
test_expect_success 'corpus: the AWS p5 line, 12.29 then 6.88 from 2025-06-05: exactly one change' '
	python3 -c "
import json
d = json.load(open(\"c.json\"))
a = [r for r in d[\"price_series\"] if r[\"provider\"] == \"aws\"]
assert [(r[\"sku\"], r[\"term\"], r[\"tier\"], r[\"first_price\"], r[\"last_price\"], r[\"changes\"], r[\"last_change_date\"])
        for r in a] == [(\"h100-sxm\", \"on_demand\", \"hyperscaler\", 12.29, 6.88, 1, \"2025-06-05\")], a
assert abs(a[0][\"last_change\"] - 55.04 / 98.32) < 1e-6 and d[\"price_series\"][0] == a[0]
l = [(r[\"date\"], r[\"price\"]) for r in d[\"price_lines\"] if r[\"provider\"] == \"aws\"]
assert l == [(\"2025-04-23\", 12.29), (\"2025-06-05\", 6.88), (\"2026-08-22\", 6.88)], l
q = json.load(open(\"q2.json\"))
l = [(r[\"date\"], r[\"price\"]) for r in q[\"price_lines\"] if r[\"provider\"] == \"aws\"]
assert l == [(\"2025-04-23\", 12.29), (\"2025-06-05\", 6.88), (\"2025-06-30\", 6.88)], l
" &&
	grep -Eq "^  h100-sxm +on_demand +hyperscaler +aws +12.29 +6.88 +1 +2025-06-05 +-44.0%" c.txt &&
	grep -q "^Changed once: aws h100-sxm on_demand (hyperscaler) from 12.29 to 6.88 on 2025-06-05 (-44.0%)." c.txt &&
	grep -q "aws_p5_gpu_prices.csv, 2025-04-23 to 2026-08-22 (1 line)" c.txt
'
# H100_80GB_SXM5.jsonl, by_provider.primecompute.min: 1.0 on line 1 (2025-10-19T21:01:58);
# 1.8 on line 177 (2025-10-28T19:33:42), 1.0 on 178 (20:14:16); 1.8 on line 283 (2025-10-31),
# 1.0 on 284, 1.8 on 295, 1.0 on 302, 1.8 on 307, 1.0 on 309 (2025-10-31T22:38:32); 1.0 or
# absent (no quote, no change) from there to the last line, 357 (2025-11-02T03:41:54).
# Eight changes, the last 1.80 -> 1.00 (-44.4%) on 2025-10-31.
test_expect_success 'corpus: a tracker provider line (primecompute H100) with its eight changes' '
	python3 -c "
import json
d = json.load(open(\"c.json\"))
s = [r for r in d[\"price_series\"] if r[\"provider\"] == \"primecompute\"]
assert [(r[\"sku\"], r[\"tier\"], r[\"first_price\"], r[\"last_price\"], r[\"changes\"], r[\"last_change_date\"]) for r in s] == \
       [(\"h100-sxm\", \"marketplace\", 1.0, 1.0, 8, \"2025-10-31\")], s
assert abs(s[0][\"last_change\"] - 1.0 / 1.8) < 1e-9
l = [(r[\"date\"], r[\"price\"]) for r in d[\"price_lines\"] if r[\"provider\"] == \"primecompute\"]
assert l == [(\"2025-10-19\", 1.0), (\"2025-10-28\", 1.8), (\"2025-10-28\", 1.0)] + [(\"2025-10-31\", 1.8), (\"2025-10-31\", 1.0)] * 3 + \
       [(\"2025-11-02\", 1.0)], l
"
'
# November 2025 is lines 312 (2025-11-01T00:59:27) to 357 of H100_80GB_SXM5.jsonl; each provider's
# latest quote there is on line 357: hyperstack 2.4, lambdalabs 2.99, nebius 2.12, runpod 2.69,
# vultr 2.99 (neoclouds: median 2.69, p25 2.40, p75 2.99, 5 providers); dc_roan 1.99 and
# primecompute 1.0 (marketplaces: 2, withheld). AWS alone is the hyperscaler tier; its latest
# month is 2026-08 (line 501 of aws_p5_gpu_prices.csv), at 6.88.
test_expect_success 'corpus: withheld levels said, with who quotes; the hyperscaler tier is one provider: aws' '
	python3 -c "
import json
d = json.load(open(\"c.json\"))
v = {(r[\"sku\"], r[\"tier\"]): r for r in d[\"price_levels\"] if r[\"term\"] == \"on_demand\"}
h = v[(\"h100-sxm\", \"hyperscaler\")]
assert (h[\"period\"], h[\"median\"], h[\"providers\"], h[\"withheld\"]) == (\"2026-08\", None, 1, \"one provider: aws\"), h
n = v[(\"h100-sxm\", \"neocloud\")]
assert (n[\"period\"], n[\"median\"], n[\"p25_p75\"], n[\"providers\"], n[\"withheld\"]) == (\"2025-11\", 2.69, \"2.40-2.99\", 5, None), n
m = v[(\"h100-sxm\", \"marketplace\")]
assert (m[\"period\"], m[\"median\"], m[\"providers\"], m[\"withheld\"]) == (\"2025-11\", None, 2, \"2 providers\"), m
" &&
	grep -Eq "^  h100-sxm +on_demand +hyperscaler +2026-08 +1 +one provider: aws" c.txt &&
	grep -q "^  Withheld: fewer than min_providers (3) providers quote in the period" c.txt &&
	tr "\n" " " <c.txt | sed "s/  */ /g" >c.flat &&
	grep -q "h100-sxm on_demand hyperscaler 2026-08: aws at 6.88;" c.flat &&
	grep -q "h100-sxm on_demand marketplace 2025-11: dc_roan at 1.99, primecompute at 1.00;" c.flat
'
# The tracker's snapshots run from 2025-10-19 (line 1) to 2025-11-02 (line 357): 15 days, the
# neocloud H100 level published on each (5 providers on lines 291-357, where vultr quotes; 4 before).
test_expect_success 'corpus: chart data with the given keys, change points only, the index by day' '
	python3 -c "
import json
d = json.load(open(\"c.json\"))
assert all(list(r) == [\"sku\", \"term\", \"tier\", \"provider\", \"date\", \"price\", \"sources\"] for r in d[\"price_lines\"])
assert all(list(r) == [\"sku\", \"term\", \"tier\", \"period\", \"median\", \"p25\", \"p75\", \"providers\", \"withheld\", \"sources\"]
           for r in d[\"price_index_chart\"])
for s in d[\"price_series\"]:
    l = [r for r in d[\"price_lines\"] if (r[\"sku\"], r[\"term\"], r[\"provider\"]) == (s[\"sku\"], s[\"term\"], s[\"provider\"])]
    assert len(l) in (s[\"changes\"] + 1, s[\"changes\"] + 2) and l[0][\"price\"] == s[\"first_price\"] and l[-1][\"price\"] == s[\"last_price\"], s
n = [r for r in d[\"price_index_chart\"] if (r[\"sku\"], r[\"tier\"]) == (\"h100-sxm\", \"neocloud\") and not r[\"withheld\"]]
assert [r[\"period\"] for r in n] == [\"2025-10-%02d\" % i for i in range(19, 32)] + [\"2025-11-01\", \"2025-11-02\"], n
assert all(len(r[\"sources\"]) == 1 for r in n) and n[-1][\"median\"] == 2.69 and n[-1][\"providers\"] == 5
assert all(r[\"withheld\"] and r[\"providers\"] == 1 for r in d[\"price_index_chart\"] if r[\"tier\"] == \"hyperscaler\")
" &&
	test_eq 0 "$(awk "length > 100" c.txt | wc -l)"
'
test_done
