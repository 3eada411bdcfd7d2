/*
 * The sections read from the store's views: what changed, power (grid requests
 * and MW by basis), GPU rental prices, fabs. Each table is one query whose
 * columns are the table's, plus a last column listing the documents (sha256,
 * comma-separated) the row comes from.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"
#include "lib/msg.h"
#include "sections.h"

#include "lib/banned.h"

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
	{ "as_of", "date", CF_TEXT }, { "name", "name", CF_TEXT }, { "change", "change", CF_TEXT },
	{ "mw", "MW", CF_MW }, { "source", "source", CF_TEXT },
};

/* The MW a change is about, for its order: the new (or removed) figure, or the size of an MW change. */
#define CHANGE_MW \
	" CASE WHEN change = 'mw' THEN abs(CAST(new_value AS REAL) - CAST(old_value AS REAL))" \
	" ELSE CAST(replace(substr(coalesce(new_value, old_value), instr(coalesce(new_value, old_value), ' ') + 1)," \
	" ' MW', '') AS REAL) END"
/* statuses as the capacity tables say them */
#define ST(x) "replace(replace(" x ", 'under_construction', 'building'), '_', ' ')"
/* the status part of a value ("operational 369 MW" -> "operational"), and its MW */
#define VST(x) "rtrim(replace(" x ", coalesce(substr(" x ", instr(" x ", ' ') + 1), ''), ''))"
#define VMW(x) "CAST(replace(substr(" x ", instr(" x ", ' ') + 1), ' MW', '') AS REAL)"
/* one line per change: "new (operational)", "gone (building)", "276 -> 946", "building -> operational";
 * MW: the new figure, minus the one gone, or the change */
#define CHANGE_COLS \
	" SELECT substr(as_of, 1, 10), coalesce(name, key)," \
	" CASE change WHEN 'new' THEN 'new (' || " ST(VST("new_value")) " || ')'" \
	" WHEN 'removed' THEN 'gone (' || " ST(VST("old_value")) " || ')'" \
	" WHEN 'status' THEN " ST("coalesce(old_value, '?')") " || ' -> ' || " ST("coalesce(new_value, '?')") \
	" ELSE coalesce(old_value, '?') || ' -> ' || coalesce(new_value, '?') END," \
	" CASE change WHEN 'mw' THEN CAST(new_value AS REAL) - CAST(old_value AS REAL)" \
	" WHEN 'new' THEN " VMW("new_value") " WHEN 'removed' THEN -" VMW("old_value") " END, source," \
	" coalesce(old_doc, '') || ',' || coalesce(new_doc, '') FROM v_changes"
/* the changes to campuses and requests as they are first, projections after; largest first */
#define CHANGE_ORDER \
	" ORDER BY substr(as_of, 1, 10) DESC, name LIKE '% / projection', " CHANGE_MW " DESC, kind, name"

static int one_row(sqlite3 *db, const char *what, const char *sql, const char *b1, double *v, int n);

