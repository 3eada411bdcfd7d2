/* The section builders of the report (report.c calls them in order). Each returns 0 or -1. */
#ifndef GW_SECTIONS_H
#define GW_SECTIONS_H

#include "report.h"

struct rsection *section_new(struct report *r, const char *id, const char *title);
void section_say(struct report *r, struct rsection *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int section_headline(struct report *r, sqlite3 *db, const struct cap_params *cp, const struct phase *ph, int n,
		     double unknown_mw);
int section_changes(struct report *r, sqlite3 *db);
int section_power(struct report *r, sqlite3 *db);
int section_accel(struct report *r, const struct cap_params *cp, const struct specs *sp, const struct ships *sh,
		  const struct phase *ph, int n);
int section_capex(struct report *r, sqlite3 *db, const struct cap_params *cp, const struct specs *sp,
		  const struct ships *sh, const struct phase *ph, int n);
int section_prices(struct report *r, sqlite3 *db);
int section_fabs(struct report *r, sqlite3 *db);
int section_assumptions(struct report *r, const struct specs *sp);
int section_sources(struct report *r);

#endif
