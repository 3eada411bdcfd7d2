#include "xbrl.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/dates.h"
#include "lib/mapfile.h"
#include "parsers/formats/archive.h"
#include "parsers/formats/xml.h"

#include "lib/banned.h"

extern const char gw_capex_concepts_default[];

#define NS_XBRLI "http://www.xbrl.org/2003/instance"
#define NS_XBRLDI "http://xbrl.org/2006/xbrldi"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

#define CTX_MAX 4000000		/* contexts kept */
#define FACT_MAX 1000000	/* listed facts kept */
#define TEXT_MAX 4096		/* text of one kept fact or context field */
#define NUM_DIGITS_MAX 1024	/* the digits of a number as written */
#define NUM_TEXT_MAX 2048	/* a number as written, made plain for strtod */

/* ---- the concept list ---- */

static void fold_label(const char *s, size_t n, struct buf *out)
{
	size_t i;
	int sp = 0;

	buf_reset(out);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {	/* no-break space */
			i++;
			c = ' ';
		}
		if (isspace(c)) {
			sp = out->len > 0;
			continue;
		}
		if (sp)
			buf_addc(out, ' ');
		sp = 0;
		buf_addc(out, tolower(c));
	}
}

void capex_conf_release(struct capex_conf *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->c[i].concept);
	for (i = 0; i < c->nl; i++) {
		free(c->l[i].label);
		free(c->l[i].concept);
	}
	free(c->c);
	free(c->l);
	c->c = NULL;
	c->l = NULL;
	c->n = c->nl = 0;
}

static int valid_concept(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t i;

	if (!colon || colon == s || colon == s + n - 1)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(":-_.", s[i]))
			return 0;
	return 1;
}

int capex_conf_parse(struct capex_conf *c, const char *text, size_t len, struct buf *err)
{
	const char *p = text, *end = text + len;
	struct buf fl = BUF_INIT(BUF_NAME_MAX);
	int lineno = 0, r = -1;

	memset(c, 0, sizeof(*c));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *w, *q;
		size_t wn, cn;
		char role[16];

		lineno++;
		q = p;
		p = nl ? nl + 1 : end;
		while (q < e && isspace((unsigned char)*q))
			q++;
		if (q == e || *q == '#')
			continue;
		for (w = q; q < e && !isspace((unsigned char)*q); q++)
			;
		wn = (size_t)(q - w);
		strn_trim_copy(role, sizeof(role), w, wn < sizeof(role) ? wn : sizeof(role) - 1);
		while (q < e && isspace((unsigned char)*q))
			q++;
		for (w = q; q < e && !isspace((unsigned char)*q); q++)
			;
		cn = (size_t)(q - w);
		if (!valid_concept(w, cn)) {
			buf_printf(err, "line %d: '%.*s' is not a concept (prefix:Name)", lineno, (int)cn, w);
			goto out;
		}
		if (!strcmp(role, "capex") || !strcmp(role, "lease")) {
			void *nc = realloc(c->c, (c->n + 1) * sizeof(*c->c));
			if (!nc)
				goto oom;
			c->c = nc;
			if (!(c->c[c->n].concept = strndup(w, cn)))
				goto oom;
			c->c[c->n++].role = role[0] == 'c' ? CAPEX_CASH : CAPEX_LEASE;
		} else if (!strcmp(role, "label")) {
			void *nl2 = realloc(c->l, (c->nl + 1) * sizeof(*c->l));
			if (!nl2)
				goto oom;
			c->l = nl2;
			fold_label(q, (size_t)(e - q), &fl);
			if (!fl.len) {
				buf_printf(err, "line %d: label line without a label", lineno);
				goto out;
			}
			if (buf_error(&fl)) {
				buf_printf(err, "line %d: the label is %s", lineno, buf_strerror(&fl));
				goto out;
			}
			c->l[c->nl].concept = strndup(w, cn);
			c->l[c->nl].label = strdup(buf_str(&fl));
			c->nl++;
			if (!c->l[c->nl - 1].concept || !c->l[c->nl - 1].label)
				goto oom;
		} else {
			buf_printf(err, "line %d: '%s' is not capex, lease or label", lineno, role);
			goto out;
		}
	}
	if (!c->n) {
		buf_printf(err, "no capex or lease concept listed");
		goto out;
	}
	r = 0;
	goto out;
oom:
	buf_printf(err, "out of memory");
out:
	buf_release(&fl);
	return r;
}

static struct capex_conf conf;
static int conf_state;	/* 0 not loaded, 1 loaded, -1 failed */
static char conf_err[512];

const struct capex_conf *capex_conf_get(struct buf *err)
{
	const char *path = getenv("GW_CAPEX_CONCEPTS");
	struct buf e = BUF_INIT(2u << 20);	/* a line of the 1 MiB file, whole */

	if (conf_state == 0) {
		if (path && *path) {
			struct buf f = BUF_INIT(BUF_LIST_MAX);
			if (buf_read_file(&f, path))
				snprintf(conf_err, sizeof(conf_err), "GW_CAPEX_CONCEPTS: cannot read '%.200s'", path);
			else if (capex_conf_parse(&conf, f.data, f.len, &e))
				snprintf(conf_err, sizeof(conf_err), "GW_CAPEX_CONCEPTS '%.100s': %.299s", path,
					 buf_str(&e));
			else
				snprintf(conf.source, sizeof(conf.source), "%s", path);
			buf_release(&f);
		} else if (capex_conf_parse(&conf, gw_capex_concepts_default, strlen(gw_capex_concepts_default),
					    &e)) {
			snprintf(conf_err, sizeof(conf_err), "built-in capex concept list: %.299s", buf_str(&e));
		} else {
			snprintf(conf.source, sizeof(conf.source), "built-in");
		}
		buf_release(&e);
		if (conf_err[0])
			capex_conf_release(&conf);
		conf_state = conf_err[0] ? -1 : 1;
	}
	if (conf_state < 0) {
		buf_adds(err, conf_err);
		return NULL;
	}
	return &conf;
}

