#!/bin/sh
# sec-companyfacts: Alphabet's companyfacts JSON (../shared/corpus/edgar/companyfacts/CIK0001652044.json)
# -> capex records, one per (fact, filing), loaded into a store and read back through v_capex (cash
# capex) and v_capex_detail (finance leases).
# Expected values read by hand from the JSON at
# $.facts."us-gaap".PaymentsToAcquirePropertyPlantAndEquipment.units.USD[*].
. "$(dirname "$0")/test-lib.sh"
need_corpus
CF=$CORPUS/edgar/companyfacts/CIK0001652044.json

test_expect_success 'detected from the content and parsed without problems' '
	gw-parse "$CF" >cf.jsonl 2>err &&
	grep -q "parser sec-companyfacts (detected)" err
'
test_expect_success 'one record per fact and filing: 120 PP&E facts, 18 finance-lease facts' '
	test_eq 120 "$(grep -c "\"concept\":\"us-gaap:PaymentsToAcquirePropertyPlantAndEquipment\"" cf.jsonl)" &&
	test_eq 18 "$(grep -c "\"concept\":\"us-gaap:FinanceLeasePrincipalPayments\"" cf.jsonl)" &&
	test_eq 138 "$(wc -l <cf.jsonl)"
'
test_expect_success 'each record carries its accession, filed date (= as_of) and JSON path' '
	grep "\"period_start\":\"2025-01-01\",\"period_end\":\"2025-12-31\"" cf.jsonl | grep PropertyPlant >fy25 &&
	grep -q "\"accession\":\"0001652044-26-000018\"" fy25 &&
	grep -q "\"filed\":\"2026-02-05\"" fy25 && grep -q "\"as_of\":\"2026-02-05\"" fy25 &&
	grep -q "\"loc\":\"\$.facts.\\\\\"us-gaap\\\\\".\\\\\"PaymentsToAcquirePropertyPlantAndEquipment\\\\\".units.\\\\\"USD\\\\\"\[" fy25
'
test_expect_success 'gw-load stores them all' '
	gw-load -d s.db cf.jsonl 2>err && grep -q "read 138, stored 138, unchanged 0, rejected 0" err
