/*
 * The parser interface: bytes of one document -> records (JSON Lines).
 *
 * Every parser is a `const struct parser parser_NAME` defined at file scope
 * in its own file, parsers/sources/FAMILY/NAME.c (NAME is the parser's name
 * with '_' for '-': parser_caiso_queue, "caiso-queue", in
 * parsers/sources/iso/caiso_queue.c), on one line "const struct parser
 * parser_NAME = {" exactly so: the build collects them into the registry by
 * that line. What a family's parsers share is in a helper file beside them
 * (iso.h), which defines no parser; readers of file formats are in
 * parsers/formats/. tests/t0020-layout.sh checks this layout.
 *
 * A parser reads doc->data (doc->len bytes; never NUL-terminated as far as
 * the parser may assume), emits records with rec_*() and reports problems
 * with perr(). It returns 0 when the whole document was read without
 * problems and -1 when anything failed (after perr messages); it emits what
 * it could read either way. Parsers never exit, never print to stdout
 * directly and never touch the network or the file system.
 */
#ifndef GW_PARSER_H
#define GW_PARSER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/mem.h"

/*
 * What a reader derived from a document's bytes and keeps for the next
 * detect() or parse() of the same document (the ISO parsers keep its
 * workbook: five detect()s and a parse() open it once). It is part of the
 * gw_doc, so it cannot outlive its document or be taken for another's:
 * whoever sets up a gw_doc zeroes it with the rest, and calls
 * doc_memo_release when done with the document, and before data (or the
 * bytes it points at) changes. Readers keep such state nowhere else.
 */
struct doc_memo {
	const void *owner;		/* the reader it is for (an address of its own), NULL if unused */
	const unsigned char *data;	/* the bytes it was derived from */
	size_t len;
	void *p;			/* the reader's; NULL: nothing kept yet */
	void (*release)(void *p);	/* frees p */
};

struct gw_doc {
	const char *name;		/* for messages: the file's base name, or a sha256 prefix */
	const unsigned char *data;
	size_t len;
	char sha256[65];
	char seen[11];			/* date the document was fetched or added, or "" */
	/* written by readers through a const gw_doc (it is not the document's content): see above */
	struct doc_memo memo;
};

/* Frees what m holds and zeroes it (an unused one too). */
void doc_memo_release(struct doc_memo *m);
/*
 * For readers, in detect() and parse(): doc's memo, for the reader owner
 * and doc's bytes. When another reader or other bytes (another data or len)
 * filled it, it is released first: then m->p is NULL and the reader fills
 * m->p and m->release.
 */
struct doc_memo *doc_memo(const struct gw_doc *doc, const void *owner);

struct gw_parse;
typedef int (*rec_sink)(void *arg, const char *line, size_t len);

struct gw_parse {
	const struct gw_doc *doc;
	rec_sink sink;		/* receives each record line (without newline) */
	void *sink_arg;
	struct buf line;
	struct jw w;
	int in_rec;
	char as_of[32];		/* default as_of of records: set by the parser when the document dates itself */
	char rec_as_of[32];	/* this record's own as_of, if set */
	long nrec;		/* records emitted (rejects included) */
	long nreject;		/* reject records emitted */
	long nerr;		/* problems reported with perr */
	long maxerr;		/* stop printing messages past this many (still counted; pfatal's always printed) */
	long nhidden;		/* messages not printed for maxerr */
	struct buf headers;	/* headers noted by parse_note_header: one JSON object a line */
};

struct parser {
	const char *name;
	const char *desc;	/* what it reads, one line */
	/*
	 * How sure the parser is that doc is its kind of document, from the
	 * content (not the file name): 0 not mine, 1..100 confidence. Cheap:
	 * looks at the first bytes, a header row, a top-level key.
	 */
	int (*detect)(const struct gw_doc *doc);
	int (*parse)(struct gw_parse *p);
};

/* Registry, generated from the files of parsers/sources/; NULL-terminated, sorted by name. */
extern const struct parser *const gw_parsers[];
const struct parser *parser_find(const char *name);
/* Best match by detect(); NULL if none says more than 0. *score gets its score. */
const struct parser *parser_detect(const struct gw_doc *doc, int *score);

/* Sets up p to send records to sink; as_of defaults to doc->seen. */
void parse_init(struct gw_parse *p, const struct gw_doc *doc, rec_sink sink, void *arg);
void parse_release(struct gw_parse *p);
/* A sink writing each line to a FILE * (arg). */
int rec_sink_file(void *arg, const char *line, size_t len);
/* Runs parser on p; returns its result. */
int parse_run(const struct parser *parser, struct gw_parse *p);

/* Building one record: rec_begin, fields, rec_end. */
void rec_begin(struct gw_parse *p, const char *kind);
void rec_str(struct gw_parse *p, const char *key, const char *s);	/* NULL or "" -> field left out */
void rec_strn(struct gw_parse *p, const char *key, const char *s, size_t n); /* trims space; empty -> left out */
void rec_num(struct gw_parse *p, const char *key, double v);
void rec_int(struct gw_parse *p, const char *key, int64_t v);
/* This record's as_of (a date or date-time); default is p->as_of. */
void rec_set_as_of(struct gw_parse *p, const char *as_of);
/* Finishes the record with as_of and src {doc, loc}; loc is printf-style.
 * Returns 0, or -1 if the record could not be written (too large, sink failed). */
int rec_end(struct gw_parse *p, const char *locfmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Emits a `reject` record: what the document holds at loc that is not a
 * valid record, with the reason and the raw text (the row as the document
 * has it), and prints the reason as a message. Counts as a problem.
 */
void rec_reject(struct gw_parse *p, const char *raw, size_t rawlen, const char *reason,
		const char *locfmt, ...) __attribute__((format(printf, 5, 6)));

struct row;
/*
 * Notes the header row a parser mapped its columns from (sheet may be NULL),
 * as {"sheet":..., "columns":[...]} in p->headers, so that gw-parse can keep
 * a fingerprint of each source's header and say when columns change.
 */
void parse_note_header(struct gw_parse *p, const char *sheet, const struct row *hdr);

/* "gw-parse: NAME: msg" on stderr, counted in p->nerr. */
void perr(struct gw_parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * The same for a problem that stops the reading of the document (or of a
 * sheet, a member, the rest of it): printed even past p->maxerr, so the
 * reason a document was cut short is never among the messages not shown.
 */
void pfatal(struct gw_parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, not counted: for what is worth saying but lost nothing. */
void pwarn(struct gw_parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Byte helpers for detect() and parsers over length-bounded data (mem_find is in lib/mem.h). */
/* 1 if the first n bytes (after a BOM and white space) start with s */
int doc_starts_with(const struct gw_doc *doc, const char *s);
/* Copies at most max-1 bytes of s into out, trimmed, NUL-terminated. */
void strn_trim_copy(char *out, size_t max, const char *s, size_t n);

#endif
