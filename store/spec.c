#include "spec.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/dates.h"
#include "lib/json.h"

#include "lib/banned.h"

static const char *const e_basis[] = { "it", "facility", "utility", "unknown", NULL };
static const char *const e_cap_status[] = { "operational", "under_construction", "permitted",
					    "announced", "rumored", "cancelled", NULL };
static const char *const e_grid_kind[] = { "load", "generation", "storage", "hybrid", "transmission", NULL };
static const char *const e_fuel[] = { "solar", "wind", "storage", "gas", "nuclear", "hydro", "coal",
				      "oil", "geothermal", "biomass", "hybrid", "load", "other", NULL };
static const char *const e_grid_status[] = { "active", "withdrawn", "operational", "suspended", NULL };
static const char *const e_permit_kind[] = { "air", "building", "zoning", "other", NULL };
static const char *const e_tier[] = { "hyperscaler", "neocloud", "marketplace", NULL };
static const char *const e_term[] = { "spot", "on_demand", "reserved_1m", "reserved_3m", "reserved_6m",
				      "reserved_1y", "reserved_2y", "reserved_3y", NULL };

/*
 * Ranges of the number fields (schemas/records.md lists them): the physically
 * possible, with a cap far above any real figure, so a unit slip (kW as MW,
 * a total as one generator's rating) or a broken cell is rejected, not stored.
 */
static const struct range r_lat = { -90, 90, 0 };
static const struct range r_lon = { -180, 180, 0 };
static const struct range r_mw = { 0, 100000, 0 };		/* 100 GW: beyond any campus or plant */
/* a queue's request may lower a unit's output: ERCOT's 18INR0064 Silver Star repower is -7.2 MW */
static const struct range r_mw_change = { -100000, 100000, 0 };
static const struct range r_h100e_site = { 0, 1e9, 0 };
static const struct range r_generators = { 0, 100000, 0 };
static const struct range r_generator_mw = { 0, 5000, 0 };	/* one unit; the largest turbines are ~600 MW */
static const struct range r_sqft = { 0, 1e9, 0 };
static const struct range r_node_nm = { 0, 100000, 1 };		/* 100 um: the oldest fabs still listed */
static const struct range r_wafer_mm = { 1, 1000, 0 };
static const struct range r_wspm = { 0, 1e7, 0 };
static const struct range r_year = { YEAR_MIN, YEAR_MAX, 0 };
static const struct range r_cik = { 1, 9999999999.0, 0 };	/* EDGAR CIKs have at most 10 digits */
/* capex as filed, in its sign: an iXBRL sign="-" makes a payment negative */
static const struct range r_usd = { -1e13, 1e13, 0 };
static const struct range r_decimals = { -30, 30, 0 };
static const struct range r_gpus = { 1, 100000, 0 };
static const struct range r_price = { 0, 1e9, 1 };		/* in its currency, per hour */
static const struct range r_usd_per_hour = { 0, 1e7, 1 };
static const struct range r_usd_per_gpu_hour = { 0, 10000, 1 };
static const struct range r_fx_rate = { 0, 1e6, 1 };		/* USD per unit of the currency */
static const struct range r_tdp_w = { 0, 1e6, 1 };
static const struct range r_ops = { 0, 1e21, 0 };		/* OP/s, FLOP/s of one accelerator */
static const struct range r_hbm_gb = { 0, 1e6, 0 };
static const struct range r_unit_cost_usd = { 0, 1e9, 1 };
static const struct range r_units = { 0, 1e10, 0 };
static const struct range r_power_mw = { 0, 1e6, 0 };

#define REQ FL_REQ
#define KEY FL_KEY
#define OPER FL_OPER

