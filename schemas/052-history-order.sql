-- 052-history-order: the store's answer no longer depends on the order documents and
-- records were loaded in (issue 11 item 5).
--
-- GPU price history. obs_gpu_price still holds one row per run of equal quotes (051),
-- and the runs are now those of all observations sorted by (observed_at, doc, loc),
-- whatever order they arrive in. What makes it so is knowing, for each run, which
-- documents quoted it and when:
--   gpu_price_sightings: one row per (run, document): the first and the last quote of
--   that run the document gave (observed_at and loc of each). A run's own first quote
--   is one of them. A document that quotes a key once (a pricing page, a snapshot) has
--   first = last: its exact place. A series quoting it many times (a feed file) keeps
--   its first and last; the quotes between are folded and only their time span is kept.
-- So folding an unchanged quote no longer loses which document quoted it: every document
-- that quoted a price stays findable for it (v_gpu_price_sightings), with the locators
-- of its first and last quote. gw-load (store/prices.c) keeps the runs:
--   * a quote equal to the run it falls in (the latest run starting at or before it)
--     widens that document's sighting of the run, and the run's last_observed;
--   * a different quote falling inside a run (a sighting after it) splits the run: the
--     sightings after the quote become a new run of the old quote, starting at the first
--     of them (its doc, loc and observed_at; its other fields - gpus, sku_raw, instance -
--     copied from the run it was split from). A document whose sightings lie on both
--     sides keeps its first one in the old run and gives its last one to the new run:
--     the quotes between are not kept, so there the new run starts at that last quote
--     (the one case where the result can still depend on the order of loading: a series
--     document with quotes of a run on both sides of a different quote that arrives
--     after them, from another document or from its own records shuffled);
--   * a quote before the next run of the same quote becomes that run's first quote (the
--     run keeps its id, so its sightings stay with it).
-- Runs stored before this migration get their first quote as their one sighting; what
-- was folded into them before is known only by last_observed.
-- Ties (two quotes of one key at the same observed_at) are ordered by doc, then loc.

CREATE TABLE gpu_price_sightings (
	price INTEGER NOT NULL,		-- obs_gpu_price.id of the run
	doc TEXT NOT NULL,		-- a document that quoted it
	first_observed TEXT NOT NULL,	-- the first quote of the run in that document
	first_loc TEXT NOT NULL,
	last_observed TEXT NOT NULL,	-- the last one (the same when it quoted once)
	last_loc TEXT NOT NULL,
	PRIMARY KEY (price, doc)
) STRICT, WITHOUT ROWID;

INSERT INTO gpu_price_sightings(price, doc, first_observed, first_loc, last_observed, last_loc)
SELECT id, doc, observed_at, loc, observed_at, loc FROM obs_gpu_price;

-- the runs of a key in (observed_at, doc, loc) order: the run at or before a quote, the next
DROP INDEX obs_gpu_price_run;
CREATE INDEX obs_gpu_price_run ON obs_gpu_price(key, observed_at, doc, loc);

-- cur_<kind>: the latest observation per key. Was (as_of DESC, id DESC), where id is load
-- order. Now, among observations of one as_of: the document first seen last (documents.
-- first_seen: when gw-fetch or gw-parse -d first stored it; for records loaded by hand,
-- when gw-load first met the document), then the greater doc sha256, then the greater
-- loc, so which one wins no longer depends on the order documents are loaded in; the price
-- views order runs the same way. (Views are defined in schemas/views.sql alone: 092.)
