#include "spec.h"

#include <string.h>

#include "../lib/timeq.h"

static const char *const e_basis[] = { "it", "facility", "utility", "unknown", NULL };
static const char *const e_cap_status[] = { "operational", "under_construction", "permitted",
					    "announced", "rumored", "cancelled", NULL };
static const char *const e_grid_kind[] = { "load", "generation", "storage", "hybrid", "transmission", NULL };
static const char *const e_fuel[] = { "solar", "wind", "storage", "gas", "nuclear", "hydro", "coal",
				      "oil", "geothermal", "biomass", "hybrid", "load", "other", NULL };
static const char *const e_grid_status[] = { "active", "withdrawn", "operational", "suspended", NULL };
static const char *const e_permit_kind[] = { "air", "building", "zoning", "other", NULL };
static const char *const e_tier[] = { "hyperscaler", "neocloud", "marketplace", NULL };

#define REQ FL_REQ
#define KEY FL_KEY
#define OPER FL_OPER

static const struct field f_site[] = {
	{ "operator", F_TEXT, OPER, NULL },
	{ "name", F_TEXT, REQ | KEY, NULL },
	{ "country", F_TEXT, KEY, NULL },
	{ "state", F_TEXT, KEY, NULL },
	{ "county", F_TEXT, 0, NULL },
	{ "city", F_TEXT, 0, NULL },
	{ "address", F_TEXT, 0, NULL },
	{ "lat", F_NUM, 0, NULL },
	{ "lon", F_NUM, 0, NULL },
	{ "status", F_ENUM, 0, e_cap_status },	/* added by 040-sites */
	{ "status_raw", F_TEXT, 0, NULL },	/* added by 040-sites */
	{ "owner", F_TEXT, 0, NULL },		/* added by 053-norm */
	{ "tenant", F_TEXT, 0, NULL },		/* added by 053-norm */
	{ NULL, 0, 0, NULL },
};

static const struct field f_capacity[] = {
	{ "operator", F_TEXT, OPER | KEY, NULL },
	{ "site", F_TEXT, REQ | KEY, NULL },
	{ "phase", F_TEXT, KEY, NULL },
	{ "country", F_TEXT, 0, NULL },
	{ "state", F_TEXT, 0, NULL },
	{ "mw", F_NUM, REQ, NULL },
	{ "mw_basis", F_ENUM, REQ, e_basis },
	{ "status", F_ENUM, REQ, e_cap_status },
	{ "status_raw", F_TEXT, 0, NULL },
	{ "expected_online", F_WHEN, 0, NULL },
	{ "accelerator", F_TEXT, 0, NULL },
	{ "h100e", F_NUM, 0, NULL },
	{ "owner", F_TEXT, 0, NULL },		/* added by 053-norm */
	{ "tenant", F_TEXT, 0, NULL },		/* added by 053-norm */
	{ NULL, 0, 0, NULL },
};

