/* gw-fetch: fetch the sources of a sources.conf into the raw store. */
#include <curl/curl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/msg.h"
#include "../store/db.h"
#include "fetch.h"
#include "sources.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-fetch [-d DB] -s SOURCES [--due] [--only ID]... [-A USER-AGENT]\n"
		"\n"
		"Fetches each source of the SOURCES file (sources.conf) into the raw store\n"
		"beside the database and the documents table, and prints the sha256 of each\n"
		"new document on standard output. Every attempt is recorded in `fetches`.\n"
		"\n"
		"  -d, --db DB            the store (default $GW_DB, else gigawatt.db)\n"
		"  -s, --sources FILE     the sources.conf to read\n"
		"      --due              only sources not fetched within their every= period\n"
		"      --only ID          only this source (repeatable)\n"
		"  -A, --user-agent UA    User-Agent (default $GW_USER_AGENT); sec.gov needs a\n"
		"                         contact address in it\n"
		"      --max-body BYTES   largest body accepted (default 512 MiB)\n"
		"      --timeout SECONDS  total time for one request (default 300)\n"
		"  -h, --help             this help\n"
		"      --version          print the version\n"
		"\n"
		"Exit status: 0 all fetched, 1 some sources failed, 2 usage, 4 the store failed.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "sources", required_argument, NULL, 's' },
		{ "due", no_argument, NULL, 'D' },
		{ "only", required_argument, NULL, 'o' },
		{ "user-agent", required_argument, NULL, 'A' },
		{ "max-body", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct fetch_opts o = { 0 };
	struct fetch_stats st;
	struct sources srcs;
	const char *sources = NULL, **only = NULL;
	int c, nonly = 0, r, bad;
	sqlite3 *db;

	gw_prog = "gw-fetch";
	o.user_agent = getenv("GW_USER_AGENT");
	o.max_body = FETCH_MAX_BODY;
	o.timeout_s = 300;
	o.connect_timeout_s = 30;
	only = calloc((size_t)argc + 1, sizeof(*only));
	if (!only)
		return 4;
	while ((c = getopt_long(argc, argv, "d:s:A:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.dbpath = optarg; break;
		case 's': sources = optarg; break;
		case 'D': o.due_only = 1; break;
		case 'o': only[nonly++] = optarg; break;
		case 'A': o.user_agent = optarg; break;
		case 'm': o.max_body = atol(optarg); break;
		case 't': o.timeout_s = atol(optarg); break;
		case 'h': usage(stdout); free(only); return GW_OK;
		case 'V': printf("gw-fetch %s\n", GW_VERSION); free(only); return GW_OK;
		default: usage(stderr); free(only); return GW_USAGE;
		}
	}
	if (!sources || optind != argc || o.max_body <= 0 || o.timeout_s <= 0) {
		usage(stderr);
		free(only);
		return GW_USAGE;
	}
	o.only = nonly ? only : NULL;
	o.dbpath = store_path(o.dbpath);
	if ((bad = sources_read(sources, &srcs)) < 0) {
		free(only);
		return GW_FAIL;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (!(db = store_open(o.dbpath, 0))) {
		sources_release(&srcs);
		free(only);
		return 4;
	}
	r = fetch_run(db, &srcs, &o, &st);
	if (r >= 0)
		fprintf(stderr, "gw-fetch: %d sources, %d fetched, %d new, %d unchanged,"
			" %d not modified, %d failed\n", st.sources, st.fetched, st.new_docs,
			st.unchanged, st.not_modified, st.failed);
	store_close(db);
	sources_release(&srcs);
	curl_global_cleanup();
	free(only);
	if (gw_close_stdout())
		return GW_FAIL;
	return r < 0 ? 4 : r || bad ? GW_FAIL : GW_OK;
}
