/*
 * Epoch AI "Frontier data centers" export (data_centers.csv), both schemas
 * seen: Dec 2025 (Handle, Title, ... Latitude, Longitude, Owner, Current
 * power (MW)) and 2026 (Name, ... Owner, Current power (MW), Country,
 * Address). Each row -> a `site` (with the US state read from the address
 * where it is clear) and, where it states current power, an operational
 * `capacity`, as of the document's date (a current power of 0, a site not yet
 * in service, gives no capacity).
 *
 * The basis of "Current power (MW)" differs between the schemas, as the
 * timelines show: the 2026 timelines carry both "Power (MW)" and "IT power
 * (MW)", and the 2026 list's current power is the IT figure (Colossus 2:
 * 946 = IT power on 2026-07-01, Power 1,276). The Dec 2025 list's current
 * power equals its timeline's "Power (MW)", which the 2026 timelines show to
 * be the facility figure (New Carlisle 751 = Power on 2025-12-23, IT 626).
 * So the 2026 schema (Name) gives `it`, the Dec 2025 schema (Handle) gives
 * `facility`.
 *
 * Owner is the operator (the company that owns and runs the campus: Oracle at
 * Stargate Abilene), unless Epoch tags it #speculative (a guess, not a
 * statement: Goodnight's "Google #speculative", a campus Crusoe builds);
 * Users, the companies whose compute runs there (OpenAI), go in `tenant` as
 * written, confidence tags and all ("OpenAI #likely, Microsoft #likely"):
 * gw-load resolves the list.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/formats/csv.h"
#include "parsers/formats/extract.h"
#include "parsers/parser.h"

#include "lib/banned.h"

enum { C_HANDLE, C_NAME, C_TITLE, C_OWNER, C_POWER, C_H100E, C_ADDRESS, C_LAT, C_LON, C_COUNTRY, C_USERS,
       C_N };

static const struct colspec cols[] = {
	{ "Handle", 0 }, { "Name", 0 }, { "Title", 0 }, { "Owner", 1 }, { "Current power (MW)", 1 },
	{ "Current H100 equivalents", 0 }, { "Address", 0 }, { "Latitude", 0 }, { "Longitude", 0 },
	{ "Country", 0 }, { "Users", 0 }, { NULL, 0 },
};

static int first_row(const struct gw_doc *doc, struct csv *c, struct row *r, struct buf *err)
{
	csv_init(c, (const char *)doc->data, doc->len, ',');
	return csv_next(c, r, err);
}

static int detect(const struct gw_doc *doc)
{
	/* the Dec 2025 export names a data center by Handle, the 2026 one by Name */
	static const char *const dec2025[] = { "Current power (MW)", "Owner", "Handle", NULL };
	static const char *const y2026[] = { "Current power (MW)", "Owner", "Name", NULL };

	return csv_header_has(doc->data, doc->len, dec2025) ||
	       csv_header_has(doc->data, doc->len, y2026) ? 90 : 0;
}

/* Epoch tags uncertain names: "Project Rainier #speculative" -> "Project Rainier" */
static size_t untag(const char *s, size_t n)
{
	const char *h = memchr(s, '#', n);

	return h ? (size_t)(h - s) : n;
}

/*
 * Degrees from Epoch's Dec 2025 form 32°35'25"N or 41°11'6.6732"N (or a
 * plain decimal). 0 or -1.
 */
