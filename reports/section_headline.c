/* Headline: IT MW online now and in 4 and 8 quarters (docs/models.md 2), by operator, region and status. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"
#include "lib/msg.h"
#include "sections.h"

#include "lib/banned.h"

static const struct rcol cap_cols[] = {
	{ "quarter", "quarter", CF_TEXT },
	{ "mw_it_expected", "expected", CF_MW },
	{ "mw_it_low", "low", CF_MW },
	{ "mw_it_high", "high", CF_MW },
	{ "operational", "operational", CF_MW },
	{ "under_construction", "building", CF_MW },
	{ "permitted", "permitted", CF_MW },
	{ "announced", "announced", CF_MW },
	{ "rumored", "rumored", CF_MW },
};

#define GRP_COLS(key) { \
	{ key, key, CF_TEXT }, { "mw_it_now", "now MW", CF_MW }, { "mw_it_4q", "+4q MW", CF_MW }, \
	{ "mw_it_8q", "+8q MW", CF_MW }, { "mw_it_high_8q", "+8q high MW", CF_MW }, \
	{ "phases", "figures", CF_COUNT }, }
static const struct rcol op_cols[] = GRP_COLS("operator");
static const struct rcol region_cols[] = GRP_COLS("region");
static const struct rcol status_cols[] = GRP_COLS("status");

#define GROUP_ROWS 20	/* rows text and HTML show per breakdown; the rest summed in one "other" line */
static const char *key_operator(const struct phase *p) { return p->operator; }
static const char *key_region(const struct phase *p) { return p->region; }
static const char *key_status(const struct phase *p) { return cap_status_names[p->status]; }

static const char *(*sort_key)(const struct phase *);
static const struct phase *sort_ph;

static int by_key(const void *a, const void *b)
{
	const struct phase *x = &sort_ph[*(const int *)a], *y = &sort_ph[*(const int *)b];

	if (sort_key == key_status)
		return x->status - y->status;
	return strcmp(sort_key(x), sort_key(y));
}

struct grp {
	const char *name;
	double v[4];
	int n, first, last;	/* phases idx[first..last) */
};

static int by_value(const void *a, const void *b)
{
	const struct grp *x = a, *y = b;

	return x->v[2] < y->v[2] ? 1 : x->v[2] > y->v[2] ? -1 : strcmp(x->name, y->name);
}

#define TOP_CAMPUSES 25

static const struct rcol top_cols[] = {
	{ "site", "campus", CF_TEXT }, { "operator", "operator", CF_TEXT }, { "region", "region", CF_TEXT },
	{ "mw_it_now", "now MW", CF_MW }, { "mw_it_4q", "+4q MW", CF_MW }, { "mw_it_8q", "+8q MW", CF_MW },
	{ "disagree", "disagree", CF_RATIO },
};

struct campus {
	long long id;
	int first, last;	/* phases idx[first..last) */
	double v[3];
};

static int by_site(const void *a, const void *b)
{
	const struct phase *x = &sort_ph[*(const int *)a], *y = &sort_ph[*(const int *)b];

	return x->site_id < y->site_id ? -1 : x->site_id > y->site_id;
}

static int by_campus_value(const void *a, const void *b)
{
	const struct campus *x = a, *y = b;

	if (x->v[0] != y->v[0])
		return x->v[0] < y->v[0] ? 1 : -1;
	if (x->v[2] != y->v[2])
		return x->v[2] < y->v[2] ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Top campuses: each site's expected IT MW now, in 4 and in 8 quarters (its
 * phases of v_site_capacity), and the largest disagreement between its
 * sources over those quarters, when above 20% (v_site_capacity.disagree).
 */
