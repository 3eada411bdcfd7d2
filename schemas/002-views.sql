-- 002-views: the current value of every key, and the analysts' views.
-- cur_<kind>: the latest observation per natural key (greatest as_of, then the last stored).
-- v_*: the documented analyst views; every row carries doc (sha256) and loc to trace it.

CREATE VIEW cur_site AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_site o) WHERE rn = 1;
CREATE VIEW cur_capacity AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_capacity o) WHERE rn = 1;
CREATE VIEW cur_grid_request AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_grid_request o) WHERE rn = 1;
CREATE VIEW cur_permit AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_permit o) WHERE rn = 1;
CREATE VIEW cur_fab AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_fab o) WHERE rn = 1;
CREATE VIEW cur_filing AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_filing o) WHERE rn = 1;
CREATE VIEW cur_capex AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_capex o) WHERE rn = 1;
CREATE VIEW cur_gpu_price AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_gpu_price o) WHERE rn = 1;
CREATE VIEW cur_accelerator AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_accelerator o) WHERE rn = 1;
CREATE VIEW cur_shipment AS SELECT * FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY as_of DESC, id DESC) AS rn FROM obs_shipment o) WHERE rn = 1;

CREATE VIEW v_sites AS
SELECT coalesce(operator_id, operator) AS operator, name, country, state, county, city, lat, lon,
       as_of, doc, loc
FROM cur_site;

CREATE VIEW v_capacity_current AS
SELECT coalesce(operator_id, operator) AS operator, site, phase, state, country, mw, mw_basis,
       status, expected_online, accelerator, h100e, as_of, doc, loc
FROM cur_capacity;

CREATE VIEW v_grid_requests_current AS
SELECT iso, queue_id, project, request_kind AS kind, fuel, mw, status, status_raw, county, state, requested,
       expected_online, fuel_raw, developer, as_of, doc, loc
FROM cur_grid_request;

CREATE VIEW v_permits_current AS
SELECT authority, permit_id, permit_kind AS kind, coalesce(operator_id, applicant) AS applicant, site, county, state,
       generators, generator_mw, issued, status, address, parcel, mw, as_of, doc, loc
FROM cur_permit;

CREATE VIEW v_fabs_current AS
SELECT coalesce(operator_id, company) AS company, name, country, city, node_nm, wafer_mm, wspm,
       status, state, lat, lon, mw, start_year, as_of, doc, loc
FROM cur_fab;

CREATE VIEW v_filings AS
SELECT cik, coalesce(operator_id, company) AS company, form, accession, filed, report_date,
       primary_doc, form LIKE '%/A' AS amendment, doc, loc
FROM cur_filing;

-- Each period as filed (3, 6, 9, 12 months: cash-flow facts are year-to-date), plus the
-- discrete quarters derived from two periods of one fiscal year (same period_start):
-- Q2 = 6 months - 3 months, Q3 = 9 - 6, Q4 = 12 - 9. Never across a fiscal-year boundary.
CREATE VIEW v_capex AS
WITH filed AS (
	SELECT cik, coalesce(operator_id, company) AS company, period_start, period_end,
	       CAST(round((julianday(period_end) - julianday(period_start) + 1) / 30.4375) AS INTEGER) AS months,
	       usd, concept, coalesce(dims, '') AS dims, form, accession, filed, doc, loc
	FROM cur_capex
)
SELECT cik, company, period_start, period_end, months, usd, concept, form, accession,
       0 AS derived, dims, filed, doc, loc
FROM filed
UNION ALL
SELECT a.cik, a.company, date(b.period_end, '+1 day'), a.period_end, a.months - b.months,
       a.usd - b.usd, a.concept, a.form, a.accession, 1, a.dims, a.filed, a.doc, a.loc
FROM filed a
JOIN filed b ON b.cik = a.cik AND b.concept = a.concept AND b.dims = a.dims
	AND b.period_start = a.period_start AND b.months = a.months - 3
WHERE a.months IN (6, 9, 12)
  AND NOT EXISTS (SELECT 1 FROM filed q
		  WHERE q.cik = a.cik AND q.concept = a.concept AND q.dims = a.dims
		    AND q.period_start = date(b.period_end, '+1 day') AND q.period_end = a.period_end);

CREATE VIEW v_gpu_prices_latest AS
SELECT provider, tier, sku, term, region, usd_per_gpu_hour, observed_at, gpus, usd_per_hour,
       sku_raw, doc, loc
FROM cur_gpu_price;

CREATE VIEW v_gpu_prices_history AS
SELECT provider, tier, sku, term, region, usd_per_gpu_hour, observed_at, gpus, usd_per_hour,
       sku_raw, doc, loc
FROM obs_gpu_price
ORDER BY provider, sku, term, region, observed_at;

CREATE VIEW v_accelerators AS
SELECT sku, vendor, tdp_w, ops8, bf16_flops, hbm_gb, unit_cost_usd, released, name, doc, loc
FROM cur_accelerator;

CREATE VIEW v_shipments AS
SELECT designer, sku, quarter, units, h100e, units_p5, units_p95, power_mw, doc, loc
FROM cur_shipment;

-- operators named in the store that no alias resolves: what needs review
CREATE VIEW v_unresolved AS
SELECT 'site' AS kind, operator AS name, count(*) AS n FROM obs_site WHERE operator IS NOT NULL AND operator_id IS NULL GROUP BY operator
UNION ALL SELECT 'capacity', operator, count(*) FROM obs_capacity WHERE operator IS NOT NULL AND operator_id IS NULL GROUP BY operator
UNION ALL SELECT 'permit', applicant, count(*) FROM obs_permit WHERE applicant IS NOT NULL AND operator_id IS NULL GROUP BY applicant
UNION ALL SELECT 'fab', company, count(*) FROM obs_fab WHERE operator_id IS NULL GROUP BY company
UNION ALL SELECT 'filing', company, count(*) FROM obs_filing WHERE company IS NOT NULL AND operator_id IS NULL GROUP BY company
UNION ALL SELECT 'capex', company, count(*) FROM obs_capex WHERE company IS NOT NULL AND operator_id IS NULL GROUP BY company;
