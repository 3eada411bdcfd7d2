-- 071-doc-ids: observations refer to their document by an integer id (issue 15 item 1).
-- Every obs_<kind> row carried its document's sha256, 64 characters of text, in the row and
-- in each index over it (UNIQUE(key, doc, loc) first): a third of the bytes a price load
-- wrote. Now documents.id (an INTEGER PRIMARY KEY: documents' rowid, kept, so it never
-- changes, not even on VACUUM) is what the tables hold:
--   obs_<kind>.doc          -> doc_id INTEGER NOT NULL REFERENCES documents(id), in its place;
--                              UNIQUE (key, doc_id, loc); the indexes on doc are on doc_id
--   gpu_price_sightings.doc -> doc_id; PRIMARY KEY (price, doc_id)
--   obs_gpu_price_run       -> (key, observed_at): a key's runs are still ordered by
--                              (observed_at, sha256, loc), ties of observed_at by the sha256
--                              (store/prices.c joins documents for them; they are rare)
-- The sha256 stays in documents, and every view still has its doc column as the sha256, with
-- the same columns, in the same order, and the same rows (tests/t3017 compares every view of a
-- store before and after this migration, and with a store loaded anew). Tables that name a
-- document by its sha256 for other reasons keep it: rejects, doc_loads, doc_health, doc_drift,
-- site_capacity, fab_links, fab_candidates, fetches. Query an observation's document with
-- `JOIN documents d ON d.id = o.doc_id` (d.sha256, d.url), or through the views.
-- The store's data is kept, in this one transaction with the other migrations.

-- every view is dropped first, and made again at the end (below): views read the tables rebuilt here
DROP VIEW v_changes;
DROP VIEW v_fab_candidates;
DROP VIEW v_fabs;
DROP VIEW v_fab_members;
DROP VIEW v_grid_load_coverage;
DROP VIEW v_capex;
DROP VIEW v_capex_detail;
DROP VIEW v_capacity_current;
DROP VIEW v_sites;
DROP VIEW v_site_members;
DROP VIEW v_site_capacity;
DROP VIEW cur_fab;
DROP VIEW cur_permit;
DROP VIEW cur_grid_request;
DROP VIEW cur_capacity;
DROP VIEW cur_site;
DROP VIEW v_snapshots;
DROP VIEW cur_docs;
DROP VIEW v_unresolved;
DROP VIEW v_fabs_current;
DROP VIEW v_permits_current;
DROP VIEW v_grid_requests_current;
DROP VIEW cur_shipment;
DROP VIEW cur_accelerator;
DROP VIEW cur_gpu_price;
DROP VIEW cur_capex;
DROP VIEW cur_filing;
DROP VIEW v_gpu_price_sightings;
DROP VIEW v_gpu_prices_history;
DROP VIEW v_gpu_prices_latest;
DROP VIEW v_price_index;
DROP VIEW v_gpu_sku_unknown;
DROP VIEW v_shipments;
DROP VIEW v_accelerators;
DROP VIEW v_filings;

-- documents: the same columns, and id (its rowid: kept, so the order documents entered the store
-- stays) as an INTEGER PRIMARY KEY, which VACUUM never renumbers; the sha256 stays unique.
CREATE TABLE documents_new (
	sha256 TEXT NOT NULL UNIQUE,
	url TEXT,
	name TEXT,
	content_type TEXT,
	size INTEGER,
	source TEXT,
	parser TEXT,
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL,
	published TEXT,
	id INTEGER PRIMARY KEY
) STRICT;
INSERT INTO documents_new(sha256, url, name, content_type, size, source, parser, first_seen, last_seen, published, id)
SELECT sha256, url, name, content_type, size, source, parser, first_seen, last_seen, published, rowid FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;

-- a document an observation cites that has no row (rows inserted by hand): a row of its own,
-- as gw-load gives every document it meets, so no observation is lost
INSERT OR IGNORE INTO documents(sha256, first_seen, last_seen)
SELECT doc, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM (
SELECT doc FROM obs_site
	UNION SELECT doc FROM obs_capacity
	UNION SELECT doc FROM obs_grid_request
	UNION SELECT doc FROM obs_permit
	UNION SELECT doc FROM obs_fab
	UNION SELECT doc FROM obs_filing
	UNION SELECT doc FROM obs_capex
	UNION SELECT doc FROM obs_gpu_price
	UNION SELECT doc FROM obs_accelerator
	UNION SELECT doc FROM obs_shipment
	UNION SELECT doc FROM gpu_price_sightings
);

