#!/bin/sh
# The ISO queue parsers on our own fixtures (fixtures/power, written by
# tests/power/mkfixtures.py in each ISO's layout): detection from the content,
# every field of the record contract, footers and notes left out, loads twice.
. "$(dirname "$0")/test-lib.sh"
F=$FIXTURES/power

parse() {	# parse FILE PARSER: detected as PARSER, records in FILE.jsonl
	gw-parse "$F/$1" >"$1.jsonl" 2>"$1.err" || return 1
	grep -q "parser $2 (detected)" "$1.err" || { cat "$1.err" >&2; return 1; }
}
has() { grep -q "$2" "$1.jsonl" || { echo "no '$2' in $1.jsonl" >&2; return 1; }; }
n() { grep -c "\"kind\":\"grid_request\"" "$1.jsonl"; }

test_expect_success 'PJM (sheet Data): 5 requests; float noise 79.900000000000006 read as 79.9' '
	parse pjm_queue.xlsx pjm-queue &&
	test_eq 5 "$(n pjm_queue.xlsx)" &&
	has pjm_queue.xlsx "\"queue_id\":\"AB1-002\",\"project\":\"Allegheny Solar\",\"request_kind\":\"generation\",\"fuel\":\"solar\",\"fuel_raw\":\"Solar\",\"mw\":79.9,\"status\":\"withdrawn\"" &&
	has pjm_queue.xlsx "\"queue_id\":\"AD1-050\",\"project\":\"Possum Hybrid\",\"request_kind\":\"hybrid\",\"fuel\":\"hybrid\",\"fuel_raw\":\"Solar; Storage\",\"mw\":95.5,\"status\":\"suspended\"" &&
	has pjm_queue.xlsx "\"status_raw\":\"Engineering and Procurement\",\"county\":\"Loudoun\",\"state\":\"VA\",\"requested\":\"2018-09-30\",\"expected_online\":\"2027-01-15\",\"poi\":\"Loudoun 500kV\"" &&
	has pjm_queue.xlsx "\"loc\":\"sheet Data row 6\""
'
test_expect_success 'MISO (CSV): 4 requests, the junk test record AA1234 rejected with its reason' '
	test_expect_code 1 gw-parse "$F/miso_gi_queue.csv" >miso.jsonl 2>miso.err &&
	grep -q "parser miso-queue (detected)" miso.err &&
	grep -q "line 2: Request Status .fish mango watermelon. is not one MISO uses" miso.err &&
	test_eq 4 "$(grep -c "\"kind\":\"grid_request\"" miso.jsonl)" &&
	grep -q "\"kind\":\"reject\",\"reason\":\"Request Status .fish mango watermelon." miso.jsonl &&
	grep -q "\"queue_id\":\"J2001\",\"request_kind\":\"storage\",\"fuel\":\"storage\",\"fuel_raw\":\"Battery Storage\",\"mw\":200.5" miso.jsonl &&
	grep -q "\"poi\":\"Pawnee 345kV, \\\\\"North\\\\\" bus\"" miso.jsonl &&
	grep -q "\"queue_id\":\"J2003\".*\"status\":\"active\",\"status_raw\":\"Done / Under Construction\"" miso.jsonl &&
	grep -q "\"queue_id\":\"J2002\".*\"loc\":\"line 5\"" miso.jsonl
'
test_expect_success 'SPP: as_of from row 1 (Last Updated On 2025-01-22); Thermal with Fuel Type Gas is gas' '
	parse spp_active_request.xlsx spp-queue &&
	test_eq 4 "$(n spp_active_request.xlsx)" &&
	test_eq 4 "$(grep -c "\"as_of\":\"2025-01-22\"" spp_active_request.xlsx.jsonl)" &&
	has spp_active_request.xlsx "\"queue_id\":\"GEN-2010-007\",\"request_kind\":\"generation\",\"fuel\":\"gas\",\"fuel_raw\":\"Thermal / Gas\",\"mw\":99.5,\"status\":\"operational\"" &&
	has spp_active_request.xlsx "\"queue_id\":\"GEN-2022-045\",\"request_kind\":\"hybrid\".*\"status\":\"suspended\"" &&
	has spp_active_request.xlsx "\"loc\":\"sheet SPP GI_ActiveRequest row 3\""
