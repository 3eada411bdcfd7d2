/*
 * Unit tests of the XLSX reader (parsers/formats/xlsx.c) and the table helpers it
 * feeds (header finder, two-row headers, dates): workbooks are built in
 * memory with libarchive's zip writer from XML parts written here.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/sources/iso/iso.h"
#include "parsers/formats/table.h"
#include "parsers/formats/xlsx.h"
#include "tap.h"

#include "lib/banned.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define ZIP_MAX (64u << 20)	/* a sheet's XML built by a test */

struct part {
	const char *name;
	const char *xml;
	int stored;
};

/* A zip of parts, in memory (malloc'd, *len bytes). */
static unsigned char *zip(const struct part *parts, size_t *len)
{
	size_t cap = 1u << 20, used = 0;
	unsigned char *out;
	struct archive *a = archive_write_new();
	int i;

	for (i = 0; parts[i].name; i++)
		cap += strlen(parts[i].xml) + 1024;
	out = malloc(cap);

	archive_write_set_format_zip(a);
	archive_write_open_memory(a, out, cap, &used);
	for (i = 0; parts[i].name; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t n = strlen(parts[i].xml);
		if (parts[i].stored)
			archive_write_zip_set_compression_store(a);
		else
			archive_write_zip_set_compression_deflate(a);
		archive_entry_set_pathname(e, parts[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)n);
		archive_write_header(a, e);
		archive_write_data(a, parts[i].xml, n);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	*len = used;
	return out;
}

static const char *WORKBOOK =
	"<?xml version=\"1.0\"?><workbook " NS " " RNS "><sheets>"
	"<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
	"<sheet name=\" Cluster Projects\" sheetId=\"2\" r:id=\"rId2\"/>"
	"<sheet name=\"Broken\" sheetId=\"3\" r:id=\"rId3\"/></sheets></workbook>";
static const char *RELS =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet3.xml\"/>"
	"<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"strings.xml\"/>"
	"</Relationships>";
static const char *SST =
	"<?xml version=\"1.0\"?><sst " NS " count=\"4\" uniqueCount=\"4\">"
	"<si><t>Queue Pos.</t></si>"
	"<si><r><rPr><b/></rPr><t>Homer </t></r><r><t xml:space=\"preserve\">Solar  </t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
	"<si/>"
	"<si><t>SP (MW)</t></si></sst>";
static const char *STYLES =
	"<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"1\">"
	"<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\\ hh:mm\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"&quot;MW&quot;\\ 0.0\"/></numFmts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs>"
	"</styleSheet>";
static const char *SHEET1 =
	"<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>3</v></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"D2\"><v>79.900000000000006</v></c></row>"
	"<row r=\"5\"><c r=\"A5\" s=\"1\"><v>45679</v></c><c r=\"B5\" s=\"2\"><v>45679.5</v></c>"
	"<c r=\"C5\" s=\"3\"><v>45679</v></c><c r=\"D5\"><v>720</v></c><c r=\"E5\"><v>1E-3</v></c></row>"
	"<row r=\"6\"><c t=\"inlineStr\"><is><t>inline</t></is></c><c t=\"b\"><v>1</v></c>"
	"<c t=\"e\"><v>#N/A</v></c><c t=\"str\"><f>A1</f><v>formula text</v></c><c t=\"s\"><v>2</v></c></row>"
	"<row r=\"7\"><c r=\"A7\" t=\"s\"><v>99</v></c><c r=\"B7\"><v>1</v></c></row>"
	"<row r=\"8\"/>"
	"<row r=\"9\"><c r=\"AB9\"><v>3</v></c></row>"
	"</sheetData></worksheet>";
static const char *SHEET2 =
	"<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Queue</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>SP</t></is></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Pos.</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>(MW)</t></is></c></row>"
	"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>0001</t></is></c><c r=\"B3\"><v>1080</v></c></row>"
	"</sheetData></worksheet>";
static const char *SHEET3 =
	"<?xml version=\"1.0\"?><worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
	"<row r=\"2\"><c r=\"A2\"><v>2</c></row></sheetData></worksheet>";

static int cell_is(const struct row *r, int col, const char *want)
{
	struct cell c = row_cell(r, col);
	int ok_ = c.len == strlen(want) && !memcmp(c.s, want, c.len);

	if (!ok_)
		printf("# cell %d: got '%.*s' want '%s'\n", col, (int)c.len, c.s, want);
	return ok_;
}

static void test_reader(void)
{
	const struct part parts[] = {
		{ "[Content_Types].xml", "<Types/>", 1 },
		{ "xl/workbook.xml", WORKBOOK, 0 },
		{ "xl/worksheets/sheet1.xml", SHEET1, 0 },
		{ "xl/worksheets/sheet2.xml", SHEET2, 1 },	/* a stored member beside deflated ones */
		{ "xl/worksheets/sheet3.xml", SHEET3, 0 },
		{ "xl/strings.xml", SST, 0 },
		{ "xl/styles.xml", STYLES, 1 },
		{ "xl/_rels/workbook.xml.rels", RELS, 0 },	/* after the parts it names, as in CAISO's file */
		{ NULL, NULL, 0 },
	};
	size_t len, n;
	unsigned char *data = zip(parts, &len);
	struct buf err = BUF_INIT(BUF_MSG_MAX);
	struct xlsx *x = xlsx_open(data, len, &err);
	struct xlsx_sheet *s;
	struct row r;
	int rc;

	ok(x != NULL, "a workbook opens (%s)", x ? "" : err.data);
	if (!x)
		goto out;
	ok(xlsx_nsheets(x) == 3 && !strcmp(xlsx_sheet_name(x, 1), " Cluster Projects"),
	   "sheet names as the workbook gives them, leading space kept");
	ok(xlsx_sheet_find(x, " Cluster Projects") == 1 && xlsx_sheet_find(x, "cluster projects") == 1 &&
	   xlsx_sheet_find(x, "Nope") == -1, "sheets found exactly, then trimmed and case-folded");
	ok(xlsx_shared_count(x) == 4 && !strcmp(xlsx_shared_string(x, 1, &n), "Homer Solar  ") && n == 13,
	   "rich-text runs concatenated, phonetic runs left out (shared strings from the rels' target)");
	ok(xlsx_shared_string(x, 4, NULL) == NULL, "a shared string past the end is NULL");

	s = xlsx_sheet_open(x, 0, &err);
	ok(s != NULL, "sheet Data opens");
	if (!s)
		goto out;
	ok(xlsx_sheet_open(x, 1, &err) == NULL && strstr(err.data, "another sheet"),
	   "one sheet at a time");
	buf_reset(&err);
	rc = xlsx_next_row(s, &r, &err);
	ok(rc == 1 && r.num == 1 && r.n == 2 && cell_is(&r, 0, "Queue Pos.") && cell_is(&r, 1, "SP (MW)"),
	   "row 1: shared strings");
	rc = xlsx_next_row(s, &r, &err);
	ok(rc == 1 && r.num == 2 && r.n == 4 && cell_is(&r, 0, "Homer Solar  ") && cell_is(&r, 1, "") &&
	   cell_is(&r, 2, "") && cell_is(&r, 3, "79.9"), "row 2: sparse cells empty; 79.900000000000006 -> 79.9");
	rc = xlsx_next_row(s, &r, &err);
	ok(rc == 1 && r.num == 5, "rows absent from the sheet are skipped; row->num is the sheet's row (5)");
	ok(cell_is(&r, 0, "2025-01-22") && cell_is(&r, 1, "2025-01-22T12:00:00"),
	   "date-styled serials (built-in 14, custom yyyy-mm-dd hh:mm) as ISO dates, with the time of day");
	ok(cell_is(&r, 2, "45679") && cell_is(&r, 3, "720") && cell_is(&r, 4, "0.001"),
	   "a number format with a quoted MW is not a date; 720 and 1E-3 written plainly");
	rc = xlsx_next_row(s, &r, &err);
	ok(rc == 1 && r.n == 5 && cell_is(&r, 0, "inline") && cell_is(&r, 1, "TRUE") && cell_is(&r, 2, "#N/A") &&
	   cell_is(&r, 3, "formula text") && cell_is(&r, 4, ""),
	   "cells without r: inline string, boolean, error, formula's cached value, empty shared string");
	ok(err.len == 0, "rows read well add nothing to the caller's buffer");
	rc = xlsx_next_row(s, &r, &err);
	ok(rc == -1 && r.n == 2 && r.num == 7 && cell_is(&r, 0, "") && cell_is(&r, 1, "1") &&
	   !strcmp(err.data, "cell A7: shared string index '99' out of range (4 strings)"),
	   "a shared-string index out of range: -1, the row still given, the cell named in the caller's buffer (%s)",
	   err.data);
	buf_reset(&err);
	rc = xlsx_next_row(s, &r, &err);
	ok(rc == 1 && r.num == 8 && r.n == 0, "an empty <row/> is a row with no cells");
	rc = xlsx_next_row(s, &r, NULL);
	ok(rc == 1 && r.num == 9 && r.n == 28 && cell_is(&r, 27, "3"), "AB9 is column 28 (read with no buffer)");
	ok(xlsx_next_row(s, &r, &err) == 0 && xlsx_next_row(s, &r, &err) == 0 && err.len == 0,
	   "then the end, and it stays the end, saying nothing");
	xlsx_sheet_close(s);

	s = xlsx_sheet_open(x, xlsx_sheet_find(x, "Cluster Projects"), &err);
	ok(s != NULL, "a stored (uncompressed) sheet opens");
	if (s) {
		struct header_finder hf;
		const char *names[] = { "Queue Pos.", "SP (MW)", NULL };
		int f = 0;
		header_finder_init(&hf, 10);
		while (f == 0 && xlsx_next_row(s, &r, NULL) == 1)
			f = header_finder_feed(&hf, &r, names, 2);
		ok(f == 1 && hf.hdr.row.num == 2 && hf.hdr.row.n == 2 && cell_is(&hf.hdr.row, 0, "Queue Pos.") &&
		   cell_is(&hf.hdr.row, 1, "SP (MW)"), "the header finder joins a two-row header (Queue / Pos.)");
		ok(xlsx_next_row(s, &r, NULL) == 1 && cell_is(&r, 0, "0001") && cell_is(&r, 1, "1080"), "data under it");
		header_finder_release(&hf);
		xlsx_sheet_close(s);
	}
	s = xlsx_sheet_open(x, 2, &err);
	if (s) {
		/* libxml2 reads ahead, so rows before the damage may or may not come first */
		buf_reset(&err);
		while ((rc = xlsx_next_row(s, &r, &err)) == 1)
			;
		ok(rc == -1 && r.n == 0 && strstr(err.data, "sheet3.xml"),
		   "a damaged sheet: -1 with no row and the part named (%s)", err.data);
		ok(xlsx_next_row(s, &r, &err) == 0, "and then the end");
		xlsx_sheet_close(s);
	}
out:
	xlsx_close(x);
	free(data);
	buf_release(&err);
}

/* A workbook in the 1904 date system (old Mac Excel): serial 0 is 1904-01-01 */
static void test_1904(void)
{
	const struct part parts[] = {
		{ "xl/workbook.xml", "<workbook " NS " " RNS "><workbookPr date1904=\"1\"/><sheets>"
		  "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", 0 },
		{ "xl/_rels/workbook.xml.rels", RELS, 0 },
		{ "xl/styles.xml", STYLES, 0 },
		{ "xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>44217</v></c>"
		  "</row></sheetData></worksheet>", 0 },
		{ NULL, NULL, 0 },
	};
	size_t len;
	unsigned char *data = zip(parts, &len);
	struct buf err = BUF_INIT(BUF_MSG_MAX);
	struct xlsx *x = xlsx_open(data, len, &err);
	struct xlsx_sheet *s = x ? xlsx_sheet_open(x, 0, &err) : NULL;
	struct row r;

	ok(s && xlsx_next_row(s, &r, &err) == 1 && cell_is(&r, 0, "2025-01-22"),
	   "1904 system: serial 44217 is 2025-01-22 (%s)", s ? "" : err.data);
	xlsx_sheet_close(s);
	xlsx_close(x);
	free(data);
	buf_release(&err);
}

/* A workbook of one sheet "S" (and shared strings sst, unless NULL), opened on its sheet. */
struct one {
	unsigned char *data;
	struct xlsx *x;
	struct xlsx_sheet *s;
	struct buf err;
};

static int one_open(struct one *o, const char *sheet, const char *sst)
{
	const struct part parts[] = {
		{ "xl/workbook.xml", "<workbook " NS " " RNS "><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
		  "</sheets></workbook>", 0 },
		{ "xl/_rels/workbook.xml.rels", RELS, 0 },
		{ "xl/styles.xml", STYLES, 0 },
		{ "xl/worksheets/sheet1.xml", sheet, 0 },
		{ sst ? "xl/strings.xml" : NULL, sst, 0 },
		{ NULL, NULL, 0 },
	};
	size_t len;

	memset(o, 0, sizeof(*o));
	buf_init(&o->err, BUF_MSG_MAX);
	o->data = zip(parts, &len);
	o->x = xlsx_open(o->data, len, &o->err);
	o->s = o->x ? xlsx_sheet_open(o->x, 0, &o->err) : NULL;
	return o->s ? 0 : -1;
}

static void one_close(struct one *o)
{
	xlsx_sheet_close(o->s);
	xlsx_close(o->x);
	free(o->data);
	buf_release(&o->err);
}

/* Text of a sheet: rows of n cells, cell c of row r holds r*100+c; the XML grows in b. */
static void rows_xml(struct buf *b, long from, long to, const char *tail)
{
	long r;

	buf_adds(b, "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>");
	for (r = from; r <= to; r++)
		buf_printf(b, "<row r=\"%ld\"><c r=\"A%ld\"><v>%ld</v></c><c r=\"C%ld\" t=\"inlineStr\"><is><t>r%ld"
			   "</t></is></c></row>", r, r, r * 100, r, r);
	buf_adds(b, tail);
}

/*
 * The reader parses 64 KB of XML at a time and queues the rows completed in
 * it: every row comes out, in order, across chunk boundaries; a row that
 * names one column again and again keeps the last; rows complete before
 * damage come out before the error.
 */
static void test_stream(void)
{
	struct buf b = BUF_INIT(ZIP_MAX);
	struct one o;
	struct row r;
	long n = 0, bad = 0;
	int rc, i;

	rows_xml(&b, 1, 20000, "</sheetData></worksheet>");
	rc = one_open(&o, buf_str(&b), SST);
	ok(rc == 0, "a sheet of 20,000 rows (%zu bytes of XML) opens (%s)", b.len, o.err.data);
	while ((rc = xlsx_next_row(o.s, &r, &o.err)) == 1) {
		char a[32], c[32];
		n++;
		snprintf(a, sizeof(a), "%ld", n * 100);
		snprintf(c, sizeof(c), "r%ld", n);
		if (r.num != n || r.n != 3 || r.cells[0].len != strlen(a) || memcmp(r.cells[0].s, a, strlen(a)) ||
		    r.cells[1].len || r.cells[2].len != strlen(c) || memcmp(r.cells[2].s, c, strlen(c)))
			bad++;
	}
	ok(rc == 0 && n == 20000 && bad == 0, "all 20,000 rows in order with their cells (%ld read, %ld wrong)", n, bad);
	one_close(&o);

	buf_reset(&b);
	buf_adds(&b, "<worksheet " NS "><sheetData><row r=\"1\">");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "<c r=\"B1\"><v>1</v></c><c r=\"A1\"/>");
	buf_adds(&b, "<c r=\"B1\"><v>2</v></c></row></sheetData></worksheet>");
	rc = one_open(&o, buf_str(&b), NULL) == 0 && xlsx_next_row(o.s, &r, &o.err) == 1;
	ok(rc && r.n == 2 && cell_is(&r, 0, "") && cell_is(&r, 1, "2"),
	   "a row naming its columns 200,000 times: the last of each wins");
	one_close(&o);

	buf_reset(&b);
	rows_xml(&b, 1, 3000, "<row r=\"3001\"><c><v>1</v></x></row></sheetData></worksheet>");
	rc = one_open(&o, buf_str(&b), NULL);
	ok(rc == 0, "a sheet damaged after 3,000 rows opens");
	n = 0;
	while ((rc = xlsx_next_row(o.s, &r, &o.err)) == 1)
		n++;
	ok(rc == -1 && r.n == 0 && n == 3000 && r.num == 3000 && strstr(o.err.data, "sheet1.xml': line 1:"),
	   "every row before the damage, then -1 with no row (%ld rows, row %ld: %s)", n, r.num, o.err.data);
	ok(xlsx_next_row(o.s, &r, &o.err) == 0, "and then the end");
	one_close(&o);
	buf_release(&b);
}

