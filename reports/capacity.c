#include "capacity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/msg.h"
#include "../lib/timeq.h"

const char *const cap_status_names[CAP_NSTATUS] = {
	"operational", "under_construction", "permitted", "announced", "rumored", "cancelled",
};

void cap_params_default(struct cap_params *p)
{
	static const double pb[CAP_NSTATUS] = { 1.00, 0.90, 0.60, 0.20, 0.05, 0 };
	static const int lag[CAP_NSTATUS] = { 0, 1, 4, 8, 12, 0 };

	p->pue = 1.14;
	p->utility_headroom = 0.9;
	p->ramp_quarters = 2;
	memcpy(p->p_build, pb, sizeof(pb));
	memcpy(p->lag, lag, sizeof(lag));
}

void cap_params_from(struct cap_params *p, const struct params *ps)
{
	char name[64];
	int i;

	cap_params_default(p);
	p->pue = param(ps, "pue");
	p->utility_headroom = param(ps, "utility_headroom");
	p->ramp_quarters = (int)lround(param(ps, "ramp_quarters"));
	for (i = 0; i < CAP_NSTATUS - 1; i++) {
		double v;
		snprintf(name, sizeof(name), "p_build_%s", cap_status_names[i]);
		if (!isnan(v = param(ps, name)))
			p->p_build[i] = v;
		snprintf(name, sizeof(name), "lag_%s", cap_status_names[i]);
		if (!isnan(v = param(ps, name)))
			p->lag[i] = (int)lround(v);
	}
}

int cap_status_index(const char *s)
{
	int i;

	for (i = 0; i < CAP_NSTATUS; i++)
		if (!strcmp(s, cap_status_names[i]))
			return i;
	return -1;
}

double mw_to_it(const struct cap_params *p, double mw, const char *basis)
{
	if (!strcmp(basis, "it"))
		return mw;
	if (!strcmp(basis, "facility"))
		return mw / p->pue;
	if (!strcmp(basis, "utility"))
		return mw * p->utility_headroom / p->pue;
	return -1;
}

static char *dup0(const unsigned char *s)
{
	return s && *s ? strdup((const char *)s) : NULL;
}

void phases_free(struct phase *ph, int n)
{
	int i;

	for (i = 0; ph && i < n; i++) {
		free(ph[i].operator);
		free(ph[i].site);
		free(ph[i].phase);
		free(ph[i].region);
		free(ph[i].accelerator);
	}
	free(ph);
}

/* Order of phases: operator, site, then phase with a missing phase (a campus total) first. */
static int phase_cmp(const void *a, const void *b)
{
	const struct phase *x = a, *y = b;
	int c = strcmp(x->operator, y->operator);

	if (!c)
		c = strcmp(x->site, y->site);
	if (!c)
		c = !x->phase ? (y->phase ? -1 : 0) : !y->phase ? 1 : strcmp(x->phase, y->phase);
	return c;
}

/* Phases come sorted by phase_cmp. */
static void mark_campus_caps(struct phase *ph, int n)
{
	int i = 0, j, k;

	while (i < n) {
		double sum = 0;
		int phased = 0;
		for (j = i; j < n && !strcmp(ph[j].operator, ph[i].operator) && !strcmp(ph[j].site, ph[i].site); j++)
			if (ph[j].phase) {
				phased = 1;
				if (ph[j].status != 5)
					sum += ph[j].it;
			}
		for (k = i; phased && k < j; k++)
			if (!ph[k].phase) {
				ph[k].campus_cap = 1;
				ph[k].phases_it = sum;
			}
		i = j;
	}
}

