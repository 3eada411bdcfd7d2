-- views: every view of the store, defined once, as it is at the latest schema version.
--
-- The migrations (schemas/NNN-*.sql) make the tables, their indexes and their rows, and no view.
-- The store code (store/db.c) drops every view before it applies the migrations a store lacks,
-- and makes them all again from this file, compiled in, afterwards, in the same transaction;
-- it does the same when this file changed since the store's views were made (views_made holds
-- the sha256 of the file each was made from, migration 092). So changing a view is an edit of
-- this file, never a migration: the next gigawatt tool that opens a store to write remakes its
-- views. A view of the store that this file did not make (an analyst's own) is made again as
-- it was. No migration reads a view: what a migration fills, it reads from tables.
--
-- In dependency order: a view comes after the views it reads.
--   cur_<kind>  the current observation of each natural key of obs_<kind>
--   v_*         the analysts' views (README.md; schemas/columns.conf describes every column):
--               each row carries doc (its document's sha256) and loc, to trace it
-- A view keeps its columns (names and order) and its rows from one version to the next; a new
-- column goes at the end (tests/t3017 compares every view of a migrated store with a new one,
-- tests/t3600 the columns with schemas/columns.conf).

-- ---- the current observations ----

-- Documents whose observations are current: every document of a parser that is not a snapshot
-- parser (filings, permits, price feeds, records loaded by hand), and the current snapshot of
-- each snapshot dataset (doc_health.current, which gw-load keeps: store/snapshots.c).
CREATE VIEW cur_docs AS
SELECT d.sha256 AS doc FROM documents d
WHERE d.parser IS NULL OR d.parser NOT IN (SELECT parser FROM snapshot_parsers)
UNION ALL
SELECT doc FROM doc_health WHERE current = 1;

-- cur_<kind>: the latest observation of each natural key of obs_<kind> (key), never chosen by
-- the order documents were loaded in. Each has every column of the observation (doc as its
-- document's sha256, documents.sha256 by doc_id) and rn, which is always 1. Of a key's
-- observations, the latest is, in this order:
--   1. the one of the greatest as_of (one without an as_of comes after every one with);
--   2. for the five kinds with snapshots (site, capacity, grid_request, permit, fab): the one of
--      the document published last (documents.published, else the day it was first seen);
--   3. the one of the document first seen last (documents.first_seen: when gw-fetch or
--      gw-parse -d first stored it; for records loaded by hand, when gw-load first met it);
--   4. the one of the document with the greater sha256;
--   5. the one with the greater loc (within one document).
-- The five kinds with snapshots read the observations of current documents only (cur_docs):
-- the newest healthy snapshot of a dataset supersedes the older ones.

CREATE VIEW cur_site AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.operator,
	       o.name, o.country, o.state, o.county, o.city, o.address, o.lat, o.lon, o.status,
	       o.status_raw, o.site_id, o.country_code, o.state_code, o.partners,
	       o.partners_unresolved, o.owner, o.owner_id, o.tenant, o.tenant_ids, o.builds_upon,
	       o.superseded_by, o.duplicate_of,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, -- 2. published last
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_site o
	JOIN documents d ON d.id = o.doc_id
	WHERE d.sha256 IN (SELECT doc FROM cur_docs) -- current documents only
)
WHERE rn = 1;

CREATE VIEW cur_capacity AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.operator,
	       o.site, o.phase, o.country, o.state, o.mw, o.mw_basis, o.status, o.status_raw,
	       o.expected_online, o.accelerator, o.h100e, o.site_id, o.country_code, o.state_code,
	       o.partners, o.partners_unresolved, o.owner, o.owner_id, o.tenant, o.tenant_ids,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, -- 2. published last
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_capacity o
	JOIN documents d ON d.id = o.doc_id
	WHERE d.sha256 IN (SELECT doc FROM cur_docs) -- current documents only
)
WHERE rn = 1;

CREATE VIEW cur_grid_request AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.iso, o.queue_id, o.project,
	       o.request_kind, o.fuel, o.fuel_raw, o.mw, o.status, o.status_raw, o.county, o.state,
	       o.requested, o.expected_online, o.developer, o.poi, o.state_code,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, -- 2. published last
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_grid_request o
	JOIN documents d ON d.id = o.doc_id
	WHERE d.sha256 IN (SELECT doc FROM cur_docs) -- current documents only
)
WHERE rn = 1;

CREATE VIEW cur_permit AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.authority,
	       o.permit_id, o.permit_kind, o.applicant, o.site, o.address, o.county, o.state,
	       o.parcel, o.generators, o.generator_mw, o.mw, o.sqft, o.issued, o.status,
	       o.status_raw, o.site_id, o.state_code, o.partners, o.partners_unresolved,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, -- 2. published last
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_permit o
	JOIN documents d ON d.id = o.doc_id
	WHERE d.sha256 IN (SELECT doc FROM cur_docs) -- current documents only
)
WHERE rn = 1;