/* Cells as the tree reader gave them, on the forms it told apart */
static void test_cells(void)
{
	struct one o;
	struct row r;
	static const char *sheet =
		"<worksheet " NS "><sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"s\"/><c r=\"B1\" t=\"b\"/><c r=\"C1\"><v>0.00001</v></c><c r=\"D1\"><v>5.50</v></c>"
		"<c r=\"E1\"><v>-0</v></c><c r=\"F1\"><v>1234567890123456</v></c><c r=\"G1\"><v>0.0001</v></c>"
		"<c r=\"H1\"><v> 7</v></c><c r=\"I1\" t=\"s\"><v>+3</v></c><c r=\"J1\" t=\"inlineStr\"><is><t>a&amp;b</t>"
		"<r><t><![CDATA[<c>]]></t></r><rPh><t>x</t></rPh></is></c><c r=\"K1\"><v>1<!-- -->2</v></c></row>"
		"<row r=\"2\"><c r=\"A&amp;2\" t=\"s\"></c></row>"
		"</sheetData></worksheet>";

	int rc = one_open(&o, sheet, SST) == 0 && xlsx_next_row(o.s, &r, &o.err) == 1;

	ok(rc && r.n == 11, "a row of odd cells reads (%s)", o.err.data);
	ok(cell_is(&r, 0, "") && cell_is(&r, 1, ""), "<c t=\"s\"/> and <c t=\"b\"/> are empty cells, not errors");
	ok(cell_is(&r, 2, "0.00001") && cell_is(&r, 3, "5.5") && cell_is(&r, 4, "-0") &&
	   cell_is(&r, 5, "1234567890123456") && cell_is(&r, 6, "0.0001") && cell_is(&r, 7, "7"),
	   "numbers: shortest plain text (0.00001, 5.50 -> 5.5, -0, 16 digits, 0.0001, ' 7' -> 7)");
	ok(cell_is(&r, 8, "SP (MW)"), "a shared-string index as strtoul reads it (+3)");
	ok(cell_is(&r, 9, "a&b<c>") && cell_is(&r, 10, "12"),
	   "inline rich text with entities and CDATA joined, phonetic run left out; text around a comment joined");
	rc = xlsx_next_row(o.s, &r, &o.err);
	ok(rc == -1 && r.n == 1 && strstr(o.err.data, "cell A&2: shared string index '' out of range"),
	   "<c t=\"s\"></c> is an empty index, named by its reference with '&' (%s)", o.err.data);
	one_close(&o);
}