-- obs_site: doc -> doc_id
CREATE TABLE obs_site_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, operator TEXT, name TEXT NOT NULL,
	country TEXT, state TEXT, county TEXT, city TEXT, address TEXT, lat REAL, lon REAL, status TEXT,
	status_raw TEXT, site_id INTEGER, country_code TEXT, state_code TEXT, partners TEXT,
	partners_unresolved TEXT, owner TEXT, owner_id TEXT, tenant TEXT, tenant_ids TEXT,
	builds_upon TEXT, superseded_by TEXT, duplicate_of TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_site_new(id, key, doc_id, loc, as_of, run, operator_id, operator, name, country, state, county, city, address, lat, lon, status, status_raw, site_id, country_code, state_code, partners, partners_unresolved, owner, owner_id, tenant, tenant_ids, builds_upon, superseded_by, duplicate_of)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.operator_id, o.operator, o.name, o.country, o.state, o.county, o.city, o.address, o.lat, o.lon, o.status, o.status_raw, o.site_id, o.country_code, o.state_code, o.partners, o.partners_unresolved, o.owner, o.owner_id, o.tenant, o.tenant_ids, o.builds_upon, o.superseded_by, o.duplicate_of
FROM obs_site o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_site;
ALTER TABLE obs_site_new RENAME TO obs_site;
CREATE INDEX obs_site_cur ON obs_site(key, as_of, id);
CREATE INDEX obs_site_doc ON obs_site(doc_id);
CREATE INDEX obs_site_site ON obs_site(site_id);

-- obs_capacity: doc -> doc_id
CREATE TABLE obs_capacity_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, operator TEXT, site TEXT NOT NULL,
	phase TEXT, country TEXT, state TEXT, mw REAL NOT NULL, mw_basis TEXT NOT NULL,
	status TEXT NOT NULL, status_raw TEXT, expected_online TEXT, accelerator TEXT, h100e REAL,
	site_id INTEGER, country_code TEXT, state_code TEXT, partners TEXT, partners_unresolved TEXT,
	owner TEXT, owner_id TEXT, tenant TEXT, tenant_ids TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_capacity_new(id, key, doc_id, loc, as_of, run, operator_id, operator, site, phase, country, state, mw, mw_basis, status, status_raw, expected_online, accelerator, h100e, site_id, country_code, state_code, partners, partners_unresolved, owner, owner_id, tenant, tenant_ids)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.operator_id, o.operator, o.site, o.phase, o.country, o.state, o.mw, o.mw_basis, o.status, o.status_raw, o.expected_online, o.accelerator, o.h100e, o.site_id, o.country_code, o.state_code, o.partners, o.partners_unresolved, o.owner, o.owner_id, o.tenant, o.tenant_ids
FROM obs_capacity o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_capacity;
ALTER TABLE obs_capacity_new RENAME TO obs_capacity;
CREATE INDEX obs_capacity_cur ON obs_capacity(key, as_of, id);
CREATE INDEX obs_capacity_doc ON obs_capacity(doc_id);
CREATE INDEX obs_capacity_site ON obs_capacity(site_id);

-- obs_grid_request: doc -> doc_id
CREATE TABLE obs_grid_request_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, iso TEXT NOT NULL, queue_id TEXT NOT NULL,
	project TEXT, request_kind TEXT NOT NULL, fuel TEXT, fuel_raw TEXT, mw REAL, status TEXT NOT NULL,
	status_raw TEXT, county TEXT, state TEXT, requested TEXT, expected_online TEXT, developer TEXT,
	poi TEXT, state_code TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_grid_request_new(id, key, doc_id, loc, as_of, run, iso, queue_id, project, request_kind, fuel, fuel_raw, mw, status, status_raw, county, state, requested, expected_online, developer, poi, state_code)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.iso, o.queue_id, o.project, o.request_kind, o.fuel, o.fuel_raw, o.mw, o.status, o.status_raw, o.county, o.state, o.requested, o.expected_online, o.developer, o.poi, o.state_code
