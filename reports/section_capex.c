/*
 * The capex section (docs/models.md 4): the cash capex the hyperscalers filed with
 * the SEC (v_capex), quarter by quarter over the last WINDOW quarters, with the
 * trailing twelve months, the latest fiscal year and the finance-lease
 * principal beside it (never added); and the capex the model gives the new
 * capacity, by operator and quarter, beside the filed figure where the
 * operator is the filing company.
 *
 * A filed quarter is the calendar quarter of its period's end (Microsoft's
 * fiscal Q1, July to September, is 2025Q3). The window is one for every
 * company: the WINDOW quarters ending at the latest quarter a company of the
 * filed tables (a hyperscaler, or a filer with capacity in the store) has
 * filed, not after the report's quarter, so the companies' quarters line up
 * and a company that lags shows its missing quarters.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"
#include "lib/msg.h"
#include "capex.h"
#include "sections.h"

#include "lib/banned.h"

#define WINDOW 8		/* filed quarters shown */
#define MODEL_BEFORE 3		/* the modelled table: the report's quarter, 3 before, 4 after */
#define MODEL_AFTER 4
#define CAPEX_TOP 15		/* rows of the modelled table shown before "other" */
/* phases_load's operator for capacity whose documents name none, and what the report calls it */
#define UNKNOWN_OP "operator not stated"
#define NOT_STATED "operator not stated"

/* The hyperscalers of the filed tables: operator ids, names for sentences, CIKs (a filing the store did
 * not resolve to the operator still matches by CIK) */
static const struct hyper {
	const char *id, *name;
	sqlite3_int64 cik;
} hypers[] = {
	{ "alphabet", "Alphabet", 1652044 }, { "microsoft", "Microsoft", 789019 },
	{ "amazon", "Amazon", 1018724 }, { "meta", "Meta", 1326801 }, { "oracle", "Oracle", 1341439 },
};
#define NHYPER ((int)(sizeof(hypers) / sizeof(hypers[0])))

/* A filed figure: cash capex or finance-lease principal of a quarter (3 months) or a fiscal year (12). */
struct fig {
	char *company;		/* owned: a hyperscaler's id, else the company as v_capex gives it */
	int lease;		/* 0: cash capex (v_capex); 1: finance-lease principal (v_capex_detail) */
	int months, quarter;	/* quarter: calendar quarter of the period's end */
	int seq;		/* order of preference among figures of one company, kind and quarter */
	int derived;
	char end[11];
	double usd;
	char *docs;		/* owned: doc, and the subtracted period's doc for a derived quarter */
};

/* A company of the section: a filer, an operator with capacity, or both. */
struct co {
	const char *name;	/* borrowed from a fig or a phase */
	int hyper;		/* index in hypers, or -1 */
	int f0, f1;		/* its figures */
	int p0, p1;		/* its phases */
	int shown;		/* its filings have tables: a hyperscaler, or a filer with capacity in the store */
	int tabled;		/* it has rows in the filed tables */
	double weight;		/* rows of larger companies first */
};

/* What modelled capex needs. */
struct model {
	const struct cap_params *cp;
	const struct specs *sp;
	const struct params *ps;
	const struct phase *ph;
	struct mix *mq;		/* the mix of each quarter from q0 */
	int q0;
	double usd_mw;
};

static const struct rcol filed_cols[] = {
	{ "company", "company", CF_TEXT }, { "quarter", "quarter", CF_TEXT },
	{ "capex_usd", "cash capex", CF_USD_M }, { "derived", "derived", CF_FLAG },
	{ "finance_lease_usd", "finance leases", CF_USD_M }, { "modelled_usd", "modelled", CF_USD_M },
};
static const struct rcol ttm_cols[] = {
	{ "company", "company", CF_TEXT }, { "quarter", "TTM to", CF_TEXT }, { "ttm_usd", "TTM", CF_USD_M },
	{ "ttm_finance_lease_usd", "TTM leases", CF_USD_M }, { "fy_end", "year to", CF_TEXT },
	{ "fy_usd", "year", CF_USD_M }, { "fy_finance_lease_usd", "year leases", CF_USD_M },
};
static const struct rcol capex_cols[] = {
	{ "operator", "operator", CF_TEXT }, { "quarter", "quarter", CF_TEXT },
	{ "new_mw_it", "new IT MW", CF_MW }, { "facility_usd", "facility", CF_USD_M },
	{ "it_usd", "IT", CF_USD_M }, { "modelled_usd", "modelled", CF_USD_M },
	{ "filed_usd", "filed", CF_USD_M }, { "gap_usd", "gap", CF_USD_M },
};
static const struct rcol chart_cols[] = {
	{ "company", "company", CF_TEXT }, { "quarter", "quarter", CF_TEXT }, { "filed", "filed", CF_USD_M },
	{ "modelled", "modelled", CF_USD_M }, { "derived", "derived", CF_FLAG },
};

