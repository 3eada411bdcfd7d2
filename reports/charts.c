#include "charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/timeq.h"

#define W 720
#define H 340
#define L 64	/* left margin: the value axis */
#define R 16
#define T 20
#define B 64	/* bottom: the category axis and legend */

static const char *const status_colour[CAP_NSTATUS] = {
	"#1b5e8a", "#4a9bd1", "#8cc3e8", "#f0b45a", "#d9d9d9", "#999",
};
static const char *const series_colour[] = {
	"#1b5e8a", "#d1495b", "#2a9d8f", "#edae49", "#6a4c93", "#8d6e63", "#00798c", "#555",
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

/* A round axis maximum >= v and its tick step (1, 2, 2.5 or 5 x 10^k, five ticks). */
static double nice_max(double v, double *step)
{
	static const double m[] = { 1, 2, 2.5, 5, 10 };
	double raw = v > 0 ? v / 5 : 1, p = pow(10, floor(log10(raw)));
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
		snprintf(out, n, "%gB", v / 1e9);
	else if (fabs(v) >= 1e6)
		snprintf(out, n, "%gM", v / 1e6);
	else if (fabs(v) >= 1e4)
		snprintf(out, n, "%gk", v / 1e3);
	else
		snprintf(out, n, "%g", v);
}

static void open_svg(struct buf *b, const char *id, const char *title)
{
	buf_printf(b, "<svg id=\"%s\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
		   "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"12\">"
		   "<title>", id, W, H);
	html_esc(b, title);
	buf_adds(b, "</title>");
}

/* Value axis from 0 to max with grid lines; unit labels the axis. */
static void value_axis(struct buf *b, double max, double step, const char *unit)
{
	double v;
	char t[32];

	for (v = 0; v <= max + step / 2; v += step) {
		double y = H - B - (v / max) * (H - B - T);
		fmt_axis(v, t, sizeof(t));
		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
			   "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>",
			   L, y, W - R, y, L - 6, y + 4, t);
	}
	buf_printf(b, "<text x=\"12\" y=\"%d\" fill=\"#555\" transform=\"rotate(-90 12 %d)\" "
		   "text-anchor=\"middle\">%s</text>", (H - B + T) / 2, (H - B + T) / 2, unit);
}

/* Legend entry i, in rows of per_row entries. */
static void legend_at(struct buf *b, int i, int per_row, const char *colour, const char *label, int dashed)
{
	int x = L + (i % per_row) * ((W - L) / per_row), y = H - 26 + (i / per_row) * 16;

	if (dashed)
		buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" "
			   "stroke-dasharray=\"4 3\"/>", x, y - 4, x + 12, y - 4, colour);
	else
		buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>", x, y - 9, colour);
	buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"#333\">", x + 16, y);
	html_esc(b, label);
	buf_adds(b, "</text>");
}

static void legend(struct buf *b, int i, const char *colour, const char *label, int dashed)
{
	legend_at(b, i, 4, colour, label, dashed);
}

static void no_data(struct buf *b, const char *what)
{
	buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#777\" font-size=\"15\">", W / 2, H / 2);
	html_esc(b, what);
	buf_adds(b, "</text>");
}

/* The capacity chart's quarter j (0: REP_HISTORY before the report's quarter). */
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