static int top_campuses(struct report *r, sqlite3 *db, struct rsection *s, const struct cap_params *cp,
			const struct phase *ph, int n)
{
	int *idx = malloc((size_t)(n ? n : 1) * sizeof(int)), i, j, nc = 0;
	struct campus *c = calloc((size_t)(n ? n : 1), sizeof(*c));
	struct rtable *t;
	sqlite3_stmt *dis = NULL;
	char q0[8], q8[8];

	if (!idx || !c)
		goto oom;
	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_ph = ph;
	qsort(idx, (size_t)n, sizeof(int), by_site);
	for (i = 0; i < n; i = j) {
		struct campus *x = &c[nc];
		x->id = ph[idx[i]].site_id;
		x->first = i;
		for (j = i; j < n && ph[idx[j]].site_id == x->id; j++) {
			x->v[0] += phase_expected(cp, &ph[idx[j]], r->q);
			x->v[1] += phase_expected(cp, &ph[idx[j]], r->q + 4);
			x->v[2] += phase_expected(cp, &ph[idx[j]], r->q + 8);
		}
		x->last = j;
		if (x->id)	/* campus caps carry no site */
			nc++;
	}
	qsort(c, (size_t)nc, sizeof(*c), by_campus_value);
	quarter_fmt(r->q, q0);
	quarter_fmt(r->q + 8, q8);
	if (sqlite3_prepare_v2(db, "SELECT max(disagree) FROM v_site_capacity WHERE site_id = ?1"
			       " AND quarter BETWEEN ?2 AND ?3", -1, &dis, NULL) != SQLITE_OK)
		dis = NULL;	/* a store without the view: no disagreement column values */
	t = rt_new(r, s, "top_campuses", "Top campuses (expected IT MW; one figure per campus and quarter)",
		   top_cols, 7);
	if (t)
		t->top = TOP_CAMPUSES;
	for (i = 0; i < nc && t; i++) {
		const struct phase *p = &ph[idx[c[i].first]];
		int row, k;
		if (c[i].v[0] <= 0 && c[i].v[2] <= 0)
			break;	/* sorted: nothing expected from here on */
		row = rt_row(r, t);
		rt_str(r, t, row, 0, p->site);
		rt_str(r, t, row, 1, p->operator);
		rt_str(r, t, row, 2, p->region);
		for (k = 0; k < 3; k++)
			rt_num(t, row, 3 + k, c[i].v[k]);
		if (dis) {
			sqlite3_bind_int64(dis, 1, c[i].id);
			sqlite3_bind_text(dis, 2, q0, -1, SQLITE_STATIC);
			sqlite3_bind_text(dis, 3, q8, -1, SQLITE_STATIC);
			if (sqlite3_step(dis) == SQLITE_ROW && sqlite3_column_type(dis, 0) != SQLITE_NULL)
				rt_num(t, row, 6, sqlite3_column_double(dis, 0));
			sqlite3_reset(dis);
		}
		for (j = c[i].first; j < c[i].last; j++)
			rt_cite(r, t, row, ph[idx[j]].doc);
	}
	if (t)
		rt_note(r, t, "disagree: the largest relative difference between the figure used and another"
			" source's for the campus from %s to %s, where above 20%%; v_site_capacity has each.", q0, q8);
	sqlite3_finalize(dis);
	free(idx);
	free(c);
	return r->oom ? -1 : 0;
oom:
	free(idx);
	free(c);
	r->oom = 1;
	return -1;
}

