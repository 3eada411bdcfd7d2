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

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHANI 1

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static int cpu_has_shani(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)))	/* SSE4.1 */
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b >> 29) & 1;	/* SHA extensions */
}

/* SHA-256 compression of n 64-byte blocks with the x86 SHA extensions (after Intel's reference) */
__attribute__((target("sha,sse4.1")))
static void blocks_shani(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i s0, s1, msg, tmp, abef, cdgh, w[4];
	int i;

	tmp = _mm_loadu_si128((const __m128i *)&h[0]);
	s1 = _mm_loadu_si128((const __m128i *)&h[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);
	s1 = _mm_shuffle_epi32(s1, 0x1B);
	s0 = _mm_alignr_epi8(tmp, s1, 8);
	s1 = _mm_blend_epi16(s1, tmp, 0xF0);
	for (; n; n--, p += 64) {
		abef = s0;
		cdgh = s1;
		for (i = 0; i < 16; i++) {
			if (i < 4)
				w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), mask);
			msg = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)&K[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
			if (i >= 3 && i < 15) {
				tmp = _mm_alignr_epi8(w[i & 3], w[(i - 1) & 3], 4);
				w[(i + 1) & 3] = _mm_add_epi32(w[(i + 1) & 3], tmp);
				w[(i + 1) & 3] = _mm_sha256msg2_epu32(w[(i + 1) & 3], w[i & 3]);
			}
			msg = _mm_shuffle_epi32(msg, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
			if (i >= 1 && i < 13)
				w[(i - 1) & 3] = _mm_sha256msg1_epu32(w[(i - 1) & 3], w[i & 3]);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	tmp = _mm_shuffle_epi32(s0, 0x1B);
	s1 = _mm_shuffle_epi32(s1, 0xB1);
	s0 = _mm_blend_epi16(tmp, s1, 0xF0);
	s1 = _mm_alignr_epi8(s1, tmp, 8);
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}
#endif

/* sha256_update, with the whole blocks done by the CPU's SHA instructions when it has them */
static void hash_part(struct sha256 *c, const unsigned char *p, size_t n)
{
#ifdef HAVE_SHANI
	static int shani = -1;

	if (shani < 0)
		shani = cpu_has_shani();
	if (shani && c->nblk == 0 && n >= 64) {
		size_t whole = n / 64;
		blocks_shani(c->h, p, whole);
		c->len += whole * 64;
		p += whole * 64;
		n -= whole * 64;
	}
#endif
	sha256_update(c, p, n);
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
		hash_part(&c, p + off, k);
		mapfile_release(p + off, k);
	}
	sha256_final_hex(&c, out);
}
