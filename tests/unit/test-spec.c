/* The record contract's number ranges (store/spec.c) and their checks. */
#include <math.h>
#include <string.h>

#include "store/spec.h"
#include "tap.h"

#include "lib/banned.h"

static const struct field *field(const char *kind, const char *name)
{
	const struct kind *k = kind_find(kind, NULL);
	int i = k ? kind_field(k, name) : -1;

	return i < 0 ? NULL : &k->fields[i];
}

static int fits(const char *kind, const char *name, double v)
{
	char why[160];
	const struct field *f = field(kind, name);

	return f && field_check_num(f, v, why, sizeof(why)) == 0;
}

int main(void)
{
	const struct kind *k;
	const struct field *f;
	char why[160];
	int i, missing = 0;

	for (k = gw_kinds; k->name; k++)
		for (i = 0; i < k->nfields; i++) {
			f = &k->fields[i];
			if ((f->type == F_NUM || f->type == F_INT) && !f->range) {
				printf("# %s.%s has no range\n", k->name, f->name);
				missing++;
			}
		}
	ok(!missing, "every number field of every kind has a range (%d without)", missing);

	ok(!fits("capacity", "mw", INFINITY), "capacity.mw: infinity is rejected");
	ok(!fits("capacity", "mw", -INFINITY), "capacity.mw: -infinity is rejected");
	ok(!fits("capacity", "mw", NAN), "capacity.mw: NaN is rejected");
	ok(!fits("capacity", "mw", -5), "capacity.mw: -5 is rejected");
	ok(fits("capacity", "mw", 0) && fits("capacity", "mw", 100000), "capacity.mw: 0 and 100000 fit");
	ok(!fits("capacity", "mw", 100000.5), "capacity.mw: 100000.5 is past the cap");
	ok(!fits("gpu_price", "usd_per_gpu_hour", 0), "gpu_price.usd_per_gpu_hour: 0 is rejected (> 0)");
	ok(fits("gpu_price", "usd_per_gpu_hour", 0.01), "gpu_price.usd_per_gpu_hour: 0.01 fits");
	ok(!fits("gpu_price", "price", -1), "gpu_price.price: -1 is rejected");
	ok(fits("site", "lat", -90) && fits("site", "lat", 90) && !fits("site", "lat", 90.001),
	   "site.lat: -90..90");
	ok(fits("fab", "lon", -180) && fits("fab", "lon", 180) && !fits("fab", "lon", -180.001),
	   "fab.lon: -180..180");
	ok(!fits("shipment", "units", -1) && fits("shipment", "units", 0), "shipment.units: >= 0");
	ok(!fits("fab", "start_year", 1899) && fits("fab", "start_year", 1900) && !fits("fab", "start_year", 2101),
	   "fab.start_year: 1900..2100");
	ok(!fits("filing", "cik", 0) && fits("filing", "cik", 9999999999.0) && !fits("filing", "cik", 1e10),
	   "filing.cik: 1..9999999999");

	f = field("capacity", "mw");
	field_check_num(f, -5, why, sizeof(why));
	ok(!strcmp(why, "-5 is out of range: it must be >= 0 and <= 100000"), "the reason names value and range: %s", why);
	field_check_num(field("gpu_price", "price"), 0, why, sizeof(why));
	ok(!strcmp(why, "0 is out of range: it must be > 0 and <= 1000000000"), "an open bound says >: %s", why);
	field_check_num(f, INFINITY, why, sizeof(why));
	ok(!strcmp(why, "is not a finite number (infinity)"), "infinity is said as such: %s", why);

	f = field("capacity", "expected_online");
	ok(f && field_check_text(f, "2027Q2") == NULL && field_check_text(f, "2027-06-30") == NULL,
	   "a plausible quarter and date pass");
	ok(f && field_check_text(f, "2999Q1") != NULL && field_check_text(f, "1850-01-01") != NULL,
	   "years outside 1900..2100 are rejected (quarter 2999Q1, date 1850-01-01)");
	return done();
}
