#!/bin/sh
# sec-ixbrl and sec-xbrl: Inline XBRL 10-K/10-Q documents and XBRL 2.1 instances -> capex records,
# loaded into a store and read through v_capex_detail (every concept and dimension, as filed) and
# v_capex (cash capex). Expected values read by hand in the documents (grep for the ix:nonFraction /
# element and its context).
. "$(dirname "$0")/test-lib.sh"
need_corpus
E=$CORPUS/edgar

usd() { q s.db "select printf('%.0f', usd) from v_capex_detail where cik = $1 and concept = 'us-gaap:$2'
	and period_start = '$3' and period_end = '$4' and dims = '' and not derived"; }

test_expect_success 'Meta 10-K (iXBRL, Workiva, encoding ASCII): detected, parsed, loaded' '
	gw-parse "$E/ixbrl/meta-10-k-2025-01-30.html" >meta.jsonl 2>err &&
	grep -q "parser sec-ixbrl (detected)" err &&
	gw-load -d s.db meta.jsonl
'
# meta-10-k-2025-01-30.html: <ix:nonFraction contextRef="c-1" name="us-gaap:PaymentsToAcquirePropertyPlantAndEquipment"
# scale="6" id="f-295">37,256; c-1 = 2024-01-01..2024-12-31; f-296 (c-11, 2023) 27,045; f-297 (c-12, 2022) 31,186
test_expect_success 'Meta FY2024 capex 37,256 million (fact f-295, context c-1)' '
	test_eq 37256000000 "$(usd 1326801 PaymentsToAcquirePropertyPlantAndEquipment 2024-01-01 2024-12-31)" &&
	test_eq "c-1|10-K|2024|FY|-6" "$(q s.db "select context, form, fy, fp, decimals from obs_capex
		where cik = 1326801 and loc like '"'%fact f-295'"'")"
'
test_expect_success 'Meta FY2023 27,045 and FY2022 31,186 million (f-296 c-11, f-297 c-12)' '
	test_eq 27045000000 "$(usd 1326801 PaymentsToAcquirePropertyPlantAndEquipment 2023-01-01 2023-12-31)" &&
	test_eq 31186000000 "$(usd 1326801 PaymentsToAcquirePropertyPlantAndEquipment 2022-01-01 2022-12-31)"
'
test_expect_success 'company and CIK from the document (dei:EntityRegistrantName, context identifier 0001326801)' '
	test_eq "meta|1326801" "$(q s.db "select distinct company || '"'|'"' || cik from v_capex where cik = 1326801")"
'
test_expect_success 'an amendment (dei:AmendmentFlag ixt:fixed-true) is recorded as 10-K/A' '
	sed "s/name=\"dei:AmendmentFlag\" format=\"ixt:fixed-false\"/name=\"dei:AmendmentFlag\" format=\"ixt:fixed-true\"/" \
		"$E/ixbrl/meta-10-k-2025-01-30.html" >meta-amended.html &&
	gw-parse meta-amended.html >am.jsonl &&
	test_eq 6 "$(grep -c "\"form\":\"10-K/A\"" am.jsonl)" &&
	test_eq 0 "$(grep -c "\"form\":\"10-K/A\"" meta.jsonl)"
'

# amzn-10-k-2025-02-07.html: us-gaap:PaymentsToAcquireProductiveAssets c-1 (2024) f-95 82,999;
# us-gaap:FinanceLeasePrincipalPayments c-1 f-128 2,043
test_expect_success 'Amazon FY2024 PaymentsToAcquireProductiveAssets 82,999 million (f-95); leases apart (f-128 2,043)' '
	gw-parse "$E/ixbrl/amzn-10-k-2025-02-07.html" >amzn.jsonl && gw-load -d s.db amzn.jsonl &&
	test_eq 82999000000 "$(usd 1018724 PaymentsToAcquireProductiveAssets 2024-01-01 2024-12-31)" &&
	test_eq 2043000000 "$(usd 1018724 FinanceLeasePrincipalPayments 2024-01-01 2024-12-31)"
