/* Cell formatting shared by the renderers. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

#include "lib/banned.h"

/* v with d decimals and thousands commas: 1234567.8 -> "1,234,567.8" */
static void commas(double v, int d, char *out, size_t max)
{
	char t[64], *p;
	size_t n, i, o = 0, intlen;

	snprintf(t, sizeof(t), "%.*f", d, v);
	p = t;
	if (*p == '-') {
		if (o + 1 < max)
			out[o++] = '-';
		p++;
	}
	n = strlen(p);
	intlen = strcspn(p, ".");
	for (i = 0; i < n && o + 1 < max; i++) {
		if (i && i < intlen && (intlen - i) % 3 == 0)
			out[o++] = ',';
		if (o + 1 < max)
			out[o++] = p[i];
	}
	out[o] = 0;
	if (!strcmp(out, "-0") || !strcmp(out, "-0.0") || !strcmp(out, "-0.00"))
		memmove(out, out + 1, strlen(out));
}

void fmt_cell(const struct rcol *c, const struct rcell *v, char *out, size_t max)
{
	out[0] = 0;
	if (v->null)
		return;
	switch (c->fmt) {
	case CF_TEXT:
		snprintf(out, max, "%s", v->s ? v->s : "");
		break;
	case CF_MW:
		commas(v->v, 1, out, max);
		break;
	case CF_COUNT:
		commas(round(v->v), 0, out, max);
		break;
	case CF_USD_M:
		commas(v->v / 1e6, 1, out, max);
		break;
	case CF_USD:
		snprintf(out, max, "%.2f", v->v);
		break;
	case CF_RATIO:
		snprintf(out, max, "%.3f", v->v);
		break;
	case CF_CHANGE:
		snprintf(out, max, "%+.1f%%", 100 * (v->v - 1));
		break;
	case CF_FLAG:
		snprintf(out, max, "%s", v->v != 0 ? "yes" : "");
		break;
	case CF_NUM:
		snprintf(out, max, v->v == round(v->v) ? "%.0f" : "%g", v->v);
		break;
	}
}

void fmt_src(const int *src, int n, struct buf *out)
{
	int i, j;

	if (!n)
		return;
	buf_addc(out, '[');
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && src[j] == src[j - 1] + 1; j++)
			;
		if (i)
			buf_addc(out, ',');
		if (j - i > 2)
			buf_printf(out, "%d-%d", src[i] + 1, src[j - 1] + 1);
		else if (j - i == 2)
			buf_printf(out, "%d,%d", src[i] + 1, src[i + 1] + 1);
		else
			buf_printf(out, "%d", src[i] + 1);
	}
	buf_addc(out, ']');
}