const struct capex_concept *capex_conf_find(const struct capex_conf *c, const char *concept, size_t n)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strlen(c->c[i].concept) == n && !memcmp(c->c[i].concept, concept, n))
			return &c->c[i];
	return NULL;
}

const char *capex_conf_label(const struct capex_conf *c, const char *label, size_t n)
{
	struct buf f = BUF_INIT(BUF_NAME_MAX);
	const char *r = NULL;
	size_t i;

	fold_label(label, n, &f);
	/* a label past BUF_NAME_MAX (buf_error) is none of the configured ones, which fit */
	for (i = 0; i < c->nl && f.len && !buf_error(&f); i++)
		if (!strcmp(c->l[i].label, f.data)) {
			r = c->l[i].concept;
			break;
		}
	buf_release(&f);
	return r;
}

/* ---- values ---- */

int xbrl_value(const char *s, size_t n, const char *format, int scale, int negative,
	       double *out, char *why, size_t whylen)
{
	char fmt[64], dec = '.', thou = ',';
	const char *f = format ? strrchr(format, ':') : NULL;
	struct buf digits = BUF_INIT(NUM_DIGITS_MAX), num = BUF_INIT(NUM_TEXT_MAX);
	size_t i, k = 0, intlen = 0;
	int seen_dec = 0, plain, sign = 0, r = -1;
	long point;
	char *endp;

	f = f ? f + 1 : format ? format : "";
	for (; *f && k + 1 < sizeof(fmt); f++)
		if (*f != '-')
			fmt[k++] = (char)tolower((unsigned char)*f);
	fmt[k] = '\0';
	plain = !fmt[0];
	if (!strcmp(fmt, "fixedzero") || !strcmp(fmt, "zerodash") || !strcmp(fmt, "numdash")) {
		*out = 0;
		return 0;
	}
	if (!strcmp(fmt, "numcommadecimal")) {
		dec = ',';
		thou = '.';
	} else if (!plain && strcmp(fmt, "numdotdecimal") && strcmp(fmt, "numdotdecimalin")) {
		snprintf(why, whylen, "number format '%s' is not supported", format);
		return -1;
	}
	if (scale > 30 || scale < -30) {
		snprintf(why, whylen, "scale %d is out of range", scale);
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			i++;
			continue;
		}
		if (isdigit(c)) {
			if (buf_addc(&digits, c))
				goto toolong;
			if (!seen_dec)
				intlen++;
		} else if (isspace(c)) {
			continue;
		} else if (c == (unsigned char)dec && !seen_dec) {
			seen_dec = 1;
		} else if (!plain && (c == (unsigned char)thou || c == ' ') && !seen_dec && digits.len) {
			continue;
		} else if (plain && (c == '-' || c == '+') && !digits.len && !sign && !seen_dec) {
			sign = c == '-' ? -1 : 1;
		} else {
			goto notnum;
		}
	}
	if (!digits.len)
		goto notnum;
	/* the decimal point moves by the scale, on the digits themselves */
	point = (long)intlen + scale;
	if (sign < 0 || negative)
		buf_addc(&num, '-');
	if (point <= 0) {
		buf_adds(&num, "0.");
		for (; point < 0; point++)
			buf_addc(&num, '0');
		buf_add(&num, digits.data, digits.len);
	} else if ((size_t)point >= digits.len) {
		buf_add(&num, digits.data, digits.len);
		for (i = digits.len; i < (size_t)point; i++)
			buf_addc(&num, '0');
	} else {
		buf_add(&num, digits.data, (size_t)point);
		buf_addc(&num, '.');
		buf_add(&num, digits.data + point, digits.len - (size_t)point);
	}
	if (buf_error(&num))
		goto toolong;
	*out = strtod(buf_str(&num), &endp);
	if (*endp) {
		snprintf(why, whylen, "'%.40s' is not a number", buf_str(&num));
		goto out;
	}
	if (*out == 0)
		*out = 0;	/* no negative zero */
	r = 0;
	goto out;
toolong:
	snprintf(why, whylen, "number has too many digits");
	goto out;
notnum:
	snprintf(why, whylen, "'%.*s' is not a number%s%s", (int)(n > 40 ? 40 : n), s,
		 plain ? "" : " in format ", plain ? "" : format);
out:
	buf_release(&digits);
	buf_release(&num);
	return r;
}

/* ---- detection ---- */

int xbrl_sniff(const unsigned char *d, size_t n)
{
	size_t m = n < 65536 ? n : 65536;

	if (arc_is_zip(d, n) || arc_is_tar(d, n) || (n >= 4 && d[0] == 0x28 && d[1] == 0xB5 && d[2] == 0x2F && d[3] == 0xFD))
		return XBRL_NONE;	/* an archive holding XBRL (sec-xbrl-zip), not XBRL */
	if (mem_find(d, m, "http://www.xbrl.org/2013/inlineXBRL") || mem_find(d, m, "http://www.xbrl.org/2008/inlineXBRL"))
		return XBRL_INLINE;
	if (mem_find(d, m, NS_XBRLI) && (mem_find(d, m, "<xbrl") || mem_find(d, m, "<xbrli:xbrl")) &&
	    !mem_find(d, m, "<link:linkbase") && !mem_find(d, m, "<linkbase"))
		return XBRL_INSTANCE;
	return XBRL_NONE;
}

