#!/bin/sh
# The six ISO queue downloads of ../shared/corpus/power through gw-parse | gw-load.
# Every expected value was read off the file by hand (python3 + openpyxl / csv over
# the cells named beside it), never from our own output.
. "$(dirname "$0")/test-lib.sh"
need_corpus
P=$CORPUS/power

load() {	# load FILE: parse (detected) into s.db and load; keeps the messages in FILE.err
	# (gw-parse's status in FILE.rc; returns gw-load's, 1 when a record was rejected)
	gw-parse -d s.db "$P/$1" >"$1.jsonl" 2>"$1.err"
	echo $? >"$1.rc"
	gw-load -d s.db "$1.jsonl" 2>"$1.load"
}
cnt() { q s.db "select count(*) from v_grid_requests_current where $1"; }
mwsum() { q s.db "select round(sum(mw), 3) from v_grid_requests_current where $1"; }

# ---- MISO: MISO_GI_Interactive_Queue.csv, 24 columns, header line 1, 3,274 data lines
test_expect_success 'MISO: detected, every line read, only the junk test record rejected (exit 1)' '
	test_expect_code 1 load MISO_GI_Interactive_Queue.csv &&
	test_eq 1 "$(cat MISO_GI_Interactive_Queue.csv.rc)" &&
	grep -q "parser miso-queue (detected)" MISO_GI_Interactive_Queue.csv.err &&
	grep -q "line 2: Request Status .fish mango watermelon. is not one MISO uses" MISO_GI_Interactive_Queue.csv.err &&
	test_eq 1 "$(grep -c "\"kind\":\"reject\"" MISO_GI_Interactive_Queue.csv.jsonl)" &&
	grep -q "read 3274, stored 3273, unchanged 0, rejected 1" MISO_GI_Interactive_Queue.csv.load
'
test_expect_success 'MISO: the junk record (Project # AA1234, line 2) is kept in rejects with its reason' '
	q s.db "select reason from rejects" | grep -q "fish mango watermelon" &&
	test_eq 0 "$(cnt "iso = '"'MISO'"' and queue_id = '"'AA1234'"'")"
'
# column "Request Status": Active 1,920 / Withdrawn 1,023 / Done 330 (lines 3..3275)
test_expect_success 'MISO: 3,273 requests; Request Status Active 1,920, Withdrawn 1,023, Done 330' '
	test_eq 3273 "$(cnt "iso = '"'MISO'"'")" &&
	test_eq 1920 "$(cnt "iso = '"'MISO'"' and status_raw like '"'Active%'"'")" &&
	test_eq 1023 "$(cnt "iso = '"'MISO'"' and status_raw like '"'Withdrawn%'"'")" &&
	test_eq 330 "$(cnt "iso = '"'MISO'"' and status_raw like '"'Done%'"'")"
'
# Done with Post GIA Status "In Service": 71 -> operational; Done + Withdrawn: 1
test_expect_success 'MISO: statuses normalised (71 Done / In Service operational, 1,024 withdrawn)' '
	test_eq 71 "$(cnt "iso = '"'MISO'"' and status = '"'operational'"'")" &&
	test_eq 1024 "$(cnt "iso = '"'MISO'"' and status = '"'withdrawn'"'")" &&
	test_eq 2178 "$(cnt "iso = '"'MISO'"' and status = '"'active'"'")"
'
# column "Summer MW" summed over lines 3..3275: 546,873.41; Active lines only: 343,588.14
test_expect_success 'MISO: Summer MW sums to 546,873.41 (active 343,588.14)' '
	test_eq 546873.41 "$(mwsum "iso = '"'MISO'"'")" &&
	test_eq 343588.14 "$(mwsum "iso = '"'MISO'"' and status_raw like '"'Active%'"'")"
'
# line 3: "J1000","Done",...,"Grant County","WI",...,"50","50","Solar",...,"In Service"
test_expect_success 'MISO: J1000 is 50 MW solar, Grant County WI, Done / In Service' '
	test_eq "50.0|solar|generation|Grant County|WI|operational|Done / In Service|2018-03-12|line 3" \
		"$(q s.db "select mw, fuel, kind, county, state, status, status_raw, requested, loc
			   from v_grid_requests_current where iso = '"'MISO'"' and queue_id = '"'J1000'"'")"
'

# ---- PJM: PJM_Queue.xlsx, sheet Data, header row 1, rows 2..8191
test_expect_success 'PJM: detected, 8,190 projects, nothing rejected' '
	load PJM_Queue.xlsx &&
	test_eq 0 "$(cat PJM_Queue.xlsx.rc)" &&
	grep -q "parser pjm-queue (detected)" PJM_Queue.xlsx.err &&
	grep -q "read 8190, stored 8190, unchanged 0, rejected 0" PJM_Queue.xlsx.load &&
	test_eq 8190 "$(cnt "iso = '"'PJM'"'")"
