/*
 * Virginia data-center registry (registry.csv: source, locality, name,
 * operator, operator_raw, osm_ref, status, sq_ft, mw, ..., self_generation_source,
 * parcel_id, zoning_case, lon, lat), compiled from Loudoun County's list of
 * existing data centers, Prince William building permits and the PEC map.
 *
 * Each row -> a `site` (name, else the OSM ref, else "parcel N"; county =
 * locality; state VA; the row's development status normalised, raw kept),
 * and as the file gives them:
 *   - "DEQ nnnnn [status]" in self_generation_source -> an air `permit`
 *     (authority "VA DEQ", the registration number of the backup generators,
 *     status the bracketed word: operating, planned);
 *   - zoning_case (ZMAP-, ZRTD-, REZ-, PLN- numbers) -> a zoning `permit` of
 *     the locality;
 *   - mw -> a `capacity` of unknown basis (the file does not say which).
 * The permits' applicant is operator_raw (the owner of record, e.g. "Amazon
 * Data Services Inc"), else the compiled operator. The site and capacity keep
 * the owner of record apart from the operator in `owner` (a landlord such as
 * "MEDINA DC 2 ASSETS LLC" under the operator Centersquare). The file holds no
 * building-permit numbers (the pw_building rows only cite where they come
 * from), so no building permit is made up for them.
 *
 * Site status (the file's spellings, all seen in it):
 *   Existing, BUILT, Completed -> operational
 *   Under Construction, UNDER CONSTRUCTION, BUILT/UNDER CONSTRUCTION (part
 *     built, part not), BULT/UNDER CONSTRUCTION (a typo of it) -> under_construction
 *   Planned, Proposed, Pending, Under Review -> announced
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "parsers/formats/csv.h"
#include "parsers/parser.h"

#include "lib/banned.h"

enum { C_SOURCE, C_LOCALITY, C_NAME, C_OPERATOR, C_OPRAW, C_REF, C_STATUS, C_SQFT, C_MW,
       C_SELFGEN, C_PARCEL, C_ZONING, C_LON, C_LAT, C_N };

static const struct colspec cols[] = {
	{ "source", 0 }, { "locality", 1 }, { "name", 1 }, { "operator", 1 }, { "operator_raw", 0 },
	{ "osm_ref", 0 }, { "status", 1 }, { "sq_ft", 0 }, { "mw", 0 },
	{ "self_generation_source", 1 }, { "parcel_id", 0 }, { "zoning_case", 0 }, { "lon", 0 },
	{ "lat", 0 }, { NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	static const char *const names[] = { "self_generation_source", "locality", "operator", NULL };

	return csv_header_has(doc->data, doc->len, names) ? 90 : 0;
}

static const struct { const char *raw, *status; } statuses[] = {
	{ "existing", "operational" }, { "built", "operational" }, { "completed", "operational" },
	{ "under construction", "under_construction" },
	{ "built/under construction", "under_construction" },
	{ "bult/under construction", "under_construction" },
	{ "planned", "announced" }, { "proposed", "announced" }, { "pending", "announced" },
	{ "under review", "announced" },
};

static const char *norm_status(const char *raw)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (!strcasecmp(raw, statuses[i].raw))
			return statuses[i].status;
	return NULL;
}

/* "DEQ 74164 [operating]" -> id "74164", status "operating"; 0 or -1. */
static int deq(const char *s, char *id, size_t idmax, char *st, size_t stmax)
{
	const char *q, *e;
	size_t k;

	if (strncmp(s, "DEQ ", 4))
		return -1;
	for (q = s + 4, k = 0; isdigit((unsigned char)q[k]); k++)
		;
	if (!k || k >= idmax)
		return -1;
	memcpy(id, q, k);
	id[k] = '\0';
	q += k;
	st[0] = '\0';
	while (*q == ' ')
		q++;
	if (*q == '[' && (e = strchr(q, ']')) && (size_t)(e - q - 1) < stmax) {
		memcpy(st, q + 1, (size_t)(e - q - 1));
		st[e - q - 1] = '\0';
		q = e + 1;
	}
	return *q ? -1 : 0;
}

