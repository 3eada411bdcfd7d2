/*
 * The capacity model of MODELS.md section 2: expected IT MW online by quarter.
 */
#ifndef GW_CAPACITY_H
#define GW_CAPACITY_H

#include <sqlite3.h>

struct cap_params {
	double pue;			/* facility -> IT */
	double utility_headroom;	/* utility -> facility */
	int ramp_quarters;
	double p_build[6];		/* by status, in the order of cap_status_names */
	int lag[6];			/* quarters */
};

extern const char *const cap_status_names[6];
void cap_params_default(struct cap_params *p);

struct cap_row {
	int quarter;		/* index y*4+q-1 */
	double expected;	/* E[MW_it online] */
	double low;		/* operational only */
	double high;		/* every status at P_build 1, no lag */
};

/*
 * Computes rows for quarters first..last from the current capacity
 * observations (v_capacity_current) stated on or before as_of (NULL: all).
 * Figures in mw_basis 'unknown' are left out (MODELS.md section 1) and their
 * MW total is put in *unknown_mw. Returns the number of rows (last-first+1)
 * written to rows, or -1 on a store error.
 */
int capacity_by_quarter(sqlite3 *db, const struct cap_params *p, int first, int last,
			const char *as_of, struct cap_row *rows, double *unknown_mw);

/* The IT MW of one figure in a basis; -1 for 'unknown' or a bad basis. */
double mw_to_it(const struct cap_params *p, double mw, const char *basis);

#endif