FROM obs_grid_request o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_grid_request;
ALTER TABLE obs_grid_request_new RENAME TO obs_grid_request;
CREATE INDEX obs_grid_request_cur ON obs_grid_request(key, as_of, id);
CREATE INDEX obs_grid_request_doc ON obs_grid_request(doc_id);

-- obs_permit: doc -> doc_id
CREATE TABLE obs_permit_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, authority TEXT NOT NULL,
	permit_id TEXT NOT NULL, permit_kind TEXT NOT NULL, applicant TEXT, site TEXT, address TEXT,
	county TEXT, state TEXT, parcel TEXT, generators INTEGER, generator_mw REAL, mw REAL, sqft REAL,
	issued TEXT, status TEXT, status_raw TEXT, site_id INTEGER, state_code TEXT, partners TEXT,
	partners_unresolved TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_permit_new(id, key, doc_id, loc, as_of, run, operator_id, authority, permit_id, permit_kind, applicant, site, address, county, state, parcel, generators, generator_mw, mw, sqft, issued, status, status_raw, site_id, state_code, partners, partners_unresolved)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.operator_id, o.authority, o.permit_id, o.permit_kind, o.applicant, o.site, o.address, o.county, o.state, o.parcel, o.generators, o.generator_mw, o.mw, o.sqft, o.issued, o.status, o.status_raw, o.site_id, o.state_code, o.partners, o.partners_unresolved
FROM obs_permit o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_permit;
ALTER TABLE obs_permit_new RENAME TO obs_permit;
CREATE INDEX obs_permit_cur ON obs_permit(key, as_of, id);
CREATE INDEX obs_permit_doc ON obs_permit(doc_id);
CREATE INDEX obs_permit_site ON obs_permit(site_id);

-- obs_fab: doc -> doc_id
CREATE TABLE obs_fab_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, company TEXT NOT NULL,
	name TEXT NOT NULL, country TEXT, state TEXT, city TEXT, lat REAL, lon REAL, node_nm REAL,
	wafer_mm INTEGER, wspm REAL, mw REAL, status TEXT, start_year INTEGER, address TEXT,
	country_code TEXT, state_code TEXT, partners TEXT, partners_unresolved TEXT, fab_id INTEGER, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_fab_new(id, key, doc_id, loc, as_of, run, operator_id, company, name, country, state, city, lat, lon, node_nm, wafer_mm, wspm, mw, status, start_year, address, country_code, state_code, partners, partners_unresolved, fab_id)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.operator_id, o.company, o.name, o.country, o.state, o.city, o.lat, o.lon, o.node_nm, o.wafer_mm, o.wspm, o.mw, o.status, o.start_year, o.address, o.country_code, o.state_code, o.partners, o.partners_unresolved, o.fab_id
FROM obs_fab o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_fab;
ALTER TABLE obs_fab_new RENAME TO obs_fab;
CREATE INDEX obs_fab_cur ON obs_fab(key, as_of, id);
CREATE INDEX obs_fab_doc ON obs_fab(doc_id);
CREATE INDEX obs_fab_fab ON obs_fab(fab_id);

-- obs_filing: doc -> doc_id
CREATE TABLE obs_filing_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, cik INTEGER NOT NULL, company TEXT,
	form TEXT NOT NULL, accession TEXT NOT NULL, filed TEXT NOT NULL, report_date TEXT,
	primary_doc TEXT, fiscal_year_end TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_filing_new(id, key, doc_id, loc, as_of, run, operator_id, cik, company, form, accession, filed, report_date, primary_doc, fiscal_year_end)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.operator_id, o.cik, o.company, o.form, o.accession, o.filed, o.report_date, o.primary_doc, o.fiscal_year_end
FROM obs_filing o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_filing;
ALTER TABLE obs_filing_new RENAME TO obs_filing;
CREATE INDEX obs_filing_cur ON obs_filing(key, as_of, id);

-- obs_capex: doc -> doc_id
CREATE TABLE obs_capex_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, cik INTEGER NOT NULL, company TEXT,
	concept TEXT NOT NULL, dims TEXT, period_start TEXT NOT NULL, period_end TEXT NOT NULL,
	usd REAL NOT NULL, form TEXT, accession TEXT, filed TEXT, context TEXT, fy INTEGER, fp TEXT,
	decimals INTEGER, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_capex_new(id, key, doc_id, loc, as_of, run, operator_id, cik, company, concept, dims, period_start, period_end, usd, form, accession, filed, context, fy, fp, decimals)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.operator_id, o.cik, o.company, o.concept, o.dims, o.period_start, o.period_end, o.usd, o.form, o.accession, o.filed, o.context, o.fy, o.fp, o.decimals
