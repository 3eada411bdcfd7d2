/* Unit tests of store/sites.h: the great-circle distance that decides a coordinate match. */
#include <math.h>

#include "../../store/sites.h"
#include "tap.h"

int main(void)
{
	double d;

	d = sites_distance_m(39.0, -77.4, 40.0, -77.4);
	ok(fabs(d - 111195) < 50, "one degree of latitude is about 111.2 km: %.0f m", d);
	d = sites_distance_m(38.790574, -77.541124, 38.7904948, -77.5411095);
	ok(fabs(d - 8.9) < 0.2, "registry IAD-11 to OSM Amazon IAD11: %.2f m (python3 haversine 8.90)", d);
	d = sites_distance_m(0, 0, 0, 1);
	ok(fabs(d - 111195) < 50, "one degree of longitude at the equator: %.0f m", d);
	d = sites_distance_m(60, 10, 60, 11);
	ok(fabs(d - 55597) < 100, "one degree of longitude at 60 N is half as long: %.0f m", d);
	ok(sites_distance_m(10, 20, 10, 20) == 0, "a point is 0 m from itself");
	d = sites_distance_m(0, 0, 0, 180);
	ok(fabs(d - M_PI * 6371008.8) < 1, "antipodes: half the circumference, no NaN");
	return done();
}
