#!/bin/sh
# gw-report -f xlsx: the report as a workbook (reports/out_xlsx.c), read back with openpyxl and
# compared with the JSON report of the same store cell by cell (tests/xlsx-check.py): a sheet per
# table named by its id, every row, numbers as numbers, flags as booleans, ISO dates as dates, a
# change as a percentage (ratio - 1), the sources column as the # of each document on the sheet
# sources. Fixture values are the hand-computed ones of t4000-report.sh; corpus values are checked
# by hand against the documents (see each test).
. "$(dirname "$0")/test-lib.sh"

PY=$(command -v /usr/bin/python3 || command -v python3)
CHECK=$TEST_DIR/xlsx-check.py
"$PY" -c "import openpyxl" 2>/dev/null || test_skip_all "python3-openpyxl is not installed (make deps)"

# cell SHEET A1 [number_format|type]: one cell of the workbook w.xlsx, as Python prints it
cell() {
	"$PY" -c "
import openpyxl, sys
c = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]][sys.argv[3]]
print({'': c.value, 'number_format': c.number_format, 'type': type(c.value).__name__}[sys.argv[4]])
" "${W:-w.xlsx}" "$1" "$2" "${3:-}"
}

R=$FIXTURES/report
test_expect_success 'a store from the fixtures; its report as JSON and as a workbook' '
	gw-load -d s.db $R/store.jsonl 2>err && grep -q "rejected 0" err &&
	sqlite3 s.db <$R/test-views.sql &&
	gw-report -d s.db --quarter 2025Q3 -f json -o r.json &&
	gw-report -d s.db --quarter 2025Q3 -f xlsx -o w.xlsx &&
	test -s w.xlsx
'
test_expect_success 'every sheet read back equals the JSON report: names, rows, values, types, sources' '
	"$PY" "$CHECK" w.xlsx r.json >out &&
	grep -q "^ok: [0-9]* sheets" out
'
# t4000: Meta 2025Q3 filed 19,370 $M (a 10-Q quarter, not derived); the capacity expected at q+4
# (2026Q3) 830 MW IT.
test_expect_success 'numbers keep their unit formats: USD shown in millions, MW, booleans' '
	test_eq "cash capex (USD)" "$(cell capex_filed C1)" &&
	W=w.xlsx "$PY" -c "
