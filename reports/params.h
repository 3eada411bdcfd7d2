/*
 * Model parameters (docs/models.md): the defaults of schemas/params.conf (compiled
 * in), overridden by a scenario file and by --set name=value. Every parameter
 * keeps its value, its source text and where the value came from, so the
 * report can print what it used.
 *
 * Names are fixed by params.conf, except the per-SKU families mix_<SKU>
 * (generation mix share) and system_usd_<SKU> (all-in cost per accelerator),
 * which a scenario or --set may add. Functions print a message and return -1
 * on a malformed line, a value that is not a number, or an unknown name.
 */
#ifndef GW_PARAMS_H
#define GW_PARAMS_H

#include <stddef.h>

#define PARAMS_MAX 96

struct param {
	char name[48];
	double value;
	char *source;		/* owned */
	char *origin;		/* owned: "default", "--set", "scenario FILE" */
	int overridden;
};

struct params {
	struct param p[PARAMS_MAX];
	int n;
};

/* Loads the defaults. 0 or -1 (a broken params.conf; a build error in effect). */
int params_init(struct params *ps);
void params_release(struct params *ps);
/* Applies the lines of a scenario (text of len bytes); origin names it in messages and the report. */
int params_load(struct params *ps, const char *text, size_t len, const char *origin);
/* Applies "name=value". */
int params_set(struct params *ps, const char *assign, const char *origin);
/* The value of name; NaN when there is no such parameter. */
double param(const struct params *ps, const char *name);
/* The parameter called name, or NULL. */
const struct param *param_find(const struct params *ps, const char *name);
/* Checks values the models divide by are positive and none is negative; -1 with messages. */
int params_check(const struct params *ps);
/* 1 if any parameter whose name starts with prefix was overridden. */
int params_overridden(const struct params *ps, const char *prefix);

#endif
