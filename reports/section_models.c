/*
 * The accelerators section: accelerators that fill the capacity and tightness
 * against shipments (docs/models.md 3 and 5). The capex section is section_capex.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/dates.h"
#include "lib/msg.h"
#include "capex.h"
#include "sections.h"

#include "lib/banned.h"

static const struct rcol acc_cols[] = {
	{ "quarter", "quarter", CF_TEXT }, { "sku", "SKU", CF_TEXT },
	{ "accelerators", "accelerators", CF_COUNT }, { "h100e", "H100e", CF_COUNT },
	{ "mw_it", "IT MW", CF_MW },
};
static const struct rcol grid_cols[] = {
	{ "sku", "SKU", CF_TEXT },
	{ "units_now", "units now", CF_COUNT }, { "units_4q", "units +4q", CF_COUNT },
	{ "units_8q", "units +8q", CF_COUNT }, { "h100e_now", "H100e now", CF_COUNT },
	{ "h100e_4q", "H100e +4q", CF_COUNT }, { "h100e_8q", "H100e +8q", CF_COUNT },
};
static const struct rcol tight_cols[] = {
	{ "quarter", "quarter", CF_TEXT }, { "capacity_h100e", "H100e capacity", CF_COUNT },
	{ "shipped_h100e", "H100e shipped in service", CF_COUNT },
	{ "ever_shipped_h100e", "H100e ever shipped", CF_COUNT }, { "tightness", "tightness", CF_RATIO },
	{ "shipments", "shipments", CF_TEXT },
};
static const struct rcol spec_cols[] = {
	{ "sku", "SKU", CF_TEXT }, { "tdp_w", "TDP W", CF_COUNT }, { "kw_it", "IT kW each", CF_RATIO },
	{ "kw_facility", "facility kW", CF_RATIO }, { "ops8", "8-bit TOP/s", CF_COUNT },
	{ "system_usd", "system $ each", CF_COUNT }, { "mix_share", "mix now", CF_RATIO },
	{ "loaded_from", "loaded spec", CF_TEXT },
};

/* Spec row a phase's own accelerator tag names, or -1 (then the mix applies). */
static int phase_spec(const struct specs *sp, const struct phase *p)
{
	return p->accelerator ? spec_match(sp, p->accelerator) : -1;
}

/* Accelerators by spec row in mw of new or online IT MW of phase p at quarter q. */
static void fill_phase(const struct specs *sp, const struct params *ps, const struct mix *m,
		       const struct phase *p, double mw, double per[ACCEL_MAX])
{
	double one[ACCEL_MAX];
	int k = phase_spec(sp, p), j;

	if (k >= 0) {
		struct mix tag;
		memset(&tag, 0, sizeof(tag));
		tag.share[k] = 1;
		accel_fill(sp, ps, &tag, mw, one);
	} else {
		accel_fill(sp, ps, m, mw, one);
	}
	for (j = 0; j < sp->n; j++)
		per[j] += one[j];
}

/* H100e of every accelerator shipped up to q - deploy_lag, none retired. */
static double ever_shipped_h100e(const struct ships *sh, const struct params *ps, int q)
{
	int lag = (int)lround(param(ps, "deploy_lag")), i;
	double tot = 0;

	for (i = 0; i < sh->n; i++)
		if (sh->s[i].quarter <= q - lag)
			tot += sh->s[i].h100e;
	return tot;
}

/* Capacity-implied accelerators at q by spec row (per), their IT MW (mwk); returns the H100e. */
static double implied(struct report *r, const struct cap_params *cp, const struct specs *sp,
		      const struct phase *ph, int n, int q, const struct mix *m, double per[ACCEL_MAX],
		      double mwk[ACCEL_MAX])
{
	double h100 = param(r->ps, "h100_ops8"), tot = 0;
	int j, k;

	memset(per, 0, ACCEL_MAX * sizeof(*per));
	memset(mwk, 0, ACCEL_MAX * sizeof(*mwk));
	for (j = 0; j < n; j++) {
		double e = phase_expected(cp, &ph[j], q);
		int pk = phase_spec(sp, &ph[j]);
		if (e <= 0)
			continue;
		fill_phase(sp, r->ps, m, &ph[j], e, per);
		for (k = 0; k < sp->n; k++)
			mwk[k] += pk >= 0 ? (k == pk ? e : 0) : e * m->share[k];
	}
	for (k = 0; k < sp->n; k++)
		tot += accel_h100e(per[k], sp->s[k].ops8, h100);
	return tot;
}