/* ---- the reader ---- */

struct ctx {
	char *id;
	char *ident;		/* entity identifier (the CIK for EDGAR) */
	char start[11], end[11], instant[11];
	char *dims;		/* "Axis=Member;..." sorted, or NULL */
	struct ctx *next;
};

struct unit {
	char *id;
	char measure[64];
	int nmeasure, divide;
};

struct fact {
	char *concept;		/* canonical prefix */
	char *ctx, *unit, *id, *format, *decimals, *cont;
	int scale, neg, nil, dei;
	struct buf val;
	long line, ord;
};

enum cap_kind { CAP_FACT, CAP_IDENT, CAP_START, CAP_END, CAP_INSTANT, CAP_DIM, CAP_MEASURE };

struct cap {
	int kind;
	int depth;
	size_t fact;	/* CAP_FACT */
};

struct prefix_map {
	char prefix[32];
	char canon[32];
};

static const char *const dei_names[] = {
	"EntityCentralIndexKey", "EntityRegistrantName", "DocumentType", "DocumentFiscalYearFocus",
	"DocumentFiscalPeriodFocus", "AmendmentFlag", NULL,
};
enum { DEI_CIK, DEI_NAME, DEI_TYPE, DEI_FY, DEI_FP, DEI_AMEND, DEI_N };

