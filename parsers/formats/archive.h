/*
 * Reading archives (zip, tar, gzip'd tar; XLSX containers) in memory with
 * libarchive, with limits: a member's size is capped (whatever its header
 * claims), as are the number of members and their total size. Member names
 * are data only: they never become paths on disk.
 */
#ifndef GW_ARCHIVE_H
#define GW_ARCHIVE_H

#include <stddef.h>

#include "lib/buf.h"

struct arc_limits {
	size_t member_max;	/* bytes of one member, decompressed */
	size_t total_max;	/* bytes of all members read */
	int members_max;	/* members listed */
};

#define ARC_LIMITS_DEFAULT { 256u << 20, 1024u << 20, 100000 }

/* 1 if data looks like a zip (PK\3\4) or a tar (ustar magic at 257). */
int arc_is_zip(const unsigned char *data, size_t len);
int arc_is_tar(const unsigned char *data, size_t len);

/*
 * Calls fn for each regular member, in archive order, with its name and its
 * whole content (valid only during the call). fn returns 0 to go on, 1 to
 * stop early, -1 on error (which stops). Returns 0, or -1 with a message
 * appended to err (the archive is damaged, a member passes a limit, fn
 * failed): members before the failure were still given to fn.
 * want (may be NULL) filters: fn is called only for members it accepts,
 * and others are skipped without being decompressed.
 */
typedef int (*arc_member_fn)(void *arg, const char *name, const unsigned char *data, size_t len);
typedef int (*arc_want_fn)(void *arg, const char *name);
int arc_each(const unsigned char *data, size_t len, const struct arc_limits *lim,
	     arc_want_fn want, arc_member_fn fn, void *arg, struct buf *err);

/*
 * Reads the member named name into out (reset first). Returns 1 found,
 * 0 not in the archive, -1 error (a message appended to err).
 */
int arc_get(const unsigned char *data, size_t len, const struct arc_limits *lim,
	    const char *name, struct buf *out, struct buf *err);

/* 1 if data is one compressed stream: gzip (1F 8B) or zstd (28 B5 2F FD). */
int arc_is_compressed(const unsigned char *data, size_t len);

/*
 * Decompresses one gzip or zstd stream into out (reset first), at most max
 * bytes. Returns 0, or -1 with a message appended to err (damaged, over max,
 * out of memory).
 */
int arc_decompress(const unsigned char *data, size_t len, size_t max, struct buf *out, struct buf *err);
/* The same for the first max bytes only (a look at what it holds): more is no error. */
int arc_decompress_head(const unsigned char *data, size_t len, size_t max, struct buf *out, struct buf *err);

/* 1 if a member name is unsafe as a path ("../", absolute): reported, never used as a path. */
int arc_name_unsafe(const char *name);

#endif
