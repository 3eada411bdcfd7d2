/* The report as aligned plain text that fits 100 columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#include "lib/banned.h"

#define WIDTH 100
#define TEXT_MAX 26	/* widest a text column starts at before shrinking */
#define SRC_MAX 14

/* Display width of UTF-8 text: code points (continuation bytes not counted). */
static size_t u8w(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static size_t u8w_n(const char *s, size_t n)
{
	size_t w = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

/* Bytes of s that make at most w columns, on a character boundary. */
static size_t u8cut(const char *s, size_t w)
{
	size_t i = 0, c = 0;

	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (c == w)
				break;
			c++;
		}
		i++;
	}
	return i;
}

/* Appends s padded or cut to w columns (cut text ends in '~'). */
static void pad(struct buf *b, const char *s, size_t w, int right)
{
	size_t sw = u8w(s);

	if (sw > w) {
		buf_add(b, s, u8cut(s, w ? w - 1 : 0));
		if (w)
			buf_addc(b, '~');
		return;
	}
	if (right)
		for (size_t i = sw; i < w; i++)
			buf_addc(b, ' ');
	buf_adds(b, s);
	if (!right)
		for (size_t i = sw; i < w; i++)
			buf_addc(b, ' ');
}

/* Words of s wrapped at WIDTH; paragraphs ("\n\n") kept apart. */
static void wrap(struct buf *b, const char *s, const char *indent)
{
	size_t col = 0;

	buf_adds(b, indent);
	col = strlen(indent);
	while (*s) {
		size_t n = strcspn(s, " \n");
		if (n) {
			if (col > strlen(indent) && col + 1 + u8w_n(s, n) > WIDTH) {
				buf_addc(b, '\n');
				buf_adds(b, indent);
				col = strlen(indent);
			} else if (col > strlen(indent)) {
				buf_addc(b, ' ');
				col++;
			}
			buf_add(b, s, n);
			col += u8w_n(s, n);
			s += n;
		}
		if (*s == '\n' && s[1] == '\n') {
			buf_adds(b, "\n\n");
			buf_adds(b, indent);
			col = strlen(indent);
			s += 2;
		} else if (*s) {
			s++;
		}
	}
	buf_addc(b, '\n');
}

static const char *shown(const struct rtable *t, int c, const struct rcell *v, char *tmp, size_t max)
{
	fmt_cell(&t->cols[c], v, tmp, max);
	/* sha256 ids print as 12-digit prefixes in text; JSON and CSV carry them whole */
	if (!strcmp(t->cols[c].key, "doc") && strlen(tmp) == 64)
		tmp[12] = 0;
	return tmp;
}

