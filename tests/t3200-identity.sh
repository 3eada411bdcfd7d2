#!/bin/sh
# One campus, one number (migration 060, store/sites.c, store/identity.c): snapshots of a
# source supersede each other unless unhealthy; every site, capacity and permit observation
# resolves to one site; v_site_capacity gives one figure per site and quarter; the override
# file; and all of it independent of the order documents are loaded in.
. "$(dirname "$0")/test-lib.sh"

# The MISO fixture: 4 requests (J1000, J2001, J2002, J2003) and the junk row AA1234 (a reject,
# so gw-parse and gw-load both exit 1 on it).
MISO=$FIXTURES/power/miso_gi_queue.csv
# snap DB DATE FILE PARSE_STATUS LOAD_STATUS: FILE as the snapshot of source miso published on DATE
# (its records and messages in BASENAME.jsonl, .perr, .err here in the trash, never beside FILE)
snap() {
	_o=$(basename "$3") &&
	test_expect_code "$4" gw-parse -d "$1" -p miso-queue --source miso --as-of "$2" "$3" >"$_o.jsonl" 2>"$_o.perr" &&
	test_expect_code "$5" gw-load -d "$1" "$_o.jsonl" 2>"$_o.err"
}
miso_ids() { q "$1" "select group_concat(queue_id, ' ') from (select queue_id from v_grid_requests_current where iso = 'MISO' order by 1)"; }

test_expect_success 'snapshots: the newer snapshot of a source supersedes the older one key by key' '
	snap m.db 2025-01-01 "$MISO" 1 1 &&
	test_eq "J1000 J2001 J2002 J2003" "$(miso_ids m.db)" &&
	sed "/^\"J2001\"/d" "$MISO" >miso2.csv &&
	snap m.db 2025-02-01 miso2.csv 1 1 &&
	test_eq "J1000 J2002 J2003" "$(miso_ids m.db)" &&
	test_eq "removed|miso|J2001" "$(q m.db "select change, source, name from v_changes")"
'
test_expect_success 'snapshots: v_snapshots says which is current, by publication date' '
	test_eq "2025-01-01|1|0
2025-02-01|1|1" "$(q m.db "select published, healthy, current from v_snapshots where source = '"'miso'"'")"
'
test_expect_success 'an older snapshot loaded later supersedes nothing (publication date, not load order)' '
	cp "$MISO" miso0.csv && printf "\n" >>miso0.csv &&
	snap m.db 2024-12-01 miso0.csv 1 1 &&
	test_eq "J1000 J2002 J2003" "$(miso_ids m.db)"
'
# 1 row of 3: under half of the previous healthy snapshot's observations
test_expect_success 'a snapshot that lost most of its rows is unhealthy: the previous one stays current, said' '
	sed "/^\"J2002\"/,/^- Wahpeton/d; /^\"J2003\"/d" miso2.csv >miso3.csv &&
	snap m.db 2025-03-01 miso3.csv 1 1 &&
	test_eq "J1000 J2002 J2003" "$(miso_ids m.db)" &&
	grep -q "snapshot miso3.csv (.*) is unhealthy: 1 observations, under half of the previous healthy snapshot.s 3" miso3.csv.err &&
	test_eq "" "$(q m.db "select change from v_changes where source = '"'miso'"' and change = '"'removed'"' and name <> '"'J2001'"'")" &&
	test_eq "0|0" "$(q m.db "select healthy, current from v_snapshots where name = '"'miso3.csv'"'")"
'
test_expect_success 'a renamed required column reads as no withdrawal: the snapshot is unhealthy' '
	sed "1s/Request Status/Status of Request/" miso2.csv >miso4.csv &&
	snap m.db 2025-04-01 miso4.csv 1 0 &&
	test_eq "J1000 J2002 J2003" "$(miso_ids m.db)" &&
	grep -q "snapshot miso4.csv .* is unhealthy: header lost columns: .Request Status. (renamed .Status of Request.);" miso4.csv.err &&
	test_eq 0 "$(q m.db "select observations from v_snapshots where name = '"'miso4.csv'"'")"
