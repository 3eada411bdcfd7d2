/*
 * Inline SVG charts of the HTML report, written by hand. Each chart is laid
 * out for a width (wide: 720 units, for a desktop or a printed page; narrow:
 * 360, for a phone, where the SVG shows at about its own size so 11-unit text
 * stays 11 px): margins from the widest tick label, x labels spaced so they
 * never overlap, legends wrapped into as many rows as they need and the
 * height grown to hold them, so no label is clipped. Data marks carry
 * class="mark" (the browser test counts them); values that are not finite
 * are never drawn.
 */
#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"

#include "lib/banned.h"

#define MAXSER 12	/* series in one chart: more are summed into "other" or left out, said so */
#define MAXCAT 64	/* categories (quarters) on one axis */

static const char *const status_colour[CAP_NSTATUS] = {
	"#1b5e8a", "#4a9bd1", "#8cc3e8", "#f0b45a", "#d9d9d9", "#999",
};
static const char *const palette[MAXSER] = {
	"#1b5e8a", "#d1495b", "#2a9d8f", "#edae49", "#6a4c93", "#8d6e63",
	"#00798c", "#e76f51", "#4d908e", "#b5838d", "#577590", "#555",
};

void html_esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, *s);
		}
	}
}

/* ---- layout ---- */

struct geo {
	int w, font, narrow;
	double l, r, t, ph;	/* plot: x from l to w - r, y from t to t + ph */
	double h;		/* the whole height, legend included */
	double legend_y;	/* the first legend row's baseline */
};

/* A generous estimate of the width of text in a sans-serif font of size font. */
static double text_w(const char *s, int font)
{
	double n = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n += (*s >= 'A' && *s <= 'Z') || *s == 'm' || *s == 'w' || *s == 'M' || *s == 'W' ? 0.75 : 0.58;
	return n * font;
}

static void geo_init(struct geo *g, int narrow, double plot_h)
{
	memset(g, 0, sizeof(*g));
	g->narrow = narrow;
	g->w = narrow ? 360 : 720;
	g->font = narrow ? 11 : 12;
	g->l = 40;
	g->r = narrow ? 8 : 16;
	g->t = g->font + 12;	/* the unit label sits above the plot */
	g->ph = plot_h * (narrow ? 0.8 : 1);
}

struct legend {
	const char *label[MAXSER + 4];
	const char *colour[MAXSER + 4];
	int style[MAXSER + 4];	/* 0 box, 1 line, 2 dashed line */
	int n;
	double x[MAXSER + 4], row[MAXSER + 4];
	int rows;
};

static void legend_add(struct legend *lg, const char *label, const char *colour, int style)
{
	if (lg->n == MAXSER + 4)
		return;
	lg->label[lg->n] = label;
	lg->colour[lg->n] = colour;
	lg->style[lg->n++] = style;
}

/* Places the entries in rows that fit the width; returns the rows' height. */
static double legend_layout(const struct geo *g, struct legend *lg)
{
	double x = 8, lim = g->w - 8;
	int row = 0, i;

	for (i = 0; i < lg->n; i++) {
		double w = 18 + text_w(lg->label[i], g->font);
		if (x > 8 && x + w > lim) {
			row++;
			x = 8;
		}
		lg->x[i] = x;
		lg->row[i] = row;
		x += w + 14;
	}
	lg->rows = lg->n ? row + 1 : 0;
	return lg->rows * (g->font + 7);
}

static void legend_draw(struct buf *b, const struct geo *g, const struct legend *lg)
{
	int i;

	for (i = 0; i < lg->n; i++) {
		double x = lg->x[i], y = g->legend_y + lg->row[i] * (g->font + 7);
		if (lg->style[i])
			buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.5\"%s/>",
				   x, y - g->font * 0.35, x + 14, y - g->font * 0.35, lg->colour[i],
				   lg->style[i] == 2 ? " stroke-dasharray=\"4 3\"" : "");
		else
			buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"10\" fill=\"%s\"/>", x,
				   y - 9, lg->colour[i]);
		buf_printf(b, "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\" fill=\"#333\">", x + 18, y);
		html_esc(b, lg->label[i]);
		buf_adds(b, "</text>");
	}
}

