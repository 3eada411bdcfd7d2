/*
 * The accelerators section: accelerators that fill the capacity and tightness
 * against shipments (MODELS.md 3 and 5). The capex section is sec_capex.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/msg.h"
#include "../lib/timeq.h"
#include "capex.h"
#include "sections.h"

static const struct rcol acc_cols[] = {
	{ "quarter", "quarter", CF_TEXT }, { "sku", "SKU", CF_TEXT },
	{ "accelerators", "accelerators", CF_COUNT }, { "h100e", "H100e", CF_COUNT },
	{ "mw_it", "IT MW", CF_MW },
};
static const struct rcol tight_cols[] = {
	{ "quarter", "quarter", CF_TEXT }, { "capacity_h100e", "H100e capacity", CF_COUNT },
	{ "shipped_h100e", "H100e shipped in service", CF_COUNT }, { "tightness", "tightness", CF_RATIO },
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

int sec_accel(struct report *r, const struct cap_params *cp, const struct specs *sp, const struct ships *sh,
	      const struct phase *ph, int n)
{
	struct rsection *s = sec_new(r, "accelerators", "Accelerators: what the capacity holds");
	struct rtable *t = rt_new(r, s, "accelerators", "Capacity-implied accelerators by generation", acc_cols, 5);
	struct rtable *ti = NULL, *st;
	const struct params *ps = r->ps;
	double h100 = param(ps, "h100_ops8"), sf = param(ps, "server_factor"), nf = param(ps, "network_factor");
	struct mix m0;
	int i, k, j, tagged = 0;

	if (sh->n)
		ti = rt_new(r, s, "tightness", "Demand vs supply: capacity-implied H100e over shipped H100e in service",
			    tight_cols, 4);
	for (i = 0; i < REP_QUARTERS; i++) {
		int q = r->q + i;
		double per[ACCEL_MAX], mwk[ACCEL_MAX], tot_h = 0;
		char qs[8];
		struct mix m;

		memset(per, 0, sizeof(per));
		memset(mwk, 0, sizeof(mwk));
		mix_at(sp, sh, ps, q, &m);
		if (i == 0)
			m0 = m;
		quarter_fmt(q, qs);
		for (j = 0; j < n; j++) {
			double e = phase_expected(cp, &ph[j], q);
			int pk = phase_spec(sp, &ph[j]);
			if (e <= 0)
				continue;
			if (pk >= 0)
				tagged++;
			fill_phase(sp, ps, &m, &ph[j], e, per);
			for (k = 0; k < sp->n; k++)
				mwk[k] += pk >= 0 ? (k == pk ? e : 0) : e * m.share[k];
		}
		for (k = 0; k < sp->n; k++) {
			int row;
			if (per[k] < 0.5)
				continue;
			row = rt_row(r, t);
			rt_str(r, t, row, 0, qs);
			rt_str(r, t, row, 1, sp->s[k].sku);
			rt_num(t, row, 2, per[k]);
			rt_num(t, row, 3, accel_h100e(per[k], sp->s[k].ops8, h100));
			rt_num(t, row, 4, mwk[k]);
			tot_h += accel_h100e(per[k], sp->s[k].ops8, h100);
			for (j = 0; j < n; j++) {
				int pk = phase_spec(sp, &ph[j]);
				if ((pk == k || (pk < 0 && m.share[k] > 0)) && phase_expected(cp, &ph[j], q) > 0)
					rt_cite(r, t, row, ph[j].doc);
			}
			if (m.from == MIX_SHIPMENTS)
				for (j = 0; j < sh->n; j++)
					if (sh->s[j].spec == k && sh->s[j].quarter <= q - (int)lround(param(ps, "deploy_lag")))
						rt_cite(r, t, row, sh->s[j].doc);
		}
		if (ti) {
			double shipped = shipped_h100e(sh, sp, ps, q);
			int row = rt_row(r, ti);
			rt_str(r, ti, row, 0, qs);
			rt_num(ti, row, 1, tot_h);
			rt_num(ti, row, 2, shipped);
			if (shipped > 0)
				rt_num(ti, row, 3, tot_h / shipped);
			for (j = 0; j < sh->n; j++)
				if (sh->s[j].quarter <= q - (int)lround(param(ps, "deploy_lag")))
					rt_cite(r, ti, row, sh->s[j].doc);
		}
	}
	if (m0.from == MIX_SHIPMENTS)
		sec_say(r, s, "The generation mix is the IT power of the accelerators shipped up to %d quarter(s) "
			"before each quarter and not yet retired (%.0f-year life), from %d quarterly shipment records. "
			"Sites tagged with their own accelerator use it instead.",
			(int)lround(param(ps, "deploy_lag")), param(ps, "accel_life_years"), sh->n);
	else
		sec_say(r, s, "The generation mix is the mix_<SKU> parameters (%s): %s. Sites tagged with their "
			"own accelerator use it instead.",
			params_overridden(ps, "mix_") ? "set by the user" : "no shipment records are loaded",
			"see Assumptions");
	sec_say(r, s, "Each accelerator draws TDP x %.2f (server) x %.2f (network) of IT power; %.0f%% of IT MW "
		"hosts accelerators; one H100-equivalent is %.4g 8-bit OP/s.", sf, nf,
		100 * param(ps, "accel_share"), h100);
	if (ti)
		sec_say(r, s, "Tightness above 1: more powered capacity than chips shipped (shells waiting for chips); "
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
			sec_say(r, s, "Cross-check: %s's cumulative total to %s is %.0f units; its quarterly records sum "
				"to %.0f (%+.2f%%; a median of a sum is not the sum of medians). The total is not added "
				"to the quarters.", c->designer, qs, c->units, sum, 100 * (sum - c->units) / c->units);
	}
	for (j = 0, k = 0; j < sh->n; j++)
		if (sh->s[j].spec < 0)
			k++;
	if (k)
		sec_say(r, s, "%d shipment records name chips that are not in the accelerator table (e.g. %s); they "
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
	(void)tagged;
	return r->oom ? -1 : 0;
}
