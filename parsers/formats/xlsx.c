#include "xlsx.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/dates.h"
#include "lib/json.h"
#include "lib/mem.h"
#include "lib/xalloc.h"
#include "archive.h"
#include "xml.h"

#include "lib/banned.h"

#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define SST_MAX_STRINGS (16u << 20)
#define SMALL_PART_MAX (256u << 20)
#define ERRS_MAX (4u << 20)	/* cell errors of a chunk's queued rows */

struct sheet_ref {
	char *name;
	char *rid;
	char *path;	/* member name in the zip, resolved from the relationships */
};

struct xlsx {
	const unsigned char *data;
	size_t len;
	struct sheet_ref *sheets;
	int nsheets;
	/* shared strings: text concatenated, NUL after each, offsets */
	struct buf sst;
	size_t *sst_off;
	size_t nsst, capsst;
	/* per cell style (cellXfs index): 1 if its number format is a date */
	unsigned char *xf_date;
	size_t nxf;
	struct xlsx_sheet *open;
	size_t member_cap;	/* what one part may inflate to (see part_cap) */
	int date1904;		/* the workbook counts days from 1904-01-01 (old Mac Excel) */
};

/*
 * A streamed part is inflated CHUNK bytes at a time and handed to libxml2's
 * push parser with SAX2 callbacks (no tree, no node per event): a sheet's
 * rows completed within a chunk wait in a queue (their cells as column and
 * text: struct qcell) until xlsx_next_row hands them out.
 */
#define CHUNK (64u << 10)

/* A cell read but not yet handed out: text at ext (a shared string, TRUE, FALSE) or at text+off */
struct qcell {
	const char *ext;
	size_t off, len;
	size_t col;
};

/* A row read but not yet handed out */
struct qrow {
	long num;
	size_t first, ncells;	/* its cells: q[first] .. q[first + ncells - 1], later ones win */
	size_t width;		/* 1 + the greatest column it names */
	size_t err;		/* offset of its first cell error in errs, or NO_ERR */
};
#define NO_ERR ((size_t)-1)

struct xlsx_sheet {
	struct xlsx *x;
	struct archive *a;
	xmlParserCtxtPtr ctxt;
	int sst;		/* the shared strings (read whole by xlsx_open), not a sheet */
	size_t inflated;
	const char *member;
	unsigned char *chunk;
	int ended;		/* the parser has had the whole part, or has failed */
	int failed;		/* the part is damaged or over a limit: fatal says why */
	int done;		/* the failure has been reported: only 0 from now on */
	char fatal[256];
	struct buf xml_err;	/* the parser's last error */
	/* element names interned in the parser's dictionary: compared by pointer */
	const xmlChar *n_row, *n_c, *n_v, *n_is, *n_t, *n_rph, *n_si;
	int skip_end;		/* the next end event closes an empty element (<c/>): not an end */
	/* the row being parsed */
	int in_row, in_c, in_v, in_is, in_t, in_rph, in_si;
	char type;
	long style;
	size_t col, vstart;	/* the open cell: its column, where its raw text starts in text */
	size_t width, row_first, row_text;	/* the open row: columns, first qcell, first byte of text */
	long rownum;		/* last row number seen */
	long given;		/* number of the last row handed out */
	char ref[32];		/* the open cell's reference, for messages */
	char cellerr[256];
	/* rows parsed and not yet handed out */
	struct buf text;
	struct qcell *q;
	size_t nq, capq;
	struct qrow *rows;
	size_t nrows, caprows, next;
	struct buf errs;	/* cell errors of queued rows, NUL after each */
	size_t *slot;		/* scratch for compacting a row's cells */
	size_t capslot;
	struct cell *cells;	/* the row handed out */
	size_t capcells;
};

/* ---- small helpers ---- */

int xlsx_is_xlsx(const unsigned char *data, size_t len)
{
	return arc_is_zip(data, len) && mem_find(data, len, "xl/workbook.xml") != NULL;
}

/* ---- the small parts: read in one pass over the container ---- */

struct parts {
	struct buf workbook, rels, styles;	/* the shared strings are streamed */
	char sst_path[640], styles_path[640];
};

static int is_part(const char *name, const char *want)
{
	return !strcmp(name, want);
}

static int parts_want(void *arg, const char *name)
{
	struct parts *p = arg;

	return is_part(name, "xl/workbook.xml") || is_part(name, "xl/_rels/workbook.xml.rels") ||
	       is_part(name, p->styles_path);
}

static int parts_fn(void *arg, const char *name, const unsigned char *data, size_t len)
{
	struct parts *p = arg;
	struct buf *b = NULL;

	if (is_part(name, "xl/workbook.xml"))
		b = &p->workbook;
	else if (is_part(name, "xl/_rels/workbook.xml.rels"))
		b = &p->rels;
	else if (is_part(name, p->styles_path))
		b = &p->styles;
	if (!b)
		return 0;
	buf_reset(b);
	return buf_add(b, data, len) ? -1 : 0;
}

static const char *attr_local(xmlTextReaderPtr r, const char *name, char *out, size_t max)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);

	if (!v)
		return NULL;
	snprintf(out, max, "%s", (const char *)v);
	xmlFree(v);
	return out;
}

static int is_elem(xmlTextReaderPtr r, const char *local)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);

	return n && !strcmp((const char *)n, local);
}

/* A relationship target resolved against xl/ (the workbook's folder). */
static void resolve_target(const char *target, char *out, size_t max)
{
	if (target[0] == '/')
		snprintf(out, max, "%s", target + 1);
	else if (!strncmp(target, "../", 3))
		snprintf(out, max, "%s", target + 3);
	else
		snprintf(out, max, "xl/%s", target);
}