FROM obs_capex o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_capex;
ALTER TABLE obs_capex_new RENAME TO obs_capex;
CREATE INDEX obs_capex_cur ON obs_capex(key, as_of, id);

-- obs_gpu_price: doc -> doc_id
CREATE TABLE obs_gpu_price_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, provider TEXT NOT NULL, tier TEXT NOT NULL,
	sku TEXT NOT NULL, sku_raw TEXT, gpus INTEGER, term TEXT NOT NULL, region TEXT, instance TEXT,
	currency TEXT, price REAL, usd_per_hour REAL, usd_per_gpu_hour REAL NOT NULL,
	observed_at TEXT NOT NULL, last_observed TEXT, fx_rate REAL, fx_date TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_gpu_price_new(id, key, doc_id, loc, as_of, run, provider, tier, sku, sku_raw, gpus, term, region, instance, currency, price, usd_per_hour, usd_per_gpu_hour, observed_at, last_observed, fx_rate, fx_date)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.provider, o.tier, o.sku, o.sku_raw, o.gpus, o.term, o.region, o.instance, o.currency, o.price, o.usd_per_hour, o.usd_per_gpu_hour, o.observed_at, o.last_observed, o.fx_rate, o.fx_date
FROM obs_gpu_price o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_gpu_price;
ALTER TABLE obs_gpu_price_new RENAME TO obs_gpu_price;
CREATE INDEX obs_gpu_price_run ON obs_gpu_price(key, observed_at);

-- obs_accelerator: doc -> doc_id
CREATE TABLE obs_accelerator_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, sku TEXT NOT NULL, name TEXT, vendor TEXT, tdp_w REAL,
	ops8 REAL, bf16_flops REAL, hbm_gb REAL, unit_cost_usd REAL, released TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_accelerator_new(id, key, doc_id, loc, as_of, run, sku, name, vendor, tdp_w, ops8, bf16_flops, hbm_gb, unit_cost_usd, released)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.sku, o.name, o.vendor, o.tdp_w, o.ops8, o.bf16_flops, o.hbm_gb, o.unit_cost_usd, o.released
FROM obs_accelerator o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_accelerator;
ALTER TABLE obs_accelerator_new RENAME TO obs_accelerator;
CREATE INDEX obs_accelerator_cur ON obs_accelerator(key, as_of, id);

