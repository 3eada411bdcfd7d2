#include "table.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"
#include "lib/units.h"

#include "lib/banned.h"

/* Trimmed copy of n bytes into out (at most max-1), NUL-terminated. */
static void strn_trim(const char *s, size_t n, char *out, size_t max)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= max)
		n = max - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static const struct cell empty_cell = { "", 0 };

struct cell row_cell(const struct row *r, int col)
{
	if (col < 0 || (size_t)col >= r->n)
		return empty_cell;
	return r->cells[col];
}

int cell_empty(const struct cell *c)
{
	size_t i;

	for (i = 0; i < c->len; i++)
		if (!isspace((unsigned char)c->s[i]))
			return 0;
	return 1;
}

int row_empty(const struct row *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!cell_empty(&r->cells[i]))
			return 0;
	return 1;
}

void cell_copy(const struct row *r, int col, char *out, size_t max)
{
	struct cell c = row_cell(r, col);
	const char *s = c.s;
	size_t n = c.len;

	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= max)
		n = max - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* next folded char of a header name, or -1 at the end */
static int fold_next(const char **p, const char *end)
{
	const char *s = *p;

	if (s < end && isspace((unsigned char)*s)) {
		while (s < end && isspace((unsigned char)*s))
			s++;
		*p = s;
		return s < end ? ' ' : -1;
	}
	if (s >= end)
		return -1;
	*p = s + 1;
	return tolower((unsigned char)*s);
}

int header_eq(const char *a, size_t alen, const char *b)
{
	const char *ae = a + alen, *be = b + strlen(b);
	int ca, cb;

	while (a < ae && isspace((unsigned char)*a))
		a++;
	while (ae > a && isspace((unsigned char)ae[-1]))
		ae--;
	while (b < be && isspace((unsigned char)*b))
		b++;
	while (be > b && isspace((unsigned char)be[-1]))
		be--;
	do {
		ca = fold_next(&a, ae);
		cb = fold_next(&b, be);
		if (ca != cb)
			return 0;
	} while (ca != -1);
	return 1;
}

int header_col(const struct row *hdr, const char *name)
{
	size_t i;

	for (i = 0; i < hdr->n; i++)
		if (header_eq(hdr->cells[i].s, hdr->cells[i].len, name))
			return (int)i;
	return -1;
}

int header_score(const struct row *r, const char *const *names)
{
	int k = 0;

	for (; *names; names++)
		if (header_col(r, *names) >= 0)
			k++;
	return k;
}

int header_map(const struct row *hdr, const struct colspec *specs, int *idx)
{
	int i, missing = 0;

	for (i = 0; specs[i].name; i++) {
		idx[i] = header_col(hdr, specs[i].name);
		if (idx[i] < 0 && specs[i].required)
			missing++;
	}
	return missing;
}

int cell_num(const struct row *r, int col, double *out)
{
	struct cell c = row_cell(r, col);

	return num_parse(c.s, c.len, out);
}

int rowcopy_set(struct rowcopy *c, const struct row *r)
{
	size_t i, total = 0, at = 0;

	for (i = 0; i < r->n; i++)
		total += r->cells[i].len;
	if (total + 1 > c->textcap) {
		char *t = realloc(c->text, total + 1);
		if (!t)
			return -1;
		c->text = t;
		c->textcap = total + 1;
	}
	if (r->n > c->cellcap) {
		struct cell *nc = realloc(c->cells, r->n * sizeof(*nc));
		if (!nc)
			return -1;
		c->cells = nc;
		c->cellcap = r->n;
	}
	for (i = 0; i < r->n; i++) {
		if (r->cells[i].len)
			memcpy(c->text + at, r->cells[i].s, r->cells[i].len);
		c->cells[i].s = c->text + at;
		c->cells[i].len = r->cells[i].len;
		at += r->cells[i].len;
	}
	c->row = *r;
	c->row.cells = c->cells;
	return 0;
}

#define MERGED_MAX (16u << 20)	/* the merged cells of two header rows */

