/*
 * The sections read from the store's views: what changed, power (grid requests
 * and MW by basis), GPU rental prices, fabs. Each table is one query whose
 * columns are the table's, plus a last column listing the documents (sha256,
 * comma-separated) the row comes from.
 */
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

int sec_changes(struct report *r, sqlite3 *db)
{
	struct rsection *s = sec_new(r, SEC_CHANGES, "What changed since the previous quarter");
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
		sec_say(r, s, "%d changes published after %s up to %s, between the two latest snapshots of each "
			"source: campuses and requests as they stand first, largest first, then projections; MW: the figure "
			"new, minus the one gone, or the change.", n, plast, last);
		return 0;
	}
	/* nothing new this quarter: the latest changes of each source, with their dates */
	n = fill(r, db, t, CHANGE_COLS " WHERE substr(as_of, 1, 10) <= ?2" CHANGE_ORDER, plast, last);
	if (n < 0)
		return -1;
	if (n) {
		struct buf when = BUF_INIT(4096);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, "SELECT source || ' (' || substr(max(as_of), 1, 10) || ')' FROM v_changes"
				       " WHERE substr(as_of, 1, 10) <= ?1 GROUP BY source ORDER BY source", -1, &st,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, last, -1, SQLITE_STATIC);
			while (sqlite3_step(st) == SQLITE_ROW)
				buf_printf(&when, "%s%s", when.len ? ", " : "", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		sec_say(r, s, "No source in the store published a new snapshot after %s. The latest changes of "
			"each source, between its two latest snapshots, are listed instead (%d; their newer snapshot: "
			"%s): campuses and requests as they stand first, largest first, then projections; MW: the figure "
			"new, minus the one gone, or the change.",
			plast, n, buf_str(&when));
		buf_release(&when);
	} else {
		sec_say(r, s, "No change recorded up to %s: no source has two snapshots in the store yet.", last);
	}
	return 0;
}

static const struct rcol grid_cols[] = {
	{ "iso", "ISO", CF_TEXT }, { "kind", "kind", CF_TEXT }, { "status", "status", CF_TEXT },
	{ "requests", "requests", CF_COUNT }, { "mw_utility", "MW requested", CF_MW },
};
static const struct rcol basis_cols[] = {
	{ "mw_basis", "basis", CF_TEXT }, { "status", "status", CF_TEXT },
	{ "figures", "figures", CF_COUNT }, { "mw", "MW as stated", CF_MW },
};

int sec_power(struct report *r, sqlite3 *db)
{
	struct rsection *s = sec_new(r, "power", "Power: grid requests and MW by basis");
	struct rtable *t = rt_new(r, s, "grid_requests", "Grid interconnection requests by ISO, kind and status",
				  grid_cols, 5);
	struct rtable *b;
	int n;

	n = fill(r, db, t,
		 "SELECT iso, kind, status, count(*), sum(mw), group_concat(DISTINCT doc)"
		 " FROM v_grid_requests_current GROUP BY iso, kind, status ORDER BY iso, kind, sum(mw) DESC", NULL, NULL);
	if (n < 0)
		return -1;
	rt_note(r, t, "MW requested is on the utility basis (service requested, MW or MVA), never IT load.");
	b = rt_new(r, s, "mw_by_basis", "Capacity figures by basis and status (MW as stated; never summed across bases)",
		   basis_cols, 4);
	if (fill(r, db, b,
		 "SELECT mw_basis, status, count(*), sum(mw), group_concat(DISTINCT doc) FROM v_capacity_current"
		 " GROUP BY mw_basis, status ORDER BY CASE mw_basis WHEN 'it' THEN 0 WHEN 'facility' THEN 1"
		 " WHEN 'utility' THEN 2 ELSE 3 END, CASE status WHEN 'operational' THEN 0"
		 " WHEN 'under_construction' THEN 1 WHEN 'permitted' THEN 2 WHEN 'announced' THEN 3"
		 " WHEN 'rumored' THEN 4 ELSE 5 END", NULL, NULL) < 0)
		return -1;
	if (n)
		sec_say(r, s, "%d groups of grid requests. Load requests are what datacenters ask the grid for; "
			"generation and storage requests are supply.", n);
	else
		sec_say(r, s, "No grid request in the store.");
	return 0;
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

static const struct rcol fab_cols[] = {
	{ "company", "company", CF_TEXT }, { "node_nm", "node nm", CF_NUM }, { "status", "status", CF_TEXT },
	{ "fabs", "fabs", CF_COUNT }, { "wspm", "wafers/month", CF_COUNT }, { "names", "fabs named", CF_TEXT },
};

int sec_fabs(struct report *r, sqlite3 *db)
{
	struct rsection *s = sec_new(r, "fabs", "Fabs");
	struct rtable *t = rt_new(r, s, "fabs", "Semiconductor fabs by company, node and status", fab_cols, 6);
	int n = fill(r, db, t,
		     "SELECT company, node_nm, coalesce(status, '?'), count(*), sum(wspm), group_concat(name, '; '),"
		     " group_concat(DISTINCT doc) FROM v_fabs_current GROUP BY company, node_nm, status"
		     " ORDER BY company, node_nm IS NULL, node_nm, status", NULL, NULL);

	if (n < 0)
		return -1;
	if (n)
		sec_say(r, s, "%d groups of fabs (wafer starts per month summed where stated).", n);
	else
		sec_say(r, s, "No fab in the store.");
	return 0;
}
