-- 031: header fingerprints are kept per source, so that two sources read by one
-- parser (Epoch's NVIDIA and TPU chip-sales files, both epoch-chip-sales) are never
-- compared with each other. source is the sources.conf id of a fetched document,
-- else the document's file name without its numbers, so that
-- PJM_Queue_2025-01.xlsx and PJM_Queue_2025-02.xlsx compare as one source (PJM_Queue.xlsx).
CREATE TABLE header_fingerprints_031 (
	id INTEGER PRIMARY KEY,
	source TEXT NOT NULL DEFAULT '',
	parser TEXT NOT NULL,
	sheet TEXT NOT NULL DEFAULT '',
	sha256 TEXT NOT NULL,
	columns TEXT NOT NULL,
	doc TEXT NOT NULL,
	first_seen TEXT NOT NULL,
	seen TEXT NOT NULL,
	UNIQUE (source, parser, sheet, sha256)
) STRICT;
INSERT INTO header_fingerprints_031 (id, source, parser, sheet, sha256, columns, doc, first_seen, seen)
SELECT id, '', parser, sheet, sha256, columns, doc, first_seen, seen FROM header_fingerprints;
DROP TABLE header_fingerprints;
ALTER TABLE header_fingerprints_031 RENAME TO header_fingerprints;
