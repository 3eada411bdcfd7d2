#include "iso.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/units.h"
#include "parsers/formats/archive.h"

#include "lib/banned.h"

/* ---- fuels ---- */

struct fuelword {
	const char *word;
	const char *fuel;
};

/* Whole tokens (case folded) as the six ISOs write them, with their keys' abbreviations. */
static const struct fuelword fuelwords[] = {
	{ "solar", "solar" }, { "photovoltaic", "solar" }, { "pv", "solar" }, { "sol", "solar" },
	{ "s", "solar" }, { "solar thermal", "solar" }, { "sth", "solar" },
	{ "wind", "wind" }, { "wind turbine", "wind" }, { "win", "wind" }, { "w", "wind" },
	{ "wt", "wind" }, { "osw", "wind" }, { "offshore wind", "wind" },
	{ "battery", "storage" }, { "battery storage", "storage" }, { "storage", "storage" },
	{ "bat", "storage" }, { "es", "storage" }, { "ba", "storage" }, { "str", "storage" },
	{ "energy storage", "storage" }, { "flywheel", "storage" }, { "f", "storage" },
	{ "fw", "storage" }, { "gravity via rail", "storage" }, { "pumped-storage hydro", "storage" },
	{ "ps", "storage" }, { "pumped storage", "storage" }, { "en", "storage" },
	{ "gas", "gas" }, { "natural gas", "gas" }, { "ng", "gas" }, { "combined cycle", "gas" },
	{ "cc", "gas" }, { "ct", "gas" }, { "ctg", "gas" }, { "gas turbine", "gas" }, { "gt", "gas" },
	{ "reciprocating engine", "gas" }, { "recip gas", "gas" }, { "rice", "gas" }, { "ic", "gas" },
	{ "cs", "gas" }, { "combustion turbine", "gas" },
	{ "oil", "oil" }, { "o", "oil" }, { "diesel", "oil" }, { "fuel oil", "oil" },
	{ "nuclear", "nuclear" }, { "nu", "nuclear" },
	{ "hydro", "hydro" }, { "h", "hydro" }, { "water", "hydro" }, { "wtr", "hydro" },
	{ "coal", "coal" }, { "c", "coal" },
	{ "geothermal", "geothermal" }, { "g", "geothermal" }, { "geo", "geothermal" },
	{ "biomass", "biomass" }, { "biofuel", "biomass" }, { "b", "biomass" }, { "wood", "biomass" },
	{ "wo", "biomass" }, { "methane", "biomass" }, { "m", "biomass" }, { "solid waste", "biomass" },
	{ "sw", "biomass" },
	{ "l", "load" }, { "load", "load" },
	{ "hybrid", "hybrid" }, { "cr", "hybrid" }, { "cw", "hybrid" }, { "hsr", "hybrid" },
	{ "other", "other" }, { "oth", "other" }, { "ot", "other" }, { "fc", "other" },
	{ "fuel cell", "other" }, { "high voltage dc", "other" }, { "waste heat recovery", "other" },
	{ "st", "other" }, { "steam", "other" }, { "steam turbine", "other" }, { "cogeneration", "other" },
	{ "thermal", "other" }, { "d", "other" }, { "dual fuel", "other" }, { "heat recovery", "other" },
	{ NULL, NULL },
};

static const char *fuel_word(const char *s, size_t n)
{
	const struct fuelword *w;

	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return NULL;
	for (w = fuelwords; w->word; w++)
		if (strlen(w->word) == n && !strncasecmp(w->word, s, n))
			return w->fuel;
	return "other";
}

const char *grid_fuel(const char *raw, int *transmission)
{
	const char *p, *found = NULL, *f;

	if (transmission)
		*transmission = 0;
	while (*raw && isspace((unsigned char)*raw))
		raw++;
	if (!*raw)
		return NULL;
	if (!strcasecmp(raw, "AC") || !strcasecmp(raw, "DC")) {
		if (transmission)
			*transmission = 1;
		return "other";
	}
	/* the whole text first ("Battery/Storage" is one fuel, not two) */
	if (!strcasecmp(raw, "battery/storage") || !strcasecmp(raw, "battery storage"))
		return "storage";
	for (p = raw; *p;) {
		size_t n = strcspn(p, ";/\\,+&");
		f = fuel_word(p, n);
		if (f && !found)
			found = f;
		else if (f && strcmp(f, found)) {
			if (!strcmp(found, "other"))
				found = f;	/* "Natural Gas; Other" is gas */
			else if (strcmp(f, "other"))
				found = "hybrid";
		}
		p += n;
		if (*p)
			p++;
	}
	return found ? found : "other";
}

