#!/bin/sh
# The report's power section on the six ISO queue files of ../shared/corpus/power: large loads
# first, which files can list loads at all, generation and storage in one table. Expected values
# were read off the files by hand (python3: zipfile + the sheets' XML, Excel date serials from
# 1899-12-30; csv for MISO), never from our own output:
#
# NYISO-Interconnection-Queue.xlsx, column "Type/ Fuel" = "L" (load):
#   sheet "Interconnection Queue" 24 rows (rows 20..193), SP (MW) 4,209.1, S codes 1..12 (active)
#   sheet "Withdrawn" 4 rows (252 Concord Casino 48, 289 Verizon - Project Oasis 75, 340 University
#     of Rochester 25, 706 Massena Load 100): 248 MW
#   sheet "In Service" 3 rows (58 Luther Forest 40, 80 Green Island Power 20, 148 Somerset Load 250):
#     310 MW; the cluster sheets have none. 31 load requests, 4,767.1 MW.
#   By "Date of IR": 2024Q4 3 (1721 Brookhaven Logistics Center 176.6, 1723 Olean Digital Data
#   Center 150, 1724 Alcoa East Energy Allocation Project 200: 526.6 MW); 2024Q3 5 (1714 25, 1715 60,
#   1716 60, 1717 200, 1719 300: 645); 2024Q2 3 (1681 140, 1683 150, 1713 25.3: 315.3); 2024Q1 1
#   (1670 250); 2023Q4 2 (1627 576, 1646 50: 626); 2023Q1 1 (1536 480); none in 2023Q2, 2023Q3.
#   The rolling year to 2024Q4: 12 requests, 1,736.9 MW, against 1,106 MW in 2023: x1.5704 (+57.0%).
#   The largest not withdrawn: 1627 "Micron Fab 2" 576 MW, Onondaga NY, Date of IR 45230
#   (2023-10-31), S 5; then 1536 "White Pine Phase 1" 480 MW, Onondaga, 2023-03-11.
#   2,106 data rows on its five sheets (192 + 302 + 1,392 + 74 + 146); 0031 and 0127A are on both
#   Withdrawn and In Service: 2,104 requests, 2,073 of them not loads.
# The other five files list no load (grid_load_coverage, checked by hand): PJM_Queue.xlsx sheet
#   Data column "Project Type" is "Generation Interconnection" on all 8,190 rows; CAISO's sheets are
#   "Grid GenerationQueue", "Completed Generation Projects", "Withdrawn Generation Projects";
#   ERCOT's report is the "Generator Interconnection Status Report" (sheet Disclaimer and
#   References) with Large Gen and Small Gen sheets; SPP's columns are "Generation
#   Interconnection Number", "Generation Type"; MISO's GI queue: Fuel is a generation or storage
#   type on every line (or blank, or the junk test line).
. "$(dirname "$0")/test-lib.sh"
need_corpus
P=$CORPUS/power

test_expect_success 'the six queue files, each recorded with its parser, loaded; the report as JSON and text' '
	for f in CAISO_Queue_Report.xlsx ERCOT_GIS_Report_December2024.xlsx MISO_GI_Interactive_Queue.csv \
		 NYISO-Interconnection-Queue.xlsx PJM_Queue.xlsx SPP_GI_ActiveRequest.xlsx; do
		gw-parse -q -d s.db "$P/$f" >>q.jsonl 2>>parse.err
		[ $? -le 1 ] || return 1	# exit 1: the junk test line of MISO is a reject
	done &&
	test_expect_code 1 gw-load -q -d s.db q.jsonl &&
	gw-report -d s.db --quarter 2025Q1 -f json >r.json &&
	gw-report -d s.db --quarter 2025Q1 --section power >r.txt
'
test_expect_success 'v_grid_load_coverage: NYISO'"'"'s file lists 31 loads (4,767.1 MW); the five others are generation queues' '
	cat >expect <<-\EOF &&
	CAISO|caiso-queue|CAISO_Queue_Report.xlsx|0|0|
	ERCOT|ercot-gis|ERCOT_GIS_Report_December2024.xlsx|0|0|
	MISO|miso-queue|MISO_GI_Interactive_Queue.csv|0|0|
	NYISO|nyiso-queue|NYISO-Interconnection-Queue.xlsx|1|31|4767.1
	PJM|pjm-queue|PJM_Queue.xlsx|0|0|
	SPP|spp-queue|SPP_GI_ActiveRequest.xlsx|0|0|
	EOF
	q s.db "select iso, parser, file, carries_loads, load_requests, round(load_mw, 3) from v_grid_load_coverage
		order by iso" >got &&
	test_cmp expect got
'
test_expect_success 'report: load_coverage says yes for NYISO, and for the others that their file is a generation queue (no count)' '
	python3 -c "