'
test_expect_success 'a renamed optional column (County) is unhealthy: the counties stay as they were' '
	sed "1s/\"County\"/\"Cnty\"/" miso2.csv >miso5.csv &&
	snap m.db 2025-05-01 miso5.csv 1 1 &&
	grep -q "column .County. renamed to .Cnty." miso5.csv.perr &&
	grep -q "snapshot miso5.csv .* is unhealthy: header lost columns: .County. (renamed .Cnty.);" miso5.csv.err &&
	test_eq "Grant County" "$(q m.db "select county from v_grid_requests_current where queue_id = '"'J1000'"'")"
'
test_expect_success 'the report names each snapshot held back, why, and how to take it' '
	gw-report -d m.db --section headline >head.txt &&
	tr "\n" " " <head.txt | sed "s/  */ /g" >head1.txt &&
	grep -q "3 snapshots are held back as unhealthy and counted nowhere until accepted" head1.txt &&
	for f in miso3.csv miso4.csv miso5.csv; do
		sha=$(q m.db "select sha256 from documents where name = '"'"'$f'"'"'") &&
		grep -q "$f (source miso: [^;]*; gw-load --accept $sha)" head1.txt || return 1
	done &&
	grep -q "miso3.csv (source miso: 1 observations, under half of the previous healthy snapshot.s 3;" head1.txt &&
	gw-report -d m.db --section changes >chg.txt &&
	! grep -q "no source has two snapshots" chg.txt
'
test_expect_success 'gw-load --accept takes an unhealthy snapshot: it supersedes, its changes show' '
	sha=$(q m.db "select sha256 from documents where name = '"'miso3.csv'"'") &&
	gw-load -d m.db --accept "$sha" 2>err &&
	test_eq "J1000" "$(miso_ids m.db)" &&
	test_eq "1|1|1" "$(q m.db "select healthy or accepted, accepted, current from v_snapshots where name = '"'miso3.csv'"'")" &&
	test_expect_code 2 gw-load -d m.db --accept 0000000000000000000000000000000000000000000000000000000000000000 2>err &&
	grep -q "no snapshot 0000" err
'
test_expect_success 'an accepted snapshot is no longer said to be held back' '
	gw-report -d m.db --section headline | tr "\n" " " | sed "s/  */ /g" >head2.txt &&
	grep -q "2 snapshots are held back" head2.txt &&
	! grep -q "miso3.csv (source" head2.txt
'

# A document that dates itself is published on that date when neither --as-of nor its name
# says: the OSM fixture's osm3s.timestamp_osm_base 2026-07-26 (later.json), and a copy dated
# 2025-01-15 with a fourth element (earlier.json, the larger, added last). Undated, earlier.json
# would be the newer by size and first seen; its own date makes later.json current.
test_expect_success 'a document that dates itself (OSM osm_base) is published then: the later extract is current' '
	cp "$FIXTURES/datacenters/osm_example.json" later.json &&
	sed -e "s/2026-07-26T12:32:56Z/2025-01-15T00:00:00Z/" \
	    -e "s/^  \"elements\": \[/&\n    {\"type\": \"node\", \"id\": 9000000009, \"lat\": 39.0, \"lon\": -77.4, \"tags\": {\"name\": \"Old Hall\", \"telecom\": \"data_center\"}},/" \
	    later.json >earlier.json &&
	test_eq 4 "$(gw-parse -q earlier.json | grep -c "\"kind\":\"site\"")" &&
	for f in later.json earlier.json; do
		gw-parse -q -d o.db --source osm-va "$f" >"$f.jsonl" && gw-load -q -d o.db "$f.jsonl" || return 1
	done &&
	test_eq "earlier.json|2025-01-15|0
later.json|2026-07-26|1" "$(q o.db "select name, published, current from v_snapshots order by name")" &&
	test_eq "" "$(q o.db "select name from v_sites_current where name = '"'Old Hall'"'")"
'

# Copies of one dataset under two source ids are still snapshots of one dataset (its parser's);
# fetched or added the same day without --as-of, the date in a name orders them.
test_expect_success 'two copies of one dataset under two source ids: one current, ordered by the date in their names' '
	sed "/^\"J2001\"/d" "$MISO" >queue_2025-03.csv &&
	cp "$MISO" queue_2025-01.csv &&
	test_expect_code 1 gw-parse -d n.db -p miso-queue --source miso-march queue_2025-03.csv >n1.jsonl 2>/dev/null &&
	test_expect_code 1 gw-parse -d n.db -p miso-queue --source miso-january queue_2025-01.csv >n2.jsonl 2>/dev/null &&
	test_expect_code 1 gw-load -d n.db n1.jsonl n2.jsonl 2>/dev/null &&
	test_eq "J1000 J2002 J2003" "$(miso_ids n.db)" &&
	test_eq "parser:miso-queue|queue_2025-03.csv|2" "$(q n.db "select dataset, name, seq from v_snapshots where current = 1")" &&
	test_eq "2025-03-01" "$(q n.db "select distinct as_of from obs_grid_request where doc_id =
		(select id from documents where name = '"'queue_2025-03.csv'"')")"
