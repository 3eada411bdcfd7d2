#!/bin/sh
# Virginia data-center registry (corpus/permits/registry.csv, 21 columns, 832 rows): sites,
# DEQ air-permit registrations, zoning cases, capacities. Expected values read by hand with
# python3's csv module (rows are physical lines; line 1 is the header).
. "$(dirname "$0")/test-lib.sh"
need_corpus
REG=$CORPUS/permits/registry.csv

test_expect_success 'registry.csv: detected, no rejects, exit 0' '
	gw-parse "$REG" >reg.jsonl 2>err &&
	grep -q "parser va-dc-registry (detected)" err &&
	test_eq 0 "$(grep -c "\"kind\":\"reject\"" reg.jsonl)" &&
	gw-load -d r.db reg.jsonl
'
test_expect_success '832 sites, all in VA, counties from the locality column (Loudoun 342, Prince William 336)' '
	test_eq 832 "$(q r.db "select count(*) from obs_site")" &&
	test_eq 832 "$(q r.db "select count(*) from obs_site where state = '"'VA'"'")" &&
	test_eq "342|336" "$(q r.db "select sum(county = '"'Loudoun County'"'), sum(county = '"'Prince William County'"') from obs_site")"
'
# column self_generation_source: 491 rows "DEQ nnnnn [status]", 391 [operating], 100 [planned]
test_expect_success '491 DEQ air-permit registrations: 391 operating, 100 planned, raw text kept' '
	test_eq "air|VA DEQ|491" "$(q r.db "select permit_kind, authority, count(*) from obs_permit where permit_kind = '"'air'"'")" &&
	test_eq "operating|391
planned|100" "$(q r.db "select status, count(*) from obs_permit where permit_kind = '"'air'"' group by 1 order by 1")" &&
	test_eq 128 "$(q r.db "select count(distinct permit_id) from obs_permit where permit_kind = '"'air'"'")"
'
# line 2: loudoun_existing, NOKES PLAZA, operator_raw MEDINA DC 2 ASSETS LLC, osm_ref IAD1-A,
# BUILT, sq_ft 88490, DEQ 74164 [operating], parcel_id 030297084000
test_expect_success 'NOKES PLAZA (IAD1-A, line 2): 88,490 sq ft, DEQ 74164 operating, parcel 030297084000' '
	test_eq "74164|NOKES PLAZA|88490.0|030297084000|operating|DEQ 74164 [operating]|MEDINA DC 2 ASSETS LLC|Loudoun County" \
		"$(q r.db "select permit_id, site, sqft, parcel, status, status_raw, applicant, county from obs_permit
			where loc = '"'line 2'"' and permit_kind = '"'air'"'")" &&
	test_eq "operational|BUILT|39.023261|-77.413159" "$(q r.db "select status, status_raw, lat, lon from obs_site where loc = '"'line 2'"'")"
'
# column zoning_case: 213 rows (Loudoun County 107, Prince William County 106)
test_expect_success '213 zoning cases, by the locality that decides them' '
	test_eq "Loudoun County|107
Prince William County|106" "$(q r.db "select authority, count(*) from obs_permit where permit_kind = '"'zoning'"' group by 1 order by 1")"
'
# column status: Existing 205, BUILT 103, Completed 55 | Under Construction 30, UNDER CONSTRUCTION 29,
# BUILT/UNDER CONSTRUCTION 6, BULT/UNDER CONSTRUCTION 1 | Proposed 244, Planned 121, Pending 36, Under Review 2
test_expect_success 'status spellings normalised, raw kept: 363 operational, 66 under construction, 403 announced' '
	test_eq "announced|403
operational|363
under_construction|66" "$(q r.db "select status, count(*) from obs_site group by 1 order by 1")" &&
	test_eq "under_construction|BULT/UNDER CONSTRUCTION|TRUE NORTH" "$(q r.db "select status, status_raw, name from obs_site where loc = '"'line 90'"'")"
'
# column mw: 20 rows, summing to 5,530.7; line 806 Shannon Hill Regional Business Park 1100.0, Proposed
test_expect_success '20 stated MW figures, basis unknown, summing to 5,530.7 MW; Shannon Hill 1,100 MW announced' '
	test_eq "20|5530.7|unknown" "$(q r.db "select count(*), round(sum(mw), 1), group_concat(distinct mw_basis) from obs_capacity")" &&
	test_eq "1100.0|announced|Proposed" "$(q r.db "select mw, status, status_raw from obs_capacity where loc = '"'line 806'"'")"
'
test_expect_success 'rows without a name are named by their OSM ref, else their parcel' '
	test_eq "IAD151|parcel 113162785000" "$(q r.db "select group_concat(name, '"'|'"') from (select name from obs_site
		where name in ('"'IAD151'"', '"'parcel 113162785000'"') order by name)")"
'
test_expect_success 'Amazon Data Services Inc and "Amazon (AWS)" resolve to amazon' '
	test_eq 0 "$(q r.db "select count(*) from obs_permit where applicant in ('"'Amazon Data Services Inc'"', '"'AMAZON DATA SERVICES INC'"', '"'Amazon (AWS)'"')
		and coalesce(operator_id, '"''"') <> '"'amazon'"'")" &&
	test_eq 188 "$(q r.db "select count(*) from obs_site where operator_id = '"'amazon'"'")"
'
test_expect_success 'owner LLCs named after their operator resolve (QTS DULLES LLC, VANTAGE DATA CENTERS VA11 LLC)' '
	test_eq "qts|vantage" "$(q r.db "select (select distinct operator_id from obs_permit where applicant = '"'QTS DULLES LLC'"'),
		(select distinct operator_id from obs_permit where applicant = '"'VANTAGE DATA CENTERS VA11 LLC'"')")" &&
	test_eq 0 "$(q r.db "select count(*) from obs_permit where operator_id is null and (applicant like '"'QTS %'"'
		or applicant like '"'VANTAGE %'"' or applicant like '"'ALIGNED %'"' or applicant like '"'Amazon%'"')")"
'
test_expect_success 'loading it again stores nothing new' '
	gw-load -d r.db reg.jsonl 2>err && grep -q "read 1556, stored 0, unchanged 1556" err
'
test_expect_success 'a malformed DEQ citation is rejected with its reason, the rest of the row kept' '
	{ head -1 "$REG"; echo "pec,Fauquier County,Example Park,Example,none,,,,Proposed,,,REC,,,,yes (air permit),DEQ pending,,,-77.9,38.7"; } >bad.csv &&
	test_must_fail gw-parse -p va-dc-registry bad.csv >out 2>err &&
	grep -q "line 2: self_generation_source is not" err &&
	test_eq 1 "$(grep -c "\"kind\":\"site\"" out)"
'
test_done
