#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "lib/banned.h"

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}
