/*
 * gw-load's library: records (JSON Lines) -> the store.
 *
 * A loader holds one run: loader_begin opens a write transaction and a row
 * in `runs`; each line is validated against the record contract (spec.h),
 * its operator resolved, and its observation inserted unless the same
 * (key, document, locator) is there already; an invalid line goes to
 * `rejects` with its reason. loader_end commits (or rolls back) the whole
 * run at once, so a killed load leaves the store as it was.
 */
#ifndef GW_LOAD_H
#define GW_LOAD_H

#include <stddef.h>
#include <sqlite3.h>

#include "../lib/buf.h"
#include "norm.h"
#include "prices.h"
#include "resolve.h"
#include "sites.h"
#include "spec.h"

#define LOAD_MAX_LINE (8u << 20)

struct loader {
	sqlite3 *db;
	long long run;
	sqlite3_stmt **ins;	/* per kind */
	sqlite3_stmt *tree, *reject, *docstub;
	struct resolver res;
	struct sites sites;	/* site resolution (sites.h) */
	struct norm norm;	/* country, state and party codes (norm.h) */
	struct prices prices;	/* GPU price history (prices.h) */
	struct buf vals;	/* copies of the current line's values */
	struct buf key, tmp, why;
	char lastdoc[65];
	long read, stored, unchanged, rejected;
	int quiet;		/* do not print each reject */
	int started;		/* the write transaction and the run's row are open */
	struct buf input;	/* what is loaded, for runs.input */
};

/* Begins a run; input names what is loaded (for runs.input). 0 or -1. */
int loader_begin(struct loader *l, sqlite3 *db, const char *input);
/*
 * Loads one line. input and lineno say where it came from (for messages and
 * rejects). Returns 0 (stored or unchanged), 1 (rejected and kept), -1 (the
 * store failed: the run must be abandoned).
 */
int loader_line(struct loader *l, const char *line, size_t len, const char *input, long lineno);
/* Ends the run: commit != 0 commits, else rolls back. 0 or -1. */
int loader_end(struct loader *l, int commit);
/* Loads a whole stream of lines from fd-like FILE; -1 if the store failed. */
int loader_file(struct loader *l, const char *name, void *fp);

#endif
