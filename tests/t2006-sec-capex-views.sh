#!/bin/sh
# v_capex: year-to-date cash-flow periods as filed plus the discrete quarters derived within one
# fiscal year, for fiscal years ending in June (Microsoft) and May (Oracle); a later filing that
# restates a period is kept in history and is current. Fixtures written for this test
# (fixtures/edgar/companyfacts-fiscal-years.json, companyfacts-oracle-may.json), loaded with
# gw-parse | gw-load; expected differences computed by hand from their values.
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
test_done
