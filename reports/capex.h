/*
 * Capex (docs/models.md section 4): modelled facility and IT capex of new IT
 * capacity, to set beside the capex filed with the SEC (v_capex).
 */
#ifndef GW_CAPEX_H
#define GW_CAPEX_H

#include "accel.h"
#include "params.h"

/* All-in system cost of one accelerator of spec row k: system_usd_<SKU>, else unit cost x system_multiplier. */
double system_usd(const struct specs *sp, const struct params *ps, int k);
/* Facility capex of new_mw_it MW of new IT capacity. */
double capex_facility(double new_mw_it, double usd_per_mw);
/*
 * IT capex of filling new_mw_it MW of new IT capacity under mix m:
 * sum over g of new accelerators_g x system_usd(g). *accels (may be NULL) gets the count.
 */
double capex_it(const struct specs *sp, const struct params *ps, const struct mix *m, double new_mw_it,
		double *accels);

#endif
