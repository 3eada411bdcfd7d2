#include "columns.h"

#include <stdio.h>
#include <string.h>

#include "lib/msg.h"

#include "lib/banned.h"

extern const char gw_columns_conf[];	/* schemas/columns.conf, compiled in */

/* The next blank-separated word of [*p, end): its start and length, *p moved past it. */
static size_t word(const char **p, const char *end, const char **w)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*w = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*p = s;
	return (size_t)(s - *w);
}

static int bad(int line, const char *what)
{
	gw_error("schemas/columns.conf: line %d: %s", line, what);
	return -1;
}

int columns_fill(sqlite3 *db)
{
	sqlite3_stmt *view = NULL, *alias = NULL, *col = NULL;
	const char *p = gw_columns_conf, *cur = NULL, *w;
	size_t curlen = 0, n;
	int line = 0, pos = 0, rc = -1;

	if (sqlite3_exec(db, "DELETE FROM views; DELETE FROM columns", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO views(view, description) VALUES (?1, ?2)", -1, &view, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO views(view, description, alias_of) VALUES (?1, 'the old name of ' ||"
			       " ?2 || ', kept as an alias for one release', ?2)", -1, &alias, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO columns(view, column, position, unit, meaning)"
			       " VALUES (?1, ?2, ?3, nullif(?4, '-'), ?5)", -1, &col, NULL)) {
		gw_error("%s: filling the views and columns tables: %s", sqlite3_db_filename(db, "main"),
			 sqlite3_errmsg(db));
		goto out;
	}
	while (*p) {
		const char *end = strchr(p, '\n'), *rest;
		sqlite3_stmt *st;
		if (!end)
			end = p + strlen(p);
		line++;
		n = word(&p, end, &w);
		if (!n || *w == '#') {
			p = *end ? end + 1 : end;
			continue;
		}
		if ((n == 4 && !memcmp(w, "view", 4)) || (n == 3 && !memcmp(w, "was", 3))) {
			int isview = n == 4;
			const char *name;
			size_t nl = word(&p, end, &name);
			rest = p;
			while (rest < end && (*rest == ' ' || *rest == '\t'))
				rest++;
			if (!nl || (isview ? rest == end : rest != end || !cur))
				goto malformed;
			st = isview ? view : alias;
			sqlite3_bind_text(st, 1, name, (int)nl, SQLITE_STATIC);
			if (isview) {
				sqlite3_bind_text(st, 2, rest, (int)(end - rest), SQLITE_STATIC);
				cur = name, curlen = nl, pos = 0;
			} else {
				sqlite3_bind_text(st, 2, cur, (int)curlen, SQLITE_STATIC);
			}
		} else {
			const char *unit;
			size_t ul = word(&p, end, &unit);
			rest = p;
			while (rest < end && (*rest == ' ' || *rest == '\t'))
				rest++;
			if (!cur || !ul || rest == end)
				goto malformed;
			st = col;
			sqlite3_bind_text(st, 1, cur, (int)curlen, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, w, (int)n, SQLITE_STATIC);
			sqlite3_bind_int(st, 3, ++pos);
			sqlite3_bind_text(st, 4, unit, (int)ul, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, rest, (int)(end - rest), SQLITE_STATIC);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			char msg[300];
			snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(db));
			sqlite3_reset(st);
			bad(line, msg);
			goto out;
		}
		sqlite3_reset(st);
		p = *end ? end + 1 : end;
	}
	rc = 0;
	goto out;
malformed:
	bad(line, "not 'view NAME description', 'was OLDNAME' or 'COLUMN UNIT meaning' under a view");
out:
	sqlite3_finalize(view);
	sqlite3_finalize(alias);
	sqlite3_finalize(col);
	return rc;
}