static int read_workbook(struct xlsx *x, const struct buf *wb, struct buf *err)
{
	struct buf xml_err = BUF_INIT(BUF_MSG_MAX);	/* the reader's last error */
	xmlTextReaderPtr r = gw_xml_reader(wb->data, wb->len, "workbook.xml", &xml_err);
	int rc, cap = 0;

	if (!r) {
		buf_release(&xml_err);
		buf_printf(err, "xl/workbook.xml cannot be read");
		return -1;
	}
	while ((rc = gw_xml_read(r, &xml_err)) == 1) {
		xmlChar *name, *rid;
		struct sheet_ref *ns;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (is_elem(r, "workbookPr")) {
			char v[16];
			if (attr_local(r, "date1904", v, sizeof(v)) && (!strcmp(v, "1") || !strcmp(v, "true")))
				x->date1904 = 1;
			continue;
		}
		if (!is_elem(r, "sheet"))
			continue;
		name = xmlTextReaderGetAttribute(r, (const xmlChar *)"name");
		rid = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id", (const xmlChar *)REL_NS);
		if (!rid)
			rid = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id",
							  (const xmlChar *)REL_NS_STRICT);
		if (!name || !rid || x->nsheets >= 4096) {
			xmlFree(name);
			xmlFree(rid);
			continue;
		}
		if (x->nsheets == cap) {
			cap = cap ? cap * 2 : 16;
			ns = realloc(x->sheets, (size_t)cap * sizeof(*ns));
			if (!ns) {
				xmlFree(name);
				xmlFree(rid);
				rc = -1;
				break;
			}
			x->sheets = ns;
		}
		ns = &x->sheets[x->nsheets];
		ns->name = xstrdup((const char *)name);
		ns->rid = xstrdup((const char *)rid);
		ns->path = NULL;
		xmlFree(name);
		xmlFree(rid);
		if (!ns->name || !ns->rid) {
			free(ns->name);
			free(ns->rid);
			rc = -1;
			break;
		}
		x->nsheets++;
	}
	xmlFreeTextReader(r);
	if (rc < 0)
		buf_printf(err, "xl/workbook.xml: %s", xml_err.len ? buf_msg(&xml_err) : "damaged");
	buf_release(&xml_err);
	if (rc < 0)
		return -1;
	if (!x->nsheets) {
		buf_printf(err, "xl/workbook.xml lists no sheets");
		return -1;
	}
	return 0;
}

/* Sheet paths from the relationships; sst/styles paths too when named there. */
static int read_rels(struct xlsx *x, const struct buf *rels, struct parts *pt, int pass)
{
	xmlTextReaderPtr r;
	char id[256], type[512], target[512], path[640];
	int i;

	if (!rels->len)
		return 0;
	r = gw_xml_reader(rels->data, rels->len, "workbook.xml.rels", NULL);
	if (!r)
		return -1;
	while (gw_xml_read(r, NULL) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !is_elem(r, "Relationship"))
			continue;
		if (!attr_local(r, "Id", id, sizeof(id)) || !attr_local(r, "Target", target, sizeof(target)))
			continue;
		if (!attr_local(r, "Type", type, sizeof(type)))
			type[0] = '\0';
		resolve_target(target, path, sizeof(path));
		if (pass == 0) {
			size_t tl = strlen(type);
			if (tl >= 14 && !strcmp(type + tl - 14, "/sharedStrings"))
				snprintf(pt->sst_path, sizeof(pt->sst_path), "%s", path);
			else if (tl >= 7 && !strcmp(type + tl - 7, "/styles"))
				snprintf(pt->styles_path, sizeof(pt->styles_path), "%s", path);
			continue;
		}
		for (i = 0; i < x->nsheets; i++)
			if (!x->sheets[i].path && !strcmp(x->sheets[i].rid, id))
				x->sheets[i].path = xstrdup(path);
	}
	xmlFreeTextReader(r);
	return 0;
}

static int sst_push(struct xlsx *x)
{
	if (x->nsst >= SST_MAX_STRINGS)
		return -1;
	if (x->nsst + 1 >= x->capsst) {
		size_t n = x->capsst ? x->capsst * 2 : 1024;
		size_t *o = realloc(x->sst_off, n * sizeof(*o));
		if (!o)
			return -1;
		x->sst_off = o;
		x->capsst = n;
	}
	x->sst_off[x->nsst++] = x->sst.len;
	return 0;
}

/* 1 if an Excel number format code shows a date (y, m, d outside quotes and brackets). */
static int fmt_is_date(const char *code)
{
	const char *p;
	int date = 0;

	for (p = code; *p; p++) {
		switch (*p) {
		case '"':
			for (p++; *p && *p != '"'; p++)
				;
			if (!*p)
				return date;
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1])
				p++;
			break;
		case '[':
			for (p++; *p && *p != ']'; p++)
				;
			if (!*p)
				return date;
			break;
		case 'd': case 'D': case 'y': case 'Y': case 'm': case 'M':
			date = 1;
			break;
		default:
			break;
		}
	}
	return date;
}

static int builtin_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* styles.xml: numFmts (custom formats) and cellXfs (the styles cells name by s="N") */
static int read_styles(struct xlsx *x, const struct buf *st)
{
	xmlTextReaderPtr r;
	long custom_id[512];
	unsigned char custom_date[512];
	int ncustom = 0, in_xfs = 0, i;
	size_t cap = 0;
	char v[1024];

	if (!st->len)
		return 0;
	r = gw_xml_reader(st->data, st->len, "styles.xml", NULL);
	if (!r)
		return -1;
	while (gw_xml_read(r, NULL) == 1) {
		int t = xmlTextReaderNodeType(r);
		if (t == XML_READER_TYPE_END_ELEMENT && is_elem(r, "cellXfs")) {
			in_xfs = 0;
			continue;
		}
		if (t != XML_READER_TYPE_ELEMENT)
			continue;
		if (is_elem(r, "numFmt") && ncustom < 512) {
			char code[1024];
			if (attr_local(r, "numFmtId", v, sizeof(v)) &&
			    attr_local(r, "formatCode", code, sizeof(code))) {
				custom_id[ncustom] = strtol(v, NULL, 10);
				custom_date[ncustom++] = (unsigned char)fmt_is_date(code);
			}
		} else if (is_elem(r, "cellXfs")) {
			in_xfs = !xmlTextReaderIsEmptyElement(r);
		} else if (in_xfs && is_elem(r, "xf")) {
			long id = attr_local(r, "numFmtId", v, sizeof(v)) ? strtol(v, NULL, 10) : 0;
			int d = builtin_date(id);
			for (i = 0; i < ncustom; i++)
				if (custom_id[i] == id)
					d = custom_date[i];
			if (x->nxf == cap) {
				unsigned char *n;
				if (cap >= 65536)
					break;
				cap = cap ? cap * 2 : 64;
				n = realloc(x->xf_date, cap);
				if (!n)
					break;
				x->xf_date = n;
			}
			x->xf_date[x->nxf++] = (unsigned char)d;
		}
	}
	xmlFreeTextReader(r);
	return 0;
}