CREATE VIEW cur_fab AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.company,
	       o.name, o.country, o.state, o.city, o.lat, o.lon, o.node_nm, o.wafer_mm, o.wspm,
	       o.mw, o.status, o.start_year, o.address, o.country_code, o.state_code, o.partners,
	       o.partners_unresolved, o.fab_id,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, -- 2. published last
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_fab o
	JOIN documents d ON d.id = o.doc_id
	WHERE d.sha256 IN (SELECT doc FROM cur_docs) -- current documents only
)
WHERE rn = 1;

CREATE VIEW cur_filing AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.cik,
	       o.company, o.form, o.accession, o.filed, o.report_date, o.primary_doc,
	       o.fiscal_year_end,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_filing o
	JOIN documents d ON d.id = o.doc_id
)
WHERE rn = 1;

CREATE VIEW cur_capex AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.cik,
	       o.company, o.concept, o.dims, o.period_start, o.period_end, o.usd, o.form,
	       o.accession, o.filed, o.context, o.fy, o.fp, o.decimals,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_capex o
	JOIN documents d ON d.id = o.doc_id
)
WHERE rn = 1;

CREATE VIEW cur_gpu_price AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.provider, o.tier, o.sku,
	       o.sku_raw, o.gpus, o.term, o.region, o.instance, o.currency, o.price,
	       o.usd_per_hour, o.usd_per_gpu_hour, o.observed_at, o.last_observed, o.fx_rate,
	       o.fx_date,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_gpu_price o
	JOIN documents d ON d.id = o.doc_id
)
WHERE rn = 1;

CREATE VIEW cur_accelerator AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.sku, o.name, o.vendor,
	       o.tdp_w, o.ops8, o.bf16_flops, o.hbm_gb, o.unit_cost_usd, o.released,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_accelerator o
	JOIN documents d ON d.id = o.doc_id
)
WHERE rn = 1;

CREATE VIEW cur_shipment AS
SELECT *
FROM (
	SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.designer, o.sku, o.quarter,
	       o.units, o.units_p5, o.units_p95, o.h100e, o.power_mw,
	       row_number() OVER (
		PARTITION BY o.key
		ORDER BY o.as_of DESC, -- 1. the greatest as_of
			 d.first_seen DESC, -- 3. first seen last
			 d.sha256 DESC, o.loc DESC -- 4. 5. the greater sha256, loc
	       ) AS rn
	FROM obs_shipment o
	JOIN documents d ON d.id = o.doc_id
)
WHERE rn = 1;

-- ---- sites and capacity ----

-- The current site observations; a row that names no operator, or no country or state code,
-- takes its site's (the site's best member's: store/sites.h). The old name of v_sites_current.
CREATE VIEW v_sites AS
SELECT coalesce(c.operator_id, s.operator_id, c.operator) AS operator, c.name, c.country, c.state,
       c.county, c.city, c.lat, c.lon, c.as_of, c.doc, c.loc, c.site_id, c.status, c.status_raw,
       c.address, coalesce(c.country_code, s.country) AS country_code,
       coalesce(c.state_code, s.state) AS state_code, c.partners, c.owner, c.owner_id, c.tenant,
       c.tenant_ids
FROM cur_site c LEFT JOIN sites s ON s.id = c.site_id;

-- v_sites under the name of the v_<thing>[_current|_history] scheme (080); v_sites goes in a
-- later release, when its body moves here.
CREATE VIEW v_sites_current AS SELECT * FROM v_sites;

-- The current capacity observations; operator, state and country (and their codes) are the
-- site's where the row names none.
CREATE VIEW v_capacity_current AS
SELECT coalesce(c.operator_id, s.operator_id, c.operator) AS operator, c.site, c.phase,
       coalesce(c.state, s.state) AS state, coalesce(c.country, s.country) AS country, c.mw,
       c.mw_basis, c.status, c.expected_online, c.accelerator, c.h100e, c.as_of, c.doc, c.loc,
       coalesce(c.country_code, s.country) AS country_code, coalesce(c.state_code, s.state) AS state_code,
       c.partners, c.owner, c.owner_id, c.tenant, c.tenant_ids, c.status_raw, c.site_id
FROM cur_capacity c LEFT JOIN sites s ON s.id = c.site_id;

-- One figure per site and quarter (site_capacity, built by store/identity.c: the most specific
-- dated source, newest publication first), one row per quarter of each stored span; disagree
-- only above 20%.
CREATE VIEW v_site_capacity AS
SELECT c.site_id, s.name AS site, coalesce(s.operator_id, s.operator_raw) AS operator, s.country, s.state,
       q.quarter, c.mw_it, c.status, c.basis_stated, c.mw_stated, c.doc, c.loc, c.sources,
       CASE WHEN c.disagree > 0.2 THEN c.disagree END AS disagree, c.class, c.alternatives,
       c.it_stated, c.facility_stated, c.utility_stated