-- obs_shipment: doc -> doc_id
CREATE TABLE obs_shipment_new (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, designer TEXT NOT NULL, sku TEXT NOT NULL,
	quarter TEXT NOT NULL, units REAL, units_p5 REAL, units_p95 REAL, h100e REAL, power_mw REAL, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_shipment_new(id, key, doc_id, loc, as_of, run, designer, sku, quarter, units, units_p5, units_p95, h100e, power_mw)
SELECT o.id, o.key, d.id, o.loc, o.as_of, o.run, o.designer, o.sku, o.quarter, o.units, o.units_p5, o.units_p95, o.h100e, o.power_mw
FROM obs_shipment o JOIN documents d ON d.sha256 = o.doc;
DROP TABLE obs_shipment;
ALTER TABLE obs_shipment_new RENAME TO obs_shipment;
CREATE INDEX obs_shipment_cur ON obs_shipment(key, as_of, id);

-- gpu_price_sightings: doc -> doc_id (one row per run and document: as many rows as runs)
CREATE TABLE gpu_price_sightings_new (
	price INTEGER NOT NULL,		-- obs_gpu_price.id of the run
	doc_id INTEGER NOT NULL REFERENCES documents(id),	-- a document that quoted it
	first_observed TEXT NOT NULL,	-- the first quote of the run in that document
	first_loc TEXT NOT NULL,
	last_observed TEXT NOT NULL,	-- the last one (the same when it quoted once)
	last_loc TEXT NOT NULL,
	PRIMARY KEY (price, doc_id)
) STRICT, WITHOUT ROWID;
INSERT INTO gpu_price_sightings_new(price, doc_id, first_observed, first_loc, last_observed, last_loc)
SELECT s.price, d.id, s.first_observed, s.first_loc, s.last_observed, s.last_loc
FROM gpu_price_sightings s JOIN documents d ON d.sha256 = s.doc;
DROP TABLE gpu_price_sightings;
ALTER TABLE gpu_price_sightings_new RENAME TO gpu_price_sightings;

-- the views again, as before: each exposes doc as the sha256 (documents.sha256 by doc_id)
CREATE VIEW v_filings AS
SELECT cik, coalesce(operator_id, company) AS company, form, accession, filed, report_date,
       primary_doc, form LIKE '%/A' AS amendment, doc, loc
FROM cur_filing;

CREATE VIEW v_accelerators AS
SELECT sku, vendor, tdp_w, ops8, bf16_flops, hbm_gb, unit_cost_usd, released, name, doc, loc
FROM cur_accelerator;

CREATE VIEW v_shipments AS
SELECT designer, sku, quarter, units, h100e, units_p5, units_p95, power_mw, doc, loc
FROM cur_shipment;

CREATE VIEW v_gpu_sku_unknown AS
SELECT sku, sku_raw, provider, count(*) AS n, min(observed_at) AS first_observed,
       max(coalesce(last_observed, observed_at)) AS last_observed
FROM obs_gpu_price
WHERE sku NOT IN (SELECT sku FROM sku_classes)
GROUP BY sku, sku_raw, provider;

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

CREATE VIEW v_gpu_prices_latest AS
SELECT provider, tier, sku, term, region, usd_per_gpu_hour, observed_at, gpus, usd_per_hour,
       sku_raw, doc, loc, coalesce(last_observed, observed_at) AS last_observed, instance,
       currency, price
FROM (SELECT o.*, d.sha256 AS doc, row_number() OVER (PARTITION BY o.key
		ORDER BY o.observed_at DESC, d.sha256 DESC, o.loc DESC) AS rn
      FROM obs_gpu_price o JOIN documents d ON d.id = o.doc_id)
WHERE rn = 1;

CREATE VIEW v_gpu_prices_history AS
SELECT o.provider, o.tier, o.sku, o.term, o.region, o.usd_per_gpu_hour, o.observed_at, o.gpus,
       o.usd_per_hour, o.sku_raw, d.sha256 AS doc, o.loc,
       lag(o.usd_per_gpu_hour) OVER (PARTITION BY o.key ORDER BY o.observed_at, d.sha256, o.loc) AS previous,
       coalesce(o.last_observed, o.observed_at) AS last_observed, o.instance, o.currency, o.price, o.key
FROM obs_gpu_price o JOIN documents d ON d.id = o.doc_id
ORDER BY o.provider, o.sku, o.term, o.region, o.observed_at, d.sha256, o.loc;

CREATE VIEW v_gpu_price_sightings AS
SELECT o.provider, o.tier, o.sku, o.term, o.region, o.usd_per_gpu_hour, o.currency, o.price,
       o.observed_at AS run_observed_at, d.sha256 AS doc, s.first_observed, s.first_loc, s.last_observed,
       s.last_loc, o.key
FROM gpu_price_sightings s JOIN obs_gpu_price o ON o.id = s.price JOIN documents d ON d.id = s.doc_id;

CREATE VIEW cur_filing AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.cik, o.company, o.form, o.accession, o.filed, o.report_date, o.primary_doc, o.fiscal_year_end,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, d.first_seen DESC, d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_filing o JOIN documents d ON d.id = o.doc_id) WHERE rn = 1;
CREATE VIEW cur_capex AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.cik, o.company, o.concept, o.dims, o.period_start, o.period_end, o.usd, o.form, o.accession, o.filed, o.context, o.fy, o.fp, o.decimals,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, d.first_seen DESC, d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_capex o JOIN documents d ON d.id = o.doc_id) WHERE rn = 1;
CREATE VIEW cur_gpu_price AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.provider, o.tier, o.sku, o.sku_raw, o.gpus, o.term, o.region, o.instance, o.currency, o.price, o.usd_per_hour, o.usd_per_gpu_hour, o.observed_at, o.last_observed, o.fx_rate, o.fx_date,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, d.first_seen DESC, d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_gpu_price o JOIN documents d ON d.id = o.doc_id) WHERE rn = 1;
CREATE VIEW cur_accelerator AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.sku, o.name, o.vendor, o.tdp_w, o.ops8, o.bf16_flops, o.hbm_gb, o.unit_cost_usd, o.released,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, d.first_seen DESC, d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_accelerator o JOIN documents d ON d.id = o.doc_id) WHERE rn = 1;
CREATE VIEW cur_shipment AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.designer, o.sku, o.quarter, o.units, o.units_p5, o.units_p95, o.h100e, o.power_mw,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, d.first_seen DESC, d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_shipment o JOIN documents d ON d.id = o.doc_id) WHERE rn = 1;
CREATE VIEW v_grid_requests_current AS
SELECT iso, queue_id, project, request_kind AS kind, fuel, mw, status, status_raw, county, state, requested,
       expected_online, fuel_raw, developer, as_of, doc, loc,
       state_code
