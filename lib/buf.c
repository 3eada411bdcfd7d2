#include "buf.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/banned.h"

const char buf_empty[1] = "";

void buf_init(struct buf *b, size_t max)
{
	b->data = (char *)buf_empty;
	b->len = b->cap = 0;
	b->max = max;
	b->err = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->data);
	b->data = (char *)buf_empty;
	b->len = b->cap = 0;
	b->err = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->cap)
		b->data[0] = '\0';
}

/* The failure of an add: the first one's errno is kept, and is every later add's. */
static int fail(struct buf *b, int e)
{
	if (!b->err)
		b->err = e;
	errno = b->err;
	return -1;
}

int buf_grow(struct buf *b, size_t n)
{
	size_t need, ncap;
	char *p;

	if (b->err)
		return fail(b, b->err);
	if (n > b->max || b->len > b->max - n)
		return fail(b, E2BIG);
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	p = realloc(b->cap ? b->data : NULL, ncap);
	if (!p)
		return fail(b, ENOMEM);
	b->data = p;
	b->cap = ncap;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n))
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int buf_addc(struct buf *b, int c)
{
	char ch = (char)c;
	return buf_add(b, &ch, 1);
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return fail(b, b->err);
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return fail(b, EOVERFLOW);
	if (buf_grow(b, (size_t)n))
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

const char *buf_str(const struct buf *b)
{
	return b->data;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->cap ? b->data : calloc(1, 1);

	if (len)
		*len = b->len;
	b->data = (char *)buf_empty;
	b->len = b->cap = 0;
	b->err = 0;
	return p;
}

const char *buf_part(struct buf *b, const struct buf *part)
{
	if (part->err)
		fail(b, part->err);
	return part->data;
}

const char *buf_strerror(const struct buf *b)
{
	switch (b->err) {
	case 0:
		return "";
	case E2BIG:
		return "too long";
	case ENOMEM:
		return "out of memory";
	default:
		return strerror(b->err);
	}
}

const char *buf_msg(struct buf *b)
{
	size_t n;

	if (!b->err)
		return b->data;
	if (b->cap < 4)
		return "...";
	n = b->len < 3 ? 0 : b->len - 3;
	while (n && ((unsigned char)b->data[n] & 0xC0) == 0x80)
		n--;
	memcpy(b->data + n, "...", 4);
	b->len = n + 3;
	return b->data;
}

void buf_setlen(struct buf *b, size_t n)
{
	assert(n <= b->len);
	b->len = n;
	if (b->cap)
		b->data[n] = '\0';
}

void buf_rtrim(struct buf *b)
{
	while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t' ||
			  b->data[b->len - 1] == '\n' || b->data[b->len - 1] == '\r'))
		b->data[--b->len] = '\0';
}

int buf_read_file(struct buf *b, const char *path)
{
	int fd, saved;
	ssize_t n;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	if (fd < 0)
		return -1;
	for (;;) {
		/* 64 KiB at a time, or what remains below the cap */
		size_t want = b->max - b->len < 65536 ? b->max - b->len : 65536;

		if (!want) {
			fail(b, E2BIG);
			goto fail;
		}
		if (buf_grow(b, want))
			goto fail;
		b->data[b->len] = '\0';
		/* what the memory holds, but never past max */
		want = b->cap - b->len - 1 < b->max - b->len ? b->cap - b->len - 1 : b->max - b->len;
		n = read(fd, b->data + b->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		if (b->len == b->max) {
			char c;
			if (read(fd, &c, 1) == 1) {
				fail(b, E2BIG);
				goto fail;
			}
			break;
		}
	}
	if (fd)
		close(fd);
	return 0;
fail:
	saved = errno;
	if (fd > 0)
		close(fd);
	errno = saved;
	return -1;
}