struct xr {
	struct gw_parse *p;
	const struct capex_conf *conf;
	const char *member;	/* "" or "name: " */
	xmlTextReaderPtr r;
	int mode;		/* XBRL_INSTANCE when the root is xbrl, XBRL_INLINE on ix elements */
	struct ctx **tab;
	size_t tabn, nctx;
	struct ctx cur;		/* the context being read */
	int in_ctx;
	struct buf dim_name;	/* dimension of the member being read */
	struct buf dims;	/* collected "Axis=Member" lines, '\n'-separated */
	struct unit *units;
	size_t nunits;
	struct unit ucur;
	int in_unit;
	struct fact *facts;
	size_t nfacts, capf;
	struct cap caps[32];
	int ncaps;
	struct buf text;	/* text of the context field being read */
	int exclude_depth;
	long ord;
	struct prefix_map pm[64];
	int npm;
	struct buf dei[DEI_N];
	int dei_set[DEI_N];
	int dtd_checked;
	int amendment;		/* dei:AmendmentFlag is true */
	int entity_refs;
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct ctx *ctx_find(struct xr *x, const char *id)
{
	struct ctx *c;

	if (!x->tabn)
		return NULL;
	for (c = x->tab[hash(id) & (x->tabn - 1)]; c; c = c->next)
		if (!strcmp(c->id, id))
			return c;
	return NULL;
}

static int ctx_add(struct xr *x, struct ctx *c)
{
	struct ctx *n;
	size_t i;

	if (x->nctx >= CTX_MAX)
		return -1;
	if (x->nctx + 1 > x->tabn / 2) {
		size_t nn = x->tabn ? x->tabn * 2 : 1024;
		struct ctx **t = calloc(nn, sizeof(*t));
		if (!t)
			return -1;
		for (i = 0; i < x->tabn; i++) {
			struct ctx *e = x->tab[i], *next;
			for (; e; e = next) {
				next = e->next;
				e->next = t[hash(e->id) & (nn - 1)];
				t[hash(e->id) & (nn - 1)] = e;
			}
		}
		free(x->tab);
		x->tab = t;
		x->tabn = nn;
	}
	if (!(n = malloc(sizeof(*n))))
		return -1;
	*n = *c;
	n->next = x->tab[hash(n->id) & (x->tabn - 1)];
	x->tab[hash(n->id) & (x->tabn - 1)] = n;
	x->nctx++;
	return 0;
}

static void ctx_clear(struct ctx *c)
{
	free(c->id);
	free(c->ident);
	free(c->dims);
	memset(c, 0, sizeof(*c));
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* The standard prefix of a namespace, whatever prefix the document binds to it. */
static const char *canon_ns(const char *uri, const char *prefix)
{
	if (!uri)
		return prefix;
	if (strstr(uri, "/us-gaap/") || strstr(uri, "/us-gaap-"))
		return "us-gaap";
	if (strstr(uri, "/dei/") || !strcmp(uri, "http://xbrl.us/dei/2009-01-31"))
		return "dei";
	if (strstr(uri, "fasb.org/srt/"))
		return "srt";
	if (strstr(uri, "ifrs-full"))
		return "ifrs-full";
	return prefix;
}

/* "pfx:Local" in the document -> canonical "us-gaap:Local" into out */
static int canon_qname(struct xr *x, const char *qn, struct buf *out)
{
	const char *colon = strchr(qn, ':');
	char pfx[32];
	int i;

	buf_reset(out);
	if (!colon || (size_t)(colon - qn) >= sizeof(pfx))
		return buf_adds(out, qn);
	memcpy(pfx, qn, (size_t)(colon - qn));
	pfx[colon - qn] = '\0';
	for (i = 0; i < x->npm; i++)
		if (!strcmp(x->pm[i].prefix, pfx))
			break;
	if (i == x->npm) {
		char *uri = (char *)xmlTextReaderLookupNamespace(x->r, (const xmlChar *)pfx);
		const char *c = canon_ns(uri, pfx);
		if (i < (int)(sizeof(x->pm) / sizeof(x->pm[0]))) {
			snprintf(x->pm[i].prefix, sizeof(x->pm[i].prefix), "%s", pfx);
			snprintf(x->pm[i].canon, sizeof(x->pm[i].canon), "%s", c);
			x->npm++;
		} else {
			int r = buf_printf(out, "%s:%s", c, colon + 1);
			xmlFree(uri);
			return r;
		}
		xmlFree(uri);
	}
	return buf_printf(out, "%s:%s", x->pm[i].canon, colon + 1);
}

static int is_dei(const char *canon)
{
	int i;

	if (strncmp(canon, "dei:", 4))
		return -1;
	for (i = 0; dei_names[i]; i++)
		if (!strcmp(canon + 4, dei_names[i]))
			return i;
	return -1;
}

static int cap_push(struct xr *x, int kind, int depth, size_t fact)
{
	if (x->ncaps >= (int)(sizeof(x->caps) / sizeof(x->caps[0]))) {
		perr(x->p, "%sline %d: facts nested too deep", x->member,
		     xmlTextReaderGetParserLineNumber(x->r));
		return -1;
	}
	x->caps[x->ncaps].kind = kind;
	x->caps[x->ncaps].depth = depth;
	x->caps[x->ncaps].fact = fact;
	x->ncaps++;
	if (kind != CAP_FACT)
		buf_reset(&x->text);
	return 0;
}

static void fact_free(struct fact *f)
{
	free(f->concept);
	free(f->ctx);
	free(f->unit);
	free(f->id);
	free(f->format);
	free(f->decimals);
	free(f->cont);
	buf_release(&f->val);
}

/* Starts keeping a fact whose concept (canonical) is listed or a dei fact we use. */
static int fact_start(struct xr *x, const char *concept, int dei, int depth)
{
	struct fact *f;
	char *s;

	if (x->nfacts >= FACT_MAX) {
		pfatal(x->p, "%smore than %d listed facts; the rest are not read", x->member, FACT_MAX);
		return -1;
	}
	if (x->nfacts == x->capf) {
		size_t nc = x->capf ? x->capf * 2 : 64;
		struct fact *nf = realloc(x->facts, nc * sizeof(*nf));
		if (!nf)
			return -1;
		x->facts = nf;
		x->capf = nc;
	}
	f = &x->facts[x->nfacts];
	memset(f, 0, sizeof(*f));
	buf_init(&f->val, TEXT_MAX);
	f->concept = strdup(concept);
	f->ctx = attr(x->r, "contextRef");
	f->unit = attr(x->r, "unitRef");
	f->id = attr(x->r, "id");
	f->format = attr(x->r, "format");
	f->decimals = attr(x->r, "decimals");
	f->cont = attr(x->r, "continuedAt");
	if ((s = attr(x->r, "scale"))) {
		f->scale = atoi(s);
		xmlFree(s);
	}
	if ((s = attr(x->r, "sign"))) {
		f->neg = !strcmp(s, "-");
		xmlFree(s);
	}
	if ((s = (char *)xmlTextReaderGetAttributeNs(x->r, (const xmlChar *)"nil", (const xmlChar *)NS_XSI))) {
		f->nil = !strcmp(s, "true") || !strcmp(s, "1");
		xmlFree(s);
	}
	f->dei = dei;
	f->line = xmlGetLineNo(xmlTextReaderCurrentNode(x->r));
	f->ord = x->ord;
	x->nfacts++;
	if (xmlTextReaderIsEmptyElement(x->r))
		return 0;
	return cap_push(x, CAP_FACT, depth, x->nfacts - 1);
}

static void cap_done(struct xr *x, struct cap *c)
{
	const char *t = buf_str(&x->text);
	char d[11];

	switch (c->kind) {
	case CAP_FACT:
		break;
	case CAP_IDENT:
		free(x->cur.ident);
		x->cur.ident = strdup(t);
		break;
	case CAP_START:
	case CAP_END:
	case CAP_INSTANT:
		/* an xs:dateTime period keeps its date: EDGAR periods are whole days */
		if (date_parse(t, strlen(t) > 10 ? 10 : strlen(t), d)) {
			perr(x->p, "%sline %d: context '%s': '%.40s' is not a date", x->member,
			     xmlTextReaderGetParserLineNumber(x->r), x->cur.id ? x->cur.id : "?", t);
			break;
		}
		memcpy(c->kind == CAP_START ? x->cur.start : c->kind == CAP_END ? x->cur.end : x->cur.instant, d, 11);
		break;
	case CAP_DIM: {
		size_t i = 0, n = x->text.len;
		while (i < n && isspace((unsigned char)t[i]))
			i++;
		while (n > i && isspace((unsigned char)t[n - 1]))
			n--;
		if (x->dims.len)
			buf_addc(&x->dims, '\n');
		buf_printf(&x->dims, "%s=%.*s", buf_str(&x->dim_name), (int)(n - i), t + i);	/* checked at </context> */
		break;
	}
	case CAP_MEASURE:
		x->ucur.nmeasure++;
		if (x->ucur.nmeasure == 1)
			strn_trim_copy(x->ucur.measure, sizeof(x->ucur.measure), t, x->text.len);
		break;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The collected dimension members, sorted by axis so that the same set reads the same. */
static char *dims_join(struct buf *dims)
{
	char *s, *line, **v = NULL;
	size_t n = 0, i;
	struct buf out = BUF_INIT(BUF_TEXT_MAX);

	if (!dims->len)
		return NULL;
	s = strdup(dims->data);
	if (!s)
		return NULL;
	for (line = s; *line;) {	/* its lines, cut in place; empty ones skipped */
		char *nl = strchr(line, '\n'), **nv;
		if (nl)
			*nl = '\0';
		if (*line) {
			if (!(nv = realloc(v, (n + 1) * sizeof(*v))))
				break;
			v = nv;
			v[n++] = line;
		}
		line = nl ? nl + 1 : line + strlen(line);
	}
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&out, ';');
		buf_adds(&out, v[i]);
	}
	free(v);
	free(s);
	if (buf_error(&out)) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out, NULL);
}

static int on_element(struct xr *x, int depth)
{
	const char *ln = (const char *)xmlTextReaderConstLocalName(x->r);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->r);
	int empty = xmlTextReaderIsEmptyElement(x->r);
	struct buf cq = BUF_INIT(BUF_NAME_MAX);
	int r = 0, d;

