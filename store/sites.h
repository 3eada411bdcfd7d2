/*
 * Site identity: every site, capacity and permit observation of the store gets
 * a site_id, so that the rows of one campus in several documents (two
 * snapshots of a list, its timeline, a GPU-cluster list, a registry,
 * OpenStreetMap) point to one entry of the `sites` table (migration 060).
 *
 * sites_resolve() recomputes the whole assignment from the observations and
 * the analyst's override file, so the result depends only on what is stored
 * and on the overrides, never on the order documents were loaded in. A
 * member is a name under which one document refers to a campus: every row of
 * a document that spells a name the same way (folded) is one member. Members
 * join, in this order of trust:
 *
 *   override  the override file says these names are one campus
 *   link      the document links its own rows: a GPU cluster "Builds Upon",
 *             is "Superseded by" or a "Possible Duplicate Of" another row
 *   address   the same street address: house number and street (suffixes
 *             and directions abbreviated), with the same ZIP code or town
 *   coords    points within the distance that fits what they are points of:
 *             SITES_BUILDING_M for a building (OpenStreetMap, a registry),
 *             SITES_CAMPUS_M for a campus point of a data-center list; the
 *             nearest pairs first
 *   name      the same folded name, in the same state and country (or one
 *             says none), of the same operator (or one says none)
 *   core      the same core name (operator, place and country words, "Phase
 *             N", "(East)", building codes and generic words removed), of the
 *             same operator and in the same state, both stated
 *   place     a name of nothing but its operator and place (an empty core,
 *             no building code) and the only campus with a name of its own
 *             of that operator at the same US ZIP code or town
 *             (site_place_keys); two or more there: a candidate, no join
 *
 * Precision before recall: two different names in one document are two
 * campuses (the document lists them apart), so no rule but an override or
 * the document's own link joins them; the override file's "not" lines keep
 * any two names apart; address, coordinates and names never join members
 * whose operators are both stated and differ. Every join is kept in
 * site_links (site, member, rule, evidence); a join a rule proposed but the
 * precision rules refused is kept in site_candidates for review
 * (gw-load --unresolved).
 *
 * A site's name, operator, partners, country, state and coordinates come from
 * its best member: a site row before a capacity or permit row, a data-center
 * list before a timeline, a cluster list, a registry or OpenStreetMap, the
 * newest publication first. An override's "operator" line beats them.
 */
#ifndef GW_SITES_H
#define GW_SITES_H

#include <sqlite3.h>

#include "lib/buf.h"

#define SITES_BUILDING_M 150.0
#define SITES_CAMPUS_M 1500.0
#define SITES_DEFAULT_M 100.0	/* points of a source that says nothing of them */
#define SITES_NAME_M 50000.0	/* a name match never joins points further apart */

/*
 * Re-resolves every site, capacity and permit observation of db (inside the
 * caller's transaction) and rewrites sites, site_names, sites_geo,
 * site_links and site_candidates. overrides: the override file's path; NULL
 * for none. A line of it that cannot be read is said (naming the file and
 * line) and skipped: *bad counts them. Returns 0, or -1 with a message when
 * the store or memory fails.
 */
int sites_resolve(sqlite3 *db, const char *overrides, int *bad);

/*
 * The keys of a street address that starts with a house number ("5420 Tulane
 * Rd, Memphis, TN 38109" -> "5420 tulane rd|38109" and "5420 tulane
 * rd|memphis"), each ending in '\n', in out (reset first). An address with no
 * house number gives one key, "=" and the whole address folded, when it is
 * long and particular enough to name one place (50 folded characters or more,
 * two commas or more, a digit: "Alibaba Zhangbei Yun Calculation Data Center,
 * Zhangbei County, Zhangjiakou, Hebei, China, 076471"); a town or a county
 * ("Holly Ridge, LA 71269") gives none. Returns the number of keys, or -1 (cap).
 */
int site_address_keys(const char *addr, struct buf *out);

/*
 * The places an address names at the scale of a town, for the place rule:
 * "zip:71269" for a five-digit ZIP code after a state ("Holly Ridge, LA
 * 71269", "Holly Ridge\nLouisiana 71269"), "town:holly ridge" for the part
 * before the one that starts with the state's code or name (Mt, Ft, St
 * spelled Mount, Fort, Saint: "M39X+XG, Mt Pleasant, WI 53177" and "4800
 * 90th St, Mount Pleasant, WI 53403" are both "town:mount pleasant"), each
 * ending in '\n', in out (reset first). state: the two-letter code the row
 * has, or NULL (no keys: outside the US a town is no key). Returns the number
 * of keys, or -1 (cap).
 */
int site_place_keys(const char *addr, const char *state, struct buf *out);

/*
 * The core of a site name: folded, without the operator's words, the town's
 * (city, may be NULL), the state and country words, "Phase N", directions,
 * building codes and generic words ("data center", "campus"...). May be
 * empty. 0 or -1 (cap).
 */
int site_core_name(const char *name, const char *operator, const char *state, const char *city,
		   struct buf *out);

/* Great-circle distance in metres between two points in degrees. */
double sites_distance_m(double lat1, double lon1, double lat2, double lon2);

#endif
