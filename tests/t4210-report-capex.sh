#!/bin/sh
# The capex section on real documents, crawled as a user would (file:// URLs to the corpus):
# Alphabet's companyfacts (edgar/companyfacts/CIK0001652044.json), Amazon's and Meta's 10-K for
# FY2024 (iXBRL) and Microsoft's submissions index. Report quarter 2026Q4.
#
# Alphabet, checked by hand in the JSON ($.facts."us-gaap".<concept>.units.USD[i]: start, end, val,
# accn, filed, frame). PaymentsToAcquirePropertyPlantAndEquipment, million USD:
#   [107] 2024-01-01..03-31 12,012 accn 0001652044-25-000043 filed 2025-04-25 frame CY2024Q1
#   [109] 2024-01-01..06-30 25,198 accn 0001652044-25-000062 filed 2025-07-24
#   [111] 2024-01-01..09-30 38,259 accn 0001652044-25-000091 filed 2025-10-30
#   [113] 2024-01-01..12-31 52,535 accn 0001652044-26-000018 filed 2026-02-05 frame CY2024
#   [115] 2025-01-01..03-31 17,197 accn 0001652044-26-000048 filed 2026-04-30 frame CY2025Q1
#   [116] 2025-01-01..06-30 39,643 accn 0001652044-25-000062 filed 2025-07-24
#   [117] 2025-01-01..09-30 63,596 accn 0001652044-25-000091 filed 2025-10-30
#   [118] 2025-01-01..12-31 91,447 accn 0001652044-26-000018 filed 2026-02-05 frame CY2025
#   [119] 2026-01-01..03-31 35,674 accn 0001652044-26-000048 filed 2026-04-30 frame CY2026Q1
# The last 8 quarters, 2024Q2-2026Q1 (2026Q1 is the latest filed; the report's quarter is later):
#   2024Q2 = 25,198 - 12,012 = 13,186 (derived)   2024Q3 = 38,259 - 25,198 = 13,061 (derived)
#   2024Q4 = 52,535 - 38,259 = 14,276 (derived)   2025Q1 = 17,197 (filed)
#   2025Q2 = 39,643 - 17,197 = 22,446 (derived)   2025Q3 = 63,596 - 39,643 = 23,953 (derived)
#   2025Q4 = 91,447 - 63,596 = 27,851 (derived: Q4 = FY - 9 months)   2026Q1 = 35,674 (filed)
#   TTM to 2026Q1 = 22,446 + 23,953 + 27,851 + 35,674 = 109,924 (= 91,447 - 17,197 + 35,674)
# FinanceLeasePrincipalPayments, million USD: [5] 2024-04-01..06-30 97 (frame CY2024Q2), [7] 2024Q3
#   127, [9] FY2024 405 less [6] 9 months 314 = 91 (derived), [11] 2025Q1 192, [13] 2025Q2 110,
#   [15] 2025Q3 92, [16] FY2025 1,988 (frame CY2025) less [14] 9 months 394 = 1,594 (derived),
#   [17] 2026Q1 522; TTM = 110 + 92 + 1,594 + 522 = 2,318.
# Amazon amzn-10-k-2025-02-07.html, context c-1 (2024): PaymentsToAcquireProductiveAssets f-95 82,999,
#   FinanceLeasePrincipalPayments f-128 2,043. Meta meta-10-k-2025-01-30.html, c-1 (2024):
#   PaymentsToAcquirePropertyPlantAndEquipment f-295 37,256, FinanceLeasePrincipalPayments f-325 1,969.
# Microsoft CIK0000789019.json filings.recent: the latest 10-Q filed 2026-01-28 (0001193125-26-027207);
#   no capex figure in the store (its companyfacts is not in the corpus). Oracle: nothing.
. "$(dirname "$0")/test-lib.sh"
need_corpus
E=$CORPUS/edgar

test_expect_success 'crawl Alphabet companyfacts, Amazon and Meta 10-Ks, Microsoft submissions' '
	{
		echo "goog-facts file://$E/companyfacts/CIK0001652044.json sec-companyfacts" &&
		echo "amzn-10k file://$E/ixbrl/amzn-10-k-2025-02-07.html sec-ixbrl" &&
		echo "meta-10k file://$E/ixbrl/meta-10-k-2025-01-30.html sec-ixbrl" &&
		echo "msft-subs file://$E/submissions/CIK0000789019.json sec-submissions"
	} >sources.conf &&
	gw-crawl -d s.db -s sources.conf 2>err &&
	gw-report -d s.db --quarter 2026Q4 -f json >r.json &&
	gw-report -d s.db --quarter 2026Q4 --section capex >r.txt
