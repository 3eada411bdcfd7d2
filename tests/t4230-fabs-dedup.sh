#!/bin/sh
# One row per fab across the three fab lists of ../shared/corpus/fabs (store/fabs.h, migration
# 063), and the report's fabs section. Expected values read by hand with python3's json module
# (JSON paths given), never from our own output:
#
# fabs_sourced.json: 79 fabs, all stored (Crolles 2, $[72], has lat 267195: kept without its
# point, gw-parse exits 1); fabs.json: the same list minified but for one, 78 objects (Crolles
# again at $[71]); every one has the operator and name of a fabs_sourced.json row (their
# coordinates rounded to 5 decimals), so they are one fab each: 79 + 78 rows, 79 fabs.
# fabs.geojson: 60 points; 33 of them name a fab of
# fabs_sourced.json, by company (the fabs.geojson name | the fabs_sourced.json name, and the city):
#   TSMC 9: [0] TSMC Fab 12 | $[10] Fab 12 (Fab 12A / Fab 12B, ...), Hsinchu; [1] Fab 14 | $[11];
#     [2] Fab 15 | $[12], Taichung; [3] Fab 18 | $[13]; [4] TSMC Fab 20 (N2) | $[14] Fab 20;
#     [5] TSMC Fab 21 (Arizona) | $[15] Fab 21 (TSMC Arizona), Phoenix; [6] JASM / TSMC Kumamoto |
#     $[17] JASM Kumamoto (...), Kikuyo; [7] TSMC Nanjing | $[19] Fab 16 (TSMC Nanjing);
#     [9] ESMC Dresden | $[18] ESMC Dresden (...). Alone: $[16] Fab 22, [8] WaferTech (TSMC Camas).
#     10 + 10 - 9 = 11 fabs.
#   Intel 5: [17] Intel D1X (Ronler Acres) | $[25] D1X, Hillsboro; [19] Intel Fab 11X | $[29];
#     [20] Intel Ohio One | $[28] Ohio One (Mod 1 / Mod 2), New Albany; [21] Intel Fab 28 | $[26];
#     [22] Intel Fab 34 (Leixlip) | $[27] Fab 34. Apart: [18] Intel Ocotillo (Fab 42/52/62) and
#     $[22] Fab 42, $[23] Fab 52, $[24] Fab 32 (one point, 33.24002 -111.885306, three names of one
#     list); [23] Intel Magdeburg; [24] Intel Penang (assembly/test), a packaging site. 8 + 8 - 5 = 11.
#   Samsung 5: [10] Samsung Giheung Campus | $[77] Giheung Campus (...), Yongin; [11] Hwaseong
#     Campus | $[76]; [14] Samsung Austin | $[78] Samsung Austin Semiconductor (S2 line); [15]
#     Samsung Taylor | $[40] Samsung Taylor Fab 1 (Taylor Fab); [16] Samsung Xi'an | $[41] Samsung
#     China Semiconductor Production Center, Xi'an (...). Apart: [12] Samsung Pyeongtaek Campus
#     and $[73..75] Pyeongtaek P1, P2, P3; [13] Samsung Onyang (packaging). 7 + 8 - 5 = 10.
#   GlobalFoundries 2: [25] GlobalFoundries Fab 8 (city Malta, no status) | $[54] Fab 8 ("400
#     Stonebreak Road Extension, ..., Malta, NY 12020", operating, 12 nm, 33,333 wafers a month);
#     [26] GlobalFoundries Fab 1 (Dresden) | $[55] Fab 1 Dresden (operating, 22 nm, 79,167). Apart:
#     [27] GlobalFoundries Singapore (Woodlands) and $[56] Fab 7 (Woodlands campus); [28]
#     GlobalFoundries Burlington. 4 + 3 - 2 = 5.
#   Micron 3 (Manassas, Hiroshima, Taichung: 6 + 6 - 3 = 9, [38] Micron Xi'an (backend) a
#   packaging site), UMC 2 (Fab 12A, 12i), TI 2 (Sherman | SM1 (Sherman Manufacturing Campus),
#   Lehi (LFAB) | LFAB (...)), SK hynix 1 (Wuxi | Wuxi C2 (...): 5 + 3 - 1 = 7, [50] SK Hynix
#   Chongqing (ATM) a packaging site), SMIC 2 (Tianjin, Shenzhen), STMicro 2 (Agrate; [56]
#   STMicroelectronics Crolles, city Crolles | $[72] Crolles 300mm (Crolles 2), place "850 rue
#   Jean Monnet, 38920 Crolles, Isere", the only Crolles fab of either list).
# 79 + 60 - 33 = 106 fabs, 4 of them packaging sites: [13], [24], [38], [50].
# fabs.geojson has no status property; its "role" is a status for 7 points: "Under construction"
# [4] TSMC Fab 20 (N2), [9] ESMC Dresden, [15] Samsung Taylor, [20] Intel Ohio One; "Planned" [23]
# Intel Magdeburg, "Planned DRAM" [35] Micron Clay (NY), "Planned cluster" [51] SK Hynix Yongin
# (planned). fabs_sourced.json says "operating" for $[14] Fab 20 and "construction" for $[18],
# $[40], $[28]. The JSON lists state no date: loaded here as of 2026-06-01, after fabs.geojson's
# metadata.updated 2026-04-19, so theirs is the status stated last.
. "$(dirname "$0")/test-lib.sh"
need_corpus
F=$CORPUS/fabs