void chart_capacity(const struct report *r, struct buf *b)
{
	const int nq = REP_HISTORY + REP_QUARTERS;
	double max = 0, step, bw = (double)(W - L - R) / nq, e, lo, hi;
	int i, k;
	char qs[8];

	open_svg(b, "chart-capacity", "Expected IT MW online by quarter, stacked by status");
	for (i = 0; i < nq; i++) {
		cap_at(r, i, &e, &lo, &hi);
		max = fmax(max, fmax(hi, e));
	}
	max = nice_max(max, &step);
	value_axis(b, max, step, "IT MW");
	for (i = 0; i < nq; i++) {
		const double *st = cap_at(r, i, &e, &lo, &hi);
		double x = L + i * bw + bw * 0.15, y = H - B;
		for (k = 0; k < CAP_NSTATUS - 1; k++) {
			double h = st[k] / max * (H - B - T);
			if (h <= 0)
				continue;
			y -= h;
			buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				   "<title>%s: %.1f MW</title></rect>", x, y, bw * 0.7, h, status_colour[k],
				   cap_status_names[k], st[k]);
		}
		/* every other quarter labelled; the report's quarter always, in bold */
		quarter_fmt(r->q + i - REP_HISTORY, qs);
		if (i % 2 == REP_HISTORY % 2)
			buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\"%s>%s</text>",
				   L + (i + 0.5) * bw, H - B + 16, i == REP_HISTORY ? " font-weight=\"bold\"" : "", qs);
	}
	/* the report's quarter: history to its left */
	buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"2 2\"/>",
		   L + REP_HISTORY * bw, T, L + REP_HISTORY * bw, H - B);
	/* the bounds: operational only, every figure built */
	for (k = 0; k < 2; k++) {
		buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"4 3\" points=\"",
			   k ? "#d1495b" : "#333");
		for (i = 0; i < nq; i++) {
			cap_at(r, i, &e, &lo, &hi);
			buf_printf(b, "%.1f,%.1f ", L + (i + 0.5) * bw, H - B - (k ? hi : lo) / max * (H - B - T));
		}
		buf_adds(b, "\"/>");
	}
	for (k = 0; k < CAP_NSTATUS - 1; k++)
		legend(b, k, status_colour[k], cap_status_names[k], 0);
	legend(b, 5, "#333", "low: operational", 1);
	legend(b, 6, "#d1495b", "high: all built", 1);
	if (max <= 5 && r->cap_high[REP_QUARTERS - 1] == 0)
		no_data(b, "no capacity figures in the store");
	buf_adds(b, "</svg>\n");
}

/* Distinct sorted strings of column col of t. */
static int distinct(const struct rtable *t, int col, const char **out, int max)
{
	int i, j, n = 0;

	for (i = 0; i < t->nrows; i++) {
		const char *s = t->cells[(size_t)i * (size_t)t->ncol + (size_t)col].s;
		if (!s)
			continue;
		for (j = 0; j < n && strcmp(out[j], s); j++)
			;
		if (j == n && n < max)
			out[n++] = s;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(out[j - 1], out[j]) > 0; j--) {
			const char *x = out[j];
			out[j] = out[j - 1];
			out[j - 1] = x;
		}
	return n;
}

#define MAXP 64
#define MAXS 6	/* series drawn: two rows of three in the legend */

void chart_prices(const struct report *r, struct buf *b)
{
	const struct rtable *t = r->price_hist;
	const char *per[MAXP];
	char series[MAXS][128];
	int np = 0, ns = 0, i, j, s;
	double max = 0, step, dx;

	open_svg(b, "chart-prices", "GPU rental price index: median USD per GPU-hour by period");
	if (t)
		np = distinct(t, 3, per, MAXP);
	for (i = 0; t && i < t->nrows; i++) {
		const struct rcell *c = &t->cells[(size_t)i * (size_t)t->ncol];
		char key[128];
		snprintf(key, sizeof(key), "%s %s %s", c[0].s ? c[0].s : "?", c[1].s ? c[1].s : "?", c[2].s ? c[2].s : "?");
		for (s = 0; s < ns && strcmp(series[s], key); s++)
			;
		if (s == ns && ns < MAXS)
			snprintf(series[ns++], sizeof(series[0]), "%s", key);
		if (!c[4].null)
			max = fmax(max, c[4].v);
	}
	max = nice_max(max, &step);
	value_axis(b, max, step, "USD per GPU-hour");
	dx = np > 1 ? (double)(W - L - R - 40) / (np - 1) : 0;
	for (j = 0; j < np; j++)
		if (np <= 12 || j % ((np + 11) / 12) == 0)
			buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\">%s</text>",
				   L + 20 + j * dx, H - B + 16, per[j]);
	for (s = 0; s < ns; s++) {
		int pen = 0;
		buf_printf(b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"", series_colour[s]);
		for (j = 0; j < np; j++) {
			for (i = 0; i < t->nrows; i++) {
				const struct rcell *c = &t->cells[(size_t)i * (size_t)t->ncol];
				char key[128];
				snprintf(key, sizeof(key), "%s %s %s", c[0].s ? c[0].s : "?", c[1].s ? c[1].s : "?",
					 c[2].s ? c[2].s : "?");
				if (strcmp(key, series[s]) || !c[3].s || strcmp(c[3].s, per[j]))
					continue;
				if (c[4].null) {	/* withheld: a gap in the line */
					pen = 0;
				} else {
					buf_printf(b, "%c%.1f,%.1f ", pen ? 'L' : 'M', L + 20 + j * dx,
						   H - B - c[4].v / max * (H - B - T));
					pen = 1;
				}
			}
		}
		buf_adds(b, "\"/>");
		legend_at(b, s, 3, series_colour[s], series[s], 0);
	}
	if (!ns)
		no_data(b, "no price index in the store");
	buf_adds(b, "</svg>\n");
}

