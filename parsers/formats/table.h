/*
 * Rows of cells, as the CSV and XLSX readers give them, and header helpers.
 *
 * A row's cells point into memory the reader owns; they stay valid until
 * the reader's next call. Cell text is not NUL-terminated.
 */
#ifndef GW_TABLE_H
#define GW_TABLE_H

#include <stddef.h>

#include "lib/buf.h"

struct cell {
	const char *s;
	size_t len;
};

struct row {
	struct cell *cells;
	size_t n;
	long num;	/* record number (CSV, 1 = first record) or sheet row (XLSX, 1-based) */
	long line;	/* CSV: physical line where the record starts */
};

/* 1 if the cell, trimmed, is empty */
int cell_empty(const struct cell *c);
/* The row has no non-empty cell */
int row_empty(const struct row *r);
/* Copies a trimmed cell into out (at most max-1 bytes), NUL-terminated. */
void cell_copy(const struct row *r, int col, char *out, size_t max);
/* The cell at col, or an empty cell for col < 0 or past the row's end. */
struct cell row_cell(const struct row *r, int col);

/*
 * Header names compare after folding case, trimming, and collapsing runs of
 * white space (and line breaks inside a header cell) to one space.
 * Returns 1 if equal.
 */
int header_eq(const char *a, size_t alen, const char *b);
/* Index of the column named name in a header row, or -1. */
int header_col(const struct row *hdr, const char *name);
/* How many of the NULL-terminated names occur in row r. */
int header_score(const struct row *r, const char *const *names);

/* A column a parser wants: name in the header, whether it must be there. */
struct colspec {
	const char *name;
	int required;
};

/*
 * Maps specs (terminated by a NULL name) onto a header row: idx[i] gets the
 * column of specs[i] or -1. Returns the number of required columns missing.
 */
int header_map(const struct row *hdr, const struct colspec *specs, int *idx);

/* Numeric value of a cell (thousands commas allowed); 0 or -1. */
int cell_num(const struct row *r, int col, double *out);

/*
 * A row copied into memory of its own (rows from the readers are only valid
 * until their next call). Zero-initialise, rowcopy_set, rowcopy_release.
 */
struct rowcopy {
	struct row row;
	char *text;
	size_t textcap;
	struct cell *cells;
	size_t cellcap;
};
/* Copies r into c; returns 0 or -1 (out of memory). */
int rowcopy_set(struct rowcopy *c, const struct row *r);
/*
 * Two header rows made one (NYISO's "Queue" over "Pos." -> "Queue Pos."):
 * each column's top and bottom text joined by a space, empty parts left out.
 * Returns 0 or -1.
 */
int rowcopy_merge(struct rowcopy *c, const struct row *top, const struct row *bottom);
void rowcopy_release(struct rowcopy *c);

/*
 * The header finder: feed it the rows of a sheet in order; it answers 1 at
 * the first row that has at least `need` of the names (a name may list
 * alternatives separated by '|'; ERCOT's header is far
 * down the sheet, under notes), taking the row above it as the first line of
 * a two-row header when joining the two matches more names (NYISO's "In
 * Service" sheet). The header is then in f->hdr.row (row->num: the header's
 * last row). It gives up (returns -1) after max_rows rows.
 */
struct header_finder {
	struct rowcopy prev, merged, hdr;
	long seen;
	long max_rows;
};
void header_finder_init(struct header_finder *f, long max_rows);
int header_finder_feed(struct header_finder *f, const struct row *r, const char *const *names, int need);
void header_finder_release(struct header_finder *f);

/* A row's cells joined by tabs into out (reset first): the raw text of a reject. */
int row_join(const struct row *r, struct buf *out);

/*
 * A date cell as ISO "YYYY-MM-DD": ISO or US text (see date_parse), or a bare
 * number taken as an Excel 1900-system serial (for sheets whose date columns
 * are not styled as dates). 0, 1 if the cell is empty, -1 if it is not a date.
 */
int cell_date(const struct row *r, int col, char out[11]);

/* The column numbers of a header row as "A".."XFD" for messages; out >= 4 bytes. */
void col_letter(int col, char out[4]);

#endif