static const char *shown_name(const char *op)
{
	return strcmp(op, UNKNOWN_OP) ? op : NOT_STATED;
}

static int hyper_of(const char *company, sqlite3_int64 cik)
{
	int i;

	for (i = 0; i < NHYPER; i++)
		if ((company && !strcmp(company, hypers[i].id)) || cik == hypers[i].cik)
			return i;
	return -1;
}

static int fig_cmp(const void *a, const void *b)
{
	const struct fig *x = a, *y = b;
	int c = strcmp(x->company, y->company);

	if (c)
		return c;
	if (x->lease != y->lease)
		return x->lease - y->lease;
	if (x->months != y->months)
		return x->months - y->months;
	if (x->quarter != y->quarter)
		return x->quarter - y->quarter;
	return x->seq - y->seq;
}

static void figs_free(struct fig *f, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(f[i].company);
		free(f[i].docs);
	}
	free(f);
}

/*
 * Reads the consolidated quarters and fiscal years of cash capex (v_capex) and
 * of finance-lease principal (v_capex_detail, the lease concept of the first
 * priority), one figure per company, kind, length and quarter, sorted by
 * fig_cmp. Returns the count, or -1 (said).
 */
static int figs_load(sqlite3 *db, struct fig **out)
{
	static const char sql[] =
		"SELECT lease, company, cik, months, period_end, usd, derived, doc, less_doc FROM ("
		" SELECT 0 AS lease, company, cik, months, period_end, usd, derived, doc, less_doc,"
		"  0 AS priority, filed FROM v_capex WHERE months IN (3, 12)"
		" UNION ALL"
		" SELECT 1, d.company, d.cik, d.months, d.period_end, d.usd, d.derived, d.doc, d.less_doc,"
		"  c.priority, d.filed FROM v_capex_detail d"
		"  JOIN capex_concepts c ON c.concept = d.concept AND c.role = 'lease'"
		"  WHERE d.dims = '' AND d.months IN (3, 12))"
		" ORDER BY lease, priority, derived, filed DESC";
	sqlite3_stmt *st = NULL;
	struct fig *f = NULL;
	int n = 0, cap = 0, i, j, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *co = (const char *)sqlite3_column_text(st, 1);
		const char *end = (const char *)sqlite3_column_text(st, 4);
		const char *doc = (const char *)sqlite3_column_text(st, 7);
		const char *less = (const char *)sqlite3_column_text(st, 8);
		sqlite3_int64 cik = sqlite3_column_int64(st, 2);
		char qs[8], name[32];
		int h = hyper_of(co, cik), q;
		struct fig *x;

		if (!end || strlen(end) != 10 || quarter_of_date(end, qs) || quarter_parse(qs, strlen(qs), &q))
			continue;
		if (n == cap) {
			struct fig *g = realloc(f, (size_t)(cap = cap ? 2 * cap : 64) * sizeof(*f));
			if (!g)
				goto oom;
			f = g;
		}
		x = &f[n];
		memset(x, 0, sizeof(*x));
		snprintf(name, sizeof(name), "CIK %lld", (long long)cik);
		x->company = strdup(h >= 0 ? hypers[h].id : co ? co : name);
		x->lease = sqlite3_column_int(st, 0);
		x->months = sqlite3_column_int(st, 3);
		x->quarter = q;
		x->seq = n;
		x->derived = sqlite3_column_int(st, 6);
		memcpy(x->end, end, 11);
		x->usd = sqlite3_column_double(st, 5);
		n++;
		if (!x->company || !(x->docs = malloc(2 * 65)))
			goto oom;
		snprintf(x->docs, 2 * 65, "%s%s%s", doc ? doc : "", less ? "," : "", less ? less : "");
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	if (n)
		qsort(f, (size_t)n, sizeof(*f), fig_cmp);
	/* the first of each company, kind, length and quarter is the one preferred */
	for (i = 0, j = 0; i < n; i++) {
		if (j && !strcmp(f[j - 1].company, f[i].company) && f[j - 1].lease == f[i].lease &&
		    f[j - 1].months == f[i].months && f[j - 1].quarter == f[i].quarter) {
			free(f[i].company);
			free(f[i].docs);
			continue;
		}
		f[j++] = f[i];
	}
	*out = f;
	return j;
fail:
	gw_error("capex: v_capex: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	figs_free(f, n);
	return -1;
oom:
	gw_error("capex: out of memory");
	sqlite3_finalize(st);
	figs_free(f, n);
	return -1;
}

static const struct fig *fig_at(const struct fig *f, const struct co *c, int lease, int months, int q)
{
	int i;

	for (i = c->f0; i < c->f1; i++)
		if (f[i].lease == lease && f[i].months == months && f[i].quarter == q)
			return &f[i];
	return NULL;
}

/* The company's latest figure of a kind and length in a quarter up to q, or NULL. */
static const struct fig *fig_latest(const struct fig *f, const struct co *c, int lease, int months, int q)
{
	const struct fig *best = NULL;
	int i;

	for (i = c->f0; i < c->f1; i++)
		if (f[i].lease == lease && f[i].months == months && f[i].quarter <= q &&
		    (!best || f[i].quarter > best->quarter))
			best = &f[i];
	return best;
}

/*
 * New IT MW of phases [p0, p1) in quarter q (expected at q less expected at
 * q - 1), with its facility and IT capex: a phase tagged with its own
 * accelerator is filled with it, the others with the quarter's mix.
 */
static double modelled(const struct model *m, int p0, int p1, int q, double *fac, double *it)
{
	double dmw = 0;
	int j;

	*it = 0;
	for (j = p0; j < p1; j++) {
		const struct phase *p = &m->ph[j];
		double d = phase_expected(m->cp, p, q) - phase_expected(m->cp, p, q - 1);
		int k = p->accelerator ? spec_match(m->sp, p->accelerator) : -1;
		if (d == 0)
			continue;
		dmw += d;
		if (k >= 0) {
			struct mix tag;
			memset(&tag, 0, sizeof(tag));
			tag.share[k] = 1;
			*it += capex_it(m->sp, m->ps, &tag, d, NULL);
		} else {
			*it += capex_it(m->sp, m->ps, &m->mq[q - m->q0], d, NULL);
		}
	}
	*fac = capex_facility(dmw, m->usd_mw);
	return dmw;
}

/* Cites the documents of the phases of [p0, p1) whose expected IT MW changes in quarter q. */
static void cite_phases(struct report *r, struct rtable *t, int row, const struct model *m, int p0, int p1, int q)
{
	int j;

	for (j = p0; j < p1; j++)
		if (phase_expected(m->cp, &m->ph[j], q) != phase_expected(m->cp, &m->ph[j], q - 1))
			rt_cite(r, t, row, m->ph[j].doc);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hyperscalers first, then the larger weight, then by name. */
static int co_by_weight(const void *a, const void *b)
{
	const struct co *x = *(const struct co *const *)a, *y = *(const struct co *const *)b;

	if ((x->hyper >= 0) != (y->hyper >= 0))
		return x->hyper >= 0 ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* buf_vprintf with a sticky error: *err becomes 1 when an add fails. */
static void say(struct buf *b, int *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(struct buf *b, int *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (buf_vprintf(b, fmt, ap))
		*err = 1;
	va_end(ap);
}

/* Quarters a..z as "2024Q2" or "2024Q2-2024Q4". */
static void say_span(struct buf *b, int *err, int a, int z)
{
	char qa[8], qz[8];

	quarter_fmt(a, qa);
	quarter_fmt(z, qz);
	if (a == z)
		say(b, err, "%s", qa);
	else
		say(b, err, "%s-%s", qa, qz);
}

/* The latest 10-K or 10-Q of a company in v_filings, as "10-Q filed 2026-01-28", or "" (none, or an error). */
static void latest_filing(sqlite3 *db, const struct hyper *h, char *out, size_t max)
{
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db, "SELECT form, filed FROM v_filings WHERE (company = ?1 OR cik = ?2)"
			       " AND (form LIKE '10-K%' OR form LIKE '10-Q%') ORDER BY filed DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, h->cik);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) && sqlite3_column_text(st, 1))
		snprintf(out, max, "%s filed %s", (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
}

/*
 * The sentence of which quarters of the window w0..w1 each hyperscaler has
 * no filing for in the store, and why (only fiscal years, nothing at all).
 */
static void say_coverage(struct report *r, struct rsection *s, sqlite3 *db, const struct fig *f,
			 const struct co *cos, int nco, int w0, int w1)
{
	struct buf b = BUF_INIT(BUF_TEXT_MAX);
	char qa[8], qz[8];
	int h, i, q, err = 0;

	quarter_fmt(w0, qa);
	quarter_fmt(w1, qz);
	say(&b, &err, "Quarters of %s-%s with no filing in the store: ", qa, qz);
	for (h = 0; h < NHYPER; h++) {
		const struct co *c = NULL;
		const struct fig *x, *fq;
		int have = 0, derived = 0, first = 1;
		for (i = 0; i < nco; i++)
			if (cos[i].hyper == h)
				c = &cos[i];
		say(&b, &err, "%s%s ", h ? "; " : "", hypers[h].name);
		for (q = w0; c && q <= w1; q++)
			if ((x = fig_at(f, c, 0, 3, q)))
				have++, derived += x->derived;
		if (have == WINDOW) {
			say(&b, &err, "none (all %d filed, %d of them derived)", WINDOW, derived);
			continue;
		}
		if (have) {
			for (q = w0; q <= w1; q++) {
				int z;
				if (fig_at(f, c, 0, 3, q))
					continue;
				for (z = q; z < w1 && !fig_at(f, c, 0, 3, z + 1); z++)
					;
				say(&b, &err, "%s", first ? "" : ", ");
				say_span(&b, &err, q, z);
				first = 0;
				q = z;
			}
			say(&b, &err, " (%d of %d filed, %d of them derived)", have, WINDOW, derived);
			continue;
		}
		say(&b, &err, "all");
		fq = c ? fig_latest(f, c, 0, 3, r->q) : NULL;
		x = c ? fig_latest(f, c, 0, 12, r->q) : NULL;
		if (fq) {
			quarter_fmt(fq->quarter, qa);
			say(&b, &err, " (its latest filed quarter is %s", qa);
			if (x)
				say(&b, &err, "; its latest fiscal year, to %s, is below", x->end);
			say(&b, &err, ")");
		} else if (x) {
			say(&b, &err, " (fiscal-year figures only, the latest to %s, below)", x->end);
		} else {
			char lf[64];
			latest_filing(db, &hypers[h], lf, sizeof(lf));
			say(&b, &err, " (no capex figure");
			if (lf[0])
				say(&b, &err, ": the store has its list of filings, the latest a %s, but not its figures;"
				    " its companyfacts would give them", lf);
			say(&b, &err, ")");
		}
	}
	say(&b, &err, ".");
	if (err)
		r->oom = 1;
	else
		section_say(r, s, "%s", buf_str(&b));
	buf_release(&b);
}

/*
 * The sentence naming the companies v_capex has that the filed tables leave
 * out (not hyperscalers and no capacity in the store, or no period of 3 or
 * 12 months), so that none is lost silently.
 */
static void say_left_out(struct report *r, struct rsection *s, sqlite3 *db, const struct co *cos, int nco)
{
	struct buf b = BUF_INIT(BUF_TEXT_MAX);
	sqlite3_stmt *st;
	int i, n = 0, err = 0;

	if (sqlite3_prepare_v2(db, "SELECT company, cik, group_concat(DISTINCT months), max(period_end) FROM"
			       " (SELECT * FROM v_capex ORDER BY months) GROUP BY cik, company ORDER BY company, cik",
			       -1, &st, NULL) != SQLITE_OK) {
		gw_warn("capex: v_capex: %s", sqlite3_errmsg(db));
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *co = (const char *)sqlite3_column_text(st, 0);
		const char *months = (const char *)sqlite3_column_text(st, 2);
		const char *end = (const char *)sqlite3_column_text(st, 3);
		sqlite3_int64 cik = sqlite3_column_int64(st, 1);
		int h = hyper_of(co, cik);
		for (i = 0; i < nco; i++)
			if (cos[i].tabled && !strcmp(cos[i].name, h >= 0 ? hypers[h].id : co ? co : ""))
				break;
		if (i < nco)
			continue;
		if (co)
			say(&b, &err, "%s%s", n++ ? "; " : "", co);
		else
			say(&b, &err, "%sCIK %lld", n++ ? "; " : "", (long long)cik);
		say(&b, &err, " (periods of %s months, the latest to %s)", months ? months : "?", end ? end : "?");
	}
	sqlite3_finalize(st);
	if (err)
		r->oom = 1;
	else if (n)
		section_say(r, s, "Also in v_capex, not in these tables (neither a hyperscaler nor an operator with capacity "
			    "in the store, or no period of 3 or 12 months): %s.", buf_str(&b));
	buf_release(&b);
}

/* A row of the modelled table, before it is sorted. */
struct mrow {
	const struct co *c;
	int q;
	double dmw, fac, it, key;
	const struct fig *filed;
};

static int mrow_cmp(const void *a, const void *b)
{
	const struct mrow *x = a, *y = b;
	int c;

	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	if ((c = strcmp(x->c->name, y->c->name)))
		return c;
	return x->q - y->q;
}

/* Fills the companies: every filer and every operator with capacity, once, sorted by name. */
static int cos_build(const struct fig *f, int nf, const struct phase *ph, int n, struct co **out)
{
	const char **names = malloc((size_t)(nf + n + 1) * sizeof(*names));
	struct co *cos = NULL;
	int nn = 0, i, j;

	if (!names)
		return -1;
	for (i = 0; i < nf; i++)
		names[nn++] = f[i].company;
	for (i = 0; i < n; i++)
		names[nn++] = ph[i].operator;
	qsort(names, (size_t)nn, sizeof(*names), by_name);
	for (i = 0, j = 0; i < nn; i++)
		if (!j || strcmp(names[j - 1], names[i]))
			names[j++] = names[i];
	nn = j;
	if (!(cos = calloc((size_t)nn + 1, sizeof(*cos)))) {
		free(names);
		return -1;
	}
	/* figures are sorted by company, phases by operator: each company's are one run */
	for (i = 0; i < nn; i++) {
		struct co *c = &cos[i];
		c->name = names[i];
		c->hyper = hyper_of(c->name, 0);
		for (c->f0 = 0; c->f0 < nf && strcmp(f[c->f0].company, c->name); c->f0++)
			;
		for (c->f1 = c->f0; c->f1 < nf && !strcmp(f[c->f1].company, c->name); c->f1++)
			;
		for (c->p0 = 0; c->p0 < n && strcmp(ph[c->p0].operator, c->name); c->p0++)
			;
		for (c->p1 = c->p0; c->p1 < n && !strcmp(ph[c->p1].operator, c->name); c->p1++)
			;
		c->shown = c->hyper >= 0 || (c->f1 > c->f0 && c->p1 > c->p0);
	}
	free(names);
	*out = cos;
	return nn;
}

int section_capex(struct report *r, sqlite3 *db, const struct cap_params *cp, const struct specs *sp,
		  const struct ships *sh, const struct phase *ph, int n)
{
	struct rsection *s = section_new(r, "capex", "Capex: filed and modelled");
	struct rtable *tf, *tt, *tm, *tc;
	const struct params *ps = r->ps;
	struct fig *f = NULL;
	struct co *cos = NULL, **ord = NULL;
	struct mrow *mr = NULL;
	struct model m;
	char title[160], qa[8], qz[8], ma[8], mz[8], qs[8];
	int nf = 0, nco = 0, nord, nmr = 0, i, j, q, w0, w1 = -1, rc = -1, nfiled = 0, nunknown = 0, anyfiled;
	const int m0 = r->q - MODEL_BEFORE, m1 = r->q + MODEL_AFTER;

	memset(&m, 0, sizeof(m));
	if ((nf = figs_load(db, &f)) < 0)
		return -1;
	if ((nco = cos_build(f, nf, ph, n, &cos)) < 0 || !(ord = malloc((size_t)(nco + 1) * sizeof(*ord))))
		goto oom;
	/* the window: the quarters to the latest one any company of the filed tables has filed */
	for (i = 0; i < nco; i++)
		for (j = cos[i].f0; cos[i].shown && j < cos[i].f1; j++)
			if (!f[j].lease && f[j].months == 3 && f[j].quarter <= r->q && f[j].quarter > w1)
				w1 = f[j].quarter;
	if (!(anyfiled = w1 >= 0))
		w1 = r->q;
	w0 = w1 - WINDOW + 1;
	quarter_fmt(w0, qa);
	quarter_fmt(w1, qz);
	/* the mix of every quarter from the window's first to the last modelled (w0 < m0: w1 <= r->q) */
	m.cp = cp, m.sp = sp, m.ps = ps, m.ph = ph, m.q0 = w0;
	m.usd_mw = param(ps, "facility_usd_per_mw");
	if (!(m.mq = malloc((size_t)(m1 - w0 + 1) * sizeof(*m.mq))))
		goto oom;
	for (q = w0; q <= m1; q++)
		mix_at(sp, sh, ps, q, &m.mq[q - w0]);

	/* filed cash capex by quarter, with finance leases and modelled capex beside it */
	snprintf(title, sizeof(title), "Filed cash capex by quarter, %s-%s (USD millions), modelled beside it", qa, qz);
	tf = rt_new(r, s, "capex_filed", title, filed_cols, 6);
	for (i = 0, nord = 0; i < nco; i++) {
		struct co *c = &cos[i];
		int any = 0;
		c->weight = 0;
		for (q = w0; c->shown && q <= w1; q++) {
			const struct fig *x = fig_at(f, c, 0, 3, q);
			any |= x || fig_at(f, c, 1, 3, q);
			c->weight += x ? x->usd : 0;
		}
		if (any)
			ord[nord++] = c;
	}
	qsort(ord, (size_t)nord, sizeof(*ord), co_by_weight);
	for (i = 0; i < nord; i++) {
		const struct co *c = ord[i];
		for (q = w0; q <= w1; q++) {
			const struct fig *x = fig_at(f, c, 0, 3, q), *l = fig_at(f, c, 1, 3, q);
			double fac, it;
			int row;
			if (!x && !l)
				continue;
			row = rt_row(r, tf);
			quarter_fmt(q, qs);
			ord[i]->tabled = 1;
			rt_str(r, tf, row, 0, c->name);
			rt_str(r, tf, row, 1, qs);
			if (x) {
				rt_num(tf, row, 2, x->usd);
				rt_num(tf, row, 3, x->derived);
				rt_cites(r, tf, row, x->docs);
			}
			if (l) {
				rt_num(tf, row, 4, l->usd);
				rt_cites(r, tf, row, l->docs);
			}
			if (c->p1 > c->p0) {
				modelled(&m, c->p0, c->p1, q, &fac, &it);
				rt_num(tf, row, 5, fac + it);
				cite_phases(r, tf, row, &m, c->p0, c->p1, q);
			}
		}
	}
	rt_note(r, tf, "derived: the quarter's capex is a year-to-date figure less the one before it in the same "
		"fiscal year (Q2 = 6 months - 3, Q3 = 9 - 6, Q4 = 12 - 9); a quarter's finance leases are derived the "
		"same way when not filed. Finance leases are never added to capex. modelled: the capex the model "
		"gives the operator's new capacity in the quarter (blank: no capacity of it in the store).");

	/* trailing twelve months and the latest fiscal year */
	tt = rt_new(r, s, "capex_ttm", "Filed cash capex: trailing twelve months and the latest fiscal year (USD millions)",
		    ttm_cols, 7);
	for (i = 0, nord = 0; i < nco; i++) {
		struct co *c = &cos[i];
		const struct fig *x = fig_latest(f, c, 0, 12, r->q);
		c->weight = x ? x->usd : 0;
		if (c->shown && (x || fig_latest(f, c, 0, 3, r->q)))
			ord[nord++] = c;
	}
	qsort(ord, (size_t)nord, sizeof(*ord), co_by_weight);
	for (i = 0; i < nord; i++) {
		const struct co *c = ord[i];
		const struct fig *last = fig_latest(f, c, 0, 3, r->q), *fy = fig_latest(f, c, 0, 12, r->q);
		int row = rt_row(r, tt);
		ord[i]->tabled = 1;
		rt_str(r, tt, row, 0, c->name);
		if (last) {
			double capex = 0, lease = 0;
			int nc = 0, nl = 0;
			quarter_fmt(last->quarter, qs);
			rt_str(r, tt, row, 1, qs);
			for (q = last->quarter - 3; q <= last->quarter; q++) {
				const struct fig *x = fig_at(f, c, 0, 3, q), *l = fig_at(f, c, 1, 3, q);
				if (x)
					capex += x->usd, nc++;
				if (l)
					lease += l->usd, nl++;
			}
			if (nc == 4) {
				rt_num(tt, row, 2, capex);
				for (q = last->quarter - 3; q <= last->quarter; q++)
					rt_cites(r, tt, row, fig_at(f, c, 0, 3, q)->docs);
			}
			if (nc == 4 && nl == 4) {
				rt_num(tt, row, 3, lease);
				for (q = last->quarter - 3; q <= last->quarter; q++)
					rt_cites(r, tt, row, fig_at(f, c, 1, 3, q)->docs);
			}
		}
		if (fy) {
			const struct fig *l = fig_at(f, c, 1, 12, fy->quarter);
			rt_str(r, tt, row, 4, fy->end);
			rt_num(tt, row, 5, fy->usd);
			rt_cites(r, tt, row, fy->docs);
			if (l) {
				rt_num(tt, row, 6, l->usd);
				rt_cites(r, tt, row, l->docs);
			}
		}
	}
	rt_note(r, tt, "TTM: the four quarters to the company's latest filed quarter, summed only when all four are "
		"in the store (finance leases likewise). year: the latest fiscal year filed (Microsoft's ends in June, "
		"Oracle's in May), as filed.");

	/* modelled capex by operator and quarter, beside the filed quarter */
	quarter_fmt(m0, ma);
	quarter_fmt(m1, mz);
	snprintf(title, sizeof(title), "Modelled capex by operator and quarter, %s-%s, largest first (USD millions), "
		 "filed beside it", ma, mz);
	tm = rt_new(r, s, "capex", title, capex_cols, 8);
	r->capex = tm;
	if (tm)
		tm->top = CAPEX_TOP;
	rt_note(r, tm, "modelled = facility + IT capex of the new IT MW; filed: the operator's cash capex of the "
		"quarter; gap = filed - modelled.");
	if (!(mr = malloc((size_t)(nco * (m1 - m0 + 1) + 1) * sizeof(*mr))))
		goto oom;
	for (i = 0; i < nco; i++) {
		const struct co *c = &cos[i];
		nunknown += !strcmp(c->name, UNKNOWN_OP) && c->p1 > c->p0;
		for (q = m0; q <= m1; q++) {
			struct mrow *x = &mr[nmr];
			memset(x, 0, sizeof(*x));
			x->c = c;
			x->q = q;
			x->filed = c->shown ? fig_at(f, c, 0, 3, q) : NULL;
			x->dmw = c->p1 > c->p0 ? modelled(&m, c->p0, c->p1, q, &x->fac, &x->it) : 0;
			if (x->dmw == 0 && !x->filed)
				continue;
			x->key = fmax(x->fac + x->it, x->filed ? x->filed->usd : 0);
			nmr++;
		}
	}
	if (nmr)
		qsort(mr, (size_t)nmr, sizeof(*mr), mrow_cmp);
	for (i = 0; i < nmr; i++) {
		const struct mrow *x = &mr[i];
		int row = rt_row(r, tm);
		quarter_fmt(x->q, qs);
		rt_str(r, tm, row, 0, shown_name(x->c->name));
		rt_str(r, tm, row, 1, qs);
		rt_num(tm, row, 2, x->dmw);
		rt_num(tm, row, 3, x->fac);
		rt_num(tm, row, 4, x->it);
		rt_num(tm, row, 5, x->fac + x->it);
		if (x->filed) {
			rt_num(tm, row, 6, x->filed->usd);
			rt_num(tm, row, 7, x->filed->usd - x->fac - x->it);
			rt_cites(r, tm, row, x->filed->docs);
			nfiled++;
		}
		cite_phases(r, tm, row, &m, x->c->p0, x->c->p1, x->q);
	}

	/* chart data: filed and modelled by company and quarter, from the window to the last modelled quarter */
	tc = rt_new(r, s, "capex_chart", "Capex by company and quarter: filed and modelled (chart data)", chart_cols, 5);
	if (tc)
		tc->data_only = 1;
	for (i = 0, nord = 0; i < nco; i++) {
		struct co *c = &cos[i];
		double filed = 0, model = 0, fac, it;
		int any = 0;
		for (q = w0; q <= m1; q++) {
			const struct fig *x = c->shown && q <= r->q ? fig_at(f, c, 0, 3, q) : NULL;
			if (x)
				filed += fabs(x->usd), any = 1;
			if (c->p1 > c->p0 && modelled(&m, c->p0, c->p1, q, &fac, &it) != 0 && fac + it > 0)
				model += fac + it, any = 1;
		}
		c->weight = filed + model;
		if (any)
			ord[nord++] = c;
	}
	qsort(ord, (size_t)nord, sizeof(*ord), co_by_weight);
	for (i = 0; i < nord; i++) {
		const struct co *c = ord[i];
		for (q = w0; q <= m1; q++) {
			const struct fig *x = c->shown && q <= r->q ? fig_at(f, c, 0, 3, q) : NULL;
			double fac, it, dmw = c->p1 > c->p0 ? modelled(&m, c->p0, c->p1, q, &fac, &it) : 0;
			int row = rt_row(r, tc);
			quarter_fmt(q, qs);
			rt_str(r, tc, row, 0, shown_name(c->name));
			rt_str(r, tc, row, 1, qs);
			rt_num(tc, row, 4, x && x->derived);
			if (x) {
				rt_num(tc, row, 2, x->usd);
				rt_cites(r, tc, row, x->docs);
			}
			if (dmw != 0) {
				rt_num(tc, row, 3, fac + it);
				cite_phases(r, tc, row, &m, c->p0, c->p1, q);
			}
		}
	}

	/* what the tables are */
	section_say(r, s, "Filed capex is the cash paid for property and equipment as filed with the SEC (v_capex: the "
		    "consolidated entity, one concept per company and period, PaymentsToAcquirePropertyPlantAndEquipment "
		    "before PaymentsToAcquireProductiveAssets), in the calendar quarter its period ends, for the %d "
		    "quarters %s-%s: those to %s (the report's quarter is %s). A derived quarter is a year-to-date figure less the one before it in the same fiscal year "
		    "(Q4 = fiscal year - 9 months). TTM sums the latest four quarters, only when all four are in the "
		    "store. Finance-lease principal payments are beside capex, never added to it.",
		    WINDOW, qa, qz, anyfiled ? "the latest quarter filed by a company of the table" : "the report's quarter, as "
		    "no company of the table has filed a quarter", r->quarter);
	say_coverage(r, s, db, f, cos, nco, w0, w1);
	say_left_out(r, s, db, cos, nco);
	{
		struct mix gb;
		double accels, itb;
		int kb = spec_match(sp, "GB200");
		memset(&gb, 0, sizeof(gb));
		if (kb >= 0) {
			gb.share[kb] = 1;
			itb = capex_it(sp, ps, &gb, 1000, &accels);
			section_say(r, s, "Modelled capex: facility capex is new expected IT MW x %.2f million USD per MW; IT "
				    "capex fills the new MW with the generation mix at all-in system cost. Sanity check: 1 GW "
				    "of IT of GB200 costs %.1f billion USD with these parameters (%.0f accelerators at "
				    "accel_share %.2f; Epoch AI and Bernstein put an all-GB200 campus at 35-40 billion per "
				    "GW).", m.usd_mw / 1e6, (capex_facility(1000, m.usd_mw) + itb) / 1e9, accels,
				    param(ps, "accel_share"));
		}
	}
	section_say(r, s, "Modelled beside filed: an operator's filed quarter is matched by the company the store "
		    "resolved (its CIK for a hyperscaler); %d operator-quarter%s of the modelled table %s a filing. The "
		    "gap (filed minus modelled) is a figure, not an error: filings include non-AI and non-datacenter "
		    "spending (Amazon's includes retail) and capacity not in the store.%s", nfiled,
		    nfiled == 1 ? "" : "s", nfiled == 1 ? "has" : "have",
		    nunknown ? " Capacity whose documents name no operator is \"" NOT_STATED "\"." : "");
	rc = r->oom ? -1 : 0;
	goto out;
oom:
	r->oom = 1;
	gw_error("capex: out of memory");
out:
	figs_free(f, nf);
	free(cos);
	free(ord);
	free(mr);
	free(m.mq);
	return rc;
}
