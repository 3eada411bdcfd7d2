-- 051-gpu-price-history: price history kept as runs of equal quotes, the analysts'
-- price views, and the price index of docs/models.md section 6 (issue 6). (Views are defined
-- in schemas/views.sql alone, as they are now: 092.)
--
-- What is stored. For one key (provider, sku, term, region), obs_gpu_price holds
-- only the first observation of each run of equal quotes in observed_at order
-- (equal: same usd_per_gpu_hour and same price in its currency), whatever order
-- the observations arrive in:
--   * a quote equal to the latest stored one at or before its observed_at is not
--     stored; that run's last_observed moves up to it;
--   * a quote stored before the next stored run start of the same price takes
--     that run over: the later row is deleted and its last_observed kept.
-- So days 1..10 at one price, loaded in any order, end as one row (day 1) with
-- last_observed day 10; a price cut on day 43 is exactly one more row.
-- The one case arrival order can still change: a different quote arriving late
-- for a moment inside a run whose later equal observations were already folded
-- into it (A A A, then a late B between them) is stored, and the return to A is
-- known again from the next A observed after it.
-- gw-load keeps this rule (store/prices.c); an analyst inserting rows by hand does not.

ALTER TABLE obs_gpu_price ADD COLUMN last_observed TEXT;	-- last observation folded into this run
-- record fields added by issue 6 (schemas/records.md): the dated rate of a non-USD quote
ALTER TABLE obs_gpu_price ADD COLUMN fx_rate REAL;
ALTER TABLE obs_gpu_price ADD COLUMN fx_date TEXT;

CREATE INDEX obs_gpu_price_run ON obs_gpu_price(key, observed_at, id);

-- Parameters of the index (docs/models.md 6). Change them with an UPDATE; the views read them.
CREATE TABLE price_params (
	name TEXT PRIMARY KEY,
	value REAL NOT NULL,
	note TEXT
) STRICT;
INSERT INTO price_params(name, value, note) VALUES
	('min_providers', 3, 'fewer providers quoting in a period: the level (and a change on fewer matched providers) is withheld');

