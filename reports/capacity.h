/*
 * The capacity model of docs/models.md section 2: expected IT MW online by quarter,
 * phase by phase, with the two bounds (low: operational only; high: every
 * status built at P_build 1 with no lag).
 */
#ifndef GW_CAPACITY_H
#define GW_CAPACITY_H

#include <sqlite3.h>

#include "params.h"

#define CAP_NSTATUS 6

struct cap_params {
	double pue;			/* facility -> IT */
	double utility_headroom;	/* utility -> facility */
	int ramp_quarters;
	double p_build[CAP_NSTATUS];	/* by status, in the order of cap_status_names */
	int lag[CAP_NSTATUS];		/* quarters */
};

extern const char *const cap_status_names[CAP_NSTATUS];
/* The defaults of docs/models.md section 2 (as schemas/params.conf states them). */
void cap_params_default(struct cap_params *p);
/* The same from the report's parameters (the user's overrides included). */
void cap_params_from(struct cap_params *p, const struct params *ps);
int cap_status_index(const char *s);

/* The IT MW of one figure in a basis; -1 for 'unknown' or a bad basis. */
double mw_to_it(const struct cap_params *p, double mw, const char *basis);

/* One capacity figure of the store (a site, or a phase of it), in IT MW. */
struct phase {
	char *operator, *site, *phase, *region;	/* owned; region: state, else country, else "(not stated)" */
	long long site_id;			/* its site (v_site_capacity); 0 for a campus cap */
	char *accelerator;			/* owned: the site's own tag (e.g. GB200) or NULL */
	char basis[12];
	char doc[65];
	int status;				/* index into cap_status_names */
	int qexp;				/* expected energization quarter (index) */
	int dated;				/* expected_online given */
	double mw, it;				/* as stated; in IT MW */
	/*
	 * A campus total (no phase) of a site whose phases are in the store:
	 * only a cap on them, never added (docs/models.md 2). phases_it: their IT MW.
	 */
	int campus_cap;
	double phases_it;
};

/*
 * Reads every current capacity figure (v_capacity_current). Figures whose
 * basis is 'unknown' are not phases: their MW total goes to *unknown_mw
 * (docs/models.md 1: never silently mixed). Cancelled figures are kept (status 5,
 * contributing nothing). Phases come sorted by operator, site and phase.
 * A site's figure without a phase, where the site
 * has phases, is marked campus_cap and contributes nothing either. *out is owned by the caller (phases_free).
 * Returns the number of phases or -1 on a store error.
 */
int phases_load(sqlite3 *db, const struct cap_params *p, struct phase **out, double *unknown_mw);
void phases_free(struct phase *ph, int n);

/* A phase's expected IT MW online at quarter q (P_build, lag and ramp applied). */
double phase_expected(const struct cap_params *p, const struct phase *ph, int q);
/* Low bound: operational figures only. */
double phase_low(const struct phase *ph, int q);
/* High bound: every status but cancelled, P_build 1, no lag. */
double phase_high(const struct phase *ph, int q);

#endif
