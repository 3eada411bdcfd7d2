#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"

#include "lib/banned.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* n with thousands separators */
static void commas(unsigned long long n, char *out, size_t max)
{
	char t[32];
	size_t len, i, o = 0;

	snprintf(t, sizeof(t), "%llu", n);
	len = strlen(t);
	for (i = 0; i < len && o + 2 < max; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = t[i];
	}
	out[o] = 0;
}

void progress_start(struct progress *p, const char *what)
{
	const char *term = getenv("TERM"), *after = getenv("GW_PROGRESS_AFTER");

	memset(p, 0, sizeof(*p));
	p->on = !gw_quiet && isatty(STDERR_FILENO) && term && strcmp(term, "dumb");
	p->after = after ? atof(after) : PROGRESS_AFTER;
	p->start = now();
	p->last = p->start - 1;	/* the first line as soon as it is due */
	snprintf(p->what, sizeof(p->what), "%s", what);
}

void progress_tick(struct progress *p, unsigned long long records, unsigned long long bytes)
{
	double t, rate;
	char r[32], rr[32];

	if (!p->on || (records & 255))	/* the clock read every 256 records */
		return;
	t = now();
	if (t - p->start < p->after || t - p->last < 0.5)
		return;
	p->last = t;
	rate = records / (t - p->start > 1e-9 ? t - p->start : 1e-9);
	commas(records, r, sizeof(r));
	commas((unsigned long long)rate, rr, sizeof(rr));
	fprintf(stderr, "\r%s: %s records, %.1f MB, %s records/s\033[K", p->what, r, bytes / 1e6, rr);
	fflush(stderr);
	p->shown = 1;
}

void progress_done(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = 0;
}
