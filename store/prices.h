/*
 * GPU price history: gw-load keeps, for each key (provider, sku, term,
 * region), only the first observation of each run of equal quotes in
 * observed_at order, whatever order the observations arrive in (the rule is
 * stated in full in schemas/051-gpu-price-history.sql). Equal: the same
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

/* a run whose last_observed moves up, written once at the end of the load */
struct price_seen {
	long long id;			/* 0: a free slot; -1: a run deleted since */
	char last[64];		/* observed_at: at most 63 bytes kept */
};

/* the latest run of a key, as this load knows it */
struct price_tail {
	char *key;			/* NULL: a free slot */
	long long id;
	char obs[64];
	double usd, price;
	int has_price;
	int valid;			/* 0: unknown, ask the store */
};

#define PRICES_TAIL_MAX (1u << 20)	/* keys remembered in one load; past it, the store is asked */

struct prices {
	int kind;			/* index of gpu_price in gw_kinds */
	int f_obs, f_usd, f_price;	/* its fields observed_at, usd_per_gpu_hour, price */
	sqlite3 *db;
	sqlite3_stmt *prev, *next, *extend, *drop;
	struct price_seen *seen;	/* open addressing by id */
	size_t nseen, capseen;
	sqlite3_stmt *latest;
	struct price_tail *tails;	/* open addressing by key */
	size_t ntails, captails;
	struct price_tail *cur;		/* the key of the quote between before and after */
	int inorder;			/* that quote is later than every stored run of its key */
};

/* Prepares the statements. 0 or -1. */
int prices_init(struct prices *p, sqlite3 *db);
/* Writes the last_observed of the runs seen again (before the load commits). 0 or -1. */
int prices_flush(struct prices *p);
void prices_release(struct prices *p);

/*
 * An observation of key at observed_at: returns 1 when it equals the run it
 * falls in (the latest stored observation at or before it), which is then
 * not stored: that run's last_observed moves up to it. Returns 0 when it is
 * to be stored, -1 on error. has_price says whether price is given.
 */
int prices_before(struct prices *p, const char *key, const char *observed_at, double usd,
		  int has_price, double price);
/*
 * After the observation was stored as row id: when the next stored run of the
 * key has the same quote, this row starts that run now: the later row is
 * deleted and its last_observed kept. 0 or -1.
 */
int prices_after(struct prices *p, long long id, const char *key, const char *observed_at,
		 double usd, int has_price, double price);

#endif
