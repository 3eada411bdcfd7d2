#include "asof.h"

#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/msg.h"
#include "identity.h"

#include "lib/banned.h"

/* 1 if table t has a column named col. */
static int has_col(sqlite3 *db, const char *t, const char *col)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1, 'main') WHERE name = ?2", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* Tables the store derives from the others: rebuilt for the date, never filtered. */
static int derived(const char *t)
{
	return !strcmp(t, "doc_health") || !strcmp(t, "site_capacity");
}

int store_as_of(sqlite3 *db, const char *date)
{
	sqlite3_stmt *st = NULL;
	struct buf sql = BUF_INIT(BUF_LIST_MAX);
	int changed = 0, rc;

	/* every table: a TEMP view of the rows known on date */
	buf_printf(&sql, "CREATE TEMP VIEW documents AS SELECT * FROM main.documents"
		   " WHERE coalesce(published, substr(first_seen, 1, 10)) <= '%s';\n", date);
	if (sqlite3_prepare_v2(db, "SELECT name, sql FROM main.sqlite_schema WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite_%' AND name <> 'documents'"
			       " AND sql NOT LIKE 'CREATE VIRTUAL%'", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		int a = has_col(db, t, "as_of"), d = has_col(db, t, "doc"), di = has_col(db, t, "doc_id");
		if (derived(t)) {
			buf_printf(&sql, "CREATE TEMP TABLE \"%s\" AS SELECT * FROM main.\"%s\"%s;\n", t, t,
				   strcmp(t, "doc_health") ? " WHERE 0" : "");
			continue;
		}
		if (!a && !d && !di)
			continue;
		buf_printf(&sql, "CREATE TEMP VIEW \"%s\" AS SELECT * FROM main.\"%s\" WHERE %s%s%s;\n", t, t,
			   a ? "(as_of IS NULL OR substr(as_of, 1, 10) <= '" : "",
			   a ? date : "", a ? "')" : "");
		if ((d || di) && !buf_error(&sql)) {	/* append the document condition to the statement just written */
			sql.len -= 2;	/* ";\n" */
			if (di)	/* observations (071): their document by its id */
				buf_printf(&sql, "%sdoc_id IN (SELECT id FROM temp.documents);\n", a ? " AND " : "");
			else
				buf_printf(&sql, "%s(doc IS NULL OR doc IN (SELECT sha256 FROM temp.documents));\n",
					   a ? " AND " : "");
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		goto fail;
	/* every view again, in temp, so that its names find the views above */
	if (sqlite3_prepare_v2(db, "SELECT sql FROM main.sqlite_schema WHERE type = 'view'", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (v && !strncmp(v, "CREATE VIEW", 11))
			buf_printf(&sql, "CREATE TEMP VIEW%s;\n", v + 11);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (buf_error(&sql)) {
		gw_error("--as-of: the statements that read the store as of %s are %s", date, buf_strerror(&sql));
		buf_release(&sql);
		return -1;
	}
	if (rc != SQLITE_DONE || sql.len == 0 || sqlite3_exec(db, buf_str(&sql), NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	/* the snapshots current on date, and one figure per site and quarter from them */
	if (snapshots_refresh(db, &changed) || sitecap_build(db))
		goto fail;
	buf_release(&sql);
	return 0;
fail:
	gw_error("--as-of: cannot read the store as of %s: %s", date, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	buf_release(&sql);
	return -1;
}