FROM site_capacity c JOIN sites s ON s.id = c.site_id JOIN quarters q ON q.idx BETWEEN c.q_from AND c.q_to;

-- Every site, capacity and permit observation joined to a site: what the site is made of.
CREATE VIEW v_site_members AS
SELECT o.site_id, 'site' AS kind, o.name, d.sha256 AS doc, o.loc, o.as_of
FROM obs_site o JOIN documents d ON d.id = o.doc_id WHERE o.site_id IS NOT NULL
UNION ALL SELECT o.site_id, 'capacity', o.site, d.sha256, o.loc, o.as_of
FROM obs_capacity o JOIN documents d ON d.id = o.doc_id WHERE o.site_id IS NOT NULL
UNION ALL SELECT o.site_id, 'permit', coalesce(o.site, o.permit_id), d.sha256, o.loc, o.as_of
FROM obs_permit o JOIN documents d ON d.id = o.doc_id WHERE o.site_id IS NOT NULL;

-- Every snapshot of each dataset (doc_health), oldest first: its health and why not, whether
-- an analyst accepted it, and whether it is the current one.
CREATE VIEW v_snapshots AS
SELECT coalesce(d.source, 'parser:' || d.parser) AS source, h.doc, d.name, h.published,
       h.observations, h.healthy, h.accepted, h.current, h.reason, d.first_seen, h.dataset, h.seq
FROM doc_health h JOIN documents d ON d.sha256 = h.doc
ORDER BY h.dataset, h.seq;

-- ---- grid requests, permits ----

-- The current interconnection requests; kind is the request_kind.
CREATE VIEW v_grid_requests_current AS
SELECT iso, queue_id, project, request_kind AS kind, fuel, mw, status, status_raw, county, state, requested,
       expected_online, fuel_raw, developer, as_of, doc, loc,
       state_code
FROM cur_grid_request;

-- Per ISO and current queue document: what the file is and how many load requests it holds.
-- carries_loads NULL: the document's parser is not in grid_load_coverage (records loaded by
-- hand, or a parser that table does not know yet): then only the count can be told.
CREATE VIEW v_grid_load_coverage AS
SELECT g.iso, d.parser, coalesce(d.name, d.url) AS file, c.loads AS carries_loads, c.evidence,
       count(*) AS requests, sum(g.kind = 'load') AS load_requests,
       sum(CASE WHEN g.kind = 'load' THEN g.mw END) AS load_mw, g.doc
FROM v_grid_requests_current g
LEFT JOIN documents d ON d.sha256 = g.doc
LEFT JOIN grid_load_coverage c ON c.parser = d.parser
GROUP BY g.iso, g.doc;

-- The current permits; kind is the permit_kind, applicant its operator where one resolves.
CREATE VIEW v_permits_current AS
SELECT authority, permit_id, permit_kind AS kind, coalesce(operator_id, applicant) AS applicant, site, county, state,
       generators, generator_mw, issued, status, address, parcel, mw, as_of, doc, loc,
       state_code, partners
FROM cur_permit;

-- ---- fabs ----

-- The current fab observations: a row per fab of each list (v_fabs: one row per fab).
CREATE VIEW v_fabs_current AS
SELECT coalesce(operator_id, company) AS company, name, country, city, node_nm, wafer_mm, wspm,
       status, state, lat, lon, mw, start_year, as_of, doc, loc,
       country_code, state_code, partners
FROM cur_fab;

-- Every row of the current snapshot of each fab list (the latest observation of each name in
-- each document), with its fab: where no resolution has run yet (a store migrated but not
-- loaded since), each row is a fab of its own (fab_id the negated row id).
CREATE VIEW v_fab_members AS
SELECT coalesce(o.fab_id, -o.id) AS fab_id, d.parser AS list, coalesce(d.name, d.url) AS file,
       coalesce(o.operator_id, o.company) AS company, o.name, o.country_code, o.city, o.address,
       o.lat, o.lon, o.node_nm, o.wafer_mm, o.wspm, o.mw, o.status, o.start_year, o.as_of,
       coalesce(d.published, substr(d.first_seen, 1, 10)) AS published, l.rule, l.evidence,
       d.sha256 AS doc, o.loc, o.company AS company_raw, o.key
FROM (SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY o.doc_id, o.key
				ORDER BY o.as_of DESC, o.loc DESC) AS rn
		     FROM obs_fab o WHERE o.doc_id IN (SELECT x.id FROM documents x
						       WHERE x.sha256 IN (SELECT doc FROM cur_docs))) WHERE rn = 1) o
JOIN documents d ON d.id = o.doc_id
LEFT JOIN fab_links l ON l.doc = d.sha256 AND l.key = o.key;

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

