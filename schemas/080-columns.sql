-- 080-columns: a store that explains itself (issue 13, item 3).
--
-- views and columns: every analyst view, and every column of each with its unit and meaning,
-- as schemas/columns.conf says them (the file README.md's view table is generated from). The
-- store code fills both from that file, compiled in, whenever the store migrates
-- (store/columns.c), so a store describes the views of its own schema version; tools such as
-- gw-export --datasette-metadata read them from here.
--   views.view       the view's name
--   views.alias_of   for an old name kept for one release: the view it now names; else NULL
--   columns.unit     MW, USD, USD/GPU-hour, date, ... (columns.conf lists them); NULL for text
--                    and identifiers
--   columns.position 1 for the view's first column
CREATE TABLE views (
	view TEXT PRIMARY KEY,
	description TEXT NOT NULL,
	alias_of TEXT
) STRICT;
CREATE TABLE columns (
	view TEXT NOT NULL,
	column TEXT NOT NULL,
	position INTEGER NOT NULL,
	unit TEXT,
	meaning TEXT NOT NULL,
	PRIMARY KEY (view, column)
) STRICT;

-- View names as v_<thing>[_current|_history]: v_sites_current and v_gpu_prices_current name
-- v_sites and v_gpu_prices_latest, the old names kept for one release (schemas/views.sql, 092).
