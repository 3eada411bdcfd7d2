#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

void jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
	w->first[0] = 1;
}

/* 1 if the n bytes of s need no escaping in a JSON string */
static int json_plain(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

static void sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (!w->first[w->depth] && buf_addc(w->b, ','))
		w->err = 1;
	w->first[w->depth] = 0;
}

static void jopen(struct jw *w, int c)
{
	sep(w);
	if (buf_addc(w->b, c))
		w->err = 1;
	if (w->depth + 1 >= JW_MAXDEPTH) {
		w->err = 1;
		return;
	}
	w->first[++w->depth] = 1;
}

static void jclose(struct jw *w, int c)
{
	if (buf_addc(w->b, c))
		w->err = 1;
	if (w->depth > 0)
		w->depth--;
}

void jw_obj_open(struct jw *w) { jopen(w, '{'); }
void jw_obj_close(struct jw *w) { jclose(w, '}'); }
void jw_arr_open(struct jw *w) { jopen(w, '['); }
void jw_arr_close(struct jw *w) { jclose(w, ']'); }

/* Writes the separator and q, a key already quoted with its colon (n bytes), in one copy. */
static void put_key(struct jw *w, const char *q, size_t n)
{
	int comma = 0;
	char *o;

	/* as sep() */
	if (!w->after_key) {
		comma = !w->first[w->depth];
		w->first[w->depth] = 0;
	}
	w->after_key = 1;
	if (buf_grow(w->b, n + 1)) {
		w->err = 1;
		return;
	}
	o = w->b->data + w->b->len;
	if (comma)
		*o++ = ',';
	memcpy(o, q, n);
	w->b->len += n + (size_t)comma;
	w->b->data[w->b->len] = '\0';
}

void jw_keyq(struct jw *w, const struct jw_key *k)
{
	put_key(w, k->q, k->n);
}

void jw_key(struct jw *w, const char *key)
{
	size_t n = strlen(key);
	char q[64];

	/* a short plain key (every key the tools write) is quoted here, as JW_KEY does at compile time */
	if (n + 3 <= sizeof(q) && json_plain(key, n)) {
		q[0] = '"';
		memcpy(q + 1, key, n);
		memcpy(q + 1 + n, "\":", 2);
		put_key(w, q, n + 3);
		return;
	}
	sep(w);
	if (json_quote(w->b, key, n) || buf_addc(w->b, ':'))
		w->err = 1;
	w->after_key = 1;
}

void jw_str(struct jw *w, const char *s, size_t n)
{
	sep(w);
	if (json_quote(w->b, s, n))
		w->err = 1;
}

void jw_strz(struct jw *w, const char *s)
{
	if (!s)
		jw_null(w);
	else
		jw_str(w, s, strlen(s));
}

int num_fmt_short(char out[32], double v, int maxdec)
{
	static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
				      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20 };
	double a = fabs(v);
	int k;

	if (!(a >= 1e-5 && a < 1e15))
		return -1;
	/*
	 * M = a * 10^k rounded is below 10^15, so the product's rounding error
	 * (under 0.12) cannot move it to another integer when M/10^k reads back
	 * as a; and the division, correctly rounded as strtod is, says whether
	 * it does. At most one decimal of k places lies within an ulp of a
	 * (10^-k > a * 10^-15 > ulp), so the first k that passes is "%.<k>f"'s.
	 */
	for (k = 0; k <= maxdec && k < (int)(sizeof(p10) / sizeof(p10[0])); k++) {
		double m = a * p10[k], n;
		if (m >= 1e15)
			return -1;
		n = floor(m + 0.5);
		if (n / p10[k] == a) {
			unsigned long long u = (unsigned long long)n;
			char d[24];
			int nd = 0, i, o = 0;
			do {
				d[nd++] = (char)('0' + u % 10);
				u /= 10;
			} while (u);
			if (v < 0)
				out[o++] = '-';
			if (nd <= k) {
				out[o++] = '0';
				out[o++] = '.';
				for (i = 0; i < k - nd; i++)
					out[o++] = '0';
				while (nd)
					out[o++] = d[--nd];
			} else {
				while (nd) {
					if (nd == k)
						out[o++] = '.';
					out[o++] = d[--nd];
				}
			}
			out[o] = '\0';
			return 0;
		}
	}
	return -1;
}

void json_fmt_num(char out[32], double v)
{
	char tmp[64];
	int prec;

	if (v == 0) {	/* also folds -0 */
		memcpy(out, "0", 2);
		return;
	}
	/* plain notation where a reader expects it (720, not 7.2e+02): the
	 * fewest decimals that read back exactly (num_fmt_short finds them
	 * without printf when 15 digits do) */
	if (num_fmt_short(out, v, 17) == 0)
		return;
	if (fabs(v) >= 1e-5 && fabs(v) < 1e15) {
		for (prec = 0; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*f", prec, v);
			if (strtod(tmp, NULL) == v && strlen(tmp) < 32) {
				memcpy(out, tmp, strlen(tmp) + 1);
				return;
			}
		}
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(out, 32, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
}

void jw_num(struct jw *w, double v)
{
	char tmp[32];

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	sep(w);
	json_fmt_num(tmp, v);
	if (buf_adds(w->b, tmp))
		w->err = 1;
}

void jw_int(struct jw *w, int64_t v)
{
	sep(w);
	if (buf_printf(w->b, "%lld", (long long)v))
		w->err = 1;
}

void jw_bool(struct jw *w, int v)
{
	sep(w);
	if (buf_adds(w->b, v ? "true" : "false"))
		w->err = 1;
}

void jw_null(struct jw *w)
{
	sep(w);
	if (buf_adds(w->b, "null"))
		w->err = 1;
}

size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		if (n >= 2 && (s[1] & 0xC0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;	/* past U+10FFFF */
		return 4;
	}
	return 0;
}

int json_quote(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	static const char hex[] = "0123456789abcdef";

	if (buf_grow(b, n + 2))
		return -1;
	/* nothing to escape (most strings): one copy */
	if (json_plain(s, n)) {
		char *o = b->data + b->len;
		o[0] = '"';
		if (n)
			memcpy(o + 1, s, n);
		o[n + 1] = '"';
		b->len += n + 2;
		b->data[b->len] = '\0';
		return 0;
	}
	if (buf_addc(b, '"'))
		return -1;
	while (p < end) {
		const unsigned char *run = p;
		size_t k;

		/* copy the longest run that needs no escaping in one go */
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p > run && buf_add(b, run, (size_t)(p - run)))
			return -1;
		if (p >= end)
			break;
		if (*p >= 0x80) {
			k = utf8_seq_len(p, (size_t)(end - p));
			if (k) {
				if (buf_add(b, p, k))
					return -1;
				p += k;
			} else {
				if (buf_adds(b, "\\ufffd"))
					return -1;
				p++;
			}
			continue;
		}
		switch (*p) {
		case '"': if (buf_adds(b, "\\\"")) return -1; break;
		case '\\': if (buf_adds(b, "\\\\")) return -1; break;
		case '\n': if (buf_adds(b, "\\n")) return -1; break;
		case '\r': if (buf_adds(b, "\\r")) return -1; break;
		case '\t': if (buf_adds(b, "\\t")) return -1; break;
		default: {
			char e[7] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], 0 };
			if (buf_adds(b, e))
				return -1;
		}
		}
		p++;
	}
	return buf_addc(b, '"');
}
