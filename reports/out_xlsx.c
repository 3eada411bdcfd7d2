/*
 * The report as an Excel workbook (libxlsxwriter). Sheets: "contents" (the
 * report's quarter, dates, scenario, and every section with its text and its
 * tables, each linked to its sheet), then one sheet per table named by its id,
 * in the report's order, with every row (no "other (N)" line), the header row
 * frozen and filtered, and columns as wide as their contents (up to a cap).
 *
 * Cells: numbers are numbers, with the number format of their column (MW
 * #,##0.0; counts #,##0; USD shown in millions $#,##0.0,,"M" but stored in
 * USD; USD per GPU-hour $#,##0.00; ratios 0.000), flags are booleans, a text
 * column whose every value is an ISO date (YYYY-MM-DD) holds dates, and a
 * change column (the report's ratio new/old, 1.05 = +5%) holds the change as a
 * percentage: ratio - 1, shown +5.0%. The assumptions table's values are the
 * parameters' numbers. The last column, "sources", lists the # of the row's
 * documents on the sheet "sources" ("1,3"), and links to the first of them.
 * The scenario (the parameters' origins: defaults, scenario files, --set) is
 * in the file's properties: subject and the custom property "scenario".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "lib/buf.h"
#include "lib/dates.h"
#include "lib/msg.h"
#include "params.h"
#include "report.h"

#include "lib/banned.h"

#define SHEETS_MAX 256
#define WIDTH_MAX 64		/* characters (a sha256): a longer text runs out of sight, not the sheet wider */
#define LINKS_MAX 65530		/* Excel's hyperlinks per sheet */
#define CELL_MAX 32767		/* Excel's characters per cell */

struct fmts {
	lxw_format *head, *mw, *count, *usd_m, *usd, *ratio, *change, *date, *wrap, *bold;
};

struct wb {
	const struct report *r;
	const char *path;
	lxw_workbook *wb;
	struct fmts f;
	char names[SHEETS_MAX][LXW_SHEETNAME_MAX + 1];	/* sheet names in use */
	int nnames;
	char sources[LXW_SHEETNAME_MAX + 1];	/* the sheet of the documents cited, "" if none */
	int err;
};

/* Says what libxlsxwriter's error e was about, once per workbook; returns -1. */
static int lxw_fail(struct wb *w, const char *what, lxw_error e)
{
	if (!w->err)
		gw_error("%s: %s: %s", w->path, what, lxw_strerror(e));
	w->err = 1;
	return -1;
}

/*
 * A sheet name for id: Excel's rules (at most 31 characters, none of []:*?/\,
 * no apostrophe at either end, unique whatever the case), with '_' for a
 * forbidden character and "~2", "~3"... to tell two apart.
 */
static const char *sheet_name(struct wb *w, const char *id)
{
	char base[LXW_SHEETNAME_MAX + 1], *out;
	size_t n = 0;
	int k, i, clash;

	if (w->nnames == SHEETS_MAX)
		return NULL;
	for (; *id && n < LXW_SHEETNAME_MAX; id++)
		base[n++] = strchr("[]:*?/\\", *id) || (unsigned char)*id < 32 ? '_' : *id;
	while (n && (base[n - 1] & 0xc0) == 0x80)	/* no UTF-8 sequence cut short */
		n--;
	if (n && (base[n - 1] & 0xc0) == 0xc0)
		n--;
	base[n] = 0;
	if (base[0] == '\'')
		base[0] = '_';
	if (n && base[n - 1] == '\'')
		base[n - 1] = '_';
	if (!n)
		snprintf(base, sizeof(base), "table");
	out = w->names[w->nnames];
	snprintf(out, LXW_SHEETNAME_MAX + 1, "%s", base);
	for (k = 2;; k++) {
		for (i = 0, clash = 0; i < w->nnames && !clash; i++)
			clash = !strcasecmp(w->names[i], out);
		if (!clash)
			break;
		char tmp[48];	/* k <= SHEETS_MAX: "~256" fits the 4 characters kept */
		snprintf(tmp, sizeof(tmp), "%.*s~%d", LXW_SHEETNAME_MAX - 4, base, k);
		memcpy(out, tmp, LXW_SHEETNAME_MAX);
		out[LXW_SHEETNAME_MAX] = 0;
	}
	w->nnames++;
	return out;
}

