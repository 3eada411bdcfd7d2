/*
 * Three lists of semiconductor fabs -> `fab` records (fabs_json.c,
 * fabs_compact.c, fabs_geojson.c), read with SQLite's JSON functions, one
 * query per layout mapping its keys onto the same columns; what they share
 * is here.
 * Status words are normalised to the capacity vocabulary (operating ->
 * operational, construction -> under_construction, planned -> announced),
 * others kept as given.
 * The US state comes from the place text when it names one clearly.
 * A node of 0 nm is the list's way to give none (23 of fabs.geojson's 60
 * points: packaging, memory, SiC, R&D sites): node_nm is left out, not 0.
 */
#ifndef GW_SOURCES_FABS_H
#define GW_SOURCES_FABS_H

#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"

/*
 * Runs a layout's query sql, whose ?1 is the document, and emits a `fab`
 * record for each row; the row's columns, in this order: the element's key,
 * name, operator, country, city, place (an address), lat, lon, node (nm),
 * wafer (mm), wafer starts per month, MW, status, start year, and the
 * element's json_type. An element that is not an object with a name and an
 * operator is a reject at path[key]. Returns 0, or -1 if anything failed
 * (the query, or a reject): problems go to p.
 */
int fabs_run(struct gw_parse *p, const char *sql, const char *path);
/* Where needle is in the document's first 4 KB, or NULL (for detect()). */
const unsigned char *fabs_head(const struct gw_doc *doc, const char *needle);
/* Column i's text, or NULL if it is NULL or "". */
const char *fabs_text(sqlite3_stmt *st, int i);

#endif
