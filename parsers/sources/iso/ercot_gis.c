/*
 * ERCOT's Generator Interconnection Status report (GIS_Report_<Month><Year>.xlsx):
 * sheet "Project Details - Large Gen", whose header row sits under a block
 * of notes (row 31 in the December 2024 report) with the column titles of
 * the milestone dates continued over the rows below it; the data starts
 * after them. The report's period is stated on the "Contents" sheet ("GIM
 * Activity:  Dec 01, 2024 to Dec 31, 2024"): as_of is its last day.
 * Every project listed is active (the report leaves inactive ones out);
 * status_raw is the GIM study phase. Fuel is ERCOT's code (SOL, WIN, GAS,
 * OIL, OTH), and for OTH the Technology code says what it is (BA battery,
 * EN energy storage, OT other). mw is "Capacity (MW)"; expected_online is
 * "Projected COD".
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/dates.h"
#include "iso.h"

#include "lib/banned.h"

enum { C_INR, C_NAME, C_PHASE, C_ENTITY, C_POI, C_COUNTY, C_COD, C_FUEL, C_TECH, C_MW, C_N };

static const struct isocol cols[] = {
	{ "INR", 1 }, { "Project Name", 1 }, { "GIM Study Phase", 0 }, { "Interconnecting Entity", 0 },
	{ "POI Location", 0 }, { "County", 1 }, { "Projected COD", 0 }, { "Fuel", 1 },
	{ "Technology", 0 }, { "Capacity (MW)", 1 },
	{ NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct xlsx *x = iso_workbook(doc, NULL);

	if (!x || xlsx_sheet_find(x, "Project Details - Large Gen") < 0)
		return 0;
	return iso_has_string(doc, "INR") ? 90 : 60;
}

static int row_fn(struct gw_parse *p, void *arg, const struct row *hdr, const int *idx,
		  const struct row *r, const char *sheet)
{
	struct gridreq g;
	char where[160], tech[64];
	int t;

	(void)arg;
	(void)hdr;
	gridreq_clear(&g);
	snprintf(where, sizeof(where), "sheet %s row %ld", sheet, r->num);
	g.iso = "ERCOT";
	cell_copy(r, idx[C_INR], g.queue_id, sizeof(g.queue_id));
	if (!g.queue_id[0]) {
		/* the header's continuation rows hold titles only in the later columns */
		struct cell n = row_cell(r, idx[C_NAME]), mw = row_cell(r, idx[C_MW]);
		if (cell_empty(&n) && cell_empty(&mw))
			return 0;
		iso_reject_row(p, r, "no INR", "%s", where);
		return 0;
	}
	cell_copy(r, idx[C_NAME], g.project, sizeof(g.project));
	cell_copy(r, idx[C_PHASE], g.status_raw, sizeof(g.status_raw));
	g.status = "active";
	cell_copy(r, idx[C_FUEL], g.fuel_raw, sizeof(g.fuel_raw));
	cell_copy(r, idx[C_TECH], tech, sizeof(tech));
	g.fuel = grid_fuel(g.fuel_raw, &t);
	if (g.fuel && !strcmp(g.fuel, "other") && tech[0]) {
		const char *f = grid_fuel(tech, &t);
		if (f && !strcmp(f, "storage"))
			g.fuel = f;
	}
	if (tech[0]) {
		size_t k = strlen(g.fuel_raw);
		snprintf(g.fuel_raw + k, sizeof(g.fuel_raw) - k, " / %s", tech);
	}
	g.request_kind = grid_kind(g.fuel);
	if (iso_row_mw(p, r, idx[C_MW], "Capacity (MW)", &g, where))
		return 0;
	cell_copy(r, idx[C_COUNTY], g.county, sizeof(g.county));
	snprintf(g.state, sizeof(g.state), "TX");
	cell_copy(r, idx[C_ENTITY], g.developer, sizeof(g.developer));
	cell_copy(r, idx[C_POI], g.poi, sizeof(g.poi));
	iso_date(p, r, idx[C_COD], g.expected_online, "Projected COD", where);
	grid_emit(p, &g, "%s", where);
	return 0;
}

/* "GIM Activity:  Dec 01, 2024 to Dec 31, 2024" on the Contents sheet */
static void read_as_of(struct gw_parse *p, struct xlsx *x)
{
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* no date is no error: not said */
	char d[11];
	int si = xlsx_sheet_find(x, "Contents"), k;
	struct xlsx_sheet *s = si < 0 ? NULL : xlsx_sheet_open(x, si, &err);
	struct row r;

	buf_release(&err);
	if (!s)
		return;
	for (k = 0; k < 40 && xlsx_next_row(s, &r, NULL) == 1; k++) {
		struct cell c = row_cell(&r, 0);
		const unsigned char *to;
		if (c.len < 13 || strncasecmp(c.s, "GIM Activity", 12))
			continue;
		to = mem_find((const unsigned char *)c.s, c.len, " to ");
		if (to) {
			const char *e = (const char *)to + 4;
			if (date_parse(e, (size_t)(c.s + c.len - e), d) == 0)
				snprintf(p->as_of, sizeof(p->as_of), "%s", d);
		}
		break;
	}
	xlsx_sheet_close(s);
}

static int parse(struct gw_parse *p)
{
	struct xlsx *x = iso_parse_workbook(p);

	if (!x)
		return -1;
	read_as_of(p, x);
	iso_sheet(p, x, "Project Details - Large Gen", cols, 4, C_INR, row_fn, NULL);
	iso_workbook_drop(p->doc);
	return p->nerr ? -1 : 0;
}

const struct parser parser_ercot_gis = {
	"ercot-gis",
	"ERCOT Generator Interconnection Status report (GIS_Report.xlsx, large generators): grid requests",
	detect,
	parse,
};
