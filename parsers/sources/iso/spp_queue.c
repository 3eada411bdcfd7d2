/*
 * SPP's active generation interconnection requests (GI_ActiveRequest.xlsx):
 * row 1 "Last Updated On" with the report's date (as_of), the header in row
 * 2. mw is "Capacity" (else MAX Summer MW). The kind comes from "Generation
 * Type" (Battery/Storage, Hybrid, Wind, Solar, Thermal, Hydro), with "Fuel
 * Type" naming a thermal plant's fuel. Status: every request is active
 * unless its Status says IA FULLY EXECUTED/COMMERCIAL OPERATION
 * (operational), ...ON SUSPENSION (suspended) or WITHDRAWN.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "iso.h"

#include "lib/banned.h"

enum { C_ID, C_COUNTY, C_STATE, C_ISD, C_COD, C_CAP, C_SUMMER, C_GENTYPE, C_FUEL, C_POI, C_RECEIVED,
       C_WITHDRAWN, C_STATUS, C_N };

static const struct isocol cols[] = {
	{ "Generation Interconnection Number", 1 }, { "Nearest Town or County", 0 }, { "State", 1 },
	{ "In-Service Date", 0 }, { "Commercial Operation Date", 0 }, { "Capacity", 0 },
	{ "MAX Summer MW", 1 }, { "Generation Type", 1 }, { "Fuel Type", 0 }, { "Substation or Line", 0 },
	{ "Request Received", 0 }, { "Date Withdrawn", 0 }, { "Status", 1 },
	{ NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct xlsx *x = iso_workbook(doc, NULL);

	if (!x)
		return 0;
	if (iso_has_string(doc, "Generation Interconnection Number") && iso_has_string(doc, "MAX Summer MW"))
		return 90;
	/* SPP's sheet, but a column is missing: parse() says which */
	if (xlsx_nsheets(x) >= 1 && ci_contains(xlsx_sheet_name(x, 0), "ActiveRequest"))
		return 50;
	return 0;
}

static const char *spp_status(const char *s, int withdrawn_date)
{
	if (withdrawn_date || strstr(s, "WITHDRAWN") || strstr(s, "Withdrawn"))
		return "withdrawn";
	if (ci_contains(s, "COMMERCIAL OPERATION"))
		return "operational";
	if (ci_contains(s, "SUSPENSION") || ci_contains(s, "SUSPENDED"))
		return "suspended";
	return "active";
}

static int row_fn(struct gw_parse *p, void *arg, const struct row *hdr, const int *idx,
		  const struct row *r, const char *sheet)
{
	struct gridreq g;
	char bad[64], where[160], gentype[128], fuel[128], wd[11];
	int t, m;

	(void)arg;
	(void)hdr;
	gridreq_clear(&g);
	snprintf(where, sizeof(where), "sheet %s row %ld", sheet, r->num);
	g.iso = "SPP";
	cell_copy(r, idx[C_ID], g.queue_id, sizeof(g.queue_id));
	if (!g.queue_id[0]) {
		iso_reject_row(p, r, "no Generation Interconnection Number", "%s", where);
		return 0;
	}
	cell_copy(r, idx[C_STATUS], g.status_raw, sizeof(g.status_raw));
	iso_date(p, r, idx[C_WITHDRAWN], wd, "Date Withdrawn", where);
	g.status = spp_status(g.status_raw, wd[0] != 0);
	cell_copy(r, idx[C_GENTYPE], gentype, sizeof(gentype));
	cell_copy(r, idx[C_FUEL], fuel, sizeof(fuel));
	/* Thermal says little: its fuel is in Fuel Type; a hybrid's parts are too */
	snprintf(g.fuel_raw, sizeof(g.fuel_raw), "%.120s%s%.120s", gentype, fuel[0] ? " / " : "", fuel);
	g.fuel = grid_fuel(gentype, &t);
	if (!strcasecmp(gentype, "Thermal") && fuel[0])
		g.fuel = grid_fuel(fuel, &t);
	g.request_kind = grid_kind(g.fuel);
	m = iso_mw(r, idx[C_CAP], &g.mw, bad, sizeof(bad));
	if (m == 0)
		m = iso_mw(r, idx[C_SUMMER], &g.mw, bad, sizeof(bad));
	if (m < 0) {
		char why[128];
		snprintf(why, sizeof(why), "Capacity '%s' is not a number", bad);
		iso_reject_row(p, r, why, "%s", where);
		return 0;
	}
	g.has_mw = m;
	cell_copy(r, idx[C_COUNTY], g.county, sizeof(g.county));
	cell_copy(r, idx[C_STATE], g.state, sizeof(g.state));
	cell_copy(r, idx[C_POI], g.poi, sizeof(g.poi));
	iso_date(p, r, idx[C_RECEIVED], g.requested, "Request Received", where);
	iso_date(p, r, idx[C_COD], g.expected_online, "Commercial Operation Date", where);
	if (!g.expected_online[0])
		iso_date(p, r, idx[C_ISD], g.expected_online, "In-Service Date", where);
	grid_emit(p, &g, "%s", where);
	return 0;
}

/* Row 1: "Last Updated On" and the date (a date-styled serial, or text). */
static void read_as_of(struct gw_parse *p, struct xlsx *x, int si)
{
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* no date is no error: not said */
	char d[11];
	struct xlsx_sheet *s = xlsx_sheet_open(x, si, &err);
	struct row r;
	int k;

	buf_release(&err);
	if (!s)
		return;
	for (k = 0; k < 3 && xlsx_next_row(s, &r, NULL) == 1; k++) {
		int c = header_col(&r, "Last Updated On");
		if (c >= 0 && cell_date(&r, c + 1, d) == 0) {
			snprintf(p->as_of, sizeof(p->as_of), "%s", d);
			break;
		}
	}
	xlsx_sheet_close(s);
}

static int parse(struct gw_parse *p)
{
	struct xlsx *x = iso_parse_workbook(p);
	int i, si = -1;

	if (!x)
		return -1;
	/* the sheet's name follows the download's; take the one with the header */
	for (i = 0; i < xlsx_nsheets(x) && si < 0; i++)
		if (ci_contains(xlsx_sheet_name(x, i), "ActiveRequest") || xlsx_nsheets(x) == 1)
			si = i;
	if (si < 0)
		si = 0;
	read_as_of(p, x, si);
	iso_sheet(p, x, xlsx_sheet_name(x, si), cols, 4, C_ID, row_fn, NULL);
	iso_workbook_drop(p->doc);
	return p->nerr ? -1 : 0;
}

const struct parser parser_spp_queue = {
	"spp-queue",
	"SPP active generation interconnection requests (GI_ActiveRequest.xlsx): grid requests",
	detect,
	parse,
};