	if (!ln)
		return 0;
	if (!x->dtd_checked) {
		/* by the first element the internal subset is read: refuse declared entities */
		/* the node's document, not xmlTextReaderCurrentDoc (which would make us own it) */
		xmlNodePtr node = xmlTextReaderCurrentNode(x->r);
		xmlDocPtr doc = node ? node->doc : NULL;
		x->dtd_checked = 1;
		if (doc && doc->intSubset && (doc->intSubset->entities || doc->intSubset->pentities)) {
			pfatal(x->p, "%sthe document declares entities in a DTD (<!ENTITY>): refused, XBRL needs"
			     " none and they are never expanded or fetched", x->member);
			return -1;
		}
	}
	if (ns && !strcmp(ns, NS_XBRLI)) {
		if (depth == 0 && !strcmp(ln, "xbrl")) {
			x->mode = XBRL_INSTANCE;
		} else if (!strcmp(ln, "context")) {
			ctx_clear(&x->cur);
			buf_reset(&x->dims);
			x->cur.id = attr(x->r, "id");
			x->in_ctx = !empty;
		} else if (x->in_ctx && !empty && !strcmp(ln, "identifier")) {
			r = cap_push(x, CAP_IDENT, depth, 0);
		} else if (x->in_ctx && !empty && !strcmp(ln, "startDate")) {
			r = cap_push(x, CAP_START, depth, 0);
		} else if (x->in_ctx && !empty && !strcmp(ln, "endDate")) {
			r = cap_push(x, CAP_END, depth, 0);
		} else if (x->in_ctx && !empty && !strcmp(ln, "instant")) {
			r = cap_push(x, CAP_INSTANT, depth, 0);
		} else if (!strcmp(ln, "unit")) {
			free(x->ucur.id);	/* a unit inside a unit: the outer one is dropped */
			memset(&x->ucur, 0, sizeof(x->ucur));
			x->ucur.id = attr(x->r, "id");
			x->in_unit = !empty;
		} else if (x->in_unit && !empty && !strcmp(ln, "measure")) {
			r = cap_push(x, CAP_MEASURE, depth, 0);
		} else if (x->in_unit && !strcmp(ln, "divide")) {
			x->ucur.divide = 1;
		}
		goto out;
	}
	if (ns && !strcmp(ns, NS_XBRLDI)) {
		if (x->in_ctx && !empty && (!strcmp(ln, "explicitMember") || !strcmp(ln, "typedMember"))) {
			char *dim = attr(x->r, "dimension");
			buf_reset(&x->dim_name);
			r = buf_adds(&x->dim_name, dim ? dim : "?");
			xmlFree(dim);
			if (r)
				pfatal(x->p, "%sline %d: a dimension's name is %s", x->member,
				       xmlTextReaderGetParserLineNumber(x->r), buf_strerror(&x->dim_name));
			else
				r = cap_push(x, CAP_DIM, depth, 0);
		}
		goto out;
	}
	if (ns && !strncmp(ns, "http://www.xbrl.org/", 20) && strstr(ns, "/inlineXBRL") && !strstr(ns, "transformation")) {
		x->mode = XBRL_INLINE;
		if (!strcmp(ln, "nonFraction") || !strcmp(ln, "nonNumeric")) {
			char *name = attr(x->r, "name");
			x->ord++;
			if (name && !canon_qname(x, name, &cq)) {
				if (ln[3] == 'F' && capex_conf_find(x->conf, cq.data, cq.len))
					r = fact_start(x, cq.data, -1, depth);
				else if ((d = is_dei(cq.data)) >= 0 && !x->dei_set[d])
					r = fact_start(x, cq.data, d, depth);
			}
			xmlFree(name);
		} else if (!strcmp(ln, "continuation") && !empty) {
			char *id = attr(x->r, "id");
			size_t i;
			for (i = 0; id && i < x->nfacts; i++) {
				struct fact *f = &x->facts[i];
				if (f->cont && !strcmp(f->cont, id)) {
					free(f->cont);
					f->cont = attr(x->r, "continuedAt");
					r = cap_push(x, CAP_FACT, depth, i);
					break;
				}
			}
			xmlFree(id);
		} else if (!strcmp(ln, "exclude") && !empty && x->exclude_depth < 0) {
			x->exclude_depth = depth;
		}
		goto out;
	}
	/* an instance fact: a child of the root with a contextRef */
	if (x->mode == XBRL_INSTANCE && depth == 1 && !x->in_ctx) {
		const char *pfx = (const char *)xmlTextReaderConstPrefix(x->r);
		size_t i;
		int want = 0;
		/* cheap test on the local name first: most facts are not listed */
		for (i = 0; i < x->conf->n && !want; i++) {
			const char *c = strchr(x->conf->c[i].concept, ':');
			want = c && !strcmp(c + 1, ln);
		}
		for (i = 0; dei_names[i] && !want; i++)
			want = !strcmp(dei_names[i], ln);
		x->ord++;
		if (!want)
			goto out;
		if (buf_printf(&cq, "%s:%s", canon_ns(ns, pfx ? pfx : ""), ln))
			goto out;	/* a name past BUF_NAME_MAX is no listed concept */
		if (capex_conf_find(x->conf, cq.data, cq.len))
			r = fact_start(x, cq.data, -1, depth);
		else if ((d = is_dei(cq.data)) >= 0 && !x->dei_set[d])
			r = fact_start(x, cq.data, d, depth);
	}
out:
	buf_release(&cq);
	return r;
}

