/*
 * sources.conf: one source a line,
 *
 *   id url parser [every=1d] [delay=1s] [connections=1] [header=Name:value]...
 *
 * A line "user_agent=VALUE" sets the User-Agent (VALUE is the rest of the line).
 * '#' starts a comment; blank lines are ignored. A url without a scheme is a
 * path relative to the folder of the sources.conf file (a file:// URL).
 * Durations take s, m, h, d suffixes (no suffix: seconds).
 */
#ifndef GW_SOURCES_H
#define GW_SOURCES_H

#include <sqlite3.h>

#define SRC_MAX_HEADERS 16

struct source {
	char *id, *url, *parser;
	long every_s;
	long delay_ms;
	int connections;
	char *headers[SRC_MAX_HEADERS];	/* "Name: value" */
	int nheaders;
	int line;
};

struct sources {
	struct source *v;
	int n, cap;
	char *user_agent;	/* from a user_agent= line, or NULL */
};

/*
 * Reads path into s. Problems are reported as "FILE: line N: ..." and the
 * line skipped; returns the number of problems (0 = clean), -1 if the
 * file cannot be read, or -2 when out of memory (said; s is released).
 */
int sources_read(const char *path, struct sources *s);
void sources_release(struct sources *s);
/* Parses "30", "90s", "5m", "2h", "1d" into seconds; -1 if not one. */
long duration_parse(const char *s, int ms);
/* Upserts every source into the sources table. 0 or -1. */
int sources_sync(sqlite3 *db, const struct sources *s);

#endif
