/*
 * Provider pricing pages as HTML tables: a hyperscaler's instance table (an
 * instance per row, its GPUs, a price per instance-hour for each term) or a
 * neocloud's per-GPU list ("8x NVIDIA H100 SXM ... $2.99 / GPU / hr").
 *
 * Read with libxml2's HTML parser (parsers/formats/xml.h). The page says who and when:
 * the provider from <meta property="og:site_name"> (else the <title>'s last
 * "| Name" part) through the provider table; the date from
 * article:modified_time, else the first <time datetime>, else when the page
 * was fetched. A table is a price table when its header row has a price
 * column (a header naming price, $/hr, hourly or per hour) and a GPU or
 * instance column. Each price column is one term (its header says which:
 * On-Demand, Spot, 1-yr, 3-yr...; on demand when it says none) and per GPU-hour
 * when its header says per GPU. Region: a Region column, else "Region: X" in
 * the caption. Currency: $ / USD, else EUR or GBP from the cell or header; a
 * non-USD price is converted only with a rate the page states with its date
 * ("1 EUR = 1.1642 USD (... 2025-10-14)"), else it is a reject.
 * A price cell with no digit ("N/A", "Contact sales") is no quote: skipped,
 * counted in one message; a cell with digits that is not a price is a reject.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/dates.h"
#include "lib/units.h"
#include "parsers/parser.h"
#include "price_ref.h"
#include "parsers/formats/xml.h"

#include "lib/banned.h"

#define MAXCOLS 64
#define MAXTABLES 200
#define CELL_TEXT_MAX (1u << 20)	/* the text of one element: a cell, a title */
#define RAW_ROW_MAX (1u << 20)		/* a row's cells, as a reject's raw text */

struct page {
	char provider[64], tier[16];
	char when[32];
	char rate_cur[8];
	char rate_date[11];
	double rate;			/* USD per unit of rate_cur, 0 none */
	long noquote;
	int tables;
};

static int ci_find(const unsigned char *s, size_t n, const char *w)
{
	size_t k = strlen(w), i, j;

	for (i = 0; i + k <= n; i++) {
		for (j = 0; j < k && tolower(s[i + j]) == w[j]; j++)
			;
		if (j == k)
			return 1;
	}
	return 0;
}

static int detect(const struct gw_doc *doc)
{
	size_t n = doc->len < (256u << 10) ? doc->len : (256u << 10);

	if (!ci_find(doc->data, n < 1024 ? n : 1024, "<html") && !ci_find(doc->data, n < 1024 ? n : 1024, "<!doctype html"))
		return 0;
	if (!ci_find(doc->data, n, "<table") || !ci_find(doc->data, n, "gpu"))
		return 0;
	if (ci_find(doc->data, n, "/hr") || ci_find(doc->data, n, "per hour") || ci_find(doc->data, n, "hourly") ||
	    ci_find(doc->data, n, "price per"))
		return 60;
	return 0;
}

/* the node's text, white space collapsed, into b (reset first) */
static void node_text(xmlNodePtr n, struct buf *b)
{
	xmlChar *t = xmlNodeGetContent(n);
	const char *s = (const char *)t;
	int space = 0;

	buf_reset(b);
	for (; s && *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space && b->len)
			buf_addc(b, ' ');
		space = 0;
		buf_addc(b, *s);
	}
	xmlFree(t);
	buf_msg(b);	/* a text past its cap ends "...": no price, no name */
}

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)name);
}

