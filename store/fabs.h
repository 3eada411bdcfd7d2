/*
 * Fab identity: the rows of the fab lists (fabs_sourced.json, its compact copy
 * fabs.json, fabs.geojson, and every snapshot of each) that describe one fab
 * get one fab_id (obs_fab.fab_id, table fabs; migration 063), so that the
 * report counts each fab once. fabs_resolve() recomputes the whole assignment
 * from what is stored, in an order that does not depend on the order the
 * documents were loaded in. Rows join, in this order of trust:
 *
 *   key   the same company and name (the store's key: the operator resolved
 *         from the company, the name folded): another snapshot of a list, or
 *         a copy of it (fabs.json is fabs_sourced.json minified); never points
 *         over FABS_KEY_M apart or in two countries
 *   name  the same company (both resolved to one operator) and a shared core
 *         name (fab_name_cores: "GlobalFoundries Fab 8" and "Fab 8" are both
 *         "8") at the same place: the city of one in the other's city or
 *         address ("Malta"), else points within FABS_NEAR_M; the words of that
 *         city may be left out of both names ("Fab 1 Dresden" is "Fab 1")
 *
 * Precision before recall: two rows of one document with different names are
 * two fabs (the list lists them apart), so no rule joins them, directly or
 * through a third row; a join this refuses, and two fabs of one company at
 * one place whose names share no core ("Intel Ocotillo (Fab 42/52/62)" beside
 * "Fab 42"), are kept in fab_candidates for review. Every member's rule and
 * evidence is in fab_links. A fab is a packaging site (fabs.kind 'packaging')
 * when a member's name says packaging, assembly, test, backend or ATM: the
 * lists give such sites no node (node 0 in fabs.geojson), and they make no
 * wafers; else a wafer fab.
 */
#ifndef GW_FABS_H
#define GW_FABS_H

#include <sqlite3.h>

#include "lib/buf.h"

#define FABS_NEAR_M 10000.0	/* the lists' points of one fab: fabs.geojson's are a town's */
#define FABS_KEY_M 50000.0	/* one company and name this far apart are two fabs */

/*
 * Re-resolves every obs_fab row of db (inside the caller's transaction):
 * sets obs_fab.fab_id and rewrites fabs, fab_links and fab_candidates.
 * Returns 0, or -1 with a message when the store or memory fails.
 */
int fabs_resolve(sqlite3 *db);

/*
 * The core names of a fab's name, each followed by '\n', in out (reset
 * first): the name outside parentheses and each part of it between commas,
 * semicolons or a spaced dash ("Fab 18 (...) — GIGAFAB"), then each part of
 * each parenthesis between commas and semicolons; each folded (name_fold)
 * without the company's words (company: folded words separated by spaces, or
 * NULL), generic words (fab, plant, factory, campus, wafer, semiconductor,
 * manufacturing, legal suffixes...) and wafer sizes ("300mm"). Parts left
 * empty give none; a core given twice is written once. Returns the number of
 * cores, or -1 (cap).
 */
int fab_name_cores(const char *name, const char *company, struct buf *out);

/*
 * 1 if the name says the site packages, assembles or tests chips rather than
 * making wafers (packaging, package, assembly, test, testing, backend, back
 * end, ATM, OSAT, bumping: whole words, any case), with that word in word
 * (reset first); 0 if not; -1 (cap).
 */
int fab_packaging_word(const char *name, struct buf *word);

#endif