static void on_end(struct xr *x, int depth)
{
	const char *ln = (const char *)xmlTextReaderConstLocalName(x->r);
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->r);

	while (x->ncaps && x->caps[x->ncaps - 1].depth == depth) {
		struct cap *c = &x->caps[--x->ncaps];
		if (c->kind == CAP_FACT) {
			struct fact *f = &x->facts[c->fact];
			if (f->dei >= 0 && !x->dei_set[f->dei] && !f->cont) {
				buf_reset(&x->dei[f->dei]);
				x->dei_set[f->dei] = buf_add(&x->dei[f->dei], f->val.data, f->val.len) == 0;
				if (f->dei == DEI_AMEND) {
					/* iXBRL says a boolean by its format (ixt:fixed-true), an instance by its text */
					char t[16];
					strn_trim_copy(t, sizeof(t), f->val.data, f->val.len);
					x->amendment = f->format ? strstr(f->format, "fixed-true") != NULL : !strcmp(t, "true");
				}
			}
		} else {
			cap_done(x, c);
		}
	}
	if (x->exclude_depth == depth)
		x->exclude_depth = -1;
	if (!ln || !ns || strcmp(ns, NS_XBRLI))
		return;
	if (x->in_ctx && !strcmp(ln, "context")) {
		x->in_ctx = 0;
		x->cur.dims = dims_join(&x->dims);
		if (buf_error(&x->dims) || (x->dims.len && !x->cur.dims)) {
			/* its facts would read as the whole company's: they fail as of an undefined context */
			perr(x->p, "%sline %d: context '%s': its dimensions are %s: context not kept", x->member,
			     xmlTextReaderGetParserLineNumber(x->r), x->cur.id ? x->cur.id : "",
			     buf_error(&x->dims) ? buf_strerror(&x->dims) : "out of memory");
			ctx_clear(&x->cur);
		} else if (!x->cur.id || ctx_find(x, x->cur.id)) {
			perr(x->p, "%sline %d: context without an id, or defined twice ('%s')", x->member,
			     xmlTextReaderGetParserLineNumber(x->r), x->cur.id ? x->cur.id : "");
			ctx_clear(&x->cur);
		} else if (ctx_add(x, &x->cur)) {
			pfatal(x->p, "%stoo many contexts (limit %d)", x->member, CTX_MAX);
			ctx_clear(&x->cur);
		} else {
			memset(&x->cur, 0, sizeof(x->cur));
		}
	} else if (x->in_unit && !strcmp(ln, "unit")) {
		struct unit *nu;
		x->in_unit = 0;
		if (x->ucur.id && x->nunits < 10000 && (nu = realloc(x->units, (x->nunits + 1) * sizeof(*nu)))) {
			x->units = nu;
			x->units[x->nunits++] = x->ucur;
		} else {
			free(x->ucur.id);
		}
		memset(&x->ucur, 0, sizeof(x->ucur));
	}
}

static void on_text(struct xr *x)
{
	const char *v;
	size_t n;
	int i;

	if (!x->ncaps || x->exclude_depth >= 0)
		return;
	v = (const char *)xmlTextReaderConstValue(x->r);
	if (!v)
		return;
	n = strlen(v);
	for (i = 0; i < x->ncaps; i++) {
		struct buf *b = x->caps[i].kind == CAP_FACT ? &x->facts[x->caps[i].fact].val : &x->text;
		size_t room = b->max - b->len;
		/* longer text is cut: kept facts are numbers and names; a failed add is out of
		 * memory, said once (the error is sticky) and the fact not emitted */
		if (!buf_error(b) && buf_add(b, v, n < room ? n : room))
			pfatal(x->p, "%sout of memory", x->member);
		if (x->caps[i].kind != CAP_FACT)
			break;	/* one context field at a time */
	}
}

static const struct unit *unit_find(struct xr *x, const char *id)
{
	size_t i;

	for (i = 0; id && i < x->nunits; i++)
		if (!strcmp(x->units[i].id, id))
			return &x->units[i];
	return NULL;
}

static long long parse_cik(const char *s)
{
	long long v = 0;
	int n = 0;

	if (!s)
		return 0;
	while (isspace((unsigned char)*s))
		s++;
	for (; isdigit((unsigned char)*s) && n < 12; s++, n++)
		v = v * 10 + (*s - '0');
	while (isspace((unsigned char)*s))
		s++;
	return n && !*s ? v : 0;
}

static void fact_loc(struct xr *x, const struct fact *f, struct buf *loc)
{
	buf_reset(loc);
	if (f->id && strlen(f->id) <= 64)
		buf_printf(loc, "%sline %ld fact %s", x->member, f->line, f->id);
	else
		buf_printf(loc, "%sline %ld fact #%ld", x->member, f->line, f->ord);
	if (buf_error(loc)) {
		buf_reset(loc);	/* a locator too long is "?", as rec_end's */
		buf_adds(loc, "?");
	}
}

/* iso4217:USD, whatever prefix the document binds to the ISO 4217 namespace */
static int is_usd(const char *measure)
{
	const char *c = strrchr(measure, ':');

	return c && !strcmp(c + 1, "USD") && !strncasecmp(measure, "iso4217", (size_t)(c - measure));
}

