/*
 * gw-fetch's library: fetch due sources into the raw store and documents table.
 *
 * All sources are fetched at once through libcurl's multi interface, with
 * politeness per host ("name:port"): at most `connections` transfers at a time
 * and at least `delay` between request starts (the largest delay and smallest
 * connections of the host's sources, and robots.txt's Crawl-delay if larger).
 * SEC hosts (sec.gov and *.sec.gov) share one budget of 10 requests/s. Request
 * start times are reserved in the host_schedule table, so overlapping gw-fetch
 * processes on one database share each host's budget.
 *
 * A body to store is hashed and written to the raw store by a second thread
 * (the storer), which also syncs the raw store before each batch of rows
 * commits, while the first goes on with the transfers and the rows: see
 * fetch.c. Only the first thread uses the database and libcurl.
 */
#ifndef GW_FETCH_H
#define GW_FETCH_H

#include <stddef.h>
#include <sqlite3.h>

#include "sources.h"

#define FETCH_MAX_BODY (256L << 20)

struct fetch_opts {
	const char *dbpath;
	const char *user_agent;		/* required (with an '@') for sec.gov */
	const char *const *only;	/* NULL-terminated source ids, or NULL for all */
	const char *const *resolve;	/* NULL-terminated curl "HOST:PORT:ADDR" entries, or NULL */
	int due_only;			/* skip sources fetched less than every_s ago */
	int no_politeness;		/* delay 0, 16 connections per host, no Crawl-delay */
	int progress;			/* progress lines on stderr */
	long max_body;			/* bytes */
	long timeout_s;			/* whole transfer */
	long connect_timeout_s;
	int max_attempts;		/* per source, first try included */
	long max_wait_ms;		/* total backoff wait per source */
	long retry_base_ms;		/* first backoff; doubles each retry, with jitter */
	long robots_ttl_s;		/* how long a cached robots.txt is kept */
	int max_transfers;		/* all hosts together */
};

struct fetch_stats {
	int sources, fetched, new_docs, not_modified, unchanged, failed, skipped;
};

/* Sets the defaults into o (dbpath, user_agent, only, resolve left NULL). */
void fetch_opts_default(struct fetch_opts *o);

/*
 * Fetches the selected sources, writing the sha256 of each new document to
 * stdout. Every source fetched gets a `fetches` row (outcome ok, unchanged,
 * not_modified or failed with its reason). Returns 0 when every source
 * fetched, 1 when some failed or stdout could not be written (said once; the
 * documents are stored all the same), -1 when the store itself failed.
 */
int fetch_run(sqlite3 *db, const struct sources *s, const struct fetch_opts *o,
	      struct fetch_stats *st);

/*
 * Prints the sha256 of every fetched document (documents.source set) that no
 * load has covered (no doc_loads row), in the order they were first seen.
 * Returns 0, or -1 if the store failed.
 */
int fetch_print_unloaded(sqlite3 *db);

/* robots.txt, exposed for the unit tests. */
struct robots {
	char *rules;		/* "A<pattern>\n" or "D<pattern>\n" lines */
	long crawl_delay_ms;	/* -1: none */
};
/* Reads the rules of the group for agent (the product token, e.g. "gigawatt"),
 * else of '*'. Never fails: unreadable lines are ignored. */
void robots_parse(struct robots *r, const char *agent, const char *txt, size_t len);
/* 1 if path (with its query) may be fetched. */
int robots_allowed(const struct robots *r, const char *path);
void robots_release(struct robots *r);

#endif
