/* Unit tests of store/db.h's raw store and documents table, the contracts gw-fetch and
 * gw-parse both rely on: a document written once under its sha256, linked into place with
 * no temporary name left, its folder created when first needed; doc_record saying new or
 * known in one statement, with or without first_seen. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/sha256.h"
#include "store/db.h"
#include "tap.h"

#include "lib/banned.h"

#define DOC_MAX (1 << 20)	/* a document read back from the raw store */

/* files in folder path (not . and ..), or -1 */
static int count_files(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* 1 if a name in folder path holds ".tmp." (a temporary name), 0 if none, -1 if unreadable */
static int has_tmp(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".tmp."))
			n = 1;
	closedir(d);
	return n;
}

int main(void)
{
	char tmpl[] = "/tmp/gw-unit-store.XXXXXX", sha[65], sha2[65], first[11] = "", path[512];
	const char *dir = mkdtemp(tmpl);
	const char doc[] = "Name,Owner,Current power (MW)\nColossus,xAI,150\n";
	struct buf dbpath = BUF_INIT(BUF_PATH_MAX), b = BUF_INIT(DOC_MAX);
	struct raw_store rs;
	struct docinfo di;
	sqlite3 *db = NULL;
	int i, r;

	if (!dir) {
		ok(0, "mkdtemp");
		return done();
	}
	buf_printf(&dbpath, "%s/s.db", dir);
	sha256_hex(doc, sizeof(doc) - 1, sha);

	r = raw_put(dbpath.data, sha, doc, sizeof(doc) - 1, 1);
	ok(r == 1, "raw_put writes a new document: %d", r);
	ok(!raw_get(dbpath.data, sha, &b) && b.len == sizeof(doc) - 1 && !memcmp(b.data, doc, b.len),
	   "raw_get reads it back, byte for byte");
	snprintf(path, sizeof(path), "%s/raw/%.2s", dir, sha);
	ok(count_files(path) == 1 && has_tmp(path) == 0, "its folder raw/%.2s holds it alone: no temporary"
	   " name left", sha);
	r = raw_put(dbpath.data, sha, doc, sizeof(doc) - 1, 1);
	ok(r == 0, "raw_put of a stored document (synced: looked for first) leaves it: %d", r);
	r = raw_put(dbpath.data, sha, doc, sizeof(doc) - 1, 0);
	ok(r == 0, "and unsynced (written, then not linked: it is there): %d", r);
	ok(count_files(path) == 1, "still one file in raw/%.2s", sha);
	ok(raw_put(dbpath.data, "../../etc/x", doc, 3, 0) < 0, "a name that is not a sha256 is refused");

	ok(!raw_open(&rs, dbpath.data), "raw_open");
	for (i = 0, r = 0; i < 300; i++) {
		char body[32];
		int n = snprintf(body, sizeof(body), "document %d\n", i);
		sha256_hex(body, (size_t)n, sha2);
		r += raw_write(&rs, sha2, body, (size_t)n, 0) == 1;
	}
	ok(r == 300, "300 documents written through one raw_open: %d", r);
	ok(!raw_sync(&rs), "raw_sync");
	raw_close(&rs);
	snprintf(path, sizeof(path), "%s/raw", dir);
	r = count_files(path);
	ok(r > 150 && r <= 256, "their folders were made as needed: %d of 256", r);

	/* the ways a system without linkat(AT_EMPTY_PATH), or without O_TMPFILE, takes */
	for (i = 0; i < 2; i++) {
		char body[64];
		int n = snprintf(body, sizeof(body), "written the %s way\n", i ? "O_EXCL" : "/proc/self/fd");
		ok(!raw_open(&rs, dbpath.data), "raw_open");
		rs.no_empty_path = 1;
		rs.no_tmpfile = i;
		sha256_hex(body, (size_t)n, sha2);
		r = raw_write(&rs, sha2, body, (size_t)n, 0);
		ok(r == 1 && raw_write(&rs, sha2, body, (size_t)n, 0) == 0, "%s: written once (%d), then there",
		   i ? "a temporary name linked into place" : "linked through /proc/self/fd", r);
		raw_close(&rs);
		snprintf(path, sizeof(path), "%s/raw/%.2s", dir, sha2);
		b.len = 0;
		ok(!raw_get(dbpath.data, sha2, &b) && b.len == (size_t)n && !memcmp(b.data, body, b.len) &&
		   has_tmp(path) == 0, "read back; no temporary name left in raw/%.2s", sha2);
	}

	db = store_open(dbpath.data, 0);
	ok(db != NULL, "store_open");
	if (!db)
		return done();
	memset(&di, 0, sizeof(di));
	di.sha256 = sha;
	di.url = "http://127.0.0.1/dc.csv";
	di.size = (long long)sizeof(doc) - 1;
	di.source = "dc";
	r = doc_record(db, &di, first);
	ok(r == 1 && strlen(first) == 10, "doc_record: a new document is new (%d), first seen %s", r, first);
	ok(sqlite3_last_insert_rowid(db) == 1, "the last inserted rowid is the new document's: %lld",
	   (long long)sqlite3_last_insert_rowid(db));
	store_exec(db, "CREATE TEMP TABLE t(x INTEGER)");
	store_exec(db, "INSERT INTO t VALUES (1), (2), (3)");
	r = doc_record(db, &di, NULL);
	ok(r == 0, "recorded again (no first_seen asked): known (%d)", r);
	ok(sqlite3_last_insert_rowid(db) == 3, "a known document leaves the last inserted rowid as it"
	   " was (3, of another table): %lld", (long long)sqlite3_last_insert_rowid(db));
	first[0] = '\0';
	di.url = "http://127.0.0.1/other.csv";
	di.published = "2025-01-31";
	r = doc_record(db, &di, first);
	ok(r == 0 && strlen(first) == 10, "known again, with first_seen: %d %s", r, first);
	{
		sqlite3_stmt *st = store_prepare(db, "SELECT count(*), url, published FROM documents");
		ok(st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1 &&
		   !strcmp((const char *)sqlite3_column_text(st, 1), "http://127.0.0.1/dc.csv") &&
		   !strcmp((const char *)sqlite3_column_text(st, 2), "2025-01-31"),
		   "one row: the first URL kept, the publication date given later taken");
		sqlite3_finalize(st);
	}
	di.sha256 = sha2;
	r = doc_record(db, &di, NULL);
	ok(r == 1, "another document (no first_seen asked) is new: %d", r);
	store_close(db);

	buf_release(&b);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path))
		ok(0, "cannot remove %s", dir);
	buf_release(&dbpath);
	return done();
}
