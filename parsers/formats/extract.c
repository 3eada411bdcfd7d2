#define PCRE2_CODE_UNIT_WIDTH 8
#include "extract.h"

#include <ctype.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/dates.h"
#include "lib/msg.h"
#include "lib/units.h"

#include "lib/banned.h"

/* Compiled patterns, cached by their text (a handful: the ones below and labels). */
#define NPAT 32
static struct {
	char *text;
	pcre2_code *code;
} pats[NPAT];
static pcre2_match_data *md;

static pcre2_code *pattern(const char *text)
{
	int i, err;
	PCRE2_SIZE eoff;
	pcre2_code *c;

	for (i = 0; i < NPAT && pats[i].text; i++)
		if (!strcmp(pats[i].text, text))
			return pats[i].code;
	if (i == NPAT) {
		gw_error("internal error: too many text patterns");
		return NULL;
	}
	c = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS | PCRE2_MULTILINE,
			  &err, &eoff, NULL);
	if (!c) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(err, msg, sizeof(msg));
		gw_error("internal error: pattern at %zu: %s", (size_t)eoff, (const char *)msg);
		return NULL;
	}
	if (!(pats[i].text = strdup(text))) {
		pcre2_code_free(c);
		return NULL;
	}
	pats[i].code = c;
	if (!md && !(md = pcre2_match_data_create(16, NULL)))
		return NULL;
	return c;
}

void extract_release(void)
{
	int i;

	for (i = 0; i < NPAT; i++) {
		free(pats[i].text);
		pcre2_code_free(pats[i].code);
		pats[i].text = NULL;
		pats[i].code = NULL;
	}
	pcre2_match_data_free(md);
	md = NULL;
}

/* 1 match (ovector in md), 0 none, -1 error. Backtracking is bounded by PCRE2's match limit. */
static int match_at(pcre2_code *c, const char *s, size_t n, size_t from)
{
	int rc;

	if (from > n)
		return 0;
	rc = pcre2_match(c, (PCRE2_SPTR)s, n, from, 0, md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		gw_error("text pattern: %s", (const char *)msg);
		return -1;
	}
	return 1;
}

/* Span of group g of the last match; len 0 and off (size_t)-1 if unset. */
static struct xspan grp(int g)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	struct xspan sp = { (size_t)-1, 0 };

	if ((uint32_t)g < pcre2_get_ovector_count(md) && ov[2 * g] != PCRE2_UNSET) {
		sp.off = ov[2 * g];
		sp.len = ov[2 * g + 1] - ov[2 * g];
	}
	return sp;
}

static int has(struct xspan sp)
{
	return sp.off != (size_t)-1;
}