-- fab_candidates of the current snapshots (two fabs that may be one, left apart, for review),
-- with the company and the lists.
CREATE VIEW v_fab_candidates AS
SELECT fa.company, c.name_a, da.parser AS list_a, c.loc_a, c.name_b, db.parser AS list_b, c.loc_b,
       c.evidence, c.reason, c.refused, c.fab_a, c.fab_b, c.doc_a, c.doc_b
FROM fab_candidates c
JOIN v_fab_members fa ON fa.doc = c.doc_a AND fa.loc = c.loc_a
JOIN v_fab_members fb ON fb.doc = c.doc_b AND fb.loc = c.loc_b
LEFT JOIN documents da ON da.sha256 = c.doc_a
LEFT JOIN documents db ON db.sha256 = c.doc_b;

-- ---- SEC filings and capex ----

-- The current SEC filings; amendment = 1 for a form filed as an amendment (10-K/A).
CREATE VIEW v_filings AS
SELECT cik, coalesce(operator_id, company) AS company, form, accession, filed, report_date,
       primary_doc, form LIKE '%/A' AS amendment, doc, loc
FROM cur_filing;

-- Every stored capex concept and dimension: each period as filed (3, 6, 9, 12 months: cash-flow
-- facts are year to date), plus the discrete quarters derived from two periods of one concept,
-- dimensions and fiscal year (same period_start): Q2 = 6 months - 3 months, Q3 = 9 - 6,
-- Q4 = 12 - 9, never across a fiscal-year boundary, and not where that quarter is filed.
-- role: 'capex', 'lease' (capex_concepts) or 'other'. A derived row cites the longer period
-- (doc, loc, form, accession) and the shorter one it subtracts (less_doc, less_loc).
CREATE VIEW v_capex_detail AS
WITH filed AS (
	SELECT cik, coalesce(operator_id, company) AS company, period_start, period_end,
	       CAST(round((julianday(period_end) - julianday(period_start) + 1) / 30.4375) AS INTEGER) AS months,
	       usd, concept, coalesce(dims, '') AS dims, form, accession, filed, doc, loc
	FROM cur_capex
), periods AS (
	SELECT cik, company, period_start, period_end, months, usd, concept, form, accession,
	       0 AS derived, dims, filed, doc, loc, NULL AS less_doc, NULL AS less_loc
	FROM filed
	UNION ALL
	SELECT a.cik, a.company, date(b.period_end, '+1 day'), a.period_end, a.months - b.months,
	       a.usd - b.usd, a.concept, a.form, a.accession, 1, a.dims, a.filed, a.doc, a.loc, b.doc, b.loc
	FROM filed a
	JOIN filed b ON b.cik = a.cik AND b.concept = a.concept AND b.dims = a.dims
		AND b.period_start = a.period_start AND b.months = a.months - 3
	WHERE a.months IN (6, 9, 12)
	  AND NOT EXISTS (SELECT 1 FROM filed q
			  WHERE q.cik = a.cik AND q.concept = a.concept AND q.dims = a.dims
			    AND q.period_start = date(b.period_end, '+1 day') AND q.period_end = a.period_end)
)
SELECT p.cik, p.company, p.period_start, p.period_end, p.months, p.usd, p.concept,
       coalesce(c.role, 'other') AS role, p.form, p.accession, p.derived, p.dims, p.filed,
       p.doc, p.loc, p.less_doc, p.less_loc
FROM periods p LEFT JOIN capex_concepts c ON c.concept = p.concept;

-- Cash capex of the consolidated entity (no dimensions): one row per company and period
-- (period_start, period_end), the same periods as v_capex_detail. Where a company states two
-- capex concepts for one period, the row is the concept of the first priority (capex_concepts);
-- then a filed figure before a derived one; then the later filing. A company is its operator id
-- when the store resolved it (two CIKs of one operator are one company), else its CIK.
CREATE VIEW v_capex AS
SELECT cik, company, period_start, period_end, months, usd, concept, form, accession, derived,
       filed, doc, loc, less_doc, less_loc
FROM (SELECT d.*, row_number() OVER (
		PARTITION BY CASE WHEN d.company IN (SELECT id FROM operators) THEN d.company ELSE d.cik END,
			d.period_start, d.period_end
		ORDER BY c.priority, d.derived, d.filed DESC, d.cik DESC) AS rn
	FROM v_capex_detail d JOIN capex_concepts c ON c.concept = d.concept AND c.role = 'capex'
	WHERE d.dims = '')
WHERE rn = 1;

-- ---- GPU prices ----

-- The latest run of each key (provider, sku, term, region): its quote, since when (observed_at),
-- and until when it was last seen; ties of observed_at go to the greater sha256, then loc. The
-- old name of v_gpu_prices_current.
CREATE VIEW v_gpu_prices_latest AS
SELECT provider, tier, sku, term, region, usd_per_gpu_hour, observed_at, gpus, usd_per_hour,
       sku_raw, doc, loc, coalesce(last_observed, observed_at) AS last_observed, instance,
       currency, price