static const char *attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	for (a = n->properties; a; a = a->next)
		if (!xmlStrcasecmp(a->name, (const xmlChar *)name) && a->children && a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

/*
 * A rate stated with its date: "1 EUR = 1.1642 USD (ECB reference rate of
 * 2025-10-14)": the currency, USD per unit, and the first ISO date within the
 * 120 bytes after it. 1 if found.
 */
static int stated_rate(const char *s, char cur[8], double *v, char d[11])
{
	const char *p;

	for (p = s; (p = strstr(p, "1 ")); p++) {
		const char *num, *e, *dp, *lim;
		int k;

		if (p > s && (isdigit((unsigned char)p[-1]) || p[-1] == '.'))
			continue;
		for (k = 0; k < 3 && isupper((unsigned char)p[2 + k]); k++)
			;
		if (k != 3 || strncmp(p + 5, " = ", 3))
			continue;
		num = e = p + 8;
		while (isdigit((unsigned char)*e) || *e == '.')
			e++;
		if (e == num || strncmp(e, " USD", 4) || num_parse(num, (size_t)(e - num), v) || !(*v > 0))
			continue;
		lim = e + strnlen(e, 120);
		for (dp = e; dp + 10 <= lim; dp++)
			if (isdigit((unsigned char)dp[0]) && dp[4] == '-' && dp[7] == '-' &&
			    !date_parse(dp, 10, d) && !strncmp(d, dp, 10))
				break;
		if (dp + 10 > lim)
			continue;
		memcpy(cur, p + 2, 3);
		cur[3] = '\0';
		return 1;
	}
	return 0;
}

/* the page's own facts: provider, date, a stated exchange rate */
static void page_meta(struct gw_parse *p, xmlNodePtr n, struct page *pg, struct buf *tmp, int depth)
{
	for (; n && depth < 256; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(n, "meta")) {
			const char *prop = attr(n, "property"), *c = attr(n, "content");
			if (!prop)
				prop = attr(n, "name");
			if (prop && c && !strcasecmp(prop, "og:site_name") && !pg->provider[0]) {
				if (price_provider(c, strlen(c), pg->provider, pg->tier) != 1) {
					pwarn(p, "provider '%.80s' is not in the provider table", c);
					price_norm(c, strlen(c), pg->provider, sizeof(pg->provider));
					pg->tier[0] = '\0';
				}
			} else if (prop && c && !strcasecmp(prop, "article:modified_time") && !pg->when[0]) {
				if (price_time(c, strlen(c), pg->when))
					pg->when[0] = '\0';
			}
		} else if (is_el(n, "time") && !pg->when[0]) {
			const char *dt = attr(n, "datetime");
			if (dt && price_time(dt, strlen(dt), pg->when))
				pg->when[0] = '\0';
		} else if (is_el(n, "title") && !pg->provider[0]) {
			const char *bar;
			node_text(n, tmp);
			bar = strrchr(buf_str(tmp), '|');
			if (bar && price_provider(bar + 1, strlen(bar + 1), pg->provider, pg->tier) != 1)
				pg->provider[0] = '\0';
		} else if (!pg->rate && (is_el(n, "p") || is_el(n, "small") || is_el(n, "span") || is_el(n, "li"))) {
			char cur[8], d[11];
			double v;
			node_text(n, tmp);
			if (stated_rate(buf_str(tmp), cur, &v, d)) {
				pg->rate = v;
				memcpy(pg->rate_date, d, sizeof(pg->rate_date));
				snprintf(pg->rate_cur, sizeof(pg->rate_cur), "%s", cur);
				pwarn(p, "%s prices converted at the rate the page states: 1 %s = %g USD (%s)",
				      cur, cur, v, d);
			}
		}
		if (n->children)
			page_meta(p, n->children, pg, tmp, depth + 1);
	}
}

enum col_role { R_NONE, R_INSTANCE, R_GPU, R_GPUS, R_REGION, R_PRICE };

struct pcol {
	enum col_role role;
	char term[24];
	int per_gpu;
	char cur[8];
};