int section_accel(struct report *r, const struct cap_params *cp, const struct specs *sp, const struct ships *sh,
		  const struct phase *ph, int n)
{
	struct rsection *s = section_new(r, "accelerators", "Accelerators: what the capacity holds");
	struct rtable *g = rt_new(r, s, "accelerator_grid", "Installed accelerators by SKU, from the capacity "
				  "(units and H100-equivalents)", grid_cols, 7);
	struct rtable *t = rt_new(r, s, "accelerators", "Capacity-implied accelerators by quarter and generation",
				  acc_cols, 5);
	struct rtable *ti = NULL, *st;
	const struct params *ps = r->ps;
	double h100 = param(ps, "h100_ops8"), sf = param(ps, "server_factor"), nf = param(ps, "network_factor");
	double gu[3][ACCEL_MAX], gh[3][ACCEL_MAX];
	int lag = (int)lround(param(ps, "deploy_lag")), last_ship = -1, first_q = r->q, read_q = -1;
	double read_cap = 0, read_ship = 0, read_ever = 0;
	struct mix m0;
	int i, k, j;

	memset(gu, 0, sizeof(gu));
	memset(gh, 0, sizeof(gh));
	memset(&m0, 0, sizeof(m0));
	if (t)
		t->data_only = 1;	/* every quarter and SKU: CSV and JSON; the grid shows three quarters */
	for (j = 0; j < sh->n; j++)
		if (sh->s[j].quarter > last_ship)
			last_ship = sh->s[j].quarter;
	/* tightness from the last quarter whose shipments are all known, when before the report's */
	if (sh->n) {
		ti = rt_new(r, s, "tightness", "Demand vs supply: capacity-implied H100e over shipped H100e in service",
			    tight_cols, 6);
		if (last_ship + lag < first_q)
			first_q = last_ship + lag;
	}
	for (int q = first_q; q < r->q + REP_QUARTERS; q++) {
		int i0 = q - r->q;
		double per[ACCEL_MAX], mwk[ACCEL_MAX], tot_h;
		char qs[8];
		struct mix m;

		mix_at(sp, sh, ps, q, &m);
		if (q == r->q)
			m0 = m;
		quarter_fmt(q, qs);
		tot_h = implied(r, cp, sp, ph, n, q, &m, per, mwk);
		for (k = 0; k < sp->n && i0 >= 0; k++) {
			int row;
			if (i0 % 4 == 0) {
				gu[i0 / 4][k] = per[k];
				gh[i0 / 4][k] = accel_h100e(per[k], sp->s[k].ops8, h100);
			}
			if (per[k] < 0.5)
				continue;
			row = rt_row(r, t);
			rt_str(r, t, row, 0, qs);
			rt_str(r, t, row, 1, sp->s[k].sku);
			rt_num(t, row, 2, per[k]);
			rt_num(t, row, 3, accel_h100e(per[k], sp->s[k].ops8, h100));
			rt_num(t, row, 4, mwk[k]);
			for (j = 0; j < n; j++) {
				int pk = phase_spec(sp, &ph[j]);
				if ((pk == k || (pk < 0 && m.share[k] > 0)) && phase_expected(cp, &ph[j], q) > 0)
					rt_cite(r, t, row, ph[j].doc);
			}
			if (m.from == MIX_SHIPMENTS)
				for (j = 0; j < sh->n; j++)
					if (sh->s[j].spec == k && sh->s[j].quarter <= q - lag)
						rt_cite(r, t, row, sh->s[j].doc);
		}
		if (ti) {
			double shipped = shipped_h100e(sh, sp, ps, q), ever = ever_shipped_h100e(sh, ps, q);
			int row = rt_row(r, ti), known = q - lag <= last_ship;
			rt_str(r, ti, row, 0, qs);
			rt_num(ti, row, 1, tot_h);
			rt_num(ti, row, 2, shipped);
			rt_num(ti, row, 3, ever);
			if (known && shipped > 0) {
				rt_num(ti, row, 4, tot_h / shipped);
				rt_str(r, ti, row, 5, "known");
				read_q = q, read_cap = tot_h, read_ship = shipped, read_ever = ever;
			} else {
				rt_str(r, ti, row, 5, "partial");
			}
			for (j = 0; j < sh->n; j++)
				if (sh->s[j].quarter <= q - lag)
					rt_cite(r, ti, row, sh->s[j].doc);
		}
	}
	/* the grid: each SKU at the report's quarter, 4 and 8 quarters on; then all of them */
	for (k = 0; k <= sp->n && g; k++) {
		int row, c;
		double any = 0;
		if (k < sp->n)
			for (c = 0; c < 3; c++)
				any += gu[c][k];
		if (k < sp->n && any < 0.5)
			continue;
		row = rt_row(r, g);
		rt_str(r, g, row, 0, k < sp->n ? sp->s[k].sku : "all");
		for (c = 0; c < 3; c++) {
			double u = 0, h = 0;
			if (k < sp->n) {
				u = gu[c][k], h = gh[c][k];
			} else {
				for (j = 0; j < sp->n; j++)
					u += gu[c][j], h += gh[c][j];
			}
			rt_num(g, row, 1 + c, u);
			rt_num(g, row, 4 + c, h);
		}
	}
	if (g) {
		char q0[8], q4[8], q8[8];
		quarter_fmt(r->q, q0);
		quarter_fmt(r->q + 4, q4);
		quarter_fmt(r->q + 8, q8);
		rt_note(r, g, "now = %s, +4q = %s, +8q = %s; the expected IT MW of each quarter filled with the "
			"generation mix below. Every quarter and SKU: the accelerators table of the CSV and JSON.",
			q0, q4, q8);
		/* each SKU's sources: its rows of the accelerators table; all of them for "all" */
		for (int gr = 0; gr < g->nrows; gr++) {
			const char *sku = g->cells[(size_t)gr * (size_t)g->ncol].s;
			for (i = 0; t && i < t->nrows; i++) {
				const char *tsku = t->cells[(size_t)i * (size_t)t->ncol + 1].s;
				if (sku && tsku && strcmp(sku, "all") && strcmp(sku, tsku))
					continue;
				for (j = 0; j < t->nsrc[i]; j++)
					rt_cite(r, g, gr, r->docs[t->src[i][j]].sha);
			}
		}
	}
	if (ti && read_q >= 0) {
		char rq[8], lq[8];
		double ratio = read_cap / read_ship;
		quarter_fmt(read_q, rq);
		quarter_fmt(last_ship, lq);
		if (read_cap > read_ever)
			section_say(r, s, "WARNING, implausible: in %s the tracked sites' capacity would hold %.2f million "
				    "H100e, more than the %.2f million ever shipped up to %d quarter(s) before (none retired). "
				    "The capacity double counts campuses, or the shipment records miss chips (a designer or "
				    "quarters not loaded): check v_site_members and v_shipments before reading the ratio.",
				    rq, read_cap / 1e6, read_ever / 1e6, lag);
		else if (ratio > 1)
			section_say(r, s, "Reading: in %s, the last quarter whose shipments are all known (to %s), the tracked "
				    "sites' capacity would hold %.2f million H100e against %.2f million shipped and in service "
				    "(tightness %.2f): more powered shells than chips in service, so capacity waits for chips "
				    "(or the store counts retired chips' sites).", rq, lq, read_cap / 1e6, read_ship / 1e6, ratio);
		else
			section_say(r, s, "Reading: in %s, the last quarter whose shipments are all known (to %s), the tracked "
				    "sites' capacity would hold %.2f million H100e, %.0f%% of the %.2f million shipped and in "
				    "service (tightness %.2f): the rest run in capacity the store does not track, or wait for "
				    "power.", rq, lq, read_cap / 1e6, 100 * ratio, read_ship / 1e6, ratio);
		if (read_q < r->q + REP_QUARTERS - 1)
			section_say(r, s, "Quarters after %s have no ratio (shipments: partial): the shipments %d quarter(s) "
				    "before them are not all in the store, which has shipment estimates to %s only; held flat, "
				    "they would make the ratio grow with the capacity alone.", rq, lag, lq);
	}
	if (m0.from == MIX_SHIPMENTS)
		section_say(r, s, "The generation mix is the IT power of the accelerators shipped up to %d quarter(s) "
			    "before each quarter and not yet retired (%.0f-year life), from %d quarterly shipment records. "
			    "Sites tagged with their own accelerator use it instead.",
			    (int)lround(param(ps, "deploy_lag")), param(ps, "accel_life_years"), sh->n);
	else
		section_say(r, s, "The generation mix is the mix_<SKU> parameters (%s): %s. Sites tagged with their "
			    "own accelerator use it instead.",
			    params_overridden(ps, "mix_") ? "set by the user" : "no shipment records are loaded",
			    "see Assumptions");
	section_say(r, s, "Each accelerator draws TDP x %.2f (server) x %.2f (network) of IT power; %.0f%% of IT MW "
		    "hosts accelerators; one H100-equivalent is %.4g 8-bit OP/s.", sf, nf,
		    100 * param(ps, "accel_share"), h100);
	if (ti)
		section_say(r, s, "Tightness above 1: more powered capacity than chips shipped (shells waiting for chips); "
			    "below 1: chips waiting for power. The store's capacity covers the sites it tracks, shipments "
			    "cover the world, so the ratio is a lower bound on how tight the tracked sites are.");
	/* the cumulative totals restate the quarters: cross-check them, never add them */
	if (sh->ncum) {
		const struct ship *c = &sh->cum[sh->ncum - 1];
		double sum = 0;
		char qs[8];
		for (j = 0; j < sh->n; j++)
			if (!strcasecmp(sh->s[j].designer, c->designer) && sh->s[j].quarter <= c->quarter)
				sum += sh->s[j].units;
		quarter_fmt(c->quarter, qs);
		if (sum > 0)
			section_say(r, s, "Cross-check: %s's cumulative total to %s is %.0f units; its quarterly records sum "
				    "to %.0f (%+.2f%%; a median of a sum is not the sum of medians). The total is not added "
				    "to the quarters.", c->designer, qs, c->units, sum, 100 * (sum - c->units) / c->units);
	}
	for (j = 0, k = 0; j < sh->n; j++)
		if (sh->s[j].spec < 0)
			k++;
	if (k)
		section_say(r, s, "%d shipment records name chips that are not in the accelerator table (e.g. %s); they "
			    "count in shipped H100e but not in the mix.", k, sh->s[0].spec < 0 ? sh->s[0].sku : "H20");
	st = rt_new(r, s, "accelerator_table", "Accelerator table used (Epoch AI chip_types; power per accelerator)",
		    spec_cols, param(ps, "use_loaded_specs") > 0 ? 8 : 7);
	for (k = 0; k < sp->n; k++) {
		int row = rt_row(r, st);
		double kw = accel_kw_it(sp->s[k].tdp_w, sf, nf);
		rt_str(r, st, row, 0, sp->s[k].sku);
		rt_num(st, row, 1, sp->s[k].tdp_w);
		rt_num(st, row, 2, kw);
		rt_num(st, row, 3, kw * param(ps, "pue"));
		rt_num(st, row, 4, sp->s[k].ops8 / 1e12);
		rt_num(st, row, 5, system_usd(sp, ps, k));
		rt_num(st, row, 6, m0.share[k]);
		if (st && st->ncol > 7 && sp->s[k].loaded[0]) {
			rt_str(r, st, row, 7, sp->s[k].loaded);
			rt_cite(r, st, row, sp->s[k].doc);
		}
	}
	(void)i;
	return r->oom ? -1 : 0;
}