'

# Sites from records: doc A lists two campuses at one street address (different projects),
# doc B names one of them otherwise, doc C has a capacity of each.
A=aaaa000000000000000000000000000000000000000000000000000000000001
B=bbbb000000000000000000000000000000000000000000000000000000000002
C=cccc000000000000000000000000000000000000000000000000000000000003
cat >a.jsonl <<EOF
{"kind":"site","operator":"Oracle","name":"Stargate Abilene","state":"TX","address":"5502 Spinks Rd, Abilene, TX 79601","as_of":"2026-08-01","src":{"doc":"$A","loc":"line 2"}}
{"kind":"site","operator":"Crusoe","name":"Crusoe Abilene Expansion","state":"TX","address":"5502 Spinks Rd, Abilene, TX 79601","as_of":"2026-08-01","src":{"doc":"$A","loc":"line 3"}}
EOF
cat >b.jsonl <<EOF
{"kind":"site","name":"OpenAI-Oracle Stargate Abilene Texas","state":"TX","address":"5502 Spinks Road, Abilene, TX 79601","as_of":"2025-12-01","src":{"doc":"$B","loc":"line 9"}}
{"kind":"site","operator":"Meta","name":"Prometheus","state":"OH","as_of":"2025-12-01","src":{"doc":"$B","loc":"line 10"}}
EOF
cat >c.jsonl <<EOF
{"kind":"capacity","site":"OpenAI-Oracle Stargate Abilene Texas","mw":200,"mw_basis":"it","status":"operational","expected_online":"2025Q3","as_of":"2025-12-01","src":{"doc":"$C","loc":"row 1"}}
{"kind":"capacity","site":"Crusoe Abilene Expansion","state":"TX","mw":114,"mw_basis":"facility","status":"under_construction","expected_online":"2026Q2","as_of":"2025-12-01","src":{"doc":"$C","loc":"row 2"}}
{"kind":"capacity","operator":"Meta Platforms","site":"Meta Prometheus","state":"OH","mw":300,"mw_basis":"it","status":"operational","expected_online":"2026Q1","as_of":"2025-12-01","src":{"doc":"$C","loc":"row 3"}}
EOF
sid() { q "$1" "select group_concat(distinct site_id) from v_site_members where name = '$2'"; }
dump() {
	q "$1" "select site_id, kind, name, doc, loc from v_site_members order by 1, 2, 3, 4, 5" &&
	q "$1" "select * from site_capacity order by 1, 2" &&
	q "$1" "select id, name, state, operator_id, partners, members from sites order by 1"
}
test_expect_success 'sites: a street address joins two documents, never two rows of one document' '
	gw-load -d s.db a.jsonl b.jsonl c.jsonl &&
	test_eq "$(sid s.db "Stargate Abilene")" "$(sid s.db "OpenAI-Oracle Stargate Abilene Texas")" &&
	test "$(sid s.db "Stargate Abilene")" != "$(sid s.db "Crusoe Abilene Expansion")" &&
	test_eq 1 "$(q s.db "select count(*) from site_links where rule = '"'address'"'
		and (member like '"'%OpenAI-Oracle%'"' or evidence like '"'%OpenAI-Oracle%'"')")"
'
test_expect_success 'sites: a capacity without a state or operator joins its site; the site gives them' '
	test_eq "$(sid s.db "Crusoe Abilene Expansion")" "$(q s.db "select site_id from obs_capacity where loc = '"'row 2'"'")" &&
	test_eq "oracle|TX" "$(q s.db "select operator, state from v_capacity_current where loc = '"'row 1'"'")"
'
test_expect_success 'sites: the core name joins "Meta Prometheus" and "Prometheus" of meta in OH' '
	test_eq "$(sid s.db "Prometheus")" "$(sid s.db "Meta Prometheus")"