static void header_role(const char *h, struct pcol *c)
{
	char norm[256];

	memset(c, 0, sizeof(*c));
	price_norm(h, strlen(h), norm, sizeof(norm));
	if (strstr(norm, "memory") || strstr(norm, "vram") || strstr(norm, "ram") == norm ||
	    strstr(norm, "storage") || strstr(norm, "bandwidth") || strstr(norm, "vcpu"))
		return;
	if (strstr(norm, "price") || strstr(h, "$") || strstr(h, "\xe2\x82\xac") || strstr(norm, "hourly") ||
	    strstr(norm, "per hour") || strstr(norm, " hr") || strstr(norm, "hr ") == norm || !strcmp(norm, "hr")) {
		c->role = R_PRICE;
		if (!price_term(h, strlen(h), c->term))
			snprintf(c->term, sizeof(c->term), "on_demand");
		c->per_gpu = strstr(norm, "per gpu") || strstr(norm, "gpu hr") || strstr(norm, "gpu hour") ||
			     strstr(norm, "price gpu");
		if (strstr(h, "\xe2\x82\xac") || strstr(norm, "eur"))
			snprintf(c->cur, sizeof(c->cur), "EUR");
		else if (strstr(h, "\xc2\xa3") || strstr(norm, "gbp"))
			snprintf(c->cur, sizeof(c->cur), "GBP");
		return;
	}
	if (strstr(norm, "instance") || !strcmp(norm, "size") || !strcmp(norm, "machine type"))
		c->role = R_INSTANCE;
	else if (!strcmp(norm, "gpus") || !strcmp(norm, "gpu count") || !strcmp(norm, "number of gpus") ||
		 !strcmp(norm, "of gpus") || !strcmp(norm, "gpu qty"))
		c->role = R_GPUS;
	else if (!strcmp(norm, "gpu") || !strcmp(norm, "gpu model") || !strcmp(norm, "gpu type") ||
		 !strcmp(norm, "accelerator") || !strcmp(norm, "model"))
		c->role = R_GPU;
	else if (!strcmp(norm, "region") || !strcmp(norm, "location"))
		c->role = R_REGION;
}

/* rows of a table, not of tables nested in it */
static int table_rows(xmlNodePtr t, xmlNodePtr *rows, int max, int n, int depth)
{
	xmlNodePtr c;

	for (c = t->children; c && n < max && depth < 8; c = c->next) {
		if (is_el(c, "tr"))
			rows[n++] = c;
		else if (is_el(c, "thead") || is_el(c, "tbody") || is_el(c, "tfoot"))
			n = table_rows(c, rows, max, n, depth + 1);
	}
	return n;
}

static int row_cells(xmlNodePtr tr, xmlNodePtr *cells, int max)
{
	xmlNodePtr c;
	int n = 0;

	for (c = tr->children; c && n < max; c = c->next)
		if (is_el(c, "td") || is_el(c, "th"))
			cells[n++] = c;
	return n;
}

/* "8x NVIDIA H100", "8 x H100", "8 H100": count and the rest; 0 if no count */
static int lead_count(const char *s, const char **rest)
{
	long v = 0;
	const char *e = s;

	while (isdigit((unsigned char)*e) && v < 100000)
		v = v * 10 + (*e++ - '0');
	if (e == s || v <= 0 || v > 4096)
		return 0;
	while (*e == ' ')
		e++;
	if ((*e == 'x' || *e == 'X') && (e[1] == ' ' || e[1] == '\0' || isalpha((unsigned char)e[1]))) {
		e++;
		while (*e == ' ')
			e++;
	} else if ((unsigned char)e[0] == 0xc3 && (unsigned char)e[1] == 0x97) {	/* U+00D7 multiplication sign */
		e += 2;
		while (*e == ' ')
			e++;
	}
	*rest = e;
	return (int)v;
}

/* a price cell: "$55.04", "€23.028", "2.99 USD"; 1 price, 0 no quote, -1 not a price */
static int cell_price(const char *s, double *v, char cur[8])
{
	char num[64];
	size_t k = 0;
	const char *q;
	int digit = 0;

	cur[0] = '\0';
	for (q = s; *q; q++)
		if (isdigit((unsigned char)*q))
			digit = 1;
	if (!digit)
		return 0;
	if (strstr(s, "\xe2\x82\xac") || strstr(s, "EUR"))
		snprintf(cur, 8, "EUR");
	else if (strstr(s, "\xc2\xa3") || strstr(s, "GBP"))
		snprintf(cur, 8, "GBP");
	else if (strstr(s, "$") || strstr(s, "USD"))
		snprintf(cur, 8, "USD");
	for (q = s; *q && k + 1 < sizeof(num); q++) {
		if (isdigit((unsigned char)*q) || *q == '.' || *q == ',')
			num[k++] = *q;
		else if (k && *q != ' ')
			break;
		else if (!k && *q == '-')
			return -1;	/* a negative price is no price */
		else if (!k && (!strncmp(q, "USD", 3) || !strncmp(q, "EUR", 3) || !strncmp(q, "GBP", 3)))
			q += 2;
		else if (!k && isalpha((unsigned char)*q))
			return -1;
	}
	num[k] = '\0';
	for (; *q; q++)		/* "$2.99 / hr" fine; "2.99 or 3.10" not */
		if (isdigit((unsigned char)*q))
			return -1;
	return num_parse(num, k, v) ? -1 : 1;
}