FROM (SELECT o.*, d.sha256 AS doc, row_number() OVER (PARTITION BY o.key
		ORDER BY o.observed_at DESC, d.sha256 DESC, o.loc DESC) AS rn
      FROM obs_gpu_price o JOIN documents d ON d.id = o.doc_id)
WHERE rn = 1;

-- v_gpu_prices_latest under the name of the v_<thing>[_current|_history] scheme (080).
CREATE VIEW v_gpu_prices_current AS SELECT * FROM v_gpu_prices_latest;

-- Every stored run start: the first quote of a key (previous NULL) and every change, in
-- (observed_at, sha256, loc) order.
CREATE VIEW v_gpu_prices_history AS
SELECT o.provider, o.tier, o.sku, o.term, o.region, o.usd_per_gpu_hour, o.observed_at, o.gpus,
       o.usd_per_hour, o.sku_raw, d.sha256 AS doc, o.loc,
       lag(o.usd_per_gpu_hour) OVER (PARTITION BY o.key ORDER BY o.observed_at, d.sha256, o.loc) AS previous,
       coalesce(o.last_observed, o.observed_at) AS last_observed, o.instance, o.currency, o.price, o.key
FROM obs_gpu_price o JOIN documents d ON d.id = o.doc_id
ORDER BY o.provider, o.sku, o.term, o.region, o.observed_at, d.sha256, o.loc;

-- Which documents quoted each run: run_observed_at is when the run (the price as it was then)
-- started; first_observed/first_loc and last_observed/last_loc are where the document quoted it
-- first and last.
CREATE VIEW v_gpu_price_sightings AS
SELECT o.provider, o.tier, o.sku, o.term, o.region, o.usd_per_gpu_hour, o.currency, o.price,
       o.observed_at AS run_observed_at, d.sha256 AS doc, s.first_observed, s.first_loc, s.last_observed,
       s.last_loc, o.key
FROM gpu_price_sightings s JOIN obs_gpu_price o ON o.id = s.price JOIN documents d ON d.id = s.doc_id;

-- Quotes whose SKU no alias resolves: kept (sku 'unknown:<raw name>'), out of the index, listed
-- here.
CREATE VIEW v_gpu_sku_unknown AS
SELECT sku, sku_raw, provider, count(*) AS n, min(observed_at) AS first_observed,
       max(coalesce(last_observed, observed_at)) AS last_observed
FROM obs_gpu_price
WHERE sku NOT IN (SELECT sku FROM sku_classes)
GROUP BY sku, sku_raw, provider;