'
test_expect_success 'v_site_capacity: one figure per site and quarter, in IT MW (114 facility / 1.14 = 100)' '
	test_eq "2026Q2|100.0|under_construction|facility" "$(q s.db "select quarter, round(mw_it, 1), status, basis_stated
		from v_site_capacity where site = '"'Crusoe Abilene Expansion'"' and quarter = '"'2026Q2'"'")" &&
	test_eq 0 "$(q s.db "select count(*) from (select site_id, quarter from v_site_capacity group by 1, 2 having count(*) > 1)")"
'
test_expect_success 'loading in another order gives the same sites, members and figures' '
	gw-load -d s2.db c.jsonl b.jsonl a.jsonl &&
	dump s.db >one && dump s2.db >two && test_cmp one two
'
test_expect_success 'overrides: "not" keeps names apart, "same" joins them, "operator" names it; --resolve applies them' '
	cat >sites.conf <<-EOF &&
	# analyst overrides
	not Stargate Abilene | OpenAI-Oracle Stargate Abilene Texas
	same Crusoe Abilene Expansion | Prometheus
	operator Crusoe Abilene Expansion | Crusoe Energy
	EOF
	gw-load -d s.db --resolve 2>err &&
	grep -q "sites, .* joins" err &&
	test "$(sid s.db "Stargate Abilene")" != "$(sid s.db "OpenAI-Oracle Stargate Abilene Texas")" &&
	test_eq "$(sid s.db "Crusoe Abilene Expansion")" "$(sid s.db "Prometheus")" &&
	test_eq "crusoe" "$(q s.db "select operator_id from sites where id = $(sid s.db "Crusoe Abilene Expansion")")" &&
	test_eq "override" "$(q s.db "select rule from site_links where member like '"'%Prometheus%'"' and rule = '"'override'"' limit 1")"
'
test_expect_success '--resolve after an override gives the store a fresh load with the override gives' '
	gw-load -d s3.db b.jsonl c.jsonl a.jsonl &&
	dump s.db >one && dump s3.db >two && test_cmp one two
'
test_expect_success 'a bad line of the override file is said with its line, the rest applies, status 1' '
	echo "merge A | B" >>sites.conf &&
	test_expect_code 1 gw-load -d s.db --resolve 2>err &&
	grep -q "sites.conf: line 5: expected" err &&
	test_eq "$(sid s.db "Crusoe Abilene Expansion")" "$(sid s.db "Prometheus")"
'
test_expect_success '--unresolved lists a join the precision rules refused' '
	rm sites.conf && gw-load -d s.db --resolve 2>/dev/null &&
	gw-load -d s.db --unresolved >out &&
	grep -q "^uncertain site	Stargate Abilene ~ Crusoe Abilene Expansion: address .*refused: operators differ (oracle, crusoe)" out
'