'
# column F "Status": Active 1,746, Withdrawn 4,744, In Service 1,172, Suspended 134
test_expect_success 'PJM: Status Active 1,746, Withdrawn 4,744, In Service 1,172, Suspended 134' '
	test_eq 1746 "$(cnt "iso = '"'PJM'"' and status_raw = '"'Active'"'")" &&
	test_eq 4744 "$(cnt "iso = '"'PJM'"' and status_raw = '"'Withdrawn'"'")" &&
	test_eq 1172 "$(cnt "iso = '"'PJM'"' and status = '"'operational'"'")" &&
	test_eq 134 "$(cnt "iso = '"'PJM'"' and status = '"'suspended'"'")"
'
# column I "MW Energy" summed over rows 2..8191: 827,210.522; In Service rows: 91,777.088
test_expect_success 'PJM: MW Energy sums to 827,210.522 (In Service 91,777.088)' '
	test_eq 827210.522 "$(mwsum "iso = '"'PJM'"'")" &&
	test_eq 91777.088 "$(mwsum "iso = '"'PJM'"' and status = '"'operational'"'")"
'
# row 2: A01, South Lebanon 230 KV, Ironwood, PA, Lebanon, In Service, MW Energy 720, Natural Gas
test_expect_success 'PJM: A01 Ironwood, 720 MW natural gas, In Service, at sheet Data row 2' '
	test_eq "Ironwood|720.0|gas|Natural Gas|operational|PA|Lebanon|South Lebanon 230 KV|sheet Data row 2" \
		"$(q s.db "select project, mw, fuel, fuel_raw, status, state, county, poi, loc
			   from cur_grid_request where iso = '"'PJM'"' and queue_id = '"'A01'"'")"
'
# columns D "State" = VA and E "County" = Loudoun: 15 rows; X4-039 800 MW Natural Gas In Service
test_expect_success 'PJM: 15 Loudoun County VA requests; X4-039 800 MW gas in service' '
	test_eq 15 "$(cnt "iso = '"'PJM'"' and state = '"'VA'"' and county = '"'Loudoun'"'")" &&
	test_eq "800.0|gas|operational" "$(q s.db "select mw, fuel, status from v_grid_requests_current
		where iso = '"'PJM'"' and queue_id = '"'X4-039'"'")"
'

# ---- SPP: SPP_GI_ActiveRequest.xlsx, row 1 "Last Updated On" 45679, header row 2, rows 3..910
test_expect_success 'SPP: 908 active requests as of 2025-01-22 (cell B1, serial 45679)' '
	load SPP_GI_ActiveRequest.xlsx &&
	test_eq 0 "$(cat SPP_GI_ActiveRequest.xlsx.rc)" &&
	grep -q "read 908, stored 908, unchanged 0, rejected 0" SPP_GI_ActiveRequest.xlsx.load &&
	test_eq "908|2025-01-22" "$(q s.db "select count(*), max(as_of) from v_grid_requests_current where iso = '"'SPP'"'")"
'
# column P "Generation Type" = Battery/Storage: 167 rows, column L "Capacity" 24,725.02; all rows 171,308.432
test_expect_success 'SPP: 167 Battery/Storage requests of 24,725.02 MW; Capacity sums to 171,308.432' '
	test_eq 167 "$(cnt "iso = '"'SPP'"' and kind = '"'storage'"'")" &&
	test_eq 24725.02 "$(mwsum "iso = '"'SPP'"' and kind = '"'storage'"'")" &&
	test_eq 171308.432 "$(mwsum "iso = '"'SPP'"'")"
'
# column U "Status": IA FULLY EXECUTED/COMMERCIAL OPERATION 263, .../ON SUSPENSION 8
test_expect_success 'SPP: 263 in commercial operation, 8 on suspension' '
	test_eq 263 "$(cnt "iso = '"'SPP'"' and status = '"'operational'"'")" &&
	test_eq 8 "$(cnt "iso = '"'SPP'"' and status = '"'suspended'"'")"
'
# row 3: GEN-2024-SR9, Beaver County, OK, Capacity 150, Battery/Storage, IA PENDING
test_expect_success 'SPP: GEN-2024-SR9 Beaver County OK 150 MW battery, IA PENDING' '
	test_eq "150.0|storage|Beaver County|OK|active|IA PENDING|2024-01-26|2027-01-01" \
		"$(q s.db "select mw, kind, county, state, status, status_raw, requested, expected_online
			   from v_grid_requests_current where iso = '"'SPP'"' and queue_id = '"'GEN-2024-SR9'"'")"
'

