/*
 * CAISO's generation interconnection queue report (Queue Report.xlsx): sheets
 * for active, completed and withdrawn projects, each with title rows and a
 * two-row header (group titles such as "Generating Facility" over the column
 * names; the header finder takes the row of names). Row 1 states "Report Run
 * Date: 01/23/2025": that is as_of. Status from the sheet's Application
 * Status: ACTIVE -> active (suspended when Suspension Status says so),
 * COMPLETED -> operational, WITHDRAWN -> withdrawn. Fuel joins Fuel-1..3
 * (several -> hybrid); mw is "Net MWs to Grid"; expected_online is the
 * current (or actual) on-line date, else the one filed with the request.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/dates.h"
#include "iso.h"

#include "lib/banned.h"

enum { C_NAME, C_QUEUE, C_QDATE, C_STATUS, C_FUEL1, C_FUEL2, C_FUEL3, C_NET, C_COUNTY, C_STATE,
       C_UTILITY, C_POI, C_PROPOSED, C_CURRENT, C_SUSP, C_N };

static const struct isocol cols[] = {
	{ "Project Name|Project Name - Confidential", 1 }, { "Queue Position", 1 }, { "Queue Date", 0 },
	{ "Application Status", 1 }, { "Fuel-1", 1 }, { "Fuel-2", 0 }, { "Fuel-3", 0 },
	{ "Net MWs to Grid", 1 }, { "County", 0 }, { "State", 0 }, { "Utility", 0 },
	{ "Station or Transmission Line", 0 }, { "Proposed On-line Date (as filed with IR)", 0 },
	{ "Current On-line Date|Actual On-line Date", 0 }, { "Suspension Status", 0 },
	{ NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct xlsx *x = iso_workbook(doc, NULL);

	if (!x)
		return 0;
	if (iso_has_string(doc, "Net MWs to Grid") && iso_has_string(doc, "Queue Position"))
		return 90;
	/* CAISO's report, but a column is missing: parse() says which */
	if (xlsx_sheet_find(x, "Grid GenerationQueue") >= 0)
		return 50;
	return 0;
}

static int row_fn(struct gw_parse *p, void *arg, const struct row *hdr, const int *idx,
		  const struct row *r, const char *sheet)
{
	struct gridreq g;
	char where[160], f[3][80], susp[64];
	int t, i;

	(void)arg;
	(void)hdr;
	gridreq_clear(&g);
	snprintf(where, sizeof(where), "sheet %s row %ld", sheet, r->num);
	g.iso = "CAISO";
	cell_copy(r, idx[C_QUEUE], g.queue_id, sizeof(g.queue_id));
	cell_copy(r, idx[C_STATUS], g.status_raw, sizeof(g.status_raw));
	if (!g.queue_id[0]) {
		iso_reject_row(p, r, "no Queue Position", "%s", where);
		return 0;
	}
	cell_copy(r, idx[C_SUSP], susp, sizeof(susp));
	if (!strcasecmp(g.status_raw, "ACTIVE"))
		g.status = ci_contains(susp, "suspend") ? "suspended" : "active";
	else if (!strcasecmp(g.status_raw, "COMPLETED"))
		g.status = "operational";
	else if (!strcasecmp(g.status_raw, "WITHDRAWN"))
		g.status = "withdrawn";
	else {
		iso_reject_row(p, r, g.status_raw[0] ? "Application Status is not ACTIVE, COMPLETED or WITHDRAWN"
				   : "no Application Status", "%s", where);
		return 0;
	}
	if (susp[0] && strcmp(g.status, "suspended") == 0) {
		size_t k = strlen(g.status_raw);
		snprintf(g.status_raw + k, sizeof(g.status_raw) - k, " / %s", susp);
	}
	cell_copy(r, idx[C_NAME], g.project, sizeof(g.project));
	cell_copy(r, idx[C_FUEL1], f[0], sizeof(f[0]));
	cell_copy(r, idx[C_FUEL2], f[1], sizeof(f[1]));
	cell_copy(r, idx[C_FUEL3], f[2], sizeof(f[2]));
	for (i = 0; i < 3; i++)
		if (f[i][0]) {
			size_t k = strlen(g.fuel_raw);
			snprintf(g.fuel_raw + k, sizeof(g.fuel_raw) - k, "%s%s", k ? "; " : "", f[i]);
		}
	g.fuel = grid_fuel(g.fuel_raw, &t);
	g.request_kind = grid_kind(g.fuel);
	if (iso_row_mw(p, r, idx[C_NET], "Net MWs to Grid", &g, where))
		return 0;
	cell_copy(r, idx[C_COUNTY], g.county, sizeof(g.county));
	cell_copy(r, idx[C_STATE], g.state, sizeof(g.state));
	cell_copy(r, idx[C_POI], g.poi, sizeof(g.poi));
	iso_date(p, r, idx[C_QDATE], g.requested, "Queue Date", where);
	iso_date(p, r, idx[C_CURRENT], g.expected_online, "On-line Date", where);
	if (!g.expected_online[0])
		iso_date(p, r, idx[C_PROPOSED], g.expected_online, "Proposed On-line Date", where);
	grid_emit(p, &g, "%s", where);
	return 0;
}

/* "Report Run Date: 01/23/2025" somewhere in the first rows of the first sheet */
static void read_as_of(struct gw_parse *p, struct xlsx *x)
{
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* no date is no error: not said */
	char d[11];
	struct xlsx_sheet *s = xlsx_sheet_open(x, 0, &err);
	struct row r;
	size_t i;
	int k, done = 0;

	buf_release(&err);
	if (!s)
		return;
	for (k = 0; k < 5 && !done && xlsx_next_row(s, &r, NULL) == 1; k++)
		for (i = 0; i < r.n && !done; i++) {
			const struct cell *c = &r.cells[i];
			const unsigned char *m = mem_find((const unsigned char *)c->s, c->len, "Run Date:");
			if (m) {
				const char *e = (const char *)m + 9;
				if (date_parse(e, (size_t)(c->s + c->len - e), d) == 0) {
					snprintf(p->as_of, sizeof(p->as_of), "%s", d);
					done = 1;
				}
			}
		}
	xlsx_sheet_close(s);
}

static int parse(struct gw_parse *p)
{
	struct xlsx *x = iso_parse_workbook(p);
	int i, any = 0;

	if (!x)
		return -1;
	read_as_of(p, x);
	for (i = 0; i < xlsx_nsheets(x); i++) {
		const char *nm = xlsx_sheet_name(x, i);
		if (ci_contains(nm, "Queue") || ci_contains(nm, "Completed") || ci_contains(nm, "Withdrawn")) {
			iso_sheet(p, x, nm, cols, 4, C_QUEUE, row_fn, NULL);
			any = 1;
		}
	}
	if (!any)
		pfatal(p, "no queue, completed or withdrawn sheet");
	iso_workbook_drop(p->doc);
	return p->nerr ? -1 : 0;
}

const struct parser parser_caiso_queue = {
	"caiso-queue",
	"CAISO generation interconnection queue report (Queue Report.xlsx: active, completed, withdrawn): grid requests",
	detect,
	parse,
};
