#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

#include "lib/banned.h"

void csv_init(struct csv *c, const char *data, size_t len, char delim)
{
	memset(c, 0, sizeof(*c));
	c->p = data;
	c->end = data + len;
	c->delim = delim;
	c->line = 1;
	buf_init(&c->data, CSV_MAX_RECORD);
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		c->p += 3;
}

void csv_release(struct csv *c)
{
	buf_release(&c->data);
	free(c->offs);
	free(c->cells);
	c->offs = NULL;
	c->cells = NULL;
}

static int push_off(struct csv *c)
{
	if (c->nf + 1 >= c->capf) {
		size_t n = c->capf ? c->capf * 2 : 64;
		size_t *o = realloc(c->offs, n * sizeof(*o));
		if (!o)
			return -1;
		c->offs = o;
		c->capf = n;
	}
	c->offs[c->nf++] = c->data.len;
	return 0;
}

static int valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	size_t k;

	while (p < e) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (!(k = utf8_seq_len(p, (size_t)(e - p))))
			return 0;
		p += k;
	}
	return 1;
}

/* Windows-1252 0x80-0x9F, the rest is Latin-1 */
static const unsigned short cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* The Windows-1252 byte of code point u, or -1 if it has none. */
static int cp1252_byte(unsigned u)
{
	int i;

	if (u < 0x80 || (u >= 0xA0 && u <= 0xFF))
		return (int)u;
	for (i = 0; i < 32; i++)
		if (cp1252[i] == u && u != 0xFFFD)
			return 0x80 + i;
	return -1;
}

/*
 * Double-encoded UTF-8 ("CafÃ©" for "Café": UTF-8 read as Windows-1252 and
 * encoded again): if every character of the field maps back to one
 * Windows-1252 byte, and those bytes are valid UTF-8 with a multi-byte
 * sequence, the field is replaced by them. Returns 1 if repaired.
 */
static int undouble_field(struct csv *c, size_t start)
{
	const unsigned char *p = (const unsigned char *)c->data.data + start, *e = p + (c->data.len - start);
	unsigned char *out;
	size_t k = 0, len;
	int lead = 0, multi = 0;

	for (len = 0; p + len < e; len++)
		if (p[len] >= 0xC2 && p[len] <= 0xC3)
			lead = 1;
	if (!lead)
		return 0;
	out = malloc(len);
	if (!out)
		return 0;
	while (p < e) {
		unsigned u;
		size_t n = *p < 0x80 ? 1 : utf8_seq_len(p, (size_t)(e - p));
		int b;
		if (n == 1)
			u = *p;
		else if (n == 2)
			u = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
		else if (n == 3)
			u = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
		else
			goto no;
		if ((b = cp1252_byte(u)) < 0)
			goto no;
		out[k++] = (unsigned char)b;
		p += n;
	}
	for (len = 0; len < k; len++)
		if (out[len] >= 0x80)
			multi = 1;
	if (!multi || !valid_utf8((const char *)out, k))
		goto no;
	c->data.len = start;
	if (buf_add(&c->data, out, k))
		goto no;
	free(out);
	return 1;
no:
	free(out);
	return 0;
}

/* Re-encodes the last field (from offs[nf-1]) as UTF-8 if it is not. */
static int fix_field(struct csv *c, size_t start)
{
	struct buf t = BUF_INIT(CSV_MAX_RECORD);
	size_t i, n = c->data.len - start;
	int r = 0;

	if (!n)		/* an empty field (data may still be NULL) */
		return 0;
	if (valid_utf8(c->data.data + start, n)) {
		if (undouble_field(c, start))
			c->redecoded++;
		return 0;
	}
	for (i = 0; i < n && !r; i++) {
		unsigned u = (unsigned char)c->data.data[start + i];
		if (u >= 0x80 && u < 0xA0)
			u = cp1252[u - 0x80];
		if (u < 0x80)
			r = buf_addc(&t, (int)u);
		else if (u < 0x800)
			r = buf_addc(&t, 0xC0 | (u >> 6)) || buf_addc(&t, 0x80 | (u & 63));
		else
			r = buf_addc(&t, 0xE0 | (u >> 12)) || buf_addc(&t, 0x80 | ((u >> 6) & 63)) ||
			    buf_addc(&t, 0x80 | (u & 63));
	}
	if (!r) {
		c->data.len = start;
		r = buf_add(&c->data, t.data, t.len);
		c->repaired++;
	}
	buf_release(&t);
	return r;
}

