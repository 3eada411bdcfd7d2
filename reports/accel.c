#include "accel.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/dates.h"
#include "lib/msg.h"

#include "lib/banned.h"

double accel_kw_it(double tdp_w, double server_factor, double network_factor)
{
	return tdp_w / 1000 * server_factor * network_factor;
}

double accel_count(double mw_it, double accel_share, double kw_it)
{
	return kw_it > 0 ? mw_it * 1000 * accel_share / kw_it : 0;
}

double accel_h100e(double n, double ops8, double h100_ops8)
{
	return h100_ops8 > 0 ? n * ops8 / h100_ops8 : 0;
}

int specs_load(sqlite3 *db, struct specs *sp)
{
	sqlite3_stmt *st;
	int rc;

	sp->n = 0;
	if (sqlite3_prepare_v2(db, "SELECT sku, tdp_w, ops8, unit_cost_usd FROM accelerator_specs ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK) {
		gw_error("accelerator_specs: %s", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && sp->n < ACCEL_MAX) {
		struct spec *s = &sp->s[sp->n++];
		memset(s, 0, sizeof(*s));
		snprintf(s->sku, sizeof(s->sku), "%s", (const char *)sqlite3_column_text(st, 0));
		s->tdp_w = sqlite3_column_double(st, 1);
		s->ops8 = sqlite3_column_double(st, 2);
		s->unit_cost = sqlite3_column_double(st, 3);
	}
	sqlite3_finalize(st);
	return 0;
}

/* 1 if every word (run of letters and digits) of sku is a word of name, ignoring case. */
static int words_in(const char *sku, const char *name)
{
	const char *w = sku;

	for (;;) {
		const char *n = name;
		size_t len;
		int found = 0;

		while (*w && !isalnum((unsigned char)*w))
			w++;
		if (!*w)
			return 1;
		for (len = 0; isalnum((unsigned char)w[len]); len++)
			;
		while (*n && !found) {
			size_t k;
			while (*n && !isalnum((unsigned char)*n))
				n++;
			for (k = 0; isalnum((unsigned char)n[k]); k++)
				;
			if (k == len && !strncasecmp(n, w, len))
				found = 1;
			n += k;
		}
		if (!found)
			return 0;
		w += len;
	}
}

int specs_use_loaded(sqlite3 *db, struct specs *sp)
{
	sqlite3_stmt *st;
	int k, n = 0;

	if (sqlite3_prepare_v2(db, "SELECT sku, tdp_w, ops8, unit_cost_usd, doc FROM v_accelerators"
			       " WHERE tdp_w > 0 ORDER BY tdp_w DESC, sku", -1, &st, NULL) != SQLITE_OK) {
		gw_error("v_accelerators: %s", sqlite3_errmsg(db));
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		for (k = 0; name && k < sp->n; k++) {
			struct spec *s = &sp->s[k];
			if (s->loaded[0] || !words_in(s->sku, name))
				continue;
			snprintf(s->loaded, sizeof(s->loaded), "%s", name);
			snprintf(s->doc, sizeof(s->doc), "%s", (const char *)sqlite3_column_text(st, 4));
			s->tdp_w = sqlite3_column_double(st, 1);
			if (sqlite3_column_type(st, 2) != SQLITE_NULL)
				s->ops8 = sqlite3_column_double(st, 2);
			if (sqlite3_column_type(st, 3) != SQLITE_NULL)
				s->unit_cost = sqlite3_column_double(st, 3);
			n++;
		}
	}
	sqlite3_finalize(st);
	return n;
}

/* Lower case, letters and digits only: "TPU v5p" -> "tpuv5p", "Instinct MI300X" -> "instinctmi300x" */
static void squash(const char *s, char *out, size_t max)
{
	size_t n = 0;

	for (; *s && n + 1 < max; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = 0;
}

int spec_match(const struct specs *sp, const char *name)
{
	static const char *const alias[][2] = {
		{ "gb200", "B200" }, { "gb300", "B300" }, { "a800", "A100" }, { "h800", "H100" },
		{ "instinctmi300x", "MI300X" }, { "instinctmi355x", "MI355X" },
		{ "tpuv7ironwood", "TPU v7" }, { "trn2", "Trainium2" },
	};
	char a[64], b[64];
	size_t i;
	int k;

	squash(name, a, sizeof(a));
	for (i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (!strcmp(a, alias[i][0])) {
			squash(alias[i][1], a, sizeof(a));
			break;
		}
	for (k = 0; k < sp->n; k++) {
		squash(sp->s[k].sku, b, sizeof(b));
		if (!strcmp(a, b))
			return k;
	}
	return -1;
}

void ships_free(struct ships *sh)
{
	free(sh->s);
	free(sh->cum);
	memset(sh, 0, sizeof(*sh));
}

static int push(struct ship **v, int *n, const struct ship *x)
{
	if ((*n & (*n - 1)) == 0) {	/* grow at powers of two */
		struct ship *t = realloc(*v, (size_t)(*n ? 2 * *n : 1) * sizeof(**v));
		if (!t)
			return -1;
		*v = t;
	}
	(*v)[(*n)++] = *x;
	return 0;
}

int ships_load(sqlite3 *db, const struct specs *sp, const struct params *ps, struct ships *sh)
{
	sqlite3_stmt *st;
	int rc;
	double h100 = param(ps, "h100_ops8");

	memset(sh, 0, sizeof(*sh));
	if (sqlite3_prepare_v2(db, "SELECT designer, sku, quarter, units, h100e, doc FROM v_shipments"
			       " ORDER BY quarter, designer, sku", -1, &st, NULL) != SQLITE_OK) {
		gw_error("shipments: %s", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ship x;
		const char *q = (const char *)sqlite3_column_text(st, 2);

		memset(&x, 0, sizeof(x));
		snprintf(x.designer, sizeof(x.designer), "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(x.sku, sizeof(x.sku), "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(x.doc, sizeof(x.doc), "%s", (const char *)sqlite3_column_text(st, 5));
		if (!q || quarter_parse(q, strlen(q), &x.quarter))
			continue;
		x.units = sqlite3_column_double(st, 3);
		x.spec = spec_match(sp, x.sku);
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			x.h100e = sqlite3_column_double(st, 4);
		else if (x.spec >= 0)
			x.h100e = accel_h100e(x.units, sp->s[x.spec].ops8, h100);
		if (push(!strcmp(x.sku, "cumulative") ? &sh->cum : &sh->s,
			 !strcmp(x.sku, "cumulative") ? &sh->ncum : &sh->n, &x)) {
			sqlite3_finalize(st);
			ships_free(sh);
			gw_error("shipments: out of memory");
			return -1;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void mix_at(const struct specs *sp, const struct ships *sh, const struct params *ps, int q,
	    struct mix *m)
{
	int lag = (int)lround(param(ps, "deploy_lag")), life = (int)lround(4 * param(ps, "accel_life_years"));
	double tot = 0;
	int i, k;

	memset(m, 0, sizeof(*m));
	if (sh->n && !params_overridden(ps, "mix_")) {
		for (i = 0; i < sh->n; i++) {
			const struct ship *x = &sh->s[i];
			if (x->spec < 0 || x->quarter > q - lag || x->quarter <= q - lag - life)
				continue;
			m->share[x->spec] += x->units * sp->s[x->spec].tdp_w;
		}
		for (k = 0; k < sp->n; k++)
			tot += m->share[k];
		if (tot > 0) {
			for (k = 0; k < sp->n; k++)
				m->share[k] /= tot;
			m->from = MIX_SHIPMENTS;
			return;
		}
	}
	m->from = MIX_PARAMS;
	for (i = 0; i < ps->n; i++) {
		if (strncmp(ps->p[i].name, "mix_", 4) || ps->p[i].value <= 0)
			continue;
		if ((k = spec_match(sp, ps->p[i].name + 4)) < 0)
			continue;
		m->share[k] += ps->p[i].value;
		tot += ps->p[i].value;
	}
	for (k = 0; k < sp->n && tot > 0; k++)
		m->share[k] /= tot;
}

double accel_fill(const struct specs *sp, const struct params *ps, const struct mix *m, double mw_it,
		  double per[ACCEL_MAX])
{
	double sf = param(ps, "server_factor"), nf = param(ps, "network_factor");
	double share = param(ps, "accel_share"), tot = 0;
	int k;

	for (k = 0; k < sp->n; k++) {
		double n = m->share[k] > 0 ?
			accel_count(m->share[k] * mw_it, share, accel_kw_it(sp->s[k].tdp_w, sf, nf)) : 0;
		if (per)
			per[k] = n;
		tot += n;
	}
	return tot;
}

double shipped_h100e(const struct ships *sh, const struct specs *sp, const struct params *ps, int q)
{
	int lag = (int)lround(param(ps, "deploy_lag")), life = (int)lround(4 * param(ps, "accel_life_years"));
	double tot = 0;
	int i;

	(void)sp;
	for (i = 0; i < sh->n; i++)
		if (sh->s[i].quarter <= q - lag && sh->s[i].quarter > q - lag - life)
			tot += sh->s[i].h100e;
	return tot;
}