/* A round axis maximum >= v and its tick step (1, 2, 2.5 or 5 x 10^k, four or five ticks). */
static double nice_max(double v, double *step)
{
	static const double m[] = { 1, 2, 2.5, 5, 10 };
	double raw = v > 0 && isfinite(v) ? v / 5 : 1, p = pow(10, floor(log10(raw)));
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i] * p >= raw)
			break;
	*step = m[i < 5 ? i : 4] * p;
	return *step * 5;
}

static void fmt_axis(double v, char *out, size_t n)
{
	if (fabs(v) >= 1e9)
		snprintf(out, n, "%g B", v / 1e9);
	else if (fabs(v) >= 1e6)
		snprintf(out, n, "%g M", v / 1e6);
	else if (fabs(v) >= 1e4)
		snprintf(out, n, "%g k", v / 1e3);
	else
		snprintf(out, n, "%g", v);
}

/* The left margin the tick labels of 0..max need. */
static void fit_left(struct geo *g, double max, double step)
{
	double v, w = 0;
	char t[32];

	for (v = 0; v <= max + step / 2; v += step) {
		fmt_axis(v, t, sizeof(t));
		w = fmax(w, text_w(t, g->font));
	}
	g->l = w + 12;
}

/* The height below the plot: x labels, then the legend; sets legend_y and h. */
static void fit_height(struct geo *g, struct legend *lg, int xlabel_rows)
{
	double lh = legend_layout(g, lg);

	g->legend_y = g->t + g->ph + xlabel_rows * (g->font + 6) + g->font + 10;
	g->h = g->legend_y + lh + 4;
}

static void open_svg(struct buf *b, const struct geo *g, const char *id, const char *title)
{
	/* data-plot: the plot's box (x0 y0 x1 y1), where the data is drawn (the browser test looks there) */
	buf_printf(b, "<svg id=\"%s%s\" class=\"chart\" viewBox=\"0 0 %d %.0f\" role=\"img\" "
		   "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Helvetica,Arial,sans-serif\" "
		   "font-size=\"%d\" data-plot=\"%.0f %.0f %.0f %.0f\"><title>", id, g->narrow ? "-n" : "", g->w,
		   ceil(g->h), g->font, g->l, g->t, g->w - g->r, g->t + g->ph);
	html_esc(b, title);
	buf_adds(b, "</title>");
}

static double ypos(const struct geo *g, double v, double max)
{
	return g->t + g->ph - (v / max) * g->ph;
}

/* Value axis from 0 to max with grid lines; the unit above it. */
static void value_axis(struct buf *b, const struct geo *g, double max, double step, const char *unit)
{
	double v;
	char t[32];

	for (v = 0; v <= max + step / 2; v += step) {
		double y = ypos(g, v, max);
		fmt_axis(v, t, sizeof(t));
		buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
			   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>",
			   g->l, y, g->w - g->r, y, g->l - 6, y + g->font * 0.35, t);
	}
	buf_printf(b, "<text class=\"unit\" x=\"4\" y=\"%d\" fill=\"#555\">", g->font + 2);
	html_esc(b, unit);
	buf_adds(b, "</text>");
}

/* Categorical x labels: every k-th of n, k so that labels never overlap; bold marks one (or -1). */
static void cat_labels(struct buf *b, const struct geo *g, const char *const *lab, int n, int bold)
{
	double slot = n ? (g->w - g->r - g->l) / n : 0, widest = 0;
	int k, i;

	for (i = 0; i < n; i++)
		widest = fmax(widest, text_w(lab[i], g->font));
	for (k = 1; k < n && k * slot < widest + 8; k++)
		;
	for (i = 0; i < n; i++) {
		/* the bold one is always labelled; the others every k-th counted from it */
		if (bold >= 0 ? (i - bold) % k : i % k)
			continue;
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#333\"%s>", g->l + (i + 0.5) * slot,
			   g->t + g->ph + g->font + 4, i == bold ? " font-weight=\"bold\"" : "");
		html_esc(b, lab[i]);
		buf_adds(b, "</text>");
	}
}

