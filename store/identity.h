/*
 * The resolved layer of the store (DESIGN.md "Identity: one campus, one
 * number"; migration 060): snapshots, sites and one figure per site and
 * quarter. gw-load refreshes it inside its transaction after every load, so
 * what analysts read never lags what is stored; gw-load --resolve refreshes
 * it alone (after an edit of the override file).
 */
#ifndef GW_IDENTITY_H
#define GW_IDENTITY_H

#include <sqlite3.h>

/*
 * Judges every snapshot (a document of a parser in snapshot_parsers) and
 * marks the current one of each dataset (the parser's, or for a parser of
 * several datasets the source's) in doc_health. A snapshot is healthy unless
 * it has under half the observations of the dataset's previous healthy
 * snapshot, or doc_drift says its header lost a column; an accepted snapshot
 * is healthy whatever the rules say. Snapshots are ordered by publication
 * date, then the date in their names, then size, then first seen; the
 * current one is the newest healthy one. *changed: set to 1 when a dataset's
 * current snapshot changed. 0 or -1 with a message.
 */
int snapshots_refresh(sqlite3 *db, int *changed);

/*
 * Rebuilds site_capacity from the current observations (cur_docs) and the
 * sites: per site and quarter, the figure of the most specific source (class
 * 1 a dated timeline, 2 a list's current figure, 3 a GPU-cluster list, 4 any
 * other), newest publication first; see schemas/060-identity.sql. 0 or -1.
 */
int sitecap_build(sqlite3 *db);

/*
 * Refreshes the resolved layer: snapshots always; sites, site_capacity and
 * the fabs (store/fabs.h) when what has IDENTITY_ALL or a current snapshot changed;
 * else the fabs alone when what has IDENTITY_FABS (fab rows of a document
 * that is no snapshot were stored). overrides: the site override file or
 * NULL. *bad: lines of the override file that could not be read (said).
 * 0 or -1 with a message.
 */
#define IDENTITY_ALL 1
#define IDENTITY_FABS 2
int identity_refresh(sqlite3 *db, const char *overrides, int what, int *bad);

/* The quarter index (year * 4 + quarter - 1) of a date or quarter text; -1 if neither. */
int quarter_index(const char *s);

#endif