'
test_expect_success 'JSON: Alphabet 2024Q2-2026Q1, capex and finance leases by quarter, derived marked' '
	python3 -c "
import json
d = json.load(open(\"r.json\"))
a = [(r[\"quarter\"], r[\"capex_usd\"] / 1e6, r[\"derived\"], r[\"finance_lease_usd\"] / 1e6)
	for r in d[\"capex_filed\"] if r[\"company\"] == \"alphabet\"]
assert a == [(\"2024Q2\", 13186, True, 97), (\"2024Q3\", 13061, True, 127), (\"2024Q4\", 14276, True, 91),
	(\"2025Q1\", 17197, False, 192), (\"2025Q2\", 22446, True, 110), (\"2025Q3\", 23953, True, 92),
	(\"2025Q4\", 27851, True, 1594), (\"2026Q1\", 35674, False, 522)], a
assert [r[\"company\"] for r in d[\"capex_filed\"]] == [\"alphabet\"] * 8
assert all(len(r[\"sources\"]) == 1 for r in d[\"capex_filed\"])
"
'
test_expect_success 'JSON: TTM 109,924 (leases 2,318) and the fiscal years; Amazon and Meta by year only' '
	python3 -c "
import json
d = json.load(open(\"r.json\"))
t = {r[\"company\"]: (r[\"quarter\"], r[\"ttm_usd\"], r[\"ttm_finance_lease_usd\"], r[\"fy_end\"], r[\"fy_usd\"],
	r[\"fy_finance_lease_usd\"]) for r in d[\"capex_ttm\"]}
assert t == {\"alphabet\": (\"2026Q1\", 109924e6, 2318e6, \"2025-12-31\", 91447e6, 1988e6),
	\"amazon\": (None, None, None, \"2024-12-31\", 82999e6, 2043e6),
	\"meta\": (None, None, None, \"2024-12-31\", 37256e6, 1969e6)}, t
assert [r[\"company\"] for r in d[\"capex_ttm\"]] == [\"alphabet\", \"amazon\", \"meta\"]
"
'
test_expect_success 'JSON: capex_chart carries the same filed quarters, then the report quarter + 4' '
	python3 -c "
import json
d = json.load(open(\"r.json\"))
c = [(r[\"quarter\"], r[\"filed\"], r[\"derived\"]) for r in d[\"capex_chart\"] if r[\"company\"] == \"alphabet\"]
assert [q for q, f, x in c] == [\"2024Q%d\" % i for i in (2, 3, 4)] + [\"2025Q%d\" % i for i in (1, 2, 3, 4)] + \
	[\"2026Q%d\" % i for i in (1, 2, 3, 4)] + [\"2027Q%d\" % i for i in (1, 2, 3, 4)], c
assert [f / 1e6 for q, f, x in c[:8]] == [13186, 13061, 14276, 17197, 22446, 23953, 27851, 35674], c
assert [x for q, f, x in c[:8]] == [True, True, True, False, True, True, True, False], c
assert all(f is None for q, f, x in c[8:]), c
assert {r[\"company\"] for r in d[\"capex_chart\"]} == {\"alphabet\"}
"
'
test_expect_success 'text: the 8 quarters, TTM and the line of what has no filing in the store' '
	grep -Eq "^  alphabet +2024Q2 +13,186.0 +yes +97.0 +\[" r.txt &&
	grep -Eq "^  alphabet +2025Q4 +27,851.0 +yes +1,594.0 +\[" r.txt &&
	grep -Eq "^  alphabet +2026Q1 +35,674.0 +522.0 +\[" r.txt &&
	grep -Eq "^  alphabet +2026Q1 +109,924.0 +2,318.0 +2025-12-31 +91,447.0 +1,988.0 +\[" r.txt &&
	grep -Eq "^  amazon +2024-12-31 +82,999.0 +2,043.0 +\[" r.txt &&
	tr "\n" " " <r.txt >flat.txt &&
	grep -q "for the 8 quarters 2024Q2-2026Q1: those to the latest quarter filed by a company of the table (the report.s quarter is 2026Q4)" flat.txt &&
	grep -q "Quarters of 2024Q2-2026Q1 with no filing in the store: Alphabet none (all 8 filed, 6 of them derived); Microsoft all (no capex figure: the store has its list of filings, the latest a 10-Q filed 2026-01-28, but not its figures; its companyfacts would give them); Amazon all (fiscal-year figures only, the latest to 2024-12-31, below); Meta all (fiscal-year figures only, the latest to 2024-12-31, below); Oracle all (no capex figure)." flat.txt &&
	test_eq 0 "$(awk "length > 100" r.txt | wc -l)"
'
test_done