static void no_data(struct buf *b, const struct geo *g, const char *what)
{
	buf_printf(b, "<text class=\"nodata\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#777\" font-size=\"%d\">",
		   g->w / 2.0, g->t + g->ph / 2, g->font + 2);
	html_esc(b, what);
	buf_adds(b, "</text>");
}

/* ---- capacity ---- */

static const double *cap_at(const struct report *r, int j, double *e, double *lo, double *hi)
{
	if (j < REP_HISTORY) {
		*e = r->hist_exp[j];
		*lo = r->hist_low[j];
		*hi = r->hist_high[j];
		return r->hist_status[j];
	}
	j -= REP_HISTORY;
	*e = r->cap_exp[j];
	*lo = r->cap_low[j];
	*hi = r->cap_high[j];
	return r->cap_status[j];
}

void chart_capacity(const struct report *r, struct buf *b, int narrow)
{
	const int nq = REP_HISTORY + REP_QUARTERS;
	double max = 0, step, bw, e, lo, hi;
	char qs[REP_HISTORY + REP_QUARTERS][8];
	const char *lab[REP_HISTORY + REP_QUARTERS];
	struct legend lg = { .n = 0 };
	struct geo g;
	int i, k, any = 0;

	geo_init(&g, narrow, 240);
	for (i = 0; i < nq; i++) {
		cap_at(r, i, &e, &lo, &hi);
		if (isfinite(hi))
			max = fmax(max, hi);
		if (isfinite(e))
			max = fmax(max, e);
		quarter_fmt(r->q + i - REP_HISTORY, qs[i]);
		lab[i] = qs[i];
	}
	max = nice_max(max, &step);
	fit_left(&g, max, step);
	for (k = 0; k < CAP_NSTATUS - 1; k++)
		legend_add(&lg, cap_status_names[k], status_colour[k], 0);
	legend_add(&lg, "low: operational only", "#333", 2);
	legend_add(&lg, "high: every figure built", "#d1495b", 2);
	fit_height(&g, &lg, 1);
	open_svg(b, &g, "chart-capacity", "Expected IT MW online by quarter, stacked by status");
	value_axis(b, &g, max, step, "IT MW");
	bw = (g.w - g.r - g.l) / nq;
	for (i = 0; i < nq; i++) {
		const double *st = cap_at(r, i, &e, &lo, &hi);
		double x = g.l + i * bw + bw * 0.15, y = g.t + g.ph;
		for (k = 0; k < CAP_NSTATUS - 1; k++) {
			double h = isfinite(st[k]) ? st[k] / max * g.ph : 0;
			if (h <= 0)
				continue;
			y -= h;
			any = 1;
			buf_printf(b, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				   "<title>%s %s: %.1f MW</title></rect>", x, y, bw * 0.7, h, status_colour[k], qs[i],
				   cap_status_names[k], st[k]);
		}
	}
	cat_labels(b, &g, lab, nq, REP_HISTORY);
	/* the report's quarter: history to its left */
	buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"2 2\"/>",
		   g.l + REP_HISTORY * bw, g.t, g.l + REP_HISTORY * bw, g.t + g.ph);
	for (k = 0; k < 2; k++) {
		buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"4 3\" points=\"",
			   k ? "#d1495b" : "#333");
		for (i = 0; i < nq; i++) {
			double v;
			cap_at(r, i, &e, &lo, &hi);
			v = k ? hi : lo;
			if (isfinite(v))
				buf_printf(b, "%.1f,%.1f ", g.l + (i + 0.5) * bw, ypos(&g, v, max));
		}
		buf_adds(b, "\"/>");
	}
	legend_draw(b, &g, &lg);
	if (!any)
		no_data(b, &g, "no capacity figures in the store");
	buf_adds(b, "</svg>\n");
}

/* ---- helpers over the report's chart tables ---- */

static const struct rcell *cellp(const struct rtable *t, int row, const char *key)
{
	int c;

	for (c = 0; c < t->ncol; c++)
		if (!strcmp(t->cols[c].key, key))
			return &t->cells[(size_t)row * (size_t)t->ncol + (size_t)c];
	return NULL;
}