static void table_all(struct buf *b, const struct rtable *t)
{
	size_t w[64], full[64], total, i;
	int r, c, ncol = t->ncol < 63 ? t->ncol : 63, hassrc = 0, sep = 2;
	char tmp[512];
	struct buf s = BUF_INIT(BUF_TEXT_MAX);

	buf_printf(b, "\n%s\n\n", t->title);
	if (!t->nrows) {
		buf_adds(b, "  (none)\n");
		goto note;
	}
	for (c = 0; c < ncol; c++)
		full[c] = w[c] = u8w(t->cols[c].label);
	w[ncol] = strlen("sources");
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < ncol; c++) {
			size_t x = u8w(shown(t, c, &t->cells[(size_t)r * (size_t)t->ncol + (size_t)c], tmp, sizeof(tmp)));
			if (x > full[c])
				full[c] = x;
			if (t->cols[c].fmt == CF_TEXT && x > TEXT_MAX)
				x = TEXT_MAX;
			if (x > w[c])
				w[c] = x;
		}
		buf_reset(&s);
		fmt_src(t->src[r], t->nsrc[r], &s);
		if (s.len)
			hassrc = 1;
		if (s.len > w[ncol])
			w[ncol] = s.len > SRC_MAX ? SRC_MAX : s.len;
	}
	/* give room left over to the text columns that were cut, left to right */
	for (total = 2, c = 0; c < ncol; c++)
		total += w[c] + sep;
	if (hassrc)
		total += w[ncol];
	for (c = 0; c < ncol && total < WIDTH; c++)
		if (full[c] > w[c]) {
			size_t more = full[c] - w[c] < WIDTH - total ? full[c] - w[c] : WIDTH - total;
			w[c] += more;
			total += more;
		}
	/* shrink the widest text column until the line fits: first not below its heading (or 6),
	 * then one space between columns, then down to 6 */
	for (;;) {
		size_t widest = 0, floor_;
		int wc = -1;
		for (total = 2, c = 0; c < ncol; c++)
			total += w[c] + sep;
		if (hassrc)
			total += w[ncol];
		if (total <= WIDTH)
			break;
		for (c = 0; c < ncol; c++) {
			floor_ = sep == 2 && u8w(t->cols[c].label) > 6 ? u8w(t->cols[c].label) : 6;
			if (t->cols[c].fmt == CF_TEXT && w[c] > widest && w[c] > floor_)
				widest = w[c], wc = c;
		}
		if (wc < 0 && sep == 2) {
			sep = 1;	/* numbers only, and still too wide: one space between columns */
			continue;
		}
		if (wc < 0)
			break;
		w[wc]--;
	}
	buf_adds(b, "  ");
	for (c = 0; c < ncol; c++) {
		pad(b, t->cols[c].label, w[c], t->cols[c].fmt != CF_TEXT);
		buf_adds(b, sep == 2 ? "  " : " ");
	}
	if (hassrc)
		pad(b, "sources", w[ncol], 0);
	buf_rtrim(b);
	buf_adds(b, "\n  ");
	for (i = 0, total = 0; (int)i < ncol; i++)
		total += w[i] + sep;
	if (hassrc)
		total += w[ncol];
	else
		total -= sep;
	for (i = 0; i < total; i++)
		buf_addc(b, '-');
	buf_addc(b, '\n');
	for (r = 0; r < t->nrows; r++) {
		buf_adds(b, "  ");
		for (c = 0; c < ncol; c++) {
			pad(b, shown(t, c, &t->cells[(size_t)r * (size_t)t->ncol + (size_t)c], tmp, sizeof(tmp)), w[c],
			    t->cols[c].fmt != CF_TEXT);
			buf_adds(b, sep == 2 ? "  " : " ");
		}
		if (hassrc) {
			buf_reset(&s);
			fmt_src(t->src[r], t->nsrc[r], &s);
			pad(b, buf_part(b, &s), w[ncol], 0);
		}
		buf_rtrim(b);
		buf_addc(b, '\n');
	}
note:
	if (t->note) {
		buf_addc(b, '\n');
		wrap(b, t->note, "  ");
	}
	buf_release(&s);
}

/* t as shown: its top rows and an "other (N)" line when it sets top */
static void table(struct buf *b, const struct rtable *t)
{
	struct rtable *c = rt_condensed(t);

	table_all(b, c ? c : t);
	rt_condensed_free(c);
}

int out_text(const struct report *r, const char *only, struct buf *b)
{
	int i, j;

	if (!only) {
		buf_printf(b, "GIGAWATT QUARTERLY CAPACITY REPORT, %s\n", r->quarter);
		buf_printf(b, "generated %s%s%s; figures cite documents as [n], listed under Sources\n",
			   r->generated, r->as_of[0] ? ", as of " : "", r->as_of);
	}
	for (i = 0; i < r->nsec; i++) {
		const struct rsection *s = &r->sec[i];
		size_t k;
		if (only && strcmp(s->id, only))
			continue;
		buf_printf(b, "\n%s\n", s->title);
		for (k = strlen(s->title); k; k--)
			buf_addc(b, '=');
		buf_addc(b, '\n');
		if (s->intro.len) {
			buf_addc(b, '\n');
			wrap(b, buf_str(&s->intro), "");
		}
		for (j = 0; j < s->nt; j++)
			if (!s->t[j]->data_only)
				table(b, s->t[j]);
	}
	return 0;
}
