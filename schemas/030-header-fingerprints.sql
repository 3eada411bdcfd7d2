-- Header fingerprints (issue 5): the column names each parser mapped its
-- columns from, per source sheet, so that gw-parse can say when a source
-- adds, drops or renames a column instead of silently losing a field.
-- One row per distinct header (parser, sheet, sha256 of the columns); `seen`
-- is when it was last met, so the latest header of a sheet is the row with
-- the greatest seen.
CREATE TABLE header_fingerprints (
	id INTEGER PRIMARY KEY,
	parser TEXT NOT NULL,
	sheet TEXT NOT NULL DEFAULT '',
	sha256 TEXT NOT NULL,
	columns TEXT NOT NULL,		-- JSON array of the header cells as the document has them
	doc TEXT NOT NULL,		-- the first document seen with this header
	first_seen TEXT NOT NULL,
	seen TEXT NOT NULL,
	UNIQUE (parser, sheet, sha256)
) STRICT;
