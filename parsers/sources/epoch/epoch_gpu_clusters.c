/*
 * Epoch AI GPU clusters (gpu_clusters.csv: 55 columns, CRLF record ends with
 * bare LF line breaks inside quoted notes, M/D/YYYY dates).
 *
 * Each cluster with a power figure -> a `capacity` (site = the cluster's
 * Name, operator = Owner) of "Power Capacity (MW)" as `facility` power:
 * Epoch computes it from the chips with its cluster rule, chip TDP x 1.82
 * (server and network overhead) x PUE, e.g. 100,000 H100 SXM -> 142.688 MW
 * (700 W x 1.82 x 1.12), so it is the whole facility's load, not IT load
 * (where Epoch has a reported figure it uses that instead, also a site
 * total). A cluster without a power figure gives no capacity (said once, with
 * the count). Every cluster also gives a `site` (with its Location as the
 * address, and the list's own links to other rows: "Builds Upon",
 * "Superseded by", "Possible Duplicate Of", names of other rows, several
 * separated by commas), so every cluster the list names can be found.
 * expected_online is the First Operational Date (for an existing cluster,
 * when it came online).
 *
 * Status (status_raw keeps "Status, Certainty"):
 *   Existing       -> operational
 *   Planned        -> announced, or rumored when Certainty is "Unlikely"
 *                     (expected_online = First Operational Date when given)
 *   Decommissioned -> cancelled: the enumeration has no "retired"; cancelled
 *                     is the status that counts for nothing in the capacity
 *                     model, which is what a decommissioned cluster is worth.
 * Owner can list several companies in any order ("OpenAI,Microsoft" and
 * "Microsoft,OpenAI"): it goes in `operator` as written and gw-load resolves
 * the list to one primary operator and partners. Users (the companies or
 * kinds of users the cluster serves: "OpenAI", "Cloud,CoreWeave") go in
 * `tenant`.
 * "Anonymized Chinese System" (257 rows) names no cluster: each is named
 * "Anonymized Chinese System (row N)" so that they do not collapse into one
 * key or one site; such names have no identity from one version of the file
 * to the next.
 */
#include <string.h>

#include "lib/dates.h"
#include "parsers/formats/csv.h"
#include "parsers/formats/extract.h"
#include "parsers/parser.h"

#include "lib/banned.h"

enum { C_NAME, C_STATUS, C_CERT, C_H100E, C_CHIP, C_COUNTRY, C_OWNER, C_FIRST, C_POWER, C_LOC,
       C_BUILDS, C_SUPERSEDED, C_DUPLICATE, C_USERS, C_N };

