#!/bin/sh
# Entity resolution: operators through aliases, sites by coordinates (R*Tree) or by name
# within a state (store/sites.c); gw-load --unresolved lists what needs review.
. "$(dirname "$0")/test-lib.sh"

D1=1111111111111111111111111111111111111111111111111111111111111111
D2=2222222222222222222222222222222222222222222222222222222222222222
D3=3333333333333333333333333333333333333333333333333333333333333333

test_expect_success 'SQLite has the R*Tree module compiled in' '
	sqlite3 :memory: "pragma compile_options" | grep -q "ENABLE_RTREE"
'

# An OSM node of Amazon Web Services; 40 m from it, a registry row of "Amazon Data Services Inc"
# with its DEQ permit naming the row's site; an Equinix building 30 m away; an AWS building
# 600 m away; a site of the same name in Texas.
cat >recs.jsonl <<EOF
{"kind":"site","operator":"Amazon Web Services","name":"Amazon Web Services IAD99","state":"VA","lat":39.0000,"lon":-77.4000,"as_of":"2026-07-26","src":{"doc":"$D1","loc":"\$.elements[0] (node 1)"}}
{"kind":"site","operator":"Amazon Data Services Inc","name":"NOKES WEST","country":"US","state":"VA","county":"Loudoun County","lat":39.00036,"lon":-77.4000,"as_of":"2026-01-01","src":{"doc":"$D2","loc":"line 2"}}
{"kind":"permit","authority":"VA DEQ","permit_id":"79999","permit_kind":"air","applicant":"Amazon Data Services Inc","site":"NOKES WEST","state":"VA","as_of":"2026-01-01","src":{"doc":"$D2","loc":"line 2"}}
{"kind":"site","operator":"Equinix","name":"DC99","state":"VA","lat":39.00027,"lon":-77.4000,"as_of":"2026-07-26","src":{"doc":"$D1","loc":"\$.elements[1] (way 2)"}}
{"kind":"site","operator":"AWS","name":"Amazon Web Services IAD98","state":"VA","lat":39.0054,"lon":-77.4000,"as_of":"2026-07-26","src":{"doc":"$D1","loc":"\$.elements[2] (way 3)"}}
{"kind":"site","operator":"Meta","name":"nokes   west!","state":"TX","as_of":"2026-07-26","src":{"doc":"$D1","loc":"\$.elements[3] (way 4)"}}
{"kind":"capacity","operator":"Amazon","site":"Amazon Web Services IAD98","mw":60,"mw_basis":"it","status":"operational","as_of":"2026-07-26","src":{"doc":"$D3","loc":"line 5"}}
{"kind":"capacity","site":"Nowhere Campus","state":"OH","mw":100,"mw_basis":"facility","status":"announced","as_of":"2026-07-26","src":{"doc":"$D3","loc":"line 6"}}
{"kind":"capacity","site":"Nowhere Campus","state":"OH","phase":"2","mw":100,"mw_basis":"facility","status":"announced","as_of":"2026-07-26","src":{"doc":"$D3","loc":"line 7"}}
{"kind":"permit","authority":"VA DEQ","permit_id":"70000","permit_kind":"air","applicant":"Unknown Holdings 7 LLC","as_of":"2026-01-01","src":{"doc":"$D2","loc":"line 9"}}
EOF

test_expect_success 'the records load' '
	gw-load -d s.db recs.jsonl
'
site() { q s.db "select site_id from obs_$1 where loc = '$2'"; }
test_expect_success 'an AWS OSM node and an Amazon Data Services permit 40 m away: one operator, one site' '
	test_eq "amazon|amazon" "$(q s.db "select (select operator_id from obs_site where loc like '"'%(node 1)'"'),
		(select operator_id from obs_permit where permit_id = '"'79999'"')")" &&
	test_eq "$(site site "\$.elements[0] (node 1)")" "$(site site "line 2")" &&
	test_eq "$(site site "line 2")" "$(q s.db "select site_id from obs_permit where permit_id = '"'79999'"'")"
'
test_expect_success 'a building of another operator 30 m away stays a site of its own' '
	test "$(site site "\$.elements[1] (way 2)")" != "$(site site "\$.elements[0] (node 1)")"
'
test_expect_success 'a building of the same operator 600 m away stays a site of its own' '
	test "$(site site "\$.elements[2] (way 3)")" != "$(site site "\$.elements[0] (node 1)")"
