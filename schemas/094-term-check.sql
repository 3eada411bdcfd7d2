-- 094-term-check: gpu_price.term is a closed list too, in C (store/spec.c e_term) and here, as
-- 093 made the others: the terms the record contract names (schemas/records.md) and the
-- parsers write, in order: spot, on_demand, then the reservations by length. gw-load rejects a
-- record with another term (before 094 it stored it as written); tests/unit/test-enum-checks.c
-- fails when this list and the C one differ.
--
-- The table is rebuilt with its rows, their rowids and its index, as in 093; a store holding
-- another term (inserted by hand) fails this migration, naming the constraint, and stays as it was.

PRAGMA legacy_alter_table = ON;

CREATE TABLE obs_gpu_price_094 (
	id INTEGER PRIMARY KEY, key TEXT NOT NULL, doc_id INTEGER NOT NULL REFERENCES documents(id),
	loc TEXT NOT NULL, as_of TEXT, run INTEGER, provider TEXT NOT NULL,
	tier TEXT NOT NULL CHECK (tier IN ('hyperscaler', 'neocloud', 'marketplace')),
	sku TEXT NOT NULL, sku_raw TEXT, gpus INTEGER,
	term TEXT NOT NULL CHECK (term IN ('spot', 'on_demand', 'reserved_1m', 'reserved_3m', 'reserved_6m', 'reserved_1y', 'reserved_2y', 'reserved_3y')),
	region TEXT, instance TEXT,
	currency TEXT, price REAL, usd_per_hour REAL, usd_per_gpu_hour REAL NOT NULL,
	observed_at TEXT NOT NULL, last_observed TEXT, fx_rate REAL, fx_date TEXT, UNIQUE (key, doc_id, loc)
) STRICT;
INSERT INTO obs_gpu_price_094(id, key, doc_id, loc, as_of, run, provider, tier, sku, sku_raw, gpus,
		term, region, instance, currency, price, usd_per_hour, usd_per_gpu_hour, observed_at,
		last_observed, fx_rate, fx_date)
	SELECT id, key, doc_id, loc, as_of, run, provider, tier, sku, sku_raw, gpus,
		term, region, instance, currency, price, usd_per_hour, usd_per_gpu_hour, observed_at,
		last_observed, fx_rate, fx_date FROM obs_gpu_price;
DROP TABLE obs_gpu_price;
ALTER TABLE obs_gpu_price_094 RENAME TO obs_gpu_price;
CREATE INDEX obs_gpu_price_run ON obs_gpu_price(key, observed_at);

PRAGMA legacy_alter_table = OFF;