FROM cur_grid_request;

CREATE VIEW v_permits_current AS
SELECT authority, permit_id, permit_kind AS kind, coalesce(operator_id, applicant) AS applicant, site, county, state,
       generators, generator_mw, issued, status, address, parcel, mw, as_of, doc, loc,
       state_code, partners
FROM cur_permit;

CREATE VIEW v_fabs_current AS
SELECT coalesce(operator_id, company) AS company, name, country, city, node_nm, wafer_mm, wspm,
       status, state, lat, lon, mw, start_year, as_of, doc, loc,
       country_code, state_code, partners
FROM cur_fab;

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

CREATE VIEW cur_docs AS
SELECT d.sha256 AS doc FROM documents d
WHERE d.parser IS NULL OR d.parser NOT IN (SELECT parser FROM snapshot_parsers)
UNION ALL
SELECT doc FROM doc_health WHERE current = 1;

CREATE VIEW v_snapshots AS
SELECT coalesce(d.source, 'parser:' || d.parser) AS source, h.doc, d.name, h.published,
       h.observations, h.healthy, h.accepted, h.current, h.reason, d.first_seen, h.dataset, h.seq
FROM doc_health h JOIN documents d ON d.sha256 = h.doc
ORDER BY h.dataset, h.seq;

CREATE VIEW cur_site AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.operator, o.name, o.country, o.state, o.county, o.city, o.address, o.lat, o.lon, o.status, o.status_raw, o.site_id, o.country_code, o.state_code, o.partners, o.partners_unresolved, o.owner, o.owner_id, o.tenant, o.tenant_ids, o.builds_upon, o.superseded_by, o.duplicate_of,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, d.first_seen DESC,
	d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_site o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN (SELECT doc FROM cur_docs)) WHERE rn = 1;
CREATE VIEW cur_capacity AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.operator, o.site, o.phase, o.country, o.state, o.mw, o.mw_basis, o.status, o.status_raw, o.expected_online, o.accelerator, o.h100e, o.site_id, o.country_code, o.state_code, o.partners, o.partners_unresolved, o.owner, o.owner_id, o.tenant, o.tenant_ids,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, d.first_seen DESC,
	d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_capacity o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN (SELECT doc FROM cur_docs)) WHERE rn = 1;
CREATE VIEW cur_grid_request AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.iso, o.queue_id, o.project, o.request_kind, o.fuel, o.fuel_raw, o.mw, o.status, o.status_raw, o.county, o.state, o.requested, o.expected_online, o.developer, o.poi, o.state_code,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, d.first_seen DESC,
	d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_grid_request o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN (SELECT doc FROM cur_docs)) WHERE rn = 1;
CREATE VIEW cur_permit AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.authority, o.permit_id, o.permit_kind, o.applicant, o.site, o.address, o.county, o.state, o.parcel, o.generators, o.generator_mw, o.mw, o.sqft, o.issued, o.status, o.status_raw, o.site_id, o.state_code, o.partners, o.partners_unresolved,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, d.first_seen DESC,
	d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_permit o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN (SELECT doc FROM cur_docs)) WHERE rn = 1;
CREATE VIEW cur_fab AS SELECT * FROM (SELECT o.id, o.key, d.sha256 AS doc, o.loc, o.as_of, o.run, o.operator_id, o.company, o.name, o.country, o.state, o.city, o.lat, o.lon, o.node_nm, o.wafer_mm, o.wspm, o.mw, o.status, o.start_year, o.address, o.country_code, o.state_code, o.partners, o.partners_unresolved, o.fab_id,
	row_number() OVER (PARTITION BY o.key ORDER BY o.as_of DESC, coalesce(d.published, substr(d.first_seen, 1, 10)) DESC, d.first_seen DESC,
	d.sha256 DESC, o.loc DESC) AS rn
	FROM obs_fab o JOIN documents d ON d.id = o.doc_id WHERE d.sha256 IN (SELECT doc FROM cur_docs)) WHERE rn = 1;