static const char *cstr(const struct rtable *t, int row, const char *key)
{
	const struct rcell *c = cellp(t, row, key);

	return c && !c->null && c->s ? c->s : NULL;
}

/* The number in a cell, or NAN (none, or not finite). */
static double cnum(const struct rtable *t, int row, const char *key)
{
	const struct rcell *c = cellp(t, row, key);

	return c && !c->null && isfinite(c->v) ? c->v : NAN;
}

/* Index of s in v (n entries), adding it when missing and there is room; -1 when full. */
static int intern(const char **v, int *n, int max, const char *s)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(v[i], s))
			return i;
	if (*n == max)
		return -1;
	v[*n] = s;
	return (*n)++;
}

/* Every quarter from the smallest to the largest of column key (at most MAXCAT); returns the count. */
static int quarter_span(const struct rtable *t, const char *key, int *q0)
{
	int i, lo = 0, hi = -1, q;

	for (i = 0; t && i < t->nrows; i++) {
		const char *s = cstr(t, i, key);
		if (!s || quarter_parse(s, strlen(s), &q))
			continue;
		if (hi < lo || q < lo)
			lo = q;
		if (hi < lo || q > hi)
			hi = q;
		if (hi < lo)
			hi = lo;
	}
	*q0 = lo;
	if (hi < lo)
		return 0;
	if (hi - lo + 1 > MAXCAT) {
		*q0 = hi - MAXCAT + 1;
		return MAXCAT;
	}
	return hi - lo + 1;
}

/* ---- capex: filed and modelled by company and quarter ---- */

#define CAPEX_COMPANIES 6

/* The capex chart's companies: the hyperscalers and whoever filed capex, in table order, at most 6. */
static int capex_company(const struct rtable *t, const char *c)
{
	static const char *const hyper[] = { "alphabet", "microsoft", "amazon", "meta", "oracle" };
	size_t k;
	int i;

	for (k = 0; k < sizeof(hyper) / sizeof(hyper[0]); k++)
		if (!strcmp(c, hyper[k]))
			return 1;
	for (i = 0; i < t->nrows; i++) {
		const char *x = cstr(t, i, "company");
		if (x && !strcmp(x, c) && !isnan(cnum(t, i, "filed")))
			return 1;
	}
	return 0;
}

