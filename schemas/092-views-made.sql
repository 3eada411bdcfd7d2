-- 092-views-made: every view is defined once, in schemas/views.sql, as it is now; no migration
-- makes, changes or drops one (item 6: SQL in one place per thing). The store code
-- (store/db.c) drops every view before it applies the migrations a store lacks, and makes them
-- all from views.sql (compiled in) after them, in the same transaction; it does so as well when
-- views.sql changed since the store's views were made, so changing a view takes no migration.
-- views_made says which views the store made from views.sql, and from which views.sql:
--   view    a view made from schemas/views.sql
--   sha256  the sha256 of that views.sql (the whole file)
-- A view of the store that is not listed (one an analyst made) is made again as it was after
-- the views of views.sql.
CREATE TABLE views_made (
	view TEXT PRIMARY KEY,
	sha256 TEXT NOT NULL
) STRICT;
