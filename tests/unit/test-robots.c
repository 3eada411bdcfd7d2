/* robots.txt (ingest/robots.c): group choice, longest match, wildcards, Crawl-delay. */
#include <string.h>

#include "ingest/fetch.h"
#include "tap.h"

#include "lib/banned.h"

static int allowed(const char *txt, const char *agent, const char *path)
{
	struct robots r;
	int a;

	robots_parse(&r, agent, txt, strlen(txt));
	a = robots_allowed(&r, path);
	robots_release(&r);
	return a;
}

static long delay(const char *txt, const char *agent)
{
	struct robots r;
	long d;

	robots_parse(&r, agent, txt, strlen(txt));
	d = r.crawl_delay_ms;
	robots_release(&r);
	return d;
}

int main(void)
{
	/* RFC 9309 section 2.2.2 and 5.2 examples, shortened */
	static const char groups[] =
		"User-agent: *\nDisallow: /\n\n"
		"User-agent: Gigawatt\nUser-agent: otherbot\n"
		"Disallow: /private/   # a comment\n"
		"Allow: /private/open.csv\n"
		"Crawl-delay: 2.5\n\n"
		"User-agent: thirdbot\nDisallow: /x\n";
	static const char wild[] =
		"user-agent: *\n"
		"disallow: /*.xlsx$\n"
		"disallow: /api/*/facts\n"
		"allow: /api/public/\n"
		"disallow: /api/\n";

	ok(allowed(groups, "gigawatt", "/data.csv"), "our group (named case-insensitively) is used, not '*'");
	ok(!allowed(groups, "gigawatt", "/private/a.csv"), "Disallow prefix");
	ok(allowed(groups, "gigawatt", "/private/open.csv"), "a longer Allow wins over a shorter Disallow");
	ok(delay(groups, "gigawatt") == 2500, "Crawl-delay 2.5 s of our group: %ld ms", delay(groups, "gigawatt"));
	ok(!allowed(groups, "somebot", "/data.csv"), "an unnamed agent falls to '*' (Disallow: /)");
	ok(delay(groups, "somebot") == -1, "'*' has no Crawl-delay");
	ok(allowed(groups, "thirdbot", "/data.csv") && !allowed(groups, "thirdbot", "/xyz") &&
	   allowed(groups, "gigawatt", "/xyz"),
	   "a group's rules end at the next User-agent line after rules");
	ok(!allowed(wild, "gigawatt", "/q/queue.xlsx"), "'*' and '$': /*.xlsx$ blocks .xlsx");
	ok(allowed(wild, "gigawatt", "/q/queue.xlsx?v=2"), "'$' anchors: a query after .xlsx does not match");
	ok(!allowed(wild, "gigawatt", "/api/xbrl/facts"), "a '*' in the middle");
	ok(allowed(wild, "gigawatt", "/api/public/x"), "Allow /api/public/ longer than Disallow /api/");
	ok(!allowed(wild, "gigawatt", "/api/private/x"), "Disallow /api/");
	ok(allowed("", "gigawatt", "/anything"), "an empty robots.txt allows everything");
	ok(allowed("User-agent: *\nDisallow:\n", "gigawatt", "/x"), "an empty Disallow allows");
	ok(allowed("garbage\n\x01\x02:::\nDisallow /x\n", "gigawatt", "/x"), "unreadable lines are ignored");
	{
		/* a pathological pattern must stay fast (no exponential backtracking) */
		static char txt[4096], path[4096];
		size_t i, n = strlen("User-agent: *\nDisallow: ");
		memcpy(txt, "User-agent: *\nDisallow: ", n);
		for (i = 0; i < 1000; i++)
			txt[n++] = i % 2 ? 'a' : '*';
		memcpy(txt + n, "b$\n", 4);
		for (i = 0; i < 3000; i++)
			path[i] = 'a';
		ok(allowed(txt, "gigawatt", path), "a pattern of 500 stars against 3000 bytes ends (and does not match)");
	}
	{
		/* a robots.txt of 500 KiB (RFC 9309 asks crawlers to read at least 500 KiB; gw-fetch
		 * takes 512): every rule of our group counts, the last one too */
		static char big[500 << 10];
		size_t n = 0, i;
		n += (size_t)snprintf(big, sizeof(big), "User-agent: *\n");
		for (i = 0; n + 128 < sizeof(big); i++)
			n += (size_t)snprintf(big + n, sizeof(big) - n, "Disallow: /archive/%06zu/\n", i);
		n += (size_t)snprintf(big + n, sizeof(big) - n, "Disallow: /zz-the-last-rule-of-this-file/\n");
		ok(n > (400 << 10) && !allowed(big, "gigawatt", "/zz-the-last-rule-of-this-file/queue.csv") &&
		   !allowed(big, "gigawatt", "/archive/000000/x") && allowed(big, "gigawatt", "/other"),
		   "a rule 400 KiB into robots.txt still counts (%zu bytes, %zu rules)", n, i + 1);
	}
	return done();
}