int section_changes(struct report *r, sqlite3 *db)
{
	struct rsection *s = section_new(r, SECTION_CHANGES, "What changed since the previous quarter");
	struct rtable *t = rt_new(r, s, "changes", "Changes between the two latest snapshots of each source", chg_cols, 5);
	char first[11], last[11], pfirst[11], plast[11];
	int n;

	if (t) {
		t->top = 25;
		t->other_col = 2;	/* "other (N)" under the names */
	}
	quarter_bounds(r->q, first, last);
	quarter_bounds(r->q - 1, pfirst, plast);
	/* published after the end of the previous quarter, up to the end of this one */
	n = fill(r, db, t, CHANGE_COLS " WHERE substr(as_of, 1, 10) > ?1 AND substr(as_of, 1, 10) <= ?2"
		 CHANGE_ORDER, plast, last);
	if (n < 0)
		return -1;
	if (n) {
		section_say(r, s, "%d changes published after %s up to %s, between the two latest snapshots of each "
			    "source: campuses and requests as they stand first, largest first, then projections; MW: the figure "
			    "new, minus the one gone, or the change.", n, plast, last);
		return 0;
	}
	/* nothing new this quarter: the latest changes of each source, with their dates */
	n = fill(r, db, t, CHANGE_COLS " WHERE substr(as_of, 1, 10) <= ?2" CHANGE_ORDER, plast, last);
	if (n < 0)
		return -1;
	if (n) {
		struct buf when = BUF_INIT(BUF_NAME_MAX);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, "SELECT source || ' (' || substr(max(as_of), 1, 10) || ')' FROM v_changes"
				       " WHERE substr(as_of, 1, 10) <= ?1 GROUP BY source ORDER BY source", -1, &st,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, last, -1, SQLITE_STATIC);
			while (sqlite3_step(st) == SQLITE_ROW)
				buf_printf(&when, "%s%s", when.len ? ", " : "", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		section_say(r, s, "No source in the store published a new snapshot after %s. The latest changes of "
			    "each source, between its two latest snapshots, are listed instead (%d; their newer snapshot: "
			    "%s): campuses and requests as they stand first, largest first, then projections; MW: the figure "
			    "new, minus the one gone, or the change.",
			    plast, n, buf_msg(&when));
		buf_release(&when);
	} else {
		double held = NAN;
		if (one_row(db, "held-back snapshots", "SELECT count(*) FROM v_snapshots WHERE NOT healthy AND NOT accepted",
			    NULL, &held, 1))
			return -1;
		if (held > 0)
			section_say(r, s, "No change recorded up to %s: no source has two healthy snapshots in the store yet "
				    "(%.0f held back as unhealthy are compared with nothing until accepted; the headline "
				    "names them).", last, held);
		else
			section_say(r, s, "No change recorded up to %s: no source has two snapshots in the store yet.", last);
	}
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
	{ "campuses", "campuses", CF_COUNT }, { "mw", "MW as stated", CF_MW },
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
	struct buf isos = BUF_INIT(BUF_NAME_MAX), gen = BUF_INIT(BUF_NAME_MAX);
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
		section_say(r, s, "%.0f large-load requests (%s MW) in the queues of %s: %.0f active (%s MW), %.0f in "
			    "service (%s MW), %.0f withdrawn.", tot[0], mw_text(tot[1], m1, sizeof(m1)),
			    isos.len ? buf_str(&isos) : "?", tot[5], mw_text(tot[6], m2, sizeof(m2)), tot[7],
			    mw_text(tot[8], m3, sizeof(m3)), tot[2]);
	else
		section_say(r, s, "No load request in the store.");
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
			section_say(r, s, "%s: %.0f load request%s for %s MW queued in the 4 quarters to %s (its latest "
				    "quarter with one), %+.0f%% on the MW of the 4 quarters before.", c[0].s, c[4].v,
				    c[4].v == 1 ? "" : "s", mw_text(c[5].v, m1, sizeof(m1)), c[1].s, 100 * (c[6].v - 1));
		else
			section_say(r, s, "%s: %.0f load request%s for %s MW queued in the 4 quarters to %s (its latest "
				    "quarter with one), none in the 4 quarters before.", c[0].s, c[4].v,
				    c[4].v == 1 ? "" : "s", mw_text(c[5].v, m1, sizeof(m1)), c[1].s);
	}
	if (gen.len)
		section_say(r, s, "The files of %s are generation interconnection queues: they list no load request "
			    "at all, so their large loads are not known here (not zero); the table of files says what "
			    "each is.", buf_str(&gen));
	if (sup->nrows)
		section_say(r, s, "Supply: generation and storage requests in one table by ISO and status, withdrawn "
			    "requests one line per ISO.");
	else
		section_say(r, s, "No generation or storage request in the store.");
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
	b = rt_new(r, s, "mw_by_basis", "Datacenter capacity by basis and status, each campus once (MW as stated; "
		   "never summed across bases)", basis_cols, 4);
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

	/*
	 * Each campus once per basis: its figure in the report's quarter (v_site_capacity, which
	 * keeps each basis's part as stated), else the first a figure dates it; a basis not said
	 * never enters v_site_capacity, so those campuses take their largest current figure.
	 */
	if (fill(r, db, b,
		 "WITH p AS (SELECT site_id, coalesce(max(CASE WHEN quarter <= ?1 THEN quarter END), min(quarter)) AS q"
		 "  FROM v_site_capacity GROUP BY site_id),"
		 " c AS MATERIALIZED (SELECT c.* FROM v_site_capacity c JOIN p ON p.site_id = c.site_id AND p.q = c.quarter),"
		 " f AS (SELECT 'it' AS basis, status, site_id, it_stated AS mw, doc FROM c"
		 "  WHERE it_stated > 0 OR basis_stated = 'it'"
		 " UNION ALL SELECT 'facility', status, site_id, facility_stated, doc FROM c"
		 "  WHERE facility_stated > 0 OR basis_stated = 'facility'"
		 " UNION ALL SELECT 'utility', status, site_id, utility_stated, doc FROM c"
		 "  WHERE utility_stated > 0 OR basis_stated = 'utility'"
		 " UNION ALL SELECT 'unknown', status, coalesce(site_id, doc || loc), max(mw), doc FROM v_capacity_current"
		 "  WHERE mw_basis = 'unknown' AND site_id NOT IN (SELECT site_id FROM p)"
		 "  GROUP BY coalesce(site_id, doc || loc), status)"
		 " SELECT basis, status, count(DISTINCT site_id), sum(mw), group_concat(DISTINCT doc) FROM f"
		 " GROUP BY basis, status ORDER BY CASE basis WHEN 'it' THEN 0 WHEN 'facility' THEN 1"
		 " WHEN 'utility' THEN 2 ELSE 3 END, CASE status WHEN 'operational' THEN 0"
		 " WHEN 'under_construction' THEN 1 WHEN 'permitted' THEN 2 WHEN 'announced' THEN 3"
		 " WHEN 'rumored' THEN 4 ELSE 5 END", r->quarter, NULL) < 0)
		return -1;
	{
		double fig[2];
		if (one_row(db, "capacity figures", "SELECT count(*), count(DISTINCT site_id) FROM v_capacity_current",
			    NULL, fig, 2))
			return -1;
		rt_note(r, b, "Each campus once in a basis: its figure in %s (the most specific source, the newest "
			"first: v_site_capacity), with that figure's status, or the first figure of a campus none dates "
			"by then; a campus whose phases are stated in two bases is in both, each part as stated. "
			"Campuses with no figure in a basis a document says: by their largest figure. Every figure as "
			"its document states it (%.0f current figures of %.0f campuses: a list's and a timeline's "
			"figure of one campus are two) is in v_capacity_current.", r->quarter, fig[0], fig[1]);
	}
	power_say(r, s, lq, cov, sup, tot);
	return r->oom ? -1 : 0;
}