/* Limits: text of a row, columns, DTDs */
static void test_limits(void)
{
	struct buf big = BUF_INIT(ZIP_MAX), sheet = BUF_INIT(ZIP_MAX);
	struct one o;
	struct row r;
	int i;

	/* 20 cells citing a 1 MB shared string: 20 MB of cells, none of it copied */
	buf_adds(&big, "<sst " NS "><si><t>");
	for (i = 0; i < (1 << 20); i++)
		buf_addc(&big, 'x');
	buf_adds(&big, "</t></si></sst>");
	buf_adds(&sheet, "<worksheet " NS "><sheetData><row r=\"1\">");
	for (i = 0; i < 20; i++)
		buf_adds(&sheet, "<c t=\"s\"><v>0</v></c>");
	buf_adds(&sheet, "</row></sheetData></worksheet>");
	i = one_open(&o, buf_str(&sheet), buf_str(&big)) == 0 && xlsx_next_row(o.s, &r, &o.err) == 1;
	ok(i && r.n == 20 && r.cells[19].len == (1u << 20),
	   "a row citing a 1 MB shared string 20 times reads (shared strings are not copied)");
	one_close(&o);

	buf_reset(&sheet);
	buf_adds(&sheet, "<worksheet " NS "><sheetData><row r=\"1\"><c><v>1</v></c></row><row r=\"2\">");
	for (i = 0; i < 17; i++) {
		buf_adds(&sheet, "<c t=\"inlineStr\"><is><t>");
		buf_add(&sheet, strstr(big.data, "<t>") + 3, 1u << 20);
		buf_adds(&sheet, "</t></is></c>");
	}
	buf_adds(&sheet, "</row></sheetData></worksheet>");
	i = one_open(&o, buf_str(&sheet), NULL) == 0 && xlsx_next_row(o.s, &r, &o.err) == 1 &&
	    xlsx_next_row(o.s, &r, &o.err) == -1;
	ok(i && r.n == 0 && !strcmp(o.err.data, "row 2: more than 16777216 bytes of text"),
	   "17 MB of inline text in one row: refused, row named (%s)", o.err.data);
	one_close(&o);

	buf_reset(&sheet);
	buf_adds(&sheet, "<worksheet " NS "><sheetData><row r=\"4\">");
	for (i = 0; i < XLSX_MAX_COLS + 1; i++)
		buf_adds(&sheet, "<c/>");
	buf_adds(&sheet, "</row></sheetData></worksheet>");
	i = one_open(&o, buf_str(&sheet), NULL) == 0 && xlsx_next_row(o.s, &r, &o.err) == -1;
	ok(i && r.n == 0 && !strcmp(o.err.data, "row 4: more than 16384 columns"),
	   "16,385 columns: refused (%s)", o.err.data);
	one_close(&o);

	i = one_open(&o, "<!DOCTYPE worksheet [<!ENTITY e \"EE\">]><worksheet " NS "><sheetData><row><c><v>&e;</v>"
		     "</c></row></sheetData></worksheet>", NULL) == 0 && xlsx_next_row(o.s, &r, &o.err) == -1;
	ok(i && r.n == 0 && strstr(o.err.data, "part 'xl/worksheets/sheet1.xml': a DTD (<!DOCTYPE>) is refused"),
	   "a sheet with a DTD: refused before its entities are read (%s)", o.err.data);
	one_close(&o);
	i = one_open(&o, SHEET2, "<!DOCTYPE sst><sst " NS "><si><t>a</t></si></sst>");
	ok(i == -1 && strstr(o.err.data, "shared strings: a DTD (<!DOCTYPE>) is refused"),
	   "shared strings with a DTD: the workbook is refused (%s)", o.err.data);
	one_close(&o);
	buf_release(&big);
	buf_release(&sheet);
}

