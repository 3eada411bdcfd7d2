#include "parser.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "lib/msg.h"
#include "parsers/formats/table.h"

#include "lib/banned.h"

#define RECORD_MAX (4u << 20)	/* one record line */
#define PMSG_MAX 8192		/* a parser's message, which may quote the document */
#define REJECT_RAW_MAX 65536	/* a reject's text of the document: the rest is cut, and its reason says so */

const struct parser *parser_find(const char *name)
{
	const struct parser *const *pp;

	for (pp = gw_parsers; *pp; pp++)
		if (!strcmp((*pp)->name, name))
			return *pp;
	return NULL;
}

const struct parser *parser_detect(const struct gw_doc *doc, int *score)
{
	const struct parser *const *pp, *best = NULL;
	int s, bs = 0;

	for (pp = gw_parsers; *pp; pp++) {
		s = (*pp)->detect ? (*pp)->detect(doc) : 0;
		if (s > bs) {
			bs = s;
			best = *pp;
		}
	}
	if (score)
		*score = bs;
	return best;
}

void doc_memo_release(struct doc_memo *m)
{
	if (m->p && m->release)
		m->release(m->p);
	memset(m, 0, sizeof(*m));
}

struct doc_memo *doc_memo(const struct gw_doc *doc, const void *owner)
{
	/* the memo is the readers' scratch beside the document, not its content: a gw_doc is
	 * never defined const, so writing to it through the const pointer detect() gets is sound */
	struct doc_memo *m = (struct doc_memo *)&doc->memo;

	if (m->owner != owner || m->data != doc->data || m->len != doc->len) {
		doc_memo_release(m);
		m->owner = owner;
		m->data = doc->data;
		m->len = doc->len;
	}
	return m;
}

void parse_init(struct gw_parse *p, const struct gw_doc *doc, rec_sink sink, void *arg)
{
	memset(p, 0, sizeof(*p));
	p->doc = doc;
	p->sink = sink;
	p->sink_arg = arg;
	p->maxerr = 100;
	buf_init(&p->line, RECORD_MAX);
	buf_init(&p->headers, BUF_LIST_MAX);
	snprintf(p->as_of, sizeof(p->as_of), "%s", doc->seen);
}

void parse_release(struct gw_parse *p)
{
	buf_release(&p->line);
	buf_release(&p->headers);
}

void parse_note_header(struct gw_parse *p, const char *sheet, const struct row *hdr)
{
	struct jw w;
	size_t i;

	jw_init(&w, &p->headers);
	jw_obj_open(&w);
	jw_key(&w, "sheet");
	jw_strz(&w, sheet);
	jw_key(&w, "columns");
	jw_arr_open(&w);
	for (i = 0; i < hdr->n; i++)
		jw_str(&w, hdr->cells[i].s, hdr->cells[i].len);
	jw_arr_close(&w);
	jw_obj_close(&w);
	buf_addc(&p->headers, '\n');
}

int rec_sink_file(void *arg, const char *line, size_t len)
{
	FILE *f = arg;

	if (fwrite(line, 1, len, f) != len || putc('\n', f) == EOF)
		return -1;
	return 0;
}

/*
 * JSON parsers read strings through SQLite, which ends a string at a
 * "\u0000" escape: the text after it would be lost without a word. A JSON
 * document has each such escape said, with its line, as a problem.
 */
