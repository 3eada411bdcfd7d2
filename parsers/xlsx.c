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

#include "../lib/buf.h"
#include "../lib/json.h"
#include "../lib/timeq.h"
#include "archive.h"
#include "parser.h"
#include "xml.h"

#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define SST_MAX_STRINGS (16u << 20)
#define SMALL_PART_MAX (256u << 20)

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

struct xlsx_sheet {
	struct xlsx *x;
	struct archive *a;
	xmlTextReaderPtr r;
	size_t inflated;
	const char *member;
	int done;
	long rownum;		/* last row number seen */
	struct buf text;	/* text of the current row's cells */
	size_t *off;		/* cell i: text from off[2i] to off[2i+1] */
	size_t ncell, capcell;
	struct cell *cells;
	size_t capcells;
	char err[256];
	char cellerr[256];
	/* element names interned in the reader's dictionary: compared by pointer */
	const char *n_row, *n_c, *n_v, *n_is, *n_t, *n_rph;
};

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

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

static int read_workbook(struct xlsx *x, const struct buf *wb, char *err, size_t errlen)
{
	xmlTextReaderPtr r = gw_xml_reader(wb->data, wb->len, "workbook.xml");
	int rc, cap = 0;

	if (!r) {
		snprintf(err, errlen, "xl/workbook.xml cannot be read");
		return -1;
	}
	while ((rc = xmlTextReaderRead(r)) == 1) {
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
	if (rc < 0) {
		snprintf(err, errlen, "xl/workbook.xml: %s", gw_xml_error()[0] ? gw_xml_error() : "damaged");
		return -1;
	}
	if (!x->nsheets) {
		snprintf(err, errlen, "xl/workbook.xml lists no sheets");
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
	r = gw_xml_reader(rels->data, rels->len, "workbook.xml.rels");
	if (!r)
		return -1;
	while (xmlTextReaderRead(r) == 1) {
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

static int is_text_node(int t)
{
	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
	       t == XML_READER_TYPE_WHITESPACE || t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* <sst><si><t>..</t></si><si><r><t>..</t></r><r><t>..</t></r><rPh>..</rPh></si>... */
static int read_sst(struct xlsx *x, xmlTextReaderPtr r, const char *streamerr, char *err, size_t errlen)
{
	int rc, in_si = 0, in_t = 0, in_rph = 0;

	while ((rc = xmlTextReaderRead(r)) == 1) {
		int t = xmlTextReaderNodeType(r);
		if (t == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (is_elem(r, "si")) {
				if (sst_push(x)) {
					rc = -2;
					break;
				}
				in_si = !empty;
				if (empty && buf_addc(&x->sst, 0)) {
					rc = -2;
					break;
				}
			} else if (is_elem(r, "t")) {
				in_t = !empty;
			} else if (is_elem(r, "rPh")) {
				in_rph = !empty;
			}
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (is_elem(r, "si")) {
				in_si = 0;
				if (buf_addc(&x->sst, 0)) {
					rc = -2;
					break;
				}
			} else if (is_elem(r, "t")) {
				in_t = 0;
			} else if (is_elem(r, "rPh")) {
				in_rph = 0;
			}
		} else if (in_si && in_t && !in_rph && is_text_node(t)) {
			const xmlChar *v = xmlTextReaderConstValue(r);
			if (v && buf_adds(&x->sst, (const char *)v)) {
				rc = -2;
				break;
			}
		}
	}
	if (rc == -2) {
		snprintf(err, errlen, "shared strings: more than the reader's limits");
		return -1;
	}
	if (rc < 0) {
		if (streamerr[0])
			snprintf(err, errlen, "%s", streamerr);
		else
			snprintf(err, errlen, "shared strings: %s", gw_xml_error()[0] ? gw_xml_error() : "damaged");
		return -1;
	}
	if (in_si && sst_push(x) == 0)	/* never reached on well-formed XML */
		x->nsst--;
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
	r = gw_xml_reader(st->data, st->len, "styles.xml");
	if (!r)
		return -1;
	while (xmlTextReaderRead(r) == 1) {
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

static struct xlsx_sheet *part_open(struct xlsx *x, const char *member, int *missing, char *err,
				    size_t errlen);

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

struct xlsx *xlsx_open(const unsigned char *data, size_t len, char *err, size_t errlen)
{
	struct arc_limits lim = { SMALL_PART_MAX, 1024u << 20, 100000 };
	struct parts pt;
	struct xlsx *x = NULL;
	int i;

	err[0] = '\0';
	memset(&pt, 0, sizeof(pt));
	buf_init(&pt.workbook, SMALL_PART_MAX);
	buf_init(&pt.rels, SMALL_PART_MAX);
	buf_init(&pt.styles, SMALL_PART_MAX);
	snprintf(pt.sst_path, sizeof(pt.sst_path), "xl/sharedStrings.xml");
	snprintf(pt.styles_path, sizeof(pt.styles_path), "xl/styles.xml");
	if (!arc_is_zip(data, len)) {
		snprintf(err, errlen, "not an XLSX (no zip signature)");
		goto fail;
	}
	x = calloc(1, sizeof(*x));
	if (!x) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	x->data = data;
	x->len = len;
	x->member_cap = part_cap(len);
	if (lim.member_max > x->member_cap)
		lim.member_max = x->member_cap;
	if (arc_each(data, len, &lim, parts_want, parts_fn, &pt, err, errlen))
		goto fail;
	if (!pt.workbook.len) {
		snprintf(err, errlen, "not an XLSX (no xl/workbook.xml)");
		goto fail;
	}
	/* the relationships may name other parts for the strings and styles */
	read_rels(x, &pt.rels, &pt, 0);
	if (strcmp(pt.styles_path, "xl/styles.xml")) {
		if (arc_each(data, len, &lim, parts_want, parts_fn, &pt, err, errlen))
			goto fail;
	}
	if (read_workbook(x, &pt.workbook, err, errlen))
		goto fail;
	read_rels(x, &pt.rels, &pt, 1);
	for (i = 0; i < x->nsheets; i++)
		if (!x->sheets[i].path) {
			/* no relationship: the usual name for the i-th sheet */
			char p[64];
			snprintf(p, sizeof(p), "xl/worksheets/sheet%d.xml", i + 1);
			if (!(x->sheets[i].path = xstrdup(p))) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
		}
	buf_init(&x->sst, SMALL_PART_MAX);
	{
		int missing = 0;
		struct xlsx_sheet *ss = part_open(x, pt.sst_path, &missing, err, errlen);
		if (!ss && !missing)
			goto fail;
		if (ss) {
			int r = read_sst(x, ss->r, ss->err, err, errlen);
			xlsx_sheet_close(ss);
			if (r)
				goto fail;
		}
		err[0] = '\0';
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

/*
 * A number as a person would type it: the fewest significant digits that
 * read back the same double, in plain notation where Excel shows it so
 * (720 not 7.2e+02; 79.900000000000006 -> 79.9).
 */
static void fmt_cell_num(char out[40], double v)
{
	int p;

	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(out, 40, "%.0f", v);
		return;
	}
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

/* ---- streaming a sheet ---- */

static int sheet_read(void *ctx, char *buffer, int len)
{
	struct xlsx_sheet *s = ctx;
	la_ssize_t n = archive_read_data(s->a, buffer, (size_t)len);

	if (n < 0) {
		snprintf(s->err, sizeof(s->err), "part '%.200s': %s", s->member,
			 archive_error_string(s->a) ? archive_error_string(s->a) : "damaged");
		return -1;
	}
	s->inflated += (size_t)n;
	if (s->inflated > s->x->member_cap) {
		snprintf(s->err, sizeof(s->err), "part '%.100s' inflates past the %zu byte limit (a zip bomb?)",
			 s->member, s->x->member_cap);
		return -1;
	}
	return (int)n;
}

static int sheet_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Opens a part of the zip for streaming XML; *missing = 1 (and NULL) if it is not there. */
static struct xlsx_sheet *part_open(struct xlsx *x, const char *member, int *missing, char *err,
				    size_t errlen)
{
	struct xlsx_sheet *s;
	struct archive_entry *e;
	int rc, found = 0;

	err[0] = '\0';
	*missing = 0;
	if (x->open) {
		snprintf(err, errlen, "another sheet is open");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->x = x;
	s->member = member;
	buf_init(&s->text, XLSX_ROW_MAX);
	s->a = archive_read_new();
	if (!s->a)
		goto nomem;
	archive_read_support_format_zip(s->a);
	if (archive_read_open_memory(s->a, x->data, x->len) != ARCHIVE_OK) {
		snprintf(err, errlen, "%s", archive_error_string(s->a) ? archive_error_string(s->a) : "damaged zip");
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
		snprintf(err, errlen, "part '%.200s' is not in the file", s->member);
		*missing = 1;
		goto fail;
	}
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)x->member_cap) {
		snprintf(err, errlen, "part '%.200s' claims %lld bytes, over the %zu byte limit",
			 s->member, (long long)archive_entry_size(e), x->member_cap);
		goto fail;
	}
	gw_xml_init();
	s->r = xmlReaderForIO(sheet_read, sheet_close_cb, s, s->member, NULL, GW_XML_OPTS);
	if (!s->r)
		goto nomem;
	s->n_row = (const char *)xmlTextReaderConstString(s->r, (const xmlChar *)"row");
	s->n_c = (const char *)xmlTextReaderConstString(s->r, (const xmlChar *)"c");
	s->n_v = (const char *)xmlTextReaderConstString(s->r, (const xmlChar *)"v");
	s->n_is = (const char *)xmlTextReaderConstString(s->r, (const xmlChar *)"is");
	s->n_t = (const char *)xmlTextReaderConstString(s->r, (const xmlChar *)"t");
	s->n_rph = (const char *)xmlTextReaderConstString(s->r, (const xmlChar *)"rPh");
	x->open = s;
	return s;
nomem:
	snprintf(err, errlen, "out of memory");
fail:
	xlsx_sheet_close(s);
	return NULL;
}

struct xlsx_sheet *xlsx_sheet_open(struct xlsx *x, int i, char *err, size_t errlen)
{
	int missing;

	if (i < 0 || i >= x->nsheets) {
		snprintf(err, errlen, "no sheet %d", i);
		return NULL;
	}
	return part_open(x, x->sheets[i].path, &missing, err, errlen);
}

void xlsx_sheet_close(struct xlsx_sheet *s)
{
	if (!s)
		return;
	if (s->r)
		xmlFreeTextReader(s->r);
	if (s->a)
		archive_read_free(s->a);
	if (s->x && s->x->open == s)
		s->x->open = NULL;
	buf_release(&s->text);
	free(s->off);
	free(s->cells);
	free(s);
}

const char *xlsx_sheet_error(const struct xlsx_sheet *s)
{
	return s->err;
}

/* "BC12" -> column 54 (0-based) and row 12; -1 if not a reference */
static long ref_col(const char *ref, long *row)
{
	long col = 0;
	const char *p = ref;

	while (*p >= 'A' && *p <= 'Z' && col <= XLSX_MAX_COLS) {
		col = col * 26 + (*p - 'A' + 1);
		p++;
	}
	if (p == ref || col > XLSX_MAX_COLS)
		return -1;
	if (row)
		*row = strtol(p, NULL, 10);
	return col - 1;
}

/* Makes cells 0..col exist (empty ones filling gaps). */
static int cells_upto(struct xlsx_sheet *s, size_t col)
{
	while (s->ncell <= col) {
		if (2 * (s->ncell + 1) > s->capcell) {
			size_t n = s->capcell ? s->capcell * 2 : 128;
			size_t *o = realloc(s->off, n * sizeof(*o));
			if (!o)
				return -1;
			s->off = o;
			s->capcell = n;
		}
		s->off[2 * s->ncell] = s->off[2 * s->ncell + 1] = s->text.len;
		s->ncell++;
	}
	return 0;
}

/* The cell's value (raw text of <v> at vstart) turned into what parsers see. */
static int cell_finish(struct xlsx_sheet *s, size_t col, char type, long style, size_t vstart,
		       const char *ref)
{
	struct xlsx *x = s->x;
	char tmp[64];
	const char *v = s->text.data ? s->text.data + vstart : "";
	size_t vlen = s->text.len - vstart;

	if (type == 's') {
		char *e;
		unsigned long idx;
		size_t n;
		const char *str;
		if (vlen >= sizeof(tmp))
			vlen = sizeof(tmp) - 1;
		memcpy(tmp, v, vlen);
		tmp[vlen] = '\0';
		errno = 0;
		idx = strtoul(tmp, &e, 10);
		s->text.len = vstart;
		if (e == tmp || *e || errno || !(str = xlsx_shared_string(x, idx, &n))) {
			if (!s->cellerr[0])
				snprintf(s->cellerr, sizeof(s->cellerr),
					 "cell %.20s: shared string index '%.30s' out of range (%zu strings)",
					 ref, tmp, x->nsst);
			goto done;
		}
		if (buf_add(&s->text, str, n))
			return -1;
	} else if (type == 'b') {
		int t = vlen && v[0] == '1';
		s->text.len = vstart;
		if (buf_adds(&s->text, t ? "TRUE" : "FALSE"))
			return -1;
	} else if (type == 'n' && vlen && vlen < sizeof(tmp)) {
		char *e;
		double d;
		memcpy(tmp, v, vlen);
		tmp[vlen] = '\0';
		d = strtod(tmp, &e);
		if (e != tmp && !*e && isfinite(d)) {
			char out[40];
			s->text.len = vstart;
			/* 1904 system: serial 0 is 1904-01-01, which is 1900-system serial 1462 */
			if (style >= 0 && (size_t)style < x->nxf && x->xf_date[style] &&
			    date_from_excel(x->date1904 ? d + 1462 : d, out) == 0) {
				double frac = d - floor(d);
				long secs = lround(frac * 86400.0);
				if (secs > 0 && secs < 86400) {
					size_t k = strlen(out);
					snprintf(out + k, sizeof(out) - k, "T%02ld:%02ld:%02ld", secs / 3600,
						 secs / 60 % 60, secs % 60);
				}
			} else {
				fmt_cell_num(out, d);
			}
			if (buf_adds(&s->text, out))
				return -1;
		}
	}
done:
	s->off[2 * col] = vstart;
	s->off[2 * col + 1] = s->text.len;
	return 0;
}

int xlsx_next_row(struct xlsx_sheet *s, struct row *row)
{
	xmlTextReaderPtr r = s->r;
	int rc, in_row = 0, in_v = 0, in_t = 0, in_is = 0, in_rph = 0, in_c = 0;
	char type = 'n';
	long style = -1;
	size_t col = 0, vstart = 0, i;
	char ref[32] = "";

	row->cells = NULL;
	row->n = 0;
	row->line = 0;
	row->num = s->rownum;
	if (s->done)
		return 0;
	buf_reset(&s->text);
	s->ncell = 0;
	s->cellerr[0] = '\0';
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int t = xmlTextReaderNodeType(r);
		if (t == XML_READER_TYPE_ELEMENT) {
			const char *nm = (const char *)xmlTextReaderConstLocalName(r);
			int empty = xmlTextReaderIsEmptyElement(r);
			char a[64];
			if (!nm)
				continue;
			if (!in_row) {
				if (nm != s->n_row)
					continue;
				if (attr_local(r, "r", a, sizeof(a)) && strtol(a, NULL, 10) > 0)
					s->rownum = strtol(a, NULL, 10);
				else
					s->rownum++;
				/* rows are few beside cells: the allocating lookup is fine here */
				if (empty)
					goto row_done;
				in_row = 1;
				continue;
			}
			if (nm == s->n_c) {
				long c = -1;
				/* one pass over the attributes, without copies: a sheet has millions of cells */
				type = 'n';
				style = -1;
				ref[0] = '\0';
				while (xmlTextReaderMoveToNextAttribute(r) == 1) {
					const char *an = (const char *)xmlTextReaderConstLocalName(r);
					const char *av = (const char *)xmlTextReaderConstValue(r);
					if (!an || !av || an[1])
						continue;
					if (an[0] == 'r') {
						snprintf(ref, sizeof(ref), "%s", av);
						c = ref_col(ref, NULL);
					} else if (an[0] == 't') {
						if (!strcmp(av, "s")) type = 's';
						else if (!strcmp(av, "b")) type = 'b';
						else if (!strcmp(av, "inlineStr")) type = 'i';
						else if (!strcmp(av, "str")) type = 'S';
						else if (!strcmp(av, "e")) type = 'e';
					} else if (an[0] == 's') {
						style = strtol(av, NULL, 10);
					}
				}
				xmlTextReaderMoveToElement(r);
				if (c < 0) {
					c = (long)s->ncell;
					snprintf(ref, sizeof(ref), "#%ld", c + 1);
				}
				if (c >= XLSX_MAX_COLS) {
					snprintf(s->err, sizeof(s->err), "row %ld: more than %d columns",
						 s->rownum, XLSX_MAX_COLS);
					goto fatal;
				}
				col = (size_t)c;
				if (cells_upto(s, col))
					goto nomem;
				vstart = s->text.len;
				in_c = !empty;
				if (empty) {
					s->off[2 * col] = s->off[2 * col + 1] = vstart;
				}
			} else if (in_c && nm == s->n_v) {
				in_v = !empty;
			} else if (in_c && nm == s->n_is) {
				in_is = !empty;
			} else if (in_is && nm == s->n_t) {
				in_t = !empty;
			} else if (in_is && nm == s->n_rph) {
				in_rph = !empty;
			}
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			const char *nm = (const char *)xmlTextReaderConstLocalName(r);
			if (!nm || !in_row)
				continue;
			if (nm == s->n_row)
				goto row_done;
			if ((nm == s->n_c) && in_c) {
				in_c = in_v = in_is = in_t = in_rph = 0;
				if (cell_finish(s, col, type, style, vstart, ref))
					goto nomem;
			} else if (nm == s->n_v) {
				in_v = 0;
			} else if (nm == s->n_is) {
				in_is = 0;
			} else if (nm == s->n_t) {
				in_t = 0;
			} else if (nm == s->n_rph) {
				in_rph = 0;
			}
		} else if (in_c && (in_v || (in_t && !in_rph)) && is_text_node(t)) {
			const xmlChar *v = xmlTextReaderConstValue(r);
			if (v && buf_adds(&s->text, (const char *)v)) {
				if (errno == E2BIG) {
					snprintf(s->err, sizeof(s->err), "row %ld: more than %u bytes of text",
						 s->rownum, XLSX_ROW_MAX);
					goto fatal;
				}
				goto nomem;
			}
		}
	}
	if (rc < 0) {
		if (!s->err[0])
			snprintf(s->err, sizeof(s->err), "part '%.200s': %s", s->member,
				 gw_xml_error()[0] ? gw_xml_error() : "not well-formed XML");
		goto fatal;
	}
	s->done = 1;
	return 0;
row_done:
	if (s->ncell > s->capcells) {
		struct cell *nc = realloc(s->cells, s->ncell * sizeof(*nc));
		if (!nc)
			goto nomem;
		s->cells = nc;
		s->capcells = s->ncell;
	}
	for (i = 0; i < s->ncell; i++) {
		s->cells[i].s = s->text.data ? s->text.data + s->off[2 * i] : "";
		s->cells[i].len = s->off[2 * i + 1] - s->off[2 * i];
	}
	row->cells = s->cells;
	row->n = s->ncell;
	row->num = s->rownum;
	if (s->cellerr[0]) {
		snprintf(s->err, sizeof(s->err), "%s", s->cellerr);
		return row->n ? -1 : 1;
	}
	return 1;
nomem:
	snprintf(s->err, sizeof(s->err), "out of memory");
fatal:
	s->done = 1;
	row->n = 0;
	row->cells = NULL;
	return -1;
}
