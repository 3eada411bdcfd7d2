/*
 * buf: a growable byte buffer with a size cap (after git's strbuf and curl's dynbuf).
 *
 * data is never NULL and always NUL-terminated (data[len] == 0), so it can be
 * handed to C string functions when the content has no NUL bytes: a buffer
 * with no memory of its own (cap == 0: after BUF_INIT, buf_init, buf_release,
 * buf_detach) points at buf_empty, a shared read-only "" that is never written
 * or freed (git's strbuf_slopbuf). Code that writes into data directly does so
 * only below len, or after buf_grow. A buffer must be initialised (BUF_INIT or
 * buf_init) before use: a zeroed struct buf is not an empty one.
 * The buffer owns data once it has memory (cap > 0).
 *
 * A buffer never grows beyond max bytes of content: an add that would exceed
 * it fails with -1 and leaves the buffer unchanged.
 * Every add returns 0 on success and -1 on cap exceeded or out of memory
 * (errno is E2BIG or ENOMEM).
 *
 * Errors are sticky (as SQLite's sqlite3_str_errcode): the first add that
 * fails records its errno in err, and every later add is a no-op that fails
 * with the same errno. The content is then what it was before that add: a
 * prefix of the text meant, never a text with a hole in it. So a caller need
 * not check every add; the rule is that whoever uses the content of a buffer
 * (writes, stores, executes, compares, detaches or returns it) after adds
 * whose results were not each checked checks it once first:
 *   - text that must be whole (a record's value, a key, SQL, a path, an
 *     output): buf_error(), and on an error the use fails, with a message
 *     (buf_strerror says what failed);
 *   - text for people (a message, a reason, a description, a raw line quoted
 *     in a reject): buf_msg(), which marks the end of a cut text with "...".
 * Text past a cap is thus never dropped silently. buf_init, buf_reset,
 * buf_release and buf_detach clear the error (the buffer starts over);
 * buf_setlen and buf_rtrim keep it.
 */
#ifndef GW_BUF_H
#define GW_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* The content of every buffer that has no memory: "", read-only. */
extern const char buf_empty[1];

struct buf {
	char *data;	/* never NULL: buf_empty until the first add */
	size_t len;
	size_t cap;
	size_t max;	/* content limit in bytes */
	int err;	/* 0, or the errno of the first add that failed: sticky */
};

/*
 * Caps by what a buffer holds (bytes of content): a buffer takes the cap of its
 * kind of text. A limit that belongs to one module is named beside its code
 * (LOAD_MAX_LINE, CSV_MAX_RECORD, DOC_MAX, NAME_MAX_BYTES).
 */
#define BUF_WORD_MAX 256		/* a word: a type name, a form type, a sheet title */
#define BUF_NAME_MAX 4096		/* a name, key or value, or a short list of them */
#define BUF_PATH_MAX 4096		/* a file path (Linux's PATH_MAX) */
#define BUF_LOC_MAX 4096		/* a record's locator: sheet and cell, XPath, JSON path */
#define BUF_MSG_MAX 4096		/* a message: an error, a warning, a reason */
#define BUF_URL_MAX 8192		/* a URL */
#define BUF_SQL_MAX 8192		/* an SQL statement: the code's text with a few names */
#define BUF_TEXT_MAX (1 << 16)		/* a paragraph, a line of output, a long list of names */
#define BUF_LIST_MAX (1 << 20)		/* many lines: a document's headers, a section's paragraphs,
					 * the files of a run, a configuration file, SQL over many names */
#define BUF_OUT_MAX ((size_t)1 << 30)	/* a whole output, held until it is written */

#define BUF_INIT(max) { (char *)buf_empty, 0, 0, (max), 0 }

void buf_init(struct buf *b, size_t max);
/* Frees the memory; the buffer is empty (data is buf_empty) and may be reused. */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_addc(struct buf *b, int c);
int buf_adds(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Ensures room for n more bytes of content (a failure is sticky, as an add's). */
int buf_grow(struct buf *b, size_t n);
/* 0 when every add since init, reset, release or detach succeeded, else the
 * errno of the first that failed (E2BIG: past the cap; ENOMEM): the content
 * is incomplete. */
static inline int buf_error(const struct buf *b)
{
	return b->err;
}
/* part's content, for an argument of an add to b (buf_printf(b, "%s", buf_part(b, part))):
 * when an add to part failed, b fails too, with part's errno, so that checking b checks
 * both. */
const char *buf_part(struct buf *b, const struct buf *part);
/* What failed, for a message: "too long" (E2BIG), "out of memory" (ENOMEM);
 * "" when nothing did. */
const char *buf_strerror(const struct buf *b);
/* The content as text for people: data when whole; when an add failed, data
 * with its last bytes (up to 3, back to a UTF-8 boundary) overwritten by "..."
 * in place, so that the cut is said ("..." alone when nothing fits). Never for
 * text that must be whole. */
const char *buf_msg(struct buf *b);
/* Returns data, the content as a NUL-terminated string ("" when empty);
 * valid until the next change to the buffer. An alias kept for old callers. */
const char *buf_str(const struct buf *b);
/* Hands the memory to the caller (who frees it) and empties the buffer.
 * Never returns NULL: an empty buffer gives a fresh "" (or NULL on ENOMEM). */
char *buf_detach(struct buf *b, size_t *len);
/* Cuts the content to its first n bytes (n <= len), keeping data NUL-terminated
 * (and buf_empty unwritten). */
void buf_setlen(struct buf *b, size_t n);
/* Drops trailing ASCII white space. */
void buf_rtrim(struct buf *b);

/* Reads a whole file (or stdin for "-") into b, failing with E2BIG past b->max
 * (sticky, as an add's; a read error is not). Returns 0 or -1 with errno set. */
int buf_read_file(struct buf *b, const char *path);

#endif
