-- 060-identity: one campus, one number (DESIGN.md "Identity"). Three layers, each stored and
-- explainable, rebuilt by gw-load after every load that touches them (store/snapshots.c,
-- store/sites.c, store/sitecap.c) and by `gw-load --resolve`:
--
-- 1. Snapshots. A document has a source (documents.source: the sources.conf id, or gw-parse
--    --source; else 'parser:' and its parser) and a publication date (documents.published:
--    gw-parse --as-of, else the day it was first seen). The documents of a parser listed in
--    snapshot_parsers are whole lists (a dataset export, a queue report) of one dataset: of
--    the parser itself (dataset 'parser': every document it reads is a snapshot of one
--    dataset, whatever source ids a sources.conf gives two copies of it), or of each source
--    (dataset 'source': OpenStreetMap extracts of two areas are two datasets). The newest
--    healthy snapshot of a dataset supersedes the older ones key by key, so cur_<kind> of
--    site, capacity, grid_request, permit and fab read only the current snapshot. doc_health
--    says which snapshots are healthy, and why not, and their order.
-- 2. Sites. Every site, capacity and permit observation gets a site_id (sites.id) from the
--    batch resolver; site_links says, for every member joined to a site, the rule and evidence.
-- 3. Precedence. site_capacity: one figure per site and quarter (v_site_capacity).

ALTER TABLE documents ADD COLUMN published TEXT;

CREATE TABLE snapshot_parsers (
	parser TEXT PRIMARY KEY,
	dataset TEXT NOT NULL DEFAULT 'parser' CHECK (dataset IN ('parser', 'source'))
) STRICT;
INSERT INTO snapshot_parsers(parser) VALUES
	('epoch-dc'), ('epoch-timelines'), ('epoch-gpu-clusters'),
	('va-dc-registry'), ('pjm-queue'), ('miso-queue'), ('spp-queue'), ('ercot-gis'),
	('caiso-queue'), ('nyiso-queue'), ('fabs-json'), ('fabs-compact'), ('fabs-geojson');
INSERT INTO snapshot_parsers(parser, dataset) VALUES ('osm-datacenters', 'source');

-- The health of each snapshot (a document of a snapshot parser), as gw-load last judged it:
-- healthy 0 with the reason when it stored under half the observations of the dataset's
-- previous healthy snapshot, or its header lost a column the previous healthy snapshot's
-- header had (doc_drift). accepted 1 (gw-load --accept SHA256): an analyst takes it as healthy
-- whatever the rules say. seq: its place among the dataset's snapshots, oldest 1: by
-- publication date; on one day (copies of a dataset fetched together), by the date in the
-- document's name (data_centers_2026-08.csv), then the larger, then first seen.
CREATE TABLE doc_health (
	doc TEXT PRIMARY KEY,
	dataset TEXT NOT NULL,		-- 'parser:' and the parser, or the source (snapshot_parsers)
	seq INTEGER NOT NULL,
	published TEXT NOT NULL,
	observations INTEGER NOT NULL,
	healthy INTEGER NOT NULL,
	reason TEXT,
	accepted INTEGER NOT NULL DEFAULT 0,
	current INTEGER NOT NULL DEFAULT 0	-- the source's current snapshot
) STRICT;

CREATE INDEX obs_site_doc ON obs_site(doc);

-- cur_<kind> of the kinds with snapshots: as in 052 (ties of as_of go to the document published
-- last, then first seen last, then the greater doc and loc, never to load order), over the
-- current documents only.

-- Sites as the batch resolver leaves them. The old incremental tables of 040 stay for
-- reading old stores but are no longer written: sites is emptied and refilled.
ALTER TABLE sites ADD COLUMN country TEXT;	-- ISO 3166-1 alpha-2 where the table knows it (053)
ALTER TABLE sites ADD COLUMN partners TEXT;
ALTER TABLE sites ADD COLUMN members INTEGER;
ALTER TABLE sites ADD COLUMN operator_raw TEXT;	-- the best member's operator as written, when no alias resolves it

-- Why each member (a name under which observations refer to the site, in one document) is
-- part of its site: rule one of override, link, mention, address, coords, name, core-name
-- (store/sites.h), evidence the matched value.
CREATE TABLE site_links (
	site_id INTEGER NOT NULL,
	member TEXT NOT NULL,
	rule TEXT NOT NULL,
	evidence TEXT
) STRICT;
CREATE INDEX site_links_site ON site_links(site_id);

-- Source links between rows of one document (Epoch GPU clusters' "Builds Upon",
-- "Superseded by", "Possible Duplicate Of"): the site observation names the other row.
ALTER TABLE obs_site ADD COLUMN builds_upon TEXT;
ALTER TABLE obs_site ADD COLUMN superseded_by TEXT;
ALTER TABLE obs_site ADD COLUMN duplicate_of TEXT;

