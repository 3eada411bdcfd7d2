/*
 * PJM's generation interconnection queue (PJM_Queue.xlsx, sheet "Data"):
 * one row per project. mw is "MW Energy" (the energy MW requested; the
 * capacity MW is a part of it); project is the commercial name, poi the
 * queue "Name" (a substation or line, e.g. "South Lebanon 230 KV").
 * Status: Active, Engineering and Procurement, Under Construction,
 * Partially in Service - Under Construction -> active; In Service ->
 * operational; Suspended -> suspended; Withdrawn, Canceled, Deactivated
 * (retired) -> withdrawn.
 */
#include <string.h>
#include <strings.h>

#include "iso.h"

#include "lib/banned.h"

enum { C_ID, C_NAME, C_COMMERCIAL, C_STATE, C_COUNTY, C_STATUS, C_MW, C_FUEL, C_TYPE,
       C_SUBMITTED, C_REVISED, C_ACTUAL, C_N };

static const struct isocol cols[] = {
	{ "Project ID", 1 }, { "Name", 0 }, { "Commercial Name", 0 }, { "State", 1 },
	{ "County", 0 }, { "Status", 1 }, { "MW Energy", 1 }, { "Fuel", 1 }, { "Project Type", 0 },
	{ "Submitted Date", 0 }, { "Revised In Service Date", 0 }, { "Actual In Service Date", 0 },
	{ NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct xlsx *x = iso_workbook(doc, NULL);

	if (!x || xlsx_sheet_find(x, "Data") < 0)
		return 0;
	if (iso_has_string(doc, "Project ID") && iso_has_string(doc, "MW Energy") &&
	    iso_has_string(doc, "Commercial Name"))
		return 90;
	/* PJM's workbook, but a column is missing: parse() says which */
	if (xlsx_sheet_find(x, "Definitions-Mapping") >= 0 && iso_has_string(doc, "Project ID"))
		return 50;
	return 0;
}

static const char *pjm_status(const char *s)
{
	if (!strcasecmp(s, "In Service"))
		return "operational";
	if (!strcasecmp(s, "Suspended"))
		return "suspended";
	if (!strcasecmp(s, "Withdrawn") || !strcasecmp(s, "Canceled") || !strcasecmp(s, "Cancelled") ||
	    !strcasecmp(s, "Deactivated") || !strcasecmp(s, "Annulled") || !strcasecmp(s, "Retracted"))
		return "withdrawn";
	if (!strcasecmp(s, "Active") || !strcasecmp(s, "Engineering and Procurement") ||
	    !strcasecmp(s, "Under Construction") || !strncasecmp(s, "Partially in Service", 20) ||
	    !strcasecmp(s, "Confirmed"))
		return "active";
	return NULL;
}

static int row_fn(struct gw_parse *p, void *arg, const struct row *hdr, const int *idx,
		  const struct row *r, const char *sheet)
{
	struct gridreq g;
	char where[160];
	int t;

	(void)arg;
	(void)hdr;
	gridreq_clear(&g);
	snprintf(where, sizeof(where), "sheet %s row %ld", sheet, r->num);
	g.iso = "PJM";
	cell_copy(r, idx[C_ID], g.queue_id, sizeof(g.queue_id));
	if (!g.queue_id[0]) {
		iso_reject_row(p, r, "no Project ID", "%s", where);
		return 0;
	}
	cell_copy(r, idx[C_COMMERCIAL], g.project, sizeof(g.project));
	cell_copy(r, idx[C_NAME], g.poi, sizeof(g.poi));
	if (!g.project[0])
		snprintf(g.project, sizeof(g.project), "%.511s", g.poi);
	cell_copy(r, idx[C_STATUS], g.status_raw, sizeof(g.status_raw));
	if (!(g.status = pjm_status(g.status_raw))) {
		iso_reject_row(p, r, g.status_raw[0] ? "Status is not one PJM uses" : "no Status", "%s", where);
		return 0;
	}
	cell_copy(r, idx[C_FUEL], g.fuel_raw, sizeof(g.fuel_raw));
	g.fuel = grid_fuel(g.fuel_raw, &t);
	g.request_kind = grid_kind(g.fuel);
	if (iso_row_mw(p, r, idx[C_MW], "MW Energy", &g, where))
		return 0;
	cell_copy(r, idx[C_COUNTY], g.county, sizeof(g.county));
	if (!strcasecmp(g.county, "Unknown"))
		g.county[0] = '\0';
	cell_copy(r, idx[C_STATE], g.state, sizeof(g.state));
	iso_date(p, r, idx[C_SUBMITTED], g.requested, "Submitted Date", where);
	iso_date(p, r, idx[C_REVISED], g.expected_online, "Revised In Service Date", where);
	if (!g.expected_online[0])
		iso_date(p, r, idx[C_ACTUAL], g.expected_online, "Actual In Service Date", where);
	grid_emit(p, &g, "%s", where);
	return 0;
}

static int parse(struct gw_parse *p)
{
	struct xlsx *x = iso_parse_workbook(p);

	if (!x)
		return -1;
	iso_sheet(p, x, "Data", cols, 4, C_ID, row_fn, NULL);
	iso_workbook_drop(p->doc);
	return p->nerr ? -1 : 0;
}

const struct parser parser_pjm_queue = {
	"pjm-queue",
	"PJM generation interconnection queue (PJM_Queue.xlsx, sheet Data): grid requests",
	detect,
	parse,
};
