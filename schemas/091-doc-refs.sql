-- 091-doc-refs: every column that names a document by its sha256 is a foreign key to
-- documents(sha256) (issue 13), as the observations' doc_id is to documents(id) since 071:
-- Datasette and other browsers link the figure to its document, and `PRAGMA
-- foreign_key_check` says the store is whole. The columns:
--   sources.last_doc, fetches.doc, rejects.doc, header_fingerprints.doc, doc_loads.doc,
--   doc_health.doc, doc_drift.doc, site_capacity.doc, fab_links.doc, fab_candidates.doc_a
--   and doc_b.
-- (obs_filing.primary_doc is a file's name inside a filing, header_fingerprints.sha256 the
-- hash of a header row: neither names a document.)
--
-- A value the store has no document for gets what gw-load gives a record that cites one: a
-- row of documents with the sha256 and the date it was first cited, nothing else (a record
-- loaded by hand). Except a rejected record's doc that is not a sha256 at all: rejects.doc
-- becomes NULL, and the record it came from stays whole in rejects.record and its reason.
--
-- Each table is rebuilt with its rows, rowids and indexes (SQLite adds a constraint no other
-- way). legacy_alter_table: the new table takes the old one's name and nothing else of the
-- schema is rewritten (no view exists while the migrations run: the store code makes them
-- after, from schemas/views.sql, 092).

PRAGMA legacy_alter_table = ON;

UPDATE rejects SET doc = NULL
 WHERE doc IS NOT NULL AND (length(doc) <> 64 OR doc GLOB '*[^0-9a-f]*')
   AND doc NOT IN (SELECT sha256 FROM documents);

