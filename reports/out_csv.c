/*
 * The report as CSV (RFC 4180): one block per table, each starting with its
 * header row "table,<columns>,sources" and every row starting with the table
 * id, blocks separated by an empty line. sources: the sha256 of the row's
 * documents, separated by spaces. Numbers are raw (USD, MW), not rounded.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static void field(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\r\n")) {
		buf_addc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_addc(b, '"');
			buf_addc(b, *s);
		}
		buf_addc(b, '"');
	} else {
		buf_adds(b, s);
	}
}

static void table(struct buf *b, const struct report *r, const struct rtable *t)
{
	int i, c, k;
	char num[32];

	buf_adds(b, "table");
	for (c = 0; c < t->ncol; c++) {
		buf_addc(b, ',');
		field(b, t->cols[c].key);
	}
	buf_adds(b, ",sources\r\n");
	for (i = 0; i < t->nrows; i++) {
		field(b, t->id);
		for (c = 0; c < t->ncol; c++) {
			const struct rcell *v = &t->cells[(size_t)i * (size_t)t->ncol + (size_t)c];
			buf_addc(b, ',');
			if (v->null)
				continue;
			if (t->cols[c].fmt == CF_TEXT) {
				field(b, v->s ? v->s : "");
			} else {
				/* integers as integers, the rest to 15 significant digits (spreadsheets read both) */
				if (v->v == floor(v->v) && fabs(v->v) < 1e15)
					snprintf(num, sizeof(num), "%.0f", v->v);
				else
					snprintf(num, sizeof(num), "%.15g", v->v);
				buf_adds(b, num);
			}
		}
		buf_addc(b, ',');
		for (k = 0; k < t->nsrc[i]; k++)
			buf_printf(b, "%s%s", k ? " " : "", r->docs[t->src[i][k]].sha);
		buf_adds(b, "\r\n");
	}
}

int out_csv(const struct report *r, const char *only, struct buf *b)
{
	int i, j, n = 0;

	for (i = 0; i < r->nsec; i++) {
		for (j = 0; j < r->sec[i].nt; j++) {
			const struct rtable *t = r->sec[i].t[j];
			/* only: a section id, or one table's id (a single clean CSV) */
			if (only && strcmp(r->sec[i].id, only) && strcmp(t->id, only))
				continue;
			if (n++)
				buf_adds(b, "\r\n");
			table(b, r, t);
		}
	}
	return 0;
}
