#define _GNU_SOURCE	/* O_TMPFILE, syncfs */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/msg.h"
#include "lib/sha256.h"
#include "columns.h"
#include "migrations.h"

#include "lib/banned.h"

extern const char gw_views_sql[];		/* schemas/views.sql, compiled in */

#define VIEWS_MADE_VERSION 92	/* the migration that makes views_made */

const char *store_path(const char *arg)
{
	const char *e;

	if (arg && *arg)
		return arg;
	e = getenv("GW_DB");
	if (e && *e)
		return e;
	return "gigawatt.db";
}

int store_schema_version(void)
{
	int i, v = 0;

	for (i = 0; gw_migrations[i].sql; i++)
		v = gw_migrations[i].version;
	return v;
}

const char *store_migration_sql(const char *name)
{
	const char *sql = NULL;
	int i;

	for (i = 0; gw_migrations[i].sql; i++)
		if (!strcmp(gw_migrations[i].name, name))
			sql = gw_migrations[i].sql;
	return sql;
}

int store_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		gw_error("%s: %s", sqlite3_db_filename(db, "main"), err ? err : sqlite3_errmsg(db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		return NULL;
	}
	return st;
}

/* PRAGMA user_version, or -1 with the error left in db (its errcode and errmsg) */
static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		sqlite3_reset(st);	/* sets the connection's error to the step's */
	sqlite3_finalize(st);
	return v;
}

/* 1 if the connection's last error says the store or its folder cannot be written */
static int readonly_error(sqlite3 *db)
{
	int e = sqlite3_extended_errcode(db) & 0xff;

	return e == SQLITE_READONLY || e == SQLITE_CANTOPEN || e == SQLITE_PERM || e == SQLITE_AUTH;
}

/*
 * 1 if the store's views were not made from the views.sql whose sha256 is sha (views_made,
 * migration 092, is empty or names another), 0 if they were, -1 with the error left in db.
 */