void chart_capex(const struct report *r, struct buf *b, int narrow)
{
	const struct rtable *t = report_table((struct report *)r, "capex_chart");
	const char *co[MAXSER], *lab[MAXCAT];
	char qs[MAXCAT][8];
	double filed[MAXSER][MAXCAT], model[MAXSER][MAXCAT], max = 0, step, slot;
	int derived[MAXSER][MAXCAT], nco = 0, nq, q0 = 0, i, j, k, any = 0;
	struct legend lg = { .n = 0 };
	struct geo g;

	geo_init(&g, narrow, 230);
	nq = quarter_span(t, "quarter", &q0);
	for (i = 0; i < MAXSER; i++)
		for (j = 0; j < MAXCAT; j++)
			filed[i][j] = model[i][j] = NAN, derived[i][j] = 0;
	for (i = 0; t && i < t->nrows; i++) {
		const char *c = cstr(t, i, "company"), *qq = cstr(t, i, "quarter");
		double f = cnum(t, i, "filed"), m = cnum(t, i, "modelled");
		int q;
		if (!c || !qq || quarter_parse(qq, strlen(qq), &q) || q < q0 || q >= q0 + nq)
			continue;
		if ((isnan(f) && isnan(m)) || !capex_company(t, c))
			continue;
		if ((k = intern(co, &nco, CAPEX_COMPANIES, c)) < 0)
			continue;
		filed[k][q - q0] = f;
		model[k][q - q0] = m;
		derived[k][q - q0] = cnum(t, i, "derived") > 0;
		if (!isnan(f))
			max = fmax(max, f);
		if (!isnan(m))
			max = fmax(max, m);
	}
	for (j = 0; j < nq; j++) {
		quarter_fmt(q0 + j, qs[j]);
		lab[j] = qs[j];
	}
	max = nice_max(max, &step);
	fit_left(&g, max, step);
	for (k = 0; k < nco; k++)
		legend_add(&lg, co[k], palette[k], 1);
	legend_add(&lg, "solid: filed (hollow dot: derived quarter)", "#555", 1);
	legend_add(&lg, "dashed: modelled", "#555", 2);
	fit_height(&g, &lg, 1);
	open_svg(b, &g, "chart-capex", "Capex by company and quarter: filed with the SEC and modelled");
	value_axis(b, &g, max, step, "USD per quarter");
	slot = nq ? (g.w - g.r - g.l) / nq : 0;
	for (k = 0; k < nco; k++) {
		for (int pass = 0; pass < 2; pass++) {
			double (*v)[MAXCAT] = pass ? model : filed;
			int pen = 0;
			buf_printf(b, "<path class=\"mark\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s d=\"",
				   palette[k], pass ? " stroke-dasharray=\"5 4\"" : "");
			for (j = 0; j < nq; j++) {
				if (isnan(v[k][j])) {
					pen = 0;
					continue;
				}
				buf_printf(b, "%c%.1f,%.1f ", pen ? 'L' : 'M', g.l + (j + 0.5) * slot, ypos(&g, v[k][j], max));
				pen = 1;
				any = 1;
			}
			buf_adds(b, "\"/>");
		}
		for (j = 0; j < nq; j++)
			if (!isnan(filed[k][j]))
				buf_printf(b, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" stroke=\"%s\" "
					   "stroke-width=\"1.5\"><title>%s %s filed %.0f USD%s</title></circle>",
					   g.l + (j + 0.5) * slot, ypos(&g, filed[k][j], max), derived[k][j] ? "#fff" : palette[k],
					   palette[k], co[k], qs[j], filed[k][j], derived[k][j] ? " (derived)" : "");
	}
	cat_labels(b, &g, lab, nq, r->q >= q0 && r->q < q0 + nq ? r->q - q0 : -1);
	legend_draw(b, &g, &lg);
	if (!any)
		no_data(b, &g, "no capex, filed or modelled, in the store");
	buf_adds(b, "</svg>\n");
}

/* ---- large loads: MW requested by ISO and quarter of request ---- */

#define LOADS_QUARTERS 24

void chart_loads(const struct report *r, struct buf *b, int narrow)
{
	const struct rtable *t = report_table((struct report *)r, "large_loads_chart");
	const char *iso[MAXSER], *lab[MAXCAT];
	char qs[MAXCAT][8];
	double mw[MAXSER][MAXCAT], tot[MAXCAT], max = 0, step, slot;
	int niso = 0, nq, q0 = 0, i, j, k, any = 0;
	struct legend lg = { .n = 0 };
	struct geo g;

	(void)r;
	geo_init(&g, narrow, 200);
	nq = quarter_span(t, "quarter", &q0);
	if (nq > LOADS_QUARTERS) {	/* the last six years; the tables have every quarter */
		q0 += nq - LOADS_QUARTERS;
		nq = LOADS_QUARTERS;
	}
	memset(mw, 0, sizeof(mw));
	memset(tot, 0, sizeof(tot));
	for (i = 0; t && i < t->nrows; i++) {
		const char *s = cstr(t, i, "iso"), *qq = cstr(t, i, "quarter");
		double v = cnum(t, i, "mw");
		int q;
		if (!s || !qq || isnan(v) || v <= 0 || quarter_parse(qq, strlen(qq), &q) || q < q0 || q >= q0 + nq)
			continue;
		if ((k = intern(iso, &niso, MAXSER, s)) < 0)
			continue;
		mw[k][q - q0] += v;
		tot[q - q0] += v;
		max = fmax(max, tot[q - q0]);
	}
	for (j = 0; j < nq; j++) {
		quarter_fmt(q0 + j, qs[j]);
		lab[j] = qs[j];
	}
	max = nice_max(max, &step);
	fit_left(&g, max, step);
	for (k = 0; k < niso; k++)
		legend_add(&lg, iso[k], palette[k], 0);
	fit_height(&g, &lg, 1);
	open_svg(b, &g, "chart-loads", "Large-load requests: MW by ISO and quarter of request");
	value_axis(b, &g, max, step, "MW requested (load)");
	slot = nq ? (g.w - g.r - g.l) / nq : 0;
	for (j = 0; j < nq; j++) {
		double y = g.t + g.ph;
		for (k = 0; k < niso; k++) {
			double h = mw[k][j] / max * g.ph;
			if (h <= 0)
				continue;
			y -= h;
			any = 1;
			buf_printf(b, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				   "<title>%s %s: %.1f MW</title></rect>", g.l + j * slot + slot * 0.15, y, slot * 0.7, h,
				   palette[k], iso[k], qs[j], mw[k][j]);
		}
	}
	cat_labels(b, &g, lab, nq, -1);
	legend_draw(b, &g, &lg);
	if (!any)
		no_data(b, &g, "no load request in the store's queues");
	buf_adds(b, "</svg>\n");
}