# gw-report --as-of reads the documents published by then (not fetched by then), in place:
# the fixture list says Example Ridge Campus has 310 MW (IT) now; a later snapshot says 500.
EDC=$FIXTURES/datacenters/frontier_data_centers.csv
test_expect_success 'gw-report --as-of: the snapshot published by then, read in place' '
	sed "s/^Example Ridge Campus,210000.5,310,/Example Ridge Campus,210000.5,500,/" "$EDC" >edc2.csv &&
	! cmp -s "$EDC" edc2.csv &&
	gw-parse -d r.db --source epoch-dc --as-of 2025-06-01 "$EDC" 2>/dev/null >e1.jsonl &&
	gw-parse -d r.db --source epoch-dc --as-of 2025-09-01 edc2.csv 2>/dev/null >e2.jsonl &&
	gw-load -d r.db e2.jsonl e1.jsonl 2>/dev/null &&
	ridge() { python3 -c "
import json, sys
d = json.load(sys.stdin)
print([round(r[\"mw_it_now\"]) for r in d[\"top_campuses\"] if r[\"site\"] == \"Example Ridge Campus\"])"; } &&
	test_eq "[500]" "$(gw-report -d r.db --quarter 2025Q3 -f json | ridge)" &&
	test_eq "[310]" "$(gw-report -d r.db --quarter 2025Q3 --as-of 2025-07-15 -f json | ridge)" &&
	test_eq "2" "$(q r.db "select count(*) from documents")" &&
	test_eq "" "$(q r.db "select name from sqlite_temp_schema")"
'

# ---- the corpus's datacenter files, loaded as snapshots of their sources ----
need_corpus
DC=$CORPUS/datacenters
# load DB FILE SOURCE DATE (a document's publication date: the snapshot's date)
# (the files' rejected rows make gw-parse and gw-load exit 1: t2300 and t2320 check those)
load() {
	gw-parse -d "$1" --source "$3" --as-of "$4" "$2" 2>/dev/null >"$1.$3.jsonl" || :
	gw-load -d "$1" "$1.$3.jsonl" 2>/dev/null || :
}
load_all() {
	for f in "$@"; do
		case $f in
		dc25) load "$DB" "$DC/data_centers.csv" epoch-dc 2025-12-15 ;;
		dc26) load "$DB" "$DC/data_centers_2026-08.csv" epoch-dc 2026-08-15 ;;
		tl25) load "$DB" "$DC/data_center_timelines.csv" epoch-timelines 2025-12-15 ;;
		tl26) load "$DB" "$DC/data_center_timelines_2026-08.csv" epoch-timelines 2026-08-15 ;;
		gc) load "$DB" "$DC/gpu_clusters.csv" epoch-gpu-clusters 2025-12-15 ;;
		osm) load "$DB" "$DC/osm_us_va.json" osm-va 2026-07-26 ;;
		reg) load "$DB" "$CORPUS/permits/registry.csv" va-registry 2026-07-01 ;;
		esac
	done
	test_eq "$#" "$(q "$DB" "select count(*) from documents")"
}
test_expect_success 'corpus: the seven datacenter files in two orders give the same sites and figures' '
	DB=c1.db load_all dc25 dc26 tl25 tl26 gc osm reg &&
	DB=c2.db load_all reg osm tl26 gc dc26 tl25 dc25 &&
	dump c1.db >one && dump c2.db >two && test_cmp one two
'
test_expect_success 'corpus: Colossus 2 is one site under every name the sources give it' '
	s=$(sid c1.db "Colossus 2") && test -n "$s" &&
	for n in "xAI Colossus 2 Memphis Tennessee" "xAI Colossus 2 Memphis Phase 1" "xAI Colossus 2 Memphis Phase 2"; do
		test_eq "$s" "$(sid c1.db "$n")" || return 1
	done &&
	test "$s" != "$(sid c1.db "Colossus 1")"
'
# data_center_timelines_2026-08.csv, Colossus 2 on 2026-07-01: IT power 946 MW (the latest row
# by the end of 2026Q3); data_centers_2026-08.csv: Current power 946.
test_expect_success 'corpus: Colossus 2 has one figure a quarter: 946 MW IT in 2026Q3, from the timeline' '
	test_eq "946.0|operational|1" "$(q c1.db "select mw_it, status, class from v_site_capacity
		where site_id = $(sid c1.db "Colossus 2") and quarter = '"'2026Q3'"'")" &&
	test_eq 0 "$(q c1.db "select count(*) from (select quarter from v_site_capacity
		where site_id = $(sid c1.db "Colossus 2") group by 1 having count(*) > 1)")"
'
# The five Epoch files crawled as a user would, one sources.conf id each, fetched the same day:
# the 2026-08 copies are the current snapshots (the date in their names), the Dec 2025 copies give
# nothing, and the timeline's rows after 2026-08-01 stay projections (not operational).
test_expect_success 'corpus: the Epoch files crawled under five source ids: each dataset once, the newer copy current' '
	{
		echo "user_agent=gigawatt-test (ops@example.org)" &&
		echo "dc-2025 $DC/data_centers.csv epoch-dc delay=0" &&
		echo "dc-2026 $DC/data_centers_2026-08.csv epoch-dc delay=0" &&
		echo "tl-2025 $DC/data_center_timelines.csv epoch-timelines delay=0" &&
		echo "tl-2026 $DC/data_center_timelines_2026-08.csv epoch-timelines delay=0" &&
		echo "clusters $DC/gpu_clusters.csv epoch-gpu-clusters delay=0"
	} >crawl.conf &&
	gw-crawl -q -d w.db -s crawl.conf &&
	test_eq "data_center_timelines_2026-08.csv
