#!/bin/sh
# Epoch AI data centers, timelines and GPU clusters (corpus/datacenters): every row read,
# no rejects, figures as the files state them (checked by hand with python3's csv module;
# each test says which rows and columns).
. "$(dirname "$0")/test-lib.sh"
need_corpus
DC=$CORPUS/datacenters

test_expect_success 'epoch-dc is detected on both schemas of data_centers.csv' '
	gw-parse "$DC/data_centers.csv" >dec.jsonl 2>err && grep -q "parser epoch-dc (detected)" err &&
	gw-parse --as-of 2026-08-01 "$DC/data_centers_2026-08.csv" >aug.jsonl 2>err &&
	grep -q "parser epoch-dc (detected)" err
'
test_expect_success 'data_centers_2026-08.csv: 75 sites from 323 physical lines, no rejects' '
	test_eq 75 "$(grep -c "\"kind\":\"site\"" aug.jsonl)" &&
	test_eq 0 "$(grep -c "\"kind\":\"reject\"" aug.jsonl)" &&
	gw-load -d e.db aug.jsonl
'
# Current power (MW), column C: 75 values summing to 11,862.8; 17 are 0 (not yet in service)
test_expect_success 'data_centers_2026-08.csv: current power sums to 11,862.8 MW of IT power; 0 MW gives no capacity' '
	test_eq 58 "$(q e.db "select count(*) from obs_capacity")" &&
	test_eq 11862.8 "$(q e.db "select round(sum(mw), 1) from obs_capacity where mw_basis = '"'it'"'")"
'
# row "Colossus 2": Current power 946, Current H100 equivalents 1111672.5618999496,
# Owner "SpaceXAI #confident", Address "5420 Tulane Rd, Memphis, TN 38109"
test_expect_success 'Colossus 2: 946 MW IT, 1,111,672.56 H100e, owner SpaceXAI -> xai, state TN from the address' '
	test_eq "946.0|it|operational|1111672.56|xai|TN" \
		"$(q e.db "select mw, mw_basis, status, round(h100e, 2), operator_id, state from obs_capacity where site = '"'Colossus 2'"'")" &&
	test_eq "United States|TN" "$(q e.db "select country, state from obs_site where name = '"'Colossus 2'"'")"
'
# Dec 2025 file: 16 rows; Current power (MW) of "Anthropic-Amazon Project Rainier New Carlisle
# Indiana" 751, of "xAI Colossus 1 Memphis Tennessee" 498; Latitude 41°41'36"N, Longitude 86°27'39"W
test_expect_success 'data_centers.csv (Dec 2025): 16 sites, Rainier 751 MW and Colossus 1 498 MW of facility power' '
	gw-load -d d.db dec.jsonl &&
	test_eq 16 "$(q d.db "select count(*) from obs_site")" &&
	test_eq "751.0|facility" "$(q d.db "select mw, mw_basis from obs_capacity where site like '"'%Rainier New Carlisle%'"'")" &&
	test_eq "498.0|amazon" "$(q d.db "select c.mw, (select operator_id from obs_capacity where site like '"'%Rainier%'"') from obs_capacity c where site = '"'xAI Colossus 1 Memphis Tennessee'"'")"
'
test_expect_success 'Dec 2025 coordinates in degrees, minutes, seconds are read (41°41'"'"'36"N 86°27'"'"'39"W)' '
	test_eq "41.69333|-86.4608|IN" "$(q d.db "select round(lat, 5), round(lon, 4), state from obs_site where name like '"'%Rainier New Carlisle%'"'")"
'

# Timelines, Dec 2025 schema: 112 rows, 16 sites, CRLF, M/D/YYYY. Stated as of 2025-12-15:
# 78 rows dated up to then, 33 later rows that raise the power (projections), 1 that does not.
test_expect_success 'data_center_timelines.csv: 112 rows -> 78 dated observations and 33 projected phases' '
	gw-parse --as-of 2025-12-15 "$DC/data_center_timelines.csv" >tl.jsonl 2>err &&
	grep -q "parser epoch-timelines (detected)" err &&
	gw-load -d t.db tl.jsonl &&
	test_eq 78 "$(q t.db "select count(*) from obs_capacity where phase is null")" &&
	test_eq 33 "$(q t.db "select count(*) from obs_capacity where phase like '"'by %'"'")" &&
	test_eq 16 "$(q t.db "select count(distinct site) from obs_capacity")"