int section_power(struct report *r, sqlite3 *db)
{
	struct rsection *s = section_new(r, "power", "Power: large loads and the grid queues");
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

/* Short labels: the table fits 100 columns of text with a withheld series' "one provider: aws". */
static const struct rcol level_cols[] = {
	{ "sku", "SKU", CF_TEXT }, { "term", "term", CF_TEXT }, { "tier", "tier", CF_TEXT },
	{ "period", "period", CF_TEXT }, { "median", "median", CF_USD }, { "p25_p75", "p25-p75", CF_TEXT },
	{ "providers", "n", CF_COUNT }, { "change", "chg", CF_CHANGE }, { "withheld", "withheld", CF_TEXT },
};

/*
 * One row per provider series (provider, SKU, term, region): its first and last quote, its
 * changes, the date and size of the last one. Its first and last days are price_lines' first
 * and last points: with them the table would not fit 100 columns of text.
 */
static const struct rcol series_cols[] = {
	{ "sku", "SKU", CF_TEXT }, { "term", "term", CF_TEXT }, { "tier", "tier", CF_TEXT },
	{ "provider", "provider", CF_TEXT }, { "first_price", "first", CF_USD }, { "last_price", "last", CF_USD },
	{ "changes", "chg", CF_COUNT }, { "last_change_date", "changed on", CF_TEXT },
	{ "last_change", "size", CF_CHANGE },
};
enum { SER_SKU, SER_TERM, SER_TIER, SER_PROVIDER, SER_FIRST, SER_LAST, SER_CHANGES, SER_CHANGED, SER_SIZE };

/* Chart data: the step line of each provider series (its first quote, each change, its last day). */
static const struct rcol line_cols[] = {
	{ "sku", "SKU", CF_TEXT }, { "term", "term", CF_TEXT }, { "tier", "tier", CF_TEXT },
	{ "provider", "provider", CF_TEXT }, { "date", "date", CF_TEXT }, { "price", "USD/GPU-h", CF_USD },
};

/* Chart data: the index by period, at the chart's period kind. */
static const struct rcol ichart_cols[] = {
	{ "sku", "SKU", CF_TEXT }, { "term", "term", CF_TEXT }, { "tier", "tier", CF_TEXT },
	{ "period", "period", CF_TEXT }, { "median", "median", CF_USD }, { "p25", "p25", CF_USD },
	{ "p75", "p75", CF_USD }, { "providers", "providers", CF_COUNT }, { "withheld", "withheld", CF_FLAG },
};

/*
 * The index is read several times (levels, history, chart), and v_price_index is computed
 * whenever it is read (40 s on the benchmark's store): the section reads it once into
 * report_price_index, with each period's first and last day (ps, pe) from its label
 * (2025-10-19, 2025-W44 = the ISO week from Monday 2025-10-27, 2025-11, 2025Q4).
 */
#define PRICE_PS \
	"CASE period_kind WHEN 'day' THEN period WHEN 'month' THEN period || '-01'" \
	" WHEN 'quarter' THEN printf('%s-%02d-01', substr(period, 1, 4), (CAST(substr(period, 6) AS INTEGER) - 1) * 3 + 1)" \
	" ELSE date(substr(period, 1, 4) || '-01-04', '-' || ((CAST(strftime('%w', substr(period, 1, 4) || '-01-04')" \
	" AS INTEGER) + 6) % 7) || ' days', '+' || ((CAST(substr(period, 7) AS INTEGER) - 1) * 7) || ' days') END"
#define PRICE_PE \
	"CASE period_kind WHEN 'day' THEN ps WHEN 'week' THEN date(ps, '+6 days')" \
	" WHEN 'month' THEN date(ps, '+1 month', '-1 day') ELSE date(ps, '+3 months', '-1 day') END"

/* Documents of the quotes behind an index row i: every document quoting the series in the period. */
#define PRICE_DOCS \
	" (SELECT group_concat(DISTINCT doc) FROM (SELECT d.sha256 AS doc FROM obs_gpu_price o" \
	"  JOIN gpu_price_sightings s ON s.price = o.id JOIN documents d ON d.id = s.doc_id" \
	"  WHERE o.sku = i.sku AND o.term = i.term AND o.tier = i.tier AND o.usd_per_gpu_hour > 0" \
	"  AND date(s.first_observed) <= i.pe AND date(s.last_observed) >= i.ps ORDER BY o.id, d.sha256))"

#define PRICE_NCOL(cols) ((int)(sizeof(cols) / sizeof((cols)[0])))

/* The finest period kind whose published levels fit a chart; more periods than this: a coarser one. */
#define PRICE_CHART_PERIODS 100

static sqlite3_stmt *price_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		gw_error("prices: %s", sqlite3_errmsg(db));
		return NULL;
	}
	return st;
}

static const char *col_text(sqlite3_stmt *st, int c)
{
	const char *s = (const char *)sqlite3_column_text(st, c);

	return s ? s : "";
}

