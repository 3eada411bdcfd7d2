-- 054-doc-loads: which documents a load has covered (issue 11 item 3).
--
-- A row says: a gw-load run committed the complete records of this document,
-- in the same transaction as the records themselves, so the mark is exact: no
-- mark without its records, no records of a `gw-load --doc SHA` run without
-- its mark. gw-load writes it only when told the input is a whole document
-- (`--doc SHA`, as gw-crawl runs it); a document whose parse yields no record
-- is marked all the same. gw-crawl loads every fetched document (documents.source
-- set) that has no mark, so a document committed by gw-fetch is never lost to a
-- crawl killed before its load. run is the first run that covered the document.
CREATE TABLE doc_loads (
	doc TEXT PRIMARY KEY,		-- documents.sha256
	run INTEGER,			-- runs.id; NULL for the marks set below
	loaded TEXT NOT NULL
) STRICT;

-- Stores from before this migration: a document any stored record cites was
-- loaded. A fetched document that no record cites (never loaded, or one that
-- yields no records) is loaded again by the next gw-crawl: loading is idempotent.
INSERT OR IGNORE INTO doc_loads(doc, run, loaded)
	SELECT doc, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM (
		SELECT doc FROM obs_site UNION SELECT doc FROM obs_capacity
		UNION SELECT doc FROM obs_grid_request UNION SELECT doc FROM obs_permit
		UNION SELECT doc FROM obs_fab UNION SELECT doc FROM obs_filing
		UNION SELECT doc FROM obs_capex UNION SELECT doc FROM obs_gpu_price
		UNION SELECT doc FROM obs_accelerator UNION SELECT doc FROM obs_shipment
		UNION SELECT doc FROM rejects WHERE doc IS NOT NULL)
	WHERE doc IN (SELECT sha256 FROM documents);