'
# row "1/28/2018,Alibaba Zhangbei Zhangjiakou Hebei,...,76,...": Power (MW) 76, 3 buildings
test_expect_success 'Alibaba Zhangbei on 1/28/2018: 76 MW of facility power, operational, as of that date' '
	test_eq "76.0|facility|operational" "$(q t.db "select mw, mw_basis, status from obs_capacity
		where site = '"'Alibaba Zhangbei Zhangjiakou Hebei'"' and as_of = '"'2018-01-28'"'")"
'
test_expect_success 'history shows growth: Colossus 1 (Dec 2025 timeline) 44 -> 174 -> 349 -> 424 ... 498 MW' '
	test_eq "0.0 44.0 174.0 174.0 349.0 349.0 424.0 348.0 348.0 498.0" \
		"$(q t.db "select group_concat(mw, '"' '"') from (select mw from obs_capacity
			where site = '"'xAI Colossus 1 Memphis Tennessee'"' and phase is null order by as_of)")"
'
# 2/17/2026 row of xAI Colossus 2 Memphis Tennessee: Power 1379; the row before (10/19/2025) 276
# A projection holds the campus's cumulative power at its date, like every timeline row (the
# 33 projected rows' Power (MW), summed by python3 over the rows dated after 2025-12-15 whose
# power differs from the row before: 32,544.0).
test_expect_success 'a projection is a phase holding the cumulative power: Colossus 2 by 2026-02-17 = 1379 MW' '
	test_eq "1379.0|under_construction|2026-02-17|2025-12-15" "$(q t.db "select mw, status, expected_online, as_of
		from obs_capacity where site = '"'xAI Colossus 2 Memphis Tennessee'"' and phase = '"'by 2026-02-17'"'")" &&
	test_eq 32544.0 "$(q t.db "select round(sum(mw), 1) from obs_capacity where phase is not null")"
'

# Timelines, 2026 schema: 424 rows for 76 sites, ISO dates, adds "IT power (MW)".
# Row 421 (QTS Cedar Rapids, 2026-04-16) has no power at all: said, no record.
test_expect_success 'data_center_timelines_2026-08.csv: 424 rows, 76 sites; the row without power is named' '
	gw-parse --as-of 2026-08-01 "$DC/data_center_timelines_2026-08.csv" >tl2.jsonl 2>err &&
	grep -q "line 421: QTS Cedar Rapids on 2026-04-16 states no power" err &&
	gw-load -d t2.db tl2.jsonl &&
	test_eq 351 "$(q t2.db "select count(*) from obs_capacity where phase is null")" &&
	test_eq 70 "$(q t2.db "select count(*) from obs_capacity where phase is not null")" &&
	test_eq 76 "$(q t2.db "select count(distinct site) from obs_capacity")" &&
	test_eq 0 "$(grep -c "\"kind\":\"reject\"" tl2.jsonl)"
'
# row "Colossus 2,2026-07-01,...": IT power (MW) 946.0, Power (MW) 1276.0
test_expect_success 'Colossus 2 on 2026-07-01: the IT power column (946 MW) is used, basis it' '
	test_eq "946.0|it|operational" "$(q t2.db "select mw, mw_basis, status from obs_capacity
		where site = '"'Colossus 2'"' and as_of = '"'2026-07-01'"'")"
'