/* The same fact shown twice (statement and note) is one figure: a set of the facts emitted. */
struct seen {
	size_t *slot;	/* fact index + 1, 0 empty */
	size_t n;
};

static uint32_t fact_hash(const struct fact *f)
{
	uint32_t h = hash(f->concept) ^ (hash(f->ctx) * 31u) ^ (uint32_t)f->scale * 131u ^ (uint32_t)f->neg;
	size_t i;

	for (i = 0; i < f->val.len; i++)
		h = (h ^ (unsigned char)f->val.data[i]) * 16777619u;
	return h;
}

static int fact_same(const struct fact *a, const struct fact *b)
{
	return !strcmp(a->concept, b->concept) && !strcmp(a->ctx, b->ctx) && a->neg == b->neg &&
	       a->scale == b->scale && a->val.len == b->val.len &&
	       (!a->val.len || !memcmp(a->val.data, b->val.data, a->val.len));
}

/* 1 if an equal fact was already emitted, else records f (index i) and returns 0 */
static int seen_before(struct seen *s, const struct fact *facts, size_t i)
{
	size_t k;

	if (!s->slot)
		return 0;	/* no memory for the set: every fact is emitted */
	for (k = fact_hash(&facts[i]) & (s->n - 1); s->slot[k]; k = (k + 1) & (s->n - 1))
		if (fact_same(&facts[s->slot[k] - 1], &facts[i]))
			return 1;
	s->slot[k] = i + 1;
	return 0;
}

static void emit(struct xr *x, const struct xbrl_filing *fl, long *nout)
{
	struct buf loc = BUF_INIT(BUF_LOC_MAX);
	const char *company = x->dei_set[DEI_NAME] ? buf_str(&x->dei[DEI_NAME]) : fl ? fl->company : NULL;
	const char *form = fl && fl->form ? fl->form : x->dei_set[DEI_TYPE] ? buf_str(&x->dei[DEI_TYPE]) : NULL;
	struct buf aform = BUF_INIT(BUF_WORD_MAX);
	long long dei_cik = x->dei_set[DEI_CIK] ? parse_cik(buf_str(&x->dei[DEI_CIK])) : 0;
	char why[256], fp[16] = "", name[512];
	struct seen seen = { NULL, 16 };
	size_t i;
	long fy = 0;

	while (seen.n < 2 * x->nfacts)
		seen.n *= 2;
	seen.slot = calloc(seen.n, sizeof(*seen.slot));

	if (x->dei_set[DEI_FY])
		fy = atol(buf_str(&x->dei[DEI_FY]));
	if (x->dei_set[DEI_FP])
		strn_trim_copy(fp, sizeof(fp), x->dei[DEI_FP].data, x->dei[DEI_FP].len);
	strn_trim_copy(name, sizeof(name), company ? company : "", company ? strlen(company) : 0);
	/* an amendment's document type is the form amended: say it as filed, 10-K/A */
	if (form && x->amendment && !(fl && fl->form)) {
		size_t n = strlen(form);
		while (n && (form[n - 1] == ' ' || form[n - 1] == '\n'))
			n--;
		buf_add(&aform, form, n);
		if (n < 2 || strcmp(buf_str(&aform) + n - 2, "/A"))
			buf_adds(&aform, "/A");
		if (!buf_error(&aform))	/* past BUF_WORD_MAX it is no form type: kept whole, as written */
			form = buf_str(&aform);
	}
	for (i = 0; i < x->nfacts; i++) {
		struct fact *f = &x->facts[i];
		const struct ctx *c;
		const struct unit *u;
		long long cik;
		double v;

		if (f->dei >= 0 || f->nil || buf_error(&f->val))	/* the last: out of memory, said */
			continue;
		fact_loc(x, f, &loc);
		c = f->ctx ? ctx_find(x, f->ctx) : NULL;
		if (!c) {
			rec_reject(x->p, f->val.data, f->val.len, f->ctx ? "the fact's context is not defined in the document"
				   : "the fact has no contextRef", "%s (%s, context '%s')", buf_str(&loc), f->concept,
				   f->ctx ? f->ctx : "");
			continue;
		}
		u = unit_find(x, f->unit);
		if (!u || u->divide || u->nmeasure != 1 || !is_usd(u->measure)) {
			snprintf(why, sizeof(why), "unit '%.40s' (%.40s) is not US dollars", f->unit ? f->unit : "",
				 u ? u->measure : "undefined");
			rec_reject(x->p, f->val.data, f->val.len, why, "%s (%s)", buf_str(&loc), f->concept);
			continue;
		}
		if (!c->start[0] || !c->end[0]) {
			rec_reject(x->p, f->val.data, f->val.len, "a cash-flow fact with an instant context, not a period",
				   "%s (%s, context '%s')", buf_str(&loc), f->concept, c->id);
			continue;
		}
		if (xbrl_value(f->val.data, f->val.len, x->mode == XBRL_INLINE ? f->format : NULL,
			       x->mode == XBRL_INLINE ? f->scale : 0, x->mode == XBRL_INLINE && f->neg,
			       &v, why, sizeof(why))) {
			rec_reject(x->p, f->val.data, f->val.len, why, "%s (%s)", buf_str(&loc), f->concept);
			continue;
		}
		cik = parse_cik(c->ident);
		if (!cik)
			cik = dei_cik ? dei_cik : fl ? fl->cik : 0;
		if (!cik) {
			rec_reject(x->p, f->val.data, f->val.len, "no CIK: the context's identifier is not one",
				   "%s (%s)", buf_str(&loc), f->concept);
			continue;
		}
		if (seen_before(&seen, x->facts, i))
			continue;
		rec_begin(x->p, "capex");
		rec_int(x->p, "cik", cik);
		rec_str(x->p, "company", name);
		rec_str(x->p, "concept", f->concept);
		rec_str(x->p, "dims", c->dims);
		rec_str(x->p, "period_start", c->start);
		rec_str(x->p, "period_end", c->end);
		rec_num(x->p, "usd", v);
		rec_str(x->p, "form", form);
		if (fl) {
			rec_str(x->p, "accession", fl->accession);
			rec_str(x->p, "filed", fl->filed);
			if (fl->filed && fl->filed[0])
				rec_set_as_of(x->p, fl->filed);
		}
		rec_str(x->p, "context", c->id);
		if (fy > 0)
			rec_int(x->p, "fy", fy);
		rec_str(x->p, "fp", fp);
		if (f->decimals && strcmp(f->decimals, "INF")) {
			char *e;
			long dv = strtol(f->decimals, &e, 10);
			if (!*e && e != f->decimals)
				rec_int(x->p, "decimals", dv);
		}
		if (rec_end(x->p, "%s", buf_str(&loc)) == 0 && nout)
			(*nout)++;
	}
	buf_release(&loc);
	buf_release(&aform);
	free(seen.slot);
}