import json
d = json.load(open(\"r.json\"))
k = {r[\"iso\"]: (r[\"loads\"], r[\"load_requests\"], r[\"mw\"], r[\"file\"]) for r in d[\"load_coverage\"]}
assert k[\"NYISO\"] == (\"yes\", 31, 4767.1, \"NYISO-Interconnection-Queue.xlsx\"), k
for iso, f in ((\"PJM\", \"PJM_Queue.xlsx\"), (\"MISO\", \"MISO_GI_Interactive_Queue.csv\"), (\"SPP\", \"SPP_GI_ActiveRequest.xlsx\"),
               (\"ERCOT\", \"ERCOT_GIS_Report_December2024.xlsx\"), (\"CAISO\", \"CAISO_Queue_Report.xlsx\")):
    assert k[iso] == (\"no: generation queue\", None, None, f), (iso, k[iso])
assert d[\"load_coverage\"][0][\"iso\"] == \"NYISO\"
" &&
	grep -q "^The files of CAISO, ERCOT, MISO, PJM, SPP are generation interconnection queues: they list no" r.txt &&
	tr "\n" " " <r.txt | tr -s " " >flat.txt &&
	grep -q "PJM (PJM_Queue.xlsx): a generation interconnection queue: Project Type is \"Generation Interconnection\" on every row of sheet Data" flat.txt &&
	grep -q "NYISO (NYISO-Interconnection-Queue.xlsx): NYISO.s interconnection queue lists loads beside generation: Type/Fuel L" flat.txt
'
test_expect_success 'the section opens with the large loads: 31 requests, 24 active (4,209.1 MW), 3 in service, 4 withdrawn' '
	grep -q "^31 large-load requests (4,767.1 MW) in the queues of NYISO: 24 active" r.txt &&
	grep -q " 31 large-load requests (4,767.1 MW) in the queues of NYISO: 24 active (4,209.1 MW), 3 in service (310.0 MW), 4 withdrawn. NYISO: 12 load requests for 1,736.9 MW queued in the 4 quarters to 2024Q4 (its latest quarter with one), +57% on the MW of the 4 quarters before. " flat.txt
'
test_expect_success 'large_loads: by quarter of request, newest first, with the rolling year and its change' '
	python3 -c "
import json
d = json.load(open(\"r.json\"))
q = [(r[\"quarter\"], r[\"requests\"], round(r[\"mw\"], 3), r[\"requests_4q\"], round(r[\"mw_4q\"], 3)) for r in d[\"large_loads\"]]
assert q[:6] == [(\"2024Q4\", 3, 526.6, 12, 1736.9), (\"2024Q3\", 5, 645, 11, 1836.3), (\"2024Q2\", 3, 315.3, 6, 1191.3),
                 (\"2024Q1\", 1, 250, 3, 876), (\"2023Q4\", 2, 626, 3, 1106), (\"2023Q1\", 1, 480, 4, 940.2)], q[:6]
assert abs(d[\"large_loads\"][0][\"change_4q\"] - 1736.9 / 1106) < 1e-9
assert all(r[\"iso\"] == \"NYISO\" for r in d[\"large_loads\"])
" &&
	grep -Eq "^  NYISO +2024Q4 +3 +526.6 +12 +1,736.9 +\+57.0%" r.txt
'
test_expect_success 'large_loads_chart {iso, quarter, requests, mw}: every NYISO load request in one quarter, oldest first' '
	python3 -c "
import json
d = json.load(open(\"r.json\"))
c = d[\"large_loads_chart\"]
assert all(sorted(r) == [\"iso\", \"mw\", \"quarter\", \"requests\", \"sources\"] for r in c)
assert sum(r[\"requests\"] for r in c) == 31 and abs(sum(r[\"mw\"] for r in c) - 4767.1) < 1e-6
assert [r[\"quarter\"] for r in c] == sorted(r[\"quarter\"] for r in c) and c[-1][\"quarter\"] == \"2024Q4\"
assert (c[-1][\"requests\"], c[-1][\"mw\"]) == (3, 526.6)
" &&
	! grep -q "chart data" r.txt
'
test_expect_success 'largest_loads: named, MW first, withdrawn ones left out (27 of 31)' '
	python3 -c "
import json
d = json.load(open(\"r.json\"))
t = d[\"largest_loads\"]
assert len(t) == 27 and all(r[\"status\"] != \"withdrawn\" for r in t)
assert (t[0][\"project\"], t[0][\"queue_id\"], t[0][\"mw\"], t[0][\"status\"], t[0][\"location\"], t[0][\"requested\"]) == \
       (\"Micron Fab 2\", \"1627\", 576, \"active\", \"Onondaga, NY\", \"2023-10-31\"), t[0]
assert (t[1][\"project\"], t[1][\"mw\"], t[1][\"requested\"]) == (\"White Pine Phase 1\", 480, \"2023-03-11\"), t[1]
" &&
	grep -q "Left out: 4 withdrawn load requests (248.0 MW)" r.txt
'
test_expect_success 'grid_supply: one table by ISO and status, withdrawn one line per ISO and last, no loads in it' '
	python3 -c "
import json
d = json.load(open(\"r.json\"))
g = d[\"grid_supply\"]
w = [r[\"iso\"] for r in g if r[\"status\"] == \"withdrawn\"]
assert sorted(w) == [\"CAISO\", \"MISO\", \"NYISO\", \"PJM\"] and len(w) == len(set(w)), w
assert all(r[\"status\"] == \"withdrawn\" for r in g[len(g) - len(w):])
assert sum(r[\"requests\"] for r in g if r[\"iso\"] == \"NYISO\") == 2073
assert len(g) <= 24 and g[0][\"status\"] == \"active\"
for r in g:
    parts = [r[k] or 0 for k in (\"mw_generation\", \"mw_storage\", \"mw_hybrid\", \"mw_other\")]
    assert abs(sum(parts) - r[\"mw_total\"]) < 1e-6, r
"
'
test_expect_success 'the text fits 100 columns and names the largest loads' '
	test_eq 0 "$(awk "length > 100" r.txt | wc -l)" &&
	grep -Eq "^  Micron Fab 2 +NYISO +1627 +576.0 +active +Onondaga, NY +2023-10-31" r.txt
'
test_done