static int dms(const struct row *r, int col, double *out)
{
	struct cell c = row_cell(r, col);
	char t[64], *e;
	double part[3] = { 0, 0, 0 }, v;
	int k = 0, neg = 0;
	const char *q;

	if (!cell_num(r, col, out))
		return 0;
	strn_trim_copy(t, sizeof(t), c.s, c.len);
	for (q = t; *q && k < 3;) {
		if (*q >= '0' && *q <= '9') {
			part[k++] = strtod(q, &e);
			q = e;
		} else if (*q == 'S' || *q == 'W') {
			neg = 1;
			q++;
		} else {
			q++;
		}
	}
	for (; *q; q++)
		if (*q == 'S' || *q == 'W')
			neg = 1;
	if (!k || part[1] >= 60 || part[2] >= 60)
		return -1;
	v = part[0] + part[1] / 60 + part[2] / 3600;
	if (v > 180)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

static int parse(struct gw_parse *p)
{
	struct csv c;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* why a record failed */
	struct row hdr, r;
	int idx[C_N], rc;
	char name[512], owner[256], addr[512], st[3];
	double mw, v;
	const char *basis;

	if (first_row(p->doc, &c, &hdr, &err) != 1) {
		pfatal(p, "no header row");
		goto out;
	}
	if (header_map(&hdr, cols, idx)) {
		parse_note_header(p, NULL, &hdr);
		pfatal(p, "header lacks a required column (Owner, Current power (MW))");
		goto out;
	}
	if (idx[C_HANDLE] < 0 && idx[C_NAME] < 0) {
		parse_note_header(p, NULL, &hdr);
		pfatal(p, "header has neither Handle nor Name");
		goto out;
	}
	/* each schema's header is compared with the same schema's (a new schema is no drift) */
	parse_note_header(p, idx[C_HANDLE] >= 0 ? "schema Handle" : "schema Name", &hdr);
	basis = idx[C_HANDLE] >= 0 ? "facility" : "it";
	while ((rc = csv_next(&c, &r, &err)) != 0) {
		struct cell oc;
		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, buf_str(&err), "line %ld", r.line);
			buf_reset(&err);
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
		/* an Owner Epoch only guesses at ("Google #speculative" for Goodnight, which the
		 * GPU-cluster list gives Crusoe) is no operator: the Users column keeps the guess */
		if (mem_find((const unsigned char *)oc.s, oc.len, "#speculative"))
			owner[0] = '\0';
		else
			strn_trim_copy(owner, sizeof(owner), oc.s, untag(oc.s, oc.len));
		cell_copy(&r, idx[C_ADDRESS], addr, sizeof(addr));

		rec_begin(p, "site");
		rec_str(p, "operator", owner);
		rec_str(p, "name", name);
		if (idx[C_COUNTRY] >= 0) {
			struct cell cc = row_cell(&r, idx[C_COUNTRY]);
			rec_strn(p, "country", cc.s, cc.len);
		}
		st[0] = '\0';
		if (addr[0] && us_state_of(addr, strlen(addr), st))
			st[0] = '\0';
		if (idx[C_COUNTRY] < 0 && st[0])
			rec_str(p, "country", "United States");	/* Epoch's own wording in its 2026 schema */
		rec_str(p, "state", st);
		rec_str(p, "address", addr);
		if (idx[C_USERS] >= 0) {
			struct cell uc = row_cell(&r, idx[C_USERS]);
			rec_strn(p, "tenant", uc.s, uc.len);
		}
		if (idx[C_LAT] >= 0 && !dms(&r, idx[C_LAT], &v))
			rec_num(p, "lat", v);
		if (idx[C_LON] >= 0 && !dms(&r, idx[C_LON], &v))
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
		if (mw == 0)
			continue;	/* nothing operational yet: the site record says it exists, no 0 MW capacity */
		rec_begin(p, "capacity");
		rec_str(p, "operator", owner);
		rec_str(p, "site", name);
		if (idx[C_COUNTRY] >= 0) {
			struct cell cc = row_cell(&r, idx[C_COUNTRY]);
			rec_strn(p, "country", cc.s, cc.len);
		} else if (st[0]) {
			rec_str(p, "country", "United States");
		}
		rec_str(p, "state", st);
		rec_num(p, "mw", mw);
		rec_str(p, "mw_basis", basis);
		rec_str(p, "status", "operational");
		rec_str(p, "status_raw", "current power");
		if (idx[C_USERS] >= 0) {
			struct cell uc = row_cell(&r, idx[C_USERS]);
			rec_strn(p, "tenant", uc.s, uc.len);
		}
		if (idx[C_H100E] >= 0 && !cell_num(&r, idx[C_H100E], &v))
			rec_num(p, "h100e", v);
		rec_end(p, "line %ld", r.line);
	}
out:
	csv_release(&c);
	buf_release(&err);
	return p->nerr ? -1 : 0;
}

const struct parser parser_epoch_dc = {
	"epoch-dc",
	"Epoch AI frontier data centers CSV (data_centers.csv): sites and current power",
	detect,
	parse,
};
