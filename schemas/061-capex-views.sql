-- 061-capex-views: v_capex is cash capex only, one figure per company and period; every concept
-- the SEC parsers store (finance-lease principal, segments, any other) is in v_capex_detail.
-- Before, v_capex held every concept and dimension, so summing it for a quarter added finance
-- leases (and segments) to capex.
--
-- capex_concepts: the role of each concept and, within a role, its priority (1 first). It
-- repeats the capex and lease lines of schemas/capex-concepts.conf in their order (the list
-- gw-parse compiles in; tests/t2006 checks that the two agree). A concept parsed through
-- GW_CAPEX_CONCEPTS counts in v_capex once it has a row here with role 'capex'.
CREATE TABLE capex_concepts (
	concept TEXT PRIMARY KEY,
	role TEXT NOT NULL CHECK (role IN ('capex', 'lease')),
	priority INTEGER NOT NULL
) STRICT;
INSERT INTO capex_concepts(concept, role, priority) VALUES
	('us-gaap:PaymentsToAcquirePropertyPlantAndEquipment', 'capex', 1),
	('us-gaap:PaymentsToAcquireProductiveAssets', 'capex', 2),
	('us-gaap:FinanceLeasePrincipalPayments', 'lease', 1),
	('us-gaap:RepaymentsOfLongTermCapitalLeaseObligations', 'lease', 2);

DROP VIEW v_capex;

-- Every stored concept and dimension: each period as filed (3, 6, 9, 12 months: cash-flow facts
-- are year to date), plus the discrete quarters derived from two periods of one concept,
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
-- capex concepts for one period (PaymentsToAcquirePropertyPlantAndEquipment and
-- PaymentsToAcquireProductiveAssets), the row is the concept of the first priority; then a
-- filed figure before a derived one; then the later filing. A company is its operator id when
-- the store resolved it (two CIKs of one operator are one company), else its CIK.
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
