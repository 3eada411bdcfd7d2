/* The store as it stood on a date, for gw-report --as-of: read in place. */
#ifndef GW_ASOF_H
#define GW_ASOF_H

#include <sqlite3.h>

/*
 * Makes the connection db (read-only is enough: only its temp schema is
 * written) see the store as published on date (YYYY-MM-DD), without copying
 * it: a TEMP view over each table leaves out the documents published after
 * date (documents.published, else the day first seen), every row citing
 * them and every row stated (as_of) after date; TEMP copies of every view
 * then read those, and the snapshots (doc_health) and site_capacity are
 * resolved again from what is left (sites as resolved now). Unqualified names
 * find the TEMP objects first, so the report's queries need no change.
 * Returns 0, or -1 with a message.
 */
int store_as_of(sqlite3 *db, const char *date);

#endif
