#!/bin/sh
# make demo's real-data report (demo/demo.sh on the bundled documents of demo/data, written
# to a folder of the test's), checked by hand on figures of the documents; and the figures
# of the corpus files that are not bundled (their sources state no terms: demo/data/NOTICE),
# on the demo's store with them added by hand, as an analyst would add a document.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'demo.sh writes the report as text, HTML, JSON and one CSV per table' '
	test_expect_code 0 env DEMO_OUT="$TRASH/out" PATH="$GW_BIN:$PATH" sh "$ROOT/demo/demo.sh" >demo.out 2>demo.err &&
	grep -q "^demo: 1 record(s) of the documents were rejected, kept with their reason" demo.err &&
	grep -q "^Headline: IT capacity online" demo.out &&
	for f in report.txt report.html report.json csv/capacity.csv csv/capex_filed.csv csv/price_series.csv; do
		test -s "out/$f" || { echo "no out/$f"; return 1; }
	done
'
# demo/sites.conf: Oracle Vantage Data Centers Frontier (gpu_clusters, "Shackelford County,
# Texas", 1,400 MW) is OpenAI Stargate Shackelford (data_centers_2026-08.csv, "175 Private Road
# 1604, Abilene, TX 79601, Shackelford County"): one campus, by the override, and in 2028Q4 one
# figure, the timeline's 1,400 MW IT (data_center_timelines_2026-08.csv, 2028-11-11). The
# cluster list's Stargate UAE Phase 1 (and Phase 2, which builds upon it) is the list's
# OpenAI Stargate UAE.
test_expect_success 'the demo applies its site overrides: Vantage Frontier is Stargate Shackelford, Stargate UAE one campus' '
	test_cmp "$ROOT/demo/sites.conf" out/sites.conf &&
	test_eq 1 "$(q out/gigawatt.db "select count(distinct site_id) from v_site_members
		where name in ('"'OpenAI Stargate Shackelford'"', '"'Oracle Vantage Data Centers Frontier'"')")" &&
	test_eq "1400.0|it" "$(q out/gigawatt.db "select mw_it, basis_stated from v_site_capacity c join sites s on s.id = c.site_id
		where s.name = '"'OpenAI Stargate Shackelford'"' and quarter = '"'2028Q4'"'")" &&
	test_eq override "$(q out/gigawatt.db "select rule from site_links where member like '"'%Oracle Vantage Data Centers Frontier%'"'")" &&
	test_eq 1 "$(q out/gigawatt.db "select count(distinct site_id) from v_site_members
		where name in ('"'OpenAI Stargate UAE'"', '"'Stargate UAE Phase 1'"', '"'Stargate UAE Phase 2'"')")"
'
test_expect_success 'the bundle: at most 8 MB, every file named in NOTICE, byte for byte what NOTICE says' '
	test "$(du -sb "$ROOT/demo/data" | cut -f1)" -le 8388608 &&
	python3 -c "