/*
 * The period kinds to use, "" when no period of the index ends by last (only periods that end
 * by the report's last day count: a week across it has quotes from after it). kind, for the levels and the
 * history: month, else quarter, week, day. ckind, for the chart: the finest kind with at most
 * PRICE_CHART_PERIODS periods of published levels (the corpus's two weeks of tracker quotes are
 * 15 days, two months), counting only kinds with published levels when there are any (a chart
 * of withheld levels draws nothing), else the coarsest. 0 or -1.
 */
static int price_kinds(sqlite3 *db, const char *last, char kind[16], char ckind[16])
{
	static const char *const finest[] = { "day", "week", "month", "quarter" };
	static const int pref[] = { 2, 3, 1, 0 };	/* kind: month, quarter, week, day */
	sqlite3_stmt *st = price_prepare(db,
		"SELECT count(DISTINCT CASE WHEN NOT withheld THEN period END), count(DISTINCT period)"
		" FROM report_price_index WHERE period_kind = ?1 AND pe <= ?2");
	int published[4], all[4], anyp = 0, k;

	if (!st)
		return -1;
	kind[0] = ckind[0] = 0;
	for (k = 0; k < 4; k++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, finest[k], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, last, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			gw_error("prices: %s", sqlite3_errmsg(db));
			sqlite3_finalize(st);
			return -1;
		}
		published[k] = sqlite3_column_int(st, 0);
		all[k] = sqlite3_column_int(st, 1);
		anyp |= published[k] > 0;
	}
	sqlite3_finalize(st);
	for (k = 0; k < 4; k++) {
		int n = anyp ? published[k] : all[k];
		if (!n)
			continue;
		snprintf(ckind, 16, "%s", finest[k]);	/* the coarsest so far, when none fits */
		if (n <= PRICE_CHART_PERIODS)
			break;
	}
	for (k = 0; k < 4 && !kind[0]; k++)
		if (all[pref[k]])
			snprintf(kind, 16, "%s", finest[pref[k]]);
	return 0;
}

/* A provider series being read (price_lines): what its row in price_series needs at the end. */
struct pseries {
	int row;		/* in price_series */
	double last, prev_change, low, high;
	int changes;
	char last_change[16], last_day[16], point_day[16];
	char *docs;		/* of its last run */
};

static void series_point(struct report *r, struct rtable *ser, struct rtable *lines, const struct pseries *p,
			 const char *day, double px, const char *docs)
{
	int row = rt_row(r, lines), c;

	for (c = SER_SKU; c <= SER_PROVIDER; c++)	/* the same four first columns */
		rt_str(r, lines, row, c, ser->cells[(size_t)p->row * (size_t)ser->ncol + (size_t)c].s);
	rt_str(r, lines, row, 4, day);
	rt_num(lines, row, 5, px);
	rt_cites(r, lines, row, docs);
}

/* Closes series p: its last day on the line, its row's last quote and changes. */
static void series_end(struct report *r, struct rtable *ser, struct rtable *lines, struct pseries *p,
		       struct buf *ranges)
{
	const struct rcell *c = &ser->cells[(size_t)p->row * (size_t)ser->ncol];

	if (strcmp(p->last_day, p->point_day))
		series_point(r, ser, lines, p, p->last_day, p->last, p->docs);
	rt_num(ser, p->row, SER_LAST, p->last);
	rt_num(ser, p->row, SER_CHANGES, p->changes);
	if (p->changes) {
		rt_str(r, ser, p->row, SER_CHANGED, p->last_change);
		rt_num(ser, p->row, SER_SIZE, p->last / p->prev_change);
	}
	if (p->changes > 1 && buf_printf(ranges, "%s%s %s %s %.2f-%.2f (%d changes)", ranges->len ? "; " : "",
					 c[SER_PROVIDER].s ? c[SER_PROVIDER].s : "?", c[SER_SKU].s ? c[SER_SKU].s : "?",
					 c[SER_TERM].s ? c[SER_TERM].s : "?", p->low, p->high, p->changes))
		r->oom = 1;
	free(p->docs);
	p->docs = NULL;
	p->row = -1;
}

/*
 * price_series and price_lines from the runs of quotes (obs_gpu_price) up to last: per
 * provider series (provider, SKU, term and region; a region is named after the provider),
 * its first quote, each change (a run whose price differs from the run before it; a run of
 * the same USD price in another currency price is no change), and its last day (its last
 * observation, or last if later). Returns the number of series, or -1.
 */