int xbrl_parse(struct gw_parse *p, const unsigned char *data, size_t len, const char *member,
	       const struct xbrl_filing *filing, long *nfacts)
{
	struct xr x;
	struct buf mem = BUF_INIT(BUF_NAME_MAX);
	struct buf err = BUF_INIT(1024);
	struct buf xml_err = BUF_INIT(BUF_MSG_MAX);	/* the reader's last error */
	int rc, type, r = -1;
	size_t i, released = 0;
	unsigned long nodes = 0;

	memset(&x, 0, sizeof(x));
	x.p = p;
	x.exclude_depth = -1;
	if (nfacts)
		*nfacts = 0;
	if (member && *member)
		buf_printf(&mem, "%s: ", member);
	x.member = buf_msg(&mem);
	x.conf = capex_conf_get(&err);
	if (!x.conf)
		pfatal(p, "%s", buf_str(&err));
	buf_release(&err);
	if (!x.conf)
		goto done;
	buf_init(&x.text, TEXT_MAX);
	buf_init(&x.dim_name, TEXT_MAX);
	buf_init(&x.dims, BUF_TEXT_MAX);
	for (i = 0; i < DEI_N; i++)
		buf_init(&x.dei[i], TEXT_MAX);
	if (!(x.r = gw_xml_reader(data, len, p->doc->name, &xml_err))) {
		pfatal(p, "%scannot read the document as XML", x.member);
		goto out;
	}
	while ((rc = gw_xml_read(x.r, &xml_err)) == 1) {
		if (!(++nodes & 0xfff)) {
			/* hand back what the reader has read, well behind it, if the document is a mapped file */
			long used = xmlTextReaderByteConsumed(x.r);
			if (used > 0 && (size_t)used > released + (16u << 20) && (size_t)used <= len) {
				mapfile_release(data + released, (size_t)used - (4u << 20) - released);
				released = (size_t)used - (4u << 20);
			}
		}
		type = xmlTextReaderNodeType(x.r);
		if (type == XML_READER_TYPE_ELEMENT) {
			if (on_element(&x, xmlTextReaderDepth(x.r)))
				goto out;
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			on_end(&x, xmlTextReaderDepth(x.r));
		} else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
			   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			on_text(&x);
		} else if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
			x.entity_refs++;
		}
	}
	if (rc < 0) {
		const char *e = buf_msg(&xml_err);
		pfatal(p, "%slooks like %s but is not well-formed XML (%s); facts read before it are kept",
		     x.member, x.mode == XBRL_INLINE ? "Inline XBRL" : x.mode == XBRL_INSTANCE ?
		     "an XBRL instance" : "XBRL", *e ? e : "truncated or damaged");
		emit(&x, filing, nfacts);
		goto out;
	}
	if (x.mode == XBRL_NONE) {
		pfatal(p, "%sneither an XBRL instance nor an Inline XBRL document", x.member);
		goto out;
	}
	emit(&x, filing, nfacts);
	r = 0;
out:
	if (x.r)
		xmlFreeTextReader(x.r);
	for (i = 0; i < x.tabn; i++) {
		struct ctx *c = x.tab[i], *n;
		for (; c; c = n) {
			n = c->next;
			ctx_clear(c);
			free(c);
		}
	}
	free(x.tab);
	ctx_clear(&x.cur);
	for (i = 0; i < x.nunits; i++)
		free(x.units[i].id);
	free(x.units);
	free(x.ucur.id);
	for (i = 0; i < x.nfacts; i++)
		fact_free(&x.facts[i]);
	free(x.facts);
	buf_release(&x.text);
	buf_release(&x.dim_name);
	buf_release(&x.dims);
	for (i = 0; i < DEI_N; i++)
		buf_release(&x.dei[i]);
done:
	buf_release(&xml_err);
	buf_release(&mem);
	return r;
}

int xbrl_parse_doc(struct gw_parse *p)
{
	long n = 0;
	int r = xbrl_parse(p, p->doc->data, p->doc->len, NULL, NULL, &n);

	if (!r && !n)
		pwarn(p, "no fact of a listed capex concept (GW_CAPEX_CONCEPTS lists them); nothing to record");
	return r || p->nerr ? -1 : 0;
}