/* 1 if s is exactly an ISO date YYYY-MM-DD that exists, with its parts in d. */
static int iso_date(const char *s, lxw_datetime *d)
{
	int i;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	memset(d, 0, sizeof(*d));
	d->year = atoi(s);
	d->month = (uint8_t)atoi(s + 5);
	d->day = (uint8_t)atoi(s + 8);
	return date_valid(d->year, d->month, d->day) && d->year >= 1900;
}

/* Characters of UTF-8 text s (continuation bytes not counted). */
static size_t text_width(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += (*s & 0xc0) != 0x80;
	return n;
}

static const struct rcell *at(const struct rtable *t, int row, int col)
{
	return &t->cells[(size_t)row * (size_t)t->ncol + (size_t)col];
}

/* 1 if the text column col of t holds ISO dates and nothing else (empty cells aside). */
static int date_column(const struct rtable *t, int col)
{
	lxw_datetime d;
	int i, n = 0;

	if (t->cols[col].fmt != CF_TEXT)
		return 0;
	for (i = 0; i < t->nrows; i++) {
		const struct rcell *v = at(t, i, col);
		if (v->null || !v->s || !*v->s)
			continue;
		if (!iso_date(v->s, &d))
			return 0;
		n++;
	}
	return n > 0;
}

static lxw_format *num_format(struct wb *w, int fmt)
{
	switch (fmt) {
	case CF_MW: return w->f.mw;
	case CF_COUNT: return w->f.count;
	case CF_USD_M: return w->f.usd_m;
	case CF_USD: return w->f.usd;
	case CF_RATIO: return w->f.ratio;
	case CF_CHANGE: return w->f.change;
	default: return NULL;
	}
}

/* The heading of column c: its label, with the unit its format implies when the label does not say it. */
static void heading(const struct rcol *c, char *out, size_t max)
{
	const char *unit = NULL;

	switch (c->fmt) {
	case CF_MW: unit = strstr(c->label, "MW") ? NULL : "MW"; break;
	case CF_USD_M: unit = "USD"; break;
	case CF_USD: unit = strstr(c->label, "GPU-h") ? NULL : "USD/GPU-h"; break;
	default: break;
	}
	if (unit)
		snprintf(out, max, "%s (%s)", c->label, unit);
	else
		snprintf(out, max, "%s", c->label);
}

/* Writes text, cut to Excel's cell limit on a character boundary. */
static int put_text(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
		    lxw_format *f)
{
	lxw_error e;

	if (strlen(s) > CELL_MAX) {
		char *cut = strndup(s, CELL_MAX);
		size_t n = CELL_MAX;
		if (!cut)
			return lxw_fail(w, "out of memory", LXW_ERROR_MEMORY_MALLOC_FAILED);
		while (n && (cut[n - 1] & 0xc0) == 0x80)
			n--;
		if (n && (cut[n - 1] & 0xc0) == 0xc0)
			n--;
		cut[n] = 0;
		gw_warn("%s: a cell of %zu bytes cut to Excel's %d characters", w->path, strlen(s), CELL_MAX);
		e = worksheet_write_string(ws, row, col, cut, f);
		free(cut);
	} else {
		e = worksheet_write_string(ws, row, col, s, f);
	}
	return e ? lxw_fail(w, "writing a cell", e) : 0;
}

/* The row's documents as "1,3" (their # on the sources sheet). */
static void src_list(const struct rtable *t, int row, struct buf *b)
{
	int k;

	buf_reset(b);
	for (k = 0; k < t->nsrc[row]; k++)
		buf_printf(b, "%s%d", k ? "," : "", t->src[row][k] + 1);
}

