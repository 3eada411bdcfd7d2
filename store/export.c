#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/json.h"
#include "lib/msg.h"

#include "lib/banned.h"

static void csv_field(struct buf *b, const char *s, int n)
{
	int i;

	if (n > 0 && !memchr(s, ',', (size_t)n) && !memchr(s, '"', (size_t)n) && !memchr(s, '\r', (size_t)n) &&
	    !memchr(s, '\n', (size_t)n)) {
		buf_add(b, s, (size_t)n);
		return;
	}
	buf_addc(b, '"');	/* an empty text is "", told from NULL */
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

/* v in the fewest significant digits (up to 17) that read back to v exactly */
static void real(struct buf *b, double v)
{
	char t[40];
	int p;

	for (p = 15; p <= 17; p++) {
		snprintf(t, sizeof(t), "%.*g", p, v);
		if (strtod(t, NULL) == v)
			break;
	}
	buf_adds(b, t);
}

/* One view to path (through path.tmp): 0 or -1. */
#define VIEW_SQL_MAX 4096		/* SELECT * FROM one view */
#define CSV_ROW_MAX ((size_t)1 << 30)	/* one row of CSV text, any length */

static int one_csv(sqlite3 *db, const char *name, const char *path, long long *rows)
{
	struct buf sql = BUF_INIT(VIEW_SQL_MAX), line = BUF_INIT(CSV_ROW_MAX), tmp = BUF_INIT(BUF_PATH_MAX);
	sqlite3_stmt *st = NULL;
	FILE *f = NULL;
	int c, ncol, rc = -1, step, bad;
	const char *s;

	buf_adds(&sql, "SELECT * FROM \"");
	for (s = name; *s; s++) {
		if (*s == '"')
			buf_addc(&sql, '"');
		buf_addc(&sql, *s);
	}
	buf_addc(&sql, '"');
	buf_printf(&tmp, "%s.tmp", path);
	if (buf_error(&sql) || buf_error(&tmp)) {
		gw_error("%s: %s", path, buf_error(&tmp) ? "path too long (or out of memory)" : "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		gw_error("%s: %s", name, sqlite3_errmsg(db));
		goto out;
	}
	if (!(f = fopen(buf_str(&tmp), "w"))) {
		gw_error_errno("%s", buf_str(&tmp));
		goto out;
	}
	ncol = sqlite3_column_count(st);
	for (c = 0; c < ncol; c++) {
		const char *h = sqlite3_column_name(st, c);
		if (c)
			buf_addc(&line, ',');
		csv_field(&line, h ? h : "", h ? (int)strlen(h) : 0);
	}
	buf_adds(&line, "\r\n");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (c = 0; c < ncol; c++) {
			if (c)
				buf_addc(&line, ',');
			switch (sqlite3_column_type(st, c)) {
			case SQLITE_NULL:
				break;
			case SQLITE_INTEGER:
				buf_printf(&line, "%lld", (long long)sqlite3_column_int64(st, c));
				break;
			case SQLITE_FLOAT:
				real(&line, sqlite3_column_double(st, c));
				break;
			case SQLITE_BLOB: {
				const unsigned char *p = sqlite3_column_blob(st, c);
				int i, n = sqlite3_column_bytes(st, c);
				for (i = 0; i < n; i++)
					buf_printf(&line, "%02x", p[i]);
				break;
			}
			default:
				s = (const char *)sqlite3_column_text(st, c);
				csv_field(&line, s ? s : "", sqlite3_column_bytes(st, c));
			}
		}
		buf_adds(&line, "\r\n");
		if (buf_error(&line)) {
			gw_error("%s: row %lld is %s", path, *rows + 1, buf_strerror(&line));
			goto out;
		}
		if (line.len >= 1 << 16) {
			if (fwrite(line.data, 1, line.len, f) != line.len) {
				gw_error_errno("%s: cannot write", buf_str(&tmp));
				goto out;
			}
			buf_reset(&line);
		}
		++*rows;
	}
	if (step != SQLITE_DONE) {
		gw_error("%s: %s", name, sqlite3_errmsg(db));
		goto out;
	}
	if (buf_error(&line)) {	/* the header, when no row follows */
		gw_error("%s: the header is %s", path, buf_strerror(&line));
		goto out;
	}
	bad = line.len && fwrite(line.data, 1, line.len, f) != line.len;
	bad |= fclose(f) != 0;
	f = NULL;
	if (bad) {
		gw_error_errno("%s: cannot write", buf_str(&tmp));
		goto out;
	}
	if (rename(buf_str(&tmp), path)) {
		gw_error_errno("%s", path);
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	if (rc && tmp.len)
		remove(buf_str(&tmp));
	sqlite3_finalize(st);
	buf_release(&sql);
	buf_release(&line);
	buf_release(&tmp);
	return rc;
}

/* 1 if name is a table or view of the store */
static int exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int yes = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

static int export_named(sqlite3 *db, const char *dir, const char *name, long long *rows)
{
	struct buf path = BUF_INIT(BUF_PATH_MAX);
	int rc;

	if (!exists(db, name)) {
		gw_error("%s: no such view or table in the store", name);
		return -1;
	}
	if (!*name || strchr(name, '/') || name[0] == '.') {
		gw_error("%s: a name that cannot be a file name", name);
		return -1;
	}
	if (buf_printf(&path, "%s/%s.csv", dir, name)) {
		gw_error("%s/%s.csv: name too long", dir, name);
		return -1;
	}
	rc = one_csv(db, name, buf_str(&path), rows);
	buf_release(&path);
	return rc;
}

int export_csv(sqlite3 *db, const char *dir, char *const *names, int n, long long *rows)
{
	sqlite3_stmt *st = NULL;
	long long nrows = 0;
	int i, done = 0, failed = 0;

	if (mkdir(dir, 0777) && errno != EEXIST) {
		gw_error_errno("%s", dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (export_named(db, dir, names[i], &nrows))
			failed = 1;
		else
			done++;
	}
	if (!n) {
		/* the documented views (views, migration 080), else every v_* view */
		const char *sql = exists(db, "views")
			? "SELECT view FROM views WHERE alias_of IS NULL AND view IN"
			  " (SELECT name FROM sqlite_master WHERE type = 'view') ORDER BY view"
			: "SELECT name FROM sqlite_master WHERE type = 'view' AND name LIKE 'v\\_%' ESCAPE '\\'"
			  " ORDER BY name";
		int step;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
			gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
			return -1;
		}
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			if (export_named(db, dir, (const char *)sqlite3_column_text(st, 0), &nrows))
				failed = 1;
			else
				done++;
		}
		if (step != SQLITE_DONE) {
			gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
			failed = 1;
		}
		sqlite3_finalize(st);
	}
	if (rows)
		*rows = nrows;
	return failed ? -1 : done;
}

/*
 * The saved queries of the metadata. Datasette passes a parameter left empty
 * as '': each query says what it means then.
 */
static const struct {
	const char *name, *title, *description, *sql;
} queries[] = {
	{ "top_campuses", "Top campuses",
	  "The largest campuses by IT MW in a quarter (default: the current one), each campus once "
	  "(v_site_capacity): operational or under construction unless a status is given.",
	  "SELECT site, operator, country, state, quarter, round(mw_it, 1) AS mw_it, status, basis_stated,\n"
	  "       round(mw_stated, 1) AS mw_stated, disagree, doc, loc\n"
	  "FROM v_site_capacity\n"
	  "WHERE quarter = coalesce(nullif(:quarter, ''), strftime('%Y', 'now') || 'Q' ||\n"
	  "                         ((CAST(strftime('%m', 'now') AS INTEGER) + 2) / 3))\n"
	  "  AND mw_it IS NOT NULL\n"
	  "  AND (status = :status OR (:status = '' AND status IN ('operational', 'under_construction')))\n"
	  "ORDER BY v_site_capacity.mw_it DESC\n"
	  "LIMIT 50" },
	{ "capex_by_quarter", "Capex by quarter",
	  "Cash capex filed with the SEC by company and calendar quarter of the period's end (v_capex, "
	  "3-month periods; derived: a year-to-date figure less the previous one), in billions of USD.",
	  "SELECT strftime('%Y', period_end) || 'Q' || ((CAST(strftime('%m', period_end) AS INTEGER) + 2) / 3)\n"
	  "         AS quarter,\n"
	  "       company, round(usd / 1e9, 3) AS usd_bn, derived, form, period_start, period_end, doc\n"
	  "FROM v_capex\n"
	  "WHERE months = 3\n"
	  "ORDER BY quarter DESC, usd DESC" },
	{ "h100_price_by_month", "H100 rental price by month",
	  "The GPU rental price index of H100 SKU classes by month, tier and term (v_price_index, USD "
	  "per GPU-hour; a level is withheld when fewer than min_providers quote).",
	  "SELECT sku, tier, term, period AS month, median, p25, p75, providers, withheld, reason,\n"
	  "       round(100 * (change - 1), 1) AS change_pct\n"
	  "FROM v_price_index\n"
	  "WHERE sku LIKE 'h100%' AND period_kind = 'month'\n"
	  "ORDER BY sku, tier, term, period" },
	{ "large_loads_by_iso", "Large loads by ISO",
	  "Large-load interconnection requests (kind load) in the current queues, by ISO: how many and "
	  "their MW (utility basis), active ones apart. Only some ISO files list loads at all: "
	  "v_grid_load_coverage says which.",
	  "SELECT iso, count(*) AS requests, round(sum(mw), 1) AS mw, sum(status = 'active') AS active,\n"
	  "       round(sum(CASE WHEN status = 'active' THEN mw END), 1) AS active_mw,\n"
	  "       min(requested) AS first_requested, max(requested) AS last_requested\n"
	  "FROM v_grid_requests_current\n"
	  "WHERE kind = 'load'\n"
	  "GROUP BY iso\n"
	  "ORDER BY sum(mw) DESC" },
};

/* Units Datasette converts (with Pint); the others stay in the column's description. */
static int pint_unit(const char *u)
{
	static const char *const ok[] = { "MW", "W", "GB", "nm", "mm" };
	size_t i;

	for (i = 0; u && i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(u, ok[i]))
			return 1;
	return 0;
}

int export_datasette(sqlite3 *db, const char *dbname, struct buf *out)
{
	sqlite3_stmt *vs = NULL, *cs = NULL;
	struct buf desc = BUF_INIT(BUF_TEXT_MAX);
	struct jw w;
	size_t i;
	int rc = -1, step, units;

	if (sqlite3_prepare_v2(db, "SELECT view, description FROM views ORDER BY alias_of IS NOT NULL, view",
			       -1, &vs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT column, unit, meaning FROM columns WHERE view ="
			       " coalesce((SELECT alias_of FROM views WHERE view = ?1), ?1) ORDER BY position",
			       -1, &cs, NULL) != SQLITE_OK) {
		gw_error("%s: %s (a store before migration 080 has no views and columns tables: gw-load -d"
			 " migrates it)", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		goto out;
	}
	jw_init(&w, out);
	jw_obj_open(&w);
	jw_key(&w, "title");
	jw_strz(&w, "gigawatt: the build-out of AI compute");
	jw_key(&w, "description");
	jw_strz(&w, "Datacenters and their power, grid interconnection requests, permits, fabs, hyperscaler "
		"capex and GPU rental prices, each figure with the document it comes from (doc: its sha256 "
		"in the documents table; loc: where in it).");
	jw_key(&w, "databases");
	jw_obj_open(&w);
	jw_key(&w, dbname);
	jw_obj_open(&w);
	jw_key(&w, "tables");
	jw_obj_open(&w);
	while ((step = sqlite3_step(vs)) == SQLITE_ROW) {
		const char *view = (const char *)sqlite3_column_text(vs, 0);
		jw_key(&w, view);
		jw_obj_open(&w);
		const char *d = (const char *)sqlite3_column_text(vs, 1);
		jw_key(&w, "description");
		buf_reset(&desc);
		for (; d && *d; d++)
			if (*d != '*' && *d != '`')	/* the README's markdown: Datasette shows plain text */
				buf_addc(&desc, *d);
		jw_strz(&w, buf_msg(&desc));
		jw_key(&w, "columns");
		jw_obj_open(&w);
		sqlite3_bind_text(cs, 1, view, -1, SQLITE_TRANSIENT);
		units = 0;
		while ((step = sqlite3_step(cs)) == SQLITE_ROW) {
			const char *unit = (const char *)sqlite3_column_text(cs, 1);
			buf_reset(&desc);
			buf_adds(&desc, (const char *)sqlite3_column_text(cs, 2));
			if (unit)
				buf_printf(&desc, " (%s)", unit);
			jw_key(&w, (const char *)sqlite3_column_text(cs, 0));
			jw_strz(&w, buf_msg(&desc));
			units += pint_unit(unit);
		}
		jw_obj_close(&w);
		if (units) {
			sqlite3_reset(cs);
			jw_key(&w, "units");
			jw_obj_open(&w);
			while ((step = sqlite3_step(cs)) == SQLITE_ROW) {
				const char *unit = (const char *)sqlite3_column_text(cs, 1);
				if (!pint_unit(unit))
					continue;
				jw_key(&w, (const char *)sqlite3_column_text(cs, 0));
				jw_strz(&w, unit);
			}
			jw_obj_close(&w);
		}
		if (step != SQLITE_DONE)
			break;
		sqlite3_reset(cs);
		jw_obj_close(&w);
	}
	if (step != SQLITE_DONE) {
		gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		goto out;
	}
	/* every doc column is a foreign key to documents (migrations 071, 091): Datasette links
	 * a figure to its document, shown by its file name */
	jw_key(&w, "documents");
	jw_obj_open(&w);
	jw_key(&w, "description");
	jw_strz(&w, "Every document the figures come from: its sha256 (what each doc column holds, or "
		"its id in doc_id), where it was fetched (url), its file name, when first and last seen, "
		"and when it was published.");
	jw_key(&w, "label_column");
	jw_strz(&w, "name");
	jw_obj_close(&w);
	jw_obj_close(&w);
	jw_key(&w, "queries");
	jw_obj_open(&w);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		jw_key(&w, queries[i].name);
		jw_obj_open(&w);
		jw_key(&w, "title");
		jw_strz(&w, queries[i].title);
		jw_key(&w, "description");
		jw_strz(&w, queries[i].description);
		jw_key(&w, "sql");
		jw_strz(&w, queries[i].sql);
		jw_obj_close(&w);
	}
	jw_obj_close(&w);
	jw_obj_close(&w);
	jw_obj_close(&w);
	jw_obj_close(&w);
	buf_addc(out, '\n');
	if (w.err || buf_error(out)) {
		gw_error("metadata: %s", buf_error(out) ? buf_strerror(out) : "out of memory");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(vs);
	sqlite3_finalize(cs);
	buf_release(&desc);
	return rc;
}
