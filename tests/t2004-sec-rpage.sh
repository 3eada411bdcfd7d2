#!/bin/sh
# sec-rpage: EDGAR viewer R pages. The corpus pages (Microsoft's property note, Oracle's balance
# sheet) have no capex line: parsed, said, nothing invented. A cash-flow page written for this test
# (fixtures/edgar/msft-R4-cashflow.htm) has one.
. "$(dirname "$0")/test-lib.sh"
need_corpus
R=$CORPUS/edgar/r_pages
CF=$FIXTURES/edgar/msft-R4-cashflow.htm

test_expect_success 'Microsoft property note: detected, parsed, no capex line said, no record, status 0' '
	gw-parse "$R/MSFT-Property.html" >out 2>err &&
	grep -q "parser sec-rpage (detected)" err &&
	grep -q "no capex line among the 2 rows of .PROPERTY AND EQUIPMENT. (1 columns, first 12 Months Ended Jun. 30, 2024)" err &&
	test ! -s out
'
test_expect_success 'Oracle balance sheet ($ in Millions, May 31, 2024 / 2023): no capex line, no record' '
	gw-parse "$R/orcl-R2.html" >out 2>err &&
	grep -q "parser sec-rpage (detected)" err &&
	grep -q "CONSOLIDATED BALANCE SHEETS - USD (.) . in Millions. (2 columns, first May 31, 2024)" err &&
	test ! -s out
'
test_expect_success 'a cash-flow page: capex line by its concept, lease line by its label, in millions' '
	GW_SEC_CIK=789019 gw-parse "$CF" >cf.jsonl 2>err &&
	gw-load -d s.db cf.jsonl &&
	test_eq "2021-07-01|2022-06-30|23886000000
2022-07-01|2023-06-30|28107000000
2023-07-01|2024-06-30|44477000000" "$(q s.db "select period_start, period_end, printf('"'%.0f'"', usd) from v_capex
		where cik = 789019 and concept = '"'us-gaap:PaymentsToAcquirePropertyPlantAndEquipment'"' order by 1")" &&
	test_eq "1000000000 2500500000" "$(q s.db "select group_concat(printf('"'%.0f'"', usd), '"' '"') from
		(select usd from v_capex_detail where concept = '"'us-gaap:FinanceLeasePrincipalPayments'"' order by usd)")"
'
test_expect_success 'each figure names its row and column headers' '
	test_eq "table row 4 (Additions to property and equipment) column 1 (12 Months Ended Jun. 30, 2024)" \
		"$(q s.db "select loc from v_capex where usd = 44477000000")"
'
test_expect_success 'without a CIK the capex cells are rejects that say why (the page does not name the company)' '
	test_expect_code 1 gw-parse "$CF" >rj.jsonl 2>err &&
	test_eq 5 "$(grep -c "\"kind\":\"reject\"" rj.jsonl)" &&
	grep -q "an R page does not name the company: give its CIK in GW_SEC_CIK" err &&
	! grep -q "\"kind\":\"capex\"" rj.jsonl
'
cat >q.htm <<\EOF2
<html><body><table class="report" border="0" cellspacing="2" id="idm2">
<tr><th class="tl" colspan="1" rowspan="2"><div style="width: 200px;"><strong>CASH FLOWS - USD ($)<br> $ in Thousands</strong></div></th>
<th class="th" colspan="1">3 Months Ended</th><th class="th" colspan="2">9 Months Ended</th></tr>
<tr><th class="th"><div>Sep. 30, 2025</div></th><th class="th"><div>Sep. 30, 2025</div></th><th class="th"><div>Sep. 30, 2024</div></th></tr>
<tr class="ro"><td class="pl"><a class="a" onclick="Show.showAR( this, 'defref_us-gaap_PaymentsToAcquireProductiveAssets', window );">Purchases of property and equipment</a></td>
<td class="num">(1,500)</td><td class="num">(4,250)</td><td class="num">(3,000)</td></tr>
</table></body></html>
EOF2
test_expect_success 'column groups (3 and 9 Months Ended) give each column its period; $ in Thousands' '
	GW_SEC_CIK=42 gw-parse q.htm >q.jsonl && gw-load -d q.db q.jsonl &&
	test_eq "2024-01-01|2024-09-30|9|3000000
2025-01-01|2025-09-30|9|4250000
2025-07-01|2025-09-30|3|1500000" "$(q q.db "select period_start, period_end, months, printf('"'%.0f'"', usd)
		from v_capex where cik = 42 and not derived order by 1, 2")"
'
cat >odd.htm <<\EOF2
<html><body><table class="report" id="x"></table><p>defref_ Show.showAR</p></body></html>
EOF2
cat >odd2.htm <<\EOF2
<html><body><p class="report">defref_</p></body></html>
EOF2
test_expect_success 'an empty report table says so; a page without one is a clear error' '
	gw-parse odd.htm 2>err && grep -q "no capex line among the 0 rows" err &&
	test_expect_code 1 gw-parse odd2.htm 2>err && grep -q "looks like an SEC R page but has no report table" err
'
test_done
