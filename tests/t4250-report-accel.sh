#!/bin/sh
# The accelerators section: a compact grid of installed accelerators by SKU
# (the report's quarter, +4 and +8 quarters), the full quarter x SKU table in
# CSV and JSON only, and the tightness ratio read in one line, with a warning
# when it is implausible (more H100e in the tracked sites than ever shipped).
. "$(dirname "$0")/test-lib.sh"
D1=1111111111111111111111111111111111111111111111111111111111111111

cap() { # mw
	echo "{\"kind\":\"capacity\",\"operator\":\"Example\",\"site\":\"Example Campus\",\"mw\":$1,\"mw_basis\":\"it\",\"status\":\"operational\",\"as_of\":\"2025-01-15\",\"src\":{\"doc\":\"$D1\",\"loc\":\"c\"}}"
}
ship() { # quarter units
	echo "{\"kind\":\"shipment\",\"designer\":\"Nvidia\",\"sku\":\"H100\",\"quarter\":\"$1\",\"units\":$2,\"h100e\":$2,\"as_of\":\"2025-06-30\",\"src\":{\"doc\":\"$D1\",\"loc\":\"s $1\"}}"
}

test_expect_success 'more H100e in the tracked sites than ever shipped: the section warns, naming both figures' '
	{ cap 1000; ship 2024Q4 10000; ship 2025Q1 10000; } >a.jsonl &&
	gw-load -d a.db a.jsonl &&
	gw-report -d a.db --quarter 2025Q2 --section accelerators >a.txt &&
	tr "\n" " " <a.txt >a.line &&
	grep -q "WARNING, implausible: in 2025Q2 the tracked sites. capacity would hold 0.74 million H100e, more than the 0.02 million ever shipped" a.line
'
test_expect_success 'a plausible ratio is read, not warned about; later quarters have none, said why' '
	{ cap 10; ship 2024Q4 100000; ship 2025Q1 100000; } >b.jsonl &&
	gw-load -d b.db b.jsonl &&
	gw-report -d b.db --quarter 2025Q2 --section accelerators >b.txt &&
	! grep -q WARNING b.txt &&
	tr "\n" " " <b.txt >b.line &&
	grep -q "Reading: in 2025Q2, the last quarter whose shipments are all known (to 2025Q1)" b.line &&
	grep -q "Quarters after 2025Q2 have no ratio (shipments: partial)" b.line &&
	gw-report -d b.db --quarter 2025Q2 -f csv --section tightness >t.csv &&
	test_eq "2025Q2,known|2025Q3,partial" "$(cut -d, -f1,6 t.csv | sed 1d | head -2 | paste -sd"|")"
'
test_expect_success 'the grid: one row per SKU and "all"; its quarters add up to the full table (JSON)' '
	gw-report -d b.db --quarter 2025Q2 -f json >b.json &&
	python3 -c "
import json
d = json.load(open(\"b.json\"))
g = {r[\"sku\"]: r for r in d[\"accelerator_grid\"]}
assert \"all\" in g and \"H100\" in g, g
for col, q in ((\"units_now\", \"2025Q2\"), (\"units_4q\", \"2026Q2\"), (\"units_8q\", \"2027Q2\")):
    full = sum(r[\"accelerators\"] for r in d[\"accelerators\"] if r[\"quarter\"] == q)
    assert abs(g[\"all\"][col] - full) < 1e-6 * max(1, full), (col, g[\"all\"][col], full)
    assert abs(sum(r[col] for s, r in g.items() if s != \"all\") - full) < 1e-6 * max(1, full)
# 10 MW of IT, all H100 (the only chip shipped): 10e3 kW x 0.9 / (0.7 kW x 1.53 x 1.14) = 7,371
assert abs(g[\"H100\"][\"units_now\"] - 10e3 * 0.9 / (0.7 * 1.53 * 1.14)) < 1, g[\"H100\"]
" &&
	gw-report -d b.db --quarter 2025Q2 >b.full &&
	grep -q "^Installed accelerators by SKU" b.full &&
	! grep -q "^Capacity-implied accelerators by quarter and generation" b.full
'
test_done