'
# nvda-10-q-2025-08-27.html: f-342 c-1 (2025-01-27..2025-07-27) 3,122; f-343 c-5 (2024-01-29..2024-07-28) 1,346
test_expect_success 'NVIDIA six months to 2025-07-27: 3,122 million (f-342); prior year 1,346 (f-343)' '
	gw-parse "$E/ixbrl/nvda-10-q-2025-08-27.html" >nvda.jsonl && gw-load -d s.db nvda.jsonl &&
	test_eq 3122000000 "$(usd 1045810 PaymentsToAcquireProductiveAssets 2025-01-27 2025-07-27)" &&
	test_eq 1346000000 "$(usd 1045810 PaymentsToAcquireProductiveAssets 2024-01-29 2024-07-28)" &&
	test_eq 6 "$(q s.db "select months from v_capex where cik = 1045810 and period_start = '"'2025-01-27'"'")"
'
test_expect_success 'a single document does not give accession or filing date: left out, as_of = seen date' '
	! grep -q "\"accession\"" nvda.jsonl && ! grep -q "\"filed\"" nvda.jsonl &&
	gw-parse --as-of 2025-08-27 "$E/ixbrl/nvda-10-q-2025-08-27.html" | grep -q "\"as_of\":\"2025-08-27\""
'
# amzn-20221231_htm.xml lines 4446-4460: PaymentsToAcquireProductiveAssets 40140000000 (2020),
# 61053000000 (2021), 63645000000 (context i66a...D20220101-20221231: 2022-01-01..2022-12-31)
test_expect_success 'Amazon 2022 instance: 63,645,000,000 for 2022 (line 4456), 2021 and 2020 too (loc: line 4460, where the start tag ends)' '
	gw-parse "$E/xbrl_instance/amzn-20221231_htm.xml" >ai.jsonl 2>err &&
	grep -q "parser sec-xbrl (detected)" err && gw-load -d s.db ai.jsonl &&
	test_eq 63645000000 "$(usd 1018724 PaymentsToAcquireProductiveAssets 2022-01-01 2022-12-31)" &&
	test_eq 61053000000 "$(usd 1018724 PaymentsToAcquireProductiveAssets 2021-01-01 2021-12-31)" &&
	test_eq 40140000000 "$(usd 1018724 PaymentsToAcquireProductiveAssets 2020-01-01 2020-12-31)" &&
	grep "63645000000" ai.jsonl | grep -q "\"loc\":\"line 4460 fact #103\""
'
# nflx-20100930.xml line 2465: PaymentsToAcquirePropertyPlantAndEquipment context ..._STD_273_20100930_0
# (2010-01-01..2010-09-30, contexts defined after the facts, line 3976) 19406000; line 3929: _STD_92_ 7342000
test_expect_success 'Netflix 2010 instance (contexts after the facts): nine months 19,406,000; Q3 7,342,000' '
	gw-parse "$E/xbrl_instance/nflx-20100930.xml" >nf.jsonl && gw-load -d s.db nf.jsonl &&
	test_eq 19406000 "$(usd 1065280 PaymentsToAcquirePropertyPlantAndEquipment 2010-01-01 2010-09-30)" &&
	test_eq 7342000 "$(usd 1065280 PaymentsToAcquirePropertyPlantAndEquipment 2010-07-01 2010-09-30)" &&
	test_eq "eol_PE75377---1010-Q0012_STD_273_20100930_0" "$(q s.db "select context from v_capex join documents d on d.sha256 = v_capex.doc join obs_capex o on o.doc_id = d.id and o.loc = v_capex.loc
		where v_capex.cik = 1065280 and v_capex.period_start = '"'2010-01-01'"'")"
