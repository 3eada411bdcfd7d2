/*
 * Normalisation of places and parties (issue 10, item 6): countries to ISO
 * 3166-1 alpha-2 codes, US states to their two-letter codes, and the parties
 * of an observation (operator partners, owner, tenants) to canonical
 * operator ids. The document's own words stay in the columns the record
 * gave (country, state, operator, owner, tenant); the codes and ids go in
 * columns of their own (migration 053):
 *
 *   country_code  obs_site, obs_capacity, obs_fab
 *   state_code    obs_site, obs_capacity, obs_permit, obs_fab, obs_grid_request
 *   partners, partners_unresolved
 *                 obs_site, obs_capacity, obs_permit, obs_fab
 *   owner_id, tenant_ids
 *                 obs_site, obs_capacity
 *
 * A value no table knows keeps its words and gets a NULL code; v_unresolved
 * lists it (kind 'country' or 'state', with the number of observations), and
 * members of an operator list that no alias resolves (kind 'partner').
 * gw-load's INSERT computes the codes (norm_insert_columns); the rows a store
 * held before migration 053 get them from norm_store_backfill.
 *
 * The pure functions (norm_fold, norm_country, norm_us_state) use static
 * tables and allocate nothing; the store functions print a message
 * (gw_error) and return -1 when the store fails.
 */
#ifndef GW_NORM_H
#define GW_NORM_H

#include <stddef.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "resolve.h"
#include "spec.h"

/*
 * Appends s (n bytes) to out folded for matching place names: ASCII letters
 * and digits in lower case; Latin letters with accents (U+00C0..U+017F) as
 * their base letters ("Türkiye" -> "turkiye", "ß" -> "ss", "Œ" -> "oe");
 * '.' and apostrophes dropped ("U.S." -> "us", "Cote d'Ivoire" -> "cote
 * divoire"); '&' as the word "and"; the word "the" dropped ("Philippines
 * (the)" -> "philippines"); every other run of ASCII as one space, none at
 * the ends; other UTF-8 bytes kept as they are. Returns 0 or -1 (cap).
 */
int norm_fold(const char *s, size_t n, struct buf *out);

/*
 * The ISO 3166-1 alpha-2 code of a country as a document names it: the ISO
 * short or official name ("Korea, Republic of", "United Kingdom of Great
 * Britain and Northern Ireland"), the UN style with parentheses ("Korea
 * (Republic of)", "Philippines (the)"), common names and abbreviations
 * ("South Korea", "Taiwan", "UK", "Great Britain", "Viet Nam", "Türkiye",
 * "Czechia", "UAE", "U.S.", "USA", "United States of America"), or an
 * alpha-2 or alpha-3 code, in any case and with or without accents.
 * Returns a static two-letter string, or NULL if s names no country known
 * to the table (an empty s included). Kosovo gets XK, the user-assigned
 * code the EU and others use for it (ISO has none).
 */
const char *norm_country(const char *s, size_t n);
/* The ISO short name of an alpha-2 code (as norm_country returns it), or NULL. */
const char *norm_country_name(const char *code);

/*
 * The two-letter USPS code of a US state, the District of Columbia or a
 * territory (PR, GU, VI, AS, MP, UM) as a document names it: its name, its
 * code, an AP-style abbreviation ("Va.", "Calif.", "N.Y."), ISO 3166-2
 * ("US-VA"), "State of New York", "Washington, D.C.". Returns a static
 * string, or NULL.
 */
const char *norm_us_state(const char *s, size_t n);

/*
 * The number of errors in the static tables: a folded name that two codes
 * claim, or more names than the lookup arrays hold. 0 for sound tables (a
 * unit test checks).
 */
int norm_tables_check(void);

/*
 * The store side. gw-load's INSERT of an observation fills in the codes
 * itself: norm_insert_columns appends the columns kind kd gets (", country_code,
 * state_code, ..."; nothing for kinds without such columns) to the column
 * list of the INSERT being built in sql, and norm_insert_values their values,
 * SQL expressions over the INSERT's parameters, field i of the kind being
 * parameter ?(first_param + i). The statement needs the SQL functions that
 * norm_init adds to the connection. 0 or -1 (cap).
 */
int norm_insert_columns(const struct kind *kd, struct buf *sql);
int norm_insert_values(const struct kind *kd, int first_param, struct buf *sql);

/*
 * A struct norm holds an operator resolver (resolve.h) and what the SQL
 * functions need.
 */
struct norm {
	sqlite3 *db;
	struct resolver res;
	int functions;			/* the SQL functions are registered (with n as their data) */
	struct buf last;		/* the name last resolved, and what it gave: */
	int have_last, found;
	char primary[128];
	struct buf partners, unresolved, ids;
};

/*
 * Adds to the connection the SQL functions the codes are computed with:
 * gw_country(text) and gw_us_state(text) (norm_country, norm_us_state: the
 * code or NULL), and over a name as resolve_operator_list tells it:
 * gw_primary(name) (the primary operator's id), gw_partners(name) (the other
 * members' ids, sorted, comma-separated), gw_partners_unresolved(name) (the
 * members no alias resolves, where a primary is known) and gw_all_ids(names)
 * (every resolved member, sorted). These four point to n: norm_release
 * removes them. 0 or -1.
 */
int norm_init(struct norm *n, sqlite3 *db);
void norm_release(struct norm *n);

/*
 * Normalises every stored site, capacity, permit, fab and grid request again,
 * as their INSERT does, and also sets operator_id from the operator's words
 * where the aliases now resolve them (keys stay as stored). Runs inside the
 * caller's transaction, with n initialised on its connection. Returns the
 * number of observations normalised, or -1.
 */
long norm_backfill(struct norm *n);

/*
 * Runs norm_backfill in a transaction of its own if the store asks for it
 * (migration 053 leaves a row in norm_pending: the rows stored before it
 * have no codes yet) or if force is set (gw-load --resolve); then clears
 * the request. Returns the number of observations normalised (0 when
 * nothing was asked), or -1.
 */
long norm_store_backfill(sqlite3 *db, int force);

#endif