const char *grid_kind(const char *fuel)
{
	if (!fuel)
		return "generation";
	if (!strcmp(fuel, "storage") || !strcmp(fuel, "hybrid") || !strcmp(fuel, "load"))
		return fuel;
	return "generation";
}

/* ---- columns ---- */

static int col_alt(const struct row *hdr, const char *names)
{
	const char *p = names;
	char one[256];

	while (*p) {
		size_t n = strcspn(p, "|");
		int c;
		if (n >= sizeof(one))
			n = sizeof(one) - 1;
		memcpy(one, p, n);
		one[n] = '\0';
		if ((c = header_col(hdr, one)) >= 0)
			return c;
		p += n;
		if (*p)
			p++;
	}
	return -1;
}

int iso_map(const struct row *hdr, const struct isocol *cols, int *idx, struct buf *missing)
{
	int i, k = 0;

	if (missing)
		buf_reset(missing);
	for (i = 0; cols[i].name; i++) {
		idx[i] = col_alt(hdr, cols[i].name);
		if (idx[i] < 0 && cols[i].required) {
			if (missing)
				buf_printf(missing, "%s'%.*s'", k ? ", " : "",
					   (int)strcspn(cols[i].name, "|"), cols[i].name);
			k++;
		}
	}
	return k;
}

int iso_names(const struct isocol *cols, const char **out, int max)
{
	int i, k = 0;

	for (i = 0; cols[i].name && k < max - 1; i++)
		if (cols[i].required)
			out[k++] = cols[i].name;
	out[k] = NULL;
	return k;
}

/* ---- the workbook, kept in the document's memo ---- */

struct workbook {
	struct xlsx *x;
	int failed;
	char err[256];
	int head_read;
	struct buf head;	/* cells of the first rows of every sheet, NUL after each */
};

static const char workbook_owner;	/* its address tags the memo as this file's */

#define HEAD_ROWS 40
#define HEAD_MAX (4u << 20)	/* the cells of the first HEAD_ROWS rows of every sheet */
#define RAW_ROW_MAX (1u << 20)	/* a rejected row's cells, as the reject's raw text */

static void workbook_free(void *p)
{
	struct workbook *wb = p;

	xlsx_close(wb->x);
	buf_release(&wb->head);
	free(wb);
}

/* For workbooks written with inline strings (no shared strings): the cells of each sheet's first rows.
 * Past HEAD_MAX (buf_error) it keeps the cells that fit: it is only sniffed (iso_has_string). */
static void read_heads(struct workbook *wb)
{
	struct xlsx *x = wb->x;
	int i, k;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* a sheet that cannot be read has no heads: not said */

	wb->head_read = 1;
	buf_init(&wb->head, HEAD_MAX);
	for (i = 0; i < xlsx_nsheets(x) && i < 64; i++) {
		struct xlsx_sheet *s = xlsx_sheet_open(x, i, &err);
		struct row r;
		size_t c;
		buf_reset(&err);
		if (!s)
			continue;
		for (k = 0; k < HEAD_ROWS && xlsx_next_row(s, &r, NULL) > 0; k++)
			for (c = 0; c < r.n; c++)
				if (r.cells[c].len && (buf_add(&wb->head, r.cells[c].s, r.cells[c].len) ||
						       buf_addc(&wb->head, 0)))
					break;
		xlsx_sheet_close(s);
	}
	buf_release(&err);
}

/* doc's workbook, opened the first time (NULL only when out of memory) */
static struct workbook *workbook_get(const struct gw_doc *doc)
{
	struct doc_memo *m = doc_memo(doc, &workbook_owner);
	struct workbook *wb = m->p;

	if (wb)
		return wb;
	if (!(wb = calloc(1, sizeof(*wb))))
		return NULL;
	if (!arc_is_zip(doc->data, doc->len)) {
		snprintf(wb->err, sizeof(wb->err), "not an XLSX workbook (not a zip)");
		wb->failed = 1;
	} else {
		struct buf err = BUF_INIT(BUF_MSG_MAX);
		if (!(wb->x = xlsx_open(doc->data, doc->len, &err))) {
			snprintf(wb->err, sizeof(wb->err), "%s", buf_str(&err));	/* cut as it was */
			wb->failed = 1;
		}
		buf_release(&err);
	}
	m->p = wb;
	m->release = workbook_free;
	return wb;
}

struct xlsx *iso_workbook(const struct gw_doc *doc, struct buf *err)
{
	struct workbook *wb = workbook_get(doc);

	if (!wb) {
		if (err)
			buf_printf(err, "out of memory");
		return NULL;
	}
	if (wb->failed && err)
		buf_adds(err, wb->err);
	return wb->x;
}