/* One breakdown table: groups of phases by key, expected MW at q, q+4, q+8 and the high bound at q+8. */
static int breakdown(struct report *r, struct rsection *s, const char *id, const char *title,
		     const struct rcol *cols, const char *(*key)(const struct phase *), const struct cap_params *cp,
		     const struct phase *ph, int n)
{
	int *idx = malloc((size_t)(n ? n : 1) * sizeof(int)), i, j, ng = 0, row;
	struct grp *g = calloc((size_t)(n ? n : 1), sizeof(*g));
	struct rtable *t;

	if (!idx || !g) {
		free(idx);
		free(g);
		r->oom = 1;
		return -1;
	}
	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_key = key;
	sort_ph = ph;
	qsort(idx, (size_t)n, sizeof(int), by_key);
	for (i = 0; i < n; i = j) {
		struct grp *x = &g[ng++];
		x->name = key(&ph[idx[i]]);
		x->first = i;
		for (j = i; j < n && !strcmp(key(&ph[idx[j]]), x->name); j++) {
			const struct phase *p = &ph[idx[j]];
			x->v[0] += phase_expected(cp, p, r->q);
			x->v[1] += phase_expected(cp, p, r->q + 4);
			x->v[2] += phase_expected(cp, p, r->q + 8);
			x->v[3] += phase_high(p, r->q + 8);
			x->n++;
		}
		x->last = j;
	}
	if (key != key_status)	/* statuses keep their own order: operational first */
		qsort(g, (size_t)ng, sizeof(*g), by_value);
	t = rt_new(r, s, id, title, cols, 6);
	if (t)
		t->top = GROUP_ROWS;
	for (i = 0; i < ng && t; i++) {
		int k;
		row = rt_row(r, t);
		rt_str(r, t, row, 0, g[i].name);
		for (k = 0; k < 4; k++)
			rt_num(t, row, 1 + k, g[i].v[k]);
		rt_num(t, row, 5, g[i].n);
		for (j = g[i].first; j < g[i].last; j++)
			rt_cite(r, t, row, ph[idx[j]].doc);
	}
	free(idx);
	free(g);
	return r->oom ? -1 : 0;
}

/*
 * The snapshots gw-load holds back as unhealthy (v_snapshots: healthy 0, not
 * accepted): they supersede nothing and count nowhere, so the reader is told
 * which, and why, rather than left with figures that silently omit them.
 */