static void region_of_caption(xmlNodePtr t, char *out, size_t max, struct buf *tmp)
{
	xmlNodePtr c;

	out[0] = '\0';
	for (c = t->children; c; c = c->next) {
		const char *s, *r;
		size_t k = 0;
		if (!is_el(c, "caption"))
			continue;
		node_text(c, tmp);
		s = buf_str(tmp);
		if (!(r = strstr(s, "Region:")) && !(r = strstr(s, "region:")))
			continue;
		r += 7;
		while (*r == ' ')
			r++;
		while (r[k] && (isalnum((unsigned char)r[k]) || r[k] == '-' || r[k] == '_') && k + 1 < max)
			k++;
		memcpy(out, r, k);
		out[k] = '\0';
	}
}

static void do_table(struct gw_parse *p, xmlNodePtr t, struct page *pg, struct buf *tmp, struct buf *raw)
{
	xmlNodePtr *rows = NULL, cells[MAXCOLS];
	struct pcol cols[MAXCOLS];
	int nrows, nc, i, j, hdr = -1, has_price = 0, has_what = 0;
	char caption_region[64];

	rows = calloc(4096, sizeof(*rows));
	if (!rows)
		return;
	nrows = table_rows(t, rows, 4096, 0, 0);
	for (i = 0; i < nrows && i < 3 && hdr < 0; i++) {
		nc = row_cells(rows[i], cells, MAXCOLS);
		has_price = has_what = 0;
		for (j = 0; j < nc; j++) {
			node_text(cells[j], tmp);
			header_role(buf_str(tmp), &cols[j]);
			has_price |= cols[j].role == R_PRICE;
			has_what |= cols[j].role == R_GPU || cols[j].role == R_INSTANCE;
		}
		if (has_price && has_what)
			hdr = i;
	}
	if (hdr < 0)
		goto out;
	pg->tables++;
	nc = row_cells(rows[hdr], cells, MAXCOLS);
	region_of_caption(t, caption_region, sizeof(caption_region), tmp);
	for (i = hdr + 1; i < nrows; i++) {
		xmlNodePtr rc[MAXCOLS];
		int n = row_cells(rows[i], rc, MAXCOLS), gpus = 0, k;
		char inst[128] = "", gpu[160] = "", region[64], isku[32] = "", iprov[64], loc[96];
		const char *rest;

		if (!n)
			continue;
		snprintf(region, sizeof(region), "%s", caption_region);
		buf_reset(raw);
		for (j = 0; j < n; j++) {
			node_text(rc[j], tmp);
			if (j)
				buf_adds(raw, " | ");
			buf_adds(raw, buf_str(tmp));
			if (j >= nc)
				continue;
			switch (cols[j].role) {
			case R_INSTANCE: snprintf(inst, sizeof(inst), "%s", buf_str(tmp)); break;
			case R_GPU: snprintf(gpu, sizeof(gpu), "%s", buf_str(tmp)); break;
			case R_REGION: snprintf(region, sizeof(region), "%s", buf_str(tmp)); break;
			case R_GPUS:
				k = lead_count(buf_str(tmp), &rest);
				if (k > 0) {
					gpus = k;
					if (!gpu[0] && *rest)
						snprintf(gpu, sizeof(gpu), "%s", rest);
				} else {
					gpus = -1;	/* stated but not a count */
				}
				break;
			default: break;
			}
		}
		buf_msg(raw);	/* a row past RAW_ROW_MAX ends "..." where it is cut */
		if (gpu[0] && (k = lead_count(gpu, &rest)) > 0) {
			if (gpus == 0)
				gpus = k;
			memmove(gpu, rest, strlen(rest) + 1);
		}
		if (inst[0] && price_instance(inst, strlen(inst), iprov, isku, &k) == 1) {
			if (gpus <= 0)
				gpus = k;
		} else {
			isku[0] = '\0';
		}
		for (j = 0; j < n && j < nc; j++) {
			struct quote q;
			char cur[8];
			double v;
			int r;

			if (cols[j].role != R_PRICE)
				continue;
			node_text(rc[j], tmp);
			snprintf(loc, sizeof(loc), "table %d row %d col %d", pg->tables, i + 1, j + 1);
			r = cell_price(buf_str(tmp), &v, cur);
			if (r == 0) {
				pg->noquote++;
				continue;
			}
			if (r < 0) {
				char why[200];
				snprintf(why, sizeof(why), "price '%.60s' is not a number", buf_str(tmp));
				rec_reject(p, raw->data, raw->len, why, "%s", loc);
				continue;
			}
			if (!cur[0])
				snprintf(cur, sizeof(cur), "%s", cols[j].cur[0] ? cols[j].cur : "USD");
			memset(&q, 0, sizeof(q));
			q.provider = pg->provider;
			q.tier = pg->tier;
			q.sku = isku[0] ? isku : NULL;
			q.sku_raw = gpu[0] ? gpu : inst;
			q.instance = inst[0] ? inst : NULL;
			q.term = cols[j].term;
			q.region = region[0] ? region : NULL;
			q.currency = cur;
			q.price = v;
			q.per_gpu = cols[j].per_gpu;
			q.gpus = gpus > 0 ? gpus : 0;
			if (strcmp(cur, "USD") && !strcmp(cur, pg->rate_cur))
				q.usd_rate = pg->rate, q.rate_date = pg->rate_date;
			q.observed_at = pg->when;
			q.raw = raw->data;
			q.rawlen = raw->len;
			price_emit(p, &q, loc);
		}
	}
out:
	free(rows);
}

