/*
 * CSV reader (RFC 4180 and what real exports do beyond it): quoted fields
 * holding commas, quotes ("") and line breaks; a UTF-8 BOM; CRLF, LF and bare
 * CR line ends, mixed; no final newline. Fields that are not valid UTF-8 are
 * taken as Latin-1 (Windows-1252 is what such exports mean) and converted,
 * and the reader counts them in csv.repaired so a parser can say so. Fields
 * that are valid UTF-8 but double-encoded (UTF-8 read as Windows-1252 and
 * encoded again: "CafÃ©") are decoded once more and counted in
 * csv.redecoded.
 *
 * The reader works over a length-bounded buffer it does not own, and keeps
 * at most CSV_MAX_RECORD bytes of one record: a longer one makes csv_next
 * fail for that record only, and reading goes on with the next one. An
 * unterminated quote fails its record, and reading goes on at the next line.
 * A field holding a NUL byte fails its record (cells are used as C strings
 * downstream, where the NUL would cut the field short).
 *
 * Errors (lib/msg.h's rule): csv_next appends why a record failed to the
 * caller's err, one message of at most 80 bytes, and prints nothing.
 */
#ifndef GW_CSV_H
#define GW_CSV_H

#include <stddef.h>

#include "lib/buf.h"
#include "table.h"

#define CSV_MAX_RECORD (4u << 20)	/* unescaped bytes of one record */
#define CSV_MAX_FIELDS 4096

struct csv {
	const char *p, *end;
	char delim;
	long line;		/* current physical line (1-based) */
	long rec;		/* records returned so far */
	struct buf data;	/* unescaped bytes of the current record's fields */
	size_t *offs;		/* start of each field in data, plus one past the last */
	size_t nf, capf;
	struct cell *cells;
	size_t capcells;
	long repaired;		/* fields converted from Latin-1 */
	long redecoded;		/* double-encoded UTF-8 fields repaired */
	const char *raw;	/* the current record's raw bytes, for rejects */
	size_t rawlen;
};

/* delim is ',' or another single byte ('\t', ';'). */
void csv_init(struct csv *c, const char *data, size_t len, char delim);
void csv_release(struct csv *c);
/*
 * Reads the next record into *row. Returns 1 for a record, 0 at the end,
 * -1 for a record that could not be read, with why appended to err (NULL:
 * not wanted) and row->line saying where (c->raw, c->rawlen: its bytes);
 * call again to go on with the next record. The caller empties err between
 * failures (buf_reset) so that it holds one message.
 */
int csv_next(struct csv *c, struct row *row, struct buf *err);

/*
 * For a parser's detect(): 1 if the first record of the n bytes at data (a
 * header row, read from at most the first 64 KiB) has a column of every
 * name in the NULL-terminated list (compared as header_eq does), else 0.
 */
int csv_header_has(const unsigned char *data, size_t n, const char *const *names);

#endif
