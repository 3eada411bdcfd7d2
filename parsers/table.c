#include "table.h"

#include <ctype.h>
#include <string.h>

#include "../lib/timeq.h"

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
