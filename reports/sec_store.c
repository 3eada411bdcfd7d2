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
	" (SELECT group_concat(DISTINCT s.doc) FROM obs_gpu_price o JOIN gpu_price_sightings s ON s.price = o.id" \
	"  WHERE o.sku = i.sku AND o.term = i.term AND o.tier = i.tier AND o.usd_per_gpu_hour > 0" \
	"  AND date(s.first_observed) <= i.pe AND date(s.last_observed) >= i.ps)"

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
		" (SELECT group_concat(DISTINCT s.doc) FROM gpu_price_sightings s WHERE s.price = o.id"
		"  AND date(s.first_observed) <= ?1)"
		" FROM obs_gpu_price o JOIN sku_classes c ON c.sku = o.sku JOIN sk ON sk.sku = o.sku"
		" WHERE o.usd_per_gpu_hour > 0 AND date(o.observed_at) <= ?1"
		" ORDER BY sk.n DESC, o.sku, o.term, CASE o.tier WHEN 'hyperscaler' THEN 0 WHEN 'neocloud' THEN 1"
		" WHEN 'marketplace' THEN 2 ELSE 3 END, o.provider, o.region, o.key, o.observed_at, o.doc, o.loc");
	struct pseries p = { .row = -1 };
	struct buf key = BUF_INIT(1 << 16), ranges = BUF_INIT(1 << 16);
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
	struct buf names = BUF_INIT(1 << 16), cell = BUF_INIT(1 << 16), chg = BUF_INIT(1 << 16);
	struct buf who = BUF_INIT(1 << 16);
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
			"published (MODELS.md 6).%s%s%s", minp, who.len ? " Those that do, with their quote:" : "",
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
	struct buf b = BUF_INIT(1 << 16);
	struct pstep *one = NULL;
	const char *lo = NULL, *hi = NULL;
	int i, k, np, nsku, none = 0, many = 0, rc = -1;

	if (!n) {
		sec_say(r, s, "No GPU price quote in the store up to %s.", last);
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
	sec_say(r, s, "%d provider line%s: %d provider%s quoting %d SKU class%s, from %s to %s, in USD per "
		"GPU-hour (an instance's price over its GPUs). A line is one provider's quote for a SKU and term "
		"(a region apart) from its first quote to its last observation, and changes only when the quoted "
		"price does: its points are in price_lines (JSON, CSV).", n, n == 1 ? "" : "s", np,
		np == 1 ? "" : "s", nsku, nsku == 1 ? "" : "es", lo ? lo : "?", hi ? hi : "?");
	/* where they come from, and how recent each document is: a year-old feed reads differently */
	if (!(st = price_prepare(db,
		"SELECT coalesce(d.name, substr(s.doc, 1, 12)), min(date(s.first_observed)),"
		" min(max(date(s.last_observed)), ?1), count(DISTINCT o.key)"
		" FROM gpu_price_sightings s JOIN obs_gpu_price o ON o.id = s.price JOIN sku_classes c ON c.sku = o.sku"
		" LEFT JOIN documents d ON d.sha256 = s.doc WHERE o.usd_per_gpu_hour > 0 AND date(s.first_observed) <= ?1"
		" GROUP BY s.doc ORDER BY 3 DESC, 2, 1")))
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
		sec_say(r, s, "%s.", buf_str(&b));
	k = (int)price_scalar(db, "SELECT count(*) FROM obs_gpu_price WHERE sku NOT IN (SELECT sku FROM sku_classes)"
			      " AND date(observed_at) <= ?1", last, 0);
	if (k)
		sec_say(r, s, "%d quote%s of GPUs no SKU alias knows %s left out (v_gpu_sku_unknown lists them).", k,
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
		sec_say(r, s, "Changed once: %s. %d line%s changed more than once (ranges under the table); the "
			"others kept one price.", buf_str(&b), many, many == 1 ? "" : "s");
	else if (none)
		sec_say(r, s, "Changed once: %s.", buf_str(&b));
	else if (many)
		sec_say(r, s, "%d line%s changed more than once (ranges under the table).", many, many == 1 ? "" : "s");
	rc = 0;
	goto out;
oom:
	r->oom = 1;
out:
	free(one);
	buf_release(&b);
	return rc;
}

int sec_prices(struct report *r, sqlite3 *db)
{
	struct rsection *s = sec_new(r, "prices", "GPU rental prices");
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
		sec_say(r, s, "No price index in the store up to %s (v_price_index has no period ending by then).", last);
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
	sec_say(r, s, "The index (MODELS.md 6), latest %s of each series: %d levels, %d of them withheld. A level "
		"is the median of the latest quote per provider in the period, with p25 and p75, published where "
		"at least %d providers quote; its change is chain-linked on the providers quoting in both periods. "
		"Spot and contract terms, and hyperscalers, neoclouds and marketplaces, are never pooled.",
		kind, t->nrows, n, minp);
	rc = 0;
out:
	sqlite3_exec(db, "DROP TABLE IF EXISTS temp.report_price_index", NULL, NULL, NULL);
	return rc;
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
