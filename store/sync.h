/*
 * sync: the store replicated into PostgreSQL (gw-sync).
 *
 * The replica is one PostgreSQL schema mirroring the store: its tables (derived
 * from the store's own schema, so a migration flows through), its views
 * translated (sync_sql.h), and bookkeeping tables of its own (gw_meta,
 * gw_stores, gw_sync_tables, gw_shared, gw_views, gw_tables). Each run is one
 * PostgreSQL transaction: it copies, with COPY, only the rows that changed since
 * the last run of this store (watermarks kept in PostgreSQL), so a killed run
 * leaves the replica as the previous run left it and the next run completes it.
 * Several stores sync into one schema: each gets a number, its integer ids are
 * moved into a range of their own, and rows with a natural key (documents by
 * sha256, observations by key, document and locator) are one row in the replica.
 */
#ifndef GW_SYNC_H
#define GW_SYNC_H

struct sync_opts {
	const char *db;		/* the store */
	const char *conninfo;	/* libpq connection string or URI; "" for $PGHOST... */
	const char *schema;	/* default "gigawatt" */
	const char *grant;	/* a role to give read access, or NULL */
	const char *name;	/* the store's name in gw_stores, or NULL: host:path */
	int check;		/* compare the store with the replica instead */
	int full;		/* copy every row of this store again */
	int quiet;		/* errors only */
	int verbose;		/* a line per table */
	int untrack;		/* drop the store's change triggers and log instead */
};

/* Runs a sync (or a check); returns the exit status: 0, 1 (the server, the
 * replica, a view or the check), 4 (the store). Messages are printed. */
int sync_run(const struct sync_opts *o);

#endif