'
test_expect_success 'the same name in another state is another site (name match is within a state)' '
	test "$(site site "\$.elements[3] (way 4)")" != "$(site site "line 2")"
'
test_expect_success 'a capacity without a state joins the one site of its name' '
	test_eq "$(site site "\$.elements[2] (way 3)")" "$(site capacity "line 5")"
'
test_expect_success 'the site entity keeps every name it was seen under' '
	test_eq "amazon web services iad99
nokes west" "$(q s.db "select norm from site_names where site_id = $(site site "line 2") order by norm")"
'
test_expect_success 'gw-load --unresolved lists unresolved operators and sites no site record describes' '
	gw-load -d s.db --unresolved >out &&
	grep -q "^permit	Unknown Holdings 7 LLC	1$" out &&
	grep -q "^unmatched capacity	Nowhere Campus, OH	2$" out &&
	! grep -q "Amazon\|NOKES\|IAD9" out
'
test_expect_success 'a site record that arrives later resolves the unmatched site' '
	echo "{\"kind\":\"site\",\"name\":\"Nowhere Campus\",\"state\":\"OH\",\"as_of\":\"2026-08-01\",\"src\":{\"doc\":\"$D3\",\"loc\":\"line 8\"}}" >late.jsonl &&
	gw-load -d s.db late.jsonl &&
	gw-load -d s.db --unresolved >out &&
	! grep -q "Nowhere" out &&
	test_eq "$(site capacity "line 6")" "$(site site "line 8")"
'
# (two names of one document are two campuses: the address joins names of two documents)
test_expect_success 'two names at one street address in one state are one site; a town is not an address' '
	cat >addr.jsonl <<-EOF &&
	{"kind":"site","name":"xAI Colossus 1 Memphis Tennessee","state":"TN","address":"3231 Riverport Rd, Memphis, TN 38109","as_of":"2025-12-01","src":{"doc":"$D3","loc":"a1"}}
	{"kind":"site","name":"Colossus 1","state":"TN","address":"3231 Riverport Rd,  Memphis, TN 38109","as_of":"2026-08-01","src":{"doc":"$D2","loc":"a2"}}
	{"kind":"site","name":"Meta Hyperion","state":"LA","address":"Holly Ridge, LA 71269","as_of":"2026-08-01","src":{"doc":"$D3","loc":"a3"}}
	{"kind":"site","name":"Other Campus","state":"LA","address":"Holly Ridge, LA 71269","as_of":"2026-08-01","src":{"doc":"$D3","loc":"a4"}}
	EOF
	gw-load -d s.db addr.jsonl &&
	test_eq "$(site site a1)" "$(site site a2)" &&
	test "$(site site a3)" != "$(site site a4)"
'
test_expect_success 'loading the same records again changes no site' '
	before=$(q s.db "select count(*) || '"'/'"' || (select count(*) from site_names) from sites") &&
	gw-load -d s.db recs.jsonl 2>err && grep -q "stored 0" err &&
	test_eq "$before" "$(q s.db "select count(*) || '"'/'"' || (select count(*) from site_names) from sites")"
'

# The corpus: OSM way 45776978 "Amazon IAD11" (operator Amazon Web Services, center 38.7904948,
# -77.5411095) and registry.csv line 208 "Amazon AWS IAD-11" (operator "Amazon (AWS)", DEQ 73741
# [operating], 38.790574, -77.541124): 9 m apart by python3's haversine.
if [ -d "$CORPUS" ]; then
	test_expect_success 'corpus: OSM Amazon IAD11 and the registry row and DEQ permit of IAD-11 are one site of amazon' '
		gw-parse "$CORPUS/datacenters/osm_us_va.json" >osm.jsonl &&
		gw-parse "$CORPUS/permits/registry.csv" >reg.jsonl &&
		gw-load -d c.db osm.jsonl reg.jsonl &&
		osm=$(q c.db "select site_id from obs_site where loc like '"'%(way 45776978)'"'") &&
		test_eq "$osm" "$(q c.db "select site_id from obs_site where name = '"'Amazon AWS IAD-11'"' and loc = '"'line 208'"'")" &&
		test_eq "$osm|amazon|amazon" "$(q c.db "select site_id, operator_id, (select operator_id from obs_site where loc like '"'%(way 45776978)'"')
			from obs_permit where permit_id = '"'73741'"' and loc = '"'line 208'"'")"
	'
else
	test_skip 'corpus: OSM Amazon IAD11 and the registry row of IAD-11 are one site' 'no ../shared/corpus'
fi
test_done
