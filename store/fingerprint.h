/*
 * Header fingerprints: the header rows a parser mapped its columns from,
 * kept per source, parser and sheet (table header_fingerprints), compared
 * with the last one stored so that a changed header is said, and the
 * columns a snapshot lost recorded in doc_drift (migration 060), which makes
 * the snapshot unhealthy until accepted.
 *
 * Functions take borrowed strings and keep none of them; they print a
 * message (gw_error) and return -1 on failure.
 */
#ifndef GW_FINGERPRINT_H
#define GW_FINGERPRINT_H

#include <stddef.h>
#include <sqlite3.h>

#include "lib/buf.h"

/*
 * The source a document's headers are compared within, into out (reset
 * first): source when it is given and not empty (its sources.conf id, or
 * --source), else the document's name without its numbers and the
 * separators around them, so that downloads named by date compare as one
 * source (PJM_Queue_2025-02.xlsx -> PJM_Queue.xlsx). out holds "" at least.
 */
void fingerprint_source(const char *source, const char *name, struct buf *out);

/*
 * Compares each header of headers (hlen bytes; one JSON object
 * {"sheet":..., "columns":[...]} a line, as parse_note_header writes them
 * into struct gw_parse's headers; NULL when none) with the last one db holds
 * for the same source, parser and sheet, not counting one first seen in an
 * unhealthy snapshot not accepted (doc_health), and warns (gw_warn) how it
 * changed: "NAME: sheet 'S': header changed since document 0123456789ab:
 * column 'a' renamed to 'b'; column 'c' added". name names the document in
 * messages, doc is its sha256.
 *
 * With write, each header's fingerprint is also stored (citing doc, which
 * the documents table must hold: a foreign key), and the columns it lost
 * of the last header (dropped, or renamed) are recorded in doc_drift; the
 * read statement is reset before anything is written, so a write never has
 * to upgrade an open read transaction (which SQLite refuses at once with
 * "database is locked" when another connection wrote in between). Without
 * write (a read-only store, or a document the store does not hold) nothing
 * is written.
 *
 * Returns 0, or -1 if a fingerprint could not be read or stored (said on
 * stderr); the other headers are still compared.
 */
int fingerprint_headers(sqlite3 *db, int write, const char *source, const char *parser, const char *name,
			const char *doc, const char *headers, size_t hlen);

#endif
