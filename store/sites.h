/*
 * Site resolution: every stored site, capacity and permit observation gets a
 * site_id, so that the OpenStreetMap element, the Epoch row and the permit
 * of one campus point to the same entry of the `sites` table where the
 * evidence supports it (migration 040 holds the tables).
 *
 * An observation joins an existing site when
 *   1. it has coordinates and a site lies within SITES_NEAR_M metres (the
 *      R*Tree `sites_geo` finds candidates, the great-circle distance
 *      decides; the nearest wins), unless both name an operator and the two
 *      operators differ (adjacent buildings of different companies); or
 *   2. its normalised name (lower case, letters and digits, single spaces) is
 *      one the site has been seen under (`site_names`) in the same state;
 *      with no state, when exactly one site has that name; a record with
 *      coordinates joins by name only within SITES_NAME_M of the site; or
 *   3. its street address (one that starts with a house number, normalised
 *      the same way) is one the site has been seen at, in the same state.
 * Otherwise it founds a new site. A site founded by a capacity or permit
 * (no site record describes it yet) is "unmatched" until a site record
 * joins it: v_unresolved lists those for review.
 *
 * Functions print a message and return -1 when the store fails.
 */
#ifndef GW_SITES_H
#define GW_SITES_H

#include <sqlite3.h>

#include "../lib/buf.h"

#define SITES_NEAR_M 100.0
#define SITES_NAME_M 5000.0

struct sites {
	sqlite3 *db;
	sqlite3_stmt *get[3];		/* the observation's fields, per kind: site, capacity, permit */
	sqlite3_stmt *set[3];		/* UPDATE obs_<kind> SET site_id */
	sqlite3_stmt *near, *byname, *site, *add, *addname, *addgeo, *setgeo, *matched;
	struct buf norm;
};

/* Prepares the statements on db (migrated to 040 or later). 0 or -1. */
int sites_init(struct sites *s, sqlite3 *db);
void sites_release(struct sites *s);
/*
 * Resolves the site of the observation just stored as row id of obs_<kind>;
 * kinds other than site, capacity and permit are ignored. 0 or -1.
 */
int sites_observe(struct sites *s, const char *kind, long long id);

/* Great-circle distance in metres between two points in degrees. */
double sites_distance_m(double lat1, double lon1, double lat2, double lon2);

#endif
