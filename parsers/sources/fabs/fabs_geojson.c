/*
 * fabs-geojson: fabs as a GeoJSON FeatureCollection of points (properties
 * name, operator, country, city, node_nm, wafer_size_mm) -> `fab` records
 * (fabs.h says how); as_of is its metadata.updated date. It has no status
 * property: its "role" says a status for 7 of the corpus's 60 points
 * ("Under construction", "Planned", "Planned DRAM"), a kind of site for the
 * others ("DRAM", "Packaging/test"): a role that starts with one of those
 * two statuses gives it
 */
#include <string.h>

#include "lib/dates.h"
#include "fabs.h"

#include "lib/banned.h"

/* Columns in the order fabs_run reads them (fabs.h); ?1 is the document. */
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

static int detect_geojson(const struct gw_doc *doc)
{
	return doc_starts_with(doc, "{") && fabs_head(doc, "FeatureCollection") &&
	       (fabs_head(doc, "\"wafer_size_mm\"") || fabs_head(doc, "\"node_nm\"")) ? 85 : 0;
}

static int parse_geojson(struct gw_parse *p)
{
	sqlite3_stmt *st = jsonq_prepare("SELECT json_extract(?1, '$.metadata.updated')");

	char d[11];

	if (st && jsonq_bind(st, 1, p->doc->data, p->doc->len) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && fabs_text(st, 0) && strlen(fabs_text(st, 0)) >= 10) {
		if (!date_parse(fabs_text(st, 0), 10, d))
			memcpy(p->as_of, d, sizeof(d));
		else
			pwarn(p, "metadata.updated '%.40s' is not a date: records dated when the list was fetched",
			      fabs_text(st, 0));
	}
	if (st)
		sqlite3_finalize(st);
	return fabs_run(p, q_geojson, "$.features");
}

const struct parser parser_fabs_geojson = {
	"fabs-geojson",
	"Semiconductor fabs as GeoJSON points (fabs.geojson)",
	detect_geojson,
	parse_geojson,
};
