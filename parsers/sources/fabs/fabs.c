/* What the fab-list parsers share (fabs.h says it). */
#include "fabs.h"

#include <string.h>
#include <strings.h>

#include "parsers/formats/extract.h"

#include "lib/banned.h"

/* The columns of a layout's query, in the order fabs.h gives them */
enum { Q_KEY, Q_NAME, Q_CO, Q_COUNTRY, Q_CITY, Q_PLACE, Q_LAT, Q_LON, Q_NODE, Q_WAFER, Q_WSPM,
       Q_MW, Q_STATUS, Q_YEAR, Q_OBJ };

const char *fabs_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s && *s ? s : NULL;
}

static int isnum(sqlite3_stmt *st, int i)
{
	int t = sqlite3_column_type(st, i);
	return t == SQLITE_INTEGER || t == SQLITE_FLOAT;
}

int fabs_run(struct gw_parse *p, const char *sql, const char *path)
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
		const char *key = fabs_text(st, Q_KEY), *name = fabs_text(st, Q_NAME), *co = fabs_text(st, Q_CO);
		const char *status = fabs_text(st, Q_STATUS), *place = fabs_text(st, Q_PLACE);
		const char *cy = fabs_text(st, Q_COUNTRY);
		char stc[3];

		if (!fabs_text(st, Q_OBJ) || strcmp(fabs_text(st, Q_OBJ), "object") || !name || !co) {
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
		rec_str(p, "city", fabs_text(st, Q_CITY));
		rec_str(p, "address", place);
		if (isnum(st, Q_LAT) && isnum(st, Q_LON)) {
			double lat = sqlite3_column_double(st, Q_LAT), lon = sqlite3_column_double(st, Q_LON);
			/* a point off the globe (fabs_sourced.json's Crolles 2 has lat 267195) loses the
			 * point, not the fab: said, and counted as a problem */
			if (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
				rec_num(p, "lat", lat);
				rec_num(p, "lon", lon);
			} else {
				perr(p, "%s[%s]: lat %.15g, lon %.15g is not a point on the globe (lat -90 to 90, lon"
				     " -180 to 180); the fab is kept without its coordinates", path, key ? key : "?",
				     lat, lon);
			}
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

const unsigned char *fabs_head(const struct gw_doc *doc, const char *needle)
{
	return mem_find(doc->data, doc->len < 4096 ? doc->len : 4096, needle);
}