int csv_next(struct csv *c, struct row *row, struct buf *err)
{
	const char *p = c->p, *end = c->end, *rec_start = p;
	size_t fstart;
	int toolong = 0, quoted, ret = 1;
	long qline = 0;
	const char *qpos = NULL;
	size_t i, errlen = err ? err->len : 0;

	row->cells = NULL;
	row->n = 0;
	row->line = c->line;
	row->num = c->rec + 1;
	if (p >= end)
		return 0;
	buf_reset(&c->data);
	c->nf = 0;
	for (;;) {	/* one field per turn */
		if (push_off(c))
			goto nomem;
		fstart = c->data.len;
		quoted = 0;
		if (p < end && *p == '"') {
			quoted = 1;
			qline = c->line;
			qpos = p;
			p++;
		}
		for (;;) {
			const char *run = p;
			if (quoted) {
				while (p < end && *p != '"' && *p != '\n' && *p != '\r')
					p++;
			} else {
				while (p < end && *p != c->delim && *p != '\n' && *p != '\r')
					p++;
			}
			if (p > run && !toolong && buf_add(&c->data, run, (size_t)(p - run))) {
				if (errno != E2BIG)
					goto nomem;
				toolong = 1;
			}
			if (p >= end) {
				if (quoted) {
					/* the rest of the input is not one field: report the
					 * record and go on after the line the quote opened on */
					const char *nl = qpos;
					if (err)
						buf_printf(err, "unterminated quoted field starting at line %ld", qline);
					while (nl < end && *nl != '\n' && *nl != '\r')
						nl++;
					c->line = qline;
					p = nl;
					ret = -1;
					goto record_end;
				}
				goto field_done;
			}
			if (*p == '\n' || *p == '\r') {
				if (!quoted)
					goto field_done;
				/* a line break inside quotes is data; CRLF kept as is */
				if (!toolong && buf_addc(&c->data, *p)) {
					if (errno != E2BIG)
						goto nomem;
					toolong = 1;
				}
				if (*p == '\n' || (*p == '\r' && (p + 1 >= end || p[1] != '\n')))
					c->line++;
				p++;
				continue;
			}
			if (quoted && *p == '"') {
				if (p + 1 < end && p[1] == '"') {
					if (!toolong && buf_addc(&c->data, '"')) {
						if (errno != E2BIG)
							goto nomem;
						toolong = 1;
					}
					p += 2;
					continue;
				}
				p++;	/* closing quote: what follows up to the delimiter is kept as text */
				quoted = 0;
				continue;
			}
			goto field_done;	/* delimiter */
		}
field_done:
		if (!toolong && fix_field(c, fstart)) {
			if (errno != E2BIG)
				goto nomem;
			toolong = 1;
		}
		if (ret < 0 || p >= end)
			break;
		if (*p == c->delim) {
			p++;
			if (c->nf >= CSV_MAX_FIELDS) {
				if (err)
					buf_printf(err, "more than %d fields", CSV_MAX_FIELDS);
				ret = -1;
				/* skip to the end of the line */
				while (p < end && *p != '\n' && *p != '\r')
					p++;
				break;
			}
			continue;
		}
		break;	/* line end */
	}
record_end:
	c->rawlen = (size_t)(p - rec_start);
	c->raw = rec_start;
	/* consume the line end */
	if (p < end && *p == '\r')
		p++;
	if (p < end && *p == '\n')
		p++;
	if (p > rec_start + c->rawlen || p >= end)
		c->line++;
	c->p = p;
	c->rec++;
	if (push_off(c))
		goto nomem;
	c->nf--;	/* the last offset only marks the end */
	if (c->nf > c->capcells) {
		struct cell *nc = realloc(c->cells, c->nf * sizeof(*nc));
		if (!nc)
			goto nomem;
		c->cells = nc;
		c->capcells = c->nf;
	}
	for (i = 0; i < c->nf; i++) {
		c->cells[i].s = c->data.data + c->offs[i];
		c->cells[i].len = c->offs[i + 1] - c->offs[i];
	}
	row->cells = c->cells;
	row->n = c->nf;
	if (toolong && ret > 0) {
		if (err)
			buf_printf(err, "record longer than %u bytes", CSV_MAX_RECORD);
		ret = -1;
	}
	/* parsers take fields as C strings: a NUL byte would cut the field short
	 * without a word, so the record fails instead */
	for (i = 0; ret > 0 && i < c->nf; i++)
		if (c->cells[i].len && memchr(c->cells[i].s, '\0', c->cells[i].len)) {
			if (err)
				buf_printf(err, "field %zu holds a NUL byte", i + 1);
			ret = -1;
		}
	return ret;
nomem:
	if (err) {
		buf_setlen(err, errlen);	/* it replaces what this record said before */
		buf_printf(err, "out of memory");
	}
	c->p = end;
	return -1;
}

int csv_header_has(const unsigned char *data, size_t n, const char *const *names)
{
	struct csv c;
	struct row r;
	int ok = 0;

	csv_init(&c, (const char *)data, n < (64u << 10) ? n : (64u << 10), ',');
	if (csv_next(&c, &r, NULL) == 1) {
		for (ok = 1; *names && ok; names++)
			ok = header_col(&r, *names) >= 0;
	}
	csv_release(&c);
	return ok;
}