import gzip, hashlib, os, re, sys
root = sys.argv[1]
notice = open(os.path.join(root, \"NOTICE\"), encoding=\"utf-8\").read()
files = [os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs]
files = sorted(f for f in files if f not in (\"NOTICE\", \"sources.conf\"))
assert files, \"no files\"
for f in files:
    m = re.search(r\"^%s\n  original: \S+ \((\d+) bytes, sha256 ([0-9a-f]{64})\)\n  origin: .+\n  date: .+\n  terms: .+\$\" % re.escape(f), notice, re.M)
    assert m, \"NOTICE does not describe \" + f
    data = open(os.path.join(root, f), \"rb\").read()
    if f.endswith(\".gz\"):
        data = gzip.decompress(data)
    assert len(data) == int(m.group(1)) and hashlib.sha256(data).hexdigest() == m.group(2), f
    assert re.search(r\"^\S+\s+%s\s\" % re.escape(f), open(os.path.join(root, \"sources.conf\")).read(), re.M), f + \" not crawled\"
" "$ROOT/demo/data"
'
# Alphabet's cash capex (us-gaap:PaymentsToAcquirePropertyPlantAndEquipment) in
# demo/data/sec/CIK0001652044.json.gz (companyfacts; USD millions, by period as filed):
#   2024: Q1 12,012 (frame CY2024Q1, accn 0001652044-25-000043); 6M 25,198 and 9M 38,259
#   (10-Qs 0001652044-25-000062, -000091); FY 52,535 (frame CY2024, 10-K 0001652044-26-000018)
#   2025: Q1 17,197 (CY2025Q1, 0001652044-26-000048); 6M 39,643; 9M 63,596; FY 91,447 (CY2025)
#   2026: Q1 35,674 (frame CY2026Q1, 10-Q 0001652044-26-000048, filed 2026-04-30)
# so the quarters are 2024Q2 13,186 = 25,198 - 12,012; Q3 13,061; Q4 14,276 = 52,535 - 38,259;
# 2025Q1 17,197; Q2 22,446; Q3 23,953; Q4 27,851 = 91,447 - 63,596; 2026Q1 35,674;
# TTM to 2026Q1 = 22,446 + 23,953 + 27,851 + 35,674 = 109,924.
test_expect_success 'Alphabet: the last 8 quarters of cash capex and the TTM, as in the filing' '
	python3 -c "
import json
d = json.load(open(\"out/report.json\"))
a = [(r[\"quarter\"], r[\"capex_usd\"] / 1e6, bool(r[\"derived\"])) for r in d[\"capex_filed\"] if r[\"company\"] == \"alphabet\"]
want = [(\"2024Q2\", 13186, True), (\"2024Q3\", 13061, True), (\"2024Q4\", 14276, True), (\"2025Q1\", 17197, False),
        (\"2025Q2\", 22446, True), (\"2025Q3\", 23953, True), (\"2025Q4\", 27851, True), (\"2026Q1\", 35674, False)]
assert a == want, a
t = [r for r in d[\"capex_ttm\"] if r[\"company\"] == \"alphabet\"]
assert len(t) == 1 and t[0][\"quarter\"] == \"2026Q1\" and t[0][\"ttm_usd\"] == 109924e6, t
" &&
	grep -q "^  alphabet  2026Q1  109,924.0" out/report.txt
'
# NYISO-Interconnection-Queue_2025-01-09.xlsx, column G "Type/ Fuel" = L (load), checked by hand
# in the sheets' XML: 24 rows on "Interconnection Queue" (SP MW 300 + 60 + 50 + 176 + 200 + 120 +
# 110 + 50.2 + 300 + 480 + 576 + 50 + 250 + 140 + 150 + 25.3 + 25 + 60 + 60 + 200 + 300 + 176.6 +
# 150 + 200 = 4,209.1), 4 on "Withdrawn" (248), 3 on "In Service" (310): 31 requests, 4,767.1 MW.
# The largest: queue 1627 (row 146), Micron, Onondaga NY, 576 MW, Date of IR 2023-10-31.
test_expect_success 'NYISO: 31 large-load requests (4,767.1 MW), the largest Micron 576 MW; the other queues list none' '
	python3 -c "
import json
d = json.load(open(\"out/report.json\"))
c = {r[\"iso\"]: r for r in d[\"load_coverage\"]}
assert (c[\"NYISO\"][\"loads\"], c[\"NYISO\"][\"load_requests\"], round(c[\"NYISO\"][\"mw\"], 1)) == (\"yes\", 31, 4767.1), c
assert sorted(i for i, r in c.items() if r[\"loads\"] != \"yes\") == [\"CAISO\", \"ERCOT\", \"MISO\", \"PJM\", \"SPP\"], c
big = d[\"largest_loads\"][0]
assert (big[\"queue_id\"], big[\"mw\"], big[\"location\"], big[\"requested\"]) == (\"1627\", 576, \"Onondaga, NY\", \"2023-10-31\"), big
" &&
	grep -q "^31 large-load requests (4,767.1 MW) in the queues of NYISO: 24 active (4,209.1 MW)" out/report.txt
'
# IT-basis capacity of the demo comes from Epoch's 2026-08 list and timelines, both columns of
# IT power: the timelines name 76 data centers ("Data center", 424 rows), the list 75 ("Name"),
# every one of them among the 76 (checked with python3's csv module). Each campus once: the IT
# rows of the basis table count 76 campuses in all, never the list's and the timeline's figure
# of one campus twice (which would make 151).
test_expect_success 'MW by basis: each of the 76 IT campuses once, not once per document' '
	python3 -c "
import json
d = json.load(open(\"out/report.json\"))
it = [r for r in d[\"mw_by_basis\"] if r[\"mw_basis\"] == \"it\"]
assert sum(r[\"campuses\"] for r in it) == 76, it
assert all(k in (\"operational\", \"under_construction\", \"permitted\", \"announced\", \"rumored\") for k in (r[\"status\"] for r in it)), it
"
'
test_expect_success 'every CSV: a header, the same number of fields on every row, the rows of the JSON' '
	python3 -c "
import csv, glob, json, os
d = json.load(open(\"out/report.json\"))
n = 0
for f in sorted(glob.glob(\"out/csv/*.csv\")):
    rows = list(csv.reader(open(f, newline=\"\", encoding=\"utf-8\")))
    t = os.path.basename(f)[:-4]
    assert rows[0][-1] == \"sources\" and all(len(r) == len(rows[0]) for r in rows), f
    assert t in d and len(rows) - 1 == len(d[t]), (t, len(rows) - 1)
    n += 1
assert n >= 20, n
"
'
test_expect_success 'long tables: text shows the top rows and an "other (N)" line, the CSV every row' '
	grep -Eq "^  other \([0-9]+\)" out/report.txt &&
	ops=$(($(wc -l <out/csv/by_operator.csv) - 1)) && test "$ops" -gt 21 &&
	grep -q "^  other ($((ops - 20)))" out/report.txt &&
	awk "length > 100 { print FILENAME \": \" FNR \": \" length; bad = 1 } END { exit bad }" out/report.txt
'

# Every reference to a document in the demo's store is to a document it has (issue 13: the
# foreign keys of migration 091 and 071): checked with SQLite's own foreign_key_check, on a
# store where each kind of reference is present, so an empty check says something.
test_expect_success 'the demo store: PRAGMA foreign_key_check finds nothing, with every kind of reference present' '
	for t in "obs_capacity where doc_id" "obs_capex where doc_id" "obs_grid_request where doc_id" \
		 "obs_gpu_price where doc_id" "fetches where doc" "sources where last_doc" "rejects where doc" \
		 "header_fingerprints where doc" "doc_health where doc" "site_capacity where doc"; do
		test "$(q out/gigawatt.db "select count(*) from $t is not null")" -gt 0 || { echo "none: $t"; return 1; }
	done &&
	test_eq 22 "$(q out/gigawatt.db "select count(*) from sqlite_master m join pragma_foreign_key_list(m.name) f
		where m.type = '"'table'"' and f.\"table\" = '"'documents'"'")" &&
	test_eq "" "$(q out/gigawatt.db "pragma foreign_key_check")"
'

need_corpus
# demo/data leaves out aws_p5_gpu_prices.csv (its repository states no terms): an analyst adds
# it by hand, as a snapshot of its own source. In it (p5.48xlarge, 8 H100 SXM; checked by hand):
# line 2 (2025-04-23T18:52:57) 98.32 USD/h, held to line 58 (2025-06-04); line 59
# (2025-06-05T07:22:36) 55.04, held through line 501 (2026-08-22); lines 3-15 have no price.
# 98.32 / 8 = 12.29 and 55.04 / 8 = 6.88 USD per GPU-hour: one change, -44.0%.
test_expect_success 'corpus, added by hand: the AWS p5 line with exactly one change, 12.29 to 6.88 on 2025-06-05' '
	gw-parse -q -d out/gigawatt.db --source aws-p5 "$CORPUS/prices/aws_p5_gpu_prices.csv" >aws.jsonl &&
	gw-load -d out/gigawatt.db aws.jsonl 2>/dev/null &&
	gw-report -d out/gigawatt.db -f json >aws.json &&
	python3 -c "
import json
d = json.load(open(\"aws.json\"))
a = [r for r in d[\"price_series\"] if r[\"provider\"] == \"aws\"]
assert [(r[\"sku\"], r[\"tier\"], r[\"first_price\"], r[\"last_price\"], r[\"changes\"], r[\"last_change_date\"]) for r in a] == \\
    [(\"h100-sxm\", \"hyperscaler\", 12.29, 6.88, 1, \"2025-06-05\")], a
l = [(r[\"date\"], r[\"price\"]) for r in d[\"price_lines\"] if r[\"provider\"] == \"aws\"]
assert l == [(\"2025-04-23\", 12.29), (\"2025-06-05\", 6.88), (\"2026-08-22\", 6.88)], l
"
'
# The three fab lists (not bundled: no terms), added by hand. GlobalFoundries, by hand: fabs_sourced.json
# $[54] "Fab 8", $[55] "Fab 1 Dresden", $[56] "Fab 7 (Woodlands campus)"; fabs.json $[6] "Fab 8",
# $[7] "Fab 1 Dresden", $[61] "Fab 7 (Woodlands campus)"; fabs.geojson features[25] "GlobalFoundries
# Fab 8" (Malta), [26] "GlobalFoundries Fab 1" (Dresden), [27] "GlobalFoundries Singapore"
# (Woodlands), [28] "GlobalFoundries Burlington": Fab 8, Fab 1 and Fab 7 are one fab each across
# the lists; "Singapore" names no fab line (kept apart, a candidate) and Burlington is one list's: 5.
test_expect_success 'corpus, added by hand: fabs counted once across the three lists (GlobalFoundries 5)' '
	for f in fabs_sourced.json fabs.json fabs.geojson; do
		gw-parse -q -d out/gigawatt.db --source "fabs-$f" "$CORPUS/fabs/$f" >"$f.jsonl"
		# Crolles 300mm: latitude 267195, kept without its point, status 1
		case $?,$f in 0,*|1,fabs.json|1,fabs_sourced.json) ;; *) return 1 ;; esac
	done &&
	gw-load -d out/gigawatt.db fabs_sourced.json.jsonl fabs.json.jsonl fabs.geojson.jsonl 2>load.err &&
	gw-report -d out/gigawatt.db -f json >fabs.json &&
	python3 -c "
import json
d = json.load(open(\"fabs.json\"))
co = {r[\"company\"]: r[\"fabs\"] for r in d[\"fabs_by_company\"]}
assert co[\"globalfoundries\"] == 5, co
gf = sorted(r[\"name\"] for r in d[\"fab_list\"] if r[\"company\"] == \"globalfoundries\")
assert len(gf) == 5 and sum(\"Fab 8\" in n for n in gf) == 1 and sum(\"Fab 1\" in n for n in gf) == 1, gf
"
'
test_expect_success 'with the corpus files added: still no reference to a missing document (fab links too)' '
	test "$(q out/gigawatt.db "select count(*) from fab_links")" -gt 0 &&
	test "$(q out/gigawatt.db "select count(*) from fab_candidates")" -gt 0 &&
	test_eq "" "$(q out/gigawatt.db "pragma foreign_key_check")"
'
test_expect_success 'demo.sh again makes its store anew: nothing of the earlier store is kept' '
	sqlite3 out/gigawatt.db "CREATE TABLE left_over(x); INSERT INTO documents(sha256, url, first_seen, last_seen)
		VALUES ('"'$(printf %064d 7)'"', '"'file://by-hand'"', '"'2026-01-01T00:00:00Z'"', '"'2026-01-01T00:00:00Z'"')" &&
	test_eq 1 "$(q out/gigawatt.db "select count(*) from sqlite_master where name = '"'left_over'"'")" &&
	test_expect_code 0 env DEMO_OUT="$TRASH/out" PATH="$GW_BIN:$PATH" sh "$ROOT/demo/demo.sh" >again.out 2>again.err &&
	test_eq 0 "$(q out/gigawatt.db "select count(*) from sqlite_master where name = '"'left_over'"'")" &&
	test_eq 0 "$(q out/gigawatt.db "select count(*) from documents where url = '"'file://by-hand'"'")" &&
	test_cmp demo.out again.out
'
test_done
