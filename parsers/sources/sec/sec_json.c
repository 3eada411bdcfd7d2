/* What the SEC EDGAR JSON parsers share (sec_json.h). */
#include "sec_json.h"

#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"

#include "lib/banned.h"

const char *sec_json_date(const char *s, char out[11])
{
	if (!s || strlen(s) != 10 || date_parse(s, 10, out))
		return NULL;
	return out;
}

long long sec_json_cik(const char *s)
{
	char *e;
	long long v;

	if (!s || !*s)
		return 0;
	v = strtoll(s, &e, 10);
	return *e || v <= 0 ? 0 : v;
}
