/*
 * The sections read from the store's views: what changed, power (grid requests
 * and MW by basis), GPU rental prices, fabs. Each table is one query whose
 * columns are the table's, plus a last column listing the documents (sha256,
 * comma-separated) the row comes from.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../lib/msg.h"
#include "../lib/timeq.h"
#include "sections.h"

/* Runs sql (with ?1 bound to b1 and ?2 to b2 when not NULL) into t. Rows -> count, or -1. */
static int fill(struct report *r, sqlite3 *db, struct rtable *t, const char *sql, const char *b1, const char *b2)
{
	sqlite3_stmt *st;
	int rc, rows = 0;

	if (!t)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		gw_error("report: %s: %s", t->id, sqlite3_errmsg(db));
		return -1;
	}
	if (b1)
		sqlite3_bind_text(st, 1, b1, -1, SQLITE_STATIC);
	if (b2)
		sqlite3_bind_text(st, 2, b2, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int row = rt_row(r, t), c;
		for (c = 0; c < t->ncol; c++) {
			if (sqlite3_column_type(st, c) == SQLITE_NULL)
				continue;
			if (t->cols[c].fmt == CF_TEXT)
				rt_str(r, t, row, c, (const char *)sqlite3_column_text(st, c));
			else
				rt_num(t, row, c, sqlite3_column_double(st, c));
		}
		rt_cites(r, t, row, (const char *)sqlite3_column_text(st, t->ncol));
		rows++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("report: %s: %s", t->id, sqlite3_errmsg(db));
		return -1;
	}
	return rows;
}

static const struct rcol chg_cols[] = {
	{ "as_of", "date", CF_TEXT }, { "kind", "kind", CF_TEXT }, { "name", "name", CF_TEXT },
	{ "change", "change", CF_TEXT }, { "old_value", "was", CF_TEXT }, { "new_value", "now", CF_TEXT },
	{ "source", "source", CF_TEXT },
};

int sec_changes(struct report *r, sqlite3 *db)
{
	struct rsection *s = sec_new(r, SEC_CHANGES, "What changed since the previous quarter");
	struct rtable *t = rt_new(r, s, "changes", "Changes seen between loads of each source", chg_cols, 7);
	char first[11], last[11], pfirst[11], plast[11];
	int n;

	quarter_bounds(r->q, first, last);
	quarter_bounds(r->q - 1, pfirst, plast);
	/* since the end of the previous quarter, up to the end of this one */
	n = fill(r, db, t,
		 "SELECT substr(as_of, 1, 10), kind, coalesce(name, key), change, old_value, new_value, source,"
		 " coalesce(old_doc, '') || ',' || coalesce(new_doc, '')"
		 " FROM v_changes WHERE substr(as_of, 1, 10) > ?1 AND substr(as_of, 1, 10) <= ?2"
		 " ORDER BY CASE change WHEN 'new' THEN 0 WHEN 'status' THEN 1 WHEN 'mw' THEN 2 ELSE 3 END,"
		 " kind, as_of, name", plast, last);
	if (n < 0)
		return -1;
	if (n)
		sec_say(r, s, "%d changes after %s up to %s: new sites, phases and grid requests first, then "
			"status and MW changes.", n, plast, last);
	else
		sec_say(r, s, "No change recorded after %s up to %s.", plast, last);
	return 0;
}

