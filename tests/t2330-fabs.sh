#!/bin/sh
# The three fab lists (corpus/fabs): fabs_sourced.json (array, long keys), fabs.json (minified,
# short keys), fabs.geojson (FeatureCollection). Expected values read by hand with python3's
# json module (JSON paths given).
. "$(dirname "$0")/test-lib.sh"
need_corpus
F=$CORPUS/fabs

# Crolles 300mm (Crolles 2), fabs_sourced.json $[72] and fabs.json $[71], has lat 267195 (its
# geoSource text gives 45.267436): not a point on the globe. The parser says so and keeps the
# fab without its coordinates (status 1): a bad point loses the point, not the fab (node 28 nm,
# 300 mm, operating). fabs.geojson's node_nm 0 (23 points, e.g. $.features[13] Samsung Onyang)
# means none: left out.
test_expect_success 'each list is detected by its own parser, no rejects; Crolles kept without its point, said' '
	test_expect_code 1 gw-parse "$F/fabs_sourced.json" >s.jsonl 2>err && grep -q "parser fabs-json (detected)" err &&
	grep -q "fabs_sourced.json: \$\[72\]: lat 267195, lon 5.883863 is not a point on the globe (lat -90 to 90, lon -180 to 180); the fab is kept without its coordinates" err &&
	test_expect_code 1 gw-parse "$F/fabs.json" >c.jsonl 2>err && grep -q "parser fabs-compact (detected)" err &&
	grep -q "fabs.json: \$\[71\]: lat 267195, lon 5.88386 is not a point on the globe" err &&
	gw-parse "$F/fabs.geojson" >g.jsonl 2>err && grep -q "parser fabs-geojson (detected)" err &&
	! grep -q "\"kind\":\"reject\"" s.jsonl c.jsonl g.jsonl &&
	gw-load -d s.db s.jsonl &&
	gw-load -d c.db c.jsonl &&
	test_eq "28.0|300|operational||" "$(q s.db "select node_nm, wafer_mm, status, lat, lon from obs_fab where loc = '"'\$[72]'"'")" &&
	test_eq "28.0|300|operational||" "$(q c.db "select node_nm, wafer_mm, status, lat, lon from obs_fab where loc = '"'\$[71]'"'")" &&
	gw-load -d g.db g.jsonl &&
	test_eq 0 "$(q g.db "select count(*) from obs_fab where node_nm = 0")" &&
	test_eq 23 "$(q g.db "select count(*) from obs_fab where node_nm is null")"
'
# $ length 79; country "US" in 21; wspm non-null in 17; status operating 73, construction 6
test_expect_success 'fabs_sourced.json: 79 fabs stored, 21 in the US, 17 with wafer starts, 6 under construction' '
	test_eq 79 "$(q s.db "select count(*) from obs_fab")" &&
	test_eq 21 "$(q s.db "select count(*) from obs_fab where country = '"'US'"'")" &&
	test_eq 17 "$(q s.db "select count(*) from obs_fab where wspm is not null")" &&
	test_eq "operational|73
under_construction|6" "$(q s.db "select status, count(*) from obs_fab group by 1 order by 1")"
'
# $[21]: "Fab 12A", United Microelectronics Corporation (UMC), nodeNm 14, waferMm 300, wspm 136279, startYear 2002
test_expect_success 'UMC Fab 12A ($[21]): 14 nm, 300 mm, 136,279 wafer starts a month, since 2002, company umc' '
	test_eq "umc|14.0|300|136279.0|2002|\$[21]" "$(q s.db "select operator_id, node_nm, wafer_mm, wspm, start_year, loc
		from obs_fab where name = '"'Fab 12A'"'")"
'
# $[13]: "Fab 18 (Fab 18A / Fab 18B, phases P1-P8) — GIGAFAB", nodeNm 3
test_expect_success 'TSMC Fab 18 ($[13]): node 3 nm, company tsmc' '
	test_eq "tsmc|3.0" "$(q s.db "select operator_id, node_nm from obs_fab where loc = '"'\$[13]'"'")"
'
# place of the 21 US fabs: Arizona 4, New York 4, Texas 4, Minnesota 2, Oregon 2 ("Hillsboro,
# Washington County, Oregon" is in Oregon), Idaho, New Mexico, Ohio, Utah, Virginia 1 each
test_expect_success 'US states read from the place text (Washington County, Oregon is Oregon)' '
	test_eq "AZ:4 ID:1 MN:2 NM:1 NY:4 OH:1 OR:2 TX:4 UT:1 VA:1" "$(q s.db "select group_concat(state || '"':'"' || n, '"' '"')
		from (select state, count(*) n from obs_fab where country = '"'US'"' group by 1 order by 1)")"
'
test_expect_success 'every fab operator of the three lists resolves (subsidiaries and JVs to the parent)' '
	gw-load -d all.db s.jsonl c.jsonl g.jsonl &&
	test_eq 0 "$(q all.db "select count(*) from obs_fab where operator_id is null")" &&
	test_eq "tsmc" "$(q all.db "select distinct operator_id from obs_fab where company like '"'European Semiconductor Manufacturing%'"'")"
'
# fabs.json: 78 objects; $[0] n "Fab 12A", ws 136279, mw 446; 14 objects carry mw, summing to 1,903
test_expect_success 'fabs.json (compact): 78 fabs; Fab 12A 136,279 wspm and 446 MW; 14 with MW summing to 1,903' '
	test_eq 78 "$(q c.db "select count(*) from obs_fab")" &&
	test_eq "136279.0|446.0|\$[0]" "$(q c.db "select wspm, mw, loc from obs_fab where name = '"'Fab 12A'"'")" &&
	test_eq "14|1903.0" "$(q c.db "select count(mw), sum(mw) from obs_fab")"
'
# fabs.geojson: 60 features; metadata.updated 2026-04-19; $.features[0] TSMC Fab 12, Hsinchu,
# node_nm 5, coordinates [120.972, 24.784]; $.features[8] WaferTech (TSMC Camas), node_nm 160, 200 mm
test_expect_success 'fabs.geojson: 60 fabs as of 2026-04-19; TSMC Fab 12 Hsinchu 5 nm at 24.784, 120.972' '
	test_eq "60|2026-04-19" "$(q g.db "select count(*), max(as_of) from obs_fab")" &&
	test_eq "Hsinchu|5.0|300|24.784|120.972" "$(q g.db "select city, node_nm, wafer_mm, lat, lon from obs_fab where name = '"'TSMC Fab 12'"'")" &&
	test_eq "160.0|200|tsmc" "$(q g.db "select node_nm, wafer_mm, operator_id from obs_fab where loc = '"'\$.features[8]'"'")"
'
test_expect_success 'loading the lists again stores nothing new' '
	gw-load -d s.db s.jsonl 2>err && grep -q "stored 0, unchanged 79, rejected 0" err
'
test_expect_success 'a truncated list: said clearly, non-zero exit, no crash' '
	head -c 3000 "$F/fabs_sourced.json" >t.json &&
	test_must_fail gw-parse -p fabs-json t.json >out 2>err &&
	grep -q "not a valid fab list: malformed JSON" err
'
test_expect_success 'an entry without a name is rejected with its path, the others kept' '
	printf "[{\"name\":\"Fab 1\",\"operator\":\"Intel\",\"waferMm\":300},{\"operator\":\"Intel\",\"waferMm\":200}]" >n.json &&
	test_must_fail gw-parse -p fabs-json n.json >out 2>err &&
	grep -q "\\$\\[1\\]: fab without a name and an operator" err &&
	test_eq 1 "$(grep -c "\"kind\":\"fab\"" out)"
'
test_done
