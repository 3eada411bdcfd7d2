/* gw-fetch: fetch the sources of a sources.conf into the raw store. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/msg.h"
#include "lib/sha256.h"
#include "store/db.h"
#include "fetch.h"
#include "sources.h"

#include "lib/banned.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-fetch [-d DB] -s SOURCES [--due] [--only ID]... [-A USER-AGENT] [--wait]\n"
		"\n"
		"Fetches the sources of the SOURCES file (sources.conf) into the raw store\n"
		"beside the database and the documents table, many hosts at once and each\n"
		"politely (robots.txt, per-host delay and connections, SEC at most 10/s),\n"
		"and prints the sha256 of each new document on standard output. Every\n"
		"source fetched gets a row in `fetches` (failures with their reason).\n"
		"\n"
		"  -d, --db DB              the store (default $GW_DB, else gigawatt.db)\n"
		"  -s, --sources FILE       the sources.conf to read\n"
		"      --due                only sources not fetched within their every= period\n"
		"      --only ID            only this source (repeatable)\n"
		"  -A, --user-agent UA      User-Agent (default $GW_USER_AGENT, else the\n"
		"                           sources.conf user_agent= line); sec.gov needs a\n"
		"                           contact address (an '@') in it\n"
		"      --wait               wait for another gw-fetch of the same database and\n"
		"                           sources file to finish instead of exiting 3\n"
		"      --max-body BYTES     largest body accepted (default 256 MiB)\n"
		"      --timeout SECONDS    total time for one request (default 300)\n"
		"      --connect-timeout S  time to connect (default 30)\n"
		"      --max-attempts N     tries per source, the first included (default 4)\n"
		"      --max-wait SECONDS   total backoff per source before giving up (default 600)\n"
		"      --retry-base SECONDS first backoff, doubled each retry, jittered (default 2)\n"
		"      --no-politeness      delay 0 and 16 connections per host, Crawl-delay\n"
		"                           ignored (robots.txt Disallow and the SEC cap still\n"
		"                           apply): for benchmarks and your own servers only\n"
		"      --resolve H:P:ADDR   connect to ADDR for H:P (as curl --resolve; tests)\n"
		"      --unloaded           also print, first, the sha256 of every document\n"
		"                           fetched before that no load has covered yet\n"
		"                           (table doc_loads; gw-crawl loads them)\n"
		"  -q, --quiet              no progress even on a terminal\n"
		"  -h, --help               this help\n"
		"      --version            print the version\n"
		"\n"
		"Exit status: 0 all fetched, 1 some sources failed, 2 usage, 3 another\n"
		"gw-fetch holds the lock, 4 the store failed.\n");
}

/* A whole number lo..hi written in decimal digits only (no sign, space, suffix). */
static int count_parse(const char *s, long lo, long hi, long *out)
{
	size_t n = strspn(s, "0123456789");
	long v;

	if (n == 0 || s[n] || n > 18)
		return -1;
	v = strtol(s, NULL, 10);
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int seconds_ms(const char *s, long *out)
{
	long v = duration_parse(s, 1);

	if (v < 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * The lock: one gw-fetch per (database, sources file). Runs with other
 * sources files (shards) on the same database may overlap: they share the
 * per-host schedule through the database.
 */
static int take_lock(const char *dbpath, const char *sources, int wait)
{
	struct buf p = BUF_INIT(PATH_MAX * 2);
	char *real = realpath(sources, NULL), hex[65];
	int fd;

	sha256_hex(real ? real : sources, strlen(real ? real : sources), hex);
	free(real);
	if (buf_printf(&p, "%s.fetch-%.12s.lock", dbpath, hex)) {
		buf_release(&p);
		return -2;
	}
	fd = open(p.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		gw_error_errno("%s: cannot open the lock file", p.data);
		buf_release(&p);
		return -2;
	}
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) {
		if (errno == EINTR)
			continue;
		if (errno == EWOULDBLOCK)
			gw_error("%s: another gw-fetch holds the lock %s (--wait waits for it)", dbpath, p.data);
		else
			gw_error_errno("%s: cannot lock", p.data);
		close(fd);
		fd = errno == EWOULDBLOCK ? -1 : -2;
		break;
	}
	buf_release(&p);
	return fd;
}

int main(int argc, char **argv)
{
	enum { O_WAIT = 256, O_CTO, O_ATT, O_MAXW, O_BASE, O_NOPOL, O_RESOLVE, O_UNLOADED };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "sources", required_argument, NULL, 's' },
		{ "due", no_argument, NULL, 'D' },
		{ "only", required_argument, NULL, 'o' },
		{ "user-agent", required_argument, NULL, 'A' },
		{ "max-body", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "connect-timeout", required_argument, NULL, O_CTO },
		{ "max-attempts", required_argument, NULL, O_ATT },
		{ "max-wait", required_argument, NULL, O_MAXW },
		{ "retry-base", required_argument, NULL, O_BASE },
		{ "no-politeness", no_argument, NULL, O_NOPOL },
		{ "resolve", required_argument, NULL, O_RESOLVE },
		{ "wait", no_argument, NULL, O_WAIT },
		{ "unloaded", no_argument, NULL, O_UNLOADED },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct fetch_opts o;
	struct fetch_stats st;
	struct sources srcs;
	const char *sources = NULL, **only = NULL, **resolve = NULL, *ua_opt = NULL;
	int c, li = -1, nonly = 0, nresolve = 0, r, bad, wait = 0, quiet = 0, unloaded = 0, lockfd, ret = GW_USAGE;
	long v, timeout_ms = 300000, cto_ms = 30000;
	sqlite3 *db;

	gw_prog = "gw-fetch";
	fetch_opts_default(&o);
	only = calloc((size_t)argc + 1, sizeof(*only));
	resolve = calloc((size_t)argc + 1, sizeof(*resolve));
	if (!only || !resolve)
		return GW_STORE;
	while ((c = getopt_long(argc, argv, "d:s:A:qh", opts, &li)) != -1) {
		switch (c) {
		case 'd': o.dbpath = optarg; break;
		case 's': sources = optarg; break;
		case 'D': o.due_only = 1; break;
		case 'o': only[nonly++] = optarg; break;
		case 'A': ua_opt = optarg; break;
		case 'm': if (count_parse(optarg, 1, LONG_MAX, &o.max_body)) goto bad_value; break;
		case 't': if (seconds_ms(optarg, &timeout_ms) || timeout_ms <= 0) goto bad_value; break;
		case O_CTO: if (seconds_ms(optarg, &cto_ms) || cto_ms <= 0) goto bad_value; break;
		case O_ATT: if (count_parse(optarg, 1, 100, &v)) goto bad_value; o.max_attempts = (int)v; break;
		case O_MAXW: if (seconds_ms(optarg, &o.max_wait_ms)) goto bad_value; break;
		case O_BASE: if (seconds_ms(optarg, &v) || v < 1) goto bad_value; o.retry_base_ms = v; break;
		case O_UNLOADED: unloaded = 1; break;
		case O_NOPOL: o.no_politeness = 1; break;
		case O_RESOLVE: resolve[nresolve++] = optarg; break;
		case O_WAIT: wait = 1; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); ret = gw_close_stdout() ? GW_FAIL : GW_OK; goto out;
		case 'V': printf("gw-fetch %s\n", GW_VERSION); ret = gw_close_stdout() ? GW_FAIL : GW_OK; goto out;
		default: goto usage;
		}
		li = -1;
	}
	if (!sources || optind != argc)
		goto usage;
	o.timeout_s = (timeout_ms + 999) / 1000;
	o.connect_timeout_s = (cto_ms + 999) / 1000;
	o.only = nonly ? only : NULL;
	o.resolve = nresolve ? resolve : NULL;
	o.progress = !quiet && isatty(2);
	o.dbpath = store_path(o.dbpath);
	if ((bad = sources_read(sources, &srcs)) < 0) {
		ret = bad == -2 ? GW_STORE : GW_FAIL;
		goto out;
	}
	for (c = 0; c < nonly; c++) {	/* a mistyped --only would otherwise fetch nothing, silently */
		int k, found = 0;
		for (k = 0; k < srcs.n && !found; k++)
			found = !strcmp(srcs.v[k].id, only[c]);
		if (!found) {
			gw_error("%s: no source '%s'", sources, only[c]);
			bad++;
		}
	}
	o.user_agent = ua_opt ? ua_opt : getenv("GW_USER_AGENT") && *getenv("GW_USER_AGENT")
		? getenv("GW_USER_AGENT") : srcs.user_agent;
	if ((lockfd = take_lock(o.dbpath, sources, wait)) < 0) {
		sources_release(&srcs);
		ret = lockfd == -1 ? GW_LOCKED : GW_STORE;
		goto out;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (!(db = store_open(o.dbpath, 0))) {
		sources_release(&srcs);
		close(lockfd);
		ret = GW_STORE;
		goto out;
	}
	r = unloaded ? fetch_print_unloaded(db) : 0;
	if (r == 0)
		r = fetch_run(db, &srcs, &o, &st);
	if (r >= 0)
		fprintf(stderr, "gw-fetch: %d sources, %d fetched, %d new, %d unchanged,"
			" %d not modified, %d failed, %d not due\n", st.sources, st.fetched, st.new_docs,
			st.unchanged, st.not_modified, st.failed, st.skipped);
	store_close(db);
	sources_release(&srcs);
	curl_global_cleanup();
	close(lockfd);
	ret = r < 0 ? GW_STORE : r || bad ? GW_FAIL : GW_OK;
	if (gw_close_stdout() && ret == GW_OK)
		ret = GW_FAIL;
	goto out;
bad_value:
	if (li >= 0)	/* every option with a numeric value is a long one */
		gw_error("--%s: '%s' is not %s", opts[li].name, optarg,
			 c == 'm' || c == O_ATT ? "a whole number in range" : "a duration (e.g. 30, 1.5s, 500ms, 2m)");
usage:
	usage(stderr);
	ret = GW_USAGE;
out:
	free(only);
	free(resolve);
	return ret;
}
