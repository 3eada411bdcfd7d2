#!/bin/sh
# v_changes: what changed between the two latest documents of a source: new, removed, status
# and MW changes, for grid requests (hand-written records, as a queue parser would write them),
# capacity, permits and fabs; and end to end through gw-parse -d with a real parser.
. "$(dirname "$0")/test-lib.sh"

D1=1111111111111111111111111111111111111111111111111111111111111111
D2=2222222222222222222222222222222222222222222222222222222222222222
D3=3333333333333333333333333333333333333333333333333333333333333333
D9=9999999999999999999999999999999999999999999999999999999999999999

gr() { # doc queue_id status mw [as_of]
	echo "{\"kind\":\"grid_request\",\"iso\":\"PJM\",\"queue_id\":\"$2\",\"project\":\"Project $2\",\"request_kind\":\"load\",\"fuel\":\"load\",\"mw\":$4,\"status\":\"$3\",\"as_of\":\"${5:-2026-01-01}\",\"src\":{\"doc\":\"$1\",\"loc\":\"row $2\"}}"
}
other() { # doc capacity-mw permit-status fab-status
	echo "{\"kind\":\"capacity\",\"operator\":\"AWS\",\"site\":\"IAD-1\",\"mw\":$2,\"mw_basis\":\"it\",\"status\":\"operational\",\"as_of\":\"2026-01-01\",\"src\":{\"doc\":\"$1\",\"loc\":\"c\"}}"
	echo "{\"kind\":\"permit\",\"authority\":\"VA DEQ\",\"permit_id\":\"74164\",\"permit_kind\":\"air\",\"site\":\"NOKES PLAZA\",\"status\":\"$3\",\"as_of\":\"2026-01-01\",\"src\":{\"doc\":\"$1\",\"loc\":\"p\"}}"
	echo "{\"kind\":\"fab\",\"company\":\"Intel\",\"name\":\"Fab 52\",\"status\":\"$4\",\"as_of\":\"2026-01-01\",\"src\":{\"doc\":\"$1\",\"loc\":\"f\"}}"
}
# as gw-fetch records a fetched document: its source and when it was first seen
src() { q c.db "update documents set source = '$2', first_seen = '$3' where sha256 = '$1'"; }

test_expect_success 'two loads of one source' '
	{ gr $D1 AA1-001 active 300; gr $D1 AA1-002 active 100; gr $D1 AA1-003 active 50;
	  other $D1 100 planned under_construction; } >one.jsonl &&
	{ gr $D2 AA1-001 withdrawn 300 2026-02-01; gr $D2 AA1-002 active 120 2026-02-01; gr $D2 AA1-004 active 75 2026-02-01;
	  other $D2 150 operating operational; } >two.jsonl &&
	gw-load -d c.db one.jsonl && src $D1 pjm 2026-01-01 &&
	gw-load -d c.db two.jsonl && src $D2 pjm 2026-02-01
'
# A change is dated when the newer document was published (here: first seen on 2026-02-01),
# whatever the as_of of its records (the capacity, permit and fab records say 2026-01-01).
test_expect_success 'v_changes: new, removed, status and MW changes, with both documents and the date' '
	q c.db "select kind, name, change, coalesce(old_value, '"'-'"'), coalesce(new_value, '"'-'"'), as_of from v_changes
		where source = '"'pjm'"' order by kind, name, change" >got &&
	cat >want <<-\EOF &&
	capacity|IAD-1|mw|100|150|2026-02-01
	fab|Fab 52|status|under_construction|operational|2026-02-01
	grid_request|Project AA1-001|status|active|withdrawn|2026-02-01
	grid_request|Project AA1-002|mw|100|120|2026-02-01
	grid_request|Project AA1-003|removed|active 50 MW|-|2026-02-01
	grid_request|Project AA1-004|new|-|active 75 MW|2026-02-01
	permit|NOKES PLAZA|status|planned|operating|2026-02-01
	EOF
	test_cmp want got &&
	test_eq "$D1|$D2" "$(q c.db "select distinct old_doc || '"'|'"' || new_doc from v_changes")"