/* ---- GPU prices: each provider's line, one panel per SKU and term ---- */

#define MAXPANEL 4

static int day_of(const char *s, double *d)
{
	char t[11];
	int ok = 0;
	long n;

	if (!s || date_parse(s, strlen(s) < 10 ? strlen(s) : 10, t))
		return -1;
	n = date_days(t, &ok);
	if (!ok)
		return -1;
	*d = (double)n;
	return 0;
}

static void day_fmt(double d, char out[11])
{
	date_fmt((long)floor(d), out);
}

/* The days an index period covers, [*a, *z): 2025-10-19, 2025-10, 2025-W43 (ISO week), 2025Q4. */
static int period_span(const char *per, double *a, double *z)
{
	int y, n;
	char t[32];

	if (strlen(per) == 10)
		return day_of(per, a) ? -1 : (*z = *a + 1, 0);
	if (strlen(per) == 7 && per[4] == '-' && per[5] != 'W') {
		snprintf(t, sizeof(t), "%.7s-01", per);
		if (day_of(t, a))
			return -1;
		y = atoi(per), n = atoi(per + 5);
		if (n < 1 || n > 12)
			return -1;
		*z = (double)(n == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, n + 1, 1));
		return 0;
	}
	if (strlen(per) == 8 && per[4] == '-' && per[5] == 'W') {
		long jan4 = days_from_civil(atoi(per), 1, 4), mon = jan4 - (((jan4 + 3) % 7 + 7) % 7);
		*a = (double)(mon + 7L * (atoi(per + 6) - 1));
		*z = *a + 7;
		return 0;
	}
	if (strlen(per) == 6 && per[4] == 'Q' && per[5] >= '1' && per[5] <= '4') {
		y = atoi(per), n = per[5] - '1';
		*a = (double)days_from_civil(y, 3 * n + 1, 1);
		*z = (double)(n == 3 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, 3 * n + 4, 1));
		return 0;
	}
	return -1;
}

