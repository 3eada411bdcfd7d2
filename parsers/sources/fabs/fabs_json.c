/*
 * fabs-json: a list of semiconductor fabs as a JSON array of objects (name,
 * operator, country, place, lat, lon, waferMm, nodeNm, wspm, status,
 * startYear, ...) -> `fab` records (fabs.h says how).
 */
#include "fabs.h"

#include "lib/banned.h"

/* Columns in the order fabs_run reads them (fabs.h); ?1 is the document. */
static const char q_sourced[] =
	"SELECT e.key, json_extract(e.value, '$.name'), json_extract(e.value, '$.operator'),"
	" json_extract(e.value, '$.country'), NULL, json_extract(e.value, '$.place'),"
	" json_extract(e.value, '$.lat'), json_extract(e.value, '$.lon'),"
	" json_extract(e.value, '$.nodeNm'), json_extract(e.value, '$.waferMm'),"
	" json_extract(e.value, '$.wspm'), NULL, json_extract(e.value, '$.status'),"
	" json_extract(e.value, '$.startYear'), json_type(e.value)"
	" FROM json_each(?1) AS e";

static int detect_sourced(const struct gw_doc *doc)
{
	return doc_starts_with(doc, "[") && fabs_head(doc, "\"waferMm\"") &&
	       fabs_head(doc, "\"operator\"") ? 85 : 0;
}

static int parse_sourced(struct gw_parse *p)
{
	return fabs_run(p, q_sourced, "$");
}

const struct parser parser_fabs_json = {
	"fabs-json",
	"Semiconductor fab list, JSON array with sources (fabs_sourced.json)",
	detect_sourced,
	parse_sourced,
};
