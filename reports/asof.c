#include "asof.h"

#include <unistd.h>

#include "../store/identity.h"

#include <stdio.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/msg.h"

/* 1 if table t has a column named col. */
static int has_col(sqlite3 *db, const char *t, const char *col)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

sqlite3 *store_as_of(sqlite3 *db, const char *date)
{
	sqlite3 *mem = NULL;
	sqlite3_backup *bk;
	sqlite3_stmt *st = NULL;
	struct buf sql = BUF_INIT(1 << 16);
	char *tables[256];
	int nt = 0, i;

	if (sqlite3_open(":memory:", &mem) != SQLITE_OK)
		goto fail;
	if (!(bk = sqlite3_backup_init(mem, "main", db, "main")))
		goto fail;
	sqlite3_backup_step(bk, -1);
	if (sqlite3_backup_finish(bk) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(mem, "SELECT name FROM sqlite_schema WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite_%' AND name <> 'documents'", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW && nt < 256)
		tables[nt++] = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	{
		char *q = sqlite3_mprintf("BEGIN; DELETE FROM documents WHERE coalesce(published, substr(first_seen, 1, 10)) > %Q;", date);
		buf_adds(&sql, q);
		sqlite3_free(q);
	}
	for (i = 0; i < nt; i++) {
		int a = has_col(mem, tables[i], "as_of"), d = has_col(mem, tables[i], "doc");
		char *ca = a ? sqlite3_mprintf("substr(as_of, 1, 10) > %Q", date) : NULL;
		char *q = (a || d) ? sqlite3_mprintf("DELETE FROM \"%w\" WHERE %s%s%s;", tables[i], ca ? ca : "",
						  a && d ? " OR " : "",
						  d ? "(doc IS NOT NULL AND doc NOT IN (SELECT sha256 FROM documents))" : "")
				   : NULL;
		if (q)
			buf_adds(&sql, q);
		sqlite3_free(q);
		sqlite3_free(ca);
		sqlite3_free(tables[i]);
	}
	buf_adds(&sql, "COMMIT;");
	if (sqlite3_exec(mem, buf_str(&sql), NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	/* the resolved layer again, from what was published by then */
	{
		int bad = 0;
		buf_reset(&sql);
		buf_adds(&sql, sqlite3_db_filename(db, "main"));
		while (sql.len && sql.data[sql.len - 1] != '/')
			sql.len--;
		buf_adds(&sql, "sites.conf");
		if (sqlite3_exec(mem, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
		    identity_refresh(mem, access(buf_str(&sql), R_OK) ? NULL : buf_str(&sql), 1, &bad) ||
		    sqlite3_exec(mem, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
	}
	buf_release(&sql);
	return mem;
fail:
	gw_error("--as-of: cannot rebuild the store as of %s: %s", date, mem ? sqlite3_errmsg(mem) : "out of memory");
	if (st)
		sqlite3_finalize(st);
	buf_release(&sql);
	sqlite3_close(mem);
	return NULL;
}