data_centers_2026-08.csv
gpu_clusters.csv" "$(q w.db "select name from v_snapshots where current = 1 order by name")" &&
	test_eq 0 "$(q w.db "select count(*) from site_capacity where doc in (select sha256 from documents
		where name in ('"'data_centers.csv'"', '"'data_center_timelines.csv'"'))")" &&
	test_eq "946.0|operational" "$(q w.db "select mw_it, status from v_site_capacity
		where site_id = $(sid w.db "Colossus 2") and quarter = '"'2026Q3'"'")" &&
	test_eq 0 "$(q w.db "select count(*) from obs_capacity where doc_id = (select id from documents
		where name = '"'data_center_timelines_2026-08.csv'"') and phase is null and as_of > '"'2026-08-01'"'")"
'
# data_centers.csv carries no date in its name: added today, it is the newer snapshot by date,
# held back as unhealthy (16 sites against 75). A campus takes its name from the current list
# (data_centers_2026-08.csv, column Name: "Colossus 2", "Anthropic-Amazon New Carlisle"), not
# from the held-back one (column Handle: "xAI Colossus 2 Memphis Tennessee", "Anthropic-Amazon
# Project Rainier New Carlisle Indiana").
test_expect_success 'corpus: a campus is named by the current list, not by a snapshot held back' '
	test_eq "0|1" "$(q w.db "select healthy, published > '"'2026-08-01'"' from v_snapshots where name = '"'data_centers.csv'"'")" &&
	test_eq "Colossus 2" "$(q w.db "select name from sites where id = $(sid w.db "xAI Colossus 2 Memphis Tennessee")")" &&
	test_eq "Anthropic-Amazon New Carlisle" "$(q w.db "select name from sites
		where id = $(sid w.db "Anthropic-Amazon Project Rainier New Carlisle Indiana")")"
'
# Superseded snapshots (data_centers.csv and data_center_timelines.csv of Dec 2025) give no figure
# and are no source of any: every figure comes from a current document.
test_expect_success 'corpus: the older snapshots add no MW once the newer ones are loaded' '
	old="(select sha256 from documents where name in ('"'data_centers.csv'"', '"'data_center_timelines.csv'"'))" &&
	test_eq 2 "$(q c1.db "select count(*) from $old")" &&
	test_eq 0 "$(q c1.db "select count(*) from site_capacity where doc in $old")" &&
	test_eq 0 "$(q c1.db "select count(*) from site_capacity c, documents d
		where d.sha256 in $old and instr(c.sources, d.sha256)")" &&
	test_eq "0|0" "$(q c1.db "select count(*), count(distinct source) from v_snapshots where current = 1
		and name in ('"'data_centers.csv'"', '"'data_center_timelines.csv'"')")" &&
	DB=c3.db load_all dc26 tl26 &&
	DB=c5.db load_all dc25 tl25 dc26 tl26 &&
	sums() { q "$1" "select quarter, round(sum(mw_it), 3) from v_site_capacity where quarter >= '"'2026Q3'"' group by 1"; } &&
	sums c3.db >one && sums c5.db >two && test_cmp one two
'
test_expect_success 'corpus: every one of the 75 sites of data_centers_2026-08.csv has an operator' '
	test_eq "75|75" "$(q c1.db "select count(*), count(operator) from v_sites
		where doc = (select sha256 from documents where name = '"'data_centers_2026-08.csv'"')")"
'
# The hand computation, done again here from the two 2026-08 files alone: every site named by
# either (76 names); its figure at the end of 2026Q3 is the timeline's IT power on its latest
# row dated by 2026-09-30, operational when that row is dated by the files' publication
# (2026-08-15) and above 0; a site without a timeline takes its Current power (MW). 57 sites,
# 11,006.8 MW; e.g. Colossus 2 946 (timeline 2026-07-01), Meta Prometheus from its timeline.
test_expect_success 'corpus: operational IT MW in 2026Q3 equals the hand computation from the files (11,006.8 MW)' '
	DB=c4.db load_all dc26 tl26 &&
	python3 - "$DC" >hand <<-\EOF &&
	import csv, sys
	d = sys.argv[1] + "/"
	dc = list(csv.DictReader(open(d + "data_centers_2026-08.csv", newline="", encoding="utf-8")))
	tl = list(csv.DictReader(open(d + "data_center_timelines_2026-08.csv", newline="", encoding="utf-8")))
	series = {}
	for r in tl:
	    if r["IT power (MW)"]:
	        series.setdefault(r["Data center"], []).append((r["Date"], float(r["IT power (MW)"])))
	cur = {r["Name"]: r["Current power (MW)"] for r in dc}
	total = n = 0
	for name in set(series) | set(cur):
	    if name in series:
	        pts = sorted(p for p in series[name] if p[0] <= "2026-09-30")
	        if pts and pts[-1][0] <= "2026-08-15" and pts[-1][1] > 0:
	            total += pts[-1][1]; n += 1
	    elif cur[name] and float(cur[name]) > 0:
	        total += float(cur[name]); n += 1
	print("%.1f|%d" % (total, n))
	EOF
	test_eq "11006.8|57" "$(cat hand)" &&
	test_eq "11006.8|57" "$(q c4.db "select round(sum(mw_it), 1), count(*) from v_site_capacity
		where quarter = '"'2026Q3'"' and status = '"'operational'"'")" &&
	test_eq 76 "$(q c4.db "select count(*) from sites")"
