/*
 * OpenStreetMap Overpass API JSON (`out center`) of data centers
 * (telecom=data_center): nodes carry lat/lon, ways and relations a `center`.
 * Each element -> a `site`: name (else operator and ref, else "OSM way N"),
 * operator, owner (the owner tag: the landlord where it differs, e.g. Digital
 * Realty under operator Amazon Web Services), address from the addr:* tags,
 * state from addr:state, lat/lon.
 * as_of is the extract's own date (osm3s.timestamp_osm_base). The locator is
 * the element's JSON path and its OSM type and id.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/dates.h"
#include "parsers/formats/extract.h"
#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"

#include "lib/banned.h"

#define OSM_MAX_TEXT 65536	/* a name or an address longer than this is not a real one */

static int detect(const struct gw_doc *doc)
{
	size_t n = doc->len < 4096 ? doc->len : 4096;

	if (!doc_starts_with(doc, "{") || !mem_find(doc->data, n, "\"elements\""))
		return 0;
	if (mem_find(doc->data, n, "Overpass") || mem_find(doc->data, n, "openstreetmap"))
		return mem_find(doc->data, doc->len < 65536 ? doc->len : 65536, "data_center") ? 85 : 40;
	return 0;
}

enum { Q_KEY, Q_TYPE, Q_ID, Q_LAT, Q_LON, Q_NAME, Q_OP, Q_REF, Q_HNUM, Q_STREET, Q_CITY,
       Q_STATE, Q_POST, Q_COUNTRY, Q_FULL, Q_OBJ, Q_OWNER };

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s && *s ? s : NULL;
}

static int parse(struct gw_parse *p)
{
	sqlite3_stmt *st = jsonq_prepare(
		"SELECT e.key, json_extract(e.value, '$.type'), json_extract(e.value, '$.id'),"
		" coalesce(json_extract(e.value, '$.lat'), json_extract(e.value, '$.center.lat')),"
		" coalesce(json_extract(e.value, '$.lon'), json_extract(e.value, '$.center.lon')),"
		" json_extract(e.value, '$.tags.name'), json_extract(e.value, '$.tags.operator'),"
		" json_extract(e.value, '$.tags.ref'), json_extract(e.value, '$.tags.\"addr:housenumber\"'),"
		" json_extract(e.value, '$.tags.\"addr:street\"'), json_extract(e.value, '$.tags.\"addr:city\"'),"
		" json_extract(e.value, '$.tags.\"addr:state\"'), json_extract(e.value, '$.tags.\"addr:postcode\"'),"
		" json_extract(e.value, '$.tags.\"addr:country\"'), json_extract(e.value, '$.tags.\"addr:full\"'),"
		" json_type(e.value), json_extract(e.value, '$.tags.owner')"
		" FROM json_each(?1, '$.elements') AS e");
	sqlite3_stmt *date = jsonq_prepare("SELECT json_extract(?1, '$.osm3s.timestamp_osm_base')");
	struct buf name = BUF_INIT(OSM_MAX_TEXT), addr = BUF_INIT(OSM_MAX_TEXT);
	int rc;

	if (!st || !date) {
		pfatal(p, "cannot prepare the JSON query");
		goto out;
	}
	if (jsonq_bind(date, 1, p->doc->data, p->doc->len) != SQLITE_OK ||
	    jsonq_bind(st, 1, p->doc->data, p->doc->len) != SQLITE_OK) {
		pfatal(p, "document too large for the JSON reader");
		goto out;
	}
	rc = sqlite3_step(date);
	if (rc == SQLITE_ROW && col(date, 0)) {
		char d[11];
		if (strlen(col(date, 0)) >= 10 && !date_parse(col(date, 0), 10, d))
			memcpy(p->as_of, d, sizeof(d));
		else
			pwarn(p, "osm3s.timestamp_osm_base '%.40s' is not a date: records dated when the extract was fetched",
			      col(date, 0));
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		pfatal(p, "not valid JSON: %s", jsonq_errmsg());
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = col(st, Q_KEY), *type = col(st, Q_TYPE), *id = col(st, Q_ID);
		const char *nm = col(st, Q_NAME), *op = col(st, Q_OP), *ref = col(st, Q_REF);
		char stc[3];

		if (!col(st, Q_OBJ) || strcmp(col(st, Q_OBJ), "object") || !type || !id) {
			rec_reject(p, "", 0, "element is not an OSM object with a type and an id",
				   "$.elements[%s]", key ? key : "?");
			continue;
		}
		buf_reset(&name);
		if (nm)
			rc = buf_adds(&name, nm);
		else if (op && ref)
			rc = buf_printf(&name, "%s %s", op, ref);
		else
			rc = buf_printf(&name, "OSM %s %s", type, id);
		if (rc) {
			rec_reject(p, "", 0, "name longer than 65536 bytes", "$.elements[%s] (%s %s)", key, type, id);
			continue;
		}
		buf_reset(&addr);
		if (col(st, Q_FULL)) {
			buf_adds(&addr, col(st, Q_FULL));
		} else {
			if (col(st, Q_HNUM))
				buf_printf(&addr, "%s ", col(st, Q_HNUM));
			if (col(st, Q_STREET))
				buf_printf(&addr, "%s", col(st, Q_STREET));
			if (col(st, Q_CITY))
				buf_printf(&addr, "%s%s", addr.len ? ", " : "", col(st, Q_CITY));
			if (col(st, Q_STATE))
				buf_printf(&addr, "%s%s", addr.len ? ", " : "", col(st, Q_STATE));
			if (col(st, Q_POST))
				buf_printf(&addr, " %s", col(st, Q_POST));
		}
		if (buf_error(&addr)) {
			rec_reject(p, "", 0, "address longer than 65536 bytes", "$.elements[%s] (%s %s)", key, type, id);
			continue;
		}
		rec_begin(p, "site");
		rec_str(p, "operator", op);
		rec_str(p, "name", name.data);
		rec_str(p, "country", col(st, Q_COUNTRY));
		if (col(st, Q_STATE) && !us_state_code(col(st, Q_STATE), strlen(col(st, Q_STATE)), stc))
			rec_str(p, "state", stc);
		else
			rec_str(p, "state", col(st, Q_STATE));
		rec_str(p, "owner", col(st, Q_OWNER));
		rec_str(p, "city", col(st, Q_CITY));
		rec_str(p, "address", addr.data);
		if (sqlite3_column_type(st, Q_LAT) != SQLITE_NULL &&
		    sqlite3_column_type(st, Q_LON) != SQLITE_NULL) {
			double lat = sqlite3_column_double(st, Q_LAT), lon = sqlite3_column_double(st, Q_LON);
			if (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
				rec_num(p, "lat", lat);
				rec_num(p, "lon", lon);
			} else {
				pwarn(p, "$.elements[%s]: %s %s: coordinates out of range", key, type, id);
			}
		}
		rec_end(p, "$.elements[%s] (%s %s)", key, type, id);
	}
	if (rc != SQLITE_DONE)
		pfatal(p, "not valid Overpass JSON: %s", jsonq_errmsg());
out:
	if (st)
		sqlite3_finalize(st);
	if (date)
		sqlite3_finalize(date);
	buf_release(&name);
	buf_release(&addr);
	return p->nerr ? -1 : 0;
}

const struct parser parser_osm_datacenters = {
	"osm-datacenters",
	"OpenStreetMap Overpass JSON of data centers: sites with operator, address, coordinates",
	detect,
	parse,
};
