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

/*
 * errno is only the reason when the flush here failed: a write that failed
 * earlier (ferror) left an errno that later calls have since overwritten,
 * and printing it would name a wrong reason (EBADF, ENOENT...).
 */
int gw_close_stdout(void)
{
	int earlier = ferror(stdout), e = 0;

	errno = 0;
	if (fflush(stdout))
		e = errno ? errno : EIO;
	errno = 0;
	if (fclose(stdout) && !e)
		e = errno ? errno : EIO;
	if (!e && !earlier)
		return 0;
	if (e) {
		errno = e;
		gw_error_errno("write error on standard output");
	} else {
		gw_error("write error on standard output (a write failed)");
	}
	return -1;
}
