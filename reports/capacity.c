#include "capacity.h"

#include <math.h>
#include <string.h>

#include "../lib/msg.h"
#include "../lib/timeq.h"

const char *const cap_status_names[6] = {
	"operational", "under_construction", "permitted", "announced", "rumored", "cancelled",
};

void cap_params_default(struct cap_params *p)
{
	static const double pb[6] = { 1.00, 0.90, 0.60, 0.20, 0.05, 0 };
	static const int lag[6] = { 0, 1, 4, 8, 12, 0 };

	p->pue = 1.14;
	p->utility_headroom = 0.9;
	p->ramp_quarters = 2;
	memcpy(p->p_build, pb, sizeof(pb));
	memcpy(p->lag, lag, sizeof(lag));
}

double mw_to_it(const struct cap_params *p, double mw, const char *basis)
{
	if (!strcmp(basis, "it"))
		return mw;
	if (!strcmp(basis, "facility"))
		return mw / p->pue;
	if (!strcmp(basis, "utility"))
		return mw * p->utility_headroom / p->pue;
	return -1;
}

static int status_index(const char *s)
{
	int i;

	for (i = 0; i < 6; i++)
		if (!strcmp(s, cap_status_names[i]))
			return i;
	return -1;
}

int capacity_by_quarter(sqlite3 *db, const struct cap_params *p, int first, int last,
			const char *as_of, struct cap_row *rows, double *unknown_mw)
{
	static const char sql[] =
		"SELECT mw, mw_basis, status, expected_online, as_of FROM cur_capacity"
		" WHERE ?1 IS NULL OR as_of <= ?1";
	sqlite3_stmt *st;
	int n = last - first + 1, i, rc;

	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		rows[i].quarter = first + i;
		rows[i].expected = rows[i].low = rows[i].high = 0;
	}
	*unknown_mw = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		gw_error("%s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		double mw = sqlite3_column_double(st, 0);
		const char *basis = (const char *)sqlite3_column_text(st, 1);
		const char *status = (const char *)sqlite3_column_text(st, 2);
		const char *exp = (const char *)sqlite3_column_text(st, 3);
		const char *asof = (const char *)sqlite3_column_text(st, 4);
		int si = status_index(status ? status : ""), qexp, on;
		double it = mw_to_it(p, mw, basis ? basis : "unknown");
		char qs[8];

		if (it < 0) {
			*unknown_mw += mw;
			continue;
		}
		if (si < 0 || si == 5)
			continue;
		/* expected energization quarter: the stated one, else the quarter the document speaks of */
		if (exp && strlen(exp) == 6 && !quarter_parse(exp, 6, &qexp))
			;
		else if (exp && !quarter_of_date(exp, qs))
			quarter_parse(qs, 6, &qexp);
		else if (asof && !quarter_of_date(asof, qs))
			quarter_parse(qs, 6, &qexp);
		else
			qexp = first;
		on = qexp + p->lag[si];
		for (i = 0; i < n; i++) {
			int q = first + i;
			if (si == 0) {
				/* operational: online from the quarter it is stated in (or earlier) */
				if (q >= qexp || !exp) {
					rows[i].expected += it;
					rows[i].low += it;
				}
			} else if (q >= on) {
				double ramp = p->ramp_quarters > 0 ?
					fmin(1.0, (double)(q - on + 1) / p->ramp_quarters) : 1.0;
				rows[i].expected += it * p->p_build[si] * ramp;
			}
			if (q >= qexp || si == 0)
				rows[i].high += it;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("%s", sqlite3_errmsg(db));
		return -1;
	}
	return n;
}
