-- 063-fabs: one row per fab across the fab lists (issue 12, item 5; store/fabs.h says how).
-- The three lists (fabs_sourced.json, its compact copy fabs.json, fabs.geojson) are three
-- datasets, each current, so one fab may be a row of each: "GlobalFoundries Fab 8"
-- (fabs.geojson, no status) and "Fab 8" (fabs_sourced.json, operating) are one fab. gw-load
-- (store/fabs.c) gives every obs_fab row a fab_id after each load of a fab and on
-- gw-load --resolve; the views read the rows of the current snapshots only.

ALTER TABLE obs_fab ADD COLUMN fab_id INTEGER;
CREATE INDEX obs_fab_fab ON obs_fab(fab_id);

-- One row per fab: kind 'wafer', or 'packaging' when a member's name says packaging,
-- assembly, test, backend or ATM (kind_evidence says which); members: its rows, every
-- snapshot of every list.
CREATE TABLE fabs (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('wafer', 'packaging')),
	kind_evidence TEXT,
	members INTEGER NOT NULL
) STRICT;

-- Why each member (the rows of one document under one name: doc and key) is part of its fab:
-- rule 'first' (the fab's first row, which the others joined), 'key' (the same company and
-- name: a copy of a list, or another snapshot of it) or 'name' (the same core name of the
-- same company at the same place), evidence the matched values.
CREATE TABLE fab_links (
	fab_id INTEGER NOT NULL,
	doc TEXT NOT NULL,
	key TEXT NOT NULL,
	name TEXT NOT NULL,
	rule TEXT NOT NULL,
	evidence TEXT,
	UNIQUE (doc, key)
) STRICT;
CREATE INDEX fab_links_fab ON fab_links(fab_id);

-- Two fabs that may be one, left apart: one company at one place (a city, or points within
-- 10 km) in two lists, whose names share no core ("Intel Ocotillo (Fab 42/52/62)" beside
-- "Fab 42"), or a join refused because one list names both apart. For review.
CREATE TABLE fab_candidates (
	fab_a INTEGER NOT NULL,
	fab_b INTEGER NOT NULL,
	name_a TEXT NOT NULL,
	doc_a TEXT NOT NULL,
	loc_a TEXT NOT NULL,
	name_b TEXT NOT NULL,
	doc_b TEXT NOT NULL,
	loc_b TEXT NOT NULL,
	evidence TEXT NOT NULL,
	reason TEXT NOT NULL,
	refused INTEGER NOT NULL	-- 1: a name join refused (reason: the list that names both apart)
) STRICT;

-- Every row of the current snapshot of each fab list (the latest observation of each name in
-- each document), with its fab: where no resolution has run yet (a store migrated but not
-- loaded since), each row is a fab of its own (fab_id the negated row id).
CREATE VIEW v_fab_members AS
SELECT coalesce(o.fab_id, -o.id) AS fab_id, d.parser AS list, coalesce(d.name, d.url) AS file,
       coalesce(o.operator_id, o.company) AS company, o.name, o.country_code, o.city, o.address,
       o.lat, o.lon, o.node_nm, o.wafer_mm, o.wspm, o.mw, o.status, o.start_year, o.as_of,
       coalesce(d.published, substr(d.first_seen, 1, 10)) AS published, l.rule, l.evidence,
       o.doc, o.loc, o.company AS company_raw, o.key
FROM (SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY o.doc, o.key
				ORDER BY o.as_of DESC, o.loc DESC) AS rn
		     FROM obs_fab o WHERE o.doc IN (SELECT doc FROM cur_docs)) WHERE rn = 1) o
LEFT JOIN documents d ON d.sha256 = o.doc
LEFT JOIN fab_links l ON l.doc = o.doc AND l.key = o.key;

-- One row per fab. Its status is the most complete one: a stated status beats none, and of
-- two stated, the one stated last (the member's as_of, then its document's publication,
-- then the greater doc and loc, as cur_ views order); name, company and status_doc are that
-- member's. Every other attribute (node, wafer size, wafer starts, MW, place, start year) is
-- the first one stated in the same order. names: every name of its members; lists: the fab
-- lists (parsers) it is in; docs: its members' documents.
CREATE VIEW v_fabs AS
WITH r AS (
	SELECT m.*, row_number() OVER (PARTITION BY fab_id ORDER BY status IS NULL, as_of DESC, published DESC,
				       doc DESC, loc DESC) AS rk
	FROM v_fab_members m
),
a AS (
	SELECT r.*,
	       first_value(node_nm) OVER (PARTITION BY fab_id ORDER BY node_nm IS NULL, rk) AS f_node,
	       first_value(wafer_mm) OVER (PARTITION BY fab_id ORDER BY wafer_mm IS NULL, rk) AS f_wafer,
	       first_value(wspm) OVER (PARTITION BY fab_id ORDER BY wspm IS NULL, rk) AS f_wspm,
	       first_value(mw) OVER (PARTITION BY fab_id ORDER BY mw IS NULL, rk) AS f_mw,
	       first_value(city) OVER (PARTITION BY fab_id ORDER BY city IS NULL, rk) AS f_city,
	       first_value(country_code) OVER (PARTITION BY fab_id ORDER BY country_code IS NULL, rk) AS f_country,
	       first_value(lat) OVER (PARTITION BY fab_id ORDER BY lat IS NULL, rk) AS f_lat,
	       first_value(lon) OVER (PARTITION BY fab_id ORDER BY lat IS NULL, rk) AS f_lon,
	       first_value(start_year) OVER (PARTITION BY fab_id ORDER BY start_year IS NULL, rk) AS f_year,
	       count(*) OVER (PARTITION BY fab_id) AS n_members
	FROM r
)
SELECT a.fab_id, a.company, a.name, coalesce(f.kind, 'wafer') AS kind, a.status, a.f_node AS node_nm,
       a.f_wafer AS wafer_mm, a.f_wspm AS wspm, a.f_mw AS mw, a.f_country AS country_code, a.f_city AS city,
       a.f_lat AS lat, a.f_lon AS lon, a.f_year AS start_year, a.n_members AS members,
       (SELECT group_concat(name, '; ') FROM (SELECT DISTINCT x.name FROM r x WHERE x.fab_id = a.fab_id
					       ORDER BY x.rk)) AS names,
       (SELECT group_concat(list, ',') FROM (SELECT DISTINCT x.list FROM r x WHERE x.fab_id = a.fab_id
					      AND x.list IS NOT NULL ORDER BY x.list)) AS lists,
       (SELECT group_concat(doc, ',') FROM (SELECT DISTINCT x.doc FROM r x WHERE x.fab_id = a.fab_id
					     ORDER BY x.doc)) AS docs,
       a.doc AS status_doc, a.loc AS status_loc, f.kind_evidence
FROM a LEFT JOIN fabs f ON f.id = a.fab_id
WHERE a.rk = 1;

-- fab_candidates of the current snapshots, with the company and the lists.
CREATE VIEW v_fab_candidates AS
SELECT fa.company, c.name_a, da.parser AS list_a, c.loc_a, c.name_b, db.parser AS list_b, c.loc_b,
       c.evidence, c.reason, c.refused, c.fab_a, c.fab_b, c.doc_a, c.doc_b
FROM fab_candidates c
JOIN v_fab_members fa ON fa.doc = c.doc_a AND fa.loc = c.loc_a
JOIN v_fab_members fb ON fb.doc = c.doc_b AND fb.loc = c.loc_b
LEFT JOIN documents da ON da.sha256 = c.doc_a
LEFT JOIN documents db ON db.sha256 = c.doc_b;
