/* SHA-256 (FIPS 180-4), for content-addressing documents. */
#ifndef GW_SHA256_H
#define GW_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char blk[64];
	size_t nblk;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
/* Writes 64 lowercase hex digits and a NUL. */
void sha256_final_hex(struct sha256 *c, char out[65]);
void sha256_hex(const void *p, size_t n, char out[65]);
/* 1 if s is 64 lowercase hex digits. */
int sha256_is_hex(const char *s);

#endif
