#!/bin/sh
# v_capex: year-to-date cash-flow periods as filed plus the discrete quarters derived within one
# fiscal year, for fiscal years ending in June (Microsoft) and May (Oracle); a later filing that
# restates a period is kept in history and is current. Fixtures written for this test
# (fixtures/edgar/companyfacts-fiscal-years.json, companyfacts-oracle-may.json), loaded with
# gw-parse | gw-load; expected differences computed by hand from their values.
# Then v_capex (cash capex, one row per company and period, consolidated) against v_capex_detail
# (every concept and dimension) on capex records written below.
. "$(dirname "$0")/test-lib.sh"
E=$FIXTURES/edgar

test_expect_success 'the fixtures parse and load' '
	gw-parse "$E/companyfacts-fiscal-years.json" "$E/companyfacts-oracle-may.json" 2>err | gw-load -d s.db 2>err2 &&
	grep -q "read 13, stored 13, unchanged 0, rejected 0" err2
'
dq() { q s.db "select period_start || '|' || period_end || '|' || months || '|' || printf('%.0f', usd) || '|' || form
	from v_capex where cik = $1 and derived order by period_start"; }

# Microsoft FY2025 (2024-07-01..2025-06-30): Q1 15.0, 6m 31.0, 9m 48.0, 12m 65.0 then 65.5 (10-K/A,
# filed 2026-01-15); FY2024 9m 30.0 and 12m 44.0. By hand: FY2024 Q4 = 44.0 - 30.0 = 14.0;
# FY2025 Q2 = 31.0 - 15.0 = 16.0; Q3 = 48.0 - 31.0 = 17.0; Q4 = 65.5 - 48.0 = 17.5 (billion USD)
test_expect_success 'Microsoft (June year end): derived Q2, Q3, Q4 of FY2025 and Q4 of FY2024' '
	test_eq "2024-04-01|2024-06-30|3|14000000000|10-K
2024-10-01|2024-12-31|3|16000000000|10-Q
2025-01-01|2025-03-31|3|17000000000|10-Q
2025-04-01|2025-06-30|3|17500000000|10-K/A" "$(dq 789019)"
'
test_expect_success 'a derived quarter never spans July 1 (no difference across fiscal years)' '
	test_eq 0 "$(q s.db "select count(*) from v_capex where cik = 789019 and derived and
		substr(period_start, 6) <> '"'07-01'"' and
		(period_start <= substr(period_start, 1, 4) || '"'-07-01'"' and period_end >= substr(period_start, 1, 4) || '"'-07-01'"'
		 or period_start <= substr(period_end, 1, 4) || '"'-07-01'"' and period_end >= substr(period_end, 1, 4) || '"'-07-01'"')")" &&
	test_eq 0 "$(q s.db "select count(*) from v_capex where cik = 789019 and derived and period_start = '"'2024-07-01'"'")"
'
test_expect_success 'the first quarter of a fiscal year is as filed, not derived from the previous year' '
	test_eq "15000000000|0" "$(q s.db "select printf('"'%.0f'"', usd) || '"'|'"' || derived from v_capex
		where cik = 789019 and period_start = '"'2024-07-01'"' and period_end = '"'2024-09-30'"'")"
'
test_expect_success 'a restated year: history keeps both, the later filing (10-K/A) is current' '
	test_eq "2025-07-30|65000000000|10-K
2026-01-15|65500000000|10-K/A" "$(q s.db "select as_of || '"'|'"' || printf('"'%.0f'"', usd) || '"'|'"' || form from obs_capex
		where cik = 789019 and period_start = '"'2024-07-01'"' and period_end = '"'2025-06-30'"' order by as_of")" &&
	test_eq "65500000000|0000000000-26-000004" "$(q s.db "select printf('"'%.0f'"', usd) || '"'|'"' || accession from v_capex
		where cik = 789019 and not derived and period_start = '"'2024-07-01'"' and months = 12")"
'
# Oracle FY2025 (2024-06-01..2025-05-31): Q1 2.0, 6m 6.0, 9m 12.0, 12m 21.0: Q2 4.0, Q3 6.0, Q4 9.0
test_expect_success 'Oracle (May year end): Q2 = 6 - 2, Q3 = 12 - 6, Q4 = 21 - 12 (billion), 3 months each' '
	test_eq "2024-09-01|2024-11-30|3|4000000000|10-Q
2024-12-01|2025-02-28|3|6000000000|10-Q
2025-03-01|2025-05-31|3|9000000000|10-K" "$(dq 1341439)"
'
test_expect_success 'months of each filed period: 3, 6, 9, 12 (Feb 28 and 52-week ends included)' '
	test_eq "3 6 9 12 3" "$(q s.db "select group_concat(months, '"' '"') from (select months from v_capex
		where cik = 1341439 and not derived order by period_start, period_end)")"
'
# Records written for this test (figures invented). Amazon, fiscal year = calendar year:
#   2025-01-01..03-31: PropertyPlant 25.5 bn (10-Q filed 2025-05-01) and ProductiveAssets 24.0 bn, both
#     consolidated; PropertyPlant 10.0 bn on a segment (dims); finance-lease principal 1.0 bn
#     (FinanceLeasePrincipalPayments) and 0.9 bn (RepaymentsOfLongTermCapitalLeaseObligations);
#     PaymentsToAcquireIntangibleAssets 0.3 bn (not a capex concept: role other)
#   2025-01-01..06-30: ProductiveAssets 55.0 bn, finance leases 2.5 bn (10-Q filed 2025-08-01)
# By hand: v_capex Q1 = 25.5 (PropertyPlant is priority 1; ProductiveAssets 24.0 only in the detail);
# six months = 55.0; Q2 = 55.0 - 24.0 = 31.0, derived from ProductiveAssets (no PropertyPlant six
# months). Leases Q2 = 2.5 - 1.0 = 1.5, derived, in the detail only.
# Google Inc. (CIK 1288776) and Alphabet (CIK 1652044) both state FY2015 (9.900 and 9.915 bn, both
# filed 2016-02-11); "Google Inc." resolves to alphabet: one row for the company, Alphabet's (greater CIK).
D=dddd000000000000000000000000000000000000000000000000000000000061
rec() { printf '{"kind":"capex","cik":%s,"company":"%s","concept":"us-gaap:%s",%s"period_start":"%s","period_end":"%s","usd":%s,"form":"10-Q","filed":"%s","as_of":"%s","src":{"doc":"%s","loc":"%s"}}\n' \
	"$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$8" "$D" "$9"; }
test_expect_success 'capex records with two capex concepts, leases, a segment and another concept load' '
	{
		rec 1018724 Amazon PaymentsToAcquirePropertyPlantAndEquipment "" 2025-01-01 2025-03-31 25500000000 2025-05-01 a1 &&
		rec 1018724 Amazon PaymentsToAcquireProductiveAssets "" 2025-01-01 2025-03-31 24000000000 2025-05-01 a2 &&
		rec 1018724 Amazon PaymentsToAcquirePropertyPlantAndEquipment "\"dims\":\"ex:SegmentAxis=ex:AwsMember\"," \
			2025-01-01 2025-03-31 10000000000 2025-05-01 a3 &&
		rec 1018724 Amazon FinanceLeasePrincipalPayments "" 2025-01-01 2025-03-31 1000000000 2025-05-01 a4 &&
		rec 1018724 Amazon RepaymentsOfLongTermCapitalLeaseObligations "" 2025-01-01 2025-03-31 900000000 2025-05-01 a5 &&
		rec 1018724 Amazon PaymentsToAcquireIntangibleAssets "" 2025-01-01 2025-03-31 300000000 2025-05-01 a6 &&
		rec 1018724 Amazon PaymentsToAcquireProductiveAssets "" 2025-01-01 2025-06-30 55000000000 2025-08-01 a7 &&
		rec 1018724 Amazon FinanceLeasePrincipalPayments "" 2025-01-01 2025-06-30 2500000000 2025-08-01 a8 &&
		rec 1288776 "Google Inc." PaymentsToAcquirePropertyPlantAndEquipment "" 2015-01-01 2015-12-31 9900000000 2016-02-11 g1 &&
		rec 1652044 "Alphabet Inc." PaymentsToAcquirePropertyPlantAndEquipment "" 2015-01-01 2015-12-31 9915000000 2016-02-11 g2
	} >recs.jsonl &&
	gw-load -d c.db recs.jsonl 2>err && grep -q "read 10, stored 10, unchanged 0, rejected 0" err
'
test_expect_success 'v_capex: one row per company and period, the capex concept of the first priority' '
	test_eq "2025-01-01|2025-03-31|3|25500000000|us-gaap:PaymentsToAcquirePropertyPlantAndEquipment|0
2025-01-01|2025-06-30|6|55000000000|us-gaap:PaymentsToAcquireProductiveAssets|0
2025-04-01|2025-06-30|3|31000000000|us-gaap:PaymentsToAcquireProductiveAssets|1" "$(q c.db "select period_start
		|| '"'|'"' || period_end || '"'|'"' || months || '"'|'"' || printf('"'%.0f'"', usd) || '"'|'"' || concept
		|| '"'|'"' || derived from v_capex where company = '"'amazon'"' order by period_start, period_end")" &&
	test_eq 0 "$(q c.db "select count(*) from (select 1 from v_capex group by company, period_start, period_end
		having count(*) > 1)")" &&
	test_eq 0 "$(q s.db "select count(*) from (select 1 from v_capex group by company, period_start, period_end
		having count(*) > 1)")"
'
test_expect_success 'v_capex: no dims, no lease or other concept; two CIKs of one operator are one company' '
	test_eq 0 "$(q c.db "select count(*) from pragma_table_info('"'v_capex'"') where name in ('"'dims'"', '"'role'"')")" &&
	test_eq 0 "$(q c.db "select count(*) from v_capex where concept not in (select concept from capex_concepts
		where role = '"'capex'"')")" &&
	test_eq "1652044|9915000000" "$(q c.db "select cik || '"'|'"' || printf('"'%.0f'"', usd) from v_capex
		where company = '"'alphabet'"'")"
'
test_expect_success 'summing v_capex for a quarter adds no lease, segment or second concept' '
	test_eq 25500000000 "$(q c.db "select printf('"'%.0f'"', sum(usd)) from v_capex where months = 3
		and period_end = '"'2025-03-31'"'")" &&
	test_eq 31000000000 "$(q c.db "select printf('"'%.0f'"', sum(usd)) from v_capex where months = 3
		and period_end = '"'2025-06-30'"'")"
'
test_expect_success 'v_capex_detail: every concept and dimension with its role; derived leases cite both periods' '
	test_eq "capex|us-gaap:PaymentsToAcquireProductiveAssets||24000000000
capex|us-gaap:PaymentsToAcquirePropertyPlantAndEquipment|ex:SegmentAxis=ex:AwsMember|10000000000
capex|us-gaap:PaymentsToAcquirePropertyPlantAndEquipment||25500000000
lease|us-gaap:FinanceLeasePrincipalPayments||1000000000
lease|us-gaap:RepaymentsOfLongTermCapitalLeaseObligations||900000000
other|us-gaap:PaymentsToAcquireIntangibleAssets||300000000" "$(q c.db "select role || '"'|'"' || concept || '"'|'"' || dims
		|| '"'|'"' || printf('"'%.0f'"', usd) from v_capex_detail where company = '"'amazon'"'
		and period_end = '"'2025-03-31'"' order by 1")" &&
	test_eq "1500000000|1|a8|a4" "$(q c.db "select printf('"'%.0f'"', usd) || '"'|'"' || derived || '"'|'"' || loc
		|| '"'|'"' || less_loc from v_capex_detail where concept = '"'us-gaap:FinanceLeasePrincipalPayments'"'
		and period_start = '"'2025-04-01'"'")" &&
	test_eq 2 "$(q c.db "select count(*) from v_capex_detail where period_end = '"'2015-12-31'"'")"
'
test_expect_success 'capex_concepts lists the capex and lease lines of schemas/capex-concepts.conf, in order' '
	grep -E "^(capex|lease) " "$ROOT/schemas/capex-concepts.conf" >conf.txt &&
	q c.db "select role || '"' '"' || concept from capex_concepts order by role, priority" >table.txt &&
	test_eq 4 "$(wc -l <table.txt)" &&
	test_cmp conf.txt table.txt
'
test_done
