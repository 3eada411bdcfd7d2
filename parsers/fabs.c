/*
 * Three lists of semiconductor fabs -> `fab` records, read with SQLite's
 * JSON functions, one query per layout mapping its keys onto the same
 * columns:
 *   fabs-json     a JSON array of objects (name, operator, country, place,
 *                 lat, lon, waferMm, nodeNm, wspm, status, startYear, ...)
 *   fabs-compact  the same list minified with short keys (n, op, cy, pl, lat,
 *                 lon, k, nm, wf, ws, y, mw)
 *   fabs-geojson  a GeoJSON FeatureCollection of points (properties name,
 *                 operator, country, city, node_nm, wafer_size_mm); as_of is
 *                 its metadata.updated date. It has no status property: its
 *                 "role" says a status for 7 of the corpus's 60 points
 *                 ("Under construction", "Planned", "Planned DRAM"), a kind
 *                 of site for the others ("DRAM", "Packaging/test"): a role
 *                 that starts with one of those two statuses gives it
 * Status words are normalised to the capacity vocabulary (operating ->
 * operational, construction -> under_construction, planned -> announced),
 * others kept as given.
 * The US state comes from the place text when it names one clearly.
 * A node of 0 nm is the list's way to give none (23 of fabs.geojson's 60
 * points: packaging, memory, SiC, R&D sites): node_nm is left out, not 0.
 */
#include <string.h>
#include <strings.h>

#include "../lib/timeq.h"
#include "extract.h"
#include "jsonq.h"
#include "parser.h"

#include "lib/banned.h"

enum { Q_KEY, Q_NAME, Q_CO, Q_COUNTRY, Q_CITY, Q_PLACE, Q_LAT, Q_LON, Q_NODE, Q_WAFER, Q_WSPM,
       Q_MW, Q_STATUS, Q_YEAR, Q_OBJ };

/* Columns in the order above; ?1 is the document. */
static const char q_sourced[] =
	"SELECT e.key, json_extract(e.value, '$.name'), json_extract(e.value, '$.operator'),"
	" json_extract(e.value, '$.country'), NULL, json_extract(e.value, '$.place'),"
	" json_extract(e.value, '$.lat'), json_extract(e.value, '$.lon'),"
	" json_extract(e.value, '$.nodeNm'), json_extract(e.value, '$.waferMm'),"
	" json_extract(e.value, '$.wspm'), NULL, json_extract(e.value, '$.status'),"
	" json_extract(e.value, '$.startYear'), json_type(e.value)"
	" FROM json_each(?1) AS e";
static const char q_compact[] =
	"SELECT e.key, json_extract(e.value, '$.n'), json_extract(e.value, '$.op'),"
	" json_extract(e.value, '$.cy'), NULL, json_extract(e.value, '$.pl'),"
	" json_extract(e.value, '$.lat'), json_extract(e.value, '$.lon'),"
	" json_extract(e.value, '$.nm'), json_extract(e.value, '$.wf'),"
	" json_extract(e.value, '$.ws'), json_extract(e.value, '$.mw'), json_extract(e.value, '$.k'),"
	" json_extract(e.value, '$.y'), json_type(e.value)"
	" FROM json_each(?1) AS e";
static const char q_geojson[] =
	"SELECT e.key, json_extract(e.value, '$.properties.name'),"
	" json_extract(e.value, '$.properties.operator'), json_extract(e.value, '$.properties.country'),"
	" json_extract(e.value, '$.properties.city'), NULL,"
	" json_extract(e.value, '$.geometry.coordinates[1]'), json_extract(e.value, '$.geometry.coordinates[0]'),"
	" json_extract(e.value, '$.properties.node_nm'), json_extract(e.value, '$.properties.wafer_size_mm'),"
	" NULL, NULL, coalesce(json_extract(e.value, '$.properties.status'),"
	" CASE WHEN lower(json_extract(e.value, '$.properties.role')) LIKE 'under construction%' THEN 'construction'"
	" WHEN lower(json_extract(e.value, '$.properties.role')) LIKE 'planned%' THEN 'planned' END),"
	" NULL, json_type(e.value) FROM json_each(?1, '$.features') AS e";

static const char *txt(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s && *s ? s : NULL;
}

static int isnum(sqlite3_stmt *st, int i)
{
	int t = sqlite3_column_type(st, i);
	return t == SQLITE_INTEGER || t == SQLITE_FLOAT;
}