static const struct colspec cols[] = {
	{ "Name", 1 }, { "Status", 1 }, { "Certainty", 0 }, { "H100 equivalents", 0 },
	{ "Chip type (primary)", 0 }, { "Country", 0 }, { "Owner", 0 }, { "First Operational Date", 0 },
	{ "Power Capacity (MW)", 1 }, { "Location", 0 }, { "Builds Upon", 0 }, { "Superseded by", 0 },
	{ "Possible Duplicate Of", 0 }, { "Users", 0 }, { NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	static const char *const names[] = { "Power Capacity (MW)", "Status", "Chip type (primary)", NULL };

	return csv_header_has(doc->data, doc->len, names) ? 90 : 0;
}

static int parse(struct gw_parse *p)
{
	struct csv c;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* why a record failed */
	struct row hdr, r;
	int idx[C_N], rc;
	char name[512], status[64], cert[64], owner[512], country[128], loc[512], st[3], raw[64];
	char first[11], sraw[160];
	double mw, v;
	long nopower = 0;

	csv_init(&c, (const char *)p->doc->data, p->doc->len, ',');
	if (csv_next(&c, &hdr, &err) != 1) {
		pfatal(p, "no header row");
		goto out;
	}
	parse_note_header(p, NULL, &hdr);
	if (header_map(&hdr, cols, idx)) {
		pfatal(p, "header lacks a required column (Name, Status, Power Capacity (MW))");
		goto out;
	}
	while ((rc = csv_next(&c, &r, &err)) != 0) {
		struct cell fc;
		const char *cs;
		int anon, us;

		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, buf_str(&err), "line %ld", r.line);
			buf_reset(&err);
			continue;
		}
		if (row_empty(&r))
			continue;
		cell_copy(&r, idx[C_NAME], name, sizeof(name));
		cell_copy(&r, idx[C_STATUS], status, sizeof(status));
		cell_copy(&r, idx[C_CERT], cert, sizeof(cert));
		cell_copy(&r, idx[C_OWNER], owner, sizeof(owner));
		cell_copy(&r, idx[C_COUNTRY], country, sizeof(country));
		cell_copy(&r, idx[C_LOC], loc, sizeof(loc));
		if (!name[0]) {
			rec_reject(p, c.raw, c.rawlen, "no cluster name", "line %ld", r.line);
			continue;
		}
		if (!strcmp(status, "Existing"))
			cs = "operational";
		else if (!strcmp(status, "Planned"))
			cs = !strcmp(cert, "Unlikely") ? "rumored" : "announced";
		else if (!strcmp(status, "Decommissioned"))
			cs = "cancelled";
		else {
			rec_reject(p, c.raw, c.rawlen, "status is not Existing, Planned or Decommissioned",
				   "line %ld", r.line);
			continue;
		}
		anon = !strncmp(name, "Anonymized", 10);
		us = !strcmp(country, "United States of America") || !strcmp(country, "United States");
		st[0] = '\0';
		if (us && loc[0] && us_state_of(loc, strlen(loc), st))
			st[0] = '\0';
		if (anon) {	/* one system a row: a name of its own, so rows never merge */
			size_t l = strlen(name);
			snprintf(name + l, sizeof(name) - l, " (row %ld)", r.num);
		}
		rec_begin(p, "site");
		rec_str(p, "operator", owner);
		rec_str(p, "name", name);
		rec_str(p, "country", country);
		rec_str(p, "state", st);
		rec_str(p, "address", loc);
		{
			static const char *const lf[] = { "builds_upon", "superseded_by", "duplicate_of" };
			int k;
			for (k = 0; k < 3; k++)
				if (idx[C_BUILDS + k] >= 0) {
					struct cell lc = row_cell(&r, idx[C_BUILDS + k]);
					if (!cell_empty(&lc))
						rec_strn(p, lf[k], lc.s, lc.len);
				}
		}
		if (idx[C_USERS] >= 0) {
			struct cell uc = row_cell(&r, idx[C_USERS]);
			rec_strn(p, "tenant", uc.s, uc.len);
		}
		rec_end(p, "line %ld", r.line);
		if (cell_empty(&(struct cell){ row_cell(&r, idx[C_POWER]).s, row_cell(&r, idx[C_POWER]).len })) {
			nopower++;
			continue;
		}
		if (cell_num(&r, idx[C_POWER], &mw) || mw < 0) {
			cell_copy(&r, idx[C_POWER], raw, sizeof(raw));
			rec_reject(p, c.raw, c.rawlen, "power capacity is not a number", "line %ld", r.line);
			continue;
		}
		rec_begin(p, "capacity");
		rec_str(p, "operator", owner);
		rec_str(p, "site", name);
		rec_str(p, "country", country);
		rec_str(p, "state", st);
		rec_num(p, "mw", mw);
		rec_str(p, "mw_basis", "facility");
		rec_str(p, "status", cs);
		snprintf(sraw, sizeof(sraw), "%s%s%s", status, cert[0] ? ", " : "", cert);
		rec_str(p, "status_raw", sraw);
		fc = row_cell(&r, idx[C_FIRST]);
		if (strcmp(cs, "cancelled") && !date_parse(fc.s, fc.len, first))
			rec_str(p, "expected_online", first);
		if (idx[C_CHIP] >= 0) {
			struct cell ch = row_cell(&r, idx[C_CHIP]);
			rec_strn(p, "accelerator", ch.s, ch.len);
		}
		if (idx[C_H100E] >= 0 && !cell_num(&r, idx[C_H100E], &v))
			rec_num(p, "h100e", v);
		if (idx[C_USERS] >= 0) {
			struct cell uc = row_cell(&r, idx[C_USERS]);
			rec_strn(p, "tenant", uc.s, uc.len);
		}
		rec_end(p, "line %ld", r.line);
	}
	if (nopower)
		pwarn(p, "%ld clusters state no power capacity: no capacity record for them", nopower);
out:
	csv_release(&c);
	buf_release(&err);
	return p->nerr ? -1 : 0;
}

const struct parser parser_epoch_gpu_clusters = {
	"epoch-gpu-clusters",
	"Epoch AI GPU clusters CSV: each cluster's facility power and status",
	detect,
	parse,
};
