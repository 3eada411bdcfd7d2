#include "units.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/banned.h"

int power_to_mw(double v, const char *unit, size_t n, double *mw, int *apparent)
{
	static const struct { const char *u; double f; int va; } t[] = {
		{ "w", 1e-6, 0 }, { "kw", 1e-3, 0 }, { "mw", 1, 0 }, { "gw", 1e3, 0 },
		{ "va", 1e-6, 1 }, { "kva", 1e-3, 1 }, { "mva", 1, 1 }, { "gva", 1e3, 1 },
	};
	size_t i;

	while (n && isspace((unsigned char)*unit))
		unit++, n--;
	while (n && isspace((unsigned char)unit[n - 1]))
		n--;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strlen(t[i].u) == n && !strncasecmp(unit, t[i].u, n)) {
			*mw = v * t[i].f;
			if (apparent)
				*apparent = t[i].va;
			return 0;
		}
	}
	return -1;
}

int num_parse(const char *s, size_t n, double *out)
{
	char tmp[64];
	size_t k = 0, i = 0;
	int digits_seen = 0;
	char *e;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	while (n > i && isspace((unsigned char)s[n - 1]))
		n--;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		tmp[k++] = s[i++];
	if (i < n && s[i] == '$')
		i++;
	for (; i < n; i++) {
		char c = s[i];
		if (k >= sizeof(tmp) - 1)
			return -1;
		if (c == ',') {
			/* thousands separator: must sit between digits */
			if (!digits_seen || i + 1 >= n || !isdigit((unsigned char)s[i + 1]))
				return -1;
			continue;
		}
		if (isdigit((unsigned char)c))
			digits_seen = 1;
		else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+')
			return -1;
		tmp[k++] = c;
	}
	if (!digits_seen)
		return -1;
	tmp[k] = '\0';
	*out = strtod(tmp, &e);
	if (*e || !isfinite(*out))
		return -1;
	return 0;
}