#define MAXO 10

void chart_capex(const struct report *r, struct buf *b)
{
	const struct rtable *t = r->capex;
	const char *op[64];
	double mod[64], fil[64], max = 0, step;
	int no = 0, i, k, shown;
	double bh;

	open_svg(b, "chart-capex", "Capex by operator: modelled and filed, last four quarters");
	memset(mod, 0, sizeof(mod));
	memset(fil, 0, sizeof(fil));
	for (i = 0; t && i < t->nrows; i++) {
		const struct rcell *c = &t->cells[(size_t)i * (size_t)t->ncol];
		int q;
		if (!c[0].s || !c[1].s || quarter_parse(c[1].s, strlen(c[1].s), &q) || q > r->q || q < r->q - 3)
			continue;
		for (k = 0; k < no && strcmp(op[k], c[0].s); k++)
			;
		if (k == no) {
			if (no == 64)
				continue;
			op[no++] = c[0].s;
		}
		mod[k] += c[5].null ? 0 : c[5].v;
		fil[k] += c[6].null ? 0 : c[6].v;
	}
	/* largest first */
	for (i = 1; i < no; i++)
		for (k = i; k > 0 && fmax(mod[k], fil[k]) > fmax(mod[k - 1], fil[k - 1]); k--) {
			const char *o = op[k];
			double x = mod[k], y = fil[k];
			op[k] = op[k - 1], mod[k] = mod[k - 1], fil[k] = fil[k - 1];
			op[k - 1] = o, mod[k - 1] = x, fil[k - 1] = y;
		}
	shown = no < MAXO ? no : MAXO;
	for (i = 0; i < shown; i++)
		max = fmax(max, fmax(mod[i], fil[i]));
	max = nice_max(max, &step);
	/* vertical grouped bars: modelled, filed */
	value_axis(b, max, step, "USD");
	bh = shown ? (double)(W - L - R) / shown : 0;
	for (i = 0; i < shown; i++) {
		double x = L + i * bh + bh * 0.12, w = bh * 0.36;
		double h1 = mod[i] / max * (H - B - T), h2 = fil[i] / max * (H - B - T);
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1b5e8a\">"
			   "<title>modelled %.0f USD</title></rect>", x, H - B - h1, w, h1, mod[i]);
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#edae49\">"
			   "<title>filed %.0f USD</title></rect>", x + w, H - B - h2, w, h2, fil[i]);
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\">", L + (i + 0.5) * bh,
			   H - B + 16);
		html_esc(b, op[i]);
		buf_adds(b, "</text>");
	}
	legend(b, 0, "#1b5e8a", "modelled (facility + IT)", 0);
	legend(b, 1, "#edae49", "filed with the SEC", 0);
	if (!shown)
		no_data(b, "no capex, modelled or filed, in these quarters");
	buf_adds(b, "</svg>\n");
}
