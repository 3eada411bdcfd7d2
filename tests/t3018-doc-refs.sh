#!/bin/sh
# Every column that names a document is a foreign key to documents (migration 091; the
# observations' doc_id since 071), and nothing the tools write breaks one: `PRAGMA
# foreign_key_check` is empty on a store the whole pipeline built, after rejects of every
# kind, after `gw-load --doc` of a document the store never saw, and on a store of schema
# 065 migrated with references to documents it does not have. (The demo's store is checked
# in t4200.)
. "$(dirname "$0")/test-lib.sh"

U=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

# refs DB: each column of a table that names a document, and what it refers to, one a line:
# "table.column -> parent(key)" or "table.column -> none". A document is named by a column
# called doc, doc_id, doc_a, doc_b or last_doc; obs_filing.primary_doc is a file's name in a
# filing and fetches.new_doc a flag, so neither is one.
refs() {
	q "$1" "select m.name || '.' || c.name || ' -> ' || coalesce(f.\"table\" || '(' || f.\"to\" || ')', 'none')
		  from sqlite_master m join pragma_table_info(m.name) c
		  left join pragma_foreign_key_list(m.name) f on f.\"from\" = c.name
		 where m.type = 'table' and c.name in ('doc', 'doc_id', 'doc_a', 'doc_b', 'last_doc')
		 order by 1"
}

test_expect_success 'a new store: every column naming a document refers to documents' '
	gw-load -d new.db </dev/null 2>err &&
	refs new.db >refs &&
	cat >expect <<-\EOF &&
	doc_drift.doc -> documents(sha256)
	doc_health.doc -> documents(sha256)
	doc_loads.doc -> documents(sha256)
	fab_candidates.doc_a -> documents(sha256)
	fab_candidates.doc_b -> documents(sha256)
	fab_links.doc -> documents(sha256)
	fetches.doc -> documents(sha256)
	gpu_price_sightings.doc_id -> documents(id)
	header_fingerprints.doc -> documents(sha256)
	obs_accelerator.doc_id -> documents(id)
	obs_capacity.doc_id -> documents(id)
	obs_capex.doc_id -> documents(id)
	obs_fab.doc_id -> documents(id)
	obs_filing.doc_id -> documents(id)
	obs_gpu_price.doc_id -> documents(id)
	obs_grid_request.doc_id -> documents(id)
	obs_permit.doc_id -> documents(id)
	obs_shipment.doc_id -> documents(id)
	obs_site.doc_id -> documents(id)
	rejects.doc -> documents(sha256)
	site_capacity.doc -> documents(sha256)
	sources.last_doc -> documents(sha256)
	EOF
	test_cmp expect refs &&
	test_eq "" "$(q new.db "select m.name || '"'.'"' || c.name from sqlite_master m join pragma_table_info(m.name) c
		where m.type = '"'table'"' and c.name like '"'%doc%'"' and c.name not in
		('"'doc'"', '"'doc_id'"', '"'doc_a'"', '"'doc_b'"', '"'last_doc'"', '"'primary_doc'"', '"'new_doc'"')")"
'

test_expect_success 'the fixtures crawled, parsed and loaded: no reference to a missing document' '
	{ gw-crawl -d crawl.db -s "$FIXTURES/sources.conf" >/dev/null 2>crawl.err; echo $? >rc; } &&
	test "$(cat rc)" -le 1 &&
	for t in fetches header_fingerprints doc_loads doc_health site_capacity; do
		test "$(q crawl.db "select count(*) from $t")" -gt 0 || { echo "$t is empty"; return 1; }
	done &&
	test "$(q crawl.db "select count(*) from sources where last_doc is not null")" -gt 0 &&
	test_eq "" "$(q crawl.db "pragma foreign_key_check")"
'

