/*
 * An I/O fault shim for the tests (after jq's): LD_PRELOAD it and the Nth
 * call to write, pwrite, pwrite64, fsync, fdatasync, syncfs, rename (renameat,
 * renameat2: mv) or link (linkat) of a process fails (or the process is killed
 * there). SQLite writes its database, WAL and journal with pwrite64/write and
 * syncs with fdatasync/fsync; the raw store writes, syncs, and links each
 * document into place (linkat). Each process counts on its own.
 *
 *   GW_FAULT_N=N         the counted call that fails (1 = the first); unset or
 *                        0: nothing fails (to count the calls)
 *   GW_FAULT_PROG=a,b    only in processes named so (program_invocation_short_name)
 *   GW_FAULT_CALLS=x,y   only these calls are counted (default: all of the above)
 *   GW_FAULT_STICKY=1    every counted call from the Nth on fails (a disk that
 *                        stays full), not only the Nth
 *   GW_FAULT_ERRNO=n     the errno of a failed call (default ENOSPC)
 *   GW_FAULT_KILL=1      SIGKILL the process at the Nth call instead of failing it
 *   GW_FAULT_COUNT=FILE  append "PROG COUNT" to FILE when the process exits
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "lib/banned.h"

static long n_fail = -1, count;
static int sticky, fault_errno = ENOSPC, do_kill, active = -1;
static const char *calls;

static int listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && *p) {
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return 1;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return 0;
}

static void setup(void)
{
	const char *v;

	if (active >= 0)
		return;
	v = getenv("GW_FAULT_PROG");
	active = !v || !*v || listed(v, program_invocation_short_name);
	v = getenv("GW_FAULT_N");
	n_fail = v && *v ? atol(v) : 0;
	sticky = getenv("GW_FAULT_STICKY") && atoi(getenv("GW_FAULT_STICKY"));
	do_kill = getenv("GW_FAULT_KILL") && atoi(getenv("GW_FAULT_KILL"));
	v = getenv("GW_FAULT_ERRNO");
	if (v && *v)
		fault_errno = atoi(v);
	calls = getenv("GW_FAULT_CALLS");
	if (calls && !*calls)
		calls = NULL;
}

/* 1 if this call must fail (errno set) */
static int fault(const char *name)
{
	setup();
	if (!active || (calls && !listed(calls, name)))
		return 0;
	count++;
	if (n_fail <= 0 || count < n_fail || (count > n_fail && !sticky))
		return 0;
	if (do_kill)
		kill(getpid(), SIGKILL);
	errno = fault_errno;
	return 1;
}

__attribute__((destructor)) static void report(void)
{
	const char *f = getenv("GW_FAULT_COUNT");
	FILE *out;

	setup();
	if (!f || !*f || !active)
		return;
	if ((out = fopen(f, "a"))) {
		fprintf(out, "%s %ld\n", program_invocation_short_name, count);
		fclose(out);
	}
}

#define REAL(name, ret, params) \
	static ret (*real_##name) params; \
	if (!real_##name) \
		*(void **)&real_##name = dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *p, size_t n)
{
	REAL(write, ssize_t, (int, const void *, size_t));
	/* the test's own messages on stderr are not part of the experiment */
	if (fd != 2 && fault("write"))
		return -1;
	return real_write(fd, p, n);
}

ssize_t pwrite(int fd, const void *p, size_t n, off_t off)
{
	REAL(pwrite, ssize_t, (int, const void *, size_t, off_t));
	if (fault("pwrite"))
		return -1;
	return real_pwrite(fd, p, n, off);
}

ssize_t pwrite64(int fd, const void *p, size_t n, off_t off)
{
	REAL(pwrite64, ssize_t, (int, const void *, size_t, off_t));
	if (fault("pwrite"))
		return -1;
	return real_pwrite64(fd, p, n, off);
}

int fsync(int fd)
{
	REAL(fsync, int, (int));
	if (fault("fsync"))
		return -1;
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync, int, (int));
	if (fault("fdatasync"))
		return -1;
	return real_fdatasync(fd);
}

int syncfs(int fd)
{
	REAL(syncfs, int, (int));
	if (fault("syncfs"))
		return -1;
	return real_syncfs(fd);
}

int rename(const char *a, const char *b)
{
	REAL(rename, int, (const char *, const char *));
	if (fault("rename"))
		return -1;
	return real_rename(a, b);
}

int renameat(int da, const char *a, int db, const char *b)
{
	REAL(renameat, int, (int, const char *, int, const char *));
	if (fault("rename"))
		return -1;
	return real_renameat(da, a, db, b);
}

/* mv(1) renames with renameat2 */
int renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
	REAL(renameat2, int, (int, const char *, int, const char *, unsigned));
	if (fault("rename"))
		return -1;
	return real_renameat2(da, a, db, b, flags);
}

/* the raw store links each document into place */
int link(const char *a, const char *b)
{
	REAL(link, int, (const char *, const char *));
	if (fault("link"))
		return -1;
	return real_link(a, b);
}

int linkat(int da, const char *a, int db, const char *b, int flags)
{
	REAL(linkat, int, (int, const char *, int, const char *, int));
	if (fault("link"))
		return -1;
	return real_linkat(da, a, db, b, flags);
}