static struct xlsx_sheet *part_open(struct xlsx *x, const char *member, int sst, int *missing,
				    struct buf *err);
static int read_sst(struct xlsx_sheet *ss, struct buf *err);

/*
 * A part may inflate to XLSX_RATIO times the whole file plus 16 MB, at most
 * XLSX_MEMBER_MAX: real workbooks compress about 10:1, a zip bomb 1000:1,
 * and so the bomb is refused after a few megabytes, not half a gigabyte.
 */
static size_t part_cap(size_t len)
{
	size_t cap = XLSX_MEMBER_MAX;

	if (len < (XLSX_MEMBER_MAX - (16u << 20)) / XLSX_RATIO)
		cap = len * XLSX_RATIO + (16u << 20);
	return cap;
}

struct xlsx *xlsx_open(const unsigned char *data, size_t len, struct buf *err)
{
	struct arc_limits lim = { SMALL_PART_MAX, 1024u << 20, 100000 };
	struct parts pt;
	struct xlsx *x = NULL;
	int i;

	memset(&pt, 0, sizeof(pt));
	buf_init(&pt.workbook, SMALL_PART_MAX);
	buf_init(&pt.rels, SMALL_PART_MAX);
	buf_init(&pt.styles, SMALL_PART_MAX);
	snprintf(pt.sst_path, sizeof(pt.sst_path), "xl/sharedStrings.xml");
	snprintf(pt.styles_path, sizeof(pt.styles_path), "xl/styles.xml");
	if (!arc_is_zip(data, len)) {
		buf_printf(err, "not an XLSX (no zip signature)");
		goto fail;
	}
	x = calloc(1, sizeof(*x));
	if (!x) {
		buf_printf(err, "out of memory");
		goto fail;
	}
	x->data = data;
	x->len = len;
	x->member_cap = part_cap(len);
	if (lim.member_max > x->member_cap)
		lim.member_max = x->member_cap;
	if (arc_each(data, len, &lim, parts_want, parts_fn, &pt, err))
		goto fail;
	if (!pt.workbook.len) {
		buf_printf(err, "not an XLSX (no xl/workbook.xml)");
		goto fail;
	}
	/* the relationships may name other parts for the strings and styles */
	read_rels(x, &pt.rels, &pt, 0);
	if (strcmp(pt.styles_path, "xl/styles.xml")) {
		if (arc_each(data, len, &lim, parts_want, parts_fn, &pt, err))
			goto fail;
	}
	if (read_workbook(x, &pt.workbook, err))
		goto fail;
	read_rels(x, &pt.rels, &pt, 1);
	for (i = 0; i < x->nsheets; i++)
		if (!x->sheets[i].path) {
			/* no relationship: the usual name for the i-th sheet */
			char p[64];
			snprintf(p, sizeof(p), "xl/worksheets/sheet%d.xml", i + 1);
			if (!(x->sheets[i].path = xstrdup(p))) {
				buf_printf(err, "out of memory");
				goto fail;
			}
		}
	buf_init(&x->sst, SMALL_PART_MAX);
	{
		int missing = 0;
		struct buf se = BUF_INIT(BUF_MSG_MAX);	/* no shared strings is no error */
		struct xlsx_sheet *ss = part_open(x, pt.sst_path, 1, &missing, &se);
		int r = !ss && !missing;
		if (ss) {
			r = read_sst(ss, &se);
			xlsx_sheet_close(ss);
		}
		if (r)
			buf_adds(err, buf_str(&se));
		buf_release(&se);
		if (r)
			goto fail;
	}
	read_styles(x, &pt.styles);
	buf_release(&pt.workbook);
	buf_release(&pt.rels);
	buf_release(&pt.styles);
	return x;
fail:
	buf_release(&pt.workbook);
	buf_release(&pt.rels);
	buf_release(&pt.styles);
	xlsx_close(x);
	return NULL;
}

void xlsx_close(struct xlsx *x)
{
	int i;

	if (!x)
		return;
	if (x->open)
		xlsx_sheet_close(x->open);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].path);
	}
	free(x->sheets);
	buf_release(&x->sst);
	free(x->sst_off);
	free(x->xf_date);
	free(x);
}

int xlsx_nsheets(const struct xlsx *x)
{
	return x->nsheets;
}

const char *xlsx_sheet_name(const struct xlsx *x, int i)
{
	return i >= 0 && i < x->nsheets ? x->sheets[i].name : NULL;
}

int xlsx_sheet_find(const struct xlsx *x, const char *name)
{
	int i;

	for (i = 0; i < x->nsheets; i++)
		if (!strcmp(x->sheets[i].name, name))
			return i;
	for (i = 0; i < x->nsheets; i++)
		if (header_eq(x->sheets[i].name, strlen(x->sheets[i].name), name))
			return i;
	return -1;
}

size_t xlsx_shared_count(const struct xlsx *x)
{
	return x->nsst;
}

const char *xlsx_shared_string(const struct xlsx *x, size_t i, size_t *len)
{
	size_t end;

	if (i >= x->nsst)
		return NULL;
	end = i + 1 < x->nsst ? x->sst_off[i + 1] - 1 : x->sst.len - 1;
	if (len)
		*len = end - x->sst_off[i];
	return x->sst.data + x->sst_off[i];
}