static void test_not_xlsx(void)
{
	struct buf err = BUF_INIT(BUF_MSG_MAX);
	const struct part noworkbook[] = { { "a.txt", "hello", 0 }, { NULL, NULL, 0 } };
	size_t len;
	unsigned char *data = zip(noworkbook, &len);

	ok(xlsx_open((const unsigned char *)"PK\3\4garbage", 11, &err) == NULL && err.len,
	   "a damaged zip: NULL and why (%s)", err.data);
	buf_reset(&err);
	ok(xlsx_open((const unsigned char *)"a,b\n", 4, &err) == NULL && strstr(err.data, "no zip"),
	   "not a zip: NULL and why");
	buf_reset(&err);
	ok(xlsx_open(data, len, &err) == NULL && strstr(err.data, "no xl/workbook.xml"),
	   "a zip without a workbook: NULL and why");
	free(data);
	buf_release(&err);
}

static void test_table(void)
{
	struct cell c1[] = { { "Queue", 5 }, { "", 0 }, { "Date", 4 } };
	struct cell c2[] = { { "Pos.", 4 }, { "Owner", 5 }, { "of IR", 5 }, { "45679", 5 } };
	struct row top = { c1, 3, 1, 0 }, bottom = { c2, 4, 2, 0 };
	struct rowcopy m = { { NULL, 0, 0, 0 }, NULL, 0, NULL, 0 };
	char d[11], l[4];

	ok(rowcopy_merge(&m, &top, &bottom) == 0 && m.row.n == 4 && cell_is(&m.row, 0, "Queue Pos.") &&
	   cell_is(&m.row, 1, "Owner") && cell_is(&m.row, 2, "Date of IR") && cell_is(&m.row, 3, "45679") &&
	   m.row.num == 2, "two header rows joined column by column");
	ok(cell_date(&bottom, 3, d) == 0 && !strcmp(d, "2025-01-22"), "a bare serial read as an Excel date");
	ok(cell_date(&bottom, 1, d) == -1 && cell_date(&bottom, 9, d) == 1, "text is not a date; past the end is empty");
	col_letter(0, l);
	ok(!strcmp(l, "A"), "column 0 is A");
	col_letter(27, l);
	ok(!strcmp(l, "AB"), "column 27 is AB");
	col_letter(16383, l);
	ok(!strcmp(l, "XFD"), "column 16383 is XFD");
	rowcopy_release(&m);
}