static int price_lines(struct report *r, sqlite3 *db, struct rtable *ser, struct rtable *lines, const char *last)
{
	sqlite3_stmt *st = price_prepare(db,
		"WITH sk AS (SELECT sku, count(DISTINCT provider) AS n FROM obs_gpu_price GROUP BY sku)"
		" SELECT o.key, o.sku, o.term, o.tier, o.provider || CASE WHEN coalesce(o.region, '') <> ''"
		" THEN ' (' || o.region || ')' ELSE '' END, o.usd_per_gpu_hour, date(o.observed_at),"
		" min(date(coalesce(o.last_observed, o.observed_at)), ?1),"
		" (SELECT group_concat(DISTINCT doc) FROM (SELECT d.sha256 AS doc FROM gpu_price_sightings s"
		"  JOIN documents d ON d.id = s.doc_id WHERE s.price = o.id AND date(s.first_observed) <= ?1"
		"  ORDER BY d.sha256))"
		" FROM obs_gpu_price o JOIN sku_classes c ON c.sku = o.sku JOIN sk ON sk.sku = o.sku"
		" WHERE o.usd_per_gpu_hour > 0 AND date(o.observed_at) <= ?1"
		" ORDER BY sk.n DESC, o.sku, o.term, CASE o.tier WHEN 'hyperscaler' THEN 0 WHEN 'neocloud' THEN 1"
		" WHEN 'marketplace' THEN 2 ELSE 3 END, o.provider, o.region, o.key, o.observed_at,"
		" (SELECT sha256 FROM documents WHERE id = o.doc_id), o.loc");
	struct pseries p = { .row = -1 };
	struct buf key = BUF_INIT(BUF_TEXT_MAX), ranges = BUF_INIT(BUF_TEXT_MAX);
	int rc, n = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, last, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		double px = sqlite3_column_double(st, 5);
		const char *day = col_text(st, 6), *docs = col_text(st, 8);

		if (p.row < 0 || strcmp(buf_str(&key), col_text(st, 0))) {
			if (p.row >= 0)
				series_end(r, ser, lines, &p, &ranges);
			buf_reset(&key);
			if (buf_adds(&key, col_text(st, 0)) || (p.row = rt_row(r, ser)) < 0)
				goto oom;
			for (int c = SER_SKU; c <= SER_PROVIDER; c++)
				rt_str(r, ser, p.row, c, col_text(st, c + 1));
			rt_num(ser, p.row, SER_FIRST, px);
			p.low = p.high = px;
			p.changes = 0;
			p.point_day[0] = 0;
			series_point(r, ser, lines, &p, day, px, docs);
			snprintf(p.point_day, sizeof(p.point_day), "%s", day);
			n++;
		} else if (px != p.last) {
			p.changes++;
			p.prev_change = p.last;
			snprintf(p.last_change, sizeof(p.last_change), "%s", day);
			series_point(r, ser, lines, &p, day, px, docs);
			snprintf(p.point_day, sizeof(p.point_day), "%s", day);
		}
		p.last = px;
		p.low = fmin(p.low, px);
		p.high = fmax(p.high, px);
		snprintf(p.last_day, sizeof(p.last_day), "%s", col_text(st, 7));
		rt_cites(r, ser, p.row, docs);
		free(p.docs);
		if (!(p.docs = strdup(docs)))
			goto oom;
	}
	if (rc != SQLITE_DONE) {
		gw_error("prices: %s", sqlite3_errmsg(db));
		n = -1;
		goto out;
	}
	if (p.row >= 0)
		series_end(r, ser, lines, &p, &ranges);
	if (ranges.len)
		rt_note(r, ser, "Lines that changed more than once moved within: %s. A quote that is a provider's "
			"cheapest offer (as in the gpu-price-tracker feed) moves as offers come and go.", buf_str(&ranges));
	goto out;
oom:
	r->oom = 1;
	n = -1;
out:
	free(p.docs);
	buf_release(&key);
	buf_release(&ranges);
	sqlite3_finalize(st);
	return n;
}

/* Fills price_levels: the latest level of each series ending by last; a withheld one names the
 * providers that do quote, as the index takes them (each one's latest run in the period), and
 * a tier of one provider gives that provider's quote. 0 or -1. */
