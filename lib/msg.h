/*
 * Messages and exit codes shared by every tool.
 *
 * Messages go to stderr as "prog: subject: problem", without a final full
 * stop (git's CodingGuidelines). Library code calls these to report and then
 * returns an error; only a tool's main decides the exit status.
 *
 * The error rule for library code (no function below main calls exit() or
 * abort(); lib/xalloc.h's allocators return NULL):
 *  - a function that works for a tool and talks to its user (store/,
 *    ingest/, reports/) says the problem with gw_error() and returns -1 (or
 *    NULL); its caller only passes the failure up, adding no message;
 *  - a function that may be called where printing is wrong, or whose caller
 *    adds context (a parser's containers and configuration, reported through
 *    pfatal() under the document's name; unit tests and fuzzers), takes
 *    `struct buf *err` last, appends one message without the program name or
 *    a final full stop, and returns -1 (or NULL); the caller prints it
 *    (gw_error("%s", buf_str(&err))) or adds context (git's refs API).
 * parsers/formats/xml.h keeps the second rule for libxml2's reads, with one
 * difference: the caller owns one struct buf for each read and passes it to
 * every call of that read, and each error libxml2 raises replaces the one
 * before, so the buffer ends with the last; no error is kept anywhere global.
 * The record readers (csv_next, xlsx_next_row) keep the second rule on each
 * call: a call that fails appends its one message to the buffer the caller
 * passes, and the caller empties it once the message is used; no reader
 * keeps an error in its own struct for the caller to read.
 */
#ifndef GW_MSG_H
#define GW_MSG_H

enum gw_exit {
	GW_OK = 0,		/* everything went through */
	GW_FAIL = 1,		/* some input failed; the rest was processed */
	GW_USAGE = 2,		/* bad command line */
	GW_LOCKED = 3,		/* another process holds the lock */
	/*
	 * The store failed: it cannot be opened, is read-only or newer than the
	 * tool, or a write or commit failed; nothing of the run was kept
	 * (gw-fetch, gw-load, gw-sync, gw-crawl; gw-fetch also when out of
	 * memory). gw-parse: its records could not all be written to standard
	 * output or to their temporary file in TMPDIR, so what standard output
	 * holds is incomplete (callers such as gw-crawl must not load it).
	 */
	GW_STORE = 4,
};

extern const char *gw_prog;	/* set by main; "gigawatt" by default */

/* Set to silence warnings (not errors), e.g. for fuzzing. */
extern int gw_quiet;

void gw_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gw_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the message with ": strerror(errno)" appended. */
void gw_error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Closes stdout, reporting a failed write ("write error on standard output:
 * No space left on device");
 * returns 0 or -1 (fatal for a tool). A write that failed earlier, its
 * buffer gone, is said without a cause unless gw_stdout_error reported it.
 */
int gw_close_stdout(void);
/* Reports a failed write to stdout now, while errno holds its cause; marks
 * it said, so gw_close_stdout fails without saying it again. */
void gw_stdout_error(void);

#define GW_VERSION "0.1.0"

#endif
