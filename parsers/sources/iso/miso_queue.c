/*
 * MISO's generator interconnection queue (MISO_GI_Interactive_Queue.csv, the
 * "GI Interactive Queue" download): one line per request. mw is "Summer MW".
 * Status: Request Status Active -> active, Withdrawn -> withdrawn, Done (the
 * studies are done, an agreement signed) -> operational when "Post GIA
 * Status" says In Service, withdrawn when it says Withdrawn, else active;
 * status_raw keeps both ("Done / In Service"). A line whose Request Status is
 * none of those (the export's test record "AA1234", status "fish mango
 * watermelon") is rejected with its reason, not counted.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parsers/formats/archive.h"
#include "parsers/formats/csv.h"
#include "iso.h"

#include "lib/banned.h"

enum { C_ID, C_STATUS, C_QDATE, C_APPL_ISD, C_COUNTY, C_STATE, C_POI, C_SUMMER, C_FUEL,
       C_POSTGIA, C_NEG_ISD, C_N };

static const struct isocol cols[] = {
	{ "Project #", 1 }, { "Request Status", 1 }, { "Queue Date", 1 }, { "Appl In Service Date", 0 },
	{ "County", 0 }, { "State", 1 }, { "POI Name", 0 }, { "Summer MW", 1 }, { "Fuel", 1 },
	{ "Post GIA Status", 0 }, { "Negotiated In Service Date", 0 },
	{ NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct csv c;
	struct row r;
	int idx[C_N], s = 0;

	if (doc->len < 4 || arc_is_zip(doc->data, doc->len) ||
	    !memchr(doc->data, ',', doc->len < 4096 ? doc->len : 4096))
		return 0;
	csv_init(&c, (const char *)doc->data, doc->len < (1u << 16) ? doc->len : (1u << 16), ',');
	if (csv_next(&c, &r, NULL) == 1) {
		if (iso_map(&r, cols, idx, NULL) == 0 && header_col(&r, "Post GIA Status") >= 0)
			s = 90;
		else if (header_col(&r, "Project #") >= 0 && header_col(&r, "Request Status") >= 0)
			s = 50;	/* MISO's, but a column is missing: parse() says which */
	}
	csv_release(&c);
	return s;
}

static const char *miso_status(const char *req, const char *post)
{
	if (!strcasecmp(req, "Active"))
		return "active";
	if (!strcasecmp(req, "Withdrawn"))
		return "withdrawn";
	if (!strcasecmp(req, "Done")) {
		if (!strncasecmp(post, "In Service", 10))
			return "operational";
		if (!strcasecmp(post, "Withdrawn"))
			return "withdrawn";
		return "active";
	}
	return NULL;
}

static int parse(struct gw_parse *p)
{
	struct csv c;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* why a record failed */
	struct row hdr, r;
	struct buf missing = BUF_INIT(BUF_NAME_MAX);
	int idx[C_N], rc;

	csv_init(&c, (const char *)p->doc->data, p->doc->len, ',');
	if (csv_next(&c, &hdr, &err) != 1) {
		pfatal(p, "no header line");
		goto out;
	}
	parse_note_header(p, NULL, &hdr);
	if (iso_map(&hdr, cols, idx, &missing)) {
		pfatal(p, "line 1: the header lacks required column %s", buf_msg(&missing));
		goto out;
	}
	while ((rc = csv_next(&c, &r, &err)) != 0) {
		struct gridreq g;
		char req[64], post[128], bad[64], where[64];
		int t, m;

		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, buf_str(&err), "line %ld", r.line);
			buf_reset(&err);
			continue;
		}
		if (row_empty(&r))
			continue;
		snprintf(where, sizeof(where), "line %ld", r.line);
		gridreq_clear(&g);
		g.iso = "MISO";
		cell_copy(&r, idx[C_ID], g.queue_id, sizeof(g.queue_id));
		if (!g.queue_id[0]) {
			rec_reject(p, c.raw, c.rawlen, "no Project #", "%s", where);
			continue;
		}
		cell_copy(&r, idx[C_STATUS], req, sizeof(req));
		cell_copy(&r, idx[C_POSTGIA], post, sizeof(post));
		if (!(g.status = miso_status(req, post))) {
			char why[200];
			snprintf(why, sizeof(why), "Request Status '%s' is not one MISO uses (Active, Withdrawn, Done)",
				 req);
			rec_reject(p, c.raw, c.rawlen, why, "%s", where);
			continue;
		}
		snprintf(g.status_raw, sizeof(g.status_raw), "%s%s%s", req, post[0] ? " / " : "", post);
		m = iso_mw(&r, idx[C_SUMMER], &g.mw, bad, sizeof(bad));
		if (m < 0) {
			char why[128];
			snprintf(why, sizeof(why), "Summer MW '%s' is not a number", bad);
			rec_reject(p, c.raw, c.rawlen, why, "%s", where);
			continue;
		}
		g.has_mw = m;
		cell_copy(&r, idx[C_FUEL], g.fuel_raw, sizeof(g.fuel_raw));
		g.fuel = grid_fuel(g.fuel_raw, &t);
		g.request_kind = grid_kind(g.fuel);
		cell_copy(&r, idx[C_COUNTY], g.county, sizeof(g.county));
		cell_copy(&r, idx[C_STATE], g.state, sizeof(g.state));
		cell_copy(&r, idx[C_POI], g.poi, sizeof(g.poi));
		iso_date(p, &r, idx[C_QDATE], g.requested, "Queue Date", where);
		iso_date(p, &r, idx[C_NEG_ISD], g.expected_online, "Negotiated In Service Date", where);
		if (!g.expected_online[0])
			iso_date(p, &r, idx[C_APPL_ISD], g.expected_online, "Appl In Service Date", where);
		grid_emit(p, &g, "%s", where);
	}
	if (c.repaired)
		pwarn(p, "%ld fields were not UTF-8 and were read as Windows-1252", c.repaired);
	if (c.redecoded)
		pwarn(p, "%ld fields were UTF-8 encoded twice and were decoded once more", c.redecoded);
out:
	csv_release(&c);
	buf_release(&err);
	buf_release(&missing);
	return p->nerr ? -1 : 0;
}

const struct parser parser_miso_queue = {
	"miso-queue",
	"MISO generator interconnection queue (GI Interactive Queue CSV): grid requests",
	detect,
	parse,
};