void chart_prices(const struct report *r, struct buf *b, int narrow)
{
	const struct rtable *t = report_table((struct report *)r, "price_lines");
	const struct rtable *ix = report_table((struct report *)r, "price_index_chart");
	const char *panel[MAXPANEL], *prov[MAXSER];
	char plabel[MAXPANEL][96], provlab[MAXSER][96];
	double d0 = INFINITY, d1 = -INFINITY, pmax[MAXPANEL], pstep[MAXPANEL], top;
	int np = 0, nprov = 0, i, p, k, dropped = 0;
	struct legend lg = { .n = 0 };
	struct geo g;
	double panel_h, gap;

	geo_init(&g, narrow, 150);
	memset(pmax, 0, sizeof(pmax));
	/* panels: "sku term"; providers: "provider (tier)" */
	for (i = 0; t && i < t->nrows; i++) {
		const char *sku = cstr(t, i, "sku"), *term = cstr(t, i, "term"), *pv = cstr(t, i, "provider");
		const char *tier = cstr(t, i, "tier");
		char key[96];
		double d, v = cnum(t, i, "price");
		if (!sku || !term || !pv || isnan(v) || day_of(cstr(t, i, "date"), &d))
			continue;
		snprintf(key, sizeof(key), "%s %s", sku, term);
		for (p = 0; p < np && strcmp(plabel[p], key); p++)
			;
		if (p == np) {
			if (np == MAXPANEL) {
				dropped = 1;
				continue;
			}
			snprintf(plabel[np], sizeof(plabel[0]), "%s", key);
			panel[np] = plabel[np];
			np++;
		}
		snprintf(key, sizeof(key), "%s (%s)", pv, tier ? tier : "?");
		for (k = 0; k < nprov && strcmp(provlab[k], key); k++)
			;
		if (k == nprov && nprov < MAXSER) {
			snprintf(provlab[nprov], sizeof(provlab[0]), "%s", key);
			prov[nprov] = provlab[nprov];
			nprov++;
		} else if (k == nprov) {
			dropped = 1;
		}
		d0 = fmin(d0, d);
		d1 = fmax(d1, d);
		pmax[p] = fmax(pmax[p], v);
	}
	for (i = 0; ix && i < ix->nrows; i++) {
		const char *sku = cstr(ix, i, "sku"), *term = cstr(ix, i, "term");
		char key[96];
		double v = cnum(ix, i, "p75");
		if (!sku || !term || isnan(v))
			continue;
		snprintf(key, sizeof(key), "%s %s", sku, term);
		for (p = 0; p < np && strcmp(plabel[p], key); p++)
			;
		if (p < np)
			pmax[p] = fmax(pmax[p], v);
	}
	if (!(d1 > d0))
		d1 = d0 + 1;
	for (p = 0, top = 0; p < np; p++) {
		pmax[p] = nice_max(pmax[p], &pstep[p]);
		fit_left(&g, pmax[p], pstep[p]);
		top = fmax(top, g.l);
	}
	g.l = fmax(top, 40);
	for (k = 0; k < nprov; k++)
		legend_add(&lg, prov[k], palette[k], 1);
	legend_add(&lg, "index median of a period, p25-p75 band (3+ providers)", "#222", 2);
	/* panels stacked: title, plot, date labels */
	gap = 2 * g.font + 14;
	panel_h = g.ph + gap;
	g.ph = np ? np * panel_h - gap : g.ph;	/* fit_height lays the legend under the last panel */
	fit_height(&g, &lg, 1);
	{
		struct geo all = g;
		all.ph = np ? np * panel_h - gap : g.ph;
		open_svg(b, &all, "chart-prices", "GPU rental prices: each provider's USD per GPU-hour over time");
	}
	g.ph = panel_h - gap;
	for (p = 0; p < np; p++) {
		struct geo pg = g;
		double v, dd;
		int m0, m1, step_m, nm;
		pg.t = g.t + p * panel_h;
		/* panel title, the grid and ticks */
		buf_printf(b, "<text class=\"panel\" x=\"4\" y=\"%.1f\" fill=\"#333\"><tspan font-weight=\"bold\">",
			   pg.t - 6);
		html_esc(b, panel[p]);
		buf_adds(b, "</tspan>, USD per GPU-hour</text>");
		for (v = 0; v <= pmax[p] + pstep[p] / 2; v += pstep[p]) {
			char tl[32];
			fmt_axis(v, tl, sizeof(tl));
			buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
				   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>", pg.l,
				   ypos(&pg, v, pmax[p]), pg.w - pg.r, ypos(&pg, v, pmax[p]), pg.l - 6,
				   ypos(&pg, v, pmax[p]) + pg.font * 0.35, tl);
		}
		/* date ticks: days under three months, else months; as many as fit */
		{
			double span = d1 - d0, room = pg.w - pg.r - pg.l, lw;
			int days = span <= 93, step_n = 1, n;
			char a[11], z[11];
			day_fmt(d0, a);
			day_fmt(d1, z);
			m0 = atoi(a) * 12 + atoi(a + 5) - 1;
			m1 = atoi(z) * 12 + atoi(z + 5) - 1;
			nm = days ? (int)span + 1 : m1 - m0 + 1;
			lw = text_w(days ? "10-19" : "2025-06", pg.font) + 10;
			while (step_n < nm && nm / step_n * lw > room)
				step_n++;
			if (!days && step_n > 1 && step_n < 3)
				step_n = 3;	/* quarters */
			step_m = step_n;
			for (n = 0; n < nm + 1; n++) {
				char md[24];
				double x;
				if (days) {
					dd = floor(d0) + n;
					if (n % step_n)
						continue;
					day_fmt(dd, md);
				} else {
					int m = m0 + n;
					if (n % step_m)
						continue;
					snprintf(md, sizeof(md), "%04d-%02d-01", m / 12, m % 12 + 1);
					if (day_of(md, &dd))
						continue;
				}
				if (dd < d0 - 0.5 || dd > d1 + 0.5)
					continue;
				x = pg.l + (dd - d0) / (d1 - d0) * room;
				if (x + lw / 2 > pg.w || x - lw / 2 < 0)
					continue;	/* a label that would pass the chart's edge */
				buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
					   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#333\">%.*s</text>",
					   x, pg.t, x, pg.t + pg.ph, x, pg.t + pg.ph + pg.font + 4, days ? 5 : 7,
					   days ? md + 5 : md);
			}
		}
		/* the index: a band and a median step per period that is not withheld */
		for (i = 0; ix && i < ix->nrows; i++) {
			const char *sku = cstr(ix, i, "sku"), *term = cstr(ix, i, "term"), *per = cstr(ix, i, "period");
			char key[96];
			double med = cnum(ix, i, "median"), lo = cnum(ix, i, "p25"), hi = cnum(ix, i, "p75"), xa, xz;
			if (!sku || !term || !per || isnan(med))
				continue;
			snprintf(key, sizeof(key), "%s %s", sku, term);
			if (strcmp(key, panel[p]) || period_span(per, &xa, &xz))
				continue;
			xa = fmax(xa, d0), xz = fmin(xz, d1);
			if (xz <= xa)
				continue;
			xa = pg.l + (xa - d0) / (d1 - d0) * (pg.w - pg.r - pg.l);
			xz = pg.l + (xz - d0) / (d1 - d0) * (pg.w - pg.r - pg.l);
			if (!isnan(lo) && !isnan(hi))
				buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#222\" "
					   "fill-opacity=\"0.12\"/>", xa, ypos(&pg, hi, pmax[p]), xz - xa,
					   ypos(&pg, lo, pmax[p]) - ypos(&pg, hi, pmax[p]));
			buf_printf(b, "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" "
				   "stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>%s %s median %.2f</title></line>", xa,
				   ypos(&pg, med, pmax[p]), xz, ypos(&pg, med, pmax[p]), panel[p], per, med);
		}
		/* each provider's step line */
		for (k = 0; k < nprov; k++) {
			int pen = 0;
			for (i = 0; t && i < t->nrows; i++) {
				const char *sku = cstr(t, i, "sku"), *term = cstr(t, i, "term"), *pv = cstr(t, i, "provider");
				const char *tier = cstr(t, i, "tier");
				char key[96];
				double d, v2 = cnum(t, i, "price"), x, y;
				if (!sku || !term || !pv || isnan(v2) || day_of(cstr(t, i, "date"), &d))
					continue;
				snprintf(key, sizeof(key), "%s %s", sku, term);
				if (strcmp(key, panel[p]))
					continue;
				snprintf(key, sizeof(key), "%s (%s)", pv, tier ? tier : "?");
				if (strcmp(key, prov[k]))
					continue;
				x = pg.l + (d - d0) / (d1 - d0) * (pg.w - pg.r - pg.l);
				y = ypos(&pg, v2, pmax[p]);
				if (!pen)
					buf_printf(b, "<path class=\"mark\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"M%.1f,%.1f",
						   palette[k], x, y);
				else
					buf_printf(b, " H%.1f V%.1f", x, y);
				pen = 1;
			}
			if (pen)
				buf_adds(b, "\"/>");
		}
	}
	legend_draw(b, &g, &lg);
	if (!np) {
		g.ph = 150;
		no_data(b, &g, "no GPU price in the store");
	} else if (dropped) {
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#777\">more series in the tables</text>",
			   g.w - g.r, g.font + 2.0);
	}
	buf_adds(b, "</svg>\n");
}
