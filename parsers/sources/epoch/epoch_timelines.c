/*
 * Epoch AI data center timelines (data_center_timelines.csv), both schemas
 * seen: Dec 2025 (Date, Data center, Construction status, Power (MW), ...;
 * M/D/YYYY dates, CRLF) and 2026 (Data center, Date, ..., IT power (MW),
 * Power (MW), ...; ISO dates). Columns are found by name.
 *
 * Each row is Epoch's estimate of a site's cumulative power on that date.
 * A row dated on or before the document's date (as_of: --as-of, else when
 * the document was fetched or added) becomes a `capacity` observation of the
 * site with as_of = the row's date, so the store's history shows the growth:
 * operational when it states power, under_construction while it is still 0
 * (Epoch records land clearing, roofs, generators before power), announced
 * or permitted when its text says so.
 *
 * A row dated after the document's date is a projection: a phase "by
 * YYYY-MM-DD" with expected_online = the row's date, stated as of the
 * document's date. Like every row of a timeline it holds the campus's
 * cumulative power at its date (never an increase to add to other rows: the
 * store's site_capacity reads a timeline as a series, the latest point by
 * each quarter); a projection that changes nothing since the row before
 * gives no record. A projection is under_construction when Epoch has
 * observed the site before the document's date (its timeline starts with land
 * clearing, foundations, roofs), else announced. Rows come grouped by site in date order in both
 * files; a row out of order is said (pwarn) and taken against the row before.
 *
 * mw_basis, per column, from Epoch's definitions: "IT power (MW)" (2026
 * schema) is the IT load, and is used when present; "Power (MW)" is the
 * whole facility's power (in the 2026 file it is IT power times the site's
 * PUE, e.g. Colossus 2 on 2026-07-01: 1,276 total for 946 IT), so the Dec 2025
 * schema, which has only it, gives `facility`.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lib/dates.h"
#include "parsers/formats/csv.h"
#include "parsers/formats/extract.h"
#include "parsers/parser.h"

#include "lib/banned.h"

enum { C_DC, C_DATE, C_STATUS, C_POWER, C_IT, C_H100E, C_N };

static const struct colspec cols[] = {
	{ "Data center", 1 }, { "Date", 1 }, { "Construction status", 1 }, { "Power (MW)", 1 },
	{ "IT power (MW)", 0 }, { "H100 equivalents", 0 }, { NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	static const char *const names[] = { "Data center", "Construction status", "Power (MW)", "Date", NULL };

	return csv_header_has(doc->data, doc->len, names) ? 90 : 0;
}

/* Case-insensitive search for a word stem in a cell. */
static int says(struct cell c, const char *stem)
{
	size_t k = strlen(stem), i;

	for (i = 0; i + k <= c.len; i++)
		if (!strncasecmp(c.s + i, stem, k) && (!i || !isalpha((unsigned char)c.s[i - 1])))
			return 1;
	return 0;
}

static int parse(struct gw_parse *p)
{
	struct csv c;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* why a record failed */
	struct row hdr, r;
	int idx[C_N], rc, pcol, ok;
	char site[512], prev_site[512] = "", date[11], prev_date[11] = "", raw[64];
	double mw, prev_mw = 0, v;
	int observed = 0;	/* the current site has a row on or before the document's date */
	long docday = -1;
	const char *basis;

	csv_init(&c, (const char *)p->doc->data, p->doc->len, ',');
	if (csv_next(&c, &hdr, &err) != 1) {
		pfatal(p, "no header row");
		goto out;
	}
	if (header_map(&hdr, cols, idx)) {
		parse_note_header(p, NULL, &hdr);
		pfatal(p, "header lacks a required column (Data center, Date, Construction status, Power (MW))");
		goto out;
	}
	/* each schema's header is compared with the same schema's (a new schema is no drift) */
	parse_note_header(p, idx[C_IT] >= 0 ? "schema IT power" : "schema Power", &hdr);
	pcol = idx[C_IT] >= 0 ? idx[C_IT] : idx[C_POWER];
	basis = idx[C_IT] >= 0 ? "it" : "facility";
	if (p->as_of[0])
		docday = date_days(p->as_of, &ok);
	while ((rc = csv_next(&c, &r, &err)) != 0) {
		struct cell sc, dc;
		long day;
		int projected;

		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, buf_str(&err), "line %ld", r.line);
			buf_reset(&err);
			continue;
		}
		if (row_empty(&r))
			continue;
		cell_copy(&r, idx[C_DC], site, sizeof(site));
		dc = row_cell(&r, idx[C_DATE]);
		if (!site[0]) {
			rec_reject(p, c.raw, c.rawlen, "no data center name", "line %ld", r.line);
			continue;
		}
		if (date_parse(dc.s, dc.len, date)) {
			cell_copy(&r, idx[C_DATE], raw, sizeof(raw));
			rec_reject(p, c.raw, c.rawlen, "date is not a date", "line %ld", r.line);
			continue;
		}
		if (cell_empty(&(struct cell){ row_cell(&r, pcol).s, row_cell(&r, pcol).len })) {
			pwarn(p, "line %ld: %s on %s states no power: no record", r.line, site, date);
			continue;
		}
		if (cell_num(&r, pcol, &mw) || mw < 0) {
			cell_copy(&r, pcol, raw, sizeof(raw));
			rec_reject(p, c.raw, c.rawlen, "power is not a number", "line %ld", r.line);
			continue;
		}
		if (strcmp(site, prev_site)) {
			snprintf(prev_site, sizeof(prev_site), "%s", site);
			prev_mw = 0;
			observed = 0;
		} else if (strcmp(date, prev_date) < 0) {
			pwarn(p, "line %ld: %s: %s comes after %s", r.line, site, date, prev_date);
		}
		memcpy(prev_date, date, sizeof(date));
		sc = row_cell(&r, idx[C_STATUS]);
		day = date_days(date, &ok);
		projected = docday >= 0 && day > docday;
		if (!projected)
			observed = 1;
		if (projected && mw == prev_mw) {
			prev_mw = mw;
			continue;	/* no new capacity projected */
		}
		rec_begin(p, "capacity");
		rec_str(p, "site", site);
		if (projected) {
			char phase[32];
			snprintf(phase, sizeof(phase), "by %s", date);
			rec_str(p, "phase", phase);
		}
		rec_num(p, "mw", mw);
		rec_str(p, "mw_basis", basis);
		if (projected)
			rec_str(p, "status", observed ? "under_construction" : "announced");
		else if (mw > 0)
			rec_str(p, "status", "operational");
		else if (says(sc, "cancel"))
			rec_str(p, "status", "cancelled");
		else if (says(sc, "permit"))
			rec_str(p, "status", "permitted");
		else if (says(sc, "announc") || says(sc, "planned"))
			rec_str(p, "status", "announced");
		else
			rec_str(p, "status", "under_construction");
		rec_strn(p, "status_raw", sc.s, sc.len);
		if (projected)
			rec_str(p, "expected_online", date);
		if (idx[C_H100E] >= 0 && !cell_num(&r, idx[C_H100E], &v) && v > 0 && !projected)
			rec_num(p, "h100e", v);
		if (!projected)
			rec_set_as_of(p, date);
		rec_end(p, "line %ld", r.line);
		prev_mw = mw;
	}
out:
	csv_release(&c);
	buf_release(&err);
	return p->nerr ? -1 : 0;
}

const struct parser parser_epoch_timelines = {
	"epoch-timelines",
	"Epoch AI data center timelines CSV: dated capacity of each site, projections as phases",
	detect,
	parse,
};
