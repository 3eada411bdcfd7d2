/* Entity resolution: operator names to canonical operator ids through operator_aliases. */
#ifndef GW_RESOLVE_H
#define GW_RESOLVE_H

#include <stddef.h>
#include <sqlite3.h>

#include "../lib/buf.h"

/*
 * Normalises an operator name for alias lookup: lower case, everything but
 * letters and digits to single spaces, anything from '#' on dropped (Epoch's
 * confidence tags), and trailing legal suffixes (inc, llc, corp, ltd, plc,
 * co, company, corporation, limited, lp, group, holdings...) dropped.
 * Writes into out (reset first). Returns 0 or -1 (cap).
 */
int operator_norm(const char *s, size_t n, struct buf *out);

/*
 * Appends s (n bytes, stopping at a NUL or at stop if stop is not 0) to out,
 * folded for matching: letters and digits (and bytes of UTF-8 text) in lower
 * case, every run of anything else as one space, no trailing space.
 * Returns 0 or -1 (cap).
 */
int name_fold(const char *s, size_t n, int stop, struct buf *out);

/* Normalises any key text: trimmed, lower case, runs of white space to one space. */
int key_norm(const char *s, size_t n, struct buf *out);

struct resolver {
	sqlite3_stmt *lookup;
	struct buf norm;
};

int resolver_init(struct resolver *r, sqlite3 *db);
void resolver_release(struct resolver *r);
/*
 * The canonical operator id for name, copied into id (at most max bytes with
 * the NUL); returns 1 if found, 0 if not, -1 on error.
 */
int resolve_operator(struct resolver *r, const char *name, size_t n, char *id, size_t max);

#endif
