/* robots.txt (RFC 9309): groups by user-agent, Allow/Disallow by longest match, Crawl-delay. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "fetch.h"

#include "lib/banned.h"

/* One line's field and value, trimmed, comment dropped. */
static int robots_line(const char *s, size_t n, const char **k, size_t *kn, const char **v, size_t *vn)
{
	const char *hash = memchr(s, '#', n), *colon;

	if (hash)
		n = (size_t)(hash - s);
	colon = memchr(s, ':', n);
	if (!colon)
		return 0;
	*k = s;
	*kn = (size_t)(colon - s);
	while (*kn && isspace((unsigned char)(*k)[0]))
		(*k)++, (*kn)--;
	while (*kn && isspace((unsigned char)(*k)[*kn - 1]))
		(*kn)--;
	*v = colon + 1;
	*vn = n - (size_t)(colon + 1 - s);
	while (*vn && isspace((unsigned char)(*v)[0]))
		(*v)++, (*vn)--;
	while (*vn && isspace((unsigned char)(*v)[*vn - 1]))
		(*vn)--;
	return 1;
}

static int keyis(const char *k, size_t kn, const char *name)
{
	return kn == strlen(name) && !strncasecmp(k, name, kn);
}

/* Does a User-agent value name us? "*" is handled by the caller. */
static int agent_match(const char *v, size_t vn, const char *agent)
{
	size_t an = strlen(agent), i;

	for (i = 0; i < vn; i++)	/* the value's product token: up to '/' or space */
		if (v[i] == '/' || isspace((unsigned char)v[i]))
			break;
	return an && i == an && !strncasecmp(v, agent, an);
}

/*
 * One pass: collects the rules of groups naming the agent (star = 0) or '*'
 * (star = 1). Returns 1 if any such group exists.
 */
static int collect(struct robots *r, struct buf *rules, const char *agent, int star,
		   const char *txt, size_t len)
{
	const char *p = txt, *end = txt + len;
	int in_agents = 0, mine = 0, found = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *k, *v;
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), kn, vn;

		if (robots_line(p, n, &k, &kn, &v, &vn)) {
			if (keyis(k, kn, "user-agent")) {
				if (!in_agents)
					mine = 0;	/* a new group starts */
				in_agents = 1;
				if (star ? (vn == 1 && v[0] == '*') : agent_match(v, vn, agent))
					mine = found = 1;
			} else {
				in_agents = 0;
				if (!mine)
					;
				else if (keyis(k, kn, "allow") || keyis(k, kn, "disallow")) {
					if (vn) {
						buf_addc(rules, keyis(k, kn, "allow") ? 'A' : 'D');
						buf_add(rules, v, vn);
						buf_addc(rules, '\n');
					}
				} else if (keyis(k, kn, "crawl-delay")) {
					char tmp[32], *e;
					double d;
					size_t m = vn < sizeof(tmp) - 1 ? vn : sizeof(tmp) - 1;
					memcpy(tmp, v, m);
					tmp[m] = '\0';
					d = strtod(tmp, &e);
					if (e != tmp && d >= 0 && d <= 86400)
						r->crawl_delay_ms = (long)(d * 1000 + 0.5);
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
	return found;
}

/*
 * The rules are never longer than the text they come from ("Disallow: /x" is
 * "D/x"), and the text is capped where it is fetched (ROBOTS_MAX_BODY), so the
 * buffer's cap is the text's length: every rule of the group is kept.
 */
void robots_parse(struct robots *r, const char *agent, const char *txt, size_t len)
{
	struct buf rules = BUF_INIT(len + 16);

	r->crawl_delay_ms = -1;
	if (!collect(r, &rules, agent, 0, txt, len)) {
		buf_reset(&rules);
		r->crawl_delay_ms = -1;
		collect(r, &rules, agent, 1, txt, len);
	}
	if (buf_error(&rules)) {	/* out of memory: the rules are not all known, so nothing is allowed */
		buf_reset(&rules);
		buf_adds(&rules, "D/\n");
	}
	r->rules = buf_detach(&rules, NULL);
}

/*
 * Length of the match of pattern (with '*' any run, '$' at the end anchoring)
 * at the start of path, or -1. Greedy with one backtrack point per star:
 * O(pattern x path), never exponential.
 */
static long pattern_match(const char *pat, size_t pn, const char *path)
{
	size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0, sn = strlen(path);
	int anchored = pn && pat[pn - 1] == '$';

	if (anchored)
		pn--;
	for (;;) {
		if (pi == pn) {
			if (!anchored || si == sn)
				return (long)pn;
		} else if (pat[pi] == '*') {
			star_p = ++pi;
			star_s = si;
			continue;
		} else if (si < sn && pat[pi] == path[si]) {
			pi++, si++;
			continue;
		}
		if (star_p == (size_t)-1 || star_s >= sn)
			return -1;
		pi = star_p;	/* let the last star take one more byte */
		si = ++star_s;
	}
}

int robots_allowed(const struct robots *r, const char *path)
{
	const char *p = r->rules;
	long best = -1;
	int allow = 1;

	if (!p)
		return 1;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		long m = pattern_match(p + 1, n - 1, path);
		if (m >= 0 && (m > best || (m == best && p[0] == 'A'))) {
			best = m;
			allow = p[0] == 'A';
		}
		p += n + (nl ? 1 : 0);
	}
	return allow;
}

void robots_release(struct robots *r)
{
	free(r->rules);
	r->rules = NULL;
}
