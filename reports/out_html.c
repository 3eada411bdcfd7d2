/*
 * The report as one self-contained HTML file: inline CSS (responsive for a
 * phone, and a print style), inline SVG charts, no script and nothing
 * fetched. Every table row links to its documents (#src-N in Sources, which
 * link to the documents' URLs); every chart's caption lists its documents.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "report.h"

#include "lib/banned.h"

static const char css[] =
	":root{--ink:#1d2329;--mute:#5b6570;--rule:#d8dde2;--accent:#1b5e8a}"
	"*{box-sizing:border-box}"
	"body{margin:0;font:15px/1.5 Georgia,'Times New Roman',serif;color:var(--ink);background:#fff}"
	"header,main,nav{max-width:1000px;margin:0 auto;padding:0 20px}"
	"header{border-bottom:3px solid var(--accent);padding-top:24px;padding-bottom:12px}"
	"h1{font:700 26px/1.2 Helvetica,Arial,sans-serif;margin:0 0 6px}"
	"h2{font:700 20px/1.25 Helvetica,Arial,sans-serif;margin:34px 0 8px;padding-top:8px;border-top:1px solid var(--rule)}"
	"h3{font:600 15px/1.3 Helvetica,Arial,sans-serif;margin:20px 0 6px;color:var(--mute)}"
	".meta{color:var(--mute);font-size:13px;margin:0}"
	"nav{font:13px Helvetica,Arial,sans-serif;padding-top:10px}nav a{margin-right:12px;color:var(--accent)}"
	".cards{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}"
	".card{flex:1 1 180px;border:1px solid var(--rule);border-radius:6px;padding:10px 14px}"
	".card b{display:block;font:700 26px Helvetica,Arial,sans-serif;color:var(--accent)}"
	".card span{font-size:12px;color:var(--mute)}"
	"figure{margin:14px 0}figure svg{width:100%;height:auto;display:block}"
	".cn{display:none}"
	"figcaption{font-size:12px;color:var(--mute)}"
	".tw{overflow-x:auto}"
	"table{border-collapse:collapse;font:13px/1.35 Helvetica,Arial,sans-serif;margin:4px 0 6px;min-width:50%}"
	"th,td{padding:4px 8px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}"
	"th{border-bottom:2px solid var(--ink);white-space:nowrap}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"td.s{font-size:11px;white-space:nowrap}td.s a{color:var(--accent);text-decoration:none}"
	".note{font-size:12px;color:var(--mute)}a{color:var(--accent)}p{overflow-wrap:break-word}"
	"td.url{word-break:break-all;max-width:380px}"
	"@media (max-width:600px){body{font-size:14px}h1{font-size:21px}.card b{font-size:21px}"
	".cw{display:none}.cn{display:block}"
	"header,main,nav{padding:0 12px}th,td{padding:3px 5px}}"
	"@media print{nav{display:none}.cw{display:block}.cn{display:none}body{font-size:10.5pt}h2{break-after:avoid}"
	"figure,tr{break-inside:avoid}a{color:inherit;text-decoration:none}"
	".tw{overflow:visible}table{font-size:8.5pt}}";

static void src_links(struct buf *b, const int *src, int n)
{
	int i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s<a href=\"#src-%d\">%d</a>", i ? "," : "[", src[i] + 1, src[i] + 1);
	if (n)
		buf_addc(b, ']');
}

/* Sources of every row of t, as links, for a chart's caption. */
static void table_links(struct buf *b, const struct report *r, const struct rtable *t)
{
	char *seen = calloc((size_t)r->ndocs + 1, 1);
	int i, k, n = 0;

	if (!seen || !t)
		goto out;
	for (i = 0; i < t->nrows; i++)
		for (k = 0; k < t->nsrc[i]; k++)
			seen[t->src[i][k]] = 1;
	buf_adds(b, " Sources: ");
	for (i = 0; i < r->ndocs; i++)
		if (seen[i])
			buf_printf(b, "%s<a href=\"#src-%d\">[%d]</a>", n++ ? " " : "", i + 1, i + 1);
	if (!n)
		buf_adds(b, "none.");
out:
	free(seen);
}