'
# Ten pairs of differently named records that are one campus (the evidence each join records is
# the same street address, 5 m to 150 m between points, or the list's own link), and ten similar
# pairs that are not (two rows of one list, another street address, another town).
same() { test_eq "$(sid c1.db "$1")" "$(sid c1.db "$2")"; }
apart() { a=$(sid c1.db "$1") && b=$(sid c1.db "$2") && test -n "$a" && test -n "$b" && test "$a" != "$b"; }
test_expect_success 'corpus: ten pairs of names of one campus are one site' '
	same "Colossus 2" "xAI Colossus 2 Memphis Tennessee" &&		# 5420 Tulane Rd, Memphis, TN 38109
	same "Colossus 1" "xAI Colossus 1 Memphis Tennessee" &&		# 3231 Riverport Rd, 38109
	same "Anthropic-Amazon New Carlisle" "Anthropic-Amazon Project Rainier New Carlisle Indiana" &&	# 55001 Larrison Blvd
	same "Meta Prometheus" "Meta Prometheus New Albany Ohio" &&	# 1 Community Cir, New Albany, OH 43054
	same "Microsoft Fairwater Atlanta" "Microsoft Fairwater Fayetteville Georgia" &&	# 1435 Hwy 54 W, 30214
	same "Microsoft Fairwater Wisconsin" "Microsoft Fairwater Mount Pleasant Wisconsin" &&	# 4800 90th St, 53403
	same "Google New Albany" "Google New Albany Ohio" &&		# 1101 Beech Rd SW, 43054
	same "Google Omaha" "Google Omaha Nebraska" &&			# 11110 State St, 68142
	same "OpenAI Stargate Abilene" "OpenAI-Oracle Stargate Abilene Texas" &&	# 5502 Spinks Rd, 79601
	same "Amazon IAD11" "Amazon AWS IAD-11" &&			# OSM way 45776978, registry line 208: 9 m
	same "Colossus 2" "xAI Colossus 2 Memphis Phase 1"		# Phase 2 "Builds Upon" Phase 1
'
# Goodnight: data_centers_2026-08.csv line 258, Owner "Google #speculative" (Users "Google
# DeepMind #speculative", Construction companies "Crusoe,Hoffman"), Address "10001 Lima Rd,
# Claude, TX 79019"; gpu_clusters.csv record "Crusoe Goodnight in Claude, Texas" (physical line
# 1023), Owner Crusoe, Location "10001 Lima Rd, Claude, TX 79019", Power Capacity 1000 MW
# (Planned). A guessed owner is no operator, so the street address makes them one campus, Crusoe's,
# whose figure is the timeline's (by 2028Q4: 1,006 MW IT, data_center_timelines_2026-08.csv
# "Goodnight" 2027-10-01), not that plus the cluster list's 1,000 MW facility.
test_expect_success 'corpus: Goodnight, whose owner Epoch only guesses, is the Crusoe campus of the cluster list' '
	same "Goodnight" "\"Crusoe Goodnight in Claude, Texas\"" &&
	s=$(sid c1.db "Goodnight") &&
	test_eq "crusoe" "$(q c1.db "select operator_id from sites where id = $s")" &&
	test_eq "1006.0|it" "$(q c1.db "select mw_it, basis_stated from v_site_capacity where site_id = $s and quarter = '"'2028Q4'"'")" &&
	test_eq "" "$(q c1.db "select operator from obs_site o join documents d on d.id = o.doc_id
		where o.name = '"'Goodnight'"' and d.name = '"'data_centers_2026-08.csv'"'")"