-- The price index (docs/models.md 6), one row per (sku, term, tier, period_kind, period);
-- period_kind: day | week | month | quarter; period: 2025-10-19 | 2025-W43 | 2025-10 | 2025Q4.
-- A run quotes in every period its [observed_at, last_observed] touches; a provider's quote in
-- a period is its latest run start touching the period (nothing is carried forward past
-- last_observed). Level: median (linear interpolation, p25 and p75 likewise) of one quote per
-- provider; withheld = 1 below min_providers (price_params; median, p25, p75 NULL; reason says
-- why). change: the geometric mean of price relatives of the providers quoting in this period
-- and the one before it (chain-linked: a provider entering or leaving does not move it), e.g.
-- 1.02 = +2%; matched = how many; withheld when fewer than min_providers are matched.
CREATE VIEW v_price_index AS
WITH RECURSIVE
par(minp) AS (
	SELECT CAST(coalesce((SELECT value FROM price_params WHERE name = 'min_providers'), 3) AS INTEGER)
),
runs AS (
	SELECT o.id, o.provider, o.tier, o.sku, o.term, o.usd_per_gpu_hour AS px, o.observed_at,
	       date(o.observed_at) AS d0, date(coalesce(o.last_observed, o.observed_at)) AS d1
	FROM obs_gpu_price o JOIN sku_classes c ON c.sku = o.sku
	WHERE o.usd_per_gpu_hour > 0 AND date(o.observed_at) IS NOT NULL
),
days(id, d, d1) AS (
	SELECT id, d0, max(d0, coalesce(d1, d0)) FROM runs
	UNION ALL
	SELECT id, date(d, '+1 day'), d1 FROM days WHERE d < d1
),
dk AS (
	SELECT id, d, CAST(strftime('%w', d) AS INTEGER) AS wd, CAST(strftime('%m', d) AS INTEGER) AS m FROM days
),
per AS (
	SELECT DISTINCT id, kind, pstart, prev FROM (
		SELECT id, 'day' AS kind, d AS pstart, date(d, '-1 day') AS prev FROM dk
		UNION ALL
		SELECT id, 'week', date(d, '-' || ((wd + 6) % 7) || ' days'),
		       date(d, '-' || ((wd + 6) % 7 + 7) || ' days') FROM dk
		UNION ALL
		SELECT id, 'month', date(d, 'start of month'), date(d, 'start of month', '-1 month') FROM dk
		UNION ALL
		SELECT id, 'quarter', date(d, 'start of month', '-' || ((m - 1) % 3) || ' months'),
		       date(d, 'start of month', '-' || ((m - 1) % 3 + 3) || ' months') FROM dk
	)
),
pq AS (
	SELECT sku, term, tier, kind, pstart, prev, provider, px FROM (
		SELECT r.sku, r.term, r.tier, p.kind, p.pstart, p.prev, r.provider, r.px,
		       row_number() OVER (PARTITION BY r.sku, r.term, r.tier, p.kind, p.pstart, r.provider
					  ORDER BY r.observed_at DESC, r.px) AS rn
		FROM per p JOIN runs r ON r.id = p.id
	) WHERE rn = 1
),
ranked AS (
	SELECT sku, term, tier, kind, pstart, prev, px,
	       row_number() OVER (PARTITION BY sku, term, tier, kind, pstart ORDER BY px) - 1 AS r,
	       count(*) OVER (PARTITION BY sku, term, tier, kind, pstart) AS n
	FROM pq
),
lv AS (
	SELECT sku, term, tier, kind, pstart, prev, max(n) AS n,
	       sum(CASE WHEN r = floor((n - 1) * 0.5) THEN px * (1 - ((n - 1) * 0.5 - floor((n - 1) * 0.5)))
			WHEN r = floor((n - 1) * 0.5) + 1 THEN px * ((n - 1) * 0.5 - floor((n - 1) * 0.5))
			ELSE 0 END) AS median,
	       sum(CASE WHEN r = floor((n - 1) * 0.25) THEN px * (1 - ((n - 1) * 0.25 - floor((n - 1) * 0.25)))
			WHEN r = floor((n - 1) * 0.25) + 1 THEN px * ((n - 1) * 0.25 - floor((n - 1) * 0.25))
			ELSE 0 END) AS p25,
	       sum(CASE WHEN r = floor((n - 1) * 0.75) THEN px * (1 - ((n - 1) * 0.75 - floor((n - 1) * 0.75)))
			WHEN r = floor((n - 1) * 0.75) + 1 THEN px * ((n - 1) * 0.75 - floor((n - 1) * 0.75))
			ELSE 0 END) AS p75
	FROM ranked
	GROUP BY sku, term, tier, kind, pstart
),
chg AS (
	SELECT a.sku, a.term, a.tier, a.kind, a.pstart, count(*) AS matched,
	       exp(avg(ln(a.px / b.px))) AS change
	FROM pq a JOIN pq b ON b.sku = a.sku AND b.term = a.term AND b.tier = a.tier AND b.kind = a.kind
		AND b.pstart = a.prev AND b.provider = a.provider
	GROUP BY a.sku, a.term, a.tier, a.kind, a.pstart
)
SELECT lv.sku, lv.term, lv.tier, lv.kind AS period_kind,
       CASE lv.kind
	WHEN 'day' THEN lv.pstart
	WHEN 'week' THEN strftime('%Y', date(lv.pstart, '+3 days')) || '-W' ||
		printf('%02d', (CAST(strftime('%j', date(lv.pstart, '+3 days')) AS INTEGER) - 1) / 7 + 1)
	WHEN 'month' THEN strftime('%Y-%m', lv.pstart)
	ELSE strftime('%Y', lv.pstart) || 'Q' || ((CAST(strftime('%m', lv.pstart) AS INTEGER) + 2) / 3)
       END AS period,
       CASE WHEN lv.n >= par.minp THEN round(lv.median, 6) END AS median,
       CASE WHEN lv.n >= par.minp THEN round(lv.p25, 6) END AS p25,
       CASE WHEN lv.n >= par.minp THEN round(lv.p75, 6) END AS p75,
       lv.n AS providers,
       lv.n < par.minp AS withheld,
       CASE WHEN lv.n < par.minp THEN
		printf('withheld: %d provider%s quote%s, fewer than min_providers %d', lv.n,
		       CASE WHEN lv.n = 1 THEN '' ELSE 's' END, CASE WHEN lv.n = 1 THEN 's' ELSE '' END, par.minp)
	    WHEN coalesce(chg.matched, 0) > 0 AND chg.matched < par.minp THEN
		printf('change withheld: %d provider%s quote in both periods, fewer than min_providers %d',
		       chg.matched, CASE WHEN chg.matched = 1 THEN '' ELSE 's' END, par.minp)
       END AS reason,
       CASE WHEN chg.matched >= par.minp THEN round(chg.change, 6) END AS change,
       coalesce(chg.matched, 0) AS matched
FROM lv JOIN par
LEFT JOIN chg ON chg.sku = lv.sku AND chg.term = lv.term AND chg.tier = lv.tier AND chg.kind = lv.kind
	AND chg.pstart = lv.pstart;