static void table_all(struct buf *b, const struct rtable *t)
{
	int i, c, url = -1;
	char tmp[512];

	buf_adds(b, "<h3>");
	html_esc(b, t->title);
	buf_printf(b, "</h3>\n<div class=\"tw\"><table id=\"t-%s\"><thead><tr>", t->id);
	for (c = 0; c < t->ncol; c++) {
		buf_printf(b, "<th%s>", t->cols[c].fmt == CF_TEXT ? "" : " class=\"n\"");
		html_esc(b, t->cols[c].label);
		buf_adds(b, "</th>");
		if (!strcmp(t->cols[c].key, "url"))
			url = c;
	}
	buf_adds(b, "<th>sources</th></tr></thead><tbody>\n");
	if (!t->nrows)
		buf_printf(b, "<tr><td colspan=\"%d\">(none)</td></tr>\n", t->ncol + 1);
	for (i = 0; i < t->nrows; i++) {
		if (!strcmp(t->id, "sources"))
			buf_printf(b, "<tr id=\"src-%d\">", i + 1);
		else
			buf_adds(b, "<tr>");
		for (c = 0; c < t->ncol; c++) {
			const struct rcell *v = &t->cells[(size_t)i * (size_t)t->ncol + (size_t)c];
			fmt_cell(&t->cols[c], v, tmp, sizeof(tmp));
			/* only web and file URLs become links: a javascript: URL from a document stays text */
			if (c == url && (!strncmp(tmp, "http://", 7) || !strncmp(tmp, "https://", 8) ||
					 !strncmp(tmp, "file://", 7) || !strncmp(tmp, "ftp://", 6))) {
				buf_adds(b, "<td class=\"url\"><a href=\"");
				html_esc(b, tmp);
				buf_adds(b, "\">");
				html_esc(b, tmp);
				buf_adds(b, "</a></td>");
				continue;
			}
			buf_printf(b, "<td%s>", t->cols[c].fmt == CF_TEXT ? "" : " class=\"n\"");
			if (!strcmp(t->cols[c].key, "doc") && strlen(tmp) == 64) {
				buf_adds(b, "<code title=\"");
				html_esc(b, tmp);
				tmp[12] = 0;
				buf_adds(b, "\">");
				html_esc(b, tmp);
				buf_adds(b, "</code>");
			} else {
				html_esc(b, tmp);
			}
			buf_adds(b, "</td>");
		}
		buf_adds(b, "<td class=\"s\">");
		src_links(b, t->src[i], t->nsrc[i]);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody></table></div>\n");
	if (t->note) {
		buf_adds(b, "<p class=\"note\">");
		html_esc(b, t->note);
		buf_adds(b, "</p>\n");
	}
}

static void paragraphs(struct buf *b, const struct buf *text)
{
	const char *s = buf_str(text);

	while (*s) {
		const char *e = strstr(s, "\n\n");
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *p = strndup(s, n);
		buf_adds(b, "<p>");
		html_esc(b, p);
		buf_adds(b, "</p>\n");
		free(p);
		s += n;
		while (*s == '\n')
			s++;
	}
}

static void card(struct buf *b, double v, const char *unit, const char *what)
{
	char t[64];
	struct rcol c = { "", "", CF_COUNT };
	struct rcell x = { NULL, v, 0 };

	fmt_cell(&c, &x, t, sizeof(t));
	buf_printf(b, "<div class=\"card\"><b>%s %s</b><span>", t, unit);
	html_esc(b, what);
	buf_adds(b, "</span></div>");
}

/* A chart twice: laid out for a desktop or a page (.cw), and for a phone (.cn); CSS shows one. */
static void figure(struct buf *b, const struct report *r, void (*chart)(const struct report *, struct buf *, int),
		   const char *caption, const struct rtable *t)
{
	buf_adds(b, "<figure><div class=\"cw\">");
	chart(r, b, 0);
	buf_adds(b, "</div><div class=\"cn\">");
	chart(r, b, 1);
	buf_adds(b, "</div>");
	buf_adds(b, "<figcaption>");
	html_esc(b, caption);
	table_links(b, r, t);
	buf_adds(b, "</figcaption></figure>\n");
}

/* t as shown: its top rows and an "other (N)" line when it sets top */
static void table(struct buf *b, const struct rtable *t)
{
	struct rtable *c = rt_condensed(t);

	table_all(b, c ? c : t);
	rt_condensed_free(c);
}

int out_html(const struct report *r, const char *only, struct buf *b)
{
	int i, j;
	char what[128];

	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		   "<title>Gigawatt quarterly capacity report, %s</title><style>%s</style></head><body>\n",
		   r->quarter, css);
	buf_printf(b, "<header><h1>AI compute build-out: quarterly capacity report, %s</h1>"
		   "<p class=\"meta\">gigawatt %s &middot; generated %s%s%s &middot; figures cite their documents "
		   "as [n], listed under Sources</p></header>\n<nav>", r->quarter, "report", r->generated,
		   r->as_of[0] ? " &middot; as of " : "", r->as_of);
	for (i = 0; i < r->nsec; i++)
		if (!only || !strcmp(r->sec[i].id, only)) {
			buf_printf(b, "<a href=\"#%s\">", r->sec[i].id);
			html_esc(b, r->sec[i].title);
			buf_adds(b, "</a>");
		}
	buf_adds(b, "</nav>\n<main>\n");
	for (i = 0; i < r->nsec; i++) {
		const struct rsection *s = &r->sec[i];
		if (only && strcmp(s->id, only))
			continue;
		buf_printf(b, "<section id=\"%s\"><h2>", s->id);
		html_esc(b, s->title);
		buf_adds(b, "</h2>\n");
		if (!strcmp(s->id, "headline")) {
			buf_adds(b, "<div class=\"cards\">");
			snprintf(what, sizeof(what), "IT online in %s", r->quarter);
			card(b, r->cap_exp[0], "MW", what);
			snprintf(what, sizeof(what), "expected in 4 quarters (%.0f-%.0f MW)", round(r->cap_low[4]), round(r->cap_high[4]));
			card(b, r->cap_exp[4], "MW", what);
			snprintf(what, sizeof(what), "expected in 8 quarters (%.0f-%.0f MW)", round(r->cap_low[8]), round(r->cap_high[8]));
			card(b, r->cap_exp[8], "MW", what);
			buf_adds(b, "</div>\n");
		}
		paragraphs(b, &s->intro);
		if (!strcmp(s->id, "headline"))
			figure(b, r, chart_capacity, "Expected IT MW online by quarter, history to the left of the report's "
			       "quarter (bold) and forecast to its right, stacked by status; dashed lines: low bound "
			       "(operational only) and high bound (every figure built, no lag).", s->t[0]);
		if (!strcmp(s->id, "power"))
			figure(b, r, chart_loads, "Large-load (datacenter and other load) requests by ISO and quarter of "
			       "request, MW requested, over the last six years of requests (every quarter in the tables); only ISOs "
			       "whose files carry load requests.",
			       report_table((struct report *)r, "large_loads_chart"));
		if (!strcmp(s->id, "prices"))
			figure(b, r, chart_prices, "Each provider's USD per GPU-hour over time (step lines: a price holds "
			       "until it changes), one panel per SKU and term; dashed black: the index median of a month "
			       "where enough providers quote, its p25-p75 band shaded.",
			       report_table((struct report *)r, "price_lines"));
		if (!strcmp(s->id, "capex"))
			figure(b, r, chart_capex, "Capex by company and quarter: cash capex filed with the SEC (solid; "
			       "a hollow dot is a quarter derived from year-to-date filings) and modelled from the "
			       "capacity (dashed).", report_table((struct report *)r, "capex_chart"));
		for (j = 0; j < s->nt; j++)
			if (!s->t[j]->data_only)
				table(b, s->t[j]);
		buf_adds(b, "</section>\n");
	}
	buf_adds(b, "</main></body></html>\n");
	return 0;
}