fabs() { q "$1" "select company, name, kind, coalesce(status, '-'), coalesce(node_nm, '-'), coalesce(wspm, '-'), lists
	from v_fabs order by company, name"; }

test_expect_success 'the three lists, recorded with their parsers, load (Crolles without its point in two); in another order too' '
	for f in fabs_sourced.json fabs.json; do
		test_expect_code 1 gw-parse -q -d s.db --as-of 2026-06-01 "$F/$f" >"$f.jsonl" 2>"$f.err" || return 1
		grep -q "lat 267195, .* is not a point on the globe" "$f.err" || return 1
	done &&
	gw-parse -q -d s.db "$F/fabs.geojson" >fabs.geojson.jsonl &&
	gw-load -q -d s.db fabs_sourced.json.jsonl fabs.json.jsonl fabs.geojson.jsonl &&
	gw-parse -q -d r.db "$F/fabs.geojson" >r-g.jsonl && gw-load -q -d r.db r-g.jsonl &&
	for f in fabs.json fabs_sourced.json; do
		test_expect_code 1 gw-parse -q -d r.db --as-of 2026-06-01 "$F/$f" >"r-$f.jsonl" 2>/dev/null || return 1
		gw-load -q -d r.db "r-$f.jsonl" || return 1
	done
'
test_expect_success '217 rows of the lists are 106 fabs: 102 wafer fabs and 4 packaging sites' '
	test_eq "217|3" "$(q s.db "select count(*), count(distinct doc) from v_fab_members")" &&
	test_eq "106|102|4" "$(q s.db "select count(*), sum(kind = '"'wafer'"'), sum(kind = '"'packaging'"') from v_fabs")"
'
test_expect_success 'GlobalFoundries: 5 fabs; "GlobalFoundries Fab 8" and "Fab 8" are one, operational, as fabs_sourced.json says' '
	cat >expect <<-\EOF &&
	globalfoundries|Fab 1 Dresden|wafer|operational|22.0|79167.0|fabs-compact,fabs-geojson,fabs-json
	globalfoundries|Fab 7 (Woodlands campus)|wafer|operational|40.0|-|fabs-compact,fabs-json
	globalfoundries|Fab 8|wafer|operational|12.0|33333.0|fabs-compact,fabs-geojson,fabs-json
	globalfoundries|GlobalFoundries Burlington|wafer|-|180.0|-|fabs-geojson
	globalfoundries|GlobalFoundries Singapore|wafer|-|40.0|-|fabs-geojson
	EOF
	fabs s.db | grep "^globalfoundries|" >got &&
	test_cmp expect got &&
	test_eq "Fab 8; GlobalFoundries Fab 8" "$(q s.db "select names from v_fabs where name = '"'Fab 8'"'")"
'
test_expect_success 'fabs per company after the join: TSMC 11, Intel 11 (1 packaging), Samsung 10 (1), Micron 9 (1), SK hynix 7 (1)' '
	cat >expect <<-\EOF &&
	globalfoundries|5|0
	intel|11|1
	micron|9|1
	samsung|10|1
	sk-hynix|7|1
	smic|6|0
	texas-instruments|5|0
	tsmc|11|0
	umc|6|0
	EOF
	q s.db "select company, count(*), sum(kind = '"'packaging'"') from v_fabs where company in
		('"'globalfoundries'"', '"'intel'"', '"'micron'"', '"'samsung'"', '"'sk-hynix'"', '"'smic'"',
		 '"'texas-instruments'"', '"'tsmc'"', '"'umc'"') group by 1 order by 1" >got &&
	test_cmp expect got
'
test_expect_success 'fabs.geojson'"'"'s role gives 7 points a status; of two stated, the one stated last (Fab 20 operating)' '
	cat >expect <<-\EOF &&
	ESMC Dresden (European Semiconductor Manufacturing Company GmbH)|under_construction
	Fab 20|operational
	Intel Magdeburg|announced
	Micron Clay (NY)|announced
	Ohio One (Mod 1 / Mod 2)|under_construction
	SK Hynix Yongin (planned)|announced
	Samsung Taylor Fab 1 (Taylor Fab)|under_construction
	EOF
	q s.db "select name, status from v_fabs where fab_id in (select fab_id from v_fab_members
		where list = '"'fabs-geojson'"' and status is not null) order by name" >got &&
	test_cmp expect got &&
	test_eq "fabs-compact|operational|2026-06-01