/* Numbers of the first row of sql (?1 bound to b1 when not NULL) into v[0..n): NAN where NULL. 0 or -1. */
static int one_row(sqlite3 *db, const char *what, const char *sql, const char *b1, double *v, int n)
{
	sqlite3_stmt *st;
	int rc, i;

	for (i = 0; i < n; i++)
		v[i] = NAN;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		gw_error("report: %s: %s", what, sqlite3_errmsg(db));
		return -1;
	}
	if (b1)
		sqlite3_bind_text(st, 1, b1, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < n && i < sqlite3_column_count(st); i++)
			if (sqlite3_column_type(st, i) != SQLITE_NULL)
				v[i] = sqlite3_column_double(st, i);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		gw_error("report: %s: %s", what, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static const struct rcol load_q_cols[] = {
	{ "iso", "ISO", CF_TEXT }, { "quarter", "quarter", CF_TEXT }, { "requests", "requests", CF_COUNT },
	{ "mw", "MW", CF_MW }, { "requests_4q", "requests, year", CF_COUNT },
	{ "mw_4q", "MW, year", CF_MW }, { "change_4q", "vs year before", CF_CHANGE },
};
/* Chart data (reports/charts.c reads these keys: keep them): one row per ISO and quarter of request. */
static const struct rcol load_chart_cols[] = {
	{ "iso", "ISO", CF_TEXT }, { "quarter", "quarter", CF_TEXT }, { "requests", "requests", CF_COUNT },
	{ "mw", "MW requested", CF_MW },
};
static const struct rcol load_top_cols[] = {
	{ "project", "project", CF_TEXT }, { "iso", "ISO", CF_TEXT }, { "queue_id", "queue #", CF_TEXT },
	{ "mw", "MW", CF_MW }, { "status", "status", CF_TEXT }, { "location", "county, state", CF_TEXT },
	{ "requested", "queued", CF_TEXT },
};
static const struct rcol load_cov_cols[] = {
	{ "iso", "ISO", CF_TEXT }, { "loads", "lists loads", CF_TEXT },
	{ "load_requests", "load requests", CF_COUNT }, { "mw", "MW", CF_MW }, { "file", "file", CF_TEXT },
};
static const struct rcol supply_cols[] = {
	{ "iso", "ISO", CF_TEXT }, { "status", "status", CF_TEXT }, { "requests", "requests", CF_COUNT },
	{ "mw_generation", "generation MW", CF_MW }, { "mw_storage", "storage MW", CF_MW },
	{ "mw_hybrid", "hybrid MW", CF_MW }, { "mw_other", "other MW", CF_MW }, { "mw_total", "total MW", CF_MW },
};
static const struct rcol basis_cols[] = {
	{ "mw_basis", "basis", CF_TEXT }, { "status", "status", CF_TEXT },
	{ "figures", "figures", CF_COUNT }, { "mw", "MW as stated", CF_MW },
};

/* MW as the tables print them ("4,767.1"). */
static const char *mw_text(double v, char *out, size_t max)
{
	static const struct rcol c = { "mw", "MW", CF_MW };
	struct rcell x = { NULL, isnan(v) ? 0 : v, 0 };

	fmt_cell(&c, &x, out, max);
	return out;
}

/* Load requests with a queue date by the end of the report's quarter (?1), and its quarter's index. */
#define LOADS \
	"WITH l AS MATERIALIZED (SELECT iso, mw, doc, CAST(substr(requested, 1, 4) AS INTEGER) * 4 +" \
	" (CAST(substr(requested, 6, 2) AS INTEGER) - 1) / 3 AS qi FROM rep_grid" \
	" WHERE kind = 'load' AND requested IS NOT NULL AND requested <= ?1)," \
	" q AS (SELECT iso, qi, count(*) AS n, sum(mw) AS mw FROM l GROUP BY iso, qi) "
/* The MW of the load requests of q's ISO queued in the quarters q.qi - a to q.qi - b. */
#define LOAD_MW(a, b) "(SELECT sum(mw) FROM l WHERE l.iso = q.iso AND l.qi BETWEEN q.qi - " #a " AND q.qi - " #b ")"
/* v_grid_load_coverage over the section's copy of the requests: per ISO and document, what the file is. */
#define COVERAGE \
	"WITH c AS (SELECT g.iso, coalesce(d.name, d.url, 'document ' || substr(g.doc, 1, 12)) AS file, k.loads AS carries_loads, k.evidence," \
	" sum(g.kind = 'load') AS load_requests, sum(CASE WHEN g.kind = 'load' THEN g.mw END) AS load_mw, g.doc" \
	" FROM rep_grid g LEFT JOIN documents d ON d.sha256 = g.doc" \
	" LEFT JOIN grid_load_coverage k ON k.parser = d.parser GROUP BY g.iso, g.doc) "

#define NO_LOADS "no: generation queue"

/* Runs sql (statements) on db; 0, or -1 with a message naming what. */
static int exec_sql(sqlite3 *db, const char *what, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	gw_error("report: %s: %s", what, sqlite3_errmsg(db));
	return -1;
}

/* The section's opening paragraphs, from its tables: large loads first. tot: one_row of LOAD totals. */
static void power_say(struct report *r, struct rsection *s, const struct rtable *lq, const struct rtable *cov,
		      const struct rtable *sup, const double *tot)
{
	struct buf isos = BUF_INIT(4096), gen = BUF_INIT(4096);
	char m1[32], m2[32], m3[32];
	int i, k;

	for (i = 0; i < cov->nrows; i++) {
		const struct rcell *c = &cov->cells[(size_t)i * (size_t)cov->ncol];
		if (!c[0].s || !c[1].s)
			continue;
		if (!c[2].null && c[2].v > 0 && buf_printf(&isos, "%s%s", isos.len ? ", " : "", c[0].s))
			r->oom = 1;
		if (!strcmp(c[1].s, NO_LOADS) && buf_printf(&gen, "%s%s", gen.len ? ", " : "", c[0].s))
			r->oom = 1;
	}
	if (tot[0] > 0)
		sec_say(r, s, "%.0f large-load requests (%s MW) in the queues of %s: %.0f active (%s MW), %.0f in "
			"service (%s MW), %.0f withdrawn.", tot[0], mw_text(tot[1], m1, sizeof(m1)),
			isos.len ? buf_str(&isos) : "?", tot[5], mw_text(tot[6], m2, sizeof(m2)), tot[7],
			mw_text(tot[8], m3, sizeof(m3)), tot[2]);
	else
		sec_say(r, s, "No load request in the store.");
	/* per ISO, its latest quarter with a request (its first row): the rolling year to it */
	for (i = 0; i < lq->nrows; i++) {
		const struct rcell *c = &lq->cells[(size_t)i * (size_t)lq->ncol];
		int seen = 0;
		if (!c[0].s || !c[1].s)
			continue;
		for (k = 0; k < i && !seen; k++) {
			const char *iso = lq->cells[(size_t)k * (size_t)lq->ncol].s;
			seen = iso && !strcmp(iso, c[0].s);
		}
		if (seen)
			continue;
		if (!c[6].null)
			sec_say(r, s, "%s: %.0f load request%s for %s MW queued in the 4 quarters to %s (its latest "
				"quarter with one), %+.0f%% on the MW of the 4 quarters before.", c[0].s, c[4].v,
				c[4].v == 1 ? "" : "s", mw_text(c[5].v, m1, sizeof(m1)), c[1].s, 100 * (c[6].v - 1));
		else
			sec_say(r, s, "%s: %.0f load request%s for %s MW queued in the 4 quarters to %s (its latest "
				"quarter with one), none in the 4 quarters before.", c[0].s, c[4].v,
				c[4].v == 1 ? "" : "s", mw_text(c[5].v, m1, sizeof(m1)), c[1].s);
	}
	if (gen.len)
		sec_say(r, s, "The files of %s are generation interconnection queues: they list no load request "
			"at all, so their large loads are not known here (not zero); the table of files says what "
			"each is.", buf_str(&gen));
	if (sup->nrows)
		sec_say(r, s, "Supply: generation and storage requests in one table by ISO and status, withdrawn "
			"requests one line per ISO.");
	else
		sec_say(r, s, "No generation or storage request in the store.");
	buf_release(&isos);
	buf_release(&gen);
}

/* The power section's tables, from the TEMP copy rep_grid of v_grid_requests_current. */
static int power_tables(struct report *r, sqlite3 *db, struct rsection *s)
{
	struct rtable *lq, *lc, *lt, *cov, *sup, *b;
	sqlite3_stmt *st;
	char first[11], last[11];
	double tot[9];
	int rc;

	quarter_bounds(r->q, first, last);
	lq = rt_new(r, s, "large_loads", "Large-load requests by ISO and quarter of request", load_q_cols, 7);
	lc = rt_new(r, s, "large_loads_chart", "Large-load requests by ISO and quarter of request (chart data)",
		    load_chart_cols, 4);
	lt = rt_new(r, s, "largest_loads", "The largest load requests, withdrawn ones left out", load_top_cols, 7);
	cov = rt_new(r, s, "load_coverage", "Which ISO files carry load requests", load_cov_cols, 5);
	sup = rt_new(r, s, "grid_supply", "Generation and storage requests by ISO and status (MW requested)",
		     supply_cols, 8);
	b = rt_new(r, s, "mw_by_basis", "Datacenter capacity figures by basis and status (MW as stated; never summed "
		   "across bases)", basis_cols, 4);
	if (!lq || !lc || !lt || !cov || !sup || !b)
		return -1;
	lq->top = 8;
	lc->data_only = 1;
	lt->top = 10;

	/* large loads: the newest quarters first; growth is of a rolling year, as requests come a few a quarter */
	if (fill(r, db, lq, LOADS "SELECT q.iso, printf('%dQ%d', q.qi / 4, q.qi % 4 + 1), q.n, q.mw,"
		 " (SELECT count(*) FROM l WHERE l.iso = q.iso AND l.qi BETWEEN q.qi - 3 AND q.qi), " LOAD_MW(3, 0) ","
		 " " LOAD_MW(3, 0) " / " LOAD_MW(7, 4) ","
		 " (SELECT group_concat(DISTINCT doc) FROM l WHERE l.iso = q.iso AND l.qi BETWEEN q.qi - 7 AND q.qi)"
		 " FROM q ORDER BY q.qi DESC, q.mw DESC, q.iso", last, NULL) < 0 ||
	    fill(r, db, lc, LOADS "SELECT q.iso, printf('%dQ%d', q.qi / 4, q.qi % 4 + 1), q.n, q.mw,"
		 " (SELECT group_concat(DISTINCT doc) FROM l WHERE l.iso = q.iso AND l.qi = q.qi)"
		 " FROM q ORDER BY q.iso, q.qi", last, NULL) < 0)
		return -1;
	rt_note(r, lq, "A request counts in the quarter of its queue date (NYISO: Date of IR), whatever its "
		"status now. MW as requested: the utility basis (MW of service, or MVA), never IT load. Year: "
		"this quarter and the 3 before; the change compares its MW with the 4 quarters before them (a "
		"rolling year against the year before it; none when that year had no request).");
	if (one_row(db, "large loads", "SELECT count(*), sum(mw), sum(status = 'withdrawn'),"
		    " sum(CASE WHEN status = 'withdrawn' THEN mw END), sum(requested IS NULL),"
		    " sum(status = 'active'), sum(CASE WHEN status = 'active' THEN mw END),"
		    " sum(status IS 'operational'), sum(CASE WHEN status = 'operational' THEN mw END)"
		    " FROM rep_grid WHERE kind = 'load'", NULL, tot, 9))
		return -1;
	if (tot[4] > 0)
		rt_note(r, lq, "%.0f load requests state no queue date: they are in no quarter.", tot[4]);
	if (fill(r, db, lt, "SELECT coalesce(project, queue_id), iso, queue_id, mw, status,"
		 " CASE WHEN county IS NOT NULL AND state IS NOT NULL THEN county || ', ' || state"
		 " ELSE coalesce(county, state) END, requested, doc FROM rep_grid"
		 " WHERE kind = 'load' AND status <> 'withdrawn' ORDER BY mw IS NULL, mw DESC, requested, iso, queue_id",
		 NULL, NULL) < 0)
		return -1;
	if (tot[2] > 0) {
		char m[32];
		rt_note(r, lt, "Left out: %.0f withdrawn load request%s (%s MW).", tot[2], tot[2] == 1 ? "" : "s",
			mw_text(tot[3], m, sizeof(m)));
	}
	rt_note(r, lt, "Requests as the queues list them, not deduplicated: a project may file more than one (a "
		"load increase is a request of its own), and one campus may ask several utilities.");

	/* what each ISO's file is: stated (grid_load_coverage), never inferred from a count of zero */
	if (fill(r, db, cov, COVERAGE "SELECT iso, CASE carries_loads WHEN 1 THEN 'yes' WHEN 0 THEN"
		 " '" NO_LOADS "' ELSE 'not known' END, CASE WHEN carries_loads = 0 THEN NULL ELSE"
		 " load_requests END, load_mw, file, doc FROM c"
		 " ORDER BY carries_loads IS NULL, carries_loads DESC, load_requests DESC, iso, file", NULL, NULL) < 0)
		return -1;
	if (sqlite3_prepare_v2(db, COVERAGE "SELECT iso, file, evidence, load_requests FROM c"
			       " ORDER BY carries_loads IS NULL, carries_loads DESC, load_requests DESC, iso, file",
			       -1, &st, NULL) != SQLITE_OK) {
		gw_error("report: load_coverage: %s", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *iso = (const char *)sqlite3_column_text(st, 0);
		const char *file = (const char *)sqlite3_column_text(st, 1);
		const char *ev = (const char *)sqlite3_column_text(st, 2);
		if (ev)
			rt_note(r, cov, "%s (%s): %s.", iso ? iso : "?", file ? file : "?", ev);
		else
			rt_note(r, cov, "%s (%s): no parser that knows what its file holds read it; %d load "
				"requests in it.", iso ? iso : "?", file ? file : "?", sqlite3_column_int(st, 3));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("report: load_coverage: %s", sqlite3_errmsg(db));
		return -1;
	}

	/* supply: one compact table; withdrawn requests one line per ISO, after the others */
	if (fill(r, db, sup, "WITH o AS (SELECT iso, sum(CASE WHEN status = 'active' THEN mw END) AS amw FROM rep_grid"
		 " WHERE kind <> 'load' GROUP BY iso)"
		 " SELECT g.iso, g.status, count(*), sum(CASE WHEN kind = 'generation' THEN mw END),"
		 " sum(CASE WHEN kind = 'storage' THEN mw END), sum(CASE WHEN kind = 'hybrid' THEN mw END),"
		 " sum(CASE WHEN kind NOT IN ('generation', 'storage', 'hybrid') THEN mw END), sum(mw),"
		 " group_concat(DISTINCT g.doc) FROM rep_grid g JOIN o USING (iso) WHERE g.kind <> 'load'"
		 " GROUP BY g.iso, g.status ORDER BY g.status = 'withdrawn', o.amw IS NULL, o.amw DESC, g.iso,"
		 " CASE g.status WHEN 'active' THEN 0 WHEN 'suspended' THEN 1 WHEN 'operational' THEN 2 ELSE 3 END,"
		 " g.status", NULL, NULL) < 0)
		return -1;
	rt_note(r, sup, "ISOs in order of their active MW; withdrawn requests last, one line per ISO. Hybrid: "
		"several fuels, often solar with storage; other: NYISO's merchant transmission projects (AC, DC). "
		"Load requests are in the tables above.");

	if (fill(r, db, b,
		 "SELECT mw_basis, status, count(*), sum(mw), group_concat(DISTINCT doc) FROM v_capacity_current"
		 " GROUP BY mw_basis, status ORDER BY CASE mw_basis WHEN 'it' THEN 0 WHEN 'facility' THEN 1"
		 " WHEN 'utility' THEN 2 ELSE 3 END, CASE status WHEN 'operational' THEN 0"
		 " WHEN 'under_construction' THEN 1 WHEN 'permitted' THEN 2 WHEN 'announced' THEN 3"
		 " WHEN 'rumored' THEN 4 ELSE 5 END", NULL, NULL) < 0)
		return -1;
	power_say(r, s, lq, cov, sup, tot);
	return r->oom ? -1 : 0;
}

int sec_power(struct report *r, sqlite3 *db)
{
	struct rsection *s = sec_new(r, "power", "Power: large loads and the grid queues");
	int rc;

	/* the current requests once: every table reads them, and the view costs a pass over the history */
	if (exec_sql(db, "grid requests", "DROP TABLE IF EXISTS temp.rep_grid; CREATE TEMP TABLE rep_grid AS"
		     " SELECT iso, queue_id, project, kind, mw, status, county, state, requested, doc"
		     " FROM v_grid_requests_current"))
		return -1;
	rc = power_tables(r, db, s);
	if (exec_sql(db, "grid requests", "DROP TABLE temp.rep_grid"))
		rc = -1;
	return rc;
}

static const struct rcol price_cols[] = {
	{ "sku", "SKU", CF_TEXT }, { "term", "term", CF_TEXT }, { "tier", "tier", CF_TEXT },
	{ "period", "period", CF_TEXT }, { "median", "median $/GPU-h", CF_USD }, { "p25", "p25", CF_USD },
	{ "p75", "p75", CF_USD }, { "providers", "providers", CF_COUNT }, { "withheld", "withheld", CF_FLAG },
	{ "reason", "why withheld", CF_TEXT }, { "change", "change", CF_CHANGE },
};

/* Documents of the quotes behind an index row: the series' quotes observed in its period. */
#define PRICE_DOCS \
	" (SELECT group_concat(DISTINCT h.doc) FROM v_gpu_prices_history h WHERE h.sku = i.sku AND h.term = i.term" \
	"  AND h.tier = i.tier AND (substr(h.observed_at, 1, length(i.period)) = i.period" \
	"  OR (i.period LIKE '____Q_' AND substr(h.observed_at, 1, 4) || 'Q' ||" \
	"      ((CAST(substr(h.observed_at, 6, 2) AS INTEGER) + 2) / 3) = i.period)" \
	"  OR i.period LIKE '%W%'))"

static const struct rcol level_cols[] = {
	{ "sku", "SKU", CF_TEXT }, { "term", "term", CF_TEXT }, { "tier", "tier", CF_TEXT },
	{ "period", "period", CF_TEXT }, { "median", "median", CF_USD }, { "p25_p75", "p25-p75", CF_TEXT },
	{ "providers", "prov.", CF_COUNT }, { "change", "change", CF_CHANGE }, { "withheld", "withheld", CF_TEXT },
};

int sec_prices(struct report *r, sqlite3 *db)
{
	struct rsection *s = sec_new(r, "prices", "GPU rental prices");
	struct rtable *h, *t;
	char first[11], last[11], kind[16] = "";
	sqlite3_stmt *st;
	int n;

	quarter_bounds(r->q, first, last);
	/* one period kind for the whole section: the finest that has data (month, else quarter, week, day) */
	if (sqlite3_prepare_v2(db, "SELECT period_kind FROM v_price_index GROUP BY period_kind ORDER BY"
			       " CASE period_kind WHEN 'month' THEN 0 WHEN 'quarter' THEN 1 WHEN 'week' THEN 2 ELSE 3 END"
			       " LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		gw_error("report: v_price_index: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(kind, sizeof(kind), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	t = rt_new(r, s, "price_levels", "Latest index level by SKU, term and tier (USD per GPU-hour)", level_cols, 9);
	h = rt_new(r, s, "prices", "Price index by period", price_cols, 11);
	if (h)
		h->data_only = 1;
	r->price_hist = h;
	if (!kind[0]) {
		sec_say(r, s, "No price index in the store (v_price_index is empty).");
		return 0;
	}
	/* periods up to the end of the report's quarter: their text sorts before the day after it */
	if (fill(r, db, h, "SELECT sku, term, tier, period, median, p25, p75, providers, withheld, reason, change,"
		 PRICE_DOCS " FROM v_price_index i WHERE period_kind = ?1 AND period <= ?2"
		 " ORDER BY sku, term, tier, period", kind, last) < 0)
		return -1;
	n = fill(r, db, t, "SELECT sku, term, tier, period, median, CASE WHEN p25 IS NOT NULL THEN printf('%.2f-%.2f', p25, p75) END, providers, change,"
		 " CASE WHEN withheld THEN coalesce(replace(reason, 'withheld: ', ''), 'withheld') END,"
		 PRICE_DOCS " FROM v_price_index i WHERE period_kind = ?1 AND period = (SELECT max(period)"
		 " FROM v_price_index j WHERE j.sku = i.sku AND j.term = i.term AND j.tier = i.tier"
		 " AND j.period_kind = ?1 AND j.period <= ?2) ORDER BY sku, term, tier", kind, last);
	if (n < 0)
		return -1;
	for (int i = 0; i < t->nrows; i++) {
		const struct rcell *c = &t->cells[(size_t)i * (size_t)t->ncol];
		if (!c[8].null)
			rt_note(r, t, "%s %s %s %s withheld: %s.", c[0].s ? c[0].s : "?", c[1].s ? c[1].s : "?",
				c[2].s ? c[2].s : "?", c[3].s ? c[3].s : "?", c[8].s);
	}
	sec_say(r, s, "%d index series (period: %s). Each level is the median of the latest quote per provider in "
		"the period; change is chain-linked on the providers quoting in both periods. Spot and contract "
		"terms, and hyperscalers and marketplaces, are never pooled. A level quoted by too few providers "
		"is withheld, and the table says why.", n, kind);
	return 0;
}

/* Nodes print as the lists write them ("1.8", "3"): text. */
static const struct rcol fab_co_cols[] = {
	{ "company", "company", CF_TEXT }, { "fabs", "fabs", CF_COUNT }, { "operational", "operating", CF_COUNT },
	{ "building", "building", CF_COUNT }, { "no_status", "unstated", CF_COUNT },
	{ "node_nm", "best nm", CF_TEXT }, { "wspm", "wafers/mo", CF_COUNT }, { "wspm_fabs", "stated by", CF_COUNT },
};
static const struct rcol fab_cols[] = {
	{ "company", "company", CF_TEXT }, { "node_nm", "node nm", CF_TEXT }, { "status", "status", CF_TEXT },
	{ "fabs", "fabs", CF_COUNT }, { "wspm", "wafers/month", CF_COUNT }, { "names", "fabs named", CF_TEXT },
};
static const struct rcol fab_node_cols[] = {
	{ "node_nm", "node nm", CF_TEXT }, { "fabs", "fabs", CF_COUNT }, { "operational", "operating", CF_COUNT },
	{ "building", "building", CF_COUNT }, { "no_status", "unstated", CF_COUNT },
	{ "wspm", "wafers/month", CF_COUNT }, { "companies", "companies", CF_TEXT },
};
static const struct rcol fab_pkg_cols[] = {
	{ "company", "company", CF_TEXT }, { "name", "site", CF_TEXT }, { "city", "city", CF_TEXT },
	{ "country", "country", CF_TEXT }, { "status", "status", CF_TEXT }, { "lists", "lists", CF_TEXT },
};
static const struct rcol fab_cand_cols[] = {
	{ "company", "company", CF_TEXT }, { "name_a", "fab", CF_TEXT }, { "name_b", "perhaps the same as", CF_TEXT },
	{ "place", "place", CF_TEXT },
};
static const struct rcol fab_list_cols[] = {
	{ "fab_id", "fab", CF_COUNT }, { "company", "company", CF_TEXT }, { "name", "name", CF_TEXT },
	{ "kind", "kind", CF_TEXT }, { "status", "status", CF_TEXT }, { "node_nm", "node nm", CF_TEXT },
	{ "wafer_mm", "wafer mm", CF_COUNT }, { "wspm", "wafers/month", CF_COUNT }, { "city", "city", CF_TEXT },
	{ "country", "country", CF_TEXT }, { "lists", "lists", CF_TEXT }, { "names", "names", CF_TEXT },
};

/* The statuses of a fab that is not operating yet. */
#define BUILDING "('under_construction', 'permitted', 'announced', 'rumored')"
#define STATUS_ORDER(c) "CASE " c " WHEN 'operational' THEN 0 WHEN 'under_construction' THEN 1" \
	" WHEN 'permitted' THEN 2 WHEN 'announced' THEN 3 WHEN 'rumored' THEN 4 WHEN 'cancelled' THEN 6 ELSE 5 END"

/* The fab section's tables, from the TEMP copy rep_fabs of v_fabs. */
static int fab_tables(struct report *r, sqlite3 *db, struct rsection *s)
{
	struct rtable *co, *t, *nd, *pk, *cd, *ls;
	double v[9];
	int n;

	co = rt_new(r, s, "fabs_by_company", "Wafer fabs by company (each fab once, whatever lists name it)",
		    fab_co_cols, 8);
	t = rt_new(r, s, "fabs", "Wafer fabs by company, node and status", fab_cols, 6);
	nd = rt_new(r, s, "fabs_by_node", "Wafer fabs by node", fab_node_cols, 7);
	pk = rt_new(r, s, "fab_packaging", "Packaging, assembly and test sites (no wafers, no node)", fab_pkg_cols, 6);
	cd = rt_new(r, s, "fab_candidates", "Perhaps one fab, left apart: one company at one place, names that differ",
		    fab_cand_cols, 4);
	ls = rt_new(r, s, "fab_list", "Every fab, once", fab_list_cols, 12);
	if (!co || !t || !nd || !pk || !cd || !ls)
		return -1;
	co->top = 12;
	t->top = 25;
	nd->top = 12;
	cd->top = 10;
	ls->data_only = 1;
	n = fill(r, db, co, "WITH f AS (SELECT * FROM rep_fabs WHERE kind = 'wafer')"
		 " SELECT company, count(*), sum(status IS 'operational'), sum(coalesce(status IN " BUILDING ", 0)),"
		 " sum(status IS NULL), CASE WHEN min(node_nm) IS NOT NULL THEN printf('%g', min(node_nm)) END, sum(wspm), count(wspm), group_concat(docs)"
		 " FROM f GROUP BY company ORDER BY 2 DESC, sum(wspm) IS NULL, sum(wspm) DESC, company", NULL, NULL);
	if (n < 0)
		return -1;
	rt_note(r, co, "operating, building (under construction or planned), unstated: the fab's status (see above). "
		"best nm: the company's most advanced node. wafers/mo: the wafer starts per month the lists state, "
		"summed over the fabs that state them (stated by): a lower bound. Packaging sites are counted apart.");
	if (fill(r, db, t, "WITH f AS (SELECT * FROM rep_fabs WHERE kind = 'wafer' ORDER BY name),"
		 " c AS (SELECT company, count(*) AS n, sum(wspm) AS w FROM f GROUP BY company)"
		 " SELECT f.company, CASE WHEN f.node_nm IS NOT NULL THEN printf('%g', f.node_nm) END, coalesce(f.status, 'not stated'), count(*), sum(f.wspm),"
		 " group_concat(f.name, '; '), group_concat(f.docs) FROM f JOIN c USING (company)"
		 " GROUP BY f.company, f.node_nm, f.status ORDER BY c.n DESC, c.w IS NULL, c.w DESC, f.company,"
		 " f.node_nm IS NULL, f.node_nm, " STATUS_ORDER("f.status"), NULL, NULL) < 0)
		return -1;
	if (fill(r, db, nd, "WITH f AS (SELECT * FROM rep_fabs WHERE kind = 'wafer' ORDER BY company)"
		 " SELECT CASE WHEN node_nm IS NOT NULL THEN printf('%g', node_nm) ELSE 'none' END, count(*), sum(status IS 'operational'),"
		 " sum(coalesce(status IN " BUILDING ", 0)),"
		 " sum(status IS NULL), sum(wspm), (SELECT group_concat(company, ', ') FROM (SELECT DISTINCT company"
		 " FROM f g WHERE g.node_nm IS f.node_nm ORDER BY company)), group_concat(docs) FROM f"
		 " GROUP BY node_nm ORDER BY node_nm IS NULL, node_nm", NULL, NULL) < 0)
		return -1;
	rt_note(r, nd, "none: no node stated. A node of 0 nm in a list is no node (fabs.geojson gives 0 where it "
		"has none): such fabs are in that line.");
	if (fill(r, db, pk, "SELECT company, name, city, country_code, coalesce(status, 'not stated'), lists, docs"
		 " FROM rep_fabs WHERE kind = 'packaging' ORDER BY company, name", NULL, NULL) < 0)
		return -1;
	{
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, "SELECT name, kind_evidence FROM rep_fabs WHERE kind = 'packaging'"
				       " ORDER BY company, name", -1, &st, NULL) != SQLITE_OK) {
			gw_error("report: fab_packaging: %s", sqlite3_errmsg(db));
			return -1;
		}
		while (sqlite3_step(st) == SQLITE_ROW)
			if (sqlite3_column_text(st, 1))
				rt_note(r, pk, "%s.", (const char *)sqlite3_column_text(st, 1));
		sqlite3_finalize(st);
	}
	if (fill(r, db, cd, "WITH c AS (SELECT company, count(*) AS n FROM rep_fabs GROUP BY company)"
		 " SELECT x.company, x.name_a, x.name_b, replace(x.evidence, 'same company, ', ''),"
		 " x.doc_a || ',' || x.doc_b FROM v_fab_candidates x LEFT JOIN c USING (company) WHERE NOT x.refused"
		 " ORDER BY c.n DESC, x.company, x.name_a, x.name_b", NULL, NULL) < 0)
		return -1;
	rt_note(r, cd, "Fabs are joined only on a shared name (precision first): a campus and its lines "
		"(\"Pyeongtaek Campus\" beside \"P1\"), or two names of one fab, stay apart until an analyst says "
		"otherwise. Their counts above may hold such pairs twice.");
	if (fill(r, db, ls, "SELECT fab_id, company, name, kind, status, CASE WHEN node_nm IS NOT NULL THEN printf('%g', node_nm) END, wafer_mm, wspm, city, country_code,"
		 " lists, names, docs FROM rep_fabs ORDER BY company, name", NULL, NULL) < 0)
		return -1;

	if (one_row(db, "fabs", "WITH f AS (SELECT * FROM rep_fabs), m AS MATERIALIZED"
		    " (SELECT doc, fab_id, rule FROM v_fab_members) SELECT (SELECT count(*) FROM f), (SELECT count(*) FROM m),"
		    " (SELECT count(DISTINCT doc) FROM m), (SELECT count(*) FROM f WHERE lists LIKE '%,%'),"
		    " (SELECT count(*) FROM f WHERE kind = 'wafer'), (SELECT count(*) FROM f WHERE kind = 'packaging'),"
		    " (SELECT count(*) FROM f WHERE kind = 'wafer' AND status IS NULL),"
		    " (SELECT count(*) FROM f WHERE kind = 'wafer' AND wspm IS NOT NULL),"
		    " (SELECT count(DISTINCT fab_id) FROM m WHERE rule = 'name')", NULL, v, 9))
		return -1;
	if (!(v[0] > 0)) {
		sec_say(r, s, "No fab in the store.");
		return r->oom ? -1 : 0;
	}
	sec_say(r, s, "%.0f fabs from %.0f rows of %.0f documents, each fab once: rows of one company under one "
		"name at one place are one fab (a copy or snapshot of a list, or one fab named with and without its "
		"company). %.0f fabs are in more than one list, %.0f of them by name. %.0f wafer fabs and %.0f "
		"packaging, assembly or test sites, counted apart.", v[0], v[1], v[2], v[3], v[8], v[4], v[5]);
	sec_say(r, s, "A fab's status is the most complete its lists give: a stated status beats none, and of two "
		"stated, the one stated last. %.0f wafer fabs have no stated status (lists that give none). Wafer "
		"starts per month are stated for %.0f of the %.0f wafer fabs: the sums are of those only.", v[6], v[7],
		v[4]);
	if (cd->nrows)
		sec_say(r, s, "%d pairs of fabs of one company at one place have names that share nothing: left "
			"apart, and listed for review.", cd->nrows);
	return r->oom ? -1 : 0;
}

int sec_fabs(struct report *r, sqlite3 *db)
{
	struct rsection *s = sec_new(r, "fabs", "Fabs");
	int rc;

	/* every fab once: each table reads them */
	if (exec_sql(db, "fabs", "DROP TABLE IF EXISTS temp.rep_fabs; CREATE TEMP TABLE rep_fabs AS SELECT * FROM v_fabs"))
		return -1;
	rc = fab_tables(r, db, s);
	if (exec_sql(db, "fabs", "DROP TABLE temp.rep_fabs"))
		rc = -1;
	return rc;
}
