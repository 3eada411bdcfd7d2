/*
 * Large documents mapped read-only instead of read into memory, so that a
 * tool reading a 200 MB file front to back keeps only a window of it
 * resident: the pages already read are handed back to the kernel (they are
 * clean pages of the file, read again from the page cache if touched again).
 */
#ifndef GW_MAPFILE_H
#define GW_MAPFILE_H

#include <stddef.h>

struct mapfile {
	void *p;
	size_t len;
};

/* Maps the regular file path (1 to max bytes) read-only. 0, or -1 with errno set (E2BIG past max). */
int mapfile_open(const char *path, size_t max, struct mapfile *m);
void mapfile_close(struct mapfile *m);
/* SHA-256 of the whole mapping as hex, releasing each part once hashed. */
void mapfile_sha256_hex(const struct mapfile *m, char out[65]);
/*
 * Hands back the whole pages of [p, p + n) if they lie in a mapping that
 * mapfile_open made; does nothing for any other memory. Always safe: the
 * content stays readable.
 */
void mapfile_release(const void *p, size_t n);

#endif