-- Precedence: the class of each parser's figures (lower wins) for one site and quarter. A
-- parser not listed is class 4. Edit with care: gw-load --resolve rebuilds site_capacity.
CREATE TABLE source_precedence (
	parser TEXT PRIMARY KEY,
	class INTEGER NOT NULL,
	what TEXT NOT NULL
) STRICT;
INSERT INTO source_precedence(parser, class, what) VALUES
	('epoch-timelines', 1, 'a dated timeline: the campus''s cumulative power at each date'),
	('permit-text', 1, 'a dated permit'),
	('epoch-dc', 2, 'a list''s current figure, as of its publication'),
	('epoch-gpu-clusters', 3, 'a GPU-cluster list: phases, cumulative along Builds Upon'),
	('va-dc-registry', 4, 'a registry'),
	('osm-datacenters', 4, 'OpenStreetMap');

-- One figure per site and quarter (store/identity.c): the figure of the most specific source
-- that dates one for the quarter (class 1 a dated timeline, 2 a list's current figure, 3 a
-- GPU-cluster list, 4 anything else), newest publication first. mw_it is the figure in IT MW
-- with the default pue and utility_headroom of schemas/params.conf (gw-report converts
-- mw_stated again with its own parameters); NULL for basis unknown. sources: every document
-- (space separated sha256) with a figure for the site and quarter; disagree: the largest
-- relative difference of another source's figure (IT MW) from the one used, 0 if none.
-- it_stated, facility_stated, utility_stated: the figure's MW as stated in each basis (a sum
-- of phases may mix them; basis_stated is then 'mixed').
-- Stored as spans of quarters over which nothing of the row changes (q_from..q_to, quarter
-- indexes year * 4 + quarter - 1); v_site_capacity gives one row per quarter.
CREATE TABLE site_capacity (
	site_id INTEGER NOT NULL,
	q_from INTEGER NOT NULL,
	q_to INTEGER NOT NULL,
	mw_it REAL,
	mw_stated REAL NOT NULL,
	basis_stated TEXT NOT NULL,
	status TEXT NOT NULL,
	class INTEGER NOT NULL,
	doc TEXT NOT NULL,
	loc TEXT NOT NULL,
	sources TEXT NOT NULL,
	alternatives INTEGER NOT NULL,
	disagree REAL NOT NULL,
	it_stated REAL NOT NULL,
	facility_stated REAL NOT NULL,
	utility_stated REAL NOT NULL,
	PRIMARY KEY (site_id, q_from)
) STRICT;

-- Every quarter from 1990 to 2100, to spread the spans.
CREATE TABLE quarters (idx INTEGER PRIMARY KEY, quarter TEXT NOT NULL) STRICT;
WITH RECURSIVE q(i) AS (SELECT 1990 * 4 UNION ALL SELECT i + 1 FROM q WHERE i < 2100 * 4 + 3)
INSERT INTO quarters(idx, quarter) SELECT i, printf('%04dQ%d', i / 4, i % 4 + 1) FROM q;

-- Joins a rule proposed that the precision rules refused (store/sites.h): for review, ranked
-- by MW in gw-load --unresolved.
CREATE TABLE site_candidates (
	site_a INTEGER NOT NULL,
	site_b INTEGER NOT NULL,
	rule TEXT NOT NULL,
	member TEXT NOT NULL,
	evidence TEXT,
	reason TEXT NOT NULL
) STRICT;

-- Dropped columns gw-parse saw in a document's header against its source's previous header
-- (the snapshot is then unhealthy, doc_health).
CREATE TABLE doc_drift (
	doc TEXT NOT NULL,
	sheet TEXT NOT NULL DEFAULT '',
	dropped TEXT NOT NULL,
	PRIMARY KEY (doc, sheet)
) STRICT;

-- Operators the corpus names only in a site's name (Epoch's "Stream Phoenix" has no Owner):
-- a site no member states an operator for takes the one its name's first words are an alias of.
INSERT OR IGNORE INTO operators(id, name) VALUES ('stream', 'Stream Data Centers');
INSERT OR IGNORE INTO operator_aliases(alias, operator) VALUES
	('stream', 'stream'), ('stream data centers', 'stream'), ('stack infrastructure', 'stack');

-- The views of this migration (cur_docs; cur_<kind> of site, capacity, grid_request, permit and
-- fab over the current documents only; v_snapshots, v_site_capacity, v_site_members; v_sites and
-- v_capacity_current with the site's operator, state and country; v_changes between healthy
-- snapshots) are defined in schemas/views.sql alone, as they are now (092).
