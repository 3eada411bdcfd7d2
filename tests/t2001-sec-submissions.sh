#!/bin/sh
# sec-submissions: Microsoft's submissions JSON (../shared/corpus/edgar/submissions/CIK0000789019.json)
# -> `filing` records; amendments recognised (fixtures/edgar/submissions-amendment.json).
. "$(dirname "$0")/test-lib.sh"
need_corpus
SUB=$CORPUS/edgar/submissions/CIK0000789019.json

test_expect_success 'detected from the content; one filing per entry of filings.recent (1,006)' '
	gw-parse "$SUB" >f.jsonl 2>err &&
	grep -q "parser sec-submissions (detected)" err &&
	test_eq 1006 "$(wc -l <f.jsonl)" &&
	test_eq 1006 "$(grep -c "\"kind\":\"filing\"" f.jsonl)"
'
test_expect_success 'loaded into a store' '
	gw-load -d s.db f.jsonl 2>err && grep -q "stored 1006" err
'
# filings.recent index 99: accessionNumber 0000950170-25-100235, filingDate 2025-07-30,
# reportDate 2025-06-30, form 10-K, primaryDocument msft-20250630.htm; fiscalYearEnd "0630"
test_expect_success 'the latest 10-K: accession 0000950170-25-100235, filed 2025-07-30 (recent[99])' '
	test_eq "789019|microsoft|10-K|2025-07-30|2025-06-30|msft-20250630.htm|0" \
		"$(q s.db "select cik, company, form, filed, report_date, primary_doc, amendment from v_filings
			where accession = '"'0000950170-25-100235'"'")" &&
	test_eq "0630" "$(q s.db "select fiscal_year_end from obs_filing where accession = '"'0000950170-25-100235'"'")" &&
	test_eq "\$.filings.recent.accessionNumber[99]" "$(q s.db "select loc from v_filings where accession = '"'0000950170-25-100235'"'")"
'
test_expect_success 'six 10-K filings 2020-2025, as the document lists them' '
	test_eq "2020-07-30 2021-07-29 2022-07-28 2023-07-27 2024-07-30 2025-07-30" \
		"$(q s.db "select group_concat(filed, '"' '"') from (select filed from v_filings where form = '"'10-K'"' order by filed)")"
'
test_expect_success 'amendments are kept as filed and flagged (SC 13G/A 10, 4/A 4, S-4/A 2, 8-K/A 1, 3/A 1: 18 in the document)' '
	test_eq 18 "$(q s.db "select count(*) from v_filings where amendment")" &&
	test_eq 1 "$(q s.db "select count(*) from v_filings where form = '"'8-K/A'"' and amendment")"
'
test_expect_success 'a 10-K/A beside its 10-K (fixture): form as filed, amendment = 1' '
	gw-parse "$FIXTURES/edgar/submissions-amendment.json" >a.jsonl &&
	gw-load -d s.db a.jsonl &&
	test_eq "10-K/A|1|2025-05-02
10-K|0|2025-03-01
8-K|0|2025-02-10" "$(q s.db "select form, amendment, filed from v_filings where cik = 999999 order by filed desc")" &&
	test_eq "" "$(q s.db "select report_date from v_filings where form = '"'8-K'"' and cik = 999999")"
'
test_expect_success 'truncated JSON: "looks like SEC submissions JSON but is not valid JSON", status 1' '
	head -c 3000 "$SUB" >trunc.json &&
	test_expect_code 1 gw-parse trunc.json >out 2>err &&
	grep -q "parser sec-submissions (detected)" err &&
	grep -q "looks like SEC submissions JSON but is not valid JSON" err
'
test_expect_success 'parallel arrays of different lengths: a clear error' '
	sed "s/\"form\":\[\"10-K\/A\",/\"form\":[/" "$FIXTURES/edgar/submissions-amendment.json" >short.json &&
	test_expect_code 1 gw-parse short.json >out 2>err &&
	grep -q "form has 2 entries but accessionNumber has 3" err
'
test_expect_success 'a paged file of older filings (no cik) is recognised and refused clearly' '
	printf "{\"accessionNumber\":[\"0000789019-07-000001\"],\"filingDate\":[\"2007-01-01\"],\"reportDate\":[\"\"],\"form\":[\"4\"],\"primaryDocument\":[\"x.xml\"]}" >page.json &&
	test_expect_code 1 gw-parse page.json 2>err &&
	grep -q "parser sec-submissions (detected)" err && grep -q "does not name the company" err
'
test_done
