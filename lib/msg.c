#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

const char *gw_prog = "gigawatt";
int gw_quiet;

static void __attribute__((format(printf, 1, 0))) vmsg(const char *fmt, va_list ap, const char *tail)
{
	fprintf(stderr, "%s: ", gw_prog);
	vfprintf(stderr, fmt, ap);
	if (tail)
		fprintf(stderr, ": %s", tail);
	fputc('\n', stderr);
}

void gw_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, NULL);
	va_end(ap);
}

void gw_warn(const char *fmt, ...)
{
	va_list ap;

	if (gw_quiet)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap, NULL);
	va_end(ap);
}

void gw_error_errno(const char *fmt, ...)
{
	va_list ap;
	const char *e = strerror(errno);

	va_start(ap, fmt);
	vmsg(fmt, ap, e);
	va_end(ap);
}

static int stdout_said;

void gw_stdout_error(void)
{
	if (!stdout_said)
		gw_error_errno("write error on standard output");
	stdout_said = 1;
}

int gw_close_stdout(void)
{
	int failed = ferror(stdout);

	/* flush first: errno then names the cause, not whatever failed last */
	errno = 0;
	if (fflush(stdout)) {
		gw_stdout_error();
		fclose(stdout);
		return -1;
	}
	if (fclose(stdout)) {
		gw_stdout_error();
		return -1;
	}
	if (failed) {
		if (!stdout_said)
			gw_error("write error on standard output (a write failed)");
		stdout_said = 1;
		return -1;
	}
	return 0;
}
