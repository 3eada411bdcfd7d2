/*
 * The analyst views described: schemas/columns.conf (compiled in) parsed, and the store's
 * views and columns tables (migration 080) filled from it.
 */
#ifndef GW_COLUMNS_H
#define GW_COLUMNS_H

#include <sqlite3.h>

#define COLUMNS_VERSION 80	/* the migration that makes the tables */

/*
 * Replaces the rows of the tables views and columns of db with those of schemas/columns.conf,
 * in the caller's transaction. Returns 0, or -1 with a message (a malformed columns.conf, which
 * the tests catch, or a store error).
 */
int columns_fill(sqlite3 *db);

#endif
