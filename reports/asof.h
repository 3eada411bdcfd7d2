/* Rebuilding an earlier state of the store, for gw-report --as-of. */
#ifndef GW_ASOF_H
#define GW_ASOF_H

#include <sqlite3.h>

/*
 * Copies the store db into a new in-memory database and removes from the copy
 * what was not known on date (YYYY-MM-DD): documents first seen after it,
 * and every row of every table that has an as_of after it or cites (doc) a
 * document removed. The views then show the store as it stood. Returns the
 * copy (close it with sqlite3_close) or NULL with a message.
 */
sqlite3 *store_as_of(sqlite3 *db, const char *date);

#endif
