/*
 * gw-load's library: records (JSON Lines) -> the store.
 *
 * A loader holds one run: loader_begin opens a write transaction and a row
 * in `runs`; each line is validated against the record contract (spec.h),
 * its operator resolved, and its observation inserted unless the same
 * (key, document, locator) is there already; an invalid line goes to
 * `rejects` with its reason. loader_end commits (or rolls back) the whole
 * run at once, so a killed load leaves the store as it was.
 *
 * Each line is read with cJSON, its values used where cJSON left them (no
 * copies); the rare line cJSON would read otherwise than JSON says (a \u0000
 * escape, an integer of more than 15 digits, a control character in a string,
 * a number out of JSON's grammar) or not at all is read with SQLite's
 * json_tree instead, which tells those apart exactly.
 *
 * What reaches the store is valid UTF-8 without NUL characters: a record
 * whose strings are not (invalid bytes, a lone surrogate escape, a \u0000
 * that would cut the string short) is rejected, and the rejects table keeps
 * the raw line with each such byte as U+FFFD. So is an integer a number field
 * cannot keep exactly (beyond 2^53), with the reason.
 */
#ifndef GW_LOAD_H
#define GW_LOAD_H

#include <stddef.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/progress.h"
#include "norm.h"
#include "prices.h"
#include "resolve.h"
#include "identity.h"
#include "spec.h"

#define LOAD_MAX_LINE (8u << 20)
/* The page cache of a load's connection, in KiB (PRAGMA cache_size = -LOAD_CACHE_KIB):
 * at most 1 GiB, taken as the load touches pages (README, The store) */
#define LOAD_CACHE_KIB "1048576"

struct loader {
	sqlite3 *db;
	long long run;
	sqlite3_stmt **ins;	/* per kind */
	sqlite3_stmt *tree, *reject, *docstub, *docid;
	struct cJSON *json;	/* the current line as cJSON read it, or NULL */
	struct resolver res;
	const char *site_overrides;	/* the sites.conf for site resolution, or NULL */
	int override_errors;	/* lines of site_overrides that could not be read */
	int identity;		/* identity_refresh()'s what: IDENTITY_ALL once a site, capacity or
				   permit row is stored, IDENTITY_FABS once a fab row is */
	struct norm norm;	/* country, state and party codes (norm.h) */
	struct prices prices;	/* GPU price history (prices.h) */
	struct buf vals;	/* copies of the current line's values */
	struct buf key, tmp, why;
	struct buf clean;	/* a reject's text made valid UTF-8 */
	sqlite3_stmt *nulq;	/* finds the member holding a \u0000 (rare: prepared on use) */
	char lastdoc[65];	/* the last document met, and its documents.id */
	long long lastid;
	long read, stored, unchanged, rejected;
	long rejected_known;	/* of rejected: already in `rejects` (same doc, loc, reason) */
	int quiet;		/* do not print each reject, nor progress */
	struct progress pg;	/* the input's progress on a terminal (progress.h) */
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
/*
 * Marks document sha (64 hex digits) as wholly loaded by this run: a row in
 * doc_loads, written in the run's transaction (so it commits with the records,
 * or not at all). Call it only when the run's input is the complete record
 * stream of that document. 0 or -1 (the store failed).
 */
int loader_mark_doc(struct loader *l, const char *sha);
/* Ends the run: commit != 0 commits, else rolls back. 0 or -1. */
int loader_end(struct loader *l, int commit);
/*
 * Loads a whole stream of lines from fp (a FILE *). Returns 0, 1 if the
 * input could not be read to its end (said on stderr; the lines read before
 * stay loaded, a partial last line is not), or -1 if the store failed.
 */
int loader_file(struct loader *l, const char *name, void *fp);

#endif
