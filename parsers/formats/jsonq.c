#include "jsonq.h"

#include "lib/msg.h"

#include "lib/banned.h"

static sqlite3 *db;
static sqlite3_stmt *valid_st;

sqlite3 *jsonq_db(void)
{
	if (db)
		return db;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL)) {
		gw_error("cannot open SQLite for JSON: %s", db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		db = NULL;
		return NULL;
	}
	/* bound the work of one query: deep nesting is refused by SQLite itself (depth 1000) */
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)JSONQ_MAX);
	return db;
}

sqlite3_stmt *jsonq_prepare(const char *sql)
{
	sqlite3_stmt *st = NULL;
	sqlite3 *d = jsonq_db();

	if (!d)
		return NULL;
	if (sqlite3_prepare_v2(d, sql, -1, &st, NULL) != SQLITE_OK) {
		gw_error("internal error: JSON query: %s", sqlite3_errmsg(d));
		return NULL;
	}
	return st;
}

int jsonq_bind(sqlite3_stmt *st, int i, const void *s, size_t n)
{
	if (n > JSONQ_MAX)
		return SQLITE_TOOBIG;
	return sqlite3_bind_text(st, i, s, (int)n, SQLITE_STATIC);
}

int jsonq_valid(const void *s, size_t n)
{
	int ok = 0;

	if (!valid_st && !(valid_st = jsonq_prepare("SELECT json_valid(?1)")))
		return 0;
	if (jsonq_bind(valid_st, 1, s, n) == SQLITE_OK && sqlite3_step(valid_st) == SQLITE_ROW)
		ok = sqlite3_column_int(valid_st, 0);
	sqlite3_reset(valid_st);
	sqlite3_clear_bindings(valid_st);
	return ok;
}

const char *jsonq_errmsg(void)
{
	return db ? sqlite3_errmsg(db) : "no connection";
}

const char *jsonq_text(sqlite3_stmt *st, int col, size_t *len)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	if (len)
		*len = s ? (size_t)sqlite3_column_bytes(st, col) : 0;
	return s;
}

void jsonq_close(void)
{
	sqlite3_stmt *st;

	if (!db)
		return;
	while ((st = sqlite3_next_stmt(db, NULL)))
		sqlite3_finalize(st);
	sqlite3_close(db);
	db = NULL;
	valid_st = NULL;
}
