-- 004-contract-views: the columns of two views that the report reads and that later
-- migrations define in full (the price index of docs/models.md section 6; what changed between
-- two loads of a source). Until then they are empty, with their final columns.

-- One row per (sku, term, tier, period_kind, period): the index level and its change.
-- period_kind: day | week | month | quarter; period: 2025-10-19 | 2025-W43 | 2025-10 | 2025Q4.
-- withheld = 1 when fewer than min_providers quote (median, p25, p75 NULL; reason says why).
-- change: chain-linked ratio to the previous period on the providers quoting in both
-- (geometric mean of price relatives), e.g. 1.02 = +2%; matched = how many providers.
CREATE VIEW v_price_index AS
SELECT NULL AS sku, NULL AS term, NULL AS tier, NULL AS period_kind, NULL AS period,
       NULL AS median, NULL AS p25, NULL AS p75, 0 AS providers, 0 AS withheld,
       NULL AS reason, NULL AS change, 0 AS matched
WHERE 0;

-- One row per change between the two latest documents of a source:
-- change: new | removed | status | mw; kind: grid_request, capacity, permit, fab...
CREATE VIEW v_changes AS
SELECT NULL AS source, NULL AS kind, NULL AS key, NULL AS name, NULL AS change,
       NULL AS old_value, NULL AS new_value, NULL AS old_doc, NULL AS new_doc, NULL AS as_of
WHERE 0;
