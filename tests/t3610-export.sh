#!/bin/sh
# gw-export -o DIR [VIEW...] (store/export.c): every analyst view as DIR/VIEW.csv with the view's
# columns in its order and every row, read back with Python's csv module as strictly as pandas
# would (UTF-8, CRLF, the same number of fields on every row) and compared with the view cell by
# cell (tests/csv-check.py); gw-report -f csv -o DIR read back the same way.
. "$(dirname "$0")/test-lib.sh"

PY=$(command -v /usr/bin/python3 || command -v python3)
CHECK=$TEST_DIR/csv-check.py
R=$FIXTURES/report

test_expect_success 'every view of a store from the fixtures, read back equal to the view' '
	gw-load -d s.db $R/store.jsonl 2>err &&
	gw-parse "$FIXTURES/datacenters/frontier_data_centers.csv" | gw-load -d s.db 2>err &&
	gw-export -d s.db -o views >out &&
	n=$(q s.db "select count(*) from views where alias_of is null") &&
	grep -q "^gw-export: $n CSV files, [0-9]* rows, in views$" out &&
	test_eq "$n" "$(ls views | wc -l)" &&
	test ! -e views/v_sites.csv && test -s views/v_sites_current.csv &&
	"$PY" "$CHECK" views s.db >ck && grep -q "^ok: $n files" ck
'
# Every kind of value: NULL (an empty field) and an empty text (""), a comma, a quote, a line
# break, UTF-8, an integer past 2^53, reals that need 17 digits (0.1 + 0.2) or none (2.0).
test_expect_success 'values: NULL and empty text apart, quoting, integers and reals exact' '
	sqlite3 s.db "create table t_edge(a, b, c, d); insert into t_edge values
		(NULL, '\'''\'', '\''a,b'\'', '\''say \"hi\"'\''),
		('\''two
lines'\'', '\''Zürich 東京'\'', 9007199254740993, 0.1 + 0.2),
		(2.0, -0.5, 1e300, 12)" &&
	gw-export -d s.db -o edge t_edge >out &&
	printf "a,b,c,d\r\n,\"\",\"a,b\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",Zürich 東京,9007199254740993,0.30000000000000004\r\n2,-0.5,1e+300,12\r\n" >want &&
	test_cmp want edge/t_edge.csv &&
	"$PY" "$CHECK" edge s.db >ck
'
test_expect_success 'named views (an old name too) only; one the store lacks fails, the rest written' '
	gw-export -d s.db -o some v_capex v_sites >out &&
	test_eq "v_capex.csv v_sites.csv" "$(ls some | tr "\n" " " | sed "s/ \$//")" &&
	test_cmp views/v_sites_current.csv some/v_sites.csv &&
	test_expect_code 1 gw-export -d s.db -o miss v_nosuch v_capex >out 2>err &&
	grep -q "^gw-export: v_nosuch: no such view or table in the store" err &&
	test_eq "v_capex.csv" "$(ls miss)" &&
	test_expect_code 2 gw-export -d s.db v_capex 2>err && grep -q "give -o DIR" err &&
	test_expect_code 1 gw-export -d nosuch.db -o x 2>err && test ! -e nosuch.db
'
test_expect_success 'a file that cannot be written is said; the view before it stays as it was' '
	mkdir -p bad/v_capex.csv.tmp && echo old >bad/v_capex.csv &&
	test_expect_code 1 gw-export -d s.db -o bad v_capex 2>err &&
	grep -q "^gw-export: bad/v_capex.csv.tmp: Is a directory" err &&
	test_eq old "$(cat bad/v_capex.csv)" &&
	test_expect_code 1 gw-export -d s.db -o /dev/null/x v_capex 2>err &&
	grep -q "^gw-export: /dev/null/x: Not a directory" err
'
test_expect_success 'the report as CSV files (gw-report -f csv -o DIR): strict, one per table, every row' '
	gw-report -d s.db --quarter 2025Q3 -f csv -o rep &&
	gw-report -d s.db --quarter 2025Q3 -f json -o r.json &&
	"$PY" "$CHECK" rep >ck &&
	"$PY" -c "
import csv, json, os
d = json.load(open(\"r.json\"))
ids = [t for s in d[\"sections\"] for t in s[\"tables\"]]
assert sorted(ids) == sorted(f[:-4] for f in os.listdir(\"rep\")), ids
for t in ids:
    rows = list(csv.reader(open(\"rep/\" + t + \".csv\", newline=\"\", encoding=\"utf-8\"), strict=True))
    assert len(rows) - 1 == len(d[t]), t
    if d[t]:
        assert rows[0] == list(d[t][0]), (t, rows[0])
"
'

need_corpus
# NYISO's queue (power/NYISO-Interconnection-Queue.xlsx) lists 31 rows with Type/ Fuel "L": 24 on
# sheet "Interconnection Queue", 4 on "Withdrawn", 3 on "In Service" (checked by hand), so
# v_grid_requests_current.csv holds 31 load requests of NYISO, 24 of them active.
test_expect_success 'corpus: the NYISO queue exported whole; its 31 load requests in the CSV' '
	gw-parse -d c.db "$CORPUS/power/NYISO-Interconnection-Queue.xlsx" \
		"$CORPUS/edgar/companyfacts/CIK0001652044.json" 2>/dev/null | gw-load -d c.db 2>err &&
	gw-export -d c.db -o cv >out &&
	"$PY" "$CHECK" cv c.db >ck &&
	"$PY" -c "
import csv
rows = list(csv.DictReader(open(\"cv/v_grid_requests_current.csv\", newline=\"\", encoding=\"utf-8\")))
loads = [r for r in rows if r[\"kind\"] == \"load\"]
assert len(loads) == 31 and {r[\"iso\"] for r in loads} == {\"NYISO\"}, len(loads)
assert sum(r[\"status\"] == \"active\" for r in loads) == 24
assert round(sum(float(r[\"mw\"]) for r in loads), 1) == 4767.1
"
'
test_done