# ---- ERCOT: sheet "Project Details - Large Gen", header on sheet row 31 (rows 32-35 continue
# its milestone titles), data rows 36..1732; sheet Contents A7 "GIM Activity: Dec 01, 2024 to Dec 31, 2024"
test_expect_success 'ERCOT: 1,697 large-generation projects, as of 2024-12-31' '
	load ERCOT_GIS_Report_December2024.xlsx &&
	test_eq 0 "$(cat ERCOT_GIS_Report_December2024.xlsx.rc)" &&
	grep -q "read 1697, stored 1697, unchanged 0, rejected 0" ERCOT_GIS_Report_December2024.xlsx.load &&
	test_eq "1697|2024-12-31" "$(q s.db "select count(*), max(as_of) from v_grid_requests_current where iso = '"'ERCOT'"'")"
'
# column I "Fuel": OTH 897 / SOL 616 / WIN 123 / GAS 60 / OIL 1; OTH with Technology BA or EN: 893
test_expect_success 'ERCOT: Fuel OTH 897, SOL 616, WIN 123, GAS 60, OIL 1; 893 of OTH are storage' '
	q s.db "select substr(fuel_raw, 1, 3), count(*) from v_grid_requests_current where iso = '"'ERCOT'"'
		group by 1 order by 2 desc" >got &&
	printf "OTH|897\nSOL|616\nWIN|123\nGAS|60\nOIL|1\n" >want &&
	test_cmp want got &&
	test_eq 893 "$(cnt "iso = '"'ERCOT'"' and kind = '"'storage'"'")"
'
# column K "Capacity (MW)" over rows 36..1732: 341,474.21
test_expect_success 'ERCOT: Capacity (MW) sums to 341,474.21' '
	test_eq 341474.21 "$(mwsum "iso = '"'ERCOT'"'")"
'
# row 36: 15INR0064b, Harald (BearKat Wind B), Glasscock, 2025-01-31, WIN, WT, 162.1
test_expect_success 'ERCOT: 15INR0064b Harald (BearKat Wind B), Glasscock, 162.1 MW wind' '
	test_eq "Harald (BearKat Wind B)|Glasscock|TX|162.1|wind|2025-01-31|sheet Project Details - Large Gen row 36" \
		"$(q s.db "select project, county, state, mw, fuel, expected_online, loc
			   from v_grid_requests_current where iso = '"'ERCOT'"' and queue_id = '"'15INR0064b'"'")"
'

# ---- CAISO: sheets "Grid GenerationQueue" (rows 5..397), "Completed Generation Projects"
# (rows 5..224), "Withdrawn Generation Projects" (rows 5..1670); header row 4 under group titles
test_expect_success 'CAISO: 393 active, 220 completed, 1,666 withdrawn; run date 2025-01-23 (AF1)' '
	load CAISO_Queue_Report.xlsx &&
	test_eq 0 "$(cat CAISO_Queue_Report.xlsx.rc)" &&
	grep -q "read 2279, stored 2279, unchanged 0, rejected 0" CAISO_Queue_Report.xlsx.load &&
	test_eq 393 "$(cnt "iso = '"'CAISO'"' and status_raw like '"'ACTIVE%'"'")" &&
	test_eq 220 "$(cnt "iso = '"'CAISO'"' and status = '"'operational'"'")" &&
	test_eq 1666 "$(cnt "iso = '"'CAISO'"' and status = '"'withdrawn'"'")" &&
	test_eq 2025-01-23 "$(q s.db "select max(as_of) from v_grid_requests_current where iso = '"'CAISO'"'")"
'
# "Fuel-1" = Battery among the 393 active: 245 (with Fuel-2 empty they are storage, else hybrid)
test_expect_success 'CAISO: 245 active projects have Fuel-1 Battery' '
	test_eq 245 "$(cnt "iso = '"'CAISO'"' and status_raw like '"'ACTIVE%'"' and fuel_raw like '"'Battery%'"'")"
'
# column P "Net MWs to Grid": active 108,272.07, completed 30,045.427, withdrawn 354,174.575
test_expect_success 'CAISO: Net MWs to Grid: active 108,272.07, completed 30,045.427, withdrawn 354,174.575' '
	test_eq 108272.07 "$(mwsum "iso = '"'CAISO'"' and status_raw like '"'ACTIVE%'"'")" &&
	test_eq 30045.427 "$(mwsum "iso = '"'CAISO'"' and status = '"'operational'"'")" &&
	test_eq 354174.575 "$(mwsum "iso = '"'CAISO'"' and status = '"'withdrawn'"'")"
'
# Grid GenerationQueue row 396: PAJARO VALLEY STORAGE, 2192, Battery, Net MWs 100, SAN DIEGO, SDGE
test_expect_success 'CAISO: PAJARO VALLEY STORAGE, queue 2192, 100 MW storage, San Diego' '
	test_eq "PAJARO VALLEY STORAGE|100.0|storage|SAN DIEGO|CA|active|sheet Grid GenerationQueue row 396" \
		"$(q s.db "select project, mw, kind, county, state, status, loc
			   from v_grid_requests_current where iso = '"'CAISO'"' and queue_id = '"'2192'"'")"