/* ---- cell values ---- */

/* Writes v (|v| < 1e18) in decimal; returns the length. */
static size_t fmt_int(char *out, long long v)
{
	char tmp[24];
	size_t n = 0, k = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[k++] = '-';
	while (n)
		out[k++] = tmp[--n];
	out[k] = '\0';
	return k;
}

/*
 * A number as a person would type it: the fewest significant digits that
 * read back the same double, in plain notation where Excel shows it so
 * (720 not 7.2e+02; 79.900000000000006 -> 79.9).
 */
static void fmt_cell_num(char out[40], double v)
{
	int p;

	if (v == floor(v) && fabs(v) < 1e15) {
		/* what "%.0f" writes, -0 included */
		if (v == 0 && signbit(v))
			memcpy(out, "-0", 3);
		else
			fmt_int(out, (long long)v);
		return;
	}
	/*
	 * Up to 15 significant digits, "%.15g" below gives the fewest decimals
	 * that read back, as num_fmt_short does without printf (and plainly
	 * between 1e-5 and 1e-4, as the "%.*f" loop would).
	 */
	if (num_fmt_short(out, v, 20) == 0)
		return;
	/* %g drops trailing zeros: 15 digits give the short form of nearly every cell */
	for (p = 15; p <= 17; p++) {
		snprintf(out, 40, "%.*g", p, v);
		if (strtod(out, NULL) == v) {
			if (!strchr(out, 'e'))
				return;
			break;
		}
	}
	if (fabs(v) >= 1e-5 && fabs(v) < 1e15) {
		for (p = 0; p <= 20; p++) {
			snprintf(out, 40, "%.*f", p, v);
			if (strtod(out, NULL) == v)
				return;
		}
	}
	for (p = 1; p <= 17; p++) {
		snprintf(out, 40, "%.*g", p, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

/*
 * 1 if t (n bytes) is already what fmt_cell_num writes for the number it
 * reads as, so the cell keeps its text without strtod and printf: an
 * integer of at most 15 digits without a leading zero ("%.0f" gives it
 * back), or a decimal of at most 15 significant digits, no trailing zero,
 * no exponent and at least 1e-4 in magnitude (DBL_DIG is 15: "%.15g" gives
 * such a decimal back as written, and %g keeps plain notation down to 1e-4).
 */
static int num_is_short(const char *t, size_t n)
{
	size_t i = 0, sig = 0, zeros = 0;
	int int_zero = 0;

	if (i < n && t[i] == '-')
		i++;
	if (i == n || t[i] < '0' || t[i] > '9')
		return 0;
	if (t[i] == '0') {
		if (++i == n)
			return t[0] != '-';	/* "0"; "-0" is "-0" but not worth a rule */
		int_zero = 1;
	} else {
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++, sig++;
		if (i == n)
			return sig <= 15;
	}
	if (t[i] != '.' || ++i == n)
		return 0;
	if (int_zero) {
		while (i < n && t[i] == '0')
			i++, zeros++;
		if (zeros >= 4)
			return 0;
	}
	for (; i < n; i++, sig++)
		if (t[i] < '0' || t[i] > '9')
			return 0;
	return sig >= 1 && sig <= 15 && t[n - 1] != '0';
}

/* "BC12" -> column 54 (0-based); -1 if not a reference */
static long ref_col(const char *ref)
{
	long col = 0;
	const char *p = ref;

	while (*p >= 'A' && *p <= 'Z' && col <= XLSX_MAX_COLS) {
		col = col * 26 + (*p - 'A' + 1);
		p++;
	}
	if (p == ref || col > XLSX_MAX_COLS)
		return -1;
	return col - 1;
}

/* strtol(p, NULL, 10) over the bytes p..end (not NUL-terminated) */
static long span_strtol(const xmlChar *p, const xmlChar *end)
{
	unsigned long v = 0, lim;
	int neg = 0, over = 0;

	while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
		p++;
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	lim = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (lim - d) / 10)
			over = 1;
		else
			v = v * 10 + d;
	}
	if (over)
		return neg ? LONG_MIN : LONG_MAX;
	return neg ? (long)(0 - v) : (long)v;
}

/* ---- streaming a part: inflate, push to libxml2, SAX2 callbacks ---- */

static void stop(struct xlsx_sheet *s, const char *why)
{
	if (!s->failed) {
		snprintf(s->fatal, sizeof(s->fatal), "%.250s", why);
		s->failed = 1;
	}
	xmlStopParser(s->ctxt);
}

static void stop_row(struct xlsx_sheet *s, const char *what)
{
	char m[128];

	snprintf(m, sizeof(m), "row %ld: %s", s->rownum, what);
	stop(s, m);
}

static void stop_text(struct xlsx_sheet *s)
{
	char m[64];

	snprintf(m, sizeof(m), "more than %u bytes of text", XLSX_ROW_MAX);
	stop_row(s, m);
}

/*
 * The part this callback is for, or NULL when libxml2 calls from a context
 * of its own (it parses an entity's text so; we refuse DTDs, so none is
 * declared, but the check costs nothing).
 */
static struct xlsx_sheet *cb_part(void *ctx)
{
	xmlParserCtxtPtr c = ctx;
	struct xlsx_sheet *s = c->_private;

	return s && s->ctxt == c ? s : NULL;
}

/*
 * <!DOCTYPE ...>: no producer writes one in a workbook, OOXML's packaging
 * rules make it an error (ECMA-376 Part 2, M1.18: entity expansion is a
 * denial of service), and its entities would be text the tree reader we
 * replaced dropped silently. Refused before anything in it is read.
 */
static void no_dtd(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	struct xlsx_sheet *s = cb_part(ctx);
	char m[300];

	(void)name;
	(void)ext;
	(void)sys;
	if (!s)
		return;
	if (s->sst)
		snprintf(m, sizeof(m), "shared strings: a DTD (<!DOCTYPE>) is refused (ECMA-376 Part 2, M1.18)");
	else
		snprintf(m, sizeof(m), "part '%.200s': a DTD (<!DOCTYPE>) is refused (ECMA-376 Part 2, M1.18)",
			 s->member);
	stop(s, m);
}

/* At a start tag's callback the parser is at its "/>" or ">" (libxml2's own reader checks the same). */
static int at_empty_end(xmlParserCtxtPtr c)
{
	const xmlChar *p = c->input ? c->input->cur : NULL;

	return p && p[0] == '/' && p[1] == '>';
}

static int add_cell(struct xlsx_sheet *s, size_t col, const char *ext, size_t off, size_t len)
{
	struct qcell *c;

	/* a row naming one column again and again keeps only the last of each */
	if (s->nq - s->row_first > 2 * s->width + 64) {
		size_t i, j = s->row_first;
		if (s->capslot < s->width) {
			size_t *n = realloc(s->slot, s->width * sizeof(*n));
			if (!n)
				return -1;
			s->slot = n;
			s->capslot = s->width;
		}
		for (i = s->row_first; i < s->nq; i++)
			s->slot[s->q[i].col] = i;
		for (i = s->row_first; i < s->nq; i++)
			if (s->slot[s->q[i].col] == i)
				s->q[j++] = s->q[i];
		s->nq = j;
	}
	if (s->nq == s->capq) {
		size_t n = s->capq ? s->capq * 2 : 1024;
		struct qcell *q = realloc(s->q, n * sizeof(*q));
		if (!q)
			return -1;
		s->q = q;
		s->capq = n;
	}
	c = &s->q[s->nq++];
	c->ext = ext;
	c->off = off;
	c->len = len;
	c->col = col;
	return 0;
}

static void row_done(struct xlsx_sheet *s)
{
	struct qrow *r;

	if (s->nrows == s->caprows) {
		size_t n = s->caprows ? s->caprows * 2 : 256;
		struct qrow *nr = realloc(s->rows, n * sizeof(*nr));
		if (!nr) {
			stop(s, "out of memory");
			return;
		}
		s->rows = nr;
		s->caprows = n;
	}
	r = &s->rows[s->nrows++];
	r->num = s->rownum;
	r->first = s->row_first;
	r->ncells = s->nq - s->row_first;
	r->width = s->width;
	r->err = NO_ERR;
	if (s->cellerr[0]) {
		r->err = s->errs.len;
		if (buf_add(&s->errs, s->cellerr, strlen(s->cellerr) + 1)) {
			stop(s, "out of memory");
			return;
		}
	}
	s->in_row = s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
	s->width = 0;
	s->row_first = s->nq;
	s->row_text = s->text.len;
	s->cellerr[0] = '\0';
}

/* <row r="N">: its number, else one more than the last */
static void row_start(struct xlsx_sheet *s, int nattr, const xmlChar **attr)
{
	int i;

	/* the attribute r in no namespace (what xmlGetNoNsProp gave the tree reader) */
	for (i = 0; i < nattr; i++) {
		const xmlChar **a = attr + 5 * i;
		if (a[0][0] == 'r' && !a[0][1] && !a[2]) {
			char v[64];
			size_t n = (size_t)(a[4] - a[3]);
			if (n >= sizeof(v))
				n = sizeof(v) - 1;
			memcpy(v, a[3], n);
			v[n] = '\0';
			if (strtol(v, NULL, 10) > 0) {
				s->rownum = strtol(v, NULL, 10);
				return;
			}
			break;
		}
	}
	s->rownum++;
}

/* One attribute of <c> with a one-letter local name, value v..end. */
static void cell_attr(struct xlsx_sheet *s, int name, const xmlChar *v, const xmlChar *end, long *col)
{
	size_t n = (size_t)(end - v);

	if (name == 'r') {
		/* SAX2 hands '&' in a value on as "&#38;" (the tree reader decoded it) */
		size_t k = 0;
		while (v < end && k < sizeof(s->ref) - 1) {
			if (*v == '&' && end - v >= 5 && !memcmp(v, "&#38;", 5)) {
				s->ref[k++] = '&';
				v += 5;
			} else {
				s->ref[k++] = (char)*v++;
			}
		}
		s->ref[k] = '\0';
		*col = ref_col(s->ref);
	} else if (name == 't') {
		if (n == 1 && v[0] == 's')
			s->type = 's';
		else if (n == 1 && v[0] == 'b')
			s->type = 'b';
		else if (n == 9 && !memcmp(v, "inlineStr", 9))
			s->type = 'i';
		else if (n == 3 && !memcmp(v, "str", 3))
			s->type = 'S';
		else if (n == 1 && v[0] == 'e')
			s->type = 'e';
	} else if (name == 's') {
		s->style = span_strtol(v, end);
	}
}

static void cell_start(struct xlsx_sheet *s, int empty, int nns, const xmlChar **ns, int nattr,
		       const xmlChar **attr)
{
	long c = -1;
	int i;

	s->type = 'n';
	s->style = -1;
	s->ref[0] = '\0';
	/* attributes in the order the tree reader walked them: namespace declarations, then the rest */
	for (i = 0; i < nns; i++) {
		const xmlChar *pfx = ns[2 * i], *href = ns[2 * i + 1];
		if (pfx && pfx[0] && !pfx[1] && href)
			cell_attr(s, pfx[0], href, href + strlen((const char *)href), &c);
	}
	for (i = 0; i < nattr; i++) {
		const xmlChar **a = attr + 5 * i;
		if (a[0][0] && !a[0][1])
			cell_attr(s, a[0][0], a[3], a[4], &c);
	}
	if (c < 0) {
		c = (long)s->width;
		s->ref[0] = '#';
		fmt_int(s->ref + 1, c + 1);
	}
	if (c >= XLSX_MAX_COLS) {
		char m[64];
		snprintf(m, sizeof(m), "more than %d columns", XLSX_MAX_COLS);
		stop_row(s, m);
		return;
	}
	s->col = (size_t)c;
	if (s->width <= s->col)
		s->width = s->col + 1;
	s->vstart = s->text.len;
	s->in_c = !empty;
	if (empty && add_cell(s, s->col, NULL, 0, 0))
		stop(s, "out of memory");
}

/* The open cell's raw text (from vstart) made what parsers see, and queued. */
static int cell_finish(struct xlsx_sheet *s)
{
	struct xlsx *x = s->x;
	const char *v = s->text.data + s->vstart;
	size_t vlen = s->text.len - s->vstart;
	char tmp[64];

	if (s->type == 's') {
		unsigned long idx = 0;
		size_t i, n;
		const char *str = NULL;
		int ok = vlen > 0 && vlen <= 19;
		for (i = 0; ok && i < vlen; i++) {
			ok = v[i] >= '0' && v[i] <= '9';
			idx = idx * 10 + (unsigned long)(v[i] - '0');
		}
		if (!ok) {
			/* anything but plain digits: as strtoul took it */
			char *e;
			size_t k = vlen < sizeof(tmp) ? vlen : sizeof(tmp) - 1;
			memcpy(tmp, v, k);
			tmp[k] = '\0';
			errno = 0;
			idx = strtoul(tmp, &e, 10);
			ok = e != tmp && !*e && !errno;
		}
		if (ok)
			str = xlsx_shared_string(x, idx, &n);
		if (!str) {
			if (!s->cellerr[0]) {
				size_t k = vlen < sizeof(tmp) ? vlen : sizeof(tmp) - 1;
				memcpy(tmp, v, k);
				tmp[k] = '\0';
				snprintf(s->cellerr, sizeof(s->cellerr),
					 "cell %.20s: shared string index '%.30s' out of range (%zu strings)",
					 s->ref, tmp, x->nsst);
			}
			s->text.len = s->vstart;
			return add_cell(s, s->col, NULL, 0, 0);
		}
		s->text.len = s->vstart;
		return add_cell(s, s->col, str, 0, n);
	}
	if (s->type == 'b') {
		int t = vlen && v[0] == '1';
		s->text.len = s->vstart;
		return add_cell(s, s->col, t ? "TRUE" : "FALSE", 0, t ? 4 : 5);
	}
	if (s->type == 'n' && vlen && vlen < sizeof(tmp)) {
		int date = s->style >= 0 && (size_t)s->style < x->nxf && x->xf_date[s->style];
		int is_short = num_is_short(v, vlen);
		char *e = tmp, out[40];
		double d = 0;
		size_t i;
		if (!date && is_short)
			return add_cell(s, s->col, NULL, s->vstart, vlen);
		memcpy(tmp, v, vlen);
		tmp[vlen] = '\0';
		if (is_short && !memchr(v, '.', vlen)) {
			/* a date's serial: at most 15 digits, exact in a double */
			for (i = v[0] == '-'; i < vlen; i++)
				d = d * 10 + (v[i] - '0');
			if (v[0] == '-')
				d = -d;
			e = tmp + vlen;
		} else {
			d = strtod(tmp, &e);
		}
		if (e != tmp && !*e && isfinite(d)) {
			/* 1904 system: serial 0 is 1904-01-01, which is 1900-system serial 1462 */
			if (date && date_from_excel(x->date1904 ? d + 1462 : d, out) == 0) {
				double frac = d - floor(d);
				long secs = lround(frac * 86400.0);
				if (secs > 0 && secs < 86400) {
					long hms[3] = { secs / 3600, secs / 60 % 60, secs % 60 };
					char *o = out + strlen(out);
					int k;
					*o++ = 'T';
					for (k = 0; k < 3; k++) {
						if (k)
							*o++ = ':';
						*o++ = (char)('0' + hms[k] / 10);
						*o++ = (char)('0' + hms[k] % 10);
					}
					*o = '\0';
				}
			} else {
				fmt_cell_num(out, d);
			}
			s->text.len = s->vstart;
			if (buf_adds(&s->text, out))
				return -1;
		}
	}
	return add_cell(s, s->col, NULL, s->vstart, s->text.len - s->vstart);
}

static void sheet_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri, int nns,
			const xmlChar **ns, int nattr, int ndefault, const xmlChar **attr)
{
	struct xlsx_sheet *s = cb_part(ctx);
	int empty;

	(void)prefix;
	(void)uri;
	if (!s)
		return;
	empty = s->skip_end = at_empty_end(s->ctxt);
	if (!s->in_row) {
		if (name != s->n_row)
			return;
		row_start(s, nattr, attr);
		if (empty)
			row_done(s);
		else
			s->in_row = 1;
		return;
	}
	if (name == s->n_c)
		cell_start(s, empty, nns, ns, nattr - ndefault, attr);
	else if (s->in_c && name == s->n_v)
		s->in_v = !empty;
	else if (s->in_c && name == s->n_is)
		s->in_is = !empty;
	else if (s->in_is && name == s->n_t)
		s->in_t = !empty;
	else if (s->in_is && name == s->n_rph)
		s->in_rph = !empty;
}