static void find_tables(struct gw_parse *p, xmlNodePtr n, struct page *pg, struct buf *tmp, struct buf *raw,
			int depth, int *seen)
{
	for (; n && depth < 256; n = n->next) {
		if (is_el(n, "table")) {
			if (++*seen <= MAXTABLES)
				do_table(p, n, pg, tmp, raw);
		}
		if (n->children)
			find_tables(p, n->children, pg, tmp, raw, depth + 1, seen);
	}
}

static int parse(struct gw_parse *p)
{
	struct buf xml_err = BUF_INIT(BUF_MSG_MAX);	/* the HTML parser's last error */
	htmlDocPtr doc = gw_html_doc(p->doc->data, p->doc->len, p->doc->name, &xml_err);
	struct buf tmp = BUF_INIT(CELL_TEXT_MAX), raw = BUF_INIT(RAW_ROW_MAX);
	struct page pg;
	int seen = 0;

	memset(&pg, 0, sizeof(pg));
	if (!doc || !xmlDocGetRootElement(doc)) {
		pfatal(p, "not an HTML document: %s", buf_msg(&xml_err));
		goto out;
	}
	page_meta(p, xmlDocGetRootElement(doc), &pg, &tmp, 0);
	if (!pg.provider[0]) {
		pfatal(p, "the page does not name its provider (no og:site_name, no '| Name' title): prices not read");
		goto out;
	}
	if (!pg.tier[0]) {
		pfatal(p, "provider '%s' is not in the provider table, so its tier is unknown: prices not read",
		     pg.provider);
		goto out;
	}
	if (!pg.when[0]) {
		if (!p->as_of[0]) {
			pfatal(p, "the page is not dated and its fetch date is unknown: prices not read");
			goto out;
		}
		snprintf(pg.when, sizeof(pg.when), "%s", p->as_of);
	}
	find_tables(p, xmlDocGetRootElement(doc), &pg, &tmp, &raw, 0, &seen);
	if (!pg.tables)
		pfatal(p, "no table of GPU prices (a header with a GPU or instance column and a price column)");
	if (pg.noquote)
		pwarn(p, "%ld price cell%s without a price (N/A, contact sales) skipped", pg.noquote,
		      pg.noquote == 1 ? "" : "s");
out:
	if (doc)
		xmlFreeDoc(doc);
	buf_release(&xml_err);
	buf_release(&tmp);
	buf_release(&raw);
	return p->nerr ? -1 : 0;
}

const struct parser parser_price_table_html = {
	"price-table-html",
	"provider GPU pricing pages (HTML tables): instance tables and per-GPU price lists",
	detect,
	parse,
};
