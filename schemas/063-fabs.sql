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

-- v_fab_members, v_fabs and v_fab_candidates are defined in schemas/views.sql alone, as they
-- are now (092).