static int views_stale(sqlite3 *db, const char *sha)
{
	sqlite3_stmt *st;
	int r = -1;

	if (sqlite3_prepare_v2(db, "SELECT NOT EXISTS (SELECT 1 FROM views_made)"
			       " OR EXISTS (SELECT 1 FROM views_made WHERE sha256 <> ?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = sqlite3_column_int(st, 0);
	else
		sqlite3_reset(st);
	sqlite3_finalize(st);
	return r;
}

/*
 * Drops every view of the store, keeping in temp.gw_own_views the name and SQL of those
 * views.sql did not make (an analyst's; before views_made, every view is taken for one:
 * views.sql makes all of those migrations made). In the caller's transaction.
 */
static int views_drop(sqlite3 *db, int have)
{
	sqlite3_stmt *st;
	char *drop = NULL;
	int r = -1, rc;

	if (store_exec(db, have >= VIEWS_MADE_VERSION
		       ? "CREATE TEMP TABLE gw_own_views AS SELECT name, sql FROM main.sqlite_schema"
			 " WHERE type = 'view' AND name NOT IN (SELECT view FROM main.views_made)"
		       : "CREATE TEMP TABLE gw_own_views AS SELECT name, sql FROM main.sqlite_schema"
			 " WHERE type = 'view'"))
		return -1;
	/* every DROP VIEW in one text, read to the end before the schema changes */
	st = store_prepare(db, "SELECT coalesce(group_concat(printf('DROP VIEW main.\"%w\";', name), ' '), '')"
			   " FROM main.sqlite_schema WHERE type = 'view'");
	if (!st)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		drop = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
	else
		gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW && !drop)
		gw_error("out of memory");
	if (drop)
		r = store_exec(db, drop);
	sqlite3_free(drop);
	return r;
}

/*
 * Makes the views of views.sql (whose sha256 is sha), records them in views_made, then the
 * analysts' views views_drop kept, as they were: one whose name views.sql now takes is
 * left out; one that cannot be made again is dropped, said with its SQL (never a failed
 * migration for it). In the caller's transaction.
 */
static int views_make(sqlite3 *db, const char *path, const char *sha)
{
	char record[256];
	sqlite3_stmt *st;
	int rc;

	snprintf(record, sizeof(record), "DELETE FROM views_made; INSERT INTO views_made(view, sha256)"
		 " SELECT name, '%s' FROM main.sqlite_schema WHERE type = 'view'", sha);
	if (store_exec(db, gw_views_sql)) {
		gw_error("%s: making the views of schemas/views.sql failed", path);
		return -1;
	}
	if (store_exec(db, record) ||
	    store_exec(db, "DELETE FROM temp.gw_own_views WHERE name IN"
		       " (SELECT name FROM main.sqlite_schema WHERE type = 'view')"))
		return -1;
	/* one at a time, the statement reading them finished before each is made */
	while ((st = store_prepare(db, "SELECT name, sql FROM temp.gw_own_views ORDER BY rowid LIMIT 1"))) {
		char *name = NULL, *sql = NULL, *del;
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			name = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
			sql = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return store_exec(db, "DROP TABLE temp.gw_own_views");
		if (rc != SQLITE_ROW || !name || !sql) {
			gw_error("%s: %s", path, rc == SQLITE_ROW ? "out of memory" : sqlite3_errmsg(db));
			sqlite3_free(name);
			sqlite3_free(sql);
			return -1;
		}
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			gw_warn("%s: view %s, not gigawatt's, cannot be made again after the migration (%s):"
				" it is dropped; it was: %s", path, name, sqlite3_errmsg(db), sql);
		del = sqlite3_mprintf("DELETE FROM temp.gw_own_views WHERE name = %Q", name);
		rc = del ? store_exec(db, del) : -1;
		sqlite3_free(del);
		sqlite3_free(name);
		sqlite3_free(sql);
		if (rc)
			return -1;
	}
	return -1;
}

/*
 * Brings the store to this gigawatt's schema, in one transaction: every view dropped, the
 * migrations it lacks applied, the views of schemas/views.sql (sha its sha256) made again,
 * and their description (columns.conf). Does the same for the views alone when the store is
 * at this schema version but its views were made from another views.sql. A failure rolls it
 * all back.
 */
static int migrate(sqlite3 *db, const char *path, const char *sha)
{
	int i, have, stale;
	char pragma[64];

	if (store_exec(db, "BEGIN IMMEDIATE"))
		return -1;
	have = user_version(db);	/* read inside the write lock: one migrator at a time */
	if (have < 0)
		goto fail;
	if (have > store_schema_version()) {
		gw_error("%s: the store is at schema version %d, newer than this %s (which knows %d):"
			 " it will not write to it; update gigawatt", path, have, gw_prog, store_schema_version());
		goto fail;
	}
	if (have == store_schema_version()) {	/* the views alone, unless another process made them */
		if ((stale = views_stale(db, sha)) < 0) {
			gw_error("%s: cannot read which views the store made: %s", path, sqlite3_errmsg(db));
			goto fail;
		}
		if (!stale)
			return store_exec(db, "COMMIT");
	}
	if (views_drop(db, have))
		goto fail;
	for (i = 0; gw_migrations[i].sql; i++) {
		if (gw_migrations[i].version <= have)
			continue;
		if (store_exec(db, gw_migrations[i].sql)) {
			gw_error("%s: migration %s failed", path, gw_migrations[i].name);
			goto fail;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", gw_migrations[i].version);
		if (store_exec(db, pragma))
			goto fail;
	}
	if (views_make(db, path, sha))
		goto fail;
	/* the views just changed: their description too (from migration 080 on) */
	if (store_schema_version() >= COLUMNS_VERSION && columns_fill(db))
		goto fail;
	return store_exec(db, "COMMIT");
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

sqlite3 *store_open(const char *path, int readonly)
{
	sqlite3 *db = NULL;
	char sha[65];
	int v;
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		gw_error("%s: cannot open the store: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(db, 30000);
	sqlite3_extended_result_codes(db, 1);
	if (readonly) {
		v = user_version(db);
		if (v < 0 && (sqlite3_extended_errcode(db) & 0xff) == SQLITE_READONLY)
			gw_error("%s: cannot read the store: its folder is read-only to this user, who cannot"
				 " create %s-shm there, which SQLite needs to read a WAL store (%s);"
				 " make the folder writable or copy the store", path, path, sqlite3_errmsg(db));
		else if (v < 0)
			gw_error("%s: cannot read the store: %s", path, sqlite3_errmsg(db));
		else if (v < 1)
			gw_error("%s: not a gigawatt store (no schema); run gw-load or gw-fetch first", path);
		if (v < 1)
			goto fail;
		/* a reader may still make sense of a newer store: it says so and goes on */
		if (v > store_schema_version())
			gw_warn("%s: the store is at schema version %d, newer than this %s"
				" (which knows %d): what it reads may be incomplete or wrong; update gigawatt",
				path, v, gw_prog, store_schema_version());
		return db;
	}
	/* SQLite opens a file it cannot write read-only, without a word: say so now */
	if (sqlite3_db_readonly(db, "main") == 1) {
		gw_error("%s: the store is read-only: this user cannot write it", path);
		goto fail;
	}
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK && readonly_error(db)) {
		gw_error("%s: the store cannot be written: its folder is read-only to this user, who cannot"
			 " create %s-wal there (%s)", path, path, sqlite3_errmsg(db));
		goto fail;
	}
	if (store_exec(db, "PRAGMA journal_mode = WAL") ||
	    store_exec(db, "PRAGMA synchronous = NORMAL") ||
	    store_exec(db, "PRAGMA foreign_keys = ON"))
		goto fail;
	/* migrations to apply, or views made from another views.sql (an error: migrate says it) */
	sha256_hex(gw_views_sql, strlen(gw_views_sql), sha);
	if ((user_version(db) != store_schema_version() || views_stale(db, sha) != 0) && migrate(db, path, sha))
		goto fail;
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}

void store_close(sqlite3 *db)
{
	sqlite3_stmt *st;

	if (!db)
		return;
	/* Close first: that disconnects virtual tables (R*Tree), which finalize their own
	 * statements; finalizing those here beforehand would free them twice. Only what
	 * is left after that is a statement of ours, finalized before closing again. */
	if (sqlite3_close(db) == SQLITE_OK)
		return;
	while ((st = sqlite3_next_stmt(db, NULL)))
		sqlite3_finalize(st);
	sqlite3_close(db);
}

void now_utc(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void today_utc(char out[11])
{
	char n[32];

	now_utc(n);
	memcpy(out, n, 10);
	out[10] = '\0';
}

int raw_dir(const char *dbpath, struct buf *out)
{
	const char *slash = strrchr(dbpath, '/');

	buf_reset(out);
	if (slash)
		return buf_add(out, dbpath, (size_t)(slash - dbpath + 1)) || buf_adds(out, "raw");
	return buf_adds(out, "raw");
}

int raw_path(const char *dbpath, const char *sha256, struct buf *out)
{
	if (raw_dir(dbpath, out))
		return -1;
	return buf_printf(out, "/%.2s/%s", sha256, sha256);
}

int raw_open(struct raw_store *rs, const char *dbpath)
{
	struct buf dir = BUF_INIT(BUF_PATH_MAX);

	memset(rs, 0, sizeof(*rs));
	rs->dirfd = -1;
	if (raw_dir(dbpath, &dir)) {
		gw_error("%s: the raw store's path is too long", dbpath);
		goto fail;
	}
	rs->dirfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rs->dirfd < 0 && errno == ENOENT) {
		if (mkdir(dir.data, 0777) && errno != EEXIST) {
			gw_error_errno("%s: cannot create the raw store folder", dir.data);
			goto fail;
		}
		rs->dirfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (rs->dirfd < 0) {	/* ENOTDIR: a file where the folder should be */
		gw_error_errno("%s: cannot %s the raw store folder", dir.data, errno == ENOTDIR ? "create" : "open");
		goto fail;
	}
	rs->dir = buf_detach(&dir, NULL);
	if (!rs->dir) {
		gw_error("out of memory");
		goto fail;
	}
	return 0;
fail:
	buf_release(&dir);
	raw_close(rs);
	return -1;
}

void raw_close(struct raw_store *rs)
{
	if (rs->dirfd >= 0)
		close(rs->dirfd);
	rs->dirfd = -1;
	free(rs->dir);
	rs->dir = NULL;
}

/*
 * Creates the file document sha256 is written to in its folder (of rs): without
 * a name (O_TMPFILE) where the file system can, else under a temporary name
 * written to tmp (O_EXCL; one left by a killed process of the same pid is
 * replaced). *named says which. Returns the descriptor, or -1 with errno set
 * (ENOENT: the folder does not exist).
 */
#define TMP_NAME_MAX 112

static int raw_create(struct raw_store *rs, const char *sha256, char tmp[TMP_NAME_MAX], int *named)
{
	int fd;

#ifdef O_TMPFILE
	if (!rs->no_tmpfile) {
		char sub[3] = { sha256[0], sha256[1], '\0' };
		*named = 0;
		fd = openat(rs->dirfd, sub, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
		if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
			return fd;
		rs->no_tmpfile = 1;
	}
#else
	rs->no_tmpfile = 1;
#endif
	*named = 1;
	if (!tmp[0])
		snprintf(tmp, TMP_NAME_MAX, "%.2s/%s.tmp.%ld", sha256, sha256, (long)getpid());
	fd = openat(rs->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST && !unlinkat(rs->dirfd, tmp, 0))
		fd = openat(rs->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	return fd;
}

/* Documents this large are looked for before they are written (one faccessat):
 * a known one fetched again is then not written in vain. */
#define RAW_LOOK_FIRST (1u << 20)

int raw_write(struct raw_store *rs, const char *sha256, const void *data, size_t len, int sync)
{
	char sub[3], name[80], tmp[TMP_NAME_MAX], proc[40];
	const char *p = data;
	size_t done = 0;
	int fd = -1, r = -1, named = 0, linked = 0;

	if (strlen(sha256) != 64) {
		gw_error("'%s' is not a sha256", sha256);
		return -1;
	}
	snprintf(sub, sizeof(sub), "%.2s", sha256);
	snprintf(name, sizeof(name), "%s/%s", sub, sha256);
	tmp[0] = '\0';
	if ((sync || len >= RAW_LOOK_FIRST) && !faccessat(rs->dirfd, name, F_OK, 0))
		return 0;	/* content-addressed: already stored */
	fd = raw_create(rs, sha256, tmp, &named);
	if (fd < 0 && errno == ENOENT) {	/* the first document of its folder */
		if (mkdirat(rs->dirfd, sub, 0777) && errno != EEXIST) {
			gw_error_errno("%s/%s: cannot create the raw store folder", rs->dir, sub);
			return -1;
		}
		fd = raw_create(rs, sha256, tmp, &named);
	}
	if (fd < 0) {
		gw_error_errno("%s/%s: cannot create a file", rs->dir, named ? tmp : sub);
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			gw_error_errno("%s/%s: write failed", rs->dir, name);
			goto out;
		}
		done += (size_t)n;
	}
	if (sync && fsync(fd)) {
		gw_error_errno("%s/%s: write failed", rs->dir, name);
		goto out;
	}
	if (named) {
		linked = !linkat(rs->dirfd, tmp, rs->dirfd, name, 0);
	} else {
		/* the descriptor itself (Linux 6.10 lets its opener link it), else its /proc name */
		linked = !rs->no_empty_path && !linkat(fd, "", rs->dirfd, name, AT_EMPTY_PATH);
		if (!linked && !rs->no_empty_path && (errno == ENOENT || errno == EPERM || errno == EINVAL))
			rs->no_empty_path = 1;
		if (!linked && rs->no_empty_path) {
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
			linked = !linkat(AT_FDCWD, proc, rs->dirfd, name, AT_SYMLINK_FOLLOW);
		}
	}
	if (!linked && errno != EEXIST) {
		gw_error_errno("%s/%s: cannot link into place", rs->dir, name);
		goto out;
	}
	r = linked;
out:
	if (fd >= 0 && close(fd) && r >= 0) {
		gw_error_errno("%s/%s: write failed", rs->dir, name);
		if (linked)
			unlinkat(rs->dirfd, name, 0);
		r = -1;
	}
	if (named)
		unlinkat(rs->dirfd, tmp, 0);
	return r;
}

int raw_sync(struct raw_store *rs)
{
#ifdef __linux__
	if (syncfs(rs->dirfd)) {
		gw_error_errno("%s: sync failed", rs->dir);
		return -1;
	}
#else
	sync();
#endif
	return 0;
}

int raw_put(const char *dbpath, const char *sha256, const void *data, size_t len, int sync)
{
	struct raw_store rs;
	int r;

	if (raw_open(&rs, dbpath))
		return -1;
	r = raw_write(&rs, sha256, data, len, sync);
	raw_close(&rs);
	return r;
}

int raw_get(const char *dbpath, const char *sha256, struct buf *b)
{
	struct buf path = BUF_INIT(BUF_PATH_MAX);
	int r = -1;

	if (raw_path(dbpath, sha256, &path)) {
		gw_error("%s: the raw store's path is too long: cannot read document %s", dbpath, sha256);
		goto out;
	}
	if (buf_read_file(b, path.data)) {
		gw_error_errno("%s: cannot read document %s", path.data, sha256);
		goto out;
	}
	r = 0;
out:
	buf_release(&path);
	return r;
}

int doc_published_default(sqlite3 *db, const char *sha256, const char *date)
{
	sqlite3_stmt *st = store_prepare(db, "UPDATE documents SET published = ?2 WHERE sha256 = ?1"
					 " AND published IS NULL AND ?2 < substr(first_seen, 1, 10)");
	int r = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		r = 0;
	else
		gw_error("%s: cannot date document %s: %s", sqlite3_db_filename(db, "main"), sha256,
			 sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return r;
}

/*
 * The statement of sql on db, prepared the first time and found again among
 * the connection's own statements after that (gw-fetch records thousands of
 * documents): it is kept by the connection it belongs to, which store_close
 * finalizes with it, so it is never handed to another connection.
 */
static sqlite3_stmt *doc_stmt(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	const char *t;

	while ((st = sqlite3_next_stmt(db, st)))
		if (!sqlite3_stmt_busy(st) && (t = sqlite3_sql(st)) && !strcmp(t, sql))
			return st;
	return store_prepare(db, sql);
}

/*
 * One upsert for a known and a new document alike. Whether it inserted is told
 * by the connection's last inserted rowid, set to 0 before the statement (no
 * rowid SQLite assigns is 0): an INSERT sets it to the new row's, the UPDATE
 * of an upsert leaves it alone. RETURNING only when first_seen is wanted: it
 * costs the statement a third more.
 */
int doc_record(sqlite3 *db, const struct docinfo *d, char first_seen[11])
{
	static const char sql[] =
		"INSERT INTO documents(sha256, url, name, content_type, size, source, parser, first_seen, last_seen,"
		" published) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
		" ON CONFLICT(sha256) DO UPDATE SET last_seen = excluded.last_seen,"
		"  url = coalesce(documents.url, excluded.url), name = coalesce(documents.name, excluded.name),"
		"  content_type = coalesce(documents.content_type, excluded.content_type),"
		"  source = coalesce(excluded.source, documents.source),"
		"  published = coalesce(excluded.published, documents.published),"
		"  parser = coalesce(excluded.parser, documents.parser)";
	static const char returning[] = " RETURNING first_seen";
	sqlite3_stmt *st;
	sqlite3_int64 before = sqlite3_last_insert_rowid(db);
	char now[32], with[sizeof(sql) + sizeof(returning)];
	int r = -1, rc, ret = first_seen != NULL;

	snprintf(with, sizeof(with), "%s%s", sql, ret ? returning : "");
	if (!(st = doc_stmt(db, with)))
		return -1;
	now_utc(now);
	sqlite3_bind_text(st, 1, d->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->content_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, d->size);
	sqlite3_bind_text(st, 6, d->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, d->parser, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, d->published, -1, SQLITE_STATIC);
	sqlite3_set_last_insert_rowid(db, 0);
	rc = sqlite3_step(st);
	if (rc == (ret ? SQLITE_ROW : SQLITE_DONE)) {
		r = sqlite3_last_insert_rowid(db) != 0;
		if (ret) {
			const char *fs = (const char *)sqlite3_column_text(st, 0);
			snprintf(first_seen, 11, "%.10s", fs ? fs : now);
		}
	} else {
		gw_error("%s: cannot record document %s: %s", sqlite3_db_filename(db, "main"),
			 d->sha256, sqlite3_errmsg(db));
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (r != 1)
		sqlite3_set_last_insert_rowid(db, before);
	return r;
}