int phases_load(sqlite3 *db, const struct cap_params *p, struct phase **out, double *unknown_mw)
{
	static const char sql[] =
		"SELECT coalesce(operator, '(unknown)'), site, phase, coalesce(state, country, '(not stated)'),"
		" mw, mw_basis, status, expected_online, as_of, accelerator, doc"
		" FROM v_capacity_current ORDER BY coalesce(operator, '(unknown)'), site, phase";
	sqlite3_stmt *st;
	struct phase *ph = NULL;
	int n = 0, cap = 0, rc;

	*out = NULL;
	*unknown_mw = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		gw_error("capacity: %s", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *basis = (const char *)sqlite3_column_text(st, 5);
		const char *status = (const char *)sqlite3_column_text(st, 6);
		const char *exp = (const char *)sqlite3_column_text(st, 7);
		const char *asof = (const char *)sqlite3_column_text(st, 8);
		const char *doc = (const char *)sqlite3_column_text(st, 10);
		double mw = sqlite3_column_double(st, 4), it = mw_to_it(p, mw, basis ? basis : "unknown");
		struct phase *x;
		char qs[8];
		int si = cap_status_index(status ? status : "");

		if (it < 0) {
			*unknown_mw += mw;
			continue;
		}
		if (si < 0)
			continue;	/* the store validates status: cannot happen */
		if (n == cap) {
			struct phase *t = realloc(ph, (size_t)(cap = cap ? 2 * cap : 64) * sizeof(*ph));
			if (!t)
				goto oom;
			ph = t;
		}
		x = &ph[n++];
		memset(x, 0, sizeof(*x));
		x->operator = dup0(sqlite3_column_text(st, 0));
		x->site = dup0(sqlite3_column_text(st, 1));
		x->phase = dup0(sqlite3_column_text(st, 2));
		x->region = dup0(sqlite3_column_text(st, 3));
		x->accelerator = dup0(sqlite3_column_text(st, 9));
		snprintf(x->basis, sizeof(x->basis), "%s", basis);
		snprintf(x->doc, sizeof(x->doc), "%s", doc ? doc : "");
		x->status = si;
		x->mw = mw;
		x->it = it;
		/* expected energization: the stated quarter or date, else the quarter the document speaks of */
		x->dated = 1;
		if (exp && strlen(exp) == 6 && !quarter_parse(exp, 6, &x->qexp))
			;
		else if (exp && !quarter_of_date(exp, qs) && !quarter_parse(qs, 6, &x->qexp))
			;
		else {
			x->dated = 0;
			if (!asof || quarter_of_date(asof, qs) || quarter_parse(qs, 6, &x->qexp))
				x->qexp = 0;
		}
		if (!x->operator || !x->site || !x->region)
			goto oom;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("capacity: %s", sqlite3_errmsg(db));
		phases_free(ph, n);
		return -1;
	}
	if (n)
		qsort(ph, (size_t)n, sizeof(*ph), phase_cmp);
	mark_campus_caps(ph, n);
	*out = ph;
	return n;
oom:
	sqlite3_finalize(st);
	phases_free(ph, n);
	gw_error("capacity: out of memory");
	return -1;
}

double phase_expected(const struct cap_params *p, const struct phase *ph, int q)
{
	int on;
	double ramp;

	if (ph->status == 5 || ph->campus_cap)
		return 0;
	if (ph->status == 0)
		return phase_low(ph, q);
	on = ph->qexp + p->lag[ph->status];
	if (q < on)
		return 0;
	ramp = p->ramp_quarters > 0 ? fmin(1.0, (double)(q - on + 1) / p->ramp_quarters) : 1.0;
	return ph->it * p->p_build[ph->status] * ramp;
}

double phase_low(const struct phase *ph, int q)
{
	/* operational: online from the quarter it is stated in; undated figures count as online now */
	if (ph->status != 0 || ph->campus_cap)
		return 0;
	return !ph->dated || q >= ph->qexp ? ph->it : 0;
}

double phase_high(const struct phase *ph, int q)
{
	if (ph->status == 5 || ph->campus_cap)
		return 0;
	if (ph->status == 0)
		return phase_low(ph, q);
	return q >= ph->qexp ? ph->it : 0;
}