-- ---- accelerators ----

-- The current specifications of each accelerator SKU.
CREATE VIEW v_accelerators AS
SELECT sku, vendor, tdp_w, ops8, bf16_flops, hbm_gb, unit_cost_usd, released, name, doc, loc
FROM cur_accelerator;

-- The current shipment figures of each designer, SKU and quarter.
CREATE VIEW v_shipments AS
SELECT designer, sku, quarter, units, h100e, units_p5, units_p95, power_mw, doc, loc
FROM cur_shipment;

-- ---- review and change ----

-- What needs review, kind and name and how many observations:
--   'site', 'capacity', 'permit', 'fab', 'filing', 'capex'  an operator name no alias resolves
--   'unmatched capacity' / 'unmatched permit'  a site only a capacity or a permit names (no site
--              record of any source describes it): name "NAME, STATE"
--   'country'  a country no table knows (sites, capacities, fabs)
--   'state'    a state no table knows, where the country is the US or not given (sites,
--              capacities, fabs; permits, grid requests)
--   'partner'  members of an operator list that no alias resolves, where another member did
CREATE VIEW v_unresolved AS
SELECT 'site' AS kind, operator AS name, count(*) AS n FROM obs_site WHERE operator IS NOT NULL AND operator_id IS NULL GROUP BY operator
UNION ALL SELECT 'capacity', operator, count(*) FROM obs_capacity WHERE operator IS NOT NULL AND operator_id IS NULL GROUP BY operator
UNION ALL SELECT 'permit', applicant, count(*) FROM obs_permit WHERE applicant IS NOT NULL AND operator_id IS NULL GROUP BY applicant
UNION ALL SELECT 'fab', company, count(*) FROM obs_fab WHERE operator_id IS NULL GROUP BY company
UNION ALL SELECT 'filing', company, count(*) FROM obs_filing WHERE company IS NOT NULL AND operator_id IS NULL GROUP BY company
UNION ALL SELECT 'capex', company, count(*) FROM obs_capex WHERE company IS NOT NULL AND operator_id IS NULL GROUP BY company
UNION ALL SELECT 'unmatched ' || s.first_kind, s.name || coalesce(', ' || s.state, ''),
	(SELECT count(*) FROM obs_capacity c WHERE c.site_id = s.id) + (SELECT count(*) FROM obs_permit p WHERE p.site_id = s.id)
FROM sites s WHERE s.origin <> 'site'
UNION ALL SELECT 'country', country, count(*) FROM (
	SELECT country FROM obs_site WHERE country <> '' AND country_code IS NULL
	UNION ALL SELECT country FROM obs_capacity WHERE country <> '' AND country_code IS NULL
	UNION ALL SELECT country FROM obs_fab WHERE country <> '' AND country_code IS NULL
) GROUP BY country
UNION ALL SELECT 'state', state, count(*) FROM (
	SELECT state FROM obs_site WHERE state <> '' AND state_code IS NULL AND (country_code = 'US' OR coalesce(country, '') = '')
	UNION ALL SELECT state FROM obs_capacity WHERE state <> '' AND state_code IS NULL AND (country_code = 'US' OR coalesce(country, '') = '')
	UNION ALL SELECT state FROM obs_fab WHERE state <> '' AND state_code IS NULL AND (country_code = 'US' OR coalesce(country, '') = '')
	UNION ALL SELECT state FROM obs_permit WHERE state <> '' AND state_code IS NULL
	UNION ALL SELECT state FROM obs_grid_request WHERE state <> '' AND state_code IS NULL
) GROUP BY state
UNION ALL SELECT 'partner', partners_unresolved, count(*) FROM (
	SELECT partners_unresolved FROM obs_site WHERE partners_unresolved IS NOT NULL
	UNION ALL SELECT partners_unresolved FROM obs_capacity WHERE partners_unresolved IS NOT NULL
	UNION ALL SELECT partners_unresolved FROM obs_permit WHERE partners_unresolved IS NOT NULL
	UNION ALL SELECT partners_unresolved FROM obs_fab WHERE partners_unresolved IS NOT NULL
) GROUP BY partners_unresolved;

