/* Entity resolution: operator names to canonical operator ids through operator_aliases. */
#ifndef GW_RESOLVE_H
#define GW_RESOLVE_H

#include <stddef.h>
#include <sqlite3.h>

#include "lib/buf.h"

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
	struct buf norm, clean, partners, unresolved;
};

int resolver_init(struct resolver *r, sqlite3 *db);
void resolver_release(struct resolver *r);
/*
 * The canonical operator id for name, copied into id (at most max bytes with
 * the NUL); returns 1 if found, 0 if not, -1 on error. A name that lists
 * several operators gives its primary one (resolve_operator_list).
 */
int resolve_operator(struct resolver *r, const char *name, size_t n, char *id, size_t max);

/*
 * Resolves a name that may list several operators ("OpenAI,Microsoft",
 * "Microsoft, OpenAI", "Oracle/OpenAI", "A & B", Epoch's "OpenAI #likely,
 * Microsoft #likely"). Epoch's confidence tags ("#likely", up to the next
 * separator) are dropped first; then the whole name is looked up, so that a
 * name with a separator in it that an alias knows ("NTT / RagingWire") stays
 * one operator; only if no alias knows it is it split at ',' ';' '/' '|' '+'
 * and at '&' between spaces ("Texas A&M" is not split). Members that are only
 * a legal suffix ("Inc.") or a single letter ("A/S") are ignored.
 *
 * The primary operator is the resolved member of the lowest rank in
 * operator_priority (1 hyperscaler, 2 GPU cloud, 3 data-center company or
 * developer, 4 AI lab, 5 hardware and others; an operator not in the table
 * ranks after all), ties broken by the canonical id: it does not depend on
 * the order the document lists them in. Its id goes into primary (at most
 * max bytes with the NUL); partners (reset first) gets the other resolved
 * ids, sorted, without duplicates, comma-separated; unresolved (reset first)
 * gets the members no alias resolves, as written (trimmed), separated by
 * ", ". Returns 1 if a primary was found, 0 if not, -1 on error.
 */
int resolve_operator_list(struct resolver *r, const char *name, size_t n, char *primary, size_t max,
			  struct buf *partners, struct buf *unresolved);

#endif
