/* The report as Markdown (GitHub tables); sources as [n] in a last column. */
#include <string.h>

#include "report.h"

#include "lib/banned.h"

static void cell_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			buf_adds(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			buf_addc(b, ' ');
		else
			buf_addc(b, *s);
	}
}

static void table_all(struct buf *b, const struct rtable *t)
{
	int i, c;
	char tmp[512];
	struct buf s = BUF_INIT(BUF_TEXT_MAX);

	buf_printf(b, "\n**%s**\n\n", t->title);
	if (!t->nrows) {
		buf_adds(b, "(none)\n");
		goto out;
	}
	buf_adds(b, "|");
	for (c = 0; c < t->ncol; c++) {
		buf_addc(b, ' ');
		cell_text(b, t->cols[c].label);
		buf_adds(b, " |");
	}
	buf_adds(b, " sources |\n|");
	for (c = 0; c < t->ncol; c++)
		buf_adds(b, t->cols[c].fmt == CF_TEXT ? "---|" : "---:|");
	buf_adds(b, "---|\n");
	for (i = 0; i < t->nrows; i++) {
		buf_adds(b, "|");
		for (c = 0; c < t->ncol; c++) {
			fmt_cell(&t->cols[c], &t->cells[(size_t)i * (size_t)t->ncol + (size_t)c], tmp, sizeof(tmp));
			buf_addc(b, ' ');
			cell_text(b, tmp);
			buf_adds(b, " |");
		}
		buf_reset(&s);
		fmt_src(t->src[i], t->nsrc[i], &s);
		buf_printf(b, " %s |\n", buf_part(b, &s));
	}
out:
	if (t->note)
		buf_printf(b, "\n_%s_\n", t->note);
	buf_release(&s);
}

/* t as shown: its top rows and an "other (N)" line when it sets top */
static void table(struct buf *b, const struct rtable *t)
{
	struct rtable *c = rt_condensed(t);

	table_all(b, c ? c : t);
	rt_condensed_free(c);
}

int out_markdown(const struct report *r, const char *only, struct buf *b)
{
	int i, j;

	if (!only)
		buf_printf(b, "# Gigawatt quarterly capacity report, %s\n\nGenerated %s%s%s. Figures cite documents "
			   "as [n], listed under Sources.\n", r->quarter, r->generated,
			   r->as_of[0] ? ", as of " : "", r->as_of);
	for (i = 0; i < r->nsec; i++) {
		const struct rsection *s = &r->sec[i];
		if (only && strcmp(s->id, only))
			continue;
		buf_printf(b, "\n## %s\n", s->title);
		if (s->intro.len)
			buf_printf(b, "\n%s\n", buf_str(&s->intro));
		for (j = 0; j < s->nt; j++)
			if (!s->t[j]->data_only)
				table(b, s->t[j]);
	}
	return 0;
}
