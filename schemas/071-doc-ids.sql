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

-- The views read the tables rebuilt here: the store code drops every view before the
-- migrations and makes them again after (schemas/views.sql, 092), each exposing doc as the sha256
-- (documents.sha256 by doc_id).

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