fabs-geojson|under_construction|2026-04-19
fabs-json|operational|2026-06-01" "$(q s.db "select list, status, as_of from v_fab_members where fab_id =
		(select fab_id from v_fabs where name = '"'Fab 20'"') order by list")"
'
test_expect_success 'the members of Fab 8, each with its rule and evidence' '
	q s.db "select l.rule, l.evidence from fab_links l join v_fabs f on f.fab_id = l.fab_id
		where f.name = '"'Fab 8'"' and f.company = '"'globalfoundries'"' order by l.rule" >got &&
	test_eq 3 "$(wc -l <got)" &&
	grep -q "^first|$" got &&
	grep -q "^key|same company and name: .Fab 8. in fabs.json (\$\[6\]) and in fabs_sourced.json (\$\[54\])" got &&
	grep -q "^name|name .8. of .* and .* city .malta.$" got &&
	test_eq "first|106
key|78
name|33" "$(q s.db "select rule, count(*) from fab_links group by 1 order by 1")"
'
test_expect_success 'two names of one list are two fabs: Fab 42, Fab 52, Fab 32 at one point; Ocotillo apart, for review' '
	test_eq 3 "$(q s.db "select count(distinct fab_id) from v_fab_members where list = '"'fabs-json'"'
		and name in ('"'Fab 42'"', '"'Fab 52'"', '"'Fab 32'"')")" &&
	test_eq "Fab 32|Fab 42|Fab 52" "$(q s.db "select group_concat(name_a, '"'|'"') from (select name_a from v_fab_candidates
		where name_b = '"'Intel Ocotillo (Fab 42/52/62)'"' and not refused order by 1)")" &&
	test_eq "same company, city '"'woodlands'"'" "$(q s.db "select evidence from v_fab_candidates
		where name_b = '"'GlobalFoundries Singapore'"'")"
'
test_expect_success 'the packaging, assembly and test sites: the four fabs.geojson names that say so' '
	cat >expect <<-\EOF &&
	Intel Penang (assembly/test)|'"'"'Intel Penang (assembly/test)'"'"' in fabs.geojson ($.features[24]) says assembly
	Micron Xi'"'"'an (backend)|'"'"'Micron Xi'"'"'an (backend)'"'"' in fabs.geojson ($.features[38]) says backend
	SK Hynix Chongqing (ATM)|'"'"'SK Hynix Chongqing (ATM)'"'"' in fabs.geojson ($.features[50]) says atm
	Samsung Onyang (packaging)|'"'"'Samsung Onyang (packaging)'"'"' in fabs.geojson ($.features[13]) says packaging
	EOF
	q s.db "select name, kind_evidence from v_fabs where kind = '"'packaging'"' order by name" >got &&
	test_cmp expect got
'
test_expect_success 'the order the lists were loaded in changes nothing (ids, names, statuses); --resolve neither' '
	q s.db "select fab_id, company, name, kind, status, node_nm, wspm, lists from v_fabs order by fab_id" >a &&
	q r.db "select fab_id, company, name, kind, status, node_nm, wspm, lists from v_fabs order by fab_id" >b &&
	test_cmp a b &&
	gw-load -q -d r.db --resolve &&
	q r.db "select fab_id, company, name, kind, status, node_nm, wspm, lists from v_fabs order by fab_id" >c &&
	test_cmp a c
'
test_expect_success 'report: each fab once, by company; packaging apart; no fab twice with a status and without' '
	gw-report -d s.db -f json >r.json &&
	gw-report -d s.db --section fabs >r.txt &&
	python3 -c "
import json
d = json.load(open(\"r.json\"))
c = {r[\"company\"]: r for r in d[\"fabs_by_company\"]}
assert (c[\"globalfoundries\"][\"fabs\"], c[\"globalfoundries\"][\"operational\"], c[\"globalfoundries\"][\"no_status\"]) == (5, 3, 2)
assert c[\"globalfoundries\"][\"wspm\"] == 33333 + 79167 and c[\"globalfoundries\"][\"wspm_fabs\"] == 2
assert (c[\"tsmc\"][\"fabs\"], c[\"intel\"][\"fabs\"], c[\"samsung\"][\"fabs\"]) == (11, 10, 9)
assert c[\"intel\"][\"node_nm\"] == \"1.8\"  # fabs_sourced.json \$[23] Fab 52, nodeNm 1.8
assert [r[\"company\"] for r in d[\"fabs_by_company\"][:3]] == [\"tsmc\", \"intel\", \"samsung\"]
assert sorted(r[\"name\"] for r in d[\"fab_packaging\"]) == [\"Intel Penang (assembly/test)\", \"Micron Xi\x27an (backend)\",
       \"SK Hynix Chongqing (ATM)\", \"Samsung Onyang (packaging)\"]
assert len(d[\"fab_list\"]) == 106
g = [r for r in d[\"fabs\"] if r[\"company\"] == \"globalfoundries\" and r[\"node_nm\"] == \"12\"]
assert [(r[\"status\"], r[\"fabs\"], r[\"wspm\"]) for r in g] == [(\"operational\", 1, 33333)], g
assert any(r[\"name_a\"] == \"Fab 7 (Woodlands campus)\" and r[\"name_b\"] == \"GlobalFoundries Singapore\" for r in d[\"fab_candidates\"])
" &&
	grep -q "^106 fabs from 217 rows of 3 documents, each fab once" r.txt &&
	! grep -q "GlobalFoundries Fab 8" r.txt &&
	test_eq 0 "$(awk "length > 100" r.txt | wc -l)"
'
# Two lists written here: one names two Intel fabs apart ("Fab 1 (North)", "Fab 1 (South)", both in
# Chandler), the other one "Intel Fab 1" in Chandler: it shares the core "1" with both, so it joins
# the nearer and the join with the other is refused (the first list tells them apart).
test_expect_success 'a row that matches two fabs one list names apart joins one; the other join is refused, for review' '
	cat >a.json <<-\EOF &&
	[{"name": "Fab 1 (North)", "operator": "Intel Corporation", "country": "US", "place": "Chandler, Arizona",
	  "lat": 33.30, "lon": -111.88, "waferMm": 300, "status": "operating"},
	 {"name": "Fab 1 (South)", "operator": "Intel Corporation", "country": "US", "place": "Chandler, Arizona",
	  "lat": 33.20, "lon": -111.88, "waferMm": 300, "status": "construction"}]
	EOF
	cat >b.geojson <<-\EOF &&
	{"type": "FeatureCollection", "metadata": {"updated": "2026-01-01"}, "features": [
	 {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-111.88, 33.29]},
	  "properties": {"name": "Intel Fab 1", "operator": "Intel", "country": "US", "city": "Chandler",
	  "node_nm": 3, "wafer_size_mm": 300}}]}
	EOF
	gw-parse -q -d t.db a.json >a.jsonl && gw-parse -q -d t.db b.geojson >b.jsonl &&
	gw-load -q -d t.db a.jsonl b.jsonl &&
	test_eq "Fab 1 (North)|operational|3.0|Fab 1 (North); Intel Fab 1
Fab 1 (South)|under_construction|-|Fab 1 (South)" "$(q t.db "select name, status, coalesce(node_nm, '"'-'"'), names
		from v_fabs order by name")" &&
	test_eq "1|a.json lists '"'"'Fab 1 (North)'"'"' (\$[0]) and '"'"'Fab 1 (South)'"'"' (\$[1]) apart" \
		"$(q t.db "select refused, reason from fab_candidates")"
'
test_done
