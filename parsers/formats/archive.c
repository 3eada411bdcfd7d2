#include "archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/banned.h"

int arc_is_zip(const unsigned char *d, size_t n)
{
	return n >= 4 && d[0] == 'P' && d[1] == 'K' && d[2] == 3 && d[3] == 4;
}

int arc_is_tar(const unsigned char *d, size_t n)
{
	return n >= 262 && !memcmp(d + 257, "ustar", 5);
}

int arc_is_compressed(const unsigned char *d, size_t n)
{
	return (n >= 2 && d[0] == 0x1F && d[1] == 0x8B) ||
	       (n >= 4 && d[0] == 0x28 && d[1] == 0xB5 && d[2] == 0x2F && d[3] == 0xFD);
}

/*
 * libarchive's text has no bound (it may quote a member's name): it is cut at
 * ARC_ERR_MAX bytes so that a message fits a caller's BUF_MSG_MAX buffer. The
 * callers cut messages at 511 bytes or fewer, so the cut changes no message.
 */
#define ARC_ERR_MAX "1000"

static int decompress(const unsigned char *d, size_t n, size_t max, int head, struct buf *out, struct buf *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char chunk[65536];
	la_ssize_t k;
	int r = -1;

	buf_reset(out);
	if (!a) {
		buf_printf(err, "out of memory");
		return -1;
	}
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_memory(a, d, n) != ARCHIVE_OK || archive_read_next_header(a, &e) != ARCHIVE_OK) {
		buf_printf(err, "%." ARC_ERR_MAX "s", archive_error_string(a) ? archive_error_string(a)
			   : "cannot decompress");
		goto out;
	}
	while ((k = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		if (out->len + (size_t)k > max) {
			if (head) {
				r = buf_add(out, chunk, max - out->len) ? -1 : 0;
				if (r)
					buf_printf(err, "out of memory");
				goto out;
			}
			buf_printf(err, "decompresses to more than the %zu byte limit", max);
			goto out;
		}
		if (buf_add(out, chunk, (size_t)k)) {
			buf_printf(err, "out of memory");
			goto out;
		}
	}
	if (k < 0) {
		buf_printf(err, "%." ARC_ERR_MAX "s", archive_error_string(a) ? archive_error_string(a) : "damaged");
		goto out;
	}
	r = 0;
out:
	archive_read_free(a);
	return r;
}

int arc_decompress(const unsigned char *d, size_t n, size_t max, struct buf *out, struct buf *err)
{
	return decompress(d, n, max, 0, out, err);
}

int arc_decompress_head(const unsigned char *d, size_t n, size_t max, struct buf *out, struct buf *err)
{
	return decompress(d, n, max, 1, out, err);
}

int arc_name_unsafe(const char *name)
{
	const char *p = name;

	if (name[0] == '/' || name[0] == '\\')
		return 1;
	while ((p = strstr(p, "..")) != NULL) {
		if ((p == name || p[-1] == '/' || p[-1] == '\\') && (p[2] == '\0' || p[2] == '/' || p[2] == '\\'))
			return 1;
		p += 2;
	}
	return 0;
}

static struct archive *arc_open(const unsigned char *data, size_t len)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	archive_read_support_filter_all(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK)
		return a;	/* the caller sees the error on the first header read */
	return a;
}

/* reads the current member's data into out, at most lim bytes */
static int read_member(struct archive *a, struct buf *out, size_t lim, const char *name, struct buf *err)
{
	char chunk[65536];
	la_ssize_t n;

	buf_reset(out);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		if (out->len + (size_t)n > lim) {
			buf_printf(err, "member '%.200s' is larger than the %zu byte limit", name, lim);
			return -1;
		}
		if (buf_add(out, chunk, (size_t)n)) {
			buf_printf(err, "member '%.200s': out of memory", name);
			return -1;
		}
	}
	if (n < 0) {
		buf_printf(err, "member '%.200s': %." ARC_ERR_MAX "s", name, archive_error_string(a) ?
			 archive_error_string(a) : "damaged");
		return -1;
	}
	return 0;
}

int arc_each(const unsigned char *data, size_t len, const struct arc_limits *lim,
	     arc_want_fn want, arc_member_fn fn, void *arg, struct buf *err)
{
	struct archive *a = arc_open(data, len);
	struct archive_entry *e;
	struct buf m;
	size_t total = 0;
	int members = 0, r = 0, rc;
	size_t errstart = err->len;

	if (!a) {
		buf_printf(err, "out of memory");
		return -1;
	}
	buf_init(&m, lim->member_max);
	while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *name = archive_entry_pathname(e);

		if (++members > lim->members_max) {
			buf_printf(err, "more than %d members", lim->members_max);
			r = -1;
			break;
		}
		if (!name || archive_entry_filetype(e) != AE_IFREG)
			continue;
		if (want && !want(arg, name))
			continue;
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)lim->member_max) {
			buf_printf(err, "member '%.200s' claims %lld bytes, over the %zu byte limit",
				 name, (long long)archive_entry_size(e), lim->member_max);
			r = -1;
			break;
		}
		if (read_member(a, &m, lim->member_max, name, err)) {
			r = -1;
			break;
		}
		total += m.len;
		if (total > lim->total_max) {
			buf_printf(err, "members add up to more than %zu bytes", lim->total_max);
			r = -1;
			break;
		}
		rc = fn(arg, name, (const unsigned char *)m.data, m.len);
		if (rc < 0) {
			if (err->len == errstart)
				buf_printf(err, "member '%.200s' could not be read", name);
			r = -1;
			break;
		}
		if (rc > 0)
			break;
	}
	if (!r && rc != ARCHIVE_OK && rc != ARCHIVE_WARN && rc != ARCHIVE_EOF) {
		buf_printf(err, "%." ARC_ERR_MAX "s", archive_error_string(a) ? archive_error_string(a)
			 : "not a readable archive");
		r = -1;
	}
	buf_release(&m);
	archive_read_free(a);
	return r;
}

struct get_ctx {
	const char *name;
	struct buf *out;
	int found;
};

static int get_want(void *arg, const char *name)
{
	return !strcmp(((struct get_ctx *)arg)->name, name);
}

static int get_fn(void *arg, const char *name, const unsigned char *data, size_t len)
{
	struct get_ctx *g = arg;

	buf_reset(g->out);
	if (buf_add(g->out, data, len))
		return -1;
	g->found = 1;
	return 1;
}

int arc_get(const unsigned char *data, size_t len, const struct arc_limits *lim,
	    const char *name, struct buf *out, struct buf *err)
{
	struct get_ctx g = { name, out, 0 };

	if (arc_each(data, len, lim, get_want, get_fn, &g, err))
		return -1;
	return g.found;
}
