/*
 * NYISO's interconnection queue workbook (NYISO-Interconnection-Queue.xlsx):
 * sheets "Interconnection Queue" (the active queue), " Cluster Projects"
 * (with a leading space in its name), "Withdrawn", "Cluster
 * Projects-Withdrawn" and "In Service" (whose header spans two rows: "Queue"
 * over "Pos."). Under the queue's table come summary rows ("Number of new
 * projects year to date") and a "NOTES:" block: not data.
 * Status: on the withdrawn sheets, withdrawn; on "In Service", operational;
 * elsewhere the S column (NYISO's LFIP status code): 0 withdrawn, 14 in
 * service commercial -> operational, any other code active. mw is "SP (MW)"
 * (summer); expected_online is "Proposed COD" (else the proposed in-service
 * date), month-year forms "04-2026" taken as the first of the month.
 * Type/Fuel codes per the sheet's key (S solar, W wind, OSW offshore wind,
 * ES storage, CR/CW storage with solar/wind -> hybrid, L load, NG/CT/CC gas,
 * ...). AC and DC are merchant transmission projects: request_kind
 * transmission, fuel other, so the queue's every row is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iso.h"

#include "lib/banned.h"

enum { C_QUEUE, C_DEV, C_NAME, C_DATE, C_SP, C_FUEL, C_COUNTY, C_STATE, C_POI, C_S, C_ISD, C_COD, C_N };

static const struct isocol cols[] = {
	{ "Queue Pos.", 1 }, { "Developer/Interconnection Customer|Interconnection Customer Name|Owner/Developer", 0 },
	{ "Project Name", 1 }, { "Date of IR", 0 }, { "SP (MW)", 1 }, { "Type/ Fuel|Type/Fuel", 1 },
	{ "County|Location County", 0 }, { "State", 0 }, { "Points of Interconnection|Interconnection Point", 0 },
	{ "S", 0 }, { "Proposed In-Service/Initial Backfeed Date|Proposed In-Service", 0 }, { "Proposed COD", 0 },
	{ NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct xlsx *x = iso_workbook(doc, NULL);

	if (!x || xlsx_sheet_find(x, "Interconnection Queue") < 0)
		return 0;
	return iso_has_string(doc, "Queue Pos.") && iso_has_string(doc, "SP (MW)") ? 90 : 40;
}

struct sheetctx {
	const char *fixed_status;	/* the sheet's own status, or NULL: from S */
};

static int row_fn(struct gw_parse *p, void *arg, const struct row *hdr, const int *idx,
		  const struct row *r, const char *sheet)
{
	struct sheetctx *sc = arg;
	struct gridreq g;
	char where[160], s[16];
	int t;

	(void)hdr;
	gridreq_clear(&g);
	snprintf(where, sizeof(where), "sheet %s row %ld", sheet, r->num);
	g.iso = "NYISO";
	cell_copy(r, idx[C_QUEUE], g.queue_id, sizeof(g.queue_id));
	if (!g.queue_id[0]) {
		iso_reject_row(p, r, "no Queue Pos.", "%s", where);
		return 0;
	}
	cell_copy(r, idx[C_FUEL], g.fuel_raw, sizeof(g.fuel_raw));
	g.fuel = grid_fuel(g.fuel_raw, &t);
	g.request_kind = t ? "transmission" : grid_kind(g.fuel);
	cell_copy(r, idx[C_S], s, sizeof(s));
	if (sc->fixed_status) {
		g.status = sc->fixed_status;
		snprintf(g.status_raw, sizeof(g.status_raw), "%s%s%s", sheet + strspn(sheet, " "),
			 s[0] ? " / S=" : "", s);
	} else {
		snprintf(g.status_raw, sizeof(g.status_raw), "S=%s", s);
		if (!strcmp(s, "0"))
			g.status = "withdrawn";
		else if (!strcmp(s, "14"))
			g.status = "operational";
		else
			g.status = "active";
	}
	cell_copy(r, idx[C_NAME], g.project, sizeof(g.project));
	cell_copy(r, idx[C_DEV], g.developer, sizeof(g.developer));
	if (iso_row_mw(p, r, idx[C_SP], "SP (MW)", &g, where))
		return 0;
	cell_copy(r, idx[C_COUNTY], g.county, sizeof(g.county));
	cell_copy(r, idx[C_STATE], g.state, sizeof(g.state));
	cell_copy(r, idx[C_POI], g.poi, sizeof(g.poi));
	iso_date(p, r, idx[C_DATE], g.requested, "Date of IR", where);
	iso_date(p, r, idx[C_COD], g.expected_online, "Proposed COD", where);
	if (!g.expected_online[0])
		iso_date(p, r, idx[C_ISD], g.expected_online, "Proposed In-Service Date", where);
	grid_emit(p, &g, "%s", where);
	return 0;
}

static int parse(struct gw_parse *p)
{
	struct xlsx *x = iso_parse_workbook(p);
	int i;

	if (!x)
		return -1;
	for (i = 0; i < xlsx_nsheets(x); i++) {
		const char *nm = xlsx_sheet_name(x, i);
		struct sheetctx sc = { NULL };
		if (ci_contains(nm, "Withdrawn"))
			sc.fixed_status = "withdrawn";
		else if (ci_contains(nm, "In Service"))
			sc.fixed_status = "operational";
		else if (!ci_contains(nm, "Queue") && !ci_contains(nm, "Cluster"))
			continue;
		iso_sheet(p, x, nm, cols, 3, C_QUEUE, row_fn, &sc);
	}
	iso_workbook_drop(p->doc);
	return p->nerr ? -1 : 0;
}

const struct parser parser_nyiso_queue = {
	"nyiso-queue",
	"NYISO interconnection queue workbook (queue, cluster, withdrawn, in service sheets): grid requests",
	detect,
	parse,
};
