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

#define BUF_INIT(max) { (char *)buf_empty, 0, 0, (max) }

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
/* Ensures room for n more bytes of content. */
int buf_grow(struct buf *b, size_t n);
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

/* Reads a whole file (or stdin for "-") into b, failing with E2BIG past b->max.
 * Returns 0 or -1 with errno set. */
int buf_read_file(struct buf *b, const char *path);

#endif
