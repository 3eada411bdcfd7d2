/*
 * Accelerators that fill the capacity (docs/models.md section 3) and demand vs
 * supply (section 5): power per accelerator, the generation mix, counts and
 * H100-equivalents, and the tightness ratio against shipments.
 */
#ifndef GW_ACCEL_H
#define GW_ACCEL_H

#include <sqlite3.h>

#include "params.h"

#define ACCEL_MAX 32

struct spec {
	char sku[24];
	double tdp_w, ops8, unit_cost;
	char loaded[96];	/* the loaded accelerator (v_accelerators) that replaced the seeded figures, or "" */
	char doc[65];		/* its document, or "" */
};

struct specs {
	struct spec s[ACCEL_MAX];
	int n;
};

/* IT kW per accelerator: tdp_w/1000 * server_factor * network_factor. */
double accel_kw_it(double tdp_w, double server_factor, double network_factor);
/* Accelerators that n MW of IT power hosts: mw * 1000 * share / kw_it. */
double accel_count(double mw_it, double accel_share, double kw_it);
/* H100-equivalents of n accelerators of ops8 8-bit OP/s. */
double accel_h100e(double n, double ops8, double h100_ops8);

/* Loads the seeded accelerator table (accelerator_specs). 0 or -1. */
int specs_load(sqlite3 *db, struct specs *sp);
/*
 * Replaces the seeded figures by loaded specifications (v_accelerators, e.g.
 * from Epoch AI's ML hardware table) where one matches a row: every word of
 * the row's SKU is a word of the loaded name ("H100" matches "NVIDIA H100
 * SXM5 80GB"); among several, the highest TDP (the SXM part). Figures the
 * loaded row lacks stay seeded. Returns the number of rows replaced, or -1.
 */
int specs_use_loaded(sqlite3 *db, struct specs *sp);
/*
 * The table row a name means: a site's tag ("GB200" -> B200) or a shipment's
 * chip type ("Instinct MI300X" -> MI300X, "H800" -> H100); -1 if none.
 */
int spec_match(const struct specs *sp, const char *name);

/* A generation mix: shares of IT power by spec row, summing to 1 (or all 0). */
struct mix {
	double share[ACCEL_MAX];
	int from;	/* MIX_PARAMS (mix_<SKU> parameters) or MIX_SHIPMENTS */
};
enum { MIX_PARAMS, MIX_SHIPMENTS };

/* Quarterly shipments of the store (v_shipments; cumulative totals apart). */
struct ship {
	char designer[32], sku[48], doc[65];
	int quarter, spec;	/* spec: spec_match, -1 if not in the table */
	double units, h100e;
};
struct ships {
	struct ship *s;
	int n;
	/* NVIDIA cumulative totals: units by last quarter, to cross-check the quarters */
	struct ship *cum;
	int ncum;
};
/* Reads v_shipments. 0 or -1; release with ships_free. */
int ships_load(sqlite3 *db, const struct specs *sp, const struct params *ps, struct ships *sh);
void ships_free(struct ships *sh);

/*
 * The mix at quarter q: the mix_<SKU> parameters when the user set one, or
 * when no shipments are loaded; else the power (units x TDP) of the
 * accelerators shipped up to q - deploy_lag and not yet retired
 * (accel_life_years).
 */
void mix_at(const struct specs *sp, const struct ships *sh, const struct params *ps, int q,
	    struct mix *m);

/* Accelerators by spec row hosted by mw_it IT MW under mix m; returns the total; per[] may be NULL. */
double accel_fill(const struct specs *sp, const struct params *ps, const struct mix *m, double mw_it,
		  double per[ACCEL_MAX]);
/* H100e of the shipped stock in service at q - deploy_lag (for tightness); docs cited via cb. */
double shipped_h100e(const struct ships *sh, const struct specs *sp, const struct params *ps, int q);

#endif