void iso_workbook_drop(const struct gw_doc *doc)
{
	doc_memo_release(doc_memo(doc, &workbook_owner));
}

struct xlsx *iso_parse_workbook(struct gw_parse *p)
{
	struct buf err = BUF_INIT(BUF_MSG_MAX);
	struct xlsx *x = iso_workbook(p->doc, &err);

	if (!x) {
		pfatal(p, "%s", buf_str(&err));
		iso_workbook_drop(p->doc);
	}
	buf_release(&err);
	return x;
}

int iso_has_string(const struct gw_doc *doc, const char *s)
{
	struct workbook *wb = workbook_get(doc);
	size_t i, n, len;
	const char *p, *end;

	if (!wb || !wb->x)
		return 0;
	n = xlsx_shared_count(wb->x);
	for (i = 0; i < n; i++) {
		const char *t = xlsx_shared_string(wb->x, i, &len);
		if (t && header_eq(t, len, s))
			return 1;
	}
	if (!wb->head_read)
		read_heads(wb);
	for (p = wb->head.data, end = p + wb->head.len; p < end; p += strlen(p) + 1)
		if (header_eq(p, strlen(p), s))
			return 1;
	return 0;
}

/* ---- records ---- */

void gridreq_clear(struct gridreq *g)
{
	memset(g, 0, sizeof(*g));
}

int grid_emit(struct gw_parse *p, const struct gridreq *g, const char *locfmt, ...)
{
	struct buf loc = BUF_INIT(BUF_LOC_MAX);
	va_list ap;
	int r;

	va_start(ap, locfmt);
	if (buf_vprintf(&loc, locfmt, ap)) {
		buf_reset(&loc);	/* a locator too long is "?" */
		buf_adds(&loc, "?");
	}
	va_end(ap);
	rec_begin(p, "grid_request");
	rec_str(p, "iso", g->iso);
	rec_str(p, "queue_id", g->queue_id);
	rec_str(p, "project", g->project);
	rec_str(p, "request_kind", g->request_kind);
	rec_str(p, "fuel", g->fuel);
	rec_str(p, "fuel_raw", g->fuel_raw);
	if (g->has_mw)
		rec_num(p, "mw", g->mw);
	rec_str(p, "status", g->status);
	rec_str(p, "status_raw", g->status_raw);
	rec_str(p, "county", g->county);
	rec_str(p, "state", g->state);
	rec_str(p, "requested", g->requested);
	rec_str(p, "expected_online", g->expected_online);
	rec_str(p, "developer", g->developer);
	rec_str(p, "poi", g->poi);
	r = rec_end(p, "%s", buf_str(&loc));
	buf_release(&loc);
	return r;
}

static int placeholder(const char *s)
{
	return !*s || !strcasecmp(s, "N/A") || !strcasecmp(s, "NA") || !strcasecmp(s, "TBD") ||
	       !strcasecmp(s, "None") || !strcmp(s, "-") || !strcasecmp(s, "I/S") ||
	       !strcasecmp(s, "IS") || !strcasecmp(s, "Part I/S") || !strcasecmp(s, "Existing");
}

int iso_date(struct gw_parse *p, const struct row *r, int col, char out[11], const char *what,
	     const char *where)
{
	char raw[64];
	int m, y;
	char tail;

	out[0] = '\0';
	if (col < 0)
		return 0;
	cell_copy(r, col, raw, sizeof(raw));
	if (placeholder(raw))
		return 0;
	if (cell_date(r, col, out) == 0) {
		if (!strncmp(out, "1900-01-0", 9))	/* ERCOT: 1-1-1900 means no date */
			out[0] = '\0';
		return 0;
	}
	/* NYISO's month-year forms */
	if ((sscanf(raw, "%2d-%4d%c", &m, &y, &tail) == 2 || sscanf(raw, "%2d/%4d%c", &m, &y, &tail) == 2) &&
	    m >= 1 && m <= 12 && y >= 1900 && y < 2200) {
		snprintf(out, 11, "%04d-%02d-01", y, m);
		return 0;
	}
	out[0] = '\0';
	pwarn(p, "%s: %s '%s' is not a date; left out", where, what, raw);
	return -1;
}

int iso_mw(const struct row *r, int col, double *mw, char *bad, size_t badmax)
{
	char raw[64];

	if (col < 0)
		return 0;
	cell_copy(r, col, raw, sizeof(raw));
	if (placeholder(raw))
		return 0;
	if (num_parse(raw, strlen(raw), mw) == 0)
		return 1;
	snprintf(bad, badmax, "%s", raw);
	return -1;
}

