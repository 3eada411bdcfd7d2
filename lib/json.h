/*
 * JSON writer over a struct buf.
 *
 * Strings are written as valid JSON whatever bytes they hold: valid UTF-8
 * passes through, control characters are escaped, and every byte that is not
 * part of a valid UTF-8 sequence (overlong forms, surrogates, code points past
 * U+10FFFF, truncated sequences) becomes U+FFFD. Numbers that are not finite
 * are written as null. Errors (the buffer's cap) are sticky: check jw.err
 * once at the end.
 */
#ifndef GW_JSON_H
#define GW_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JW_MAXDEPTH 32

struct jw {
	struct buf *b;
	int depth;
	int err;
	unsigned char first[JW_MAXDEPTH];	/* no member written yet at this depth */
	int after_key;
};

void jw_init(struct jw *w, struct buf *b);
void jw_obj_open(struct jw *w);
void jw_obj_close(struct jw *w);
void jw_arr_open(struct jw *w);
void jw_arr_close(struct jw *w);
void jw_key(struct jw *w, const char *key);
/*
 * A key quoted ahead of time with its colon: JW_KEY("mw") holds "\"mw\":",
 * made by the compiler from a string literal that needs no escaping
 * (letters, digits, '_'). jw_keyq writes it with one copy; the output is
 * jw_key's.
 */
struct jw_key {
	const char *q;
	size_t n;
};
#define JW_KEY(k) { "\"" k "\":", sizeof("\"" k "\":") - 1 }
void jw_keyq(struct jw *w, const struct jw_key *k);
void jw_str(struct jw *w, const char *s, size_t n);
void jw_strz(struct jw *w, const char *s);	/* NULL writes null */
void jw_num(struct jw *w, double v);
void jw_int(struct jw *w, int64_t v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);

/* Appends s (n bytes) to b as a quoted JSON string. Returns 0 or -1. */
int json_quote(struct buf *b, const char *s, size_t n);
/* Formats v with the fewest digits that read back exactly (at most 17). */
void json_fmt_num(char out[32], double v);
/*
 * v as printf's "%.<k>f" with the fewest decimals k that read back exactly,
 * when k <= maxdec (at most 20), 15 significant digits do it and
 * 1e-5 <= |v| < 1e15 (1.1, 0.00012, -720): 0; else -1 and out unchanged.
 * Exact, without printf or strtod.
 */
int num_fmt_short(char out[32], double v, int maxdec);
/* Length of the valid UTF-8 sequence at s (1-4), or 0 if s[0..] is invalid. */
size_t utf8_seq_len(const unsigned char *s, size_t n);

#endif