static void sheet_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct xlsx_sheet *s = cb_part(ctx);

	(void)prefix;
	(void)uri;
	if (!s)
		return;
	if (s->skip_end) {
		s->skip_end = 0;
		return;
	}
	if (!s->in_row)
		return;
	if (name == s->n_row) {
		row_done(s);
	} else if (name == s->n_c && s->in_c) {
		s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
		if (cell_finish(s)) {
			if (errno == E2BIG)
				stop_text(s);
			else
				stop(s, "out of memory");
		}
	} else if (name == s->n_v) {
		s->in_v = 0;
	} else if (name == s->n_is) {
		s->in_is = 0;
	} else if (name == s->n_t) {
		s->in_t = 0;
	} else if (name == s->n_rph) {
		s->in_rph = 0;
	}
}

static void sheet_text(void *ctx, const xmlChar *ch, int len)
{
	struct xlsx_sheet *s = cb_part(ctx);

	if (!s || !s->in_c || !(s->in_v || (s->in_t && !s->in_rph)))
		return;
	if (s->text.len - s->row_text + (size_t)len > XLSX_ROW_MAX) {
		stop_text(s);
		return;
	}
	if (buf_add(&s->text, ch, (size_t)len)) {
		if (errno == E2BIG)
			stop_text(s);
		else
			stop(s, "out of memory");
	}
}

