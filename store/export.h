/*
 * gw-export: the store's analyst views for other tools. Functions print a
 * message (gw_error) and return -1 on failure.
 */
#ifndef GW_EXPORT_H
#define GW_EXPORT_H

#include <sqlite3.h>

#include "lib/buf.h"

/*
 * Writes each of the n views or tables names (n 0: every analyst view the
 * store's views table lists, aliases aside, else every v_* view of its
 * schema) to dir/NAME.csv (dir made when missing): RFC 4180, UTF-8, CRLF, a
 * header row of the view's columns in its order, then every row. NULL is an
 * empty field, an empty text "" (quoted); integers as integers, reals in the
 * fewest digits that read back to the same double. Each file is written to a
 * temporary name and renamed, so a reader never sees half of one. Returns the
 * number of files written, or -1 when one could not be (the others are still
 * written; a message says which). *rows, when not NULL, gets the rows written.
 */
int export_csv(sqlite3 *db, const char *dir, char *const *names, int n, long long *rows);

/*
 * Datasette's metadata.json for the store db, served as database dbname
 * (Datasette names it after the file: gigawatt.db -> gigawatt): the views'
 * descriptions, each column's meaning and unit (from the tables views and
 * columns, migration 080), units Datasette can convert (MW, W, GB, nm, mm),
 * and the saved queries of export.c. Appends it to out. 0 or -1 (a store
 * without those tables: one older than migration 080, read-only).
 */
int export_datasette(sqlite3 *db, const char *dbname, struct buf *out);

#endif
