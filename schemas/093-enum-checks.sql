-- 093-enum-checks: the closed enumerations of the record contract are CHECK constraints of the
-- observation tables as well as lists in C (store/spec.c, schemas/records.md), so a row inserted
-- by hand, or by any other tool, with a value outside them is refused by the store itself:
--   obs_site.status              the capacity statuses (optional: NULL passes)
--   obs_capacity.mw_basis        it facility utility unknown
--   obs_capacity.status          operational under_construction permitted announced rumored cancelled
--   obs_grid_request.request_kind  load generation storage hybrid transmission
--   obs_grid_request.fuel        solar ... other (optional)
--   obs_grid_request.status      active withdrawn operational suspended
--   obs_permit.permit_kind       air building zoning other
--   obs_gpu_price.tier           hyperscaler neocloud marketplace
-- Each list is the C one, in its order; tests/unit/test-enum-checks.c fails when a list here
-- and its list in store/spec.c differ (a list that changes needs a migration that rebuilds its
-- table, and the C list changed with it). gw-load validates every record against the C lists
-- before it stores it (a value outside one is a reject), so the store never meets a row these
-- refuse from it. Fields the contract leaves open text (gpu_price.term, permit.status,
-- fab.status) get no CHECK. Each CHECK stays on one line: gw-sync copies it to PostgreSQL.
--
-- Each table is rebuilt with its rows, their rowids, and its indexes (SQLite adds a constraint no
-- other way), as in 091; a store holding a value outside a list (inserted by hand) fails this
-- migration, naming the constraint, and stays as it was.

PRAGMA legacy_alter_table = ON;

