/*
 * The report as CSV (RFC 4180, UTF-8, CRLF): one file per table, a header row
 * "<columns>,sources" and every row (no "other (N)" line). sources: the sha256
 * of the row's documents, separated by spaces. Numbers are raw (USD, MW), not
 * rounded.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/msg.h"
#include "report.h"

#include "lib/banned.h"

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

	for (c = 0; c < t->ncol; c++) {
		field(b, t->cols[c].key);
		buf_addc(b, ',');
	}
	buf_adds(b, "sources\r\n");
	for (i = 0; i < t->nrows; i++) {
		for (c = 0; c < t->ncol; c++) {
			const struct rcell *v = &t->cells[(size_t)i * (size_t)t->ncol + (size_t)c];
			if (c)
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

/* Is t one of those only selects (a section id, or a table id; NULL: every table)? */
static int selected(const struct rsection *s, const struct rtable *t, const char *only)
{
	return !only || !strcmp(s->id, only) || !strcmp(t->id, only);
}

int csv_tables(const struct report *r, const char *only)
{
	int i, j, n = 0;

	for (i = 0; i < r->nsec; i++)
		for (j = 0; j < r->sec[i].nt; j++)
			n += selected(&r->sec[i], r->sec[i].t[j], only);
	return n;
}

int out_csv(const struct report *r, const char *only, struct buf *b)
{
	int i, j;

	for (i = 0; i < r->nsec; i++)
		for (j = 0; j < r->sec[i].nt; j++)
			if (selected(&r->sec[i], r->sec[i].t[j], only)) {
				table(b, r, r->sec[i].t[j]);
				return 0;
			}
	return -1;
}

int out_csv_dir(const struct report *r, const char *only, const char *dir)
{
	struct buf b = BUF_INIT(BUF_OUT_MAX), path = BUF_INIT(BUF_PATH_MAX);
	int i, j, rc = 0;

	if (mkdir(dir, 0777) && errno != EEXIST) {
		gw_error_errno("%s", dir);
		return -1;
	}
	for (i = 0; i < r->nsec; i++)
		for (j = 0; j < r->sec[i].nt; j++) {
			const struct rtable *t = r->sec[i].t[j];
			FILE *f;
			int bad;
			if (!selected(&r->sec[i], t, only))
				continue;
			buf_reset(&b);
			buf_reset(&path);
			table(&b, r, t);
			if (buf_printf(&path, "%s/%s.csv", dir, t->id) || buf_error(&b)) {
				gw_error("%s/%s.csv: %s", dir, t->id, buf_error(&b) ? buf_strerror(&b) : buf_strerror(&path));
				rc = -1;
				continue;
			}
			if (!(f = fopen(buf_str(&path), "w"))) {
				gw_error_errno("%s", buf_str(&path));
				rc = -1;
				continue;
			}
			bad = fwrite(buf_str(&b), 1, b.len, f) != b.len;
			bad |= fclose(f) != 0;
			if (bad) {
				gw_error_errno("%s: cannot write", buf_str(&path));
				rc = -1;
			}
		}
	buf_release(&b);
	buf_release(&path);
	return rc;
}
