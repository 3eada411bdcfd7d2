/*
 * Rows of cells, as the CSV and XLSX readers give them, and header helpers.
 *
 * A row's cells point into memory the reader owns; they stay valid until
 * the reader's next call. Cell text is not NUL-terminated.
 */
#ifndef GW_TABLE_H
#define GW_TABLE_H

#include <stddef.h>

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

#endif
