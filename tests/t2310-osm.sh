#!/bin/sh
# OpenStreetMap Overpass extracts of data centers (corpus/datacenters/osm_us_*.json): every
# element a site, nodes by lat/lon, ways and relations by `center`. Expected values read by
# hand from the JSON with python3's json module (paths given).
. "$(dirname "$0")/test-lib.sh"
need_corpus
DC=$CORPUS/datacenters

test_expect_success 'osm_us_va.json: detected, 389 elements -> 389 sites, no rejects, exit 0' '
	gw-parse "$DC/osm_us_va.json" >va.jsonl 2>err &&
	grep -q "parser osm-datacenters (detected)" err &&
	test_eq 389 "$(grep -c "\"kind\":\"site\"" va.jsonl)" &&
	test_eq 0 "$(grep -c "\"kind\":\"reject\"" va.jsonl)" &&
	gw-load -d o.db va.jsonl
'
# $.elements[*].type: 367 way (with center), 21 node (lat/lon), 1 relation (with center)
test_expect_success 'element types: 367 ways, 21 nodes, 1 relation, each with coordinates' '
	test_eq "node|21
relation|1
way|367" "$(q o.db "select t, count(*) from (select case when loc like '"'%(node %'"' then '"'node'"' when loc like '"'%(way %'"' then '"'way'"'
		else '"'relation'"' end as t from obs_site) group by t order by t")" &&
	test_eq 389 "$(q o.db "select count(*) from obs_site where lat is not null and lon is not null")"
'
# $.osm3s.timestamp_osm_base = "2026-07-26T12:32:56Z"
test_expect_success 'as_of is the extract date (osm3s.timestamp_osm_base 2026-07-26)' '
	test_eq "2026-07-26" "$(q o.db "select distinct as_of from obs_site")"
'
# 132 elements with tags.operator == "Amazon Web Services"
test_expect_success '132 elements operated by "Amazon Web Services", all resolved to amazon' '
	test_eq 132 "$(q o.db "select count(*) from obs_site where operator = '"'Amazon Web Services'"'")" &&
	test_eq 132 "$(q o.db "select count(*) from obs_site where operator = '"'Amazon Web Services'"' and operator_id = '"'amazon'"'")"
'
# the element with id 9092482804: type node, lat 39.0254851, lon -77.4146998,
# tags.name "Amazon Web Services IAD69", tags.ref IAD69
test_expect_success 'node 9092482804 is "Amazon Web Services IAD69" at 39.0254851, -77.4146998' '
	test_eq "Amazon Web Services IAD69|39.0254851|-77.4146998|amazon" "$(q o.db "select name, lat, lon, operator_id
		from obs_site where loc like '"'%(node 9092482804)'"'")"
'
# the relation 19787207: center 38.8023704,-77.5823062; addr:* 13760 University Boulevard, Gainesville, VA 20155
test_expect_success 'the relation keeps its center and address tags' '
	test_eq "Microsoft Data Center 1|38.8023704|-77.5823062|13760 University Boulevard, Gainesville, VA 20155|VA|microsoft" \
		"$(q o.db "select name, lat, lon, address, state, operator_id from obs_site where loc like '"'%(relation 19787207)'"'")"
'
# 68 elements have no name tag; one of them has operator and ref, the others are named by type and id
test_expect_success 'unnamed elements are named by operator and ref, else by type and id' '
	test_eq 67 "$(q o.db "select count(*) from obs_site where name like '"'OSM %'"'")"
'
# osm_us_tx.json: 133 elements; $.elements[0] node 6856057098 "VIRTBIZ", 2805 Canton Street, Dallas, TX 75226
test_expect_success 'osm_us_tx.json: 133 sites; the first, node 6856057098, VIRTBIZ at 2805 Canton Street, Dallas' '
	gw-parse "$DC/osm_us_tx.json" >tx.jsonl &&
	test_eq 133 "$(grep -c "\"kind\":\"site\"" tx.jsonl)" &&
	gw-load -d tx.db tx.jsonl &&
	test_eq "VIRTBIZ|2805 Canton Street, Dallas, TX 75226|Dallas|TX|2026-05-06|\$.elements[0] (node 6856057098)" \
		"$(q tx.db "select name, address, city, state, as_of, loc from obs_site where loc like '"'%(node 6856057098)'"'")"
'
test_expect_success 'loading the extract again stores nothing new' '
	gw-load -d o.db va.jsonl 2>err && grep -q "stored 0, unchanged 389" err
'
test_expect_success 'truncated Overpass JSON: said clearly, non-zero exit, no crash' '
	head -c 5000 "$DC/osm_us_va.json" >trunc.json &&
	test_must_fail gw-parse -p osm-datacenters trunc.json >out 2>err &&
	grep -q "not valid" err
'
test_expect_success 'deeply nested JSON is refused, not recursed into' '
	{ printf "{\"generator\":\"Overpass\",\"elements\":"; i=0; while [ $i -lt 3000 ]; do printf "["; i=$((i+1)); done;
	  i=0; while [ $i -lt 3000 ]; do printf "]"; i=$((i+1)); done; printf "}"; } >deep.json &&
	test_must_fail gw-parse -p osm-datacenters deep.json >out 2>err &&
	test_eq 0 "$(wc -l <out)"
'
test_expect_success 'a huge name is rejected with its reason; a lone surrogate becomes U+FFFD; the rest is read' '
	{ printf "{\"generator\":\"Overpass\",\"osm3s\":{\"timestamp_osm_base\":\"2026-01-01T00:00:00Z\"},\"elements\":[{\"type\":\"node\",\"id\":7,\"lat\":1,\"lon\":2,\"tags\":{\"name\":\"";
	  head -c 200000 /dev/zero | tr "\0" "N";
	  printf "\"}},{\"type\":\"node\",\"id\":8,\"lat\":1,\"lon\":2,\"tags\":{\"name\":\"caf\\\\u00e9 \\\\ud800\"}}]}"; } >huge.json &&
	test_must_fail gw-parse -p osm-datacenters huge.json >out 2>err &&
	grep -q "elements.0. (node 7): name longer than 65536 bytes" err &&
	test_must_fail gw-load -d h.db out &&
	test_eq "name longer than 65536 bytes" "$(q h.db "select reason from rejects")" &&
	test_eq "café ���" "$(q h.db "select name from obs_site")"
'
test_done