/* A workbook of one sheet "Interconnection Queue" whose shared strings are a and b, stored (not deflated) */
static unsigned char *queue_book(const char *a, const char *b, size_t *len)
{
	char sst[512];
	const struct part parts[] = {
		{ "xl/workbook.xml", "<workbook " NS " " RNS "><sheets><sheet name=\"Interconnection Queue\""
		  " sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", 1 },
		{ "xl/_rels/workbook.xml.rels", RELS, 1 },
		{ "xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\">"
		  "<v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row></sheetData></worksheet>", 1 },
		{ "xl/strings.xml", sst, 1 },
		{ NULL, NULL, 0 },
	};

	snprintf(sst, sizeof(sst), "<sst " NS "><si><t>%s</t></si><si><t>%s</t></si></sst>", a, b);
	return zip(parts, len);
}

/*
 * The ISO parsers' workbook is kept in the document's memo (struct doc_memo), not in a cache
 * of the reader's keyed on the bytes' address: two bodies of the same length at the same
 * address, with the same sha256 (the fuzz driver gives every input zeros, gw-fetch none),
 * each get their own workbook.
 */
static void test_workbook_memo(void)
{
	const struct parser *nyiso = parser_find("nyiso-queue");
	size_t alen, blen;
	unsigned char *a = queue_book("Queue Pos.", "SP (MW)", &alen);
	unsigned char *b = queue_book("Queue Pox.", "SP (MX)", &blen);
	unsigned char *body = malloc(alen), *other = malloc(alen);
	struct gw_doc d1, d2;

	ok(nyiso && alen == blen, "two workbooks of the same length (%zu, %zu bytes)", alen, blen);
	memcpy(body, a, alen);
	memset(&d1, 0, sizeof(d1));
	d1.name = "a.xlsx";
	d1.data = body;
	d1.len = alen;
	memset(d1.sha256, '0', 64);
	d2 = d1;
	d2.name = "b.xlsx";
	ok(nyiso->detect(&d1) == 90 && iso_has_string(&d1, "Queue Pos.") && d1.memo.p,
	   "the first body is NYISO's queue, its workbook kept in its memo");
	/* the second body where the first was, its memo left filled (as a leak would) */
	memcpy(body, b, blen);
	ok(nyiso->detect(&d2) == 40 && !iso_has_string(&d2, "Queue Pos.") && iso_has_string(&d2, "Queue Pox."),
	   "the second body, same address, length and sha256: its own workbook, not the first's");
	ok(d2.memo.p != d1.memo.p, "each document's memo holds its own workbook");
	doc_memo_release(&d1.memo);
	ok(!d1.memo.p && !d1.memo.owner, "a released memo is empty");
	ok(nyiso->detect(&d1) == 40, "the first document, released and read again, sees the new bytes");
	/* a reader given other bytes in the same gw_doc starts again */
	memcpy(other, a, alen);
	d1.data = other;
	ok(nyiso->detect(&d1) == 90, "a memo made for other bytes (another data) is not used");
	doc_memo_release(&d1.memo);
	doc_memo_release(&d2.memo);
	doc_memo_release(&d2.memo);
	ok(!d2.memo.p, "releasing twice is harmless");
	free(a);
	free(b);
	free(body);
	free(other);
}

