/* Unit tests of store/sites.h: the great-circle distance that decides a coordinate match,
 * the street address keys and the core of a name. */
#include <math.h>
#include <string.h>

#include "store/sites.h"
#include "tap.h"

#include "lib/banned.h"

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
	{
		struct buf b = BUF_INIT(BUF_NAME_MAX);
		int n;
		/* data_centers_2026-08.csv, Colossus 2; gpu_clusters.csv spells it the same */
		n = site_address_keys("5420 Tulane Rd, Memphis, TN 38109", &b);
		ok(n == 2 && !strcmp(buf_str(&b), "5420 tulane rd|38109\n5420 tulane rd|memphis\n"),
		   "street address keys by ZIP and by town");
		n = site_address_keys("5420 Tulane Road,  Memphis, TN 38109", &b);
		ok(n == 2 && strstr(buf_str(&b), "5420 tulane rd|38109\n"), "Road is Rd");
		n = site_address_keys("1772-2396 145th St, Rosemount, MN 55068, USA", &b);
		ok(n >= 1 && strstr(buf_str(&b), "1772 145th st|55068\n"), "a range's second number is dropped");
		ok(site_address_keys("Holly Ridge, LA 71269", &b) == 0, "a town is no street address");
		ok(site_address_keys("Ashburn, Loudoun County, Virginia, United States of America", &b) == 0,
		   "a town with its county and country, no digit: no key");
		n = site_address_keys("Alibaba Zhangbei Yun Calculation Data Center, Zhangbei County, Zhangjiakou, "
				      "Hebei, China, 076471", &b);
		ok(n == 1 && !strcmp(buf_str(&b), "=alibaba zhangbei yun calculation data center zhangbei county "
				     "zhangjiakou hebei china 076471\n"), "a particular address without a number: one key, the whole of it");
		ok(site_address_keys(NULL, &b) == 0, "no address, no key");
		ok(site_core_name("xAI Colossus 2 Memphis Phase 1", "xAI", "TN", "Memphis", &b) == 0 &&
		   !strcmp(buf_str(&b), "colossus 2"), "core of a cluster phase: '%s'", buf_str(&b));
		ok(site_core_name("Google Council Bluffs (East)", "Google", "IA", "Council Bluffs", &b) == 0 &&
		   !strcmp(buf_str(&b), ""), "a name of operator, town and direction has no core: '%s'", buf_str(&b));
		ok(site_core_name("Microsoft SAT40", "Microsoft", "TX", NULL, &b) == 0 && !strcmp(buf_str(&b), ""),
		   "building codes are no core: '%s'", buf_str(&b));
		ok(site_core_name("Meta Prometheus New Albany Ohio", "Meta", "OH", NULL, &b) == 0 &&
		   !strcmp(buf_str(&b), "prometheus new albany"), "state name dropped, town kept without a town: '%s'",
		   buf_str(&b));
		/* the place keys: data_centers_2026-08.csv Meta Hyperion and gpu_clusters.csv's
		 * "Meta Louisiana Datacenter" (Location with a line break); Fairwater Wisconsin and the
		 * cluster list's Mt Pleasant phases (a plus code, another ZIP); CoreWeave Muskogee */
		n = site_place_keys("Holly Ridge, LA 71269", "LA", &b);
		ok(n == 2 && !strcmp(buf_str(&b), "zip:71269\ntown:holly ridge\n"), "place of a town and ZIP: '%s'",
		   buf_str(&b));
		n = site_place_keys("Holly Ridge\nLouisiana 71269", "LA", &b);
		ok(n == 2 && !strcmp(buf_str(&b), "zip:71269\ntown:holly ridge\n"), "the state's name, a line break");
		n = site_place_keys("M39X+XG, Mt Pleasant, WI 53177", "WI", &b);
		ok(n == 2 && !strcmp(buf_str(&b), "zip:53177\ntown:mount pleasant\n"), "Mt is Mount: '%s'", buf_str(&b));
		n = site_place_keys("4800 90th St, Mount Pleasant, WI 53403", "WI", &b);
		ok(n == 2 && !strcmp(buf_str(&b), "zip:53403\ntown:mount pleasant\n"), "a street before the town");
		n = site_place_keys("Muskogee, Oklahoma 35.693709, -95.386957", "OK", &b);
		ok(n == 1 && !strcmp(buf_str(&b), "town:muskogee\n"), "coordinates are no ZIP: '%s'", buf_str(&b));
		n = site_place_keys("1525 W 43rd St S, Muskogee, OK 74401, USA", "OK", &b);
		ok(n == 2 && !strcmp(buf_str(&b), "zip:74401\ntown:muskogee\n"), "country after the ZIP");
		ok(site_place_keys("10001 Lima Rd, Claude, TX 79019", "OK", &b) == 0,
		   "a place in another state than the row's: no key");
		ok(site_place_keys("Holly Ridge, LA 71269", NULL, &b) == 0, "no state, no key");
		ok(site_place_keys("Abu Dhabi, United Arab Emirates", "AE", &b) == 0, "outside the US, no key");
		buf_release(&b);
	}
	return done();
}