CREATE TABLE obs_site_093 (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, operator TEXT, name TEXT NOT NULL,
	country TEXT, state TEXT, county TEXT, city TEXT, address TEXT, lat REAL, lon REAL,
	status TEXT CHECK (status IN ('operational', 'under_construction', 'permitted', 'announced', 'rumored', 'cancelled')),
	status_raw TEXT, site_id INTEGER, country_code TEXT, state_code TEXT, partners TEXT,
	partners_unresolved TEXT, owner TEXT, owner_id TEXT, tenant TEXT, tenant_ids TEXT,
	builds_upon TEXT, superseded_by TEXT, duplicate_of TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_site_093(id, key, doc_id, loc, as_of, run, operator_id, operator, name, country,
		state, county, city, address, lat, lon, status, status_raw, site_id, country_code,
		state_code, partners, partners_unresolved, owner, owner_id, tenant, tenant_ids,
		builds_upon, superseded_by, duplicate_of)
	SELECT id, key, doc_id, loc, as_of, run, operator_id, operator, name, country,
		state, county, city, address, lat, lon, status, status_raw, site_id, country_code,
		state_code, partners, partners_unresolved, owner, owner_id, tenant, tenant_ids,
		builds_upon, superseded_by, duplicate_of FROM obs_site;
DROP TABLE obs_site;
ALTER TABLE obs_site_093 RENAME TO obs_site;
CREATE INDEX obs_site_cur ON obs_site(key, as_of, id);
CREATE INDEX obs_site_doc ON obs_site(doc_id);
CREATE INDEX obs_site_site ON obs_site(site_id);

CREATE TABLE obs_capacity_093 (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, operator TEXT, site TEXT NOT NULL,
	phase TEXT, country TEXT, state TEXT, mw REAL NOT NULL,
	mw_basis TEXT NOT NULL CHECK (mw_basis IN ('it', 'facility', 'utility', 'unknown')),
	status TEXT NOT NULL CHECK (status IN ('operational', 'under_construction', 'permitted', 'announced', 'rumored', 'cancelled')),
	status_raw TEXT, expected_online TEXT, accelerator TEXT, h100e REAL,
	site_id INTEGER, country_code TEXT, state_code TEXT, partners TEXT, partners_unresolved TEXT,
	owner TEXT, owner_id TEXT, tenant TEXT, tenant_ids TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_capacity_093(id, key, doc_id, loc, as_of, run, operator_id, operator, site, phase,
		country, state, mw, mw_basis, status, status_raw, expected_online, accelerator, h100e,
		site_id, country_code, state_code, partners, partners_unresolved, owner, owner_id,
		tenant, tenant_ids)
	SELECT id, key, doc_id, loc, as_of, run, operator_id, operator, site, phase,
		country, state, mw, mw_basis, status, status_raw, expected_online, accelerator, h100e,
		site_id, country_code, state_code, partners, partners_unresolved, owner, owner_id,
		tenant, tenant_ids FROM obs_capacity;
DROP TABLE obs_capacity;
ALTER TABLE obs_capacity_093 RENAME TO obs_capacity;
CREATE INDEX obs_capacity_cur ON obs_capacity(key, as_of, id);
CREATE INDEX obs_capacity_doc ON obs_capacity(doc_id);
CREATE INDEX obs_capacity_site ON obs_capacity(site_id);

CREATE TABLE obs_grid_request_093 (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, iso TEXT NOT NULL, queue_id TEXT NOT NULL,
	project TEXT,
	request_kind TEXT NOT NULL CHECK (request_kind IN ('load', 'generation', 'storage', 'hybrid', 'transmission')),
	fuel TEXT CHECK (fuel IN ('solar', 'wind', 'storage', 'gas', 'nuclear', 'hydro', 'coal', 'oil', 'geothermal', 'biomass', 'hybrid', 'load', 'other')),
	fuel_raw TEXT, mw REAL,
	status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn', 'operational', 'suspended')),
	status_raw TEXT, county TEXT, state TEXT, requested TEXT, expected_online TEXT, developer TEXT,
	poi TEXT, state_code TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_grid_request_093(id, key, doc_id, loc, as_of, run, iso, queue_id, project,
		request_kind, fuel, fuel_raw, mw, status, status_raw, county, state, requested,
		expected_online, developer, poi, state_code)
	SELECT id, key, doc_id, loc, as_of, run, iso, queue_id, project,
		request_kind, fuel, fuel_raw, mw, status, status_raw, county, state, requested,
		expected_online, developer, poi, state_code FROM obs_grid_request;
DROP TABLE obs_grid_request;
ALTER TABLE obs_grid_request_093 RENAME TO obs_grid_request;
CREATE INDEX obs_grid_request_cur ON obs_grid_request(key, as_of, id);
CREATE INDEX obs_grid_request_doc ON obs_grid_request(doc_id);

CREATE TABLE obs_permit_093 (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, operator_id TEXT, authority TEXT NOT NULL,
	permit_id TEXT NOT NULL,
	permit_kind TEXT NOT NULL CHECK (permit_kind IN ('air', 'building', 'zoning', 'other')),
	applicant TEXT, site TEXT, address TEXT,
	county TEXT, state TEXT, parcel TEXT, generators INTEGER, generator_mw REAL, mw REAL, sqft REAL,
	issued TEXT, status TEXT, status_raw TEXT, site_id INTEGER, state_code TEXT, partners TEXT,
	partners_unresolved TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_permit_093(id, key, doc_id, loc, as_of, run, operator_id, authority, permit_id,
		permit_kind, applicant, site, address, county, state, parcel, generators, generator_mw,
		mw, sqft, issued, status, status_raw, site_id, state_code, partners, partners_unresolved)
	SELECT id, key, doc_id, loc, as_of, run, operator_id, authority, permit_id,
		permit_kind, applicant, site, address, county, state, parcel, generators, generator_mw,
		mw, sqft, issued, status, status_raw, site_id, state_code, partners, partners_unresolved
	FROM obs_permit;
DROP TABLE obs_permit;
ALTER TABLE obs_permit_093 RENAME TO obs_permit;
CREATE INDEX obs_permit_cur ON obs_permit(key, as_of, id);
CREATE INDEX obs_permit_doc ON obs_permit(doc_id);
CREATE INDEX obs_permit_site ON obs_permit(site_id);

CREATE TABLE obs_gpu_price_093 (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, provider TEXT NOT NULL,
	tier TEXT NOT NULL CHECK (tier IN ('hyperscaler', 'neocloud', 'marketplace')),
	sku TEXT NOT NULL, sku_raw TEXT, gpus INTEGER, term TEXT NOT NULL, region TEXT, instance TEXT,
	currency TEXT, price REAL, usd_per_hour REAL, usd_per_gpu_hour REAL NOT NULL,
	observed_at TEXT NOT NULL, last_observed TEXT, fx_rate REAL, fx_date TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_gpu_price_093(id, key, doc_id, loc, as_of, run, provider, tier, sku, sku_raw, gpus,
		term, region, instance, currency, price, usd_per_hour, usd_per_gpu_hour, observed_at,
		last_observed, fx_rate, fx_date)
	SELECT id, key, doc_id, loc, as_of, run, provider, tier, sku, sku_raw, gpus,
		term, region, instance, currency, price, usd_per_hour, usd_per_gpu_hour, observed_at,
		last_observed, fx_rate, fx_date FROM obs_gpu_price;
DROP TABLE obs_gpu_price;
ALTER TABLE obs_gpu_price_093 RENAME TO obs_gpu_price;
CREATE INDEX obs_gpu_price_run ON obs_gpu_price(key, observed_at);

PRAGMA legacy_alter_table = OFF;