static int price_levels(struct report *r, sqlite3 *db, struct rtable *t, const char *kind, const char *last,
			int minp)
{
	sqlite3_stmt *st = price_prepare(db,
		"SELECT sku, term, tier, period, median, CASE WHEN p25 IS NOT NULL THEN printf('%.2f-%.2f', p25, p75) END,"
		" providers, change, withheld, reason, ps, pe," PRICE_DOCS
		" FROM report_price_index i WHERE period_kind = ?1 AND ps = (SELECT max(ps) FROM report_price_index j"
		" WHERE j.sku = i.sku AND j.term = i.term AND j.tier = i.tier AND j.period_kind = ?1 AND j.pe <= ?2)"
		" ORDER BY (SELECT count(DISTINCT provider) FROM obs_gpu_price x WHERE x.sku = i.sku) DESC, sku, term,"
		" CASE tier WHEN 'hyperscaler' THEN 0 WHEN 'neocloud' THEN 1 WHEN 'marketplace' THEN 2 ELSE 3 END");
	sqlite3_stmt *q = price_prepare(db,
		"SELECT provider, usd_per_gpu_hour FROM (SELECT o.provider, o.usd_per_gpu_hour, row_number() OVER"
		" (PARTITION BY o.provider ORDER BY o.observed_at DESC, o.usd_per_gpu_hour) AS rn FROM obs_gpu_price o"
		" WHERE o.sku = ?1 AND o.term = ?2 AND o.tier = ?3 AND o.usd_per_gpu_hour > 0"
		" AND date(o.observed_at) <= ?5 AND date(coalesce(o.last_observed, o.observed_at)) >= ?4)"
		" WHERE rn = 1 ORDER BY provider");
	struct buf names = BUF_INIT(BUF_TEXT_MAX), cell = BUF_INIT(BUF_TEXT_MAX), chg = BUF_INIT(BUF_TEXT_MAX);
	struct buf who = BUF_INIT(BUF_TEXT_MAX);
	int rc = -1, row, c, n, withheld = 0;

	if (!st || !q)
		goto out;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((row = rt_row(r, t)) < 0) {
			rc = -1;
			goto out;
		}
		for (c = 0; c < 8; c++) {
			if (sqlite3_column_type(st, c) == SQLITE_NULL)
				continue;
			if (t->cols[c].fmt == CF_TEXT)
				rt_str(r, t, row, c, col_text(st, c));
			else
				rt_num(t, row, c, sqlite3_column_double(st, c));
		}
		rt_cites(r, t, row, col_text(st, 12));
		if (!sqlite3_column_int(st, 8)) {
			/* published; its change may still be withheld (too few providers in both periods) */
			if (sqlite3_column_type(st, 9) != SQLITE_NULL &&
			    buf_printf(&chg, "%s%s %s %s %s: %s", chg.len ? "; " : "", col_text(st, 0), col_text(st, 1),
				       col_text(st, 2), col_text(st, 3), col_text(st, 9)))
				r->oom = 1;
			continue;
		}
		buf_reset(&names);
		buf_reset(&cell);
		sqlite3_reset(q);
		for (c = 0; c < 3; c++)
			sqlite3_bind_text(q, c + 1, col_text(st, c), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 4, col_text(st, 10), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 5, col_text(st, 11), -1, SQLITE_TRANSIENT);
		for (n = 0; (rc = sqlite3_step(q)) == SQLITE_ROW; n++)
			if (buf_printf(&names, "%s%s", n ? ", " : "", col_text(q, 0)) ||
			    (!n && buf_printf(&who, "%s %s %s %s %s:", who.len ? ";" : "", col_text(st, 0), col_text(st, 1),
					      col_text(st, 2), col_text(st, 3))) ||
			    buf_printf(&who, "%s %s at %.2f", n ? "," : "", col_text(q, 0), sqlite3_column_double(q, 1)))
				r->oom = 1;
		if (rc != SQLITE_DONE) {
			gw_error("prices: %s", sqlite3_errmsg(db));
			rc = -1;
			goto out;
		}
		if (n == 1)
			rc = buf_printf(&cell, "one provider: %s", buf_str(&names));
		else if (n > 1)
			rc = buf_printf(&cell, "%d providers", n);
		else	/* the index says so but no quote is found (a view replaced by hand) */
			rc = buf_adds(&cell, sqlite3_column_type(st, 9) == SQLITE_NULL ? "withheld" :
				      strncmp(col_text(st, 9), "withheld: ", 10) ? col_text(st, 9) : col_text(st, 9) + 10);
		if (rc)
			r->oom = 1;
		withheld++;
		rt_str(r, t, row, 8, buf_str(&cell));
	}
	if (rc != SQLITE_DONE) {
		gw_error("prices: %s", sqlite3_errmsg(db));
		rc = -1;
		goto out;
	}
	if (withheld)
		rt_note(r, t, "Withheld: fewer than min_providers (%d) providers quote in the period, so no level is "
			"published (docs/models.md 6).%s%s%s", minp, who.len ? " Those that do, with their quote:" : "",
			buf_str(&who), who.len ? ". Their lines are in the table above." : "");
	if (chg.len)
		rt_note(r, t, "%s.", buf_str(&chg));
	rc = 0;
out:
	buf_release(&names);
	buf_release(&who);
	buf_release(&cell);
	buf_release(&chg);
	sqlite3_finalize(st);
	sqlite3_finalize(q);
	return rc;
}