'
test_expect_success 'the view has exactly the contract columns' '
	test_eq "source,kind,key,name,change,old_value,new_value,old_doc,new_doc,as_of" \
		"$(q c.db "select group_concat(name, '"','"') from pragma_table_info('"'v_changes'"')")"
'
test_expect_success 'a third load: only the two latest documents are compared' '
	{ gr $D3 AA1-001 withdrawn 300; gr $D3 AA1-002 active 120; gr $D3 AA1-004 operational 75; other $D3 150 operating operational; } >three.jsonl &&
	gw-load -d c.db three.jsonl && src $D3 pjm 2026-03-01 &&
	test_eq "grid_request|aa1-004|status|active|operational|$D2|$D3" \
		"$(q c.db "select kind, substr(key, 5), change, old_value, new_value, old_doc, new_doc from v_changes")"
'
test_expect_success 'documents of another source are not compared with these; one document alone has no changes' '
	gr $D9 AA1-001 active 1 >nine.jsonl && gw-load -d c.db nine.jsonl && src $D9 miso 2026-03-02 &&
	test_eq 0 "$(q c.db "select count(*) from v_changes where source = '"'miso'"'")" &&
	test_eq 1 "$(q c.db "select count(*) from v_changes")"
'
test_expect_success 'the same document loaded twice makes no change' '
	gw-load -d c.db three.jsonl 2>err && grep -q "stored 0" err &&
	test_eq 1 "$(q c.db "select count(*) from v_changes")"
'
test_expect_success 'end to end: two versions of an Epoch list added with gw-parse -d (grouped by parser)' '
	cp "$FIXTURES/datacenters/frontier_data_centers.csv" v1.csv &&
	sed -e "s/^Example Ridge Campus,210000.5,310,/Example Ridge Campus,210000.5,355,/" -e "/^Prairie Compute 1,/d" v1.csv >v2.csv &&
	printf "New Hall,,12,,Oracle,,,,,,,,,,United States of America,\"1 Main St, Abilene, TX 79601\"\n" >>v2.csv &&
	gw-parse -d e.db v1.csv >v1.jsonl 2>/dev/null && gw-load -d e.db v1.jsonl &&
	gw-parse -d e.db v2.csv >v2.jsonl 2>/dev/null && gw-load -d e.db v2.jsonl &&
	q e.db "select source, name, change, coalesce(old_value, '"'-'"'), coalesce(new_value, '"'-'"') from v_changes order by name" >got &&
	cat >want <<-\EOF &&
	parser:epoch-dc|Example Ridge Campus|mw|310|355
	parser:epoch-dc|New Hall|new|-|operational 12 MW
	parser:epoch-dc|Prairie Compute 1|removed|operational 48 MW|-
	EOF
	test_cmp want got
'
test_expect_success 'a campus renamed between two snapshots (same site) is an MW change, dated by the newer name' '
	cp "$FIXTURES/datacenters/frontier_data_centers.csv" r_2025-12.csv &&
	sed -e "s/^Example Ridge Campus,210000.5,310,/Example Ridge,210000.5,400,/" r_2025-12.csv >r_2026-08.csv &&
	gw-parse -d r.db r_2025-12.csv >a.jsonl 2>/dev/null && gw-load -d r.db a.jsonl &&
	gw-parse -d r.db r_2026-08.csv >b.jsonl 2>/dev/null && gw-load -d r.db b.jsonl &&
	test_eq 2 "$(q r.db "select count(distinct key) from obs_capacity where site like \"Example Ridge%\"")" &&
	test_eq 1 "$(q r.db "select count(distinct site_id) from obs_capacity where site like \"Example Ridge%\"")" &&
	test_eq "Example Ridge|mw|310|400|2026-08-01" \
		"$(q r.db "select name, change, old_value, new_value, as_of from v_changes where name like \"Example Ridge%\"")" &&
	test_eq "2025-12-01|2026-08-01" "$(q r.db "select group_concat(published, \"|\") from (select published from documents order by published)")"
'
test_done