static int is_url(const char *s)
{
	return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8) || !strncmp(s, "ftp://", 6) ||
	       !strncmp(s, "file://", 7);
}

/* One table on its own sheet. widths[] has t->ncol + 1 entries. */
static int table_sheet(struct wb *w, const struct rtable *t, const char *name, size_t *widths, char *dates)
{
	const struct report *r = w->r;
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
	struct buf b = BUF_INIT(BUF_LIST_MAX);
	char txt[256];
	int i, c, links = 0, rc = -1, param_col = -1;
	lxw_error e;

	if (!ws)
		return lxw_fail(w, "adding a sheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
	if ((size_t)t->nrows + 1 > LXW_ROW_MAX) {
		gw_error("%s: table %s has %d rows, more than a sheet holds", w->path, t->id, t->nrows);
		w->err = 1;
		return -1;
	}
	if (!strcmp(t->id, "assumptions"))
		for (c = 0; c < t->ncol; c++)
			if (!strcmp(t->cols[c].key, "value"))
				param_col = c;
	for (c = 0; c < t->ncol; c++) {
		heading(&t->cols[c], txt, sizeof(txt));
		widths[c] = text_width(txt);
		dates[c] = (char)date_column(t, c);
		if (put_text(w, ws, 0, (lxw_col_t)c, txt, w->f.head))
			goto out;
	}
	snprintf(txt, sizeof(txt), "sources (# on %s)", w->sources[0] ? w->sources : "sources");
	widths[t->ncol] = text_width(txt);
	if (put_text(w, ws, 0, (lxw_col_t)t->ncol, txt, w->f.head))
		goto out;
	for (i = 0; i < t->nrows; i++) {
		lxw_row_t row = (lxw_row_t)i + 1;
		for (c = 0; c < t->ncol; c++) {
			const struct rcell *v = at(t, i, c);
			const struct rcol *col = &t->cols[c];
			lxw_datetime d;
			size_t wd;
			e = LXW_NO_ERROR;
			if (v->null)
				continue;
			if (col->fmt == CF_TEXT && !v->s)
				continue;
			if (c == param_col) {
				const struct rcell *pn = at(t, i, 0);
				const struct param *p = r->ps && !pn->null && pn->s ? param_find(r->ps, pn->s) : NULL;
				char *end;
				double x = p ? p->value : strtod(v->s, &end);
				if (p || (end != v->s && !*end)) {
					e = worksheet_write_number(ws, row, (lxw_col_t)c, x, NULL);
					wd = strlen(v->s);
				} else {
					if (put_text(w, ws, row, (lxw_col_t)c, v->s, NULL))
						goto out;
					wd = text_width(v->s);
				}
			} else if (col->fmt == CF_TEXT && dates[c] && iso_date(v->s, &d)) {
				e = worksheet_write_datetime(ws, row, (lxw_col_t)c, &d, w->f.date);
				wd = 10;
			} else if (col->fmt == CF_TEXT) {
				int linked = 0;
				if (!strcmp(col->key, "url") && is_url(v->s) && strlen(v->s) < 2080 && links < LINKS_MAX &&
				    !worksheet_write_url(ws, row, (lxw_col_t)c, v->s, NULL))
					linked = ++links;
				if (!linked && put_text(w, ws, row, (lxw_col_t)c, v->s, NULL))
					goto out;
				wd = text_width(v->s);
			} else if (col->fmt == CF_FLAG) {
				e = worksheet_write_boolean(ws, row, (lxw_col_t)c, v->v != 0, NULL);
				wd = 5;
			} else {
				double x = col->fmt == CF_CHANGE ? v->v - 1 : v->v;
				e = worksheet_write_number(ws, row, (lxw_col_t)c, x, num_format(w, col->fmt));
				fmt_cell(col, v, txt, sizeof(txt));
				wd = strlen(txt) + (col->fmt == CF_USD_M ? 2 : col->fmt == CF_USD);
			}
			if (e) {
				lxw_fail(w, "writing a cell", e);
				goto out;
			}
			if (wd > widths[c])
				widths[c] = wd;
		}
		if (t->nsrc[i]) {
			src_list(t, i, &b);
			if (buf_error(&b))
				goto oom;
			e = LXW_ERROR_FEATURE_NOT_SUPPORTED;
			if (w->sources[0] && links < LINKS_MAX) {
				char to[LXW_SHEETNAME_MAX + 40];
				snprintf(to, sizeof(to), "internal:'%s'!A%d", w->sources, t->src[i][0] + 2);
				e = worksheet_write_url_opt(ws, row, (lxw_col_t)t->ncol, to, NULL, buf_str(&b), NULL);
				links += !e;
			}
			if (e && put_text(w, ws, row, (lxw_col_t)t->ncol, buf_str(&b), NULL))
				goto out;
			if (b.len > widths[t->ncol])
				widths[t->ncol] = b.len;
		}
	}
	for (c = 0; c <= t->ncol; c++) {
		size_t wd = widths[c] > WIDTH_MAX ? WIDTH_MAX : widths[c];
		if ((e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)wd + 2, NULL))) {
			lxw_fail(w, "setting a column's width", e);
			goto out;
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	if ((e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)t->ncol))) {
		lxw_fail(w, "adding a filter", e);
		goto out;
	}
	rc = 0;
	goto out;
