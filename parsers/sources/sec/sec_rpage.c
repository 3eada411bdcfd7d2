/*
 * SEC EDGAR viewer "R" pages (R2.htm, R4.htm ...): one financial statement or
 * note as an HTML table, a fallback when the XBRL is not at hand. The table
 * is read as cells with their row header (label and, from the row's
 * "defref_" link, its concept), their column header ("12 Months Ended" over
 * "Jun. 30, 2024", or a balance-sheet date) and the title's scale
 * ("$ in Millions").
 *
 * A row whose concept is a listed capex concept (or, without a concept, whose
 * label is a listed capex label) gives one `capex` record per duration
 * column. The page does not say the company, so the CIK comes from
 * $GW_SEC_CIK; without it each such cell is kept as a `reject` saying so.
 * The period start is the end date less the column's months plus a day
 * (exact for calendar months; for 52/53-week years a few days off what the
 * XBRL says, so prefer the XBRL when both are loaded). The page shows a
 * payment as a negative number (an outflow); the record keeps the payment's
 * XBRL sign, positive. A page without a capex line (a balance sheet, a note)
 * gives no record, and says so.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"
#include "parsers/parser.h"
#include "xbrl.h"
#include "parsers/formats/xml.h"

#include "lib/banned.h"

#define COLS_MAX 64

struct col {
	int months;	/* 0: an instant (balance sheet) or unknown */
	char end[11];
	char head[640];
};

static int detect(const struct gw_doc *doc)
{
	size_t n = doc->len < 65536 ? doc->len : 65536;

	if (mem_find(doc->data, n, "class=\"report\"") &&
	    (mem_find(doc->data, n, "Show.showAR") || mem_find(doc->data, n, "defref_")))
		return 80;
	return 0;
}

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)name);
}

static char *prop(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* text of a node, white space collapsed, into out */
static void node_text(xmlNodePtr n, char *out, size_t max)
{
	xmlChar *t = xmlNodeGetContent(n);
	const char *s = (const char *)(t ? t : (const xmlChar *)"");
	size_t k = 0;
	int sp = 0;

	for (; *s && k + 1 < max; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
			s++;
			c = ' ';
		}
		if (isspace(c)) {
			sp = k > 0;
			continue;
		}
		if (sp && k + 2 < max)
			out[k++] = ' ';
		sp = 0;
		out[k++] = (char)c;
	}
	out[k] = '\0';
	xmlFree(t);
}

static xmlNodePtr find_table(xmlNodePtr n)
{
	xmlNodePtr c, r;

	for (; n; n = n->next) {
		if (is_el(n, "table")) {
			char *cl = prop(n, "class");
			int ok = cl && strstr(cl, "report");
			xmlFree(cl);
			if (ok)
				return n;
		}
		if (n->type == XML_ELEMENT_NODE && (c = n->children) && (r = find_table(c)))
			return r;
	}
	return NULL;
}

/* the concept of a row: its link's onclick names defref_PREFIX_Local */
static int row_concept(xmlNodePtr n, char *out, size_t max)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		char *oc = prop(n, "onclick");
		const char *d = oc ? strstr(oc, "defref_") : NULL;
		if (d) {
			const char *s = d + 7, *us = strchr(s, '_');
			size_t k = 0;
			if (us) {
				for (; s < us && k + 2 < max; s++)
					out[k++] = *s;
				out[k++] = ':';
				for (s = us + 1; (isalnum((unsigned char)*s) || *s == '_' || *s == '-') && k + 1 < max; s++)
					out[k++] = *s;
				out[k] = '\0';
				xmlFree(oc);
				return 0;
			}
		}
		xmlFree(oc);
		if (!row_concept(n->children, out, max))
			return 0;
	}
	return -1;
}

static int span(xmlNodePtr c)
{
	char *s = prop(c, "colspan");
	int v = s ? atoi(s) : 1;

	xmlFree(s);
	return v < 1 ? 1 : v > COLS_MAX ? COLS_MAX : v;
}

/* "Jun. 30, 2024" -> 2024-06-30 */
static int head_date(const char *s, char out[11])
{
	char t[64];
	size_t k = 0;

	for (; *s && k + 1 < sizeof(t); s++)
		if (*s != '.')
			t[k++] = *s;
	t[k] = '\0';
	return date_parse(t, k, out);
}

