-- 090-sync: what gw-sync (store/sync.c) keeps in the store to replicate it into PostgreSQL
-- incrementally. Nothing here is written until the store is first synced.

-- The store's identity in a replica (a random id, made by its first gw-sync), and the log's
-- highest seq deleted so far (a replica that synced before it copies every table whole).
CREATE TABLE sync_store (
	id TEXT NOT NULL,
	pruned INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The rows updated or deleted since a replica last read the log: written by triggers gw-sync
-- creates on each table (gw_sync_<table>_<signature>_u/_d, and _i for a WITHOUT ROWID table),
-- `id` the rowid, or `pk` a WITHOUT ROWID table's primary key as a JSON array. Rows added
-- are found by their rowid past the replica's watermark instead, so a load pays nothing for
-- the rows it appends. gw-sync deletes the entries a replica has committed.
CREATE TABLE sync_dirty (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	tbl TEXT NOT NULL,
	id INTEGER,
	pk TEXT
) STRICT;
CREATE INDEX sync_dirty_tbl ON sync_dirty(tbl, seq);

-- Since when (a seq of sync_dirty) each table's triggers have logged its changes, for the
-- columns they watch (tsig). A table rebuilt by a migration loses its triggers: the next sync
-- makes them again, and a replica that read the log before that copies the table whole.
CREATE TABLE sync_tables (
	tbl TEXT PRIMARY KEY,
	tsig TEXT NOT NULL,
	since INTEGER NOT NULL
) STRICT;

-- Integer columns that hold ids of another table's rows (a rowid), which a replica of several
-- stores moves into each store's range of ids; `*` is any table with that column (INTEGER
-- columns only: a `doc` holding a sha256 as TEXT is a natural key, not an id). Declared
-- foreign keys to a rowid count as well. A migration that adds such a column adds its row.
CREATE TABLE sync_refs (
	tbl TEXT NOT NULL,
	col TEXT NOT NULL,
	ref TEXT NOT NULL,
	PRIMARY KEY (tbl, col)
) STRICT;
INSERT INTO sync_refs(tbl, col, ref) VALUES
	('*', 'run', 'runs'),
	('*', 'site_id', 'sites'),
	('site_candidates', 'site_a', 'sites'),
	('site_candidates', 'site_b', 'sites'),
	('*', 'fab_id', 'fabs'),
	('fab_candidates', 'fab_a', 'fabs'),
	('fab_candidates', 'fab_b', 'fabs'),
	('gpu_price_sightings', 'price', 'obs_gpu_price'),
	('*', 'doc', 'documents'),
	('*', 'doc_id', 'documents'),
	('*', 'doc_a', 'documents'),
	('*', 'doc_b', 'documents');
-- An INTEGER PRIMARY KEY that is a value the same in every store, not an id of the store's
-- own making, is named with ref '-': kept as it is, and the key of its rows across stores.
INSERT INTO sync_refs(tbl, col, ref) VALUES ('quarters', 'idx', '-');