oom:
	lxw_fail(w, "out of memory", LXW_ERROR_MEMORY_MALLOC_FAILED);
out:
	buf_release(&b);
	return rc;
}

/* Is t one of those only selects? The documents and parameters are always in: the rest cites them. */
static int selected(const struct rsection *s, const struct rtable *t, const char *only)
{
	return !only || !strcmp(s->id, only) || !strcmp(t->id, only) || !strcmp(t->id, "sources") ||
	       !strcmp(t->id, "assumptions");
}

/* The parameters' origins: "defaults (schemas/params.conf)", or the scenario files and --set values. */
static void scenario(const struct params *ps, struct buf *b)
{
	int i, j, dup;

	for (i = 0; ps && i < ps->n; i++) {
		const char *o = ps->p[i].origin;
		if (!ps->p[i].overridden || !o)
			continue;
		if (!strncmp(o, "scenario ", 9)) {
			for (j = 0, dup = 0; j < i && !dup; j++)
				dup = ps->p[j].overridden && ps->p[j].origin && !strcmp(ps->p[j].origin, o);
			if (!dup)
				buf_printf(b, "%s%s", b->len ? "; " : "", o);
		}
	}
	for (i = 0; ps && i < ps->n; i++)
		if (ps->p[i].overridden && ps->p[i].origin && strncmp(ps->p[i].origin, "scenario ", 9))
			buf_printf(b, "%s%s %s=%g", b->len ? "; " : "", ps->p[i].origin, ps->p[i].name,
				   ps->p[i].value);
	if (!b->len)
		buf_adds(b, "defaults (schemas/params.conf)");
}