static int month_days(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return md[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
}

/* start of the period of `months` ending on `end`: a period ending on a month's last day
 * starts on the first of a month; otherwise the day after the same day `months` earlier */
static void period_start(const char *end, int months, char out[11])
{
	int y, m, d, ok, last;
	long days = date_days(end, &ok);

	civil_from_days(days, &y, &m, &d);
	last = d == month_days(y, m);
	m -= months;
	while (m < 1) {
		m += 12;
		y--;
	}
	if (last || d > month_days(y, m))
		d = month_days(y, m);
	date_fmt(days_from_civil(y, m, d) + 1, out);
}

static int parse(struct gw_parse *p)
{
	htmlDocPtr doc = gw_html_doc(p->doc->data, p->doc->len, p->doc->name, NULL);
	xmlNodePtr table, tr, c;
	struct col cols[COLS_MAX];
	int ncols = 0, nhead = 0, rowno = 0, ncap = 0, scale = 0, i, r = -1;
	int group_months[COLS_MAX];
	char title[512] = "", text[512], concept[256], label[512], why[256];
	struct buf err = BUF_INIT(1024);
	const struct capex_conf *cf;
	const char *cikenv = getenv("GW_SEC_CIK");
	long long cik = cikenv ? atoll(cikenv) : 0;

	memset(cols, 0, sizeof(cols));
	memset(group_months, 0, sizeof(group_months));
	cf = capex_conf_get(&err);
	if (!cf)
		pfatal(p, "%.255s", buf_str(&err));	/* as the char[256] it was */
	buf_release(&err);
	if (!cf)
		goto out;
	if (!doc || !(table = find_table(xmlDocGetRootElement(doc)))) {
		pfatal(p, "looks like an SEC R page but has no report table");
		goto out;
	}
	for (tr = table->children; tr; tr = tr->next) {
		int nth = 0, ntd = 0, col = 0;
		if (!is_el(tr, "tr"))
			continue;
		rowno++;
		for (c = tr->children; c; c = c->next) {
			nth += is_el(c, "th");
			ntd += is_el(c, "td");
		}
		if (nth && !ntd) {
			/* header rows: the title (class tl), then column groups, then dates */
			int first = 1;
			nhead++;
			for (c = tr->children; c; c = c->next) {
				char *cl;
				int k, sp, months;
				if (!is_el(c, "th"))
					continue;
				cl = prop(c, "class");
				node_text(c, text, sizeof(text));
				if (first && cl && !strcmp(cl, "tl")) {
					snprintf(title, sizeof(title), "%s", text);
					xmlFree(cl);
					first = 0;
					continue;
				}
				xmlFree(cl);
				first = 0;
				sp = span(c);
				if (head_date(text, cols[col < COLS_MAX ? col : COLS_MAX - 1].end) == 0) {
					/* a date: this column's end */
					if (col < COLS_MAX) {
						cols[col].months = group_months[col];
						if (group_months[col])
							snprintf(cols[col].head, sizeof(cols[col].head), "%d Months Ended %s",
								 group_months[col], text);
						else
							snprintf(cols[col].head, sizeof(cols[col].head), "%s", text);
					}
					col++;
					if (col > ncols)
						ncols = col < COLS_MAX ? col : COLS_MAX;
				} else {
					months = (sscanf(text, "%d Months Ended", &k) == 1 && strstr(text, "Months Ended")) ? k : 0;
					for (k = 0; k < sp && col < COLS_MAX; k++)
						group_months[col++] = months;
				}
			}
			continue;
		}
		/* a data row: label cell, then one cell per column */
		c = tr->children;
		while (c && !is_el(c, "td"))
			c = c->next;
		if (!c)
			continue;
		node_text(c, label, sizeof(label));
		concept[0] = '\0';
		row_concept(c->children, concept, sizeof(concept));
		if (!(concept[0] && capex_conf_find(cf, concept, strlen(concept)))) {
			const char *lc = capex_conf_label(cf, label, strlen(label));
			if (!lc)
				continue;
			snprintf(concept, sizeof(concept), "%s", lc);
		}
		ncap++;
		if (strstr(title, "in Millions"))
			scale = 6;
		else if (strstr(title, "in Thousands"))
			scale = 3;
		else if (strstr(title, "in Billions"))
			scale = 9;
		for (i = 0, c = c->next; c; c = c->next) {
			char num[128], start[11];
			size_t k, m = 0;
			double v;
			if (!is_el(c, "td"))
				continue;
			node_text(c, text, sizeof(text));
			for (k = 0; text[k] && m + 1 < sizeof(num); k++) {
				/* "(44,477)" is an outflow shown negative: the payment itself is positive */
				if (text[k] != '(' && text[k] != ')' && text[k] != '$')
					num[m++] = text[k];
			}
			num[m] = '\0';
			if (i >= ncols || !num[0] || !strcmp(num, " ")) {
				i++;
				continue;
			}
			if (xbrl_value(num, m, "ixt:num-dot-decimal", scale, 0, &v, why, sizeof(why))) {
				rec_reject(p, text, strlen(text), why, "table row %d (%s) column %d", rowno, label, i + 1);
			} else if (!cols[i].months) {
				rec_reject(p, text, strlen(text), "the column is not a period (no 'N Months Ended' over it)",
					   "table row %d (%s) column %d (%s)", rowno, label, i + 1, cols[i].head);
			} else if (!cik) {
				rec_reject(p, text, strlen(text), "an R page does not name the company: give its CIK in"
					   " GW_SEC_CIK, or read the filing's XBRL", "table row %d (%s) column %d (%s)",
					   rowno, label, i + 1, cols[i].head);
			} else {
				period_start(cols[i].end, cols[i].months, start);
				rec_begin(p, "capex");
				rec_int(p, "cik", cik);
				rec_str(p, "concept", concept);
				rec_str(p, "period_start", start);
				rec_str(p, "period_end", cols[i].end);
				rec_num(p, "usd", v);
				rec_end(p, "table row %d (%s) column %d (%s)", rowno, label, i + 1, cols[i].head);
			}
			i++;
		}
	}
	if (!ncap)
		pwarn(p, "no capex line among the %d rows of '%s' (%d columns%s%s); nothing to record", rowno - nhead,
		      title, ncols, ncols ? ", first " : "", ncols ? cols[0].head : "");
	r = 0;
out:
	if (doc)
		xmlFreeDoc(doc);
	return r || p->nerr ? -1 : 0;
}

const struct parser parser_sec_rpage = {
	"sec-rpage",
	"SEC EDGAR viewer R page (statement HTML): capex lines with row and column headers and scale",
	detect,
	parse,
};
