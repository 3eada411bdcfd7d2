#include "mem.h"

#include <string.h>

#include "lib/banned.h"

const unsigned char *mem_find(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	if (!k)
		return hay;
	for (; n >= k; hay++, n--) {
		const unsigned char *q = memchr(hay, (unsigned char)needle[0], n - k + 1);
		if (!q)
			return NULL;
		n -= (size_t)(q - hay);
		hay = q;
		if (!memcmp(hay, needle, k))
			return hay;
	}
	return NULL;
}