static int held_back(struct report *r, sqlite3 *db, struct rsection *s)
{
	sqlite3_stmt *st;
	struct buf list = BUF_INIT(BUF_TEXT_MAX);
	int n = 0, rc;

	if (sqlite3_prepare_v2(db, "SELECT name, source, doc, reason FROM v_snapshots"
			       " WHERE NOT healthy AND NOT accepted ORDER BY source, name, doc", -1, &st,
			       NULL) != SQLITE_OK) {
		gw_error("report: held-back snapshots: %s", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *why = (const char *)sqlite3_column_text(st, 3);
		buf_printf(&list, "%s%s (source %s: %s; gw-load --accept %s)", n ? "; " : "",
			   (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			   why ? why : "unhealthy", (const char *)sqlite3_column_text(st, 2));
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("report: held-back snapshots: %s", sqlite3_errmsg(db));
		buf_release(&list);
		return -1;
	}
	if (n)
		section_say(r, s, "%d snapshot%s held back as unhealthy and counted nowhere until accepted (gw-load "
			    "--accept takes one as it is): %s.", n, n == 1 ? " is" : "s are", buf_msg(&list));
	buf_release(&list);
	return 0;
}

int section_headline(struct report *r, sqlite3 *db, const struct cap_params *cp, const struct phase *ph, int n,
		     double unknown_mw)
{
	struct rsection *s = section_new(r, "headline", "Headline: IT capacity online");
	struct rtable *t;
	char q4[8], q8[8];
	int i, k;

	t = rt_new(r, s, "capacity", "IT capacity online by quarter (MW of IT load; expected by status)",
		   cap_cols, 9);
	/* history first: the REP_HISTORY quarters before the report's, then it and the 8 after */
	for (i = -REP_HISTORY; i < REP_QUARTERS; i++) {
		int q = r->q + i, row = rt_row(r, t);
		char qs[8];
		double e = 0, lo = 0, hi = 0;
		double *st = i < 0 ? r->hist_status[i + REP_HISTORY] : r->cap_status[i];

		quarter_fmt(q, qs);
		memset(st, 0, sizeof(r->cap_status[0]));
		for (k = 0; k < n; k++) {
			double x = phase_expected(cp, &ph[k], q), h = phase_high(&ph[k], q);
			e += x;
			lo += phase_low(&ph[k], q);
			hi += h;
			st[ph[k].status] += x;
			if (h > 0)
				rt_cite(r, t, row, ph[k].doc);
		}
		if (i < 0) {
			r->hist_exp[i + REP_HISTORY] = e;
			r->hist_low[i + REP_HISTORY] = lo;
			r->hist_high[i + REP_HISTORY] = hi;
		} else {
			r->cap_exp[i] = e;
			r->cap_low[i] = lo;
			r->cap_high[i] = hi;
		}
		rt_str(r, t, row, 0, qs);
		rt_num(t, row, 1, e);
		rt_num(t, row, 2, lo);
		rt_num(t, row, 3, hi);
		for (k = 0; k < CAP_NSTATUS - 1; k++)
			rt_num(t, row, 4 + k, st[k]);
	}
	rt_note(r, t, "expected = sum of MW_it x P_build(status), after the status lag and a %d-quarter ramp;"
		" low = operational only; high = every status but cancelled at P_build 1 with no lag.",
		cp->ramp_quarters);
	quarter_fmt(r->q + 4, q4);
	quarter_fmt(r->q + 8, q8);
	section_say(r, s, "%.0f MW of IT capacity online in %s (operational only %.0f MW; every figure built %.0f MW). "
		    "Expected %.0f MW in %s (range %.0f-%.0f MW) and %.0f MW in %s (range %.0f-%.0f MW), "
		    "from %d capacity figures in the store.",
		    /* round() as the tables and cards do: %.0f alone rounds 526.5 to even */
		    round(r->cap_exp[0]), r->quarter, round(r->cap_low[0]), round(r->cap_high[0]),
		    round(r->cap_exp[4]), q4, round(r->cap_low[4]), round(r->cap_high[4]),
		    round(r->cap_exp[8]), q8, round(r->cap_low[8]), round(r->cap_high[8]), n);
	{
		int caps = 0, over = 0;
		struct buf names = BUF_INIT(BUF_NAME_MAX);
		for (k = 0; k < n; k++) {
			if (!ph[k].campus_cap)
				continue;
			caps++;
			if (ph[k].phases_it > ph[k].it * 1.0001) {
				if (over++ < 5)
					buf_printf(&names, "%s%s %s (phases %.0f MW IT, campus %.0f)", over > 1 ? "; " : "",
						   ph[k].operator, ph[k].site, ph[k].phases_it, ph[k].it);
			}
		}
		if (caps)
			section_say(r, s, "%d campus totals are used only as caps on their phases, never added to them.%s%s%s",
				    caps, over ? " Phases exceed their campus total at: " : "", over ? buf_msg(&names) : "",
				    over ? "." : "");
		buf_release(&names);
	}
	if (unknown_mw > 0)
		section_say(r, s, "%.1f MW stated with an unknown basis (IT, facility or utility not said) are left out "
			    "of every figure (docs/models.md 1).", unknown_mw);
	if (held_back(r, db, s))
		return -1;
	section_say(r, s, "At PUE %.2f and a fleet load factor of %.2f, the expected capacity of %s draws %.0f MW of "
		    "facility power and uses %.1f TWh a year (%s: %.1f TWh).", cp->pue, param(r->ps, "load_factor"),
		    r->quarter, r->cap_exp[0] * cp->pue,
		    r->cap_exp[0] * cp->pue * 8760 * param(r->ps, "load_factor") / 1e6, q8,
		    r->cap_exp[8] * cp->pue * 8760 * param(r->ps, "load_factor") / 1e6);
	section_say(r, s, "Figures stated as facility power are converted at PUE %.2f, utility requests at %.2f "
		    "headroom then PUE; bases are never summed before that conversion.", cp->pue, cp->utility_headroom);
	if (top_campuses(r, db, s, cp, ph, n) ||
	    breakdown(r, s, "by_operator", "By operator (expected IT MW)", op_cols, key_operator, cp, ph, n) ||
	    breakdown(r, s, "by_region", "By state or country (expected IT MW)", region_cols, key_region, cp, ph, n) ||
	    breakdown(r, s, "by_status", "By status (expected IT MW)", status_cols, key_status, cp, ph, n))
		return -1;
	return r->oom ? -1 : 0;
}