int iso_row_mw(struct gw_parse *p, const struct row *r, int col, const char *name, struct gridreq *g,
	       const char *where)
{
	char bad[64], why[160];
	int m = iso_mw(r, col, &g->mw, bad, sizeof(bad));

	if (m < 0) {
		snprintf(why, sizeof(why), "%s '%s' is not a number", name, bad);
		iso_reject_row(p, r, why, "%s", where);
		return -1;
	}
	g->has_mw = m;
	return 0;
}

void iso_reject_row(struct gw_parse *p, const struct row *r, const char *reason, const char *locfmt, ...)
{
	struct buf raw = BUF_INIT(RAW_ROW_MAX), loc = BUF_INIT(BUF_LOC_MAX);
	va_list ap;

	va_start(ap, locfmt);
	if (buf_vprintf(&loc, locfmt, ap)) {
		buf_reset(&loc);	/* a locator too long is "?" */
		buf_adds(&loc, "?");
	}
	va_end(ap);
	row_join(r, &raw);
	buf_msg(&raw);	/* a row past RAW_ROW_MAX: its raw text ends "..." where it is cut */
	rec_reject(p, raw.data, raw.len, reason, "%s", buf_str(&loc));
	buf_release(&raw);
	buf_release(&loc);
}

int iso_sheet(struct gw_parse *p, struct xlsx *x, const char *sheet, const struct isocol *cols,
	      int need, int idcol_index, iso_row_fn fn, void *arg)
{
	struct header_finder hf;
	struct xlsx_sheet *s;
	struct row r;
	struct buf missing = BUF_INIT(BUF_NAME_MAX), want = BUF_INIT(BUF_NAME_MAX);
	const char *names[64];
	struct buf err = BUF_INIT(BUF_MSG_MAX);
	int si = xlsx_sheet_find(x, sheet), rc, found = 0, ret = 0, seen_empty = 0;
	int idx[64];
	long last = 0;
	const char *sname;

	header_finder_init(&hf, 200);
	if (si < 0) {
		pfatal(p, "no sheet named '%s'", sheet);
		return -1;
	}
	sname = xlsx_sheet_name(x, si);
	if (!(s = xlsx_sheet_open(x, si, &err))) {
		pfatal(p, "sheet '%s': %.299s", sname, buf_str(&err));	/* as the char[300] it was */
		buf_release(&err);
		return -1;
	}
	iso_names(cols, names, 64);
	for (rc = 0; names[rc]; rc++)
		buf_printf(&want, "%s'%.*s'", rc ? ", " : "", (int)strcspn(names[rc], "|"), names[rc]);
	for (;;) {
		struct cell id;
		buf_reset(&err);	/* this call's message alone: a bad cell above the header is not said */
		if (!(rc = xlsx_next_row(s, &r, &err)))
			break;
		if (rc < 0 && r.n == 0) {
			pfatal(p, "sheet '%s': %s", sname, buf_str(&err));
			ret = -1;
			break;
		}
		if (!found) {
			int f = header_finder_feed(&hf, &r, names, need);
			if (f < 0) {
				pfatal(p, "sheet '%s': no header row with %d of the columns %s in its first %ld rows",
				     sname, need, buf_msg(&want), hf.max_rows);
				ret = -1;
				break;
			}
			if (f == 0)
				continue;
			found = 1;
			last = r.num;
			parse_note_header(p, sname, &hf.hdr.row);
			if (iso_map(&hf.hdr.row, cols, idx, &missing)) {
				pfatal(p, "sheet '%s' row %ld: the header lacks required column %s", sname,
				     hf.hdr.row.num, buf_msg(&missing));
				ret = -1;
				break;
			}
			continue;
		}
		if (rc < 0) {
			iso_reject_row(p, &r, buf_str(&err), "sheet %s row %ld", sname, r.num);
			continue;
		}
		/* a blank row, or rows the sheet leaves out, end the table proper */
		if (row_empty(&r) || r.num > last + 1) {
			seen_empty = 1;
			if (row_empty(&r))
				continue;
		}
		last = r.num;
		id = row_cell(&r, idx[idcol_index]);
		if (id.len >= 5 && !strncasecmp(id.s, "NOTES", 5))
			break;
		if (cell_empty(&id) && seen_empty)
			continue;	/* footer: totals and notes under the table */
		if (fn(p, arg, &hf.hdr.row, idx, &r, sname))
			ret = -1;
	}
	if (!found && !ret) {
		pfatal(p, "sheet '%s': no header row with %d of the columns %s", sname, need, buf_str(&want));
		ret = -1;
	}
	xlsx_sheet_close(s);
	header_finder_release(&hf);
	buf_release(&missing);
	buf_release(&want);
	buf_release(&err);
	return ret;
}

int ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return !n;
}
