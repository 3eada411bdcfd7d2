/*
 * The store: opening the SQLite database, its migrations, the raw document
 * store beside it, and the documents table.
 *
 * Functions print a message (gw_error) and return -1 (or NULL) on failure.
 */
#ifndef GW_DB_H
#define GW_DB_H

#include <stddef.h>
#include <sqlite3.h>

#include "lib/buf.h"

/* The database path: the -d argument if given, else $GW_DB, else "gigawatt.db". */
const char *store_path(const char *arg);

/*
 * Opens the store at path, creating it if needed, in WAL mode with a busy
 * timeout, and applies the migrations it lacks (PRAGMA user_version holds
 * the last applied), in one transaction with its views: every view dropped
 * before them and those of schemas/views.sql made after them (also when the
 * store is at this version but its views were made from another views.sql;
 * a view the store holds that views.sql did not make is made again as it
 * was). readonly opens without creating or migrating.
 * Returns the connection (the caller closes it with store_close) or NULL.
 */
sqlite3 *store_open(const char *path, int readonly);
void store_close(sqlite3 *db);
/* Runs SQL with no result rows; prints and returns -1 on error. */
int store_exec(sqlite3 *db, const char *sql);
/* Prepares sql; NULL with a message on error. */
sqlite3_stmt *store_prepare(sqlite3 *db, const char *sql);
/* The highest migration version compiled in. */
int store_schema_version(void);
/*
 * The SQL of the migration compiled in as name (schemas/NAME.sql, e.g.
 * "050-gpu-price-tables"), or NULL (no message) if there is none: for a
 * private database that needs some of the store's tables without the store
 * (parsers/price_ref.c). The string is static.
 */
const char *store_migration_sql(const char *name);

/* Current UTC time "YYYY-MM-DDTHH:MM:SSZ" and date "YYYY-MM-DD". */
void now_utc(char out[32]);
void today_utc(char out[11]);

/* Folder of the raw store for the database at dbpath: "<dir of db>/raw". */
int raw_dir(const char *dbpath, struct buf *out);
/* Path of a document in the raw store: raw/ab/abcdef... */
int raw_path(const char *dbpath, const char *sha256, struct buf *out);
/*
 * The raw store opened for many writes (gw-fetch): its folder is opened once,
 * and each of its 256 folders raw/00..raw/ff is created the first time a
 * document needs it (when creating the file there fails because it is
 * missing), so writing to a store that has them costs no mkdir at all.
 */
struct raw_store {
	int dirfd;		/* the raw folder, open; -1 when closed */
	char *dir;		/* its path, for messages */
	int no_tmpfile;		/* its file system has no O_TMPFILE: temporary names */
	int no_empty_path;	/* linkat(AT_EMPTY_PATH) refused: /proc/self/fd names */
};
/* Opens (creating it if needed) the raw store beside the database at dbpath.
 * Returns 0, or -1 with a message. */
int raw_open(struct raw_store *rs, const char *dbpath);
/*
 * Writes data to the raw store under its sha256 (computed by the caller),
 * atomically: the file is created without a name (O_TMPFILE), written, and
 * then linked into place (where O_TMPFILE is not supported: created under a
 * temporary name with O_EXCL, linked into place, the temporary name removed),
 * so no reader and no killed process ever sees a partial document under its
 * name. With sync, the file is fsynced before it is linked; without, the
 * caller syncs a batch itself with raw_sync (gw-fetch: before it commits the
 * batch's rows). A document already there is left alone: content-addressed,
 * it is the same bytes. Returns 1 if the file was written, 0 if it was there,
 * -1 on error (with a message).
 */
int raw_write(struct raw_store *rs, const char *sha256, const void *data, size_t len, int sync);
/* Makes the store's writes so far durable: one syncfs of its file system
 * (sync() where there is no syncfs). Returns 0, or -1 with a message. */
int raw_sync(struct raw_store *rs);
/* Closes rs (a closed or zeroed-then-failed raw_open one too). */
void raw_close(struct raw_store *rs);
/* raw_open, raw_write and raw_close at once: for a few documents (gw-parse). */
int raw_put(const char *dbpath, const char *sha256, const void *data, size_t len, int sync);
/* Reads a document of the raw store into b (up to b->max). */
int raw_get(const char *dbpath, const char *sha256, struct buf *b);

struct docinfo {
	const char *sha256;
	const char *url;		/* may be NULL */
	const char *name;		/* may be NULL */
	const char *content_type;	/* may be NULL */
	long long size;
	const char *source;		/* may be NULL */
	const char *parser;		/* may be NULL */
	const char *published;		/* YYYY-MM-DD, may be NULL: the day it was first seen */
};

/*
 * Records a document in the documents table (first_seen on insert,
 * last_seen always), in one statement. Returns 1 if the document is new, 0 if
 * it was known, -1 on error. first_seen (may be NULL) gets its first-seen date
 * "YYYY-MM-DD". The statement is prepared once per connection; store_close
 * finalizes it.
 */
int doc_record(sqlite3 *db, const struct docinfo *d, char first_seen[11]);

/*
 * Sets a document's publication date to date (YYYY-MM-DD: the date in its
 * name) when none was given and date is before it was first seen. Returns 0,
 * or -1 with a message.
 */
int doc_published_default(sqlite3 *db, const char *sha256, const char *date);

#endif
