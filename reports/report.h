/*
 * The quarterly report as data: sections of tables whose rows cite the
 * documents behind them. report_build() runs the models over the store and
 * fills a struct report; the output files (out_*.c) render it. Every row
 * keeps the set of documents its figures come from (indices into
 * report.docs, numbered in order of first citation).
 */
#ifndef GW_REPORT_H
#define GW_REPORT_H

#include <sqlite3.h>

#include "lib/buf.h"
#include "accel.h"
#include "capacity.h"
#include "params.h"

/* How a column shows in text; JSON and CSV always carry the raw value. */
enum col_fmt {
	CF_TEXT, CF_MW, CF_COUNT, CF_USD_M, CF_USD, CF_RATIO, CF_CHANGE, CF_FLAG,
	CF_NUM,		/* shown as a count, but no sum makes sense (a node in nm, a year) */
};

struct rcol {
	const char *key;	/* JSON/CSV name */
	const char *label;	/* heading in text, markdown, HTML */
	int fmt;
};

struct rcell {
	char *s;	/* text, owned; NULL for a number */
	double v;
	int null;	/* no value */
};

struct rtable {
	const char *id;		/* JSON key of the rows */
	char *title;		/* owned */
	char *note;		/* owned, may be NULL: a line under the table */
	const struct rcol *cols;
	int ncol;
	struct rcell *cells;	/* nrows * ncol */
	int **src;		/* per row: sorted doc indices */
	int *nsrc;
	int nrows, cap;
	int data_only;		/* shown in JSON and CSV only (e.g. a history behind a chart) */
	int top;		/* text and HTML show the first top rows and an "other (N)" line
				   summing the rest (0: every row); CSV and JSON carry every row */
	int other_col;		/* 1 + the column that says "other (N)" (0: the first text column) */
};

#define RSEC_TABLES 8
struct rsection {
	const char *id, *title;
	struct buf intro;	/* paragraphs, plain text, '\n\n' between them */
	struct rtable *t[RSEC_TABLES];
	int nt;
};

struct docref {
	char sha[65];
	char *url, *name, *first_seen;
};

#define REP_QUARTERS 9	/* the report's quarter and the 8 after it */
#define REP_HISTORY 8	/* the quarters before it, in the capacity table and chart */
struct report {
	int q;			/* the report's quarter (index) */
	char quarter[8];
	char as_of[11];		/* "" for the store as it is */
	char generated[32];
	const struct params *ps;
	sqlite3 *db;		/* the store, while building (document look-ups for citations) */
	struct rsection sec[12];
	int nsec;
	struct docref *docs;
	int ndocs, capdocs;
	int *docorder;		/* doc indices sorted by sha, for lookup */
	int oom;		/* sticky: some allocation failed */
	/* chart data */
	double cap_status[REP_QUARTERS][CAP_NSTATUS];
	double cap_low[REP_QUARTERS], cap_high[REP_QUARTERS], cap_exp[REP_QUARTERS];
	/* the same for the REP_HISTORY quarters before the report's: hist_*[0] is q - REP_HISTORY */
	double hist_status[REP_HISTORY][CAP_NSTATUS];
	double hist_low[REP_HISTORY], hist_high[REP_HISTORY], hist_exp[REP_HISTORY];
	struct rtable *price_hist;	/* sku, term, tier, period, median... (the chart reads it) */
	struct rtable *capex;		/* operator, quarter, facility, it, filed */
};

/* Section ids, for --changes and the like. */
#define SECTION_CHANGES "changes"

/*
 * Builds the report for quarter q from the store db with parameters ps.
 * as_of ("" or NULL: none) is only printed: the caller has already cut the
 * store back to that date. Returns 0, or -1 on a store error or out of memory
 * (a message said which; r is then released).
 */
int report_build(struct report *r, sqlite3 *db, const struct params *ps, int q, const char *as_of);
void report_release(struct report *r);
struct rsection *report_section(struct report *r, const char *id);
struct rtable *report_table(struct report *r, const char *id);

/* Table building (used by the section builders). */
struct rtable *rt_new(struct report *r, struct rsection *s, const char *id, const char *title,
		      const struct rcol *cols, int ncol);
int rt_row(struct report *r, struct rtable *t);
void rt_str(struct report *r, struct rtable *t, int row, int col, const char *s);
void rt_num(struct rtable *t, int row, int col, double v);
/* Cites a document (sha256) for a row; "a,b,c" lists cite each. */
void rt_cite(struct report *r, struct rtable *t, int row, const char *sha);
void rt_cites(struct report *r, struct rtable *t, int row, const char *list);
void rt_note(struct report *r, struct rtable *t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The rows text and HTML show of t: NULL when they show t whole (t->top is 0
 * or covers every row, or out of memory), else a table of its first t->top
 * rows (cells borrowed from t) and a last "other (N)" row: its first text
 * column (or t->other_col) says so, MW, count and million-USD columns hold the sum
 * of the rest, other columns are empty, and it cites every document the rest
 * cite. Free it with rt_condensed_free().
 */
struct rtable *rt_condensed(const struct rtable *t);
void rt_condensed_free(struct rtable *c);

/* Renderers: each writes the whole report (or one section when only != NULL) to out. 0 or -1. */
int out_text(const struct report *r, const char *only, struct buf *out);
int out_markdown(const struct report *r, const char *only, struct buf *out);
/* CSV: out_csv writes the first table only selects (a section or table id; NULL: every table),
   -1 when none; out_csv_dir writes each selected table to DIR/<table id>.csv (DIR made when
   missing), -1 when one could not be written (a message said which); csv_tables counts them. */
int out_csv(const struct report *r, const char *only, struct buf *out);
int out_csv_dir(const struct report *r, const char *only, const char *dir);
int csv_tables(const struct report *r, const char *only);
int out_json(const struct report *r, const char *only, struct buf *out);
int out_html(const struct report *r, const char *only, struct buf *out);
/* The workbook (out_xlsx.c says what it holds) written to path: the tables only selects, and
   always the documents' and parameters' sheets. 0, or -1 with a message (no file left behind). */
int out_xlsx(const struct report *r, const char *only, const char *path);

/* Shared by the renderers: a cell as text in a column's format ("" for null). */
void fmt_cell(const struct rcol *c, const struct rcell *v, char *out, size_t max);
/* Source list of a row as "[1-3,7]" ("" when none). */
void fmt_src(const int *src, int n, struct buf *out);

#endif