static void json_nul_check(struct gw_parse *p)
{
	const unsigned char *d = p->doc->data, *end = d + p->doc->len, *q, *nlfrom;
	long line = 1;

	if (end - d >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		d += 3;
	while (d < end && isspace(*d))
		d++;
	if (d >= end || (*d != '{' && *d != '['))
		return;
	for (nlfrom = q = d; (q = mem_find(q, (size_t)(end - q), "\\u0000")); q += 6) {
		const unsigned char *b = q;
		while (b > d && b[-1] == '\\')	/* "\\u0000" is a backslash, then text */
			b--;
		if ((q - b) % 2)
			continue;
		for (; nlfrom < q; nlfrom++)
			line += *nlfrom == '\n';
		perr(p, "line %ld: a string holds a NUL character (\\u0000): the text after it is lost", line);
	}
}

int parse_run(const struct parser *parser, struct gw_parse *p)
{
	int r;

	json_nul_check(p);
	r = parser->parse(p);

	if (p->in_rec) {	/* a parser bug: a record begun and never ended */
		pfatal(p, "internal error: parser %s left a record unfinished", parser->name);
		p->in_rec = 0;
		r = -1;
	}
	if (p->nhidden)
		gw_error("%s: %ld problems in all (%ld not shown)", p->doc->name, p->nerr, p->nhidden);
	return r || p->nerr ? -1 : 0;
}

/* the keys of every record, quoted once by the compiler */
static const struct jw_key k_kind = JW_KEY("kind"), k_as_of = JW_KEY("as_of"), k_src = JW_KEY("src"),
			   k_doc = JW_KEY("doc"), k_loc = JW_KEY("loc");

void rec_begin(struct gw_parse *p, const char *kind)
{
	buf_reset(&p->line);
	jw_init(&p->w, &p->line);
	jw_obj_open(&p->w);
	jw_keyq(&p->w, &k_kind);
	jw_strz(&p->w, kind);
	p->rec_as_of[0] = '\0';
	p->in_rec = 1;
}

void rec_str(struct gw_parse *p, const char *key, const char *s)
{
	if (s)
		rec_strn(p, key, s, strlen(s));
}

void rec_strn(struct gw_parse *p, const char *key, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return;
	jw_key(&p->w, key);
	jw_str(&p->w, s, n);
}

void rec_num(struct gw_parse *p, const char *key, double v)
{
	jw_key(&p->w, key);
	jw_num(&p->w, v);
}

void rec_int(struct gw_parse *p, const char *key, int64_t v)
{
	jw_key(&p->w, key);
	jw_int(&p->w, v);
}

void rec_set_as_of(struct gw_parse *p, const char *as_of)
{
	snprintf(p->rec_as_of, sizeof(p->rec_as_of), "%s", as_of ? as_of : "");
}

static int __attribute__((format(printf, 2, 0))) rec_vend(struct gw_parse *p, const char *locfmt, va_list ap)
{
	struct buf loc = BUF_INIT(BUF_LOC_MAX);
	const char *as_of = p->rec_as_of[0] ? p->rec_as_of : p->as_of;
	int r = 0;

	if (!p->in_rec)
		return -1;
	p->in_rec = 0;
	if (buf_vprintf(&loc, locfmt, ap)) {
		buf_reset(&loc);	/* a locator too long is "?" */
		buf_adds(&loc, "?");
	}
	if (as_of[0]) {
		jw_keyq(&p->w, &k_as_of);
		jw_strz(&p->w, as_of);
	}
	jw_keyq(&p->w, &k_src);
	jw_obj_open(&p->w);
	jw_keyq(&p->w, &k_doc);
	jw_strz(&p->w, p->doc->sha256);
	jw_keyq(&p->w, &k_loc);
	jw_str(&p->w, buf_str(&loc), loc.len);
	jw_obj_close(&p->w);
	jw_obj_close(&p->w);
	if (p->w.err) {
		perr(p, "%s: record too large, not written", buf_str(&loc));
		r = -1;
	} else if (p->sink(p->sink_arg, p->line.data, p->line.len)) {
		r = -1;
	} else {
		p->nrec++;
	}
	buf_release(&loc);
	return r;
}

int rec_end(struct gw_parse *p, const char *locfmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, locfmt);
	r = rec_vend(p, locfmt, ap);
	va_end(ap);
	return r;
}

void rec_reject(struct gw_parse *p, const char *raw, size_t rawlen, const char *reason,
		const char *locfmt, ...)
{
	struct buf loc = BUF_INIT(BUF_LOC_MAX), why = BUF_INIT(BUF_MSG_MAX);
	va_list ap;

	va_start(ap, locfmt);
	if (buf_vprintf(&loc, locfmt, ap)) {
		buf_reset(&loc);	/* a locator too long is "?" */
		buf_adds(&loc, "?");
	}
	va_end(ap);
	if (rawlen > REJECT_RAW_MAX) {	/* the cut is said, in the reason the store keeps */
		buf_printf(&why, "%s (its text cut to the first %d of %zu bytes)", reason, REJECT_RAW_MAX, rawlen);
		reason = buf_msg(&why);
		rawlen = REJECT_RAW_MAX;
	}
	perr(p, "%s: %s", buf_str(&loc), reason);
	rec_begin(p, "reject");
	rec_str(p, "reason", reason);
	jw_key(&p->w, "record");
	jw_str(&p->w, raw ? raw : "", raw ? rawlen : 0);
	if (rec_end(p, "%s", buf_str(&loc)) == 0)
		p->nreject++;
	buf_release(&loc);
	buf_release(&why);
}

/* count: 0 a warning, 1 a problem, 2 a problem that stops the reading (never hidden) */
static void __attribute__((format(printf, 3, 0))) vpmsg(struct gw_parse *p, int count, const char *fmt, va_list ap)
{
	struct buf m = BUF_INIT(PMSG_MAX);

	if (count)
		p->nerr++;
	if (count == 1 && p->nerr > p->maxerr) {
		p->nhidden++;
		return;
	}
	buf_vprintf(&m, fmt, ap);	/* past PMSG_MAX, buf_msg says "...": the problem is still counted and said */
	if (count)
		gw_error("%s: %s", p->doc->name, buf_msg(&m));
	else
		gw_warn("%s: %s", p->doc->name, buf_msg(&m));
	buf_release(&m);
}

void perr(struct gw_parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpmsg(p, 1, fmt, ap);
	va_end(ap);
}

void pfatal(struct gw_parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpmsg(p, 2, fmt, ap);
	va_end(ap);
}

void pwarn(struct gw_parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpmsg(p, 0, fmt, ap);
	va_end(ap);
}

int doc_starts_with(const struct gw_doc *doc, const char *s)
{
	const unsigned char *p = doc->data, *end = p + doc->len;
	size_t k = strlen(s);

	if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	while (p < end && isspace(*p))
		p++;
	return (size_t)(end - p) >= k && !memcmp(p, s, k);
}

void strn_trim_copy(char *out, size_t max, const char *s, size_t n)
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
