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

-- v_capex_detail and v_capex are defined in schemas/views.sql alone, as they are now (092).
