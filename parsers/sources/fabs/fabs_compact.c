/*
 * fabs-compact: the fab list of fabs-json minified with short keys (n, op,
 * cy, pl, lat, lon, k, nm, wf, ws, y, mw) -> `fab` records (fabs.h says how).
 */
#include "fabs.h"

#include "lib/banned.h"

/* Columns in the order fabs_run reads them (fabs.h); ?1 is the document. */
static const char q_compact[] =
	"SELECT e.key, json_extract(e.value, '$.n'), json_extract(e.value, '$.op'),"
	" json_extract(e.value, '$.cy'), NULL, json_extract(e.value, '$.pl'),"
	" json_extract(e.value, '$.lat'), json_extract(e.value, '$.lon'),"
	" json_extract(e.value, '$.nm'), json_extract(e.value, '$.wf'),"
	" json_extract(e.value, '$.ws'), json_extract(e.value, '$.mw'), json_extract(e.value, '$.k'),"
	" json_extract(e.value, '$.y'), json_type(e.value)"
	" FROM json_each(?1) AS e";

static int detect_compact(const struct gw_doc *doc)
{
	return doc_starts_with(doc, "[") && fabs_head(doc, "\"op\":") && fabs_head(doc, "\"wf\":") &&
	       fabs_head(doc, "\"n\":") ? 85 : 0;
}

static int parse_compact(struct gw_parse *p)
{
	return fabs_run(p, q_compact, "$");
}

const struct parser parser_fabs_compact = {
	"fabs-compact",
	"Semiconductor fab list, minified JSON with short keys (fabs.json)",
	detect_compact,
	parse_compact,
};