static const struct field f_site[] = {
	{ "operator", F_TEXT, OPER, NULL, NULL },
	{ "name", F_TEXT, REQ | KEY, NULL, NULL },
	{ "country", F_TEXT, KEY, NULL, NULL },
	{ "state", F_TEXT, KEY, NULL, NULL },
	{ "county", F_TEXT, 0, NULL, NULL },
	{ "city", F_TEXT, 0, NULL, NULL },
	{ "address", F_TEXT, 0, NULL, NULL },
	{ "lat", F_NUM, 0, NULL, &r_lat },
	{ "lon", F_NUM, 0, NULL, &r_lon },
	{ "status", F_ENUM, 0, e_cap_status, NULL },	/* added by 040-sites */
	{ "status_raw", F_TEXT, 0, NULL, NULL },	/* added by 040-sites */
	{ "builds_upon", F_TEXT, 0, NULL, NULL },	/* added by 060-identity */
	{ "superseded_by", F_TEXT, 0, NULL, NULL },	/* added by 060-identity */
	{ "duplicate_of", F_TEXT, 0, NULL, NULL },	/* added by 060-identity */
	{ "owner", F_TEXT, 0, NULL, NULL },		/* added by 053-norm */
	{ "tenant", F_TEXT, 0, NULL, NULL },		/* added by 053-norm */
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_capacity[] = {
	{ "operator", F_TEXT, OPER | KEY, NULL, NULL },
	{ "site", F_TEXT, REQ | KEY, NULL, NULL },
	{ "phase", F_TEXT, KEY, NULL, NULL },
	{ "country", F_TEXT, 0, NULL, NULL },
	{ "state", F_TEXT, 0, NULL, NULL },
	{ "mw", F_NUM, REQ, NULL, &r_mw },
	{ "mw_basis", F_ENUM, REQ, e_basis, NULL },
	{ "status", F_ENUM, REQ, e_cap_status, NULL },
	{ "status_raw", F_TEXT, 0, NULL, NULL },
	{ "expected_online", F_WHEN, 0, NULL, NULL },
	{ "accelerator", F_TEXT, 0, NULL, NULL },
	{ "h100e", F_NUM, 0, NULL, &r_h100e_site },
	{ "owner", F_TEXT, 0, NULL, NULL },		/* added by 053-norm */
	{ "tenant", F_TEXT, 0, NULL, NULL },		/* added by 053-norm */
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_grid_request[] = {
	{ "iso", F_TEXT, REQ | KEY, NULL, NULL },
	{ "queue_id", F_TEXT, REQ | KEY, NULL, NULL },
	{ "project", F_TEXT, 0, NULL, NULL },
	{ "request_kind", F_ENUM, REQ, e_grid_kind, NULL },
	{ "fuel", F_ENUM, 0, e_fuel, NULL },
	{ "fuel_raw", F_TEXT, 0, NULL, NULL },
	{ "mw", F_NUM, 0, NULL, &r_mw_change },
	{ "status", F_ENUM, REQ, e_grid_status, NULL },
	{ "status_raw", F_TEXT, 0, NULL, NULL },
	{ "county", F_TEXT, 0, NULL, NULL },
	{ "state", F_TEXT, 0, NULL, NULL },
	{ "requested", F_DATE, 0, NULL, NULL },
	{ "expected_online", F_DATE, 0, NULL, NULL },
	{ "developer", F_TEXT, 0, NULL, NULL },
	{ "poi", F_TEXT, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_permit[] = {
	{ "authority", F_TEXT, REQ | KEY, NULL, NULL },
	{ "permit_id", F_TEXT, REQ | KEY, NULL, NULL },
	{ "permit_kind", F_ENUM, REQ, e_permit_kind, NULL },
	{ "applicant", F_TEXT, OPER, NULL, NULL },
	{ "site", F_TEXT, 0, NULL, NULL },
	{ "address", F_TEXT, 0, NULL, NULL },
	{ "county", F_TEXT, 0, NULL, NULL },
	{ "state", F_TEXT, 0, NULL, NULL },
	{ "parcel", F_TEXT, 0, NULL, NULL },
	{ "generators", F_INT, 0, NULL, &r_generators },
	{ "generator_mw", F_NUM, 0, NULL, &r_generator_mw },
	{ "mw", F_NUM, 0, NULL, &r_mw },
	{ "sqft", F_NUM, 0, NULL, &r_sqft },
	{ "issued", F_DATE, 0, NULL, NULL },
	{ "status", F_TEXT, 0, NULL, NULL },
	{ "status_raw", F_TEXT, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_fab[] = {
	{ "company", F_TEXT, REQ | KEY | OPER, NULL, NULL },
	{ "name", F_TEXT, REQ | KEY, NULL, NULL },
	{ "country", F_TEXT, 0, NULL, NULL },
	{ "state", F_TEXT, 0, NULL, NULL },
	{ "city", F_TEXT, 0, NULL, NULL },
	{ "lat", F_NUM, 0, NULL, &r_lat },
	{ "lon", F_NUM, 0, NULL, &r_lon },
	{ "node_nm", F_NUM, 0, NULL, &r_node_nm },
	{ "wafer_mm", F_INT, 0, NULL, &r_wafer_mm },
	{ "wspm", F_NUM, 0, NULL, &r_wspm },
	{ "mw", F_NUM, 0, NULL, &r_mw },
	{ "status", F_TEXT, 0, NULL, NULL },
	{ "start_year", F_INT, 0, NULL, &r_year },
	{ "address", F_TEXT, 0, NULL, NULL },		/* added by 040-sites */
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_filing[] = {
	{ "cik", F_INT, REQ, NULL, &r_cik },
	{ "company", F_TEXT, OPER, NULL, NULL },
	{ "form", F_TEXT, REQ, NULL, NULL },
	{ "accession", F_TEXT, REQ | KEY, NULL, NULL },
	{ "filed", F_DATE, REQ, NULL, NULL },
	{ "report_date", F_DATE, 0, NULL, NULL },
	{ "primary_doc", F_TEXT, 0, NULL, NULL },
	{ "fiscal_year_end", F_TEXT, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_capex[] = {
	{ "cik", F_INT, REQ | KEY, NULL, &r_cik },
	{ "company", F_TEXT, OPER, NULL, NULL },
	{ "concept", F_TEXT, REQ | KEY, NULL, NULL },
	{ "dims", F_TEXT, KEY, NULL, NULL },
	{ "period_start", F_DATE, REQ | KEY, NULL, NULL },
	{ "period_end", F_DATE, REQ | KEY, NULL, NULL },
	{ "usd", F_NUM, REQ, NULL, &r_usd },
	{ "form", F_TEXT, 0, NULL, NULL },
	{ "accession", F_TEXT, 0, NULL, NULL },
	{ "filed", F_DATE, 0, NULL, NULL },
	{ "context", F_TEXT, 0, NULL, NULL },
	{ "fy", F_INT, 0, NULL, &r_year },
	{ "fp", F_TEXT, 0, NULL, NULL },
	{ "decimals", F_INT, 0, NULL, &r_decimals },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_gpu_price[] = {
	{ "provider", F_TEXT, REQ | KEY, NULL, NULL },
	{ "tier", F_ENUM, REQ, e_tier, NULL },
	{ "sku", F_TEXT, REQ | KEY, NULL, NULL },
	{ "sku_raw", F_TEXT, 0, NULL, NULL },
	{ "gpus", F_INT, 0, NULL, &r_gpus },
	{ "term", F_ENUM, REQ | KEY, e_term, NULL },
	{ "region", F_TEXT, KEY, NULL, NULL },
	{ "instance", F_TEXT, 0, NULL, NULL },
	{ "currency", F_TEXT, 0, NULL, NULL },
	{ "price", F_NUM, 0, NULL, &r_price },
	{ "usd_per_hour", F_NUM, 0, NULL, &r_usd_per_hour },
	{ "usd_per_gpu_hour", F_NUM, REQ, NULL, &r_usd_per_gpu_hour },
	{ "observed_at", F_TIME, REQ, NULL, NULL },
	{ "fx_rate", F_NUM, 0, NULL, &r_fx_rate },
	{ "fx_date", F_DATE, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_accelerator[] = {
	{ "sku", F_TEXT, REQ | KEY, NULL, NULL },
	{ "name", F_TEXT, 0, NULL, NULL },
	{ "vendor", F_TEXT, 0, NULL, NULL },
	{ "tdp_w", F_NUM, 0, NULL, &r_tdp_w },
	{ "ops8", F_NUM, 0, NULL, &r_ops },
	{ "bf16_flops", F_NUM, 0, NULL, &r_ops },
	{ "hbm_gb", F_NUM, 0, NULL, &r_hbm_gb },
	{ "unit_cost_usd", F_NUM, 0, NULL, &r_unit_cost_usd },
	{ "released", F_DATE, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_shipment[] = {
	{ "designer", F_TEXT, REQ | KEY, NULL, NULL },
	{ "sku", F_TEXT, REQ | KEY, NULL, NULL },
	{ "quarter", F_QUARTER, REQ | KEY, NULL, NULL },
	{ "units", F_NUM, 0, NULL, &r_units },
	{ "units_p5", F_NUM, 0, NULL, &r_units },
	{ "units_p95", F_NUM, 0, NULL, &r_units },
	{ "h100e", F_NUM, 0, NULL, &r_units },
	{ "power_mw", F_NUM, 0, NULL, &r_power_mw },
	{ NULL, 0, 0, NULL, NULL },
};

static const struct field f_reject[] = {
	{ "reason", F_TEXT, REQ, NULL, NULL },
	{ "record", F_TEXT, 0, NULL, NULL },
	{ NULL, 0, 0, NULL, NULL },
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

/*
 * Kinds and fields by name through one hash table (open addressing, built on
 * first use): a record's members are looked up once each, not searched for
 * among the kind's fields. A slot holds a kind (field -1) or a field of one.
 */
#define SPEC_SLOTS 1024
static struct spec_slot {
	const char *name;	/* NULL: empty */
	size_t len;
	int kind, field;
} spec_slots[SPEC_SLOTS];
static int spec_ready;

static size_t spec_hash(int kind, const char *name, size_t n)
{
	size_t h = 2166136261u ^ (size_t)(kind + 1) * 16777619u;

	while (n--)
		h = (h ^ (unsigned char)*name++) * 16777619u;
	return h;
}

static void spec_put(int kind, int field, const char *name)
{
	size_t n = strlen(name), i = spec_hash(field < 0 ? -1 : kind, name, n) % SPEC_SLOTS;

	while (spec_slots[i].name)
		i = (i + 1) % SPEC_SLOTS;
	spec_slots[i] = (struct spec_slot){ name, n, kind, field };
}

static void spec_init(void)
{
	int k, f;

	for (k = 0; gw_kinds[k].name; k++) {
		assert(gw_kinds[k].nfields <= KIND_MAX_FIELDS);
		spec_put(k, -1, gw_kinds[k].name);
		for (f = 0; f < gw_kinds[k].nfields; f++)
			spec_put(k, f, gw_kinds[k].fields[f].name);
	}
	spec_ready = 1;
}

/* the slot of kind (or of a kind name, kind -1) and name, or NULL */
static const struct spec_slot *spec_get(int kind, const char *name, size_t n)
{
	size_t i;

	if (!spec_ready)
		spec_init();
	for (i = spec_hash(kind, name, n) % SPEC_SLOTS; spec_slots[i].name; i = (i + 1) % SPEC_SLOTS) {
		const struct spec_slot *s = &spec_slots[i];
		if (s->len == n && (kind < 0 ? s->field < 0 : s->kind == kind && s->field >= 0) &&
		    !memcmp(s->name, name, n))
			return s;
	}
	return NULL;
}

const struct kind *kind_find(const char *name, int *index)
{
	const struct spec_slot *s = spec_get(-1, name, strlen(name));

	if (!s)
		return NULL;
	if (index)
		*index = s->kind;
	return &gw_kinds[s->kind];
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
	return kind_field_n((int)(k - gw_kinds), name, strlen(name));
}

int kind_field_n(int kind, const char *name, size_t n)
{
	const struct spec_slot *s = spec_get(kind, name, n);

	return s ? s->field : -1;
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

/* 1 if the date (YYYY-MM-DD...) or quarter (2025Q3) s starts with a plausible year */
static int year_ok(const char *s)
{
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');

	return y >= YEAR_MIN && y <= YEAR_MAX;
}

const char *field_check_text(const struct field *f, const char *s)
{
	char d[11];
	int q;
	const char *const *e;
	static const char year[] = "has an implausible year (not 1900 to 2100)";

	switch (f->type) {
	case F_DATE:
		if (strlen(s) != 10 || date_parse(s, 10, d) || strcmp(d, s))
			return "is not a date YYYY-MM-DD";
		return year_ok(s) ? NULL : year;
	case F_TIME:
		if (!is_time(s))
			return "is not an ISO 8601 date or date-time";
		return year_ok(s) ? NULL : year;
	case F_QUARTER:
		if (strlen(s) != 6 || quarter_parse(s, 6, &q) || s[4] != 'Q')
			return "is not a quarter like 2025Q3";
		return year_ok(s) ? NULL : year;
	case F_WHEN:
		if (!(strlen(s) == 10 && !date_parse(s, 10, d) && !strcmp(d, s)) &&
		    !(strlen(s) == 6 && s[4] == 'Q' && !quarter_parse(s, 6, &q)))
			return "is not a date YYYY-MM-DD or a quarter like 2025Q3";
		return year_ok(s) ? NULL : year;
	case F_ENUM:
		for (e = f->enums; *e; e++)
			if (!strcmp(*e, s))
				return NULL;
		return "is not one of the allowed values";
	default:
		return NULL;
	}
}

int field_check_num(const struct field *f, double v, char *why, size_t n)
{
	const struct range *r = f->range;
	char a[32], b[32], c[32];

	if (!isfinite(v)) {
		snprintf(why, n, "is not a finite number (%s)", isnan(v) ? "NaN" : v > 0 ? "infinity" : "-infinity");
		return -1;
	}
	if (!r)
		return 0;
	if (r->min_open ? v > r->min : v >= r->min) {
		if (v <= r->max)
			return 0;
	}
	json_fmt_num(a, v);
	json_fmt_num(b, r->min);
	json_fmt_num(c, r->max);
	snprintf(why, n, "%s is out of range: it must be %s %s and <= %s", a, r->min_open ? ">" : ">=", b, c);
	return -1;
}
