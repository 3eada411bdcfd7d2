/* SQLite -> PostgreSQL (store/sync_sql.c): each rewrite gw-sync's replica makes of a view. */
#include <string.h>

#include "lib/buf.h"
#include "store/sync_sql.h"
#include "tap.h"

#include "lib/banned.h"

#define WHY_MAX 1024	/* why a statement cannot be translated */

static const char *rowid_of(void *arg, const char *table, size_t len)
{
	(void)arg;
	if (len == 9 && !strncmp(table, "documents", 9))
		return "id";
	return NULL;
}

/* 1 when sql translates to want exactly */
static int tr(const char *sql, const char *want)
{
	static const struct sqlpg_tables tables = { rowid_of, NULL };
	struct buf out = BUF_INIT(BUF_LIST_MAX), why = BUF_INIT(WHY_MAX);
	int r = !sqlpg_translate(sql, &tables, &out, &why) && !strcmp(buf_str(&out), want);

	if (!r)
		printf("# %s\n#  -> %s (%s)\n#  wanted %s\n", sql, buf_str(&out), buf_str(&why), want);
	buf_release(&out);
	buf_release(&why);
	return r;
}

static int refused(const char *sql, const char *why_want)
{
	struct buf out = BUF_INIT(BUF_LIST_MAX), why = BUF_INIT(WHY_MAX);
	int r = sqlpg_translate(sql, NULL, &out, &why) < 0 && strstr(buf_str(&why), why_want);

	buf_release(&out);
	buf_release(&why);
	return r;
}

int main(void)
{
	static const char view[] = "CREATE VIEW v(a, b) AS SELECT 1, 2";
	struct buf b = BUF_INIT(BUF_NAME_MAX);
	size_t start = 0;

	ok(tr("SELECT * FROM (SELECT a FROM t) WHERE a = 1", "SELECT * FROM (SELECT a FROM t) AS gw_d1 WHERE a = 1"),
	   "a derived table gets an alias");
	ok(tr("SELECT * FROM (SELECT a FROM t) x", "SELECT * FROM (SELECT a FROM t) x"),
	   "a derived table with an alias keeps it");
	ok(tr("SELECT a, (SELECT max(b) FROM u) FROM t", "SELECT a, (SELECT max(b) FROM u) FROM t"),
	   "a scalar subquery in the select list gets none");
	ok(tr("SELECT * FROM a JOIN b LEFT JOIN c ON c.x = a.x", "SELECT * FROM a JOIN b ON TRUE LEFT JOIN c ON c.x = a.x"),
	   "JOIN without ON: ON TRUE");
	ok(tr("SELECT 1 FROM t WHERE doc IN pdocs", "SELECT 1 FROM t WHERE doc IN (SELECT * FROM pdocs)"),
	   "x IN table: a subquery");
	ok(tr("SELECT a IS NOT b, a IS b, a IS NOT NULL FROM t",
	      "SELECT a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b, a IS NOT NULL FROM t"),
	   "IS NOT / IS between values: IS [NOT] DISTINCT FROM; IS NOT NULL kept");
	ok(tr("SELECT 1 FROM t WHERE phase LIKE 'by %' AND a == 2", "SELECT 1 FROM t WHERE phase ILIKE 'by %' AND a = 2"),
	   "LIKE is case-insensitive in SQLite: ILIKE; == is =");
	ok(tr("SELECT CAST(x AS INTEGER), CAST(y AS REAL), CAST(z AS TEXT) FROM t",
	      "SELECT sqlite_int(x), CAST(y AS double precision), CAST(z AS text) FROM t"),
	   "CAST AS INTEGER truncates as SQLite does (sqlite_int)");
	ok(tr("SELECT printf('%d of %s', n, name) FROM t", "SELECT printf('%d of %s', (n)::text, (name)::text) FROM t"),
	   "printf's arguments as text");
	ok(tr("SELECT date(d, '+1 day'), time(d), strftime('%w', d) FROM t",
	      "SELECT sqlite_date(d, '+1 day'), sqlite_time(d), strftime('%w', d) FROM t"),
	   "date() and time() are SQLite's (not PostgreSQL's casts)");
	ok(tr("SELECT iso, parser, count(*) FROM g GROUP BY iso", "SELECT iso, parser, count(*) FROM g GROUP BY iso, parser"),
	   "a column SQLite lets a GROUP BY leave bare is grouped");
	ok(tr("SELECT a, max(b, c) FROM t GROUP BY a", "SELECT a, max(b, c) FROM t GROUP BY a, max(b, c)"),
	   "max of two values is no aggregate");
	ok(tr("SELECT k AS kind, sum(n) FROM t GROUP BY kind", "SELECT k AS kind, sum(n) FROM t GROUP BY kind"),
	   "a GROUP BY naming an alias groups that column");
	ok(tr("SELECT group_concat(name, '; ') FROM (SELECT DISTINCT x.name FROM r x ORDER BY x.rk)",
	      "SELECT group_concat(name, '; ') FROM (SELECT x.name FROM r x GROUP BY x.name ORDER BY min(x.rk)) AS gw_d1"),
	   "SELECT DISTINCT ordered by a column not selected: GROUP BY, ordered by its least");
	ok(tr("SELECT row_number() OVER (PARTITION BY CASE WHEN a THEN c ELSE n END, p ORDER BY q) FROM t",
	      "SELECT row_number() OVER (PARTITION BY CASE WHEN a THEN (c)::text ELSE (n)::text END, p ORDER BY q) FROM t"),
	   "CASE results in PARTITION BY compared as text");
	ok(tr("SELECT sha256 FROM documents ORDER BY first_seen DESC, rowid DESC",
	      "SELECT sha256 FROM documents ORDER BY first_seen DESC, id DESC"),
	   "rowid: the table's INTEGER PRIMARY KEY");
	ok(tr("SELECT o.rowid FROM obs o JOIN documents d ON d.id = o.doc", "SELECT o.gw_row FROM obs o JOIN documents d ON d.id = o.doc"),
	   "rowid of a table with none of its own: gw_row");
	ok(refused("SELECT 1 FROM t WHERE name GLOB 'M*'", "GLOB"), "GLOB is refused, said");
	ok(refused("SELECT (1 FROM t", "parentheses"), "unbalanced parentheses are refused");
	ok(!sqlpg_view_select(view, &start) && !strcmp(&view[start], " SELECT 1, 2"), "the SELECT of a CREATE VIEW");
	ok(sqlpg_table_checks("CREATE TABLE t (a TEXT CHECK (a IN ('x', 'y')), b INTEGER, CHECK (b > 0))", &b) == 2 &&
	   !strcmp(buf_str(&b), "(a IN ('x', 'y'))\n(b > 0)"), "a table's CHECK constraints");
	buf_release(&b);
	return done();
}