static const struct field f_grid_request[] = {
	{ "iso", F_TEXT, REQ | KEY, NULL },
	{ "queue_id", F_TEXT, REQ | KEY, NULL },
	{ "project", F_TEXT, 0, NULL },
	{ "request_kind", F_ENUM, REQ, e_grid_kind },
	{ "fuel", F_ENUM, 0, e_fuel },
	{ "fuel_raw", F_TEXT, 0, NULL },
	{ "mw", F_NUM, 0, NULL },
	{ "status", F_ENUM, REQ, e_grid_status },
	{ "status_raw", F_TEXT, 0, NULL },
	{ "county", F_TEXT, 0, NULL },
	{ "state", F_TEXT, 0, NULL },
	{ "requested", F_DATE, 0, NULL },
	{ "expected_online", F_DATE, 0, NULL },
	{ "developer", F_TEXT, 0, NULL },
	{ "poi", F_TEXT, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct field f_permit[] = {
	{ "authority", F_TEXT, REQ | KEY, NULL },
	{ "permit_id", F_TEXT, REQ | KEY, NULL },
	{ "permit_kind", F_ENUM, REQ, e_permit_kind },
	{ "applicant", F_TEXT, OPER, NULL },
	{ "site", F_TEXT, 0, NULL },
	{ "address", F_TEXT, 0, NULL },
	{ "county", F_TEXT, 0, NULL },
	{ "state", F_TEXT, 0, NULL },
	{ "parcel", F_TEXT, 0, NULL },
	{ "generators", F_INT, 0, NULL },
	{ "generator_mw", F_NUM, 0, NULL },
	{ "mw", F_NUM, 0, NULL },
	{ "sqft", F_NUM, 0, NULL },
	{ "issued", F_DATE, 0, NULL },
	{ "status", F_TEXT, 0, NULL },
	{ "status_raw", F_TEXT, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct field f_fab[] = {
	{ "company", F_TEXT, REQ | KEY | OPER, NULL },
	{ "name", F_TEXT, REQ | KEY, NULL },
	{ "country", F_TEXT, 0, NULL },
	{ "state", F_TEXT, 0, NULL },
	{ "city", F_TEXT, 0, NULL },
	{ "lat", F_NUM, 0, NULL },
	{ "lon", F_NUM, 0, NULL },
	{ "node_nm", F_NUM, 0, NULL },
	{ "wafer_mm", F_INT, 0, NULL },
	{ "wspm", F_NUM, 0, NULL },
	{ "mw", F_NUM, 0, NULL },
	{ "status", F_TEXT, 0, NULL },
	{ "start_year", F_INT, 0, NULL },
	{ "address", F_TEXT, 0, NULL },		/* added by 040-sites */
	{ NULL, 0, 0, NULL },
};

static const struct field f_filing[] = {
	{ "cik", F_INT, REQ, NULL },
	{ "company", F_TEXT, OPER, NULL },
	{ "form", F_TEXT, REQ, NULL },
	{ "accession", F_TEXT, REQ | KEY, NULL },
	{ "filed", F_DATE, REQ, NULL },
	{ "report_date", F_DATE, 0, NULL },
	{ "primary_doc", F_TEXT, 0, NULL },
	{ "fiscal_year_end", F_TEXT, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct field f_capex[] = {
	{ "cik", F_INT, REQ | KEY, NULL },
	{ "company", F_TEXT, OPER, NULL },
	{ "concept", F_TEXT, REQ | KEY, NULL },
	{ "dims", F_TEXT, KEY, NULL },
	{ "period_start", F_DATE, REQ | KEY, NULL },
	{ "period_end", F_DATE, REQ | KEY, NULL },
	{ "usd", F_NUM, REQ, NULL },
	{ "form", F_TEXT, 0, NULL },
	{ "accession", F_TEXT, 0, NULL },
	{ "filed", F_DATE, 0, NULL },
	{ "context", F_TEXT, 0, NULL },
	{ "fy", F_INT, 0, NULL },
	{ "fp", F_TEXT, 0, NULL },
	{ "decimals", F_INT, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct field f_gpu_price[] = {
	{ "provider", F_TEXT, REQ | KEY, NULL },
	{ "tier", F_ENUM, REQ, e_tier },
	{ "sku", F_TEXT, REQ | KEY, NULL },
	{ "sku_raw", F_TEXT, 0, NULL },
	{ "gpus", F_INT, 0, NULL },
	{ "term", F_TEXT, REQ | KEY, NULL },
	{ "region", F_TEXT, KEY, NULL },
	{ "instance", F_TEXT, 0, NULL },
	{ "currency", F_TEXT, 0, NULL },
	{ "price", F_NUM, 0, NULL },
	{ "usd_per_hour", F_NUM, 0, NULL },
	{ "usd_per_gpu_hour", F_NUM, REQ, NULL },
	{ "observed_at", F_TIME, REQ, NULL },
	{ "fx_rate", F_NUM, 0, NULL },
	{ "fx_date", F_DATE, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct field f_accelerator[] = {
	{ "sku", F_TEXT, REQ | KEY, NULL },
	{ "name", F_TEXT, 0, NULL },
	{ "vendor", F_TEXT, 0, NULL },
	{ "tdp_w", F_NUM, 0, NULL },
	{ "ops8", F_NUM, 0, NULL },
	{ "bf16_flops", F_NUM, 0, NULL },
	{ "hbm_gb", F_NUM, 0, NULL },
	{ "unit_cost_usd", F_NUM, 0, NULL },
	{ "released", F_DATE, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct field f_shipment[] = {
	{ "designer", F_TEXT, REQ | KEY, NULL },
	{ "sku", F_TEXT, REQ | KEY, NULL },
	{ "quarter", F_QUARTER, REQ | KEY, NULL },
	{ "units", F_NUM, 0, NULL },
	{ "units_p5", F_NUM, 0, NULL },
	{ "units_p95", F_NUM, 0, NULL },
	{ "h100e", F_NUM, 0, NULL },
	{ "power_mw", F_NUM, 0, NULL },
	{ NULL, 0, 0, NULL },
};

static const struct field f_reject[] = {
	{ "reason", F_TEXT, REQ, NULL },
	{ "record", F_TEXT, 0, NULL },
	{ NULL, 0, 0, NULL },
};

#define K(n, f) { n, f, (int)(sizeof(f) / sizeof(f[0])) - 1 }
const struct kind gw_kinds[] = {
	K("site", f_site),
	K("capacity", f_capacity),
	K("grid_request", f_grid_request),
	K("permit", f_permit),
	K("fab", f_fab),
	K("filing", f_filing),
	K("capex", f_capex),
	K("gpu_price", f_gpu_price),
	K("accelerator", f_accelerator),
	K("shipment", f_shipment),
	K("reject", f_reject),
	{ NULL, NULL, 0 },
};

const struct kind *kind_find(const char *name, int *index)
{
	int i;

	for (i = 0; gw_kinds[i].name; i++)
		if (!strcmp(gw_kinds[i].name, name)) {
			if (index)
				*index = i;
			return &gw_kinds[i];
		}
	return NULL;
}

int kinds_count(void)
{
	int i = 0;

	while (gw_kinds[i].name)
		i++;
	return i;
}

int kind_field(const struct kind *k, const char *name)
{
	int i;

	for (i = 0; k->fields[i].name; i++)
		if (!strcmp(k->fields[i].name, name))
			return i;
	return -1;
}

static int is_time(const char *s)
{
	char d[11];
	size_t n = strlen(s);

	if (n < 10 || date_parse(s, 10, d) || strncmp(d, s, 10))
		return 0;
	if (n == 10)
		return 1;
	/* THH:MM[:SS[.fff]][Z|+hh:mm] */
	if (s[10] != 'T' && s[10] != ' ')
		return 0;
	s += 11;
	if (strlen(s) < 5 || s[2] != ':')
		return 0;
	for (; *s; s++)
		if (!strchr("0123456789:.+-Z", *s))
			return 0;
	return 1;
}

const char *field_check_text(const struct field *f, const char *s)
{
	char d[11];
	int q;
	const char *const *e;

	switch (f->type) {
	case F_DATE:
		if (strlen(s) != 10 || date_parse(s, 10, d) || strcmp(d, s))
			return "is not a date YYYY-MM-DD";
		return NULL;
	case F_TIME:
		return is_time(s) ? NULL : "is not an ISO 8601 date or date-time";
	case F_QUARTER:
		return strlen(s) == 6 && !quarter_parse(s, 6, &q) && s[4] == 'Q' ? NULL
			: "is not a quarter like 2025Q3";
	case F_WHEN:
		if (strlen(s) == 10 && !date_parse(s, 10, d) && !strcmp(d, s))
			return NULL;
		return strlen(s) == 6 && s[4] == 'Q' && !quarter_parse(s, 6, &q) ? NULL
			: "is not a date YYYY-MM-DD or a quarter like 2025Q3";
	case F_ENUM:
		for (e = f->enums; *e; e++)
			if (!strcmp(*e, s))
				return NULL;
		return "is not one of the allowed values";
	default:
		return NULL;
	}
}