import openpyxl
ws = openpyxl.load_workbook(\"w.xlsx\")[\"capex_filed\"]
rows = [r for r in ws.iter_rows(min_row=2) if r[0].value == \"meta\" and r[1].value == \"2025Q3\"]
assert len(rows) == 1, rows
c = rows[0]
assert c[2].value == 19370000000 and c[2].data_type == \"n\", c[2].value
assert c[2].number_format == \"\$#,##0.0,,\\\"M\\\"\", c[2].number_format
assert c[3].value is False, c[3].value
cap = openpyxl.load_workbook(\"w.xlsx\")[\"capacity\"]
q = {r[0].value: r for r in cap.iter_rows(min_row=2)}
assert abs(q[\"2026Q3\"][1].value - 830) < 0.05 and q[\"2026Q3\"][1].number_format == \"#,##0.0\"
" &&
	test_eq "expected (MW)" "$(cell capacity B1)"
'
test_expect_success 'the sheet assumptions holds each parameter as a number, with its source' '
	test_eq pue "$(cell assumptions A2)" &&
	test_eq 1.14 "$(cell assumptions B2)" &&
	test_eq float "$(cell assumptions B2 type)" &&
	cell assumptions D2 | grep -q "LBNL 2024"
'
test_expect_success 'the contents sheet: quarter, scenario, and a link to every table' '
	test_eq 2025Q3 "$(cell contents B2)" &&
	test_eq "defaults (schemas/params.conf)" "$(cell contents B5)" &&
	"$PY" -c "
import openpyxl
wb = openpyxl.load_workbook(\"w.xlsx\")
links = [c.hyperlink.location for r in wb[\"contents\"].iter_rows() for c in r if c.hyperlink]
assert [l.split(\"!\")[0].strip(\"\x27\") for l in links] == wb.sheetnames[1:], links
"
'
test_expect_success 'the scenario is named in the file properties (subject and custom property)' '
	printf "mix_B200 1\naccel_share=1\n" >sc.conf &&
	gw-report -d s.db --quarter 2025Q3 --scenario sc.conf --set pue=1.25 -f xlsx -o sc.xlsx &&
	"$PY" -c "
import openpyxl, zipfile
p = openpyxl.load_workbook(\"sc.xlsx\").properties
assert p.subject == \"scenario sc.conf; --set pue=1.25\", p.subject
assert p.title == \"gigawatt quarterly capacity report 2025Q3\", p.title
custom = zipfile.ZipFile(\"sc.xlsx\").read(\"docProps/custom.xml\").decode()
assert \"scenario sc.conf; --set pue=1.25\" in custom and \"name=\\\"scenario\\\"\" in custom, custom
" &&
	W=sc.xlsx && export W && test_eq 1.25 "$(cell assumptions B2)" && test_eq "--set" "$(cell assumptions C2)"
'
test_expect_success '--section: its tables, and always the sheets sources and assumptions' '
	gw-report -d s.db --quarter 2025Q3 -f xlsx --section capex -o cx.xlsx &&
	"$PY" "$CHECK" cx.xlsx r.json capex_filed capex_ttm capex capex_chart assumptions sources >out &&
	gw-report -d s.db --quarter 2025Q3 -f xlsx --section prices -o p.xlsx &&
	"$PY" -c "
import openpyxl
n = openpyxl.load_workbook(\"p.xlsx\").sheetnames
assert n[0] == \"contents\" and n[-2:] == [\"assumptions\", \"sources\"] and \"capex\" not in n, n
"
'
test_expect_success 'a workbook needs -o FILE; an unwritable one fails and leaves nothing' '
	test_expect_code 2 gw-report -d s.db -f xlsx >out 2>err &&
	grep -q "a workbook is a file: give -o FILE" err && test ! -s out &&
	test_expect_code 1 gw-report -d s.db -f xlsx -o no/such/dir/w.xlsx 2>err &&
	grep -q "^gw-report: no/such/dir/w.xlsx: " err && test ! -e no/such/dir/w.xlsx &&
	test_expect_code 2 gw-report -d s.db -f xlsx --section nosuch -o n.xlsx 2>err &&
	grep -q "no such section or table" err && test ! -e n.xlsx
'

need_corpus
# Alphabet's company facts (edgar/companyfacts/CIK0001652044.json), PaymentsToAcquirePropertyPlant
# AndEquipment: 2026-01-01..2026-03-31 35,674,000,000 (10-Q filed 2026-04-30, frame CY2026Q1);
# 2025 six months 39,643,000,000 less Q1 17,197,000,000 = 22,446,000,000 for 2025Q2 (derived);
# FinanceLeasePrincipalPayments 2026Q1 522,000,000.
# AWS p5.48xlarge (prices/aws_p5_gpu_prices.csv, 8 H100): 98.32 USD/h to 2025-06-04 (line 58),
# 55.04 from 2025-06-05 (line 59): 12.29 and 6.88 USD per GPU-hour, a change of 55.04 / 98.32 - 1
# = -44.0%.
test_expect_success 'corpus: Alphabet capex and the AWS p5 price in the workbook, as in the documents' '
	gw-parse -d c.db "$CORPUS/edgar/companyfacts/CIK0001652044.json" "$CORPUS/prices/aws_p5_gpu_prices.csv" \
		2>/dev/null | gw-load -d c.db 2>err &&
	gw-report -d c.db --quarter 2026Q1 -f json -o c.json &&
	gw-report -d c.db --quarter 2026Q1 -f xlsx -o c.xlsx &&
	"$PY" "$CHECK" c.xlsx c.json >out &&
	"$PY" -c "
import datetime, openpyxl
wb = openpyxl.load_workbook(\"c.xlsx\")
cap = {(r[0], r[1]): r for r in wb[\"capex_filed\"].iter_rows(min_row=2, values_only=True)}
assert cap[(\"alphabet\", \"2026Q1\")][2:5] == (35674000000, False, 522000000), cap[(\"alphabet\", \"2026Q1\")]
assert cap[(\"alphabet\", \"2025Q2\")][2:4] == (22446000000, True), cap[(\"alphabet\", \"2025Q2\")]
ps = wb[\"price_series\"]
h = [c.value for c in ps[1]]
r = [c for c in ps[2]]
v = dict(zip(h, r))
assert v[\"provider\"].value == \"aws\" and v[\"first (USD/GPU-h)\"].value == 12.29, h
assert v[\"last (USD/GPU-h)\"].value == 6.88 and v[\"last (USD/GPU-h)\"].number_format == \"\$#,##0.00\"
assert v[\"changed on\"].value == datetime.datetime(2025, 6, 5), v[\"changed on\"].value
assert abs(v[\"size\"].value - (55.04 / 98.32 - 1)) < 1e-9 and \"%\" in v[\"size\"].number_format
src = {r[0]: r for r in wb[\"sources\"].iter_rows(min_row=2, values_only=True)}
assert v[\"sources (# on sources)\"].value == \"2\" and src[2][2] == \"aws_p5_gpu_prices.csv\", src
assert v[\"sources (# on sources)\"].hyperlink.location == \"\x27sources\x27!A3\"
"
'
test_done