int rowcopy_merge(struct rowcopy *c, const struct row *top, const struct row *bottom)
{
	struct buf t = BUF_INIT(MERGED_MAX);
	struct cell *cells;
	struct row m;
	size_t n = top->n > bottom->n ? top->n : bottom->n, i, *off;
	int r = -1;

	if (!n)
		return rowcopy_set(c, bottom);
	cells = calloc(n, sizeof(*cells));
	off = calloc(n + 1, sizeof(*off));
	if (!cells || !off)
		goto out;
	for (i = 0; i < n; i++) {
		struct cell a = row_cell(top, (int)i), b = row_cell(bottom, (int)i);
		char x[1024], y[1024];
		strn_trim(a.s, a.len, x, sizeof(x));
		strn_trim(b.s, b.len, y, sizeof(y));
		off[i] = t.len;
		if (buf_adds(&t, x) || (x[0] && y[0] && buf_addc(&t, ' ')) || buf_adds(&t, y))
			goto out;
	}
	off[n] = t.len;
	for (i = 0; i < n; i++) {
		cells[i].s = t.data + off[i];
		cells[i].len = off[i + 1] - off[i];
	}
	m.cells = cells;
	m.n = n;
	m.num = bottom->num;
	m.line = bottom->line;
	r = rowcopy_set(c, &m);
out:
	free(cells);
	free(off);
	buf_release(&t);
	return r;
}

void rowcopy_release(struct rowcopy *c)
{
	free(c->text);
	free(c->cells);
	memset(c, 0, sizeof(*c));
}

void header_finder_init(struct header_finder *f, long max_rows)
{
	memset(f, 0, sizeof(*f));
	f->max_rows = max_rows;
}

void header_finder_release(struct header_finder *f)
{
	rowcopy_release(&f->prev);
	rowcopy_release(&f->merged);
	rowcopy_release(&f->hdr);
}

/* header_score, where a name may list alternatives: "Project Name|Project Name - Confidential" */
static int score_alt(const struct row *r, const char *const *names)
{
	int k = 0;

	for (; *names; names++) {
		const char *p = *names;
		while (*p) {
			size_t n = strcspn(p, "|");
			char one[256];
			strn_trim(p, n, one, sizeof(one));
			if (header_col(r, one) >= 0) {
				k++;
				break;
			}
			p += n;
			if (*p)
				p++;
		}
	}
	return k;
}

int header_finder_feed(struct header_finder *f, const struct row *r, const char *const *names, int need)
{
	int one = score_alt(r, names), two = -1;

	if (f->seen > 0 && rowcopy_merge(&f->merged, &f->prev.row, r) == 0)
		two = score_alt(&f->merged.row, names);
	f->seen++;
	if (two > one && two >= need)
		return rowcopy_set(&f->hdr, &f->merged.row) ? -1 : 1;
	if (one >= need)
		return rowcopy_set(&f->hdr, r) ? -1 : 1;
	if (f->seen >= f->max_rows || rowcopy_set(&f->prev, r))
		return -1;
	return 0;
}

int row_join(const struct row *r, struct buf *out)
{
	size_t i;

	buf_reset(out);
	for (i = 0; i < r->n; i++)
		if ((i && buf_addc(out, '\t')) || buf_add(out, r->cells[i].s, r->cells[i].len))
			return -1;
	return 0;
}

int cell_date(const struct row *r, int col, char out[11])
{
	struct cell c = row_cell(r, col);
	double v;

	if (cell_empty(&c))
		return 1;
	if (date_parse(c.s, c.len, out) == 0)
		return 0;
	/* a bare serial from an unstyled date column; 1..73050 is 1900..2099 */
	if (num_parse(c.s, c.len, &v) == 0 && v >= 1 && v < 73051 && date_from_excel(v, out) == 0)
		return 0;
	return -1;
}

void col_letter(int col, char out[4])
{
	char t[4];
	int k = 0, i;

	col++;
	while (col > 0 && k < 3) {
		t[k++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < k; i++)
		out[i] = t[k - 1 - i];
	out[k] = '\0';
}