/* <sst><si><t>..</t></si><si><r><t>..</t></r><r><t>..</t></r><rPh>..</rPh></si>... */
static void sst_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri, int nns,
		      const xmlChar **ns, int nattr, int ndefault, const xmlChar **attr)
{
	struct xlsx_sheet *s = cb_part(ctx);
	int empty;

	(void)prefix;
	(void)uri;
	(void)nns;
	(void)ns;
	(void)nattr;
	(void)ndefault;
	(void)attr;
	if (!s)
		return;
	empty = s->skip_end = at_empty_end(s->ctxt);
	if (name == s->n_si) {
		if (sst_push(s->x) || (empty && buf_addc(&s->x->sst, 0)))
			stop(s, "shared strings: more than the reader's limits");
		s->in_si = !empty;
	} else if (name == s->n_t) {
		s->in_t = !empty;
	} else if (name == s->n_rph) {
		s->in_rph = !empty;
	}
}

static void sst_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct xlsx_sheet *s = cb_part(ctx);

	(void)prefix;
	(void)uri;
	if (!s)
		return;
	if (s->skip_end) {
		s->skip_end = 0;
		return;
	}
	if (name == s->n_si) {
		s->in_si = 0;
		if (buf_addc(&s->x->sst, 0))
			stop(s, "shared strings: more than the reader's limits");
	} else if (name == s->n_t) {
		s->in_t = 0;
	} else if (name == s->n_rph) {
		s->in_rph = 0;
	}
}

