-- 001-core: bookkeeping tables, operators, and one observation table per record kind.
-- Every observation table has the same frame: id, key (the natural key, normalised),
-- doc (sha256 of the document), loc (where in it), as_of (when the document stated it),
-- run (the load that stored it), then the fields of its kind as in schemas/records.md.
-- A row is unique per (key, doc, loc): loading the same document twice stores nothing.

CREATE TABLE sources (
	id TEXT PRIMARY KEY,
	url TEXT NOT NULL,
	parser TEXT,
	every_s INTEGER NOT NULL DEFAULT 86400,
	delay_ms INTEGER NOT NULL DEFAULT 1000,
	connections INTEGER NOT NULL DEFAULT 1,
	headers TEXT,			-- JSON array of "Name: value"
	etag TEXT,
	last_modified TEXT,
	last_doc TEXT,
	last_fetch TEXT,
	last_ok TEXT,
	updated TEXT
) STRICT;

CREATE TABLE fetches (
	id INTEGER PRIMARY KEY,
	source TEXT,
	url TEXT NOT NULL,
	started TEXT NOT NULL,
	finished TEXT,
	attempts INTEGER NOT NULL DEFAULT 1,
	http_status INTEGER,
	bytes INTEGER,
	doc TEXT,
	new_doc INTEGER,		-- 1 if the body was a document not seen before
	outcome TEXT NOT NULL,		-- ok | not_modified | unchanged | failed
	error TEXT
) STRICT;
CREATE INDEX fetches_source ON fetches(source, started);

CREATE TABLE documents (
	sha256 TEXT PRIMARY KEY,
	url TEXT,
	name TEXT,
	content_type TEXT,
	size INTEGER,
	source TEXT,
	parser TEXT,
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL
) STRICT;

CREATE TABLE runs (
	id INTEGER PRIMARY KEY,
	started TEXT NOT NULL,
	finished TEXT,
	input TEXT,
	read INTEGER NOT NULL DEFAULT 0,
	stored INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0,
	rejected INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE rejects (
	id INTEGER PRIMARY KEY,
	run INTEGER NOT NULL REFERENCES runs(id),
	input TEXT,
	line INTEGER,
	kind TEXT,
	doc TEXT,
	loc TEXT,
	reason TEXT NOT NULL,
	record TEXT NOT NULL,
	UNIQUE (doc, loc, reason)
) STRICT;

CREATE TABLE operators (
	id TEXT PRIMARY KEY,		-- short canonical id: meta, amazon, microsoft
	name TEXT NOT NULL		-- display name
) STRICT;

CREATE TABLE operator_aliases (
	alias TEXT PRIMARY KEY,		-- normalised: lower case, punctuation and legal suffixes dropped
	operator TEXT NOT NULL REFERENCES operators(id)
) STRICT;

CREATE TABLE obs_site (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER, operator_id TEXT,
	operator TEXT, name TEXT NOT NULL, country TEXT, state TEXT, county TEXT, city TEXT,
	address TEXT, lat REAL, lon REAL,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_capacity (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER, operator_id TEXT,
	operator TEXT, site TEXT NOT NULL, phase TEXT, country TEXT, state TEXT,
	mw REAL NOT NULL, mw_basis TEXT NOT NULL, status TEXT NOT NULL, status_raw TEXT,
	expected_online TEXT, accelerator TEXT, h100e REAL,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_grid_request (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER,
	iso TEXT NOT NULL, queue_id TEXT NOT NULL, project TEXT, request_kind TEXT NOT NULL,
	fuel TEXT, fuel_raw TEXT, mw REAL, status TEXT NOT NULL, status_raw TEXT,
	county TEXT, state TEXT, requested TEXT, expected_online TEXT, developer TEXT, poi TEXT,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_permit (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER, operator_id TEXT,
	authority TEXT NOT NULL, permit_id TEXT NOT NULL, permit_kind TEXT NOT NULL, applicant TEXT,
	site TEXT, address TEXT, county TEXT, state TEXT, parcel TEXT, generators INTEGER,
	generator_mw REAL, mw REAL, sqft REAL, issued TEXT, status TEXT, status_raw TEXT,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_fab (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER, operator_id TEXT,
	company TEXT NOT NULL, name TEXT NOT NULL, country TEXT, state TEXT, city TEXT,
	lat REAL, lon REAL, node_nm REAL, wafer_mm INTEGER, wspm REAL, mw REAL, status TEXT,
	start_year INTEGER,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_filing (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER, operator_id TEXT,
	cik INTEGER NOT NULL, company TEXT, form TEXT NOT NULL, accession TEXT NOT NULL,
	filed TEXT NOT NULL, report_date TEXT, primary_doc TEXT, fiscal_year_end TEXT,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_capex (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER, operator_id TEXT,
	cik INTEGER NOT NULL, company TEXT, concept TEXT NOT NULL, dims TEXT,
	period_start TEXT NOT NULL, period_end TEXT NOT NULL, usd REAL NOT NULL,
	form TEXT, accession TEXT, filed TEXT, context TEXT, fy INTEGER, fp TEXT, decimals INTEGER,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_gpu_price (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER,
	provider TEXT NOT NULL, tier TEXT NOT NULL, sku TEXT NOT NULL, sku_raw TEXT, gpus INTEGER,
	term TEXT NOT NULL, region TEXT, instance TEXT, currency TEXT, price REAL,
	usd_per_hour REAL, usd_per_gpu_hour REAL NOT NULL, observed_at TEXT NOT NULL,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_accelerator (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER,
	sku TEXT NOT NULL, name TEXT, vendor TEXT, tdp_w REAL, ops8 REAL, bf16_flops REAL,
	hbm_gb REAL, unit_cost_usd REAL, released TEXT,
	UNIQUE (key, doc, loc)
) STRICT;

CREATE TABLE obs_shipment (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc TEXT NOT NULL, loc TEXT NOT NULL,
	as_of TEXT, run INTEGER,
	designer TEXT NOT NULL, sku TEXT NOT NULL, quarter TEXT NOT NULL, units REAL,
	units_p5 REAL, units_p95 REAL, h100e REAL, power_mw REAL,
	UNIQUE (key, doc, loc)
) STRICT;

-- "current" picks the latest observation per key: the greatest as_of, then the last stored
CREATE INDEX obs_site_cur ON obs_site(key, as_of, id);
CREATE INDEX obs_capacity_cur ON obs_capacity(key, as_of, id);
CREATE INDEX obs_grid_request_cur ON obs_grid_request(key, as_of, id);
CREATE INDEX obs_permit_cur ON obs_permit(key, as_of, id);
CREATE INDEX obs_fab_cur ON obs_fab(key, as_of, id);
CREATE INDEX obs_filing_cur ON obs_filing(key, as_of, id);
CREATE INDEX obs_capex_cur ON obs_capex(key, as_of, id);
CREATE INDEX obs_gpu_price_cur ON obs_gpu_price(key, as_of, id);
CREATE INDEX obs_accelerator_cur ON obs_accelerator(key, as_of, id);
CREATE INDEX obs_shipment_cur ON obs_shipment(key, as_of, id);
CREATE INDEX obs_capacity_doc ON obs_capacity(doc);
CREATE INDEX obs_grid_request_doc ON obs_grid_request(doc);