/* One number from sql with ?1 bound to b1 (when not NULL); def when there is none. */
static double price_scalar(sqlite3 *db, const char *sql, const char *b1, double def)
{
	sqlite3_stmt *st = price_prepare(db, sql);
	double v = def;

	if (!st)
		return def;
	if (b1)
		sqlite3_bind_text(st, 1, b1, -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			v = sqlite3_column_double(st, 0);
		break;
	case SQLITE_DONE:
		break;
	default:
		gw_error("prices: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return v;
}

struct pstep {
	double size;	/* |ln(after / before)| */
	int row;	/* in price_series */
};

/* The largest step first. */
static int by_size(const void *a, const void *b)
{
	double x = ((const struct pstep *)a)->size, y = ((const struct pstep *)b)->size;

	return (x < y) - (x > y);
}

/* The section's first paragraphs: the lines, where they come from, and their changes. 0 or -1. */
static int price_intro(struct report *r, sqlite3 *db, struct rsection *s, const struct rtable *ser,
		       const struct rtable *lines, int n, const char *last)
{
	sqlite3_stmt *st;
	struct buf b = BUF_INIT(BUF_TEXT_MAX);
	struct pstep *one = NULL;
	const char *lo = NULL, *hi = NULL;
	int i, k, np, nsku, none = 0, many = 0, rc = -1;

	if (!n) {
		section_say(r, s, "No GPU price quote in the store up to %s.", last);
		return 0;
	}
	for (i = 0; i < lines->nrows; i++) {
		const char *d = lines->cells[(size_t)i * (size_t)lines->ncol + 4].s;	/* date */
		if (d && (!lo || strcmp(d, lo) < 0))
			lo = d;
		if (d && (!hi || strcmp(d, hi) > 0))
			hi = d;
	}
	np = (int)price_scalar(db, "SELECT count(DISTINCT provider) FROM obs_gpu_price o JOIN sku_classes c"
			       " ON c.sku = o.sku WHERE o.usd_per_gpu_hour > 0 AND date(o.observed_at) <= ?1", last, 0);
	nsku = (int)price_scalar(db, "SELECT count(DISTINCT o.sku) FROM obs_gpu_price o JOIN sku_classes c"
				 " ON c.sku = o.sku WHERE o.usd_per_gpu_hour > 0 AND date(o.observed_at) <= ?1", last, 0);
	section_say(r, s, "%d provider line%s: %d provider%s quoting %d SKU class%s, from %s to %s, in USD per "
		    "GPU-hour (an instance's price over its GPUs). A line is one provider's quote for a SKU and term "
		    "(a region apart) from its first quote to its last observation, and changes only when the quoted "
		    "price does: its points are in price_lines (JSON, CSV).", n, n == 1 ? "" : "s", np,
		    np == 1 ? "" : "s", nsku, nsku == 1 ? "" : "es", lo ? lo : "?", hi ? hi : "?");
	/* where they come from, and how recent each document is: a year-old feed reads differently */
	if (!(st = price_prepare(db,
		"SELECT coalesce(d.name, substr(d.sha256, 1, 12)), min(date(s.first_observed)),"
		" min(max(date(s.last_observed)), ?1), count(DISTINCT o.key)"
		" FROM gpu_price_sightings s JOIN obs_gpu_price o ON o.id = s.price JOIN sku_classes c ON c.sku = o.sku"
		" JOIN documents d ON d.id = s.doc_id WHERE o.usd_per_gpu_hour > 0 AND date(s.first_observed) <= ?1"
		" GROUP BY d.sha256 ORDER BY 3 DESC, 2, 1")))
		goto out;
	sqlite3_bind_text(st, 1, last, -1, SQLITE_STATIC);
	for (k = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; k++)
		if (k < 6 && buf_printf(&b, "%s%s, %s to %s (%d line%s)", k ? "; " : "Quoted by ", col_text(st, 0),
					col_text(st, 1), col_text(st, 2), sqlite3_column_int(st, 3),
					sqlite3_column_int(st, 3) == 1 ? "" : "s"))
			r->oom = 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("prices: %s", sqlite3_errmsg(db));
		rc = -1;
		goto out;
	}
	if (k > 6 && buf_printf(&b, "; and %d more documents", k - 6))
		r->oom = 1;
	if (k)
		section_say(r, s, "%s.", buf_str(&b));
	k = (int)price_scalar(db, "SELECT count(*) FROM obs_gpu_price WHERE sku NOT IN (SELECT sku FROM sku_classes)"
			      " AND date(observed_at) <= ?1", last, 0);
	if (k)
		section_say(r, s, "%d quote%s of GPUs no SKU alias knows %s left out (v_gpu_sku_unknown lists them).", k,
			    k == 1 ? "" : "s", k == 1 ? "is" : "are");
	/* a line with one change is a step worth saying; one with more moves within a range (the note) */
	if (!(one = calloc((size_t)ser->nrows + 1, sizeof(*one))))
		goto oom;
	for (i = 0; i < ser->nrows; i++) {
		const struct rcell *c = &ser->cells[(size_t)i * (size_t)ser->ncol];
		if (!c[SER_CHANGES].null && c[SER_CHANGES].v == 1 && !c[SER_SIZE].null) {
			one[none].size = fabs(log(c[SER_SIZE].v));
			one[none++].row = i;
		} else if (!c[SER_CHANGES].null && c[SER_CHANGES].v > 1) {
			many++;
		}
	}
	qsort(one, (size_t)none, sizeof(*one), by_size);
	buf_reset(&b);
	for (i = 0; i < none && i < 5; i++) {
		const struct rcell *c = &ser->cells[(size_t)one[i].row * (size_t)ser->ncol];
		if (buf_printf(&b, "%s%s %s %s (%s) from %.2f to %.2f on %s (%+.1f%%)", i ? "; " : "",
			       c[SER_PROVIDER].s ? c[SER_PROVIDER].s : "?", c[SER_SKU].s ? c[SER_SKU].s : "?",
			       c[SER_TERM].s ? c[SER_TERM].s : "?", c[SER_TIER].s ? c[SER_TIER].s : "?",
			       c[SER_FIRST].v, c[SER_LAST].v, c[SER_CHANGED].s ? c[SER_CHANGED].s : "?",
			       100 * (c[SER_SIZE].v - 1)))
			r->oom = 1;
	}
	if (none > 5 && buf_printf(&b, "; and %d more", none - 5))
		r->oom = 1;
	if (none && many)
		section_say(r, s, "Changed once: %s. %d line%s changed more than once (ranges under the table); the "
			    "others kept one price.", buf_str(&b), many, many == 1 ? "" : "s");
	else if (none)
		section_say(r, s, "Changed once: %s.", buf_str(&b));
	else if (many)
		section_say(r, s, "%d line%s changed more than once (ranges under the table).", many, many == 1 ? "" : "s");
	rc = 0;
	goto out;
oom:
	r->oom = 1;
out:
	free(one);
	buf_release(&b);
	return rc;
}

int section_prices(struct report *r, sqlite3 *db)
{
	struct rsection *s = section_new(r, "prices", "GPU rental prices");
	struct rtable *ser, *t, *h, *lines, *ch;
	char first[11], last[11], kind[16] = "", ckind[16] = "", title[128];
	int n, c, minp, rc = -1;

	quarter_bounds(r->q, first, last);
	if (sqlite3_exec(db, "DROP TABLE IF EXISTS temp.report_price_index; CREATE TEMP TABLE report_price_index AS"
			 " SELECT *, " PRICE_PE " AS pe FROM (SELECT *, " PRICE_PS " AS ps FROM v_price_index)",
			 NULL, NULL, NULL) != SQLITE_OK) {
		gw_error("prices: v_price_index: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (price_kinds(db, last, kind, ckind))
		goto out;
	minp = (int)price_scalar(db, "SELECT value FROM price_params WHERE name = 'min_providers'", NULL, 3);
	ser = rt_new(r, s, "price_series", "Price lines by provider, USD per GPU-hour: first and last quote, changes",
		     series_cols, PRICE_NCOL(series_cols));
	t = rt_new(r, s, "price_levels", "Latest index level by SKU, term and tier: median, p25-p75 of n providers "
		   "(USD per GPU-hour)", level_cols, PRICE_NCOL(level_cols));
	h = rt_new(r, s, "prices", "Price index by period", price_cols, PRICE_NCOL(price_cols));
	lines = rt_new(r, s, "price_lines", "Price lines: each provider's first quote, its changes and its last day",
		       line_cols, PRICE_NCOL(line_cols));
	snprintf(title, sizeof(title), "Price index by %s, for the chart", ckind[0] ? ckind : "period");
	ch = rt_new(r, s, "price_index_chart", title, ichart_cols, PRICE_NCOL(ichart_cols));
	r->price_hist = h;	/* today's chart reads the history by month; price_index_chart is the new chart's */
	if (!ser || !t || !h || !lines || !ch)
		goto out;
	ser->top = t->top = 20;
	h->data_only = lines->data_only = ch->data_only = 1;

	if ((n = price_lines(r, db, ser, lines, last)) < 0 || price_intro(r, db, s, ser, lines, n, last))
		goto out;
	if (!kind[0]) {
		section_say(r, s, "No price index in the store up to %s (v_price_index has no period ending by then).", last);
		rc = 0;
		goto out;
	}
	if (fill(r, db, h, "SELECT sku, term, tier, period, median, p25, p75, providers, withheld, reason, change,"
		 PRICE_DOCS " FROM report_price_index i WHERE period_kind = ?1 AND pe <= ?2"
		 " ORDER BY sku, term, tier, ps", kind, last) < 0 ||
	    fill(r, db, ch, "SELECT sku, term, tier, period, median, p25, p75, providers, withheld,"
		 PRICE_DOCS " FROM report_price_index i WHERE period_kind = ?1 AND pe <= ?2"
		 " ORDER BY sku, term, tier, ps", ckind, last) < 0 ||
	    price_levels(r, db, t, kind, last, minp))
		goto out;
	for (n = 0, c = 0; c < t->nrows; c++)
		n += !t->cells[(size_t)c * (size_t)t->ncol + 8].null;
	section_say(r, s, "The index (docs/models.md 6), latest %s of each series: %d levels, %d of them withheld. A level "
		    "is the median of the latest quote per provider in the period, with p25 and p75, published where "
		    "at least %d providers quote; its change is chain-linked on the providers quoting in both periods. "
		    "Spot and contract terms, and hyperscalers, neoclouds and marketplaces, are never pooled.",
		    kind, t->nrows, n, minp);
	rc = 0;
out:
	sqlite3_exec(db, "DROP TABLE IF EXISTS temp.report_price_index", NULL, NULL, NULL);
	return rc;
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
		section_say(r, s, "No fab in the store: load a fab list (gw-parse --list names the parsers fabs-json, "
			    "fabs-compact and fabs-geojson).");
		for (int i = 0; i < s->nt; i++)
			s->t[i]->data_only = 1;	/* empty: JSON and CSV still have them */
		return r->oom ? -1 : 0;
	}
	section_say(r, s, "%.0f fabs from %.0f rows of %.0f documents, each fab once: rows of one company under one "
		    "name at one place are one fab (a copy or snapshot of a list, or one fab named with and without its "
		    "company). %.0f fabs are in more than one list, %.0f of them by name. %.0f wafer fabs and %.0f "
		    "packaging, assembly or test sites, counted apart.", v[0], v[1], v[2], v[3], v[8], v[4], v[5]);
	section_say(r, s, "A fab's status is the most complete its lists give: a stated status beats none, and of two "
		    "stated, the one stated last. %.0f wafer fabs have no stated status (lists that give none). Wafer "
		    "starts per month are stated for %.0f of the %.0f wafer fabs: the sums are of those only.", v[6], v[7],
		    v[4]);
	if (cd->nrows)
		section_say(r, s, "%d pairs of fabs of one company at one place have names that share nothing: left "
			    "apart, and listed for review.", cd->nrows);
	return r->oom ? -1 : 0;
}

int section_fabs(struct report *r, sqlite3 *db)
{
	struct rsection *s = section_new(r, "fabs", "Fabs");
	int rc;

	/* every fab once: each table reads them */
	if (exec_sql(db, "fabs", "DROP TABLE IF EXISTS temp.rep_fabs; CREATE TEMP TABLE rep_fabs AS SELECT * FROM v_fabs"))
		return -1;
	rc = fab_tables(r, db, s);
	if (exec_sql(db, "fabs", "DROP TABLE temp.rep_fabs"))
		rc = -1;
	return rc;
}