CREATE TEMP TABLE doc_refs_missing (sha256 TEXT NOT NULL, cited TEXT NOT NULL);
INSERT INTO doc_refs_missing
	SELECT r.doc, coalesce(u.started, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
	  FROM rejects r LEFT JOIN runs u ON u.id = r.run WHERE r.doc IS NOT NULL
	UNION ALL SELECT last_doc, coalesce(last_fetch, updated, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
	  FROM sources WHERE last_doc IS NOT NULL
	UNION ALL SELECT doc, started FROM fetches WHERE doc IS NOT NULL
	UNION ALL SELECT doc, first_seen FROM header_fingerprints
	UNION ALL SELECT doc, loaded FROM doc_loads
	UNION ALL SELECT doc, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM doc_health
	UNION ALL SELECT doc, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM doc_drift
	UNION ALL SELECT doc, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM site_capacity
	UNION ALL SELECT doc, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM fab_links
	UNION ALL SELECT doc_a, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM fab_candidates
	UNION ALL SELECT doc_b, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM fab_candidates;
-- first seen when first cited, last seen when last cited
INSERT INTO documents(sha256, first_seen, last_seen)
	SELECT sha256, min(cited), max(cited) FROM doc_refs_missing
	 WHERE sha256 NOT IN (SELECT sha256 FROM documents) GROUP BY sha256 ORDER BY sha256;
DROP TABLE doc_refs_missing;

CREATE TABLE sources_091 (
	id TEXT PRIMARY KEY,
	url TEXT NOT NULL,
	parser TEXT,
	every_s INTEGER NOT NULL DEFAULT 86400,
	delay_ms INTEGER NOT NULL DEFAULT 1000,
	connections INTEGER NOT NULL DEFAULT 1,
	headers TEXT,			-- JSON array of "Name: value"
	etag TEXT,
	last_modified TEXT,
	last_doc TEXT REFERENCES documents(sha256),
	last_fetch TEXT,
	last_ok TEXT,
	updated TEXT
) STRICT;
INSERT INTO sources_091(rowid, id, url, parser, every_s, delay_ms, connections, headers, etag,
		last_modified, last_doc, last_fetch, last_ok, updated)
	SELECT rowid, id, url, parser, every_s, delay_ms, connections, headers, etag,
		last_modified, last_doc, last_fetch, last_ok, updated FROM sources;
DROP TABLE sources;
ALTER TABLE sources_091 RENAME TO sources;

CREATE TABLE fetches_091 (
	id INTEGER PRIMARY KEY,
	source TEXT,
	url TEXT NOT NULL,
	started TEXT NOT NULL,
	finished TEXT,
	attempts INTEGER NOT NULL DEFAULT 1,
	http_status INTEGER,
	bytes INTEGER,
	doc TEXT REFERENCES documents(sha256),
	new_doc INTEGER,		-- 1 if the body was a document not seen before
	outcome TEXT NOT NULL,		-- ok | not_modified | unchanged | failed
	error TEXT
) STRICT;
INSERT INTO fetches_091(id, source, url, started, finished, attempts, http_status, bytes, doc,
		new_doc, outcome, error)
	SELECT id, source, url, started, finished, attempts, http_status, bytes, doc,
		new_doc, outcome, error FROM fetches;
DROP TABLE fetches;
ALTER TABLE fetches_091 RENAME TO fetches;
CREATE INDEX fetches_source ON fetches(source, started);

CREATE TABLE rejects_091 (
	id INTEGER PRIMARY KEY,
	run INTEGER NOT NULL REFERENCES runs(id),
	input TEXT,
	line INTEGER,
	kind TEXT,
	doc TEXT REFERENCES documents(sha256),
	loc TEXT,
	reason TEXT NOT NULL,
	record TEXT NOT NULL,
	UNIQUE (doc, loc, reason)
) STRICT;
INSERT INTO rejects_091(id, run, input, line, kind, doc, loc, reason, record)
	SELECT id, run, input, line, kind, doc, loc, reason, record FROM rejects;
DROP TABLE rejects;
ALTER TABLE rejects_091 RENAME TO rejects;

CREATE TABLE header_fingerprints_091 (
	id INTEGER PRIMARY KEY,
	source TEXT NOT NULL DEFAULT '',
	parser TEXT NOT NULL,
	sheet TEXT NOT NULL DEFAULT '',
	sha256 TEXT NOT NULL,
	columns TEXT NOT NULL,
	doc TEXT NOT NULL REFERENCES documents(sha256),
	first_seen TEXT NOT NULL,
	seen TEXT NOT NULL,
	UNIQUE (source, parser, sheet, sha256)
) STRICT;
INSERT INTO header_fingerprints_091(id, source, parser, sheet, sha256, columns, doc, first_seen, seen)
	SELECT id, source, parser, sheet, sha256, columns, doc, first_seen, seen FROM header_fingerprints;
DROP TABLE header_fingerprints;
ALTER TABLE header_fingerprints_091 RENAME TO header_fingerprints;

CREATE TABLE doc_loads_091 (
	doc TEXT PRIMARY KEY REFERENCES documents(sha256),
	run INTEGER,			-- runs.id; NULL for the marks set by migration 054
	loaded TEXT NOT NULL
) STRICT;
INSERT INTO doc_loads_091(rowid, doc, run, loaded) SELECT rowid, doc, run, loaded FROM doc_loads;
DROP TABLE doc_loads;
ALTER TABLE doc_loads_091 RENAME TO doc_loads;

CREATE TABLE doc_health_091 (
	doc TEXT PRIMARY KEY REFERENCES documents(sha256),
	dataset TEXT NOT NULL,		-- 'parser:' and the parser, or the source (snapshot_parsers)
	seq INTEGER NOT NULL,
	published TEXT NOT NULL,
	observations INTEGER NOT NULL,
	healthy INTEGER NOT NULL,
	reason TEXT,
	accepted INTEGER NOT NULL DEFAULT 0,
	current INTEGER NOT NULL DEFAULT 0	-- the source's current snapshot
) STRICT;
INSERT INTO doc_health_091(rowid, doc, dataset, seq, published, observations, healthy, reason,
		accepted, current)
	SELECT rowid, doc, dataset, seq, published, observations, healthy, reason, accepted, current
	  FROM doc_health;
DROP TABLE doc_health;
ALTER TABLE doc_health_091 RENAME TO doc_health;

CREATE TABLE doc_drift_091 (
	doc TEXT NOT NULL REFERENCES documents(sha256),
	sheet TEXT NOT NULL DEFAULT '',
	dropped TEXT NOT NULL,
	PRIMARY KEY (doc, sheet)
) STRICT;
INSERT INTO doc_drift_091(rowid, doc, sheet, dropped) SELECT rowid, doc, sheet, dropped FROM doc_drift;
DROP TABLE doc_drift;
ALTER TABLE doc_drift_091 RENAME TO doc_drift;

CREATE TABLE site_capacity_091 (
	site_id INTEGER NOT NULL,
	q_from INTEGER NOT NULL,
	q_to INTEGER NOT NULL,
	mw_it REAL,
	mw_stated REAL NOT NULL,
	basis_stated TEXT NOT NULL,
	status TEXT NOT NULL,
	class INTEGER NOT NULL,
	doc TEXT NOT NULL REFERENCES documents(sha256),
	loc TEXT NOT NULL,
	sources TEXT NOT NULL,
	alternatives INTEGER NOT NULL,
	disagree REAL NOT NULL,
	it_stated REAL NOT NULL,
	facility_stated REAL NOT NULL,
	utility_stated REAL NOT NULL,
	PRIMARY KEY (site_id, q_from)
) STRICT;
INSERT INTO site_capacity_091(rowid, site_id, q_from, q_to, mw_it, mw_stated, basis_stated, status,
		class, doc, loc, sources, alternatives, disagree, it_stated, facility_stated, utility_stated)
	SELECT rowid, site_id, q_from, q_to, mw_it, mw_stated, basis_stated, status,
		class, doc, loc, sources, alternatives, disagree, it_stated, facility_stated, utility_stated
	  FROM site_capacity;
DROP TABLE site_capacity;
ALTER TABLE site_capacity_091 RENAME TO site_capacity;

CREATE TABLE fab_links_091 (
	fab_id INTEGER NOT NULL,
	doc TEXT NOT NULL REFERENCES documents(sha256),
	key TEXT NOT NULL,
	name TEXT NOT NULL,
	rule TEXT NOT NULL,
	evidence TEXT,
	UNIQUE (doc, key)
) STRICT;
INSERT INTO fab_links_091(rowid, fab_id, doc, key, name, rule, evidence)
	SELECT rowid, fab_id, doc, key, name, rule, evidence FROM fab_links;
DROP TABLE fab_links;
ALTER TABLE fab_links_091 RENAME TO fab_links;
CREATE INDEX fab_links_fab ON fab_links(fab_id);

CREATE TABLE fab_candidates_091 (
	fab_a INTEGER NOT NULL,
	fab_b INTEGER NOT NULL,
	name_a TEXT NOT NULL,
	doc_a TEXT NOT NULL REFERENCES documents(sha256),
	loc_a TEXT NOT NULL,
	name_b TEXT NOT NULL,
	doc_b TEXT NOT NULL REFERENCES documents(sha256),
	loc_b TEXT NOT NULL,
	evidence TEXT NOT NULL,
	reason TEXT NOT NULL,
	refused INTEGER NOT NULL	-- 1: a name join refused (reason: the list that names both apart)
) STRICT;
INSERT INTO fab_candidates_091(rowid, fab_a, fab_b, name_a, doc_a, loc_a, name_b, doc_b, loc_b,
		evidence, reason, refused)
	SELECT rowid, fab_a, fab_b, name_a, doc_a, loc_a, name_b, doc_b, loc_b, evidence, reason, refused
	  FROM fab_candidates;
DROP TABLE fab_candidates;
ALTER TABLE fab_candidates_091 RENAME TO fab_candidates;

PRAGMA legacy_alter_table = OFF;
