-- 051-gpu-price-history: price history kept as runs of equal quotes, the analysts'
-- price views, and the price index of docs/models.md section 6 (issue 6).
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

-- The latest run of each key: its quote, since when, and until when it was last seen.
DROP VIEW v_gpu_prices_latest;
CREATE VIEW v_gpu_prices_latest AS
SELECT provider, tier, sku, term, region, usd_per_gpu_hour, observed_at, gpus, usd_per_hour,
       sku_raw, doc, loc, coalesce(last_observed, observed_at) AS last_observed, instance,
       currency, price
FROM (SELECT o.*, row_number() OVER (PARTITION BY key ORDER BY observed_at DESC, id DESC) AS rn
      FROM obs_gpu_price o)
WHERE rn = 1;

-- Every stored run start: the first quote of a key (previous NULL) and every change.
DROP VIEW v_gpu_prices_history;
CREATE VIEW v_gpu_prices_history AS
SELECT provider, tier, sku, term, region, usd_per_gpu_hour, observed_at, gpus, usd_per_hour,
       sku_raw, doc, loc,
       lag(usd_per_gpu_hour) OVER (PARTITION BY key ORDER BY observed_at, id) AS previous,
       coalesce(last_observed, observed_at) AS last_observed, instance, currency, price, key
FROM obs_gpu_price
ORDER BY provider, sku, term, region, observed_at;

-- Quotes whose SKU no alias resolves: kept (sku 'unknown:<raw name>'), out of the index, listed here.
CREATE VIEW v_gpu_sku_unknown AS
SELECT sku, sku_raw, provider, count(*) AS n, min(observed_at) AS first_observed,
       max(coalesce(last_observed, observed_at)) AS last_observed
FROM obs_gpu_price
WHERE sku NOT IN (SELECT sku FROM sku_classes)
GROUP BY sku, sku_raw, provider;

-- The price index (docs/models.md 6), one row per (sku, term, tier, period_kind, period).
-- A run quotes in every period its [observed_at, last_observed] touches; a provider's
-- quote in a period is its latest run start touching the period (nothing is carried
-- forward past last_observed). Level: median (linear interpolation, p25 and p75
-- likewise) of one quote per provider; withheld below min_providers. Change: the
-- geometric mean of price relatives of the providers quoting in this period and the
-- one before it (chain-linked: a provider entering or leaving does not move it),
-- withheld when fewer than min_providers are matched.
DROP VIEW v_price_index;
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
