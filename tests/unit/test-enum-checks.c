/*
 * The record contract's closed lists are the store's CHECK constraints (migration 093): for
 * every kind, each F_ENUM field of store/spec.c has exactly one CHECK (field IN (...)) in its
 * obs_<kind> table, listing the same values in the same order, and the table has no CHECK that
 * is not one of those. Fails when a list changes on one side only.
 */
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "store/db.h"
#include "store/spec.h"
#include "store/sync_sql.h"
#include "tap.h"

#include "lib/banned.h"

/*
 * The values of check, "(COLUMN IN ('a', 'b', ...))", as "a,b,..." in vals, if its column is
 * col. Returns 1 if it is col's, 0 if another column's, -1 if it is not of that form.
 */
static int in_list(const char *check, const char *col, struct buf *vals)
{
	const char *p = check;
	size_t n = strlen(col);

	buf_reset(vals);
	if (*p++ != '(')
		return -1;
	if (strncmp(p, col, n) || strncmp(p + n, " IN (", 5)) {
		const char *in = strstr(p, " IN (");
		return in && !memchr(p, ' ', (size_t)(in - p)) ? 0 : -1;
	}
	for (p += n + 5;;) {
		const char *end;
		if (*p != '\'' || !(end = strchr(p + 1, '\'')))
			return -1;
		buf_printf(vals, "%s%.*s", vals->len ? "," : "", (int)(end - p - 1), p + 1);
		p = end + 1;
		if (!strcmp(p, "))"))
			return 1;
		if (strncmp(p, ", ", 2))
			return -1;
		p += 2;
	}
}

int main(void)
{
	sqlite3 *db = store_open(":memory:", 0);
	struct buf checks = BUF_INIT(1 << 16), vals = BUF_INIT(4096), want = BUF_INIT(4096);
	const struct kind *k;
	int i, enums = 0;

	ok(db != NULL, "an in-memory store with the migrations");
	if (!db)
		return done();
	for (k = gw_kinds; k->name; k++) {
		sqlite3_stmt *st;
		char table[64], *sql = NULL;
		int nchecks, mine = 0;
		const char *line, *nl;

		if (!strcmp(k->name, "reject"))	/* rejects are not observations */
			continue;
		snprintf(table, sizeof(table), "obs_%s", k->name);
		if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
				       -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				sql = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		ok(sql != NULL, "%s is a table of the store", table);
		if (!sql)
			continue;
		buf_reset(&checks);
		nchecks = sqlpg_table_checks(sql, &checks);
		for (i = 0; i < k->nfields; i++) {
			const struct field *f = &k->fields[i];
			const char *const *e;
			int found = 0, bad = 0;

			if (f->type != F_ENUM)
				continue;
			enums++;
			buf_reset(&want);
			for (e = f->enums; *e; e++)
				buf_printf(&want, "%s%s", want.len ? "," : "", *e);
			for (line = checks.len ? buf_str(&checks) : NULL; line && *line; line = nl ? nl + 1 : NULL) {
				char one[1024];
				nl = strchr(line, '\n');
				snprintf(one, sizeof(one), "%.*s", nl ? (int)(nl - line) : (int)strlen(line), line);
				switch (in_list(one, f->name, &vals)) {
				case 1:
					found++;
					if (strcmp(buf_str(&vals), buf_str(&want))) {
						printf("# %s.%s: CHECK lists %s, store/spec.c %s\n", table, f->name,
						       buf_str(&vals), buf_str(&want));
						bad = 1;
					}
					break;
				case -1:
					bad = 1;
					printf("# %s: a CHECK that is not COLUMN IN (...): %s\n", table, one);
					break;
				}
			}
			ok(found == 1 && !bad, "%s.%s: one CHECK, the values of store/spec.c in their order (%s)",
			   table, f->name, buf_str(&want));
			mine += found;
		}
		ok(nchecks == mine, "%s: every CHECK is of an enumerated field (%d CHECKs, %d of them)",
		   table, nchecks, mine);
		sqlite3_free(sql);
	}
	ok(enums == 9, "9 enumerated fields in the record contract (%d): a new one needs its CHECK", enums);
	buf_release(&checks);
	buf_release(&vals);
	buf_release(&want);
	store_close(db);
	return done();
}