static int parse(struct gw_parse *p)
{
	struct csv c;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* why a record failed */
	struct row hdr, r;
	int idx[C_N], rc;
	char name[512], loc[128], op[512], opraw[512], status[64], sg[128], id[32], dst[32];
	char parcel[64], zoning[64], raw[64];
	double sqft, mw, lat, lon;
	int have_sqft, have_ll;

	csv_init(&c, (const char *)p->doc->data, p->doc->len, ',');
	if (csv_next(&c, &hdr, &err) != 1) {
		pfatal(p, "no header row");
		goto out;
	}
	parse_note_header(p, NULL, &hdr);
	if (header_map(&hdr, cols, idx)) {
		pfatal(p, "header lacks a required column (locality, name, operator, status, self_generation_source)");
		goto out;
	}
	while ((rc = csv_next(&c, &r, &err)) != 0) {
		const char *ns;

		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, buf_str(&err), "line %ld", r.line);
			buf_reset(&err);
			continue;
		}
		if (row_empty(&r))
			continue;
		cell_copy(&r, idx[C_NAME], name, sizeof(name));
		cell_copy(&r, idx[C_PARCEL], parcel, sizeof(parcel));
		if (!name[0])
			cell_copy(&r, idx[C_REF], name, sizeof(name));
		if (!name[0] && parcel[0])
			snprintf(name, sizeof(name), "parcel %s", parcel);
		if (!name[0]) {
			rec_reject(p, c.raw, c.rawlen, "no name, OSM ref or parcel for the site", "line %ld", r.line);
			continue;
		}
		cell_copy(&r, idx[C_LOCALITY], loc, sizeof(loc));
		cell_copy(&r, idx[C_OPERATOR], op, sizeof(op));
		cell_copy(&r, idx[C_OPRAW], opraw, sizeof(opraw));
		cell_copy(&r, idx[C_STATUS], status, sizeof(status));
		cell_copy(&r, idx[C_SELFGEN], sg, sizeof(sg));
		cell_copy(&r, idx[C_ZONING], zoning, sizeof(zoning));
		have_sqft = idx[C_SQFT] >= 0 && !cell_num(&r, idx[C_SQFT], &sqft);
		have_ll = idx[C_LAT] >= 0 && idx[C_LON] >= 0 && !cell_num(&r, idx[C_LAT], &lat) &&
			  !cell_num(&r, idx[C_LON], &lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
		ns = norm_status(status);
		if (status[0] && !ns)
			pwarn(p, "line %ld: status '%s' is not one this parser knows: kept raw", r.line, status);

		rec_begin(p, "site");
		rec_str(p, "operator", op);
		rec_str(p, "name", name);
		rec_str(p, "country", "US");
		rec_str(p, "state", "VA");
		rec_str(p, "county", loc);
		rec_str(p, "owner", opraw);
		if (have_ll) {
			rec_num(p, "lat", lat);
			rec_num(p, "lon", lon);
		}
		rec_str(p, "status", ns);
		rec_str(p, "status_raw", status);
		rec_end(p, "line %ld", r.line);

		if (sg[0]) {
			if (deq(sg, id, sizeof(id), dst, sizeof(dst))) {
				rec_reject(p, sg, strlen(sg), "self_generation_source is not 'DEQ nnnnn [status]'",
					   "line %ld", r.line);
			} else {
				rec_begin(p, "permit");
				rec_str(p, "authority", "VA DEQ");
				rec_str(p, "permit_id", id);
				rec_str(p, "permit_kind", "air");
				rec_str(p, "applicant", opraw[0] ? opraw : op);
				rec_str(p, "site", name);
				rec_str(p, "county", loc);
				rec_str(p, "state", "VA");
				rec_str(p, "parcel", parcel);
				if (have_sqft)
					rec_num(p, "sqft", sqft);
				rec_str(p, "status", dst);
				rec_str(p, "status_raw", sg);
				rec_end(p, "line %ld", r.line);
			}
		}
		if (zoning[0]) {
			rec_begin(p, "permit");
			rec_str(p, "authority", loc);
			rec_str(p, "permit_id", zoning);
			rec_str(p, "permit_kind", "zoning");
			rec_str(p, "applicant", opraw[0] ? opraw : op);
			rec_str(p, "site", name);
			rec_str(p, "county", loc);
			rec_str(p, "state", "VA");
			rec_str(p, "parcel", parcel);
			rec_end(p, "line %ld", r.line);
		}
		if (idx[C_MW] >= 0 && !cell_empty(&(struct cell){ row_cell(&r, idx[C_MW]).s, row_cell(&r, idx[C_MW]).len })) {
			if (cell_num(&r, idx[C_MW], &mw) || mw < 0) {
				cell_copy(&r, idx[C_MW], raw, sizeof(raw));
				perr(p, "line %ld: mw '%s' is not a number", r.line, raw);
			} else if (!ns) {
				perr(p, "line %ld: %s: %g MW with no known status", r.line, name, mw);
			} else {
				rec_begin(p, "capacity");
				rec_str(p, "operator", op);
				rec_str(p, "site", name);
				rec_str(p, "country", "US");
				rec_str(p, "state", "VA");
				rec_num(p, "mw", mw);
				rec_str(p, "mw_basis", "unknown");
				rec_str(p, "status", ns);
				rec_str(p, "status_raw", status);
				rec_str(p, "owner", opraw);
				rec_end(p, "line %ld", r.line);
			}
		}
	}
out:
	csv_release(&c);
	buf_release(&err);
	return p->nerr ? -1 : 0;
}

const struct parser parser_va_dc_registry = {
	"va-dc-registry",
	"Virginia data-center registry CSV: sites, DEQ air permits, zoning cases",
	detect,
	parse,
};