'
fy() { q s.db "select printf('%.0f', usd) || '|' || accession || '|' || derived from v_capex
	where cik = 1652044 and concept = 'us-gaap:PaymentsToAcquirePropertyPlantAndEquipment'
	and period_start = '$1' and period_end = '$2'"; }
# frame CY2024: start 2024-01-01 end 2024-12-31 val 52535000000, in the 10-K filed 2025-02-05 and again
# in the 10-K filed 2026-02-05 (accn 0001652044-26-000018): the later filing is current
test_expect_success 'CY2024 = 52,535,000,000 (frame CY2024), current from the latest 10-K' '
	test_eq "52535000000|0001652044-26-000018|0" "$(fy 2024-01-01 2024-12-31)"
'
test_expect_success 'history keeps both filings of CY2024 (filed 2025-02-05 and 2026-02-05)' '
	test_eq "2025-02-05|0001652044-25-000014
2026-02-05|0001652044-26-000018" "$(q s.db "select as_of || '"'|'"' || accession from obs_capex
		where concept like '"'%PropertyPlant%'"' and period_start = '"'2024-01-01'"'
		and period_end = '"'2024-12-31'"' order by as_of")"
'
test_expect_success 'CY2025 = 91,447,000,000 (frame CY2025, accn 0001652044-26-000018)' '
	test_eq "91447000000|0001652044-26-000018|0" "$(fy 2025-01-01 2025-12-31)"
'
test_expect_success 'Q1 2026 = 35,674,000,000 (frame CY2026Q1, accn 0001652044-26-000048)' '
	test_eq "35674000000|0001652044-26-000048|0" "$(fy 2026-01-01 2026-03-31)"
'
# by hand: FY2025 10-K 91,447,000,000 minus the 9-month 10-Q (2025-01-01..2025-09-30,
# accn 0001652044-25-000091) 63,596,000,000 = 27,851,000,000
test_expect_success 'derived Q4 2025 = 91,447,000,000 - 63,596,000,000 = 27,851,000,000' '
	test_eq "63596000000|0001652044-25-000091|0" "$(fy 2025-01-01 2025-09-30)" &&
	test_eq "27851000000|0001652044-26-000018|1" "$(fy 2025-10-01 2025-12-31)" &&
	test_eq 3 "$(q s.db "select months from v_capex where cik = 1652044 and derived
		and period_start = '"'2025-10-01'"' and concept like '"'%PropertyPlant%'"'")"
'
# 2025: Q1 17,197,000,000 (10-Q); 6 months 39,643,000,000; 9 months 63,596,000,000
test_expect_success 'derived Q2 and Q3 2025 within the fiscal year (39,643 - 17,197; 63,596 - 39,643 million)' '
	test_eq "22446000000|0001652044-25-000062|1" "$(fy 2025-04-01 2025-06-30)" &&
	test_eq "23953000000|0001652044-25-000091|1" "$(fy 2025-07-01 2025-09-30)"
'
test_expect_success 'finance-lease principal kept apart (v_capex_detail), never in v_capex' '
	test_eq "1988000000|lease" "$(q s.db "select printf('"'%.0f'"', usd) || '"'|'"' || role from v_capex_detail
		where cik = 1652044 and concept = '"'us-gaap:FinanceLeasePrincipalPayments'"'
		and period_start = '"'2025-01-01'"' and period_end = '"'2025-12-31'"'")" &&
	test_eq 0 "$(q s.db "select count(*) from v_capex_detail where concept not in
		('"'us-gaap:PaymentsToAcquirePropertyPlantAndEquipment'"', '"'us-gaap:FinanceLeasePrincipalPayments'"')")" &&
	test_eq 0 "$(q s.db "select count(*) from v_capex where concept <> '"'us-gaap:PaymentsToAcquirePropertyPlantAndEquipment'"'")"
'
test_expect_success 'loading the same document again changes nothing' '
	gw-load -d s.db cf.jsonl 2>err && grep -q "stored 0, unchanged 138" err
'
test_expect_success 'truncated JSON: "looks like SEC companyfacts JSON but is not valid JSON", status 1' '
	head -c 100000 "$CF" >trunc.json &&
	test_expect_code 1 gw-parse trunc.json >out 2>err &&
	grep -q "parser sec-companyfacts (detected)" err &&
	grep -q "looks like SEC companyfacts JSON but is not valid JSON" err &&
	test ! -s out
'
test_expect_success 'GW_CAPEX_CONCEPTS names another concept list, no recompiling' '
	printf "# only finance leases\nlease us-gaap:FinanceLeasePrincipalPayments\n" >leases.conf &&
	GW_CAPEX_CONCEPTS=$PWD/leases.conf gw-parse "$CF" >l.jsonl &&
	test_eq 18 "$(wc -l <l.jsonl)" && ! grep -q PropertyPlant l.jsonl
'
test_expect_success 'a bad concept list is a clear error, not a silent default' '
	printf "capex NotAConcept\n" >bad.conf &&
	test_expect_code 1 env GW_CAPEX_CONCEPTS=$PWD/bad.conf gw-parse "$CF" >out 2>err &&
	grep -q "line 1: .NotAConcept. is not a concept" err &&
	test_expect_code 1 env GW_CAPEX_CONCEPTS=$PWD/none.conf gw-parse "$CF" 2>err &&
	grep -q "GW_CAPEX_CONCEPTS: cannot read" err
'
test_expect_success 'a capex fact in another unit, or without a period, is a reject with its reason' '
	cat >odd.json <<-\EOF &&
	{"cik":1,"entityName":"X","facts":{"us-gaap":{"PaymentsToAcquireProductiveAssets":{"units":{"EUR":[{"start":"2024-01-01","end":"2024-12-31","val":5,"accn":"a","fy":2024,"fp":"FY","form":"10-K","filed":"2025-01-02"}],"USD":[{"end":"2024-12-31","val":5,"accn":"a","form":"10-K","filed":"2025-01-02"},{"start":"2024-01-01","end":"2024-12-31","val":"x","filed":"2025-01-02"}]}}}}}
	EOF
	test_expect_code 1 gw-parse odd.json >out 2>err &&
	test_eq 3 "$(grep -c "\"kind\":\"reject\"" out)" &&
	grep -q "unit .EUR. is not USD" err && grep -q "no start and end date" err && grep -q "val is not a number" err
'
test_done
