/*
 * Epoch AI "Frontier data centers" export (data_centers.csv), both schemas
 * seen: Dec 2025 (Handle, Title, ... Latitude, Longitude, Owner, Current
 * power (MW)) and 2026 (Name, ... Owner, Current power (MW), Country,
 * Address). Each row -> a `site` and, where it states current power, a
 * `capacity` of that many MW of IT power (Epoch's figures are IT power),
 * operational, as of the document's date.
 */
#include <string.h>

#include "csv.h"
#include "parser.h"

enum { C_HANDLE, C_NAME, C_TITLE, C_OWNER, C_POWER, C_H100E, C_ADDRESS, C_LAT, C_LON, C_COUNTRY, C_N };

static const struct colspec cols[] = {
	{ "Handle", 0 }, { "Name", 0 }, { "Title", 0 }, { "Owner", 1 }, { "Current power (MW)", 1 },
	{ "Current H100 equivalents", 0 }, { "Address", 0 }, { "Latitude", 0 }, { "Longitude", 0 },
	{ "Country", 0 }, { NULL, 0 },
};

static int first_row(const struct gw_doc *doc, struct csv *c, struct row *r)
{
	csv_init(c, (const char *)doc->data, doc->len, ',');
	return csv_next(c, r);
}

static int detect(const struct gw_doc *doc)
{
	struct csv c;
	struct row r;
	int s = 0;

	if (first_row(doc, &c, &r) == 1 && header_col(&r, "Current power (MW)") >= 0 &&
	    header_col(&r, "Owner") >= 0 &&
	    (header_col(&r, "Handle") >= 0 || header_col(&r, "Name") >= 0))
		s = 90;
	csv_release(&c);
	return s;
}

/* Epoch tags uncertain names: "Project Rainier #speculative" -> "Project Rainier" */
static size_t untag(const char *s, size_t n)
{
	const char *h = memchr(s, '#', n);

	return h ? (size_t)(h - s) : n;
}

static int parse(struct gw_parse *p)
{
	struct csv c;
	struct row hdr, r;
	int idx[C_N], rc;
	char name[512], owner[256], addr[512];
	double mw, v;

	if (first_row(p->doc, &c, &hdr) != 1) {
		perr(p, "no header row");
		goto out;
	}
	parse_note_header(p, NULL, &hdr);
	if (header_map(&hdr, cols, idx)) {
		perr(p, "header lacks a required column (Owner, Current power (MW))");
		goto out;
	}
	if (idx[C_HANDLE] < 0 && idx[C_NAME] < 0) {
		perr(p, "header has neither Handle nor Name");
		goto out;
	}
	while ((rc = csv_next(&c, &r)) != 0) {
		struct cell oc;
		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, c.err, "line %ld", r.line);
			continue;
		}
		if (row_empty(&r))
			continue;
		cell_copy(&r, idx[C_HANDLE] >= 0 ? idx[C_HANDLE] : idx[C_NAME], name, sizeof(name));
		if (!name[0]) {
			rec_reject(p, c.raw, c.rawlen, "no data center name", "line %ld", r.line);
			continue;
		}
		oc = row_cell(&r, idx[C_OWNER]);
		strn_trim_copy(owner, sizeof(owner), oc.s, untag(oc.s, oc.len));
		cell_copy(&r, idx[C_ADDRESS], addr, sizeof(addr));

		rec_begin(p, "site");
		rec_str(p, "operator", owner);
		rec_str(p, "name", name);
		if (idx[C_COUNTRY] >= 0) {
			struct cell cc = row_cell(&r, idx[C_COUNTRY]);
			rec_strn(p, "country", cc.s, cc.len);
		}
		rec_str(p, "address", addr);
		if (idx[C_LAT] >= 0 && !cell_num(&r, idx[C_LAT], &v))
			rec_num(p, "lat", v);
		if (idx[C_LON] >= 0 && !cell_num(&r, idx[C_LON], &v))
			rec_num(p, "lon", v);
		rec_end(p, "line %ld", r.line);

		if (cell_empty(&(struct cell){ row_cell(&r, idx[C_POWER]).s, row_cell(&r, idx[C_POWER]).len }))
			continue;
		if (cell_num(&r, idx[C_POWER], &mw) || mw < 0) {
			char raw[64];
			cell_copy(&r, idx[C_POWER], raw, sizeof(raw));
			perr(p, "line %ld: current power '%s' is not a number", r.line, raw);
			continue;
		}
		rec_begin(p, "capacity");
		rec_str(p, "operator", owner);
		rec_str(p, "site", name);
		rec_num(p, "mw", mw);
		rec_str(p, "mw_basis", "it");
		rec_str(p, "status", "operational");
		rec_str(p, "status_raw", "current power");
		if (idx[C_H100E] >= 0 && !cell_num(&r, idx[C_H100E], &v))
			rec_num(p, "h100e", v);
		rec_end(p, "line %ld", r.line);
	}
out:
	csv_release(&c);
	return p->nerr ? -1 : 0;
}

const struct parser parser_epoch_dc = {
	"epoch-dc",
	"Epoch AI frontier data centers CSV (data_centers.csv): sites and current IT power",
	detect,
	parse,
};