static void sst_text(void *ctx, const xmlChar *ch, int len)
{
	struct xlsx_sheet *s = cb_part(ctx);

	if (s && s->in_si && s->in_t && !s->in_rph && buf_add(&s->x->sst, ch, (size_t)len))
		stop(s, "shared strings: more than the reader's limits");
}

/*
 * SAX2 handlers: libxml2's own for the document's start and end, ours for
 * elements and text; a DTD refused; no tree, no comments or processing
 * instructions kept.
 */
static xmlSAXHandler sheet_sax, sst_sax;

static void sax_init(void)
{
	static int ready;

	if (ready)
		return;
	ready = 1;
	xmlSAXVersion(&sheet_sax, 2);
	sheet_sax.startElement = NULL;
	sheet_sax.endElement = NULL;
	sheet_sax.reference = NULL;
	sheet_sax.comment = NULL;
	sheet_sax.processingInstruction = NULL;
	sheet_sax.setDocumentLocator = NULL;
	sheet_sax.internalSubset = no_dtd;
	sheet_sax.startElementNs = sheet_start;
	sheet_sax.endElementNs = sheet_end;
	sheet_sax.characters = sheet_text;
	sheet_sax.ignorableWhitespace = sheet_text;
	sheet_sax.cdataBlock = sheet_text;
	sst_sax = sheet_sax;
	sst_sax.startElementNs = sst_start;
	sst_sax.endElementNs = sst_end;
	sst_sax.characters = sst_text;
	sst_sax.ignorableWhitespace = sst_text;
	sst_sax.cdataBlock = sst_text;
}

/*
 * Inflates the next chunk of the part and parses it (the first one also
 * creates the parser, which tells the encoding from its first 4 bytes).
 * Sets ended at the part's end; on a problem also failed, with fatal.
 */
static void pump(struct xlsx_sheet *s)
{
	la_ssize_t n = archive_read_data(s->a, s->chunk, CHUNK);
	size_t first = 0;
	int rc;

	if (n < 0) {
		snprintf(s->fatal, sizeof(s->fatal), "part '%.200s': %s", s->member,
			 archive_error_string(s->a) ? archive_error_string(s->a) : "damaged");
		goto fail;
	}
	s->inflated += (size_t)n;
	if (s->inflated > s->x->member_cap) {
		snprintf(s->fatal, sizeof(s->fatal), "part '%.100s' inflates past the %zu byte limit (a zip bomb?)",
			 s->member, s->x->member_cap);
		goto fail;
	}
	if (!s->ctxt) {
		first = n >= 4 ? 4 : 0;
		sax_init();
		s->ctxt = gw_xml_push_parser(s->sst ? &sst_sax : &sheet_sax, (const char *)s->chunk, (int)first,
					     s->member, &s->xml_err);
		if (!s->ctxt) {
			snprintf(s->fatal, sizeof(s->fatal), "out of memory");
			goto fail;
		}
		s->ctxt->_private = s;
		s->n_row = xmlDictLookup(s->ctxt->dict, BAD_CAST "row", -1);
		s->n_c = xmlDictLookup(s->ctxt->dict, BAD_CAST "c", -1);
		s->n_v = xmlDictLookup(s->ctxt->dict, BAD_CAST "v", -1);
		s->n_is = xmlDictLookup(s->ctxt->dict, BAD_CAST "is", -1);
		s->n_t = xmlDictLookup(s->ctxt->dict, BAD_CAST "t", -1);
		s->n_rph = xmlDictLookup(s->ctxt->dict, BAD_CAST "rPh", -1);
		s->n_si = xmlDictLookup(s->ctxt->dict, BAD_CAST "si", -1);
	}
	rc = gw_xml_push(s->ctxt, (const char *)s->chunk + first, (int)((size_t)n - first), n == 0, &s->xml_err);
	if (s->failed) {
		s->ended = 1;
		return;
	}
	if (rc || !s->ctxt->wellFormed) {
		if (s->sst)
			snprintf(s->fatal, sizeof(s->fatal), "shared strings: %s",
				 s->xml_err.len ? buf_msg(&s->xml_err) : "damaged");
		else
			snprintf(s->fatal, sizeof(s->fatal), "part '%.200s': %s", s->member,
				 s->xml_err.len ? buf_msg(&s->xml_err) : "not well-formed XML");
		goto fail;
	}
	if (n == 0)
		s->ended = 1;
	return;
fail:
	s->failed = 1;
	s->ended = 1;
}