-- What changed between the two latest healthy snapshots of each dataset (doc_health's order; an
-- unhealthy one reads as no change until accepted), named by the newer one's source; other
-- documents by source, in order of publication. Documents with neither source nor parser
-- (records loaded by hand) belong to no source. In each of the two, every key's latest
-- observation is compared, for grid_request, capacity, permit and fab:
--   new      the key is in the newer document only      (new_value: status and MW)
--   removed  the key is in the older document only      (old_value: status and MW)
--   status   the status differs (e.g. active -> withdrawn)
--   mw       the MW differs
-- as_of: the newer document's publication date (else the day it was first seen). Capacity is
-- matched by campus, not by the source's key: on (site_id, phase), projections ("by 2027-01-01"
-- phases) on (site_id, 'projection'); those without a site_id keep their key.
CREATE VIEW v_changes AS
WITH docs AS (
	SELECT d.sha256 AS doc, h.dataset AS grp, coalesce(d.source, 'parser:' || d.parser) AS src,
	       coalesce(d.published, substr(d.first_seen, 1, 10)) AS pub,
	       row_number() OVER (PARTITION BY h.dataset ORDER BY h.seq DESC) AS rk
	FROM doc_health h JOIN documents d ON d.sha256 = h.doc WHERE h.healthy = 1 OR h.accepted = 1
	UNION ALL
	SELECT sha256, coalesce(source, 'parser:' || parser), coalesce(source, 'parser:' || parser),
	       coalesce(published, substr(first_seen, 1, 10)),
	       row_number() OVER (PARTITION BY coalesce(source, 'parser:' || parser)
				  ORDER BY coalesce(published, substr(first_seen, 1, 10)) DESC,
				  first_seen DESC, rowid DESC)
	FROM documents WHERE coalesce(source, parser) IS NOT NULL
	AND sha256 NOT IN (SELECT doc FROM doc_health)
),
pair AS (
	SELECT n.src AS grp, n.doc AS new_doc, o.doc AS old_doc, n.pub AS new_pub
	FROM docs n JOIN docs o ON o.grp = n.grp AND o.rk = 2 WHERE n.rk = 1
),
pdocs AS (SELECT new_doc AS doc FROM pair UNION SELECT old_doc FROM pair),
obs AS (
	SELECT 'grid_request' AS kind, o.key, o.key AS mkey, d.sha256 AS doc, coalesce(o.project, o.queue_id) AS name,
	       o.status, o.mw, o.as_of, o.id
	FROM obs_grid_request o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN pdocs
	UNION ALL
	SELECT 'capacity', o.key,
	       CASE WHEN o.site_id IS NULL THEN o.key
		    WHEN o.phase LIKE 'by %' THEN 'site:' || o.site_id || '|projection'
		    ELSE 'site:' || o.site_id || '|' || coalesce(lower(o.phase), '') END,
	       d.sha256, o.site || CASE WHEN o.phase LIKE 'by %' THEN ' / projection'
				 ELSE coalesce(' / ' || o.phase, '') END, o.status, o.mw, o.as_of, o.id
	FROM obs_capacity o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN pdocs
	UNION ALL
	SELECT 'permit', o.key, o.key, d.sha256, coalesce(o.site, o.permit_id), o.status, o.mw, o.as_of, o.id
	FROM obs_permit o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN pdocs
	UNION ALL
	SELECT 'fab', o.key, o.key, d.sha256, o.name, o.status, o.mw, o.as_of, o.id
	FROM obs_fab o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN pdocs
),
last AS (
	SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY kind, doc, mkey
						      ORDER BY as_of DESC, id DESC) AS rn FROM obs o)
	WHERE rn = 1
),
o AS (SELECT p.grp, p.new_doc, p.old_doc, p.new_pub, l.* FROM pair p JOIN last l ON l.doc = p.old_doc),
n AS (SELECT p.grp, p.new_doc, p.old_doc, p.new_pub, l.* FROM pair p JOIN last l ON l.doc = p.new_doc)
SELECT n.grp AS source, n.kind, n.key, n.name, 'new' AS change, NULL AS old_value,
       trim(coalesce(n.status, '') || CASE WHEN n.mw IS NOT NULL THEN printf(' %.10g MW', n.mw) ELSE '' END) AS new_value,
       n.old_doc, n.new_doc, n.new_pub AS as_of
FROM n WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.grp = n.grp AND o.kind = n.kind AND o.mkey = n.mkey)
UNION ALL
SELECT o.grp, o.kind, o.key, o.name, 'removed',
       trim(coalesce(o.status, '') || CASE WHEN o.mw IS NOT NULL THEN printf(' %.10g MW', o.mw) ELSE '' END), NULL,
       o.old_doc, o.new_doc, o.new_pub
FROM o WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.grp = o.grp AND n.kind = o.kind AND n.mkey = o.mkey)
UNION ALL
SELECT n.grp, n.kind, n.key, n.name, 'status', o.status, n.status, n.old_doc, n.new_doc, n.new_pub
FROM n JOIN o ON o.grp = n.grp AND o.kind = n.kind AND o.mkey = n.mkey
WHERE o.status IS NOT n.status
UNION ALL
SELECT n.grp, n.kind, n.key, n.name, 'mw', printf('%.10g', o.mw), printf('%.10g', n.mw),
       n.old_doc, n.new_doc, n.new_pub
FROM n JOIN o ON o.grp = n.grp AND o.kind = n.kind AND o.mkey = n.mkey
WHERE (o.mw IS NULL) <> (n.mw IS NULL) OR abs(o.mw - n.mw) > 1e-9;
