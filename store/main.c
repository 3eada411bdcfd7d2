/* gw-load: records (JSON Lines) -> the store. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../lib/msg.h"
#include "db.h"
#include "load.h"
#include "norm.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-load [-d DB] [-q] [FILE...]\n"
		"       gw-load [-d DB] --unresolved\n"
		"       gw-load [-d DB] --resolve\n"
		"\n"
		"Loads records (JSON Lines, one per line, as gw-parse writes them) from the\n"
		"FILEs, or standard input, into the store in one transaction. Each record is\n"
		"checked against the record contract (schemas/records.md); an invalid one is\n"
		"kept in the rejects table with its reason. Loading the same records again\n"
		"stores nothing new. Prints: read N, stored N, unchanged N, rejected N.\n"
		"\n"
		"  -d, --db DB       the store (default $GW_DB, else gigawatt.db)\n"
		"  -q, --quiet       do not print each rejected record, only the summary\n"
		"      --unresolved  list what needs review: operator names no alias resolves,\n"
		"                    countries and states no table knows, unmatched sites\n"
		"      --resolve     normalise every stored observation again (country and state\n"
		"                    codes, operator lists, owners, tenants) with this program's\n"
		"                    tables and the store's aliases; prints how many\n"
		"  -h, --help        this help\n"
		"      --version     print the version\n"
		"\n"
		"Exit status: 0 all stored, 1 some records rejected, 2 usage, 4 the store failed\n"
		"(nothing of this run was kept).\n");
}

static int unresolved(sqlite3 *db)
{
	sqlite3_stmt *st = store_prepare(db,
		"SELECT kind, name, n FROM v_unresolved ORDER BY n DESC, kind, name");
	int rc;

	if (!st)
		return GW_FAIL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		printf("%s\t%s\t%d\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
		       sqlite3_column_int(st, 2));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? GW_OK : GW_FAIL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "unresolved", no_argument, NULL, 'u' },
		{ "resolve", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbarg = NULL;
	int c, quiet = 0, list_unresolved = 0, resolve = 0, i, failed = 0, badinput = 0, ret;
	long nb;
	struct loader l;
	sqlite3 *db;

	gw_prog = "gw-load";
	/* one thread: SQLite needs no mutexes nor memory statistics (a sixth of a load's
	 * instructions went to them); must come before SQLite's first use */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	while ((c = getopt_long(argc, argv, "d:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbarg = optarg; break;
		case 'q': quiet = 1; break;
		case 'u': list_unresolved = 1; break;
		case 'r': resolve = 1; break;
		case 'h': usage(stdout); return GW_OK;
		case 'V': printf("gw-load %s\n", GW_VERSION); return GW_OK;
		default: usage(stderr); return GW_USAGE;
		}
	}
	if (!(db = store_open(store_path(dbarg), 0)))
		return 4;
	/* the observations stored before migration 053 get their codes once (norm.h) */
	if ((nb = norm_store_backfill(db, resolve)) < 0) {
		store_close(db);
		return 4;
	}
	if (resolve) {
		fprintf(stderr, "gw-load: normalised %ld observations\n", nb);
		store_close(db);
		return GW_OK;
	}
	if (nb)
		fprintf(stderr, "gw-load: normalised the %ld observations stored before migration 053\n", nb);
	if (list_unresolved) {
		ret = unresolved(db);
		store_close(db);
		return gw_close_stdout() ? GW_FAIL : ret;
	}
	if (loader_begin(&l, db, optind < argc ? argv[optind] : "-")) {
		loader_end(&l, 0);
		store_close(db);
		return 4;
	}
	l.quiet = quiet;
	if (optind == argc) {
		failed = loader_file(&l, "-", stdin) < 0;
	} else {
		for (i = optind; i < argc && !failed; i++) {
			FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;
			if (!f) {
				gw_error_errno("%s: cannot open", argv[i]);
				badinput = 1;
				continue;
			}
			failed = loader_file(&l, argv[i], f) < 0;
			if (f != stdin)
				fclose(f);
		}
	}
	if (failed) {
		gw_error("the load failed: nothing of this run was stored");
		loader_end(&l, 0);
		store_close(db);
		return 4;
	}
	fprintf(stderr, "gw-load: read %ld, stored %ld, unchanged %ld, rejected %ld\n",
		l.read, l.stored, l.unchanged, l.rejected);
	ret = l.rejected || badinput ? GW_FAIL : GW_OK;
	if (loader_end(&l, 1)) {
		store_close(db);
		return 4;
	}
	store_close(db);
	return ret;
}
