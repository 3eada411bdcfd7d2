#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

int gw_close_stdout(void)
{
	if (ferror(stdout) | fclose(stdout)) {
		gw_error_errno("write error on standard output");
		return -1;
	}
	return 0;
}