cat >bad.jsonl <<EOF
{"kind":"capacity","operator":"AWS","site":"IAD-1","mw":"TBD","mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"$U","loc":"row 2"}}
{"kind":"capacity","operator":"AWS","site":"IAD-2","mw":10,"mw_basis":"it","status":"operational","as_of":"2025-01-02","src":{"doc":"not-a-sha256","loc":"row 3"}}
{"kind":"capacity","operator":"AWS","site":"IAD-3","mw":10,"mw_basis":"it","status":"operational","as_of":"2025-01-02"}
EOF
test_expect_success 'rejects: an unknown sha256 gets a stub document, anything else no document' '
	test_expect_code 1 gw-load -d new.db bad.jsonl 2>err &&
	grep -q "rejected 3" err &&
	test_eq "$U|row 2" "$(q new.db "select doc, loc from rejects where line = 1")" &&
	test_eq "1|$U" "$(q new.db "select count(*), sha256 from documents")" &&
	test_eq "|row 3|1" "$(q new.db "select doc, loc, instr(record, '"'not-a-sha256'"') > 0 from rejects where line = 2")" &&
	test_eq "|" "$(q new.db "select doc, loc from rejects where line = 3")" &&
	test_eq "" "$(q new.db "pragma foreign_key_check")"
'
test_expect_success 'loading the same rejects again adds none for the document' '
	test_expect_code 1 gw-load -d new.db bad.jsonl 2>err &&
	test_eq 1 "$(q new.db "select count(*) from rejects where doc = '"'$U'"'")"
'

V=fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210
test_expect_success 'gw-load --doc of a document the store never saw: recorded, with a stub' '
	gw-load -d new.db --doc $V </dev/null 2>err &&
	test_eq "$V" "$(q new.db "select doc from doc_loads")" &&
	test_eq 1 "$(q new.db "select count(*) from documents where sha256 = '"'$V'"'")" &&
	test_eq "" "$(q new.db "pragma foreign_key_check")"
'

# A store of schema 065 (fixtures/store/v65-fixtures.sql, see t3017) with references to
# documents it does not have, as an older gigawatt or a hand could leave: a reject citing an
# unknown sha256, one citing something that is no sha256, a header fingerprint and a
# source's last document the store never kept.
test_expect_success 'a schema 065 store with missing documents migrates with every reference whole' '
	{ cat "$FIXTURES/store/v65-fixtures.sql" && echo "PRAGMA user_version = 65;" &&
	  echo "INSERT INTO rejects(run, input, line, kind, doc, loc, reason, record)
		VALUES (1, '"'x'"', 1, '"'capacity'"', '"'$U'"', '"'row 1'"', '"'r1'"', '"'{}'"'),
		       (1, '"'x'"', 2, '"'capacity'"', '"'nonsense'"', '"'row 2'"', '"'r2'"', '"'{}'"');
		INSERT INTO header_fingerprints(parser, sha256, columns, doc, first_seen, seen)
		VALUES ('"'csv'"', '"'h'"', '"'a,b'"', '"'$V'"', '"'2025-01-01T00:00:00Z'"', '"'2025-01-01T00:00:00Z'"');
		UPDATE sources SET last_doc = '"'$V'"' WHERE rowid = (SELECT min(rowid) FROM sources);"
	} | sqlite3 old.db &&
	test_eq 0 "$(q old.db "select count(*) from documents where sha256 in ('"'$U'"', '"'$V'"')")" &&
	cp old.db mig.db &&
	gw-load -d mig.db </dev/null 2>err &&
	test "$(q mig.db "pragma user_version")" -ge 91 &&
	test_eq "" "$(q mig.db "pragma foreign_key_check")" &&
	refs mig.db >mig-refs && test_cmp refs mig-refs &&
	test_eq "$U" "$(q mig.db "select doc from rejects where reason = '"'r1'"'")" &&
	test_eq "" "$(q mig.db "select doc from rejects where reason = '"'r2'"'")" &&
	test_eq "2025-01-01T00:00:00Z" "$(q mig.db "select first_seen from documents where sha256 = '"'$V'"'")" &&
	test_eq "$(($(q old.db "select count(*) from documents") + 2))" "$(q mig.db "select count(*) from documents")"
'
test_expect_success 'the migration keeps every row, and every rowid, of the tables it rebuilt' '
	for t in sources fetches rejects header_fingerprints doc_loads doc_health doc_drift site_capacity fab_links fab_candidates; do
		test_eq "$(q old.db "select count(*), coalesce(sum(rowid), 0) from $t")" \
			"$(q mig.db "select count(*), coalesce(sum(rowid), 0) from $t")" || { echo "$t"; return 1; }
	done &&
	test_eq "$(q old.db "select id, reason from rejects order by id")" \
		"$(q mig.db "select id, reason from rejects order by id")"
'

test_done
