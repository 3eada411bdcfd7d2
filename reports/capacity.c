#include "capacity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"
#include "lib/msg.h"

#include "lib/banned.h"

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

/* A new zeroed phase at the end of *ph (n used of cap); NULL when out of memory. */
static struct phase *phase_push(struct phase **ph, int *n, int *cap)
{
	if (*n == *cap) {
		int nc = *cap ? 2 * *cap : 64;
		struct phase *t = realloc(*ph, (size_t)nc * sizeof(**ph));
		if (!t)
			return NULL;
		*ph = t;
		*cap = nc;
	}
	memset(&(*ph)[*n], 0, sizeof(**ph));
	return &(*ph)[(*n)++];
}

/*
 * The phases of the capacity model from the resolved layer (v_site_capacity,
 * one figure per site and quarter): each site's figure is cumulative, so
 * every change from one quarter to the next is a phase energized in that
 * quarter with the status the figure has there (an increase stated as under
 * construction waits for its lag; a decrease is a retirement, operational).
 * Figures of basis unknown are never in v_site_capacity: their stated MW comes
 * from v_capacity_current.
 */
int phases_load(sqlite3 *db, const struct cap_params *p, struct phase **out, double *unknown_mw)
{
	static const char sql[] =
		"WITH acc AS (SELECT site_id, max(accelerator) AS accelerator FROM v_capacity_current"
		"  WHERE accelerator IS NOT NULL AND site_id IS NOT NULL GROUP BY site_id)"
		" SELECT c.site_id, coalesce(s.operator_id, s.operator_raw, 'operator not stated'), s.name,"
		" coalesce(s.state, s.country, '(not stated)'), c.q_from, c.mw_stated, c.basis_stated,"
		" c.mw_it, c.status, c.doc, acc.accelerator, c.it_stated, c.facility_stated, c.utility_stated, c.q_to"
		" FROM site_capacity c JOIN sites s ON s.id = c.site_id"
		" LEFT JOIN acc ON acc.site_id = c.site_id ORDER BY c.site_id, c.q_from";
	sqlite3_stmt *st;
	struct phase *ph = NULL;
	int n = 0, cap = 0, rc;
	long long site = -1;
	double prev = 0;
	int prev_to = -1;

	*out = NULL;
	*unknown_mw = 0;
	if (sqlite3_prepare_v2(db, "SELECT coalesce(sum(mw), 0) FROM v_capacity_current WHERE mw_basis = 'unknown'",
			       -1, &st, NULL) != SQLITE_OK) {
		gw_error("capacity: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		*unknown_mw = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		gw_error("capacity: %s", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		int qfrom = sqlite3_column_int(st, 4), qto = sqlite3_column_int(st, 14), pass;
		const char *basis = (const char *)sqlite3_column_text(st, 6);
		const char *status = (const char *)sqlite3_column_text(st, 8);
		const char *doc = (const char *)sqlite3_column_text(st, 9);
		double mw = sqlite3_column_double(st, 5), it;
		int si = cap_status_index(status ? status : "");

		if (id != site) {
			site = id;
			prev = 0;
			prev_to = -1;
		}
		it = sqlite3_column_double(st, 11) + mw_to_it(p, sqlite3_column_double(st, 12), "facility") +
		     mw_to_it(p, sqlite3_column_double(st, 13), "utility");
		if (it < 0 || si < 0)
			continue;
		/* pass 0: no figure between two spans, the site's figure fell to nothing there; pass 1: the span */
		for (pass = 0; pass < 2; pass++) {
			int q = pass ? qfrom : prev_to + 1, s2 = pass ? si : 0;
			double v = pass ? it : 0, delta = v - prev;
			struct phase *x;
			char name[16], quarter[8];
			if (!pass && !(prev_to >= 0 && qfrom > prev_to + 1))
				continue;
			prev = v;
			if (fabs(delta) < 1e-9)
				continue;
			if (delta < 0)
				s2 = 0;	/* a retirement: as stated, no lag */
			if (!(x = phase_push(&ph, &n, &cap)))
				goto oom;
			quarter_fmt(q, quarter);
			snprintf(name, sizeof(name), "from %s", quarter);
			x->site_id = id;
			x->operator = dup0(sqlite3_column_text(st, 1));
			x->site = dup0(sqlite3_column_text(st, 2));
			x->phase = dup0((const unsigned char *)name);
			x->region = dup0(sqlite3_column_text(st, 3));
			x->accelerator = dup0(sqlite3_column_text(st, 10));
			snprintf(x->basis, sizeof(x->basis), "%s", basis ? basis : "");
			snprintf(x->doc, sizeof(x->doc), "%s", doc ? doc : "");
			x->status = s2;
			x->mw = it == 0 ? 0 : mw * delta / it;
			x->it = delta;
			x->dated = 1;
			x->qexp = q;
			if (!x->operator || !x->site || !x->region || !x->phase)
				goto oom;
		}
		prev_to = qto;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("capacity: %s", sqlite3_errmsg(db));
		phases_free(ph, n);
		return -1;
	}
	/* campus totals stated beside their phases (not by a timeline): caps, said when exceeded */
	if (sqlite3_prepare_v2(db,
		"WITH cur AS MATERIALIZED (SELECT site_id, doc, phase, mw, mw_basis, operator, site, state, country"
		"  FROM v_capacity_current WHERE status <> 'cancelled' AND site_id IS NOT NULL),"
		" ph AS (SELECT site_id, doc, group_concat(mw || ' ' || mw_basis, ';') AS list FROM cur"
		"  WHERE phase IS NOT NULL GROUP BY site_id, doc)"
		" SELECT coalesce(c.operator, 'operator not stated'), c.site, coalesce(c.state, c.country, '(not stated)'),"
		" c.mw, c.mw_basis, c.doc, ph.list"
		" FROM cur c JOIN ph ON ph.site_id = c.site_id AND ph.doc = c.doc"
		" LEFT JOIN documents d ON d.sha256 = c.doc"
		" WHERE c.phase IS NULL AND coalesce(d.parser, '') <> 'epoch-timelines'"
		, -1, &st, NULL) != SQLITE_OK) {
		gw_error("capacity: %s", sqlite3_errmsg(db));
		phases_free(ph, n);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *basis = (const char *)sqlite3_column_text(st, 4), *list = (const char *)sqlite3_column_text(st, 6);
		double sum = 0;
		struct phase *x;
		while (list && *list) {	/* "200.0 it;570.0 facility" */
			char b[16] = "";
			double mw = strtod(list, NULL), it;
			const char *sp = strchr(list, ' '), *semi = strchr(list, ';');
			if (sp)
				snprintf(b, sizeof(b), "%.*s", (int)((semi ? semi : sp + strlen(sp)) - sp - 1), sp + 1);
			if ((it = mw_to_it(p, mw, b)) > 0)
				sum += it;
			list = semi ? semi + 1 : "";
		}
		if (!(x = phase_push(&ph, &n, &cap)))
			goto oom;
		x->operator = dup0(sqlite3_column_text(st, 0));
		x->site = dup0(sqlite3_column_text(st, 1));
		x->region = dup0(sqlite3_column_text(st, 2));
		snprintf(x->basis, sizeof(x->basis), "%s", basis ? basis : "");
		snprintf(x->doc, sizeof(x->doc), "%s", (const char *)sqlite3_column_text(st, 5));
		x->mw = sqlite3_column_double(st, 3);
		x->it = mw_to_it(p, x->mw, basis ? basis : "unknown");
		x->campus_cap = 1;
		x->phases_it = sum;
		x->status = 5;
		if (!x->operator || !x->site || !x->region)
			goto oom;
	}
	sqlite3_finalize(st);
	if (n)
		qsort(ph, (size_t)n, sizeof(*ph), phase_cmp);
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