'
# Places: a name of nothing but operator and place joins the one campus of that operator there.
# gpu_clusters.csv "Meta Louisiana Datacenter" (Owner Meta AI, Location "Holly Ridge" line break
# "Louisiana 71269", 2,260 MW planned) is data_centers_2026-08.csv "Meta Hyperion" ("Holly Ridge,
# LA 71269"), whose timeline gives 1,676 MW IT by 2028-01-01; its "OpenAI/Microsoft Mt Pleasant,
# Wisconsin Phase 1" and "Phase 2" ("M39X+XG, Mt Pleasant, WI 53177", 300 and 1,500 MW) are
# "Microsoft Fairwater Wisconsin" ("4800 90th St, Mount Pleasant, WI 53403"); "CoreWeave Muskogee"
# ("Muskogee, Oklahoma" and coordinates) is "CoreWeave Muskogee OK" ("1525 W 43rd St S,
# Muskogee, OK 74401, USA"). Google Omaha stays apart from Google Papillion (the timelines list
# both), and an OSM building named "Amazon Web Services" in Manassas, where Amazon has several
# named campuses, joins none of them.
test_expect_success 'corpus: a name of operator and place only is the one campus of that operator there' '
	same "Meta Louisiana Datacenter" "Meta Hyperion" &&
	same "\"OpenAI/Microsoft Mt Pleasant, Wisconsin Phase 2\"" "Microsoft Fairwater Wisconsin" &&
	same "\"OpenAI/Microsoft Mt Pleasant, Wisconsin Phase 1\"" "Microsoft Fairwater Wisconsin" &&
	same "CoreWeave Muskogee" "CoreWeave Muskogee OK" &&
	apart "Google Omaha" "Google Papillion" &&
	test_eq "1676.0|it" "$(q c1.db "select mw_it, basis_stated from v_site_capacity
		where site_id = $(sid c1.db "Meta Hyperion") and quarter = '"'2028Q4'"'")" &&
	test_eq "place" "$(q c1.db "select rule from site_links where member like '"'%Meta Louisiana Datacenter%'"'")" &&
	test_eq 0 "$(q c1.db "select count(*) from site_links where rule = '"'place'"' and member like '"'%Amazon Web Services%'"'")" &&
	test "$(q c1.db "select count(*) from site_candidates where rule = '"'place'"' and member like '"'%Amazon Web Services%'"'")" -ge 1
'
test_expect_success 'corpus: ten similar pairs that are different campuses stay apart' '
	apart "Colossus 1" "Colossus 2" &&				# two rows of one list, 3231 Riverport vs 5420 Tulane
	apart "Crusoe Abilene Expansion" "OpenAI Stargate Abilene" &&	# one address, two rows of one list
	apart "Microsoft SAT14" "Microsoft SAT40" &&			# 3545 Wiseman Blvd vs 15000 Lambda Dr
	apart "QTS Richmond 1" "QTS Richmond 2" &&			# 6000 vs 6030-6070 Technology Blvd
	apart "Google New Albany" "Meta Prometheus" &&			# one ZIP (43054), two operators
	apart "Google Omaha" "Google Papillion" &&			# 11110 State St vs Gold Coast Rd
	apart "Amazon IAD11" "Amazon IAD24" &&				# two OSM buildings of one operator
	apart "Google Columbus" "Google Lancaster" &&			# two Ohio towns
	apart "CoreWeave Denton TX" "Coreweave Helios" &&		# Denton vs Afton, TX
	apart "Amazon Madison Mega Site" "Amazon Ridgeland" &&		# Canton vs Ridgeland, MS
	apart "OpenAI Stargate Shackelford" "OpenAI Stargate Abilene"	# 175 Private Road 1604 vs 5502 Spinks Rd
'
test_expect_success 'corpus: loading a document again, and --resolve, change nothing' '
	dump c1.db >one &&
	DB=c1.db load_all dc25 dc26 tl25 tl26 gc osm reg &&
	gw-load -d c1.db --resolve 2>/dev/null &&
	dump c1.db >two && test_cmp one two
'
test_done
