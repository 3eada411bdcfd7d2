/*
 * XLSX reader: a workbook's sheets as rows of text cells (struct row), streamed.
 *
 * xlsx_open reads the container (libarchive, in memory, with caps) and the
 * small parts: the sheet list (xl/workbook.xml), its relationships (sheet
 * name -> part), the shared strings (rich-text runs concatenated, phonetic
 * runs left out) and the cell styles (which number formats are dates).
 * xlsx_sheet_open then streams one sheet's XML straight out of the
 * decompressor, 64 KB at a time, into libxml2's push parser with SAX2
 * callbacks (no tree), so memory stays flat in the number of rows: only
 * the rows completed in the current 64 KB are held. The shared strings are
 * streamed the same way; a cell's text points into them, not copied.
 *
 * Cell text as given to parsers:
 *   shared and inline strings   the string
 *   numbers                     shortest text that reads back the same double
 *                               (79.900000000000006 -> "79.9", 720 -> "720")
 *   numbers styled as dates     ISO "2025-01-22" (1900 system, or 1904 when
 *                               the workbook says date1904), with
 *                               "T08:00:00" when the serial has a time of day
 *   booleans                    "TRUE" / "FALSE"
 *   errors                      the error text ("#N/A")
 *   formulas                    their cached value
 * Missing cells (sparse rows, r="C5" references) are empty cells; rows
 * absent from the sheet are skipped and row->num is the sheet's row number.
 *
 * Errors (lib/msg.h's rule): functions return NULL / -1 and append one
 * message saying why to the caller's err (xlsx_next_row's: at most 255
 * bytes); nothing is printed. Limits: a part that inflates past
 * XLSX_RATIO times the file's size plus 16 MB (at most XLSX_MEMBER_MAX), or
 * claims more, is refused (zip bombs), as are more than
 * XLSX_MAX_COLS columns, a row of more than XLSX_ROW_MAX bytes of text of
 * its own (shared strings, never copied, do not count) and a sheet or
 * shared strings with a DTD (<!DOCTYPE>: OOXML has none, and its entities
 * are the expansion bombs; ECMA-376 Part 2 makes a DTD an error).
 */
#ifndef GW_XLSX_H
#define GW_XLSX_H

#include <stddef.h>

#include "lib/buf.h"
#include "table.h"

#define XLSX_MEMBER_MAX (512u << 20)	/* bytes of one part, decompressed */
#define XLSX_RATIO 200			/* inflated part : whole file */
#define XLSX_MAX_COLS 16384		/* XFD, Excel's last column */
#define XLSX_ROW_MAX (16u << 20)	/* text of one row */

struct xlsx;
struct xlsx_sheet;

/* 1 if data is a zip holding an xl/workbook.xml (cheap: looks at member names in the bytes). */
int xlsx_is_xlsx(const unsigned char *data, size_t len);

/*
 * Opens a workbook over data (len bytes, not copied: data must outlive the
 * workbook and its sheets). Returns NULL with a message appended to err
 * when it is not a readable XLSX. The caller frees it with xlsx_close.
 */
struct xlsx *xlsx_open(const unsigned char *data, size_t len, struct buf *err);
void xlsx_close(struct xlsx *x);

/* Sheets in workbook order; names as the workbook gives them (" Cluster Projects"). */
int xlsx_nsheets(const struct xlsx *x);
const char *xlsx_sheet_name(const struct xlsx *x, int i);
/*
 * Index of the sheet named name: an exact match first, else one equal after
 * trimming and folding case (so "Cluster Projects" finds " Cluster Projects").
 * -1 if none.
 */
int xlsx_sheet_find(const struct xlsx *x, const char *name);
/*
 * The text of the workbook's shared string i, or NULL if out of range; for
 * cheap content checks in detect() (sheet texts without reading sheets).
 */
const char *xlsx_shared_string(const struct xlsx *x, size_t i, size_t *len);
size_t xlsx_shared_count(const struct xlsx *x);

/*
 * Opens sheet i for streaming. Returns NULL with a message appended to err
 * (no such sheet, its part missing, or too large). One sheet may be open at a time per
 * workbook; close it before opening the next.
 */
struct xlsx_sheet *xlsx_sheet_open(struct xlsx *x, int i, struct buf *err);
/*
 * Reads the next row that the sheet holds. Returns 1 with *row filled, 0 at
 * the end, -1 on a problem: if row->n > 0 the row was read but a cell of it
 * is bad (e.g. a shared-string index out of range; that cell is empty) and
 * reading can go on; if row->n == 0 the sheet itself is damaged (XML error,
 * size cap), every row complete before the damage having come first, and
 * the next call returns 0. On -1 why is appended to err (NULL: not
 * wanted); the caller empties err between calls (buf_reset) so that it
 * holds one message. Cells stay valid until the next call.
 */
int xlsx_next_row(struct xlsx_sheet *s, struct row *row, struct buf *err);
void xlsx_sheet_close(struct xlsx_sheet *s);

#endif