static int run(struct gw_parse *p, const char *sql, const char *path)
{
	sqlite3_stmt *st = jsonq_prepare(sql);
	int rc;

	if (!st) {
		pfatal(p, "cannot prepare the JSON query");
		return -1;
	}
	if (jsonq_bind(st, 1, p->doc->data, p->doc->len) != SQLITE_OK) {
		pfatal(p, "document too large for the JSON reader");
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = txt(st, Q_KEY), *name = txt(st, Q_NAME), *co = txt(st, Q_CO);
		const char *status = txt(st, Q_STATUS), *place = txt(st, Q_PLACE), *cy = txt(st, Q_COUNTRY);
		char stc[3];

		if (!txt(st, Q_OBJ) || strcmp(txt(st, Q_OBJ), "object") || !name || !co) {
			rec_reject(p, "", 0, "fab without a name and an operator", "%s[%s]", path,
				   key ? key : "?");
			continue;
		}
		rec_begin(p, "fab");
		rec_str(p, "company", co);
		rec_str(p, "name", name);
		rec_str(p, "country", cy);
		if (cy && (!strcmp(cy, "US") || !strcmp(cy, "USA")) && place &&
		    !us_state_of(place, strlen(place), stc))
			rec_str(p, "state", stc);
		rec_str(p, "city", txt(st, Q_CITY));
		rec_str(p, "address", place);
		if (isnum(st, Q_LAT) && isnum(st, Q_LON)) {
			rec_num(p, "lat", sqlite3_column_double(st, Q_LAT));
			rec_num(p, "lon", sqlite3_column_double(st, Q_LON));
		}
		if (isnum(st, Q_NODE) && sqlite3_column_double(st, Q_NODE) != 0)
			rec_num(p, "node_nm", sqlite3_column_double(st, Q_NODE));
		if (sqlite3_column_type(st, Q_WAFER) == SQLITE_INTEGER)
			rec_int(p, "wafer_mm", sqlite3_column_int64(st, Q_WAFER));
		if (isnum(st, Q_WSPM))
			rec_num(p, "wspm", sqlite3_column_double(st, Q_WSPM));
		if (isnum(st, Q_MW))
			rec_num(p, "mw", sqlite3_column_double(st, Q_MW));
		if (status && !strcasecmp(status, "operating"))
			rec_str(p, "status", "operational");
		else if (status && !strcasecmp(status, "construction"))
			rec_str(p, "status", "under_construction");
		else if (status && !strcasecmp(status, "planned"))
			rec_str(p, "status", "announced");
		else
			rec_str(p, "status", status);
		if (sqlite3_column_type(st, Q_YEAR) == SQLITE_INTEGER)
			rec_int(p, "start_year", sqlite3_column_int64(st, Q_YEAR));
		rec_end(p, "%s[%s]", path, key);
	}
	if (rc != SQLITE_DONE)
		pfatal(p, "not a valid fab list: %s", jsonq_errmsg());
	sqlite3_finalize(st);
	return p->nerr ? -1 : 0;
}

static const unsigned char *head(const struct gw_doc *doc, const char *needle)
{
	return mem_find(doc->data, doc->len < 4096 ? doc->len : 4096, needle);
}

static int detect_sourced(const struct gw_doc *doc)
{
	return doc_starts_with(doc, "[") && head(doc, "\"waferMm\"") && head(doc, "\"operator\"") ? 85 : 0;
}

static int detect_compact(const struct gw_doc *doc)
{
	return doc_starts_with(doc, "[") && head(doc, "\"op\":") && head(doc, "\"wf\":") &&
	       head(doc, "\"n\":") ? 85 : 0;
}

static int detect_geojson(const struct gw_doc *doc)
{
	return doc_starts_with(doc, "{") && head(doc, "FeatureCollection") &&
	       (head(doc, "\"wafer_size_mm\"") || head(doc, "\"node_nm\"")) ? 85 : 0;
}

static int parse_sourced(struct gw_parse *p)
{
	return run(p, q_sourced, "$");
}

static int parse_compact(struct gw_parse *p)
{
	return run(p, q_compact, "$");
}

static int parse_geojson(struct gw_parse *p)
{
	sqlite3_stmt *st = jsonq_prepare("SELECT json_extract(?1, '$.metadata.updated')");

	char d[11];

	if (st && jsonq_bind(st, 1, p->doc->data, p->doc->len) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && txt(st, 0) && strlen(txt(st, 0)) >= 10) {
		if (!date_parse(txt(st, 0), 10, d))
			memcpy(p->as_of, d, sizeof(d));
		else
			pwarn(p, "metadata.updated '%.40s' is not a date: records dated when the list was fetched",
			      txt(st, 0));
	}
	if (st)
		sqlite3_finalize(st);
	return run(p, q_geojson, "$.features");
}

const struct parser parser_fabs_json = {
	"fabs-json",
	"Semiconductor fab list, JSON array with sources (fabs_sourced.json)",
	detect_sourced,
	parse_sourced,
};

const struct parser parser_fabs_compact = {
	"fabs-compact",
	"Semiconductor fab list, minified JSON with short keys (fabs.json)",
	detect_compact,
	parse_compact,
};

const struct parser parser_fabs_geojson = {
	"fabs-geojson",
	"Semiconductor fabs as GeoJSON points (fabs.geojson)",
	detect_geojson,
	parse_geojson,
};