'
test_expect_success 'Netflix: a filed discrete quarter is not derived again (no 6-month figure to subtract)' '
	test_eq 0 "$(q s.db "select count(*) from v_capex where cik = 1065280 and derived")"
'

# fixtures/edgar/ixbrl-features.htm, written for this test
test_expect_success 'iXBRL features: hidden, continuation with exclude, nested, sign, scale, formats, dims' '
	test_expect_code 1 gw-parse "$FIXTURES/edgar/ixbrl-features.htm" >fx.jsonl 2>err &&
	test_expect_code 1 gw-load -d s.db fx.jsonl 2>/dev/null &&
	test_eq "Example Data Centers, Inc." "$(q s.db "select distinct company from obs_capex where cik = 999999")" &&
	test_eq 4000000 "$(usd 999999 PaymentsToAcquirePropertyPlantAndEquipment 2025-01-01 2025-06-30)" &&
	test_eq 6123400000 "$(usd 999999 PaymentsToAcquirePropertyPlantAndEquipment 2025-01-01 2025-09-30)" &&
	test_eq -1234500000 "$(usd 999999 PaymentsToAcquireProductiveAssets 2025-07-01 2025-09-30)" &&
	test_eq 0 "$(usd 999999 FinanceLeasePrincipalPayments 2025-01-01 2025-09-30)" &&
	test_eq 77000000 "$(usd 999999 FinanceLeasePrincipalPayments 2025-07-01 2025-09-30)" &&
	test_eq 77000000 "$(usd 999999 RepaymentsOfLongTermCapitalLeaseObligations 2025-07-01 2025-09-30)"
'
test_expect_success 'a dimensioned fact is kept apart from the consolidated total' '
	test_eq "ex:AssetClassAxis=ex:ServersMember;srt:StatementGeographicalAxis=ex:DataCentersUSMember|2500000000" \
		"$(q s.db "select dims || '"'|'"' || printf('"'%.0f'"', usd) from v_capex_detail where cik = 999999 and dims <> '"''"'")" &&
	test_eq 1 "$(q s.db "select count(*) from v_capex_detail where cik = 999999 and dims = '"''"'
		and concept like '"'%PropertyPlant%'"' and period_end = '"'2025-09-30'"' and not derived")"
'
test_expect_success 'the same fact shown twice is one record; a fact in euros is a reject; others ignored' '
	test_eq 1 "$(grep -c "\"usd\":6123400000" fx.jsonl)" &&
	grep -q "line 40 fact f-7 (us-gaap:PaymentsToAcquireProductiveAssets): unit .eur. (iso4217:EUR) is not US dollars" err &&
	! grep -q "us-gaap:Assets" fx.jsonl
'
test_expect_success 'derived quarter from the fixture: Q3 = 9 months - 6 months (6,123.4 - 4.0 million)' '
	test_eq 6119400000 "$(q s.db "select printf('"'%.0f'"', usd) from v_capex_detail where cik = 999999 and derived
		and concept like '"'%PropertyPlant%'"' and dims = '"''"'")"
'
# The fixture states both capex concepts for 2025-07-01..2025-09-30: PropertyPlant derived 6,119.4
# million (above) and ProductiveAssets filed -1,234.5 million; v_capex takes the first by priority
# (schemas/061-capex-views.sql), and has neither the segment (2,500 million) nor the leases.
test_expect_success 'v_capex: the quarter once, PropertyPlant before ProductiveAssets; no segment, no lease' '
	test_eq "us-gaap:PaymentsToAcquirePropertyPlantAndEquipment|6119400000|1" "$(q s.db "select concept
		|| '"'|'"' || printf('"'%.0f'"', usd) || '"'|'"' || derived from v_capex where cik = 999999
		and period_start = '"'2025-07-01'"' and period_end = '"'2025-09-30'"'")" &&
	test_eq 0 "$(q s.db "select count(*) from v_capex where cik = 999999 and (usd = 2500000000 or usd = 77000000)")"
'
test_done