/* The shared strings, whole, into x->sst (see the sst_ callbacks). */
static int read_sst(struct xlsx_sheet *ss, struct buf *err)
{
	while (!ss->ended)
		pump(ss);
	if (ss->failed) {
		buf_printf(err, "%s", ss->fatal);
		return -1;
	}
	return 0;
}

/* Opens a part of the zip for streaming XML; *missing = 1 (and NULL) if it is not there. */
static struct xlsx_sheet *part_open(struct xlsx *x, const char *member, int sst, int *missing,
				    struct buf *err)
{
	struct xlsx_sheet *s;
	struct archive_entry *e;
	int rc, found = 0;

	*missing = 0;
	if (x->open) {
		buf_printf(err, "another sheet is open");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		buf_printf(err, "out of memory");
		return NULL;
	}
	s->x = x;
	s->member = member;
	s->sst = sst;
	s->type = 'n';
	s->style = -1;
	/* a row's own text (XLSX_ROW_MAX), and rows of one chunk queued after it */
	buf_init(&s->text, 2 * (size_t)XLSX_ROW_MAX + 8 * (size_t)CHUNK);
	buf_init(&s->errs, ERRS_MAX);	/* a chunk's rows, each at most one message */
	buf_init(&s->xml_err, BUF_MSG_MAX);
	s->chunk = malloc(CHUNK);
	s->a = archive_read_new();
	if (!s->chunk || !s->a)
		goto nomem;
	archive_read_support_format_zip(s->a);
	if (archive_read_open_memory(s->a, x->data, x->len) != ARCHIVE_OK) {
		/* cut as archive.c's are, to fit a BUF_MSG_MAX message; callers cut at 511 bytes or fewer */
		buf_printf(err, "%.1000s", archive_error_string(s->a) ? archive_error_string(s->a) : "damaged zip");
		goto fail;
	}
	while ((rc = archive_read_next_header(s->a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *nm = archive_entry_pathname(e);
		if (nm && !strcmp(nm, s->member)) {
			found = 1;
			break;
		}
	}
	if (!found) {
		buf_printf(err, "part '%.200s' is not in the file", s->member);
		*missing = 1;
		goto fail;
	}
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)x->member_cap) {
		buf_printf(err, "part '%.200s' claims %lld bytes, over the %zu byte limit",
			 s->member, (long long)archive_entry_size(e), x->member_cap);
		goto fail;
	}
	x->open = s;
	return s;
nomem:
	buf_printf(err, "out of memory");
fail:
	xlsx_sheet_close(s);
	return NULL;
}

struct xlsx_sheet *xlsx_sheet_open(struct xlsx *x, int i, struct buf *err)
{
	int missing;

	if (i < 0 || i >= x->nsheets) {
		buf_printf(err, "no sheet %d", i);
		return NULL;
	}
	return part_open(x, x->sheets[i].path, 0, &missing, err);
}

void xlsx_sheet_close(struct xlsx_sheet *s)
{
	if (!s)
		return;
	if (s->ctxt) {
		if (s->ctxt->myDoc)
			xmlFreeDoc(s->ctxt->myDoc);
		xmlFreeParserCtxt(s->ctxt);
	}
	if (s->a)
		archive_read_free(s->a);
	if (s->x && s->x->open == s)
		s->x->open = NULL;
	buf_release(&s->text);
	buf_release(&s->errs);
	buf_release(&s->xml_err);
	free(s->chunk);
	free(s->q);
	free(s->rows);
	free(s->slot);
	free(s->cells);
	free(s);
}

/* Empties the queue of rows handed out, keeping the row being parsed (moved to the front). */
static void queue_reset(struct xlsx_sheet *s)
{
	size_t i, nq = s->nq - s->row_first, nt = s->text.len - s->row_text;

	if (s->row_first)
		memmove(s->q, s->q + s->row_first, nq * sizeof(*s->q));
	for (i = 0; i < nq; i++)
		if (!s->q[i].ext)
			s->q[i].off -= s->row_text;
	s->nq = nq;
	if (s->row_text) {
		memmove(s->text.data, s->text.data + s->row_text, nt);
		s->text.len = nt;
		s->text.data[nt] = '\0';
		s->vstart = s->vstart >= s->row_text ? s->vstart - s->row_text : 0;
	}
	s->row_first = s->row_text = 0;
	s->nrows = s->next = 0;
	buf_reset(&s->errs);
}

int xlsx_next_row(struct xlsx_sheet *s, struct row *row, struct buf *err)
{
	struct qrow *q;
	size_t i;

	row->cells = NULL;
	row->n = 0;
	row->line = 0;
	row->num = s->given;
	if (s->done)
		return 0;
	if (s->next == s->nrows) {
		queue_reset(s);
		while (!s->nrows && !s->ended)
			pump(s);
		if (!s->nrows) {
			s->done = 1;
			if (!s->failed)
				return 0;
			if (err)
				buf_adds(err, s->fatal);
			return -1;
		}
	}
	q = &s->rows[s->next++];
	if (q->width > s->capcells) {
		struct cell *nc = realloc(s->cells, q->width * sizeof(*nc));
		if (!nc) {
			if (err)
				buf_adds(err, "out of memory");
			s->done = 1;
			return -1;
		}
		s->cells = nc;
		s->capcells = q->width;
	}
	for (i = 0; i < q->width; i++) {
		s->cells[i].s = "";
		s->cells[i].len = 0;
	}
	for (i = q->first; i < q->first + q->ncells; i++) {
		const struct qcell *c = &s->q[i];
		s->cells[c->col].s = c->ext ? c->ext : c->len ? s->text.data + c->off : "";
		s->cells[c->col].len = c->len;
	}
	row->cells = s->cells;
	row->n = q->width;
	row->num = s->given = q->num;
	if (q->err != NO_ERR) {
		if (row->n && err)
			buf_adds(err, s->errs.data + q->err);
		return row->n ? -1 : 1;
	}
	return 1;
}