CREATE VIEW v_site_capacity AS
SELECT c.site_id, s.name AS site, coalesce(s.operator_id, s.operator_raw) AS operator, s.country, s.state,
       q.quarter, c.mw_it, c.status, c.basis_stated, c.mw_stated, c.doc, c.loc, c.sources,
       CASE WHEN c.disagree > 0.2 THEN c.disagree END AS disagree, c.class, c.alternatives,
       c.it_stated, c.facility_stated, c.utility_stated
FROM site_capacity c JOIN sites s ON s.id = c.site_id JOIN quarters q ON q.idx BETWEEN c.q_from AND c.q_to;

CREATE VIEW v_site_members AS
SELECT o.site_id, 'site' AS kind, o.name, d.sha256 AS doc, o.loc, o.as_of
FROM obs_site o JOIN documents d ON d.id = o.doc_id WHERE o.site_id IS NOT NULL
UNION ALL SELECT o.site_id, 'capacity', o.site, d.sha256, o.loc, o.as_of
FROM obs_capacity o JOIN documents d ON d.id = o.doc_id WHERE o.site_id IS NOT NULL
UNION ALL SELECT o.site_id, 'permit', coalesce(o.site, o.permit_id), d.sha256, o.loc, o.as_of
FROM obs_permit o JOIN documents d ON d.id = o.doc_id WHERE o.site_id IS NOT NULL;

CREATE VIEW v_sites AS
SELECT coalesce(c.operator_id, s.operator_id, c.operator) AS operator, c.name, c.country, c.state,
       c.county, c.city, c.lat, c.lon, c.as_of, c.doc, c.loc, c.site_id, c.status, c.status_raw,
       c.address, coalesce(c.country_code, s.country) AS country_code,
       coalesce(c.state_code, s.state) AS state_code, c.partners, c.owner, c.owner_id, c.tenant,
       c.tenant_ids
FROM cur_site c LEFT JOIN sites s ON s.id = c.site_id;

CREATE VIEW v_capacity_current AS
SELECT coalesce(c.operator_id, s.operator_id, c.operator) AS operator, c.site, c.phase,
       coalesce(c.state, s.state) AS state, coalesce(c.country, s.country) AS country, c.mw,
       c.mw_basis, c.status, c.expected_online, c.accelerator, c.h100e, c.as_of, c.doc, c.loc,
       coalesce(c.country_code, s.country) AS country_code, coalesce(c.state_code, s.state) AS state_code,
       c.partners, c.owner, c.owner_id, c.tenant, c.tenant_ids, c.status_raw, c.site_id
FROM cur_capacity c LEFT JOIN sites s ON s.id = c.site_id;

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

CREATE VIEW v_grid_load_coverage AS
SELECT g.iso, d.parser, coalesce(d.name, d.url) AS file, c.loads AS carries_loads, c.evidence,
       count(*) AS requests, sum(g.kind = 'load') AS load_requests,
       sum(CASE WHEN g.kind = 'load' THEN g.mw END) AS load_mw, g.doc
FROM v_grid_requests_current g
LEFT JOIN documents d ON d.sha256 = g.doc
LEFT JOIN grid_load_coverage c ON c.parser = d.parser
GROUP BY g.iso, g.doc;

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

CREATE VIEW v_fab_candidates AS
SELECT fa.company, c.name_a, da.parser AS list_a, c.loc_a, c.name_b, db.parser AS list_b, c.loc_b,
       c.evidence, c.reason, c.refused, c.fab_a, c.fab_b, c.doc_a, c.doc_b
FROM fab_candidates c
JOIN v_fab_members fa ON fa.doc = c.doc_a AND fa.loc = c.loc_a
JOIN v_fab_members fb ON fb.doc = c.doc_b AND fb.loc = c.loc_b
LEFT JOIN documents da ON da.sha256 = c.doc_a
LEFT JOIN documents db ON db.sha256 = c.doc_b;

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

