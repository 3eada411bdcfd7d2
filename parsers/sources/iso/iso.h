/*
 * Shared by the ISO interconnection-queue parsers beside it (caiso_queue.c,
 * ercot_gis.c, miso_queue.c, nyiso_queue.c, pjm_queue.c, spp_queue.c): fuel
 * and kind normalisation, column mapping by header name with alternatives,
 * the workbook kept for detect() and parse(), and the grid_request record writer.
 */
#ifndef GW_ISO_H
#define GW_ISO_H

#include "parsers/parser.h"
#include "parsers/formats/table.h"
#include "parsers/formats/xlsx.h"

/*
 * Normalised fuel of an ISO's fuel or type text (schemas/records.md: solar
 * wind storage gas nuclear hydro coal oil geothermal biomass hybrid load
 * other), or NULL if the text is empty. Several fuels in one text
 * ("Solar; Storage", "Wind Turbine; Battery", "Solar/Battery") give
 * "hybrid". *transmission is set to 1 when the text names a transmission
 * project (NYISO's AC, DC) rather than a fuel.
 */
const char *grid_fuel(const char *raw, int *transmission);
/* request_kind from a normalised fuel: storage, hybrid, load, else generation. */
const char *grid_kind(const char *fuel);

/*
 * A column wanted by name; name may list alternatives separated by '|'
 * ("Developer/Interconnection Customer|Owner/Developer"), tried in order.
 */
struct isocol {
	const char *name;
	int required;
};
/*
 * Maps cols (NULL-terminated) onto hdr; idx[i] = column or -1. Returns the
 * number of required columns missing, and names them in missing (reset).
 */
int iso_map(const struct row *hdr, const struct isocol *cols, int *idx, struct buf *missing);
/* The names (with their alternatives) of the required columns, NULL-terminated, for the header finder. */
int iso_names(const struct isocol *cols, const char **out, int max);

/*
 * The workbook of doc, opened once and kept in doc's memo (struct doc_memo)
 * for the next call on the same document (detect() of several parsers, then
 * parse()). NULL if doc is not an XLSX (a message appended to err, if not
 * NULL). Owned by the memo: never freed by the caller, valid until the memo
 * is released.
 */
struct xlsx *iso_workbook(const struct gw_doc *doc, struct buf *err);
/* Releases doc's memo, and the workbook with it: parse() calls it when done with the workbook. */
void iso_workbook_drop(const struct gw_doc *doc);
/*
 * For a parser's parse(): p's workbook (iso_workbook), or NULL when p's
 * document is not one, said with pfatal() and the memo dropped.
 */
struct xlsx *iso_parse_workbook(struct gw_parse *p);
/*
 * 1 if some shared string of doc's workbook (iso_workbook) equals
 * (header_eq) s, or some cell of the first 40 rows of a sheet: workbooks
 * written with inline strings have no shared strings. 0 if none does, or
 * doc is not an XLSX.
 */
int iso_has_string(const struct gw_doc *doc, const char *s);

/* One grid request, built by a parser from a row, written by grid_emit. */
struct gridreq {
	const char *iso;
	char queue_id[128];
	char project[512];
	const char *request_kind;
	const char *fuel;
	char fuel_raw[256];
	double mw;
	int has_mw;
	const char *status;
	char status_raw[256];
	char county[256];
	char state[64];
	char requested[11];
	char expected_online[11];
	char developer[512];
	char poi[1024];
};
void gridreq_clear(struct gridreq *g);
/* Writes g as a grid_request record at the locator. */
int grid_emit(struct gw_parse *p, const struct gridreq *g, const char *locfmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * A date column into out: "" when the cell is empty or a placeholder
 * (N/A, TBD, ERCOT's 1-1-1900 for "no date"); month-year forms "04-2026",
 * "12/2024" become the first of that month. Returns 0, or -1 (out = "")
 * with a message for a cell that is not a date.
 */
int iso_date(struct gw_parse *p, const struct row *r, int col, char out[11], const char *what,
	     const char *where);

/* A MW column: 1 with *mw set, 0 if empty or N/A/TBD, -1 if not a number (raw in bad). */
int iso_mw(const struct row *r, int col, double *mw, char *bad, size_t badmax);

/*
 * A sheet row's MW column into g (g->mw, g->has_mw). Returns 0, or -1 after
 * rejecting the row ("NAME 'x' is not a number", at where) when the cell is
 * not a number. name is the column as the sheet names it.
 */
struct gridreq;
int iso_row_mw(struct gw_parse *p, const struct row *r, int col, const char *name, struct gridreq *g,
	       const char *where);

/* Rejects row r (its cells joined by tabs as the raw text) with reason at loc. */
void iso_reject_row(struct gw_parse *p, const struct row *r, const char *reason, const char *locfmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Reads one XLSX sheet with the header finder and calls fn for every data
 * row under the header. Empty rows are skipped; after the first empty row,
 * rows whose id column is empty are the sheet's footer (notes, totals), as is
 * everything from a row whose id cell starts with "NOTES". Returns 0, or -1
 * (with a message) when the sheet cannot be read or has no header.
 */
typedef int (*iso_row_fn)(struct gw_parse *p, void *arg, const struct row *hdr, const int *idx,
			  const struct row *r, const char *sheet);
int iso_sheet(struct gw_parse *p, struct xlsx *x, const char *sheet, const struct isocol *cols,
	      int need, int idcol_index, iso_row_fn fn, void *arg);

/* 1 if needle occurs in hay, ignoring ASCII case. */
int ci_contains(const char *hay, const char *needle);

#endif
