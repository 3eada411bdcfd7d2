/* madvise() is not POSIX: ask glibc for it; elsewhere releasing is skipped */
#define _DEFAULT_SOURCE
#include "mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"

#include "lib/banned.h"

/* the mappings open now: few (one document at a time), so a small table */
static struct mapfile open_maps[8];

int mapfile_open(const char *path, size_t max, struct mapfile *m)
{
	struct stat st;
	void *p;
	int fd, e, i;

	m->p = NULL;
	m->len = 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		e = errno ? errno : EINVAL;
		close(fd);
		errno = e;
		return -1;
	}
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		errno = E2BIG;
		return -1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	e = errno;
	close(fd);
	if (p == MAP_FAILED) {
		errno = e;
		return -1;
	}
	m->p = p;
	m->len = (size_t)st.st_size;
	for (i = 0; i < 8; i++)
		if (!open_maps[i].p) {
			open_maps[i] = *m;
			break;
		}
	return 0;
}

void mapfile_close(struct mapfile *m)
{
	int i;

	if (!m->p)
		return;
	for (i = 0; i < 8; i++)
		if (open_maps[i].p == m->p)
			open_maps[i].p = NULL;
	munmap(m->p, m->len);
	m->p = NULL;
	m->len = 0;
}

void mapfile_release(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p, b = a + n, pg = (uintptr_t)sysconf(_SC_PAGESIZE);
	int i;

	for (i = 0; i < 8; i++) {
		uintptr_t s = (uintptr_t)open_maps[i].p, e = s + open_maps[i].len;
		if (!open_maps[i].p || a < s || b > e)
			continue;
		a = (a + pg - 1) & ~(pg - 1);
		b &= ~(pg - 1);
		/* a clean page of a read-only file mapping: dropping it keeps its content */
#ifdef MADV_DONTNEED
		if (b > a)
			madvise((void *)a, b - a, MADV_DONTNEED);
#endif
		return;
	}
}

void mapfile_sha256_hex(const struct mapfile *m, char out[65])
{
	const size_t step = 8u << 20;
	const unsigned char *p = m->p;
	struct sha256 c;
	size_t off, k;

	sha256_init(&c);
	for (off = 0; off < m->len; off += k) {
		k = m->len - off < step ? m->len - off : step;
		sha256_update(&c, p + off, k);
		mapfile_release(p + off, k);
	}
	sha256_final_hex(&c, out);
}