/* The front sheet; -1 after saying what failed. */
static int contents(struct wb *w, lxw_worksheet *ws, const char *only, const char *scen)
{
	const struct report *r = w->r;
	lxw_row_t row = 0;
	int i, j, k = 0;
	char to[LXW_SHEETNAME_MAX + 40];
	lxw_error e;
	static const char *const head[] = { "section", "sheet", "title", "rows", "note" };
	static const double widths[] = { 24, 22, 60, 8, 100 };

	if (put_text(w, ws, row++, 0, "gigawatt quarterly capacity report", w->f.bold) ||
	    put_text(w, ws, row, 0, "quarter", NULL) || put_text(w, ws, row++, 1, r->quarter, NULL) ||
	    put_text(w, ws, row, 0, "as of", NULL) ||
	    put_text(w, ws, row++, 1, r->as_of[0] ? r->as_of : "the store as it is", NULL) ||
	    put_text(w, ws, row, 0, "generated", NULL) || put_text(w, ws, row++, 1, r->generated, NULL) ||
	    put_text(w, ws, row, 0, "scenario", NULL) || put_text(w, ws, row++, 1, scen, NULL) ||
	    put_text(w, ws, row, 0, "sources", NULL) ||
	    put_text(w, ws, row++, 1, "each sheet's last column lists the documents its row comes from: their # "
		     "on the sheet sources (the first is linked)", NULL))
		return -1;
	row++;
	for (j = 0; j < 5; j++) {
		if (put_text(w, ws, row, (lxw_col_t)j, head[j], w->f.head))
			return -1;
		if ((e = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, widths[j], j == 4 ? w->f.wrap : NULL)))
			return lxw_fail(w, "writing the contents", e);
	}
	row++;
	for (i = 0; i < r->nsec; i++) {
		const struct rsection *s = &r->sec[i];
		int any = 0;
		for (j = 0; j < s->nt; j++)
			any |= selected(s, s->t[j], only);
		if (!any)
			continue;
		if (put_text(w, ws, row, 0, s->title, w->f.bold) ||
		    (s->intro.len && put_text(w, ws, row, 4, buf_str(&s->intro), w->f.wrap)))
			return -1;
		row++;
		for (j = 0; j < s->nt; j++) {
			const struct rtable *t = s->t[j];
			const char *name;
			if (!selected(s, t, only))
				continue;
			name = w->names[1 + k++];
			snprintf(to, sizeof(to), "internal:'%s'!A1", name);
			if ((e = worksheet_write_url_opt(ws, row, 1, to, NULL, name, NULL)) ||
			    (e = worksheet_write_number(ws, row, 3, t->nrows, NULL)))
				return lxw_fail(w, "writing the contents", e);
			if (put_text(w, ws, row, 2, t->title ? t->title : t->id, NULL))
				return -1;
			if ((t->note || t->data_only) &&
			    put_text(w, ws, row, 4, t->note ? t->note : "chart data (not in the text report)", w->f.wrap))
				return -1;
			row++;
		}
	}
	return 0;
}