'
test_expect_success 'CAISO: the legend and disclaimer rows under each table are not data' '
	! grep -q "no Queue Position" CAISO_Queue_Report.xlsx.err
'

# ---- NYISO: sheet "Interconnection Queue" rows 2..193 (192 projects), blank row 194, summary rows
# 195-198 ("Number of new projects year to date" 440), "NOTES:" at row 200
test_expect_success 'NYISO: detected; the queue sheet'"'"'s 192 rows: 141 requests + 51 AC/DC transmission projects' '
	load NYISO-Interconnection-Queue.xlsx &&
	test_eq 0 "$(cat NYISO-Interconnection-Queue.xlsx.rc)" &&
	test_eq 192 "$(grep -c "sheet Interconnection Queue row" NYISO-Interconnection-Queue.xlsx.jsonl)" &&
	test_eq 51 "$(grep "sheet Interconnection Queue row" NYISO-Interconnection-Queue.xlsx.jsonl | grep -c "\"request_kind\":\"transmission\",\"fuel\":\"other\",\"fuel_raw\":\"[AD]C\"")" &&
	grep -q "sheet Interconnection Queue row 193\"" NYISO-Interconnection-Queue.xlsx.jsonl &&
	! grep -q "sheet Interconnection Queue row 19[4-9]\"" NYISO-Interconnection-Queue.xlsx.jsonl &&
	! grep -q "sheet Interconnection Queue row 2[0-9][0-9]\"" NYISO-Interconnection-Queue.xlsx.jsonl &&
	grep -q "read 2106, stored 2106, unchanged 0, rejected 0" NYISO-Interconnection-Queue.xlsx.load
'
# column E "SP (MW)" of the 141 (Type/ Fuel not AC or DC): 16,748.9; Type/ Fuel "L" (load): 24 rows, 4,209.1 MW
test_expect_success 'NYISO: queue SP (MW) 16,748.9; 24 large loads of 4,209.1 MW' '
	grep "sheet Interconnection Queue row" NYISO-Interconnection-Queue.xlsx.jsonl >iq.jsonl &&
	test_eq 16748.9 "$(q s.db "select round(sum(mw), 3) from obs_grid_request where loc like '"'sheet Interconnection Queue row %'"'
		and request_kind <> '"'transmission'"'")" &&
	test_eq "24|4209.1" "$(q s.db "select count(*), round(sum(mw), 3) from obs_grid_request
		where loc like '"'sheet Interconnection Queue row %'"' and request_kind = '"'load'"'")"
'
# row 2: 0276, Homer Solar Energy Center, SP 90, S, Cortland; " Cluster Projects" row 3: C24-002, 1400, OSW
test_expect_success 'NYISO: 0276 Homer Solar 90 MW Cortland; C24-002 1,400 MW offshore wind (sheet " Cluster Projects")' '
	test_eq "Homer Solar Energy Center|90.0|solar|Cortland" "$(q s.db "select project, mw, fuel, county
		from v_grid_requests_current where iso = '"'NYISO'"' and queue_id = '"'0276'"'")" &&
	test_eq "1400.0|wind|OSW|sheet  Cluster Projects row 3" "$(q s.db "select mw, fuel, fuel_raw, loc
		from v_grid_requests_current where iso = '"'NYISO'"' and queue_id = '"'C24-002'"'")"
'
# "In Service" sheet: two-row header (row 1 "Queue"/"SP"..., row 2 "Pos."/"(MW)"...), data from row 3: 0001 Con Edison
test_expect_success 'NYISO: the In Service sheet'"'"'s two-row header is read (0002 Athens Gen 1,080 MW operational)' '
	test_eq "1080.0|operational|sheet In Service row 4" "$(q s.db "select mw, status, loc from obs_grid_request
		where iso = '"'NYISO'"' and queue_id = '"'0002'"'")"
'

test_expect_success 'loading every file again stores nothing new' '
	for f in MISO_GI_Interactive_Queue.csv PJM_Queue.xlsx SPP_GI_ActiveRequest.xlsx \
		 ERCOT_GIS_Report_December2024.xlsx CAISO_Queue_Report.xlsx NYISO-Interconnection-Queue.xlsx; do
		test_expect_code "$(cat "$f.rc")" gw-parse -d s.db "$P/$f" >again.jsonl 2>/dev/null &&
		test_expect_code "$(cat "$f.rc")" gw-load -d s.db again.jsonl 2>>again || return 1
	done &&
	test_eq 6 "$(grep -c "stored 0, unchanged" again)" &&
	test_eq 0 "$(grep "stored 0" again | grep -vc "rejected [01]$")"
'
test_done
