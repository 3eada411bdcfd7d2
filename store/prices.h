/*
 * GPU price history: gw-load keeps, for each key (provider, sku, term,
 * region), one row per run of equal quotes in (observed_at, doc, loc) order,
 * whatever order the observations arrive in, and which documents quoted
 * each run (gpu_price_sightings) (the rule is stated in full in schemas/051-gpu-price-
 * history.sql and schemas/052-history-order.sql). Equal: the same
 * usd_per_gpu_hour and the same price in its currency.
 *
 * load.c calls prices_before() before inserting a gpu_price observation and
 * prices_after() when it was inserted. Both print a message and return -1
 * when the store fails.
 */
#ifndef GW_PRICES_H
#define GW_PRICES_H

#include <stddef.h>
#include <sqlite3.h>

#include "lib/buf.h"

/* a run whose last_observed moves up, written once at the end of the load */
struct price_seen {
	long long id;			/* 0: a free slot; -1: a run deleted since */
	char last[64];		/* observed_at: at most 63 bytes kept */
};

/* sightings of a run from one document, gathered in memory and written once */
struct price_pending {
	long long id;			/* the run; 0: nothing pending */
	long long doc_id;		/* documents.id */
	char first[64], first_loc[64], last[64], last_loc[64];
};

/* the latest run of a key, as this load knows it */
struct price_tail {
	char *key;			/* NULL: a free slot */
	long long id;
	char obs[64];			/* observed_at of its first quote */
	char last[64];			/* observed_at of its last quote known */
	double usd, price;
	int has_price;
	int valid;			/* 0: unknown, ask the store */
	struct price_pending *pend;	/* NULL until the key has one */
};

#define PRICES_TAIL_MAX (1u << 20)	/* keys remembered in one load; past it, the store is asked */

struct prices {
	int kind;			/* index of gpu_price in gw_kinds */
	int f_obs, f_usd, f_price;	/* its fields observed_at, usd_per_gpu_hour, price */
	sqlite3 *db;
	sqlite3_stmt *prev, *next, *extend, *drop;
	sqlite3_stmt *sight, *after1, *copy, *move, *relast, *swap, *straddle, *trim;
	struct price_seen *seen;	/* open addressing by id */
	size_t nseen, capseen;
	sqlite3_stmt *latest;
	struct price_tail *tails;	/* open addressing by key */
	size_t ntails, captails;
	struct price_tail *cur;		/* the key of the quote between before and after */
	int inorder;			/* that quote is later than every stored run of its key */
	long long split;		/* that quote falls inside this run, which is split after it */
	struct buf sobs, sloc;		/* where the new run starts: the run's first sighting after it, */
	long long sdoc_id;		/* and its document (documents.id) */
};

/* Prepares the statements. 0 or -1. */
int prices_init(struct prices *p, sqlite3 *db);
/* Writes the last_observed of the runs seen again (before the load commits). 0 or -1. */
int prices_flush(struct prices *p);
void prices_release(struct prices *p);

/*
 * An observation of key at observed_at, read at doc (its sha256, and doc_id its
 * documents.id) and loc: returns 1 when
 * it equals the run it falls in (the latest run starting at or before it),
 * which is then not stored: it is a sighting of that run, whose
 * last_observed moves up to it. Returns 0 when it is to be stored, -1 on
 * error. has_price says whether price is given.
 */
int prices_before(struct prices *p, const char *key, const char *observed_at, const char *doc,
		  long long doc_id, const char *loc, double usd, int has_price, double price);
/*
 * After the observation was stored as row id (same arguments as before):
 * when it fell inside a run of another quote, that run is split, its
 * sightings after this one becoming a new run; else, when the next run of the
 * key has the same quote, this row becomes that run's first quote (the run
 * keeps its id, its sightings and its last_observed). 0 or -1.
 */
int prices_after(struct prices *p, long long id, const char *key, const char *observed_at,
		 const char *doc, long long doc_id, const char *loc, double usd, int has_price, double price);

#endif
