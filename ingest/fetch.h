/*
 * gw-fetch's library: fetch due sources into the raw store and documents table.
 */
#ifndef GW_FETCH_H
#define GW_FETCH_H

#include <sqlite3.h>

#include "sources.h"

#define FETCH_MAX_BODY (512L << 20)

struct fetch_opts {
	const char *dbpath;
	const char *user_agent;		/* required for sec.gov */
	const char *const *only;	/* NULL-terminated source ids, or NULL for all */
	int due_only;			/* skip sources fetched less than every_s ago */
	long max_body;
	long timeout_s;
	long connect_timeout_s;
};

struct fetch_stats {
	int sources, fetched, new_docs, not_modified, unchanged, failed, skipped;
};

/*
 * Fetches the selected sources, writing the sha256 of each new document to
 * stdout. Returns 0 when every source fetched, 1 when some failed (recorded
 * in `fetches` with the reason), -1 when the store itself failed.
 */
int fetch_run(sqlite3 *db, const struct sources *s, const struct fetch_opts *o,
	      struct fetch_stats *st);

#endif