/* The queue parsers' fuel normalisation (parsers/sources/iso/iso.c), on the ISOs' own words */
static void test_fuel(void)
{
	static const char *const cases[][3] = {
		{ "Natural Gas", "gas", "generation" }, { "Solar; Storage", "hybrid", "hybrid" },
		{ "Battery/Storage", "storage", "storage" }, { "Battery Storage", "storage", "storage" },
		{ "Wind Turbine; Battery", "hybrid", "hybrid" }, { "OSW", "wind", "generation" },
		{ "L", "load", "load" }, { "ES", "storage", "storage" }, { "CR", "hybrid", "hybrid" },
		{ "Natural Gas; Other", "gas", "generation" }, { "Solar\\RECIP Gas", "hybrid", "hybrid" },
		{ "Waste Heat Recovery", "other", "generation" }, { "Pumped-Storage hydro", "storage", "storage" },
		{ "Methane", "biomass", "generation" }, { "NU", "nuclear", "generation" },
	};
	size_t i;
	int t;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *f = grid_fuel(cases[i][0], &t);
		ok(f && !strcmp(f, cases[i][1]) && !strcmp(grid_kind(f), cases[i][2]) && !t,
		   "fuel '%s' -> %s, %s (got %s)", cases[i][0], cases[i][1], cases[i][2], f ? f : "NULL");
	}
	ok(grid_fuel("DC", &t) && t == 1 && grid_fuel("AC", &t) && t == 1, "NYISO's AC and DC are transmission");
	ok(grid_fuel("  ", &t) == NULL, "no fuel text, no fuel");
}

int main(void)
{
	test_fuel();
	test_reader();
	test_1904();
	test_stream();
	test_cells();
	test_limits();
	test_not_xlsx();
	test_table();
	test_workbook_memo();
	return done();
}
