/*
 * Progress on a terminal: "gw-load: stdin: 1,200,000 records, 310.4 MB, 95,000 records/s",
 * rewritten in place on standard error every half second once an input has taken over
 * PROGRESS_AFTER seconds (env GW_PROGRESS_AFTER overrides it, for tests). Never on a pipe,
 * a file or under cron: only when standard error is a terminal and TERM is not "dumb";
 * never with gw_quiet.
 */
#ifndef GW_PROGRESS_H
#define GW_PROGRESS_H

#include <stddef.h>

#define PROGRESS_AFTER 2.0

struct progress {
	int on;			/* standard error is a terminal */
	int shown;		/* a line is on the screen */
	double start, last, after;
	char what[160];		/* "gw-load: stdin" */
};

/* Starts counting for the input what names (copied). */
void progress_start(struct progress *p, const char *what);
/* Records so far and bytes so far; prints when it is time. Cheap: call it per record. */
void progress_tick(struct progress *p, unsigned long long records, unsigned long long bytes);
/* Clears the line (the summary follows). */
void progress_done(struct progress *p);

#endif