int out_xlsx(const struct report *r, const char *only, const char *path)
{
	struct wb w;
	lxw_doc_properties props;
	struct buf scen = BUF_INIT(BUF_TEXT_MAX), title = BUF_INIT(BUF_WORD_MAX);
	lxw_worksheet *front;
	FILE *f;
	size_t *widths = NULL;
	char *dates = NULL;
	int i, j, k, maxcol = 0, rc = -1;
	lxw_error e;

	memset(&w, 0, sizeof(w));
	w.r = r;
	w.path = path;
	/* said now, with its cause, rather than by libxlsxwriter once every sheet is built */
	if (!(f = fopen(path, "wb")) || fclose(f)) {
		gw_error_errno("%s", path);
		return -1;
	}
	if (!(w.wb = workbook_new(path))) {
		gw_error("%s: cannot make a workbook: out of memory", path);
		remove(path);
		return -1;
	}
	scenario(r->ps, &scen);
	buf_printf(&title, "gigawatt quarterly capacity report %s", r->quarter);
	if (buf_error(&scen) || buf_error(&title))
		goto oom;
	memset(&props, 0, sizeof(props));
	props.title = (char *)buf_str(&title);
	props.subject = (char *)buf_str(&scen);
	props.author = "gigawatt gw-report";
	props.comments = "Scenario: the model parameters' origins (sheet assumptions has each with its value and "
		"source). Every figure's sources column lists its documents on sheet sources.";
	props.keywords = "AI datacenters, capacity, capex, GPU prices";
	if ((e = workbook_set_properties(w.wb, &props)) ||
	    (e = workbook_set_custom_property_string(w.wb, "scenario", buf_str(&scen))) ||
	    (e = workbook_set_custom_property_string(w.wb, "quarter", r->quarter)) ||
	    (r->as_of[0] && (e = workbook_set_custom_property_string(w.wb, "as_of", r->as_of))) ||
	    (e = workbook_set_custom_property_string(w.wb, "generated", r->generated))) {
		lxw_fail(&w, "setting the file's properties", e);
		goto out;
	}
	w.f.head = workbook_add_format(w.wb);
	w.f.bold = workbook_add_format(w.wb);
	w.f.mw = workbook_add_format(w.wb);
	w.f.count = workbook_add_format(w.wb);
	w.f.usd_m = workbook_add_format(w.wb);
	w.f.usd = workbook_add_format(w.wb);
	w.f.ratio = workbook_add_format(w.wb);
	w.f.change = workbook_add_format(w.wb);
	w.f.date = workbook_add_format(w.wb);
	w.f.wrap = workbook_add_format(w.wb);
	if (!w.f.head || !w.f.bold || !w.f.mw || !w.f.count || !w.f.usd_m || !w.f.usd || !w.f.ratio ||
	    !w.f.change || !w.f.date || !w.f.wrap)
		goto oom;
	format_set_bold(w.f.head);
	format_set_bottom(w.f.head, LXW_BORDER_THIN);
	format_set_bold(w.f.bold);
	format_set_num_format(w.f.mw, "#,##0.0");
	format_set_num_format(w.f.count, "#,##0");
	format_set_num_format(w.f.usd_m, "$#,##0.0,,\"M\"");
	format_set_num_format(w.f.usd, "$#,##0.00");
	format_set_num_format(w.f.ratio, "0.000");
	format_set_num_format(w.f.change, "+0.0%;-0.0%;0.0%");
	format_set_num_format(w.f.date, "yyyy-mm-dd");
	format_set_text_wrap(w.f.wrap);
	format_set_align(w.f.wrap, LXW_ALIGN_VERTICAL_TOP);

	/* names first: the contents sheet links to them, every sheet to the sources */
	if (!(front = workbook_add_worksheet(w.wb, sheet_name(&w, "contents")))) {
		lxw_fail(&w, "adding a sheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
		goto out;
	}
	for (i = 0; i < r->nsec; i++)
		for (j = 0; j < r->sec[i].nt; j++) {
			const struct rtable *t = r->sec[i].t[j];
			const char *name;
			if (!selected(&r->sec[i], t, only))
				continue;
			if (!(name = sheet_name(&w, t->id))) {
				gw_error("%s: more than %d tables", path, SHEETS_MAX - 1);
				goto out;
			}
			if (!strcmp(t->id, "sources"))
				snprintf(w.sources, sizeof(w.sources), "%s", name);
			if (t->ncol > maxcol)
				maxcol = t->ncol;
		}
	widths = calloc((size_t)maxcol + 1, sizeof(*widths));
	dates = calloc((size_t)maxcol + 1, 1);
	if (!widths || !dates)
		goto oom;
	if (contents(&w, front, only, buf_str(&scen)))
		goto out;
	for (i = 0, k = 1; i < r->nsec; i++)
		for (j = 0; j < r->sec[i].nt; j++)
			if (selected(&r->sec[i], r->sec[i].t[j], only) &&
			    table_sheet(&w, r->sec[i].t[j], w.names[k++], widths, dates))
				goto out;
	e = workbook_close(w.wb);
	w.wb = NULL;
	if (e) {
		lxw_fail(&w, "cannot write the workbook", e);
		goto out;
	}
	rc = 0;
	goto out;
oom:
	lxw_fail(&w, "out of memory", LXW_ERROR_MEMORY_MALLOC_FAILED);
out:
	if (w.wb) {
		/* libxlsxwriter frees a workbook only by writing it: write it, then take it away */
		workbook_close(w.wb);
		remove(path);
	}
	free(widths);
	free(dates);
	buf_release(&scen);
	buf_release(&title);
	return rc;
}