# gpu_clusters.csv: 786 records on 1,066 physical lines (145 records hold bare LF line breaks
# inside quoted fields, records end in CRLF). Status column: Existing 609, Planned 171,
# Decommissioned 6; Power Capacity (MW) given for 523 / 106 / 4 of them (153 without).
test_expect_success 'gpu_clusters.csv: 786 records despite embedded line breaks; 153 without power said' '
	gw-parse --as-of 2025-12-15 "$DC/gpu_clusters.csv" >gc.jsonl 2>err &&
	grep -q "parser epoch-gpu-clusters (detected)" err &&
	grep -q "153 clusters state no power capacity" err &&
	gw-load -d g.db gc.jsonl &&
	test_eq 633 "$(q g.db "select count(*) from obs_capacity")" &&
	test_eq 0 "$(grep -c "\"kind\":\"reject\"" gc.jsonl)"
'
test_expect_success 'gpu clusters: Existing -> operational, Planned -> announced (Unlikely -> rumored), Decommissioned -> cancelled' '
	test_eq "announced|100
cancelled|4
operational|523
rumored|6" "$(q g.db "select status, count(*) from obs_capacity group by 1 order by 1")" &&
	test_eq "Existing, Confirmed" "$(q g.db "select status_raw from obs_capacity where site = '"'xAI Colossus Memphis Phase 3'"'")"
'
# row "xAI Colossus Memphis Phase 3" (physical line 62): Existing, H100 equivalents 275795.8565,
# Power Capacity (MW) 352.352, chip NVIDIA H100 SXM5 80GB
test_expect_success 'largest existing cluster: Colossus Phase 3, 275,795.8565 H100e, 352.352 MW facility, line 62' '
	test_eq "352.352|facility|275795.8565|NVIDIA H100 SXM5 80GB|line 62" "$(q g.db "select mw, mw_basis, h100e, accelerator, loc
		from obs_capacity where site = '"'xAI Colossus Memphis Phase 3'"'")" &&
	test_eq "xAI Colossus Memphis Phase 3" "$(q g.db "select site from obs_capacity where status = '"'operational'"'
		order by h100e desc limit 1")" &&
	test_eq 2996.45 "$(q g.db "select round(sum(mw), 2) from obs_capacity where status = '"'operational'"'")"
'
test_expect_success 'Anonymized Chinese Systems stay apart (a name per row); every one of the 786 clusters gives a site' '
	test_eq 168 "$(q g.db "select count(distinct key) from obs_capacity where site like '"'Anonymized Chinese System (row %)'"'")" &&
	test_eq 786 "$(grep -c "\"kind\":\"site\"" gc.jsonl)"
'
test_expect_success 'loading the same documents twice stores nothing new' '
	gw-load -d g.db gc.jsonl 2>err && grep -q "stored 0, unchanged 1419" err &&
	gw-load -d t2.db tl2.jsonl 2>err && grep -q "stored 0, unchanged 421" err
'
test_expect_success 'a timeline whose required column was renamed is refused, saying which' '
	sed "1s/Construction status/Build status/" "$DC/data_center_timelines_2026-08.csv" >renamed.csv &&
	test_must_fail gw-parse -p epoch-timelines renamed.csv >/dev/null 2>err &&
	grep -q "header lacks a required column" err
'
test_expect_success 'hostile CSV: a 5 MB field and an unterminated quote are rejected by line, Latin-1 repaired, the rest read' '
	{ printf "Data center,Date,Construction status,Power (MW)\n";
	  printf "Caf\351 Campus,2025-01-01,ok,10\n";
	  printf "Big,2025-01-02,\""; head -c 5000000 /dev/zero | tr "\0" "x"; printf "\",20\n";
	  printf "After,2025-01-03,fine,30\n";
	  printf "Open,2025-01-04,\"never closed,40\n"; } >hostile.csv &&
	test_must_fail gw-parse -p epoch-timelines --as-of 2026-01-01 hostile.csv >out 2>err &&
	grep -q "line 3: " err && grep -q "line 5: unterminated quoted field" err &&
	test_eq 2 "$(grep -c "\"kind\":\"reject\"" out)" &&
	grep -qF "\"site\":\"$(printf "Caf\303\251") Campus\"" out && grep -q "\"site\":\"After\"" out
'
test_done