'
test_expect_success 'ERCOT: header found under the notes (row 8), as_of 2024-12-31, 1-1-1900 is no date' '
	parse ercot_gis_report.xlsx ercot-gis &&
	test_eq 4 "$(n ercot_gis_report.xlsx)" &&
	test_eq 4 "$(grep -c "\"as_of\":\"2024-12-31\"" ercot_gis_report.xlsx.jsonl)" &&
	has ercot_gis_report.xlsx "\"queue_id\":\"22INR0002\",\"project\":\"Harris Battery\",\"request_kind\":\"storage\",\"fuel\":\"storage\",\"fuel_raw\":\"OTH / BA\",\"mw\":100.1" &&
	has ercot_gis_report.xlsx "\"queue_id\":\"21INR0001\".*\"loc\":\"sheet Project Details - Large Gen row 11\"" &&
	grep "23INR0003" ercot_gis_report.xlsx.jsonl >llano && ! grep -q expected_online llano
'
test_expect_success 'CAISO: three sheets, run date 2025-01-23, two-row header, legend rows not data' '
	parse caiso_queue_report.xlsx caiso-queue &&
	test_eq 5 "$(n caiso_queue_report.xlsx)" &&
	test_eq 5 "$(grep -c "\"as_of\":\"2025-01-23\"" caiso_queue_report.xlsx.jsonl)" &&
	has caiso_queue_report.xlsx "\"queue_id\":\"2301\",\"project\":\"DESERT SUN HYBRID\",\"request_kind\":\"hybrid\",\"fuel\":\"hybrid\",\"fuel_raw\":\"Solar; Battery\",\"mw\":200.75" &&
	has caiso_queue_report.xlsx "\"queue_id\":\"2302\".*\"status\":\"suspended\",\"status_raw\":\"ACTIVE / Suspended\"" &&
	has caiso_queue_report.xlsx "\"queue_id\":\"1A\".*\"status\":\"operational\".*\"expected_online\":\"2009-10-02\"" &&
	has caiso_queue_report.xlsx "\"queue_id\":\"2199\".*\"status\":\"withdrawn\"" &&
	! grep -q "Legend" caiso_queue_report.xlsx.jsonl
'
test_expect_success 'NYISO: footer and NOTES rows not data; AC kept as a transmission project; " Cluster Projects" read' '
	parse nyiso_queue.xlsx nyiso-queue &&
	test_eq 6 "$(n nyiso_queue.xlsx)" &&
	has nyiso_queue.xlsx "\"request_kind\":\"transmission\",\"fuel\":\"other\",\"fuel_raw\":\"AC\"" &&
	has nyiso_queue.xlsx "\"queue_id\":\"1723\",\"project\":\"Olean Digital Data Center\",\"request_kind\":\"load\",\"fuel\":\"load\",\"fuel_raw\":\"L\"" &&
	has nyiso_queue.xlsx "\"queue_id\":\"1500\".*\"status\":\"withdrawn\",\"status_raw\":\"S=0\"" &&
	has nyiso_queue.xlsx "\"queue_id\":\"0276\".*\"expected_online\":\"2026-04-01\"" &&
	has nyiso_queue.xlsx "\"queue_id\":\"C24-002\".*\"loc\":\"sheet  Cluster Projects row 2\"" &&
	has nyiso_queue.xlsx "\"queue_id\":\"0002\",\"project\":\"Athens Gen\".*\"status\":\"operational\"" &&
	! grep -q "Number of new projects" nyiso_queue.xlsx.jsonl && ! grep -q "NOTES" nyiso_queue.xlsx.jsonl
'
# NYISO: 6 rows, one of them the AC transmission project 0429 whose SP (MW) is N/A (no mw)
test_expect_success 'all six load; the sums by ISO are the fixtures'"'"' MW' '
	for f in pjm_queue.xlsx spp_active_request.xlsx ercot_gis_report.xlsx caiso_queue_report.xlsx nyiso_queue.xlsx; do
		cat $f.jsonl; done >all.jsonl && cat miso.jsonl >>all.jsonl &&
	test_expect_code 1 gw-load -d s.db all.jsonl 2>load.err &&
	grep -q "read 29, stored 28, unchanged 0, rejected 1" load.err &&
	q s.db "select iso, count(*), round(sum(mw), 3) from v_grid_requests_current group by 1 order by 1" >got &&
	cat >want <<-\EOF2 &&
	CAISO|5|1020.65
	ERCOT|4|1054.3
	MISO|4|649.75
	NYISO|6|2920.0
	PJM|5|637.65
	SPP|4|800.0
	EOF2
	test_cmp want got
'
test_expect_success 'loading them again stores nothing new' '
	test_expect_code 1 gw-load -d s.db all.jsonl 2>load.err &&
	grep -q "read 29, stored 0, unchanged 28, rejected 1" load.err
'
test_done
