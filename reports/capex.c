#include "capex.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

double system_usd(const struct specs *sp, const struct params *ps, int k)
{
	int i;

	/* names carry no spaces: system_usd_TPU_v5p means "TPU v5p" (spec_match ignores punctuation) */
	for (i = 0; i < ps->n; i++)
		if (!strncmp(ps->p[i].name, "system_usd_", 11) && spec_match(sp, ps->p[i].name + 11) == k)
			return ps->p[i].value;
	return sp->s[k].unit_cost * param(ps, "system_multiplier");
}

double capex_facility(double new_mw_it, double usd_per_mw)
{
	return new_mw_it * usd_per_mw;
}

double capex_it(const struct specs *sp, const struct params *ps, const struct mix *m, double new_mw_it,
		double *accels)
{
	double per[ACCEL_MAX], usd = 0, n;
	int k;

	n = accel_fill(sp, ps, m, new_mw_it, per);
	for (k = 0; k < sp->n; k++)
		if (per[k] != 0)
			usd += per[k] * system_usd(sp, ps, k);
	if (accels)
		*accels = n;
	return usd;
}