/* MW of one unit word or symbol; -1 unknown. *apparent for VA units. */
static double unit_mw(const char *u, size_t n, int *apparent)
{
	static const struct { const char *name; double mw; int va; } units[] = {
		{ "gw", 1000, 0 }, { "mw", 1, 0 }, { "kw", 0.001, 0 },
		{ "gva", 1000, 1 }, { "mva", 1, 1 }, { "kva", 0.001, 1 },
		{ "gigawatt", 1000, 0 }, { "gigawatts", 1000, 0 }, { "megawatt", 1, 0 },
		{ "megawatts", 1, 0 }, { "kilowatt", 0.001, 0 }, { "kilowatts", 0.001, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n && !strncasecmp(units[i].name, u, n)) {
			*apparent = units[i].va;
			return units[i].mw;
		}
	return -1;
}

static int span_num(const char *s, struct xspan sp, double *v)
{
	return has(sp) ? num_parse(s + sp.off, sp.len, v) : -1;
}

#define NUM "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)"
#define UNIT "(GW|MW|kW|GVA|MVA|kVA|gigawatts?|megawatts?|kilowatts?)"

int extract_power(const char *s, size_t n, struct xpower *out, int max)
{
	/* a number not glued to a longer one, a unit not glued to more letters (MWh is energy) */
	pcre2_code *c = pattern("(?<![\\w.,])" NUM "\\s?-?\\s?" UNIT "(?![\\w])");
	size_t from = 0;
	int k = 0, rc;

	if (!c)
		return -1;
	while (k < max && (rc = match_at(c, s, n, from)) == 1) {
		struct xspan all = grp(0), num = grp(1), unit = grp(2);
		double v, f;
		int va = 0;

		from = all.off + (all.len ? all.len : 1);
		if (span_num(s, num, &v) || (f = unit_mw(s + unit.off, unit.len, &va)) < 0)
			continue;
		out[k].at = all;
		out[k].mw = v * f;
		out[k].apparent = va;
		k++;
	}
	return rc < 0 && k == 0 ? -1 : k;
}

/* "twenty-four" -> 24; words up to one hundred. -1 if not a number word. */
static long word_num(const char *s, size_t n)
{
	static const char *const ones[] = { "zero", "one", "two", "three", "four", "five", "six",
		"seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
		"sixteen", "seventeen", "eighteen", "nineteen" };
	static const char *const tens[] = { "", "", "twenty", "thirty", "forty", "fifty", "sixty",
		"seventy", "eighty", "ninety" };
	size_t i, dash;
	long v = -1;
	double d;

	if (!num_parse(s, n, &d))
		return d >= 0 && d < 100000 && d == (long)d ? (long)d : -1;
	if (n == 7 && !strncasecmp(s, "hundred", 7))
		return 100;
	for (dash = 0; dash < n && s[dash] != '-'; dash++)
		;
	for (i = 0; i < 20; i++)
		if (dash == strlen(ones[i]) && !strncasecmp(s, ones[i], dash))
			v = (long)i;
	for (i = 2; i < 10; i++)
		if (dash == strlen(tens[i]) && !strncasecmp(s, tens[i], dash))
			v = (long)i * 10;
	if (v < 0 || dash == n)
		return v;
	if (v < 20)
		return -1;
	s += dash + 1;
	n -= dash + 1;
	for (i = 1; i < 10; i++)
		if (n == strlen(ones[i]) && !strncasecmp(s, ones[i], n))
			return v + (long)i;
	return -1;
}

#define COUNT "(\\d{1,4}|[a-z]+(?:-[a-z]+)?)(?:\\s*\\((\\d{1,4})\\))?"
#define RATING "(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)\\s?-?\\s?(MW|kW|MVA|kVA|megawatts?|kilowatts?)"

int extract_generators(const char *s, size_t n, struct xgen *out, int max)
{
	/* 1: "168 x 3 MW" (x, X, U+00D7, *); 2: "168 3.0-MW diesel generators";
	 * 3: "168 diesel generators, each rated 3.0 MW" */
	static const char *const forms[] = {
		"(?<![\\w.,])" COUNT "\\s*(?:x|\\xC3\\x97|\\*)\\s*" RATING "(?!\\w)",
		"(?<![\\w.,])" COUNT "\\s+" RATING "\\s+(?:[a-z-]+\\s+){0,4}?generators?\\b",
		"(?<![\\w.,])" COUNT "\\s+(?:[a-z-]+\\s+){0,4}?generators?(?:\\s+sets?)?,?\\s+"
		"(?:each\\s+)?(?:rated\\s+(?:at\\s+)?|of\\s+|at\\s+)" RATING "(?!\\w)",
	};
	int k = 0, f, i, rc = 0;

	for (f = 0; f < 3 && k < max; f++) {
		pcre2_code *c = pattern(forms[f]);
		size_t from = 0;

		if (!c)
			return -1;
		while (k < max && (rc = match_at(c, s, n, from)) == 1) {
			struct xspan all = grp(0), cw = grp(1), cd = grp(2), r = grp(3), u = grp(4);
			long cnt = has(cd) ? word_num(s + cd.off, cd.len) : word_num(s + cw.off, cw.len);
			double rating, unit;
			int va = 0, dup = 0;

			/* a word that is not a number: try again just after its start */
			from = cnt < 0 ? cw.off + 1 : all.off + all.len;
			if (cnt <= 0 || span_num(s, r, &rating) ||
			    (unit = unit_mw(s + u.off, u.len, &va)) < 0)
				continue;
			for (i = 0; i < k; i++)	/* the same words found by an earlier form */
				if (all.off < out[i].at.off + out[i].at.len && out[i].at.off < all.off + all.len)
					dup = 1;
			if (dup)
				continue;
			out[k].at = all;
			out[k].count = cnt;
			out[k].unit_mw = rating * unit;
			k++;
		}
		if (rc < 0)
			return -1;
	}
	return k;
}

#define MON "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?"
#define DATE_TEXT_MAX 64	/* a date as matched, before date_parse */

int extract_dates(const char *s, size_t n, struct xdate *out, int max)
{
	pcre2_code *c = pattern("(?<![\\w/-])(" MON "\\s+\\d{1,2},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}"
				"|\\d{1,2}/\\d{1,2}/\\d{4}|\\d{1,2}-" MON "-\\d{4})(?![\\w/])");
	size_t from = 0;
	int k = 0, rc;

	if (!c)
		return -1;
	while (k < max && (rc = match_at(c, s, n, from)) == 1) {
		struct xspan all = grp(1);
		struct buf t = BUF_INIT(DATE_TEXT_MAX);
		size_t i;
		int bad;

		from = all.off + all.len;
		/* "Sept." and "Jan." are written without the abbreviation's dot and extra letters */
		for (i = 0; i < all.len; i++) {
			char ch = s[all.off + i];
			if (ch == '.')
				continue;
			if (isalpha((unsigned char)ch) && i >= 3 && isalpha((unsigned char)s[all.off + i - 3]) &&
			    (i < 4 || !isalpha((unsigned char)s[all.off + i - 4])) &&
			    !strncasecmp(s + all.off + i - 3, "sep", 3))
				continue;	/* "Sept" -> "Sep" */
			buf_addc(&t, ch);
		}
		bad = t.len && !buf_error(&t) ? date_parse(t.data, t.len, out[k].iso) : -1;
		buf_release(&t);
		if (bad)
			continue;
		out[k].at = all;
		k++;
	}
	return rc < 0 && k == 0 ? -1 : k;
}

int extract_first(const char *s, size_t n, const char *pat, int g, struct xspan *at)
{
	pcre2_code *c = pattern(pat);
	int rc;

	if (!c)
		return -1;
	if ((rc = match_at(c, s, n, 0)) != 1)
		return rc;
	*at = grp(g);
	return has(*at);
}

#define LABEL_RE_MAX 1024	/* the pattern built around a label */

int extract_label(const char *s, size_t n, const char *label, struct xspan *val)
{
	struct buf p = BUF_INIT(LABEL_RE_MAX);
	int rc;

	if (buf_printf(&p, "^[ \\t]*(?:%s)\\b[ \\t]*(?:No\\.?|Number|#)?[ \\t]*:?[ \\t]*(\\S[^\\r\\n]*)",
		       label)) {
		buf_release(&p);
		return -1;
	}
	rc = extract_first(s, n, p.data, 1, val);
	buf_release(&p);
	if (rc == 1)
		while (val->len && isspace((unsigned char)s[val->off + val->len - 1]))
			val->len--;
	return rc;
}

static const struct { const char *code, *name; } states[] = {
	{ "AL", "Alabama" }, { "AK", "Alaska" }, { "AZ", "Arizona" }, { "AR", "Arkansas" },
	{ "CA", "California" }, { "CO", "Colorado" }, { "CT", "Connecticut" }, { "DE", "Delaware" },
	{ "DC", "District of Columbia" }, { "FL", "Florida" }, { "GA", "Georgia" }, { "HI", "Hawaii" },
	{ "ID", "Idaho" }, { "IL", "Illinois" }, { "IN", "Indiana" }, { "IA", "Iowa" },
	{ "KS", "Kansas" }, { "KY", "Kentucky" }, { "LA", "Louisiana" }, { "ME", "Maine" },
	{ "MD", "Maryland" }, { "MA", "Massachusetts" }, { "MI", "Michigan" }, { "MN", "Minnesota" },
	{ "MS", "Mississippi" }, { "MO", "Missouri" }, { "MT", "Montana" }, { "NE", "Nebraska" },
	{ "NV", "Nevada" }, { "NH", "New Hampshire" }, { "NJ", "New Jersey" }, { "NM", "New Mexico" },
	{ "NY", "New York" }, { "NC", "North Carolina" }, { "ND", "North Dakota" }, { "OH", "Ohio" },
	{ "OK", "Oklahoma" }, { "OR", "Oregon" }, { "PA", "Pennsylvania" }, { "RI", "Rhode Island" },
	{ "SC", "South Carolina" }, { "SD", "South Dakota" }, { "TN", "Tennessee" }, { "TX", "Texas" },
	{ "UT", "Utah" }, { "VT", "Vermont" }, { "VA", "Virginia" }, { "WA", "Washington" },
	{ "WV", "West Virginia" }, { "WI", "Wisconsin" }, { "WY", "Wyoming" },
};
#define NSTATES (sizeof(states) / sizeof(states[0]))

int us_state_code(const char *s, size_t n, char out[3])
{
	size_t i;

	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (i = 0; i < NSTATES; i++)
		if ((n == 2 && !strncasecmp(s, states[i].code, 2)) ||
		    (n == strlen(states[i].name) && !strncasecmp(s, states[i].name, n))) {
			memcpy(out, states[i].code, 3);
			return 0;
		}
	return -1;
}

int us_state_of(const char *a, size_t n, char out[3])
{
	struct xspan sp;
	char found[3] = "";
	size_t i, j;

	/* a code before a ZIP code is the clearest: "Memphis, TN 38109", "Dalton, GA, 30721" */
	if (extract_first(a, n, "(?-i)\\b([A-Z]{2}),?\\s+\\d{5}(?:-\\d{4})?\\b", 1, &sp) == 1 &&
	    !us_state_code(a + sp.off, sp.len, out))
		return 0;
	if (extract_first(a, n, "(?-i),\\s*([A-Z]{2})\\s*(?:,|$)", 1, &sp) == 1 &&
	    !us_state_code(a + sp.off, sp.len, out))
		return 0;
	/* else a state's name, the longest at each place ("West Virginia" is not "Virginia") */
	for (i = 0; i < n; i++) {
		size_t best = 0, bi = 0;
		if (i && isalnum((unsigned char)a[i - 1]))
			continue;
		for (j = 0; j < NSTATES; j++) {
			size_t k = strlen(states[j].name);
			if (k <= n - i && k > best && !strncasecmp(a + i, states[j].name, k) &&
			    (i + k == n || !isalnum((unsigned char)a[i + k])))
				best = k, bi = j;
		}
		if (!best)
			continue;
		if (n - i - best >= 7 && !strncasecmp(a + i + best, " County", 7)) {
			i += best - 1;	/* "Washington County, Oregon" is in Oregon */
			continue;
		}
		if (found[0] && strcmp(found, states[bi].code))
			return -1;	/* two states named: not clear */
		memcpy(found, states[bi].code, 3);
		i += best - 1;
	}
	if (!found[0])
		return -1;
	memcpy(out, found, 3);
	return 0;
}
