/* gw-load: records (JSON Lines) -> the store. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/msg.h"
#include "lib/sha256.h"
#include "db.h"
#include "load.h"
#include "norm.h"

#include "lib/banned.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-load [-d DB] [-q] [--sites FILE] [--doc SHA256]... [FILE...]\n"
		"       gw-load [-d DB] [--sites FILE] --resolve\n"
		"       gw-load [-d DB] --accept SHA256\n"
		"       gw-load [-d DB] --unresolved\n"
		"\n"
		"Loads records (JSON Lines, one per line, as gw-parse writes them) from the\n"
		"FILEs, or standard input, into the store in one transaction. Each record is\n"
		"checked against the record contract (schemas/records.md); an invalid one is\n"
		"kept in the rejects table with its reason. Loading the same records again\n"
		"stores nothing new. Prints: read N, stored N, unchanged N, rejected N.\n"
		"\n"
		"  -d, --db DB       the store (default $GW_DB, else gigawatt.db)\n"
		"  -q, --quiet       do not print each rejected record, only the summary\n"
		"      --doc SHA256  the input is the whole of this document's records: mark\n"
		"                    it loaded (table doc_loads) with them, even when there\n"
		"                    are none; not when an input cannot be read. The summary\n"
		"                    then adds how many rejects were rejected before\n"
		"      --sites FILE  the site override file (default: sites.conf beside the\n"
		"                    store, when there is one; README: site identity)\n"
		"      --resolve     normalise every stored observation again (country and state\n"
		"                    codes, operator lists, owners, tenants) and resolve every\n"
		"                    site again (after the override file or the aliases changed)\n"
		"      --accept SHA256  take an unhealthy snapshot as healthy: it supersedes\n"
		"                    the older snapshots of its source\n"
		"      --unresolved  list what needs review: operator names no alias resolves,\n"
		"                    countries and states no table knows, sites only a capacity\n"
		"                    or permit names, and the site joins\n"
		"                    a rule proposed but the precision rules refused (by MW)\n"
		"  -h, --help        this help\n"
		"      --version     print the version\n"
		"\n"
		"Exit status: 0 all stored, 1 some records rejected or some FILE unreadable (the\n"
		"rest is loaded), 2 usage, 4 the store failed, is read-only or is newer than\n"
		"this gw-load (nothing of this run was kept).\n");
}

static int unresolved(sqlite3 *db)
{
	sqlite3_stmt *st = store_prepare(db,
		"SELECT kind, name, n FROM v_unresolved ORDER BY n DESC, kind, name");
	int rc;

	if (!st)
		return GW_FAIL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (printf("%s\t%s\t%d\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
			   sqlite3_column_int(st, 2)) < 0) {
			gw_stdout_error();	/* now, while errno says why */
			break;
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return GW_FAIL;
	/* uncertain sites: joins refused, the largest campuses first (their IT MW, any quarter) */
	st = store_prepare(db,
		"WITH mw AS (SELECT site_id, max(mw_it) AS mw FROM site_capacity GROUP BY site_id)"
		" SELECT a.name || ' ~ ' || b.name || ': ' || c.rule || ' (' || coalesce(c.evidence, '') || ')'"
		"  || ', refused: ' || c.reason, round(max(coalesce(ma.mw, 0), coalesce(mb.mw, 0)))"
		" FROM site_candidates c JOIN sites a ON a.id = c.site_a JOIN sites b ON b.id = c.site_b"
		" LEFT JOIN mw ma ON ma.site_id = c.site_a LEFT JOIN mw mb ON mb.site_id = c.site_b"
		" WHERE max(coalesce(ma.mw, 0), coalesce(mb.mw, 0)) > 0 OR c.rule IN ('name', 'core', 'address')"
		" ORDER BY 2 DESC, 1");
	if (!st)
		return GW_FAIL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		printf("uncertain site\t%s\t%d\n", sqlite3_column_text(st, 0), sqlite3_column_int(st, 1));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? GW_OK : GW_FAIL;
}

/* The override file: --sites, else sites.conf beside the store when it exists. Caller frees. */
static char *overrides_path(const char *given, const char *dbpath)
{
	const char *slash;
	char *p;

	if (given)
		return strdup(given);
	slash = strrchr(dbpath, '/');
	if (!(p = malloc(strlen(dbpath) + 16)))
		return NULL;
	snprintf(p, strlen(dbpath) + 16, "%.*ssites.conf", slash ? (int)(slash - dbpath + 1) : 0, dbpath);
	if (access(p, F_OK)) {
		free(p);
		return NULL;
	}
	return p;
}

/* Says which snapshots are unhealthy and newer than their source's current one. */
static void say_unhealthy(sqlite3 *db)
{
	sqlite3_stmt *st = store_prepare(db,
		"SELECT coalesce(d.source, 'parser:' || d.parser), coalesce(d.name, ''), h.doc, h.reason"
		" FROM doc_health h JOIN documents d ON d.sha256 = h.doc"
		" WHERE h.healthy = 0 AND h.accepted = 0 AND h.seq > coalesce((SELECT c.seq"
		"  FROM doc_health c WHERE c.dataset = h.dataset AND c.current = 1), 0)"
		" ORDER BY h.dataset, h.seq");

	if (!st)
		return;
	while (sqlite3_step(st) == SQLITE_ROW)
		gw_warn("source %s: snapshot %s (%.12s) is unhealthy: %s; the previous snapshot stays current"
			" (gw-load --accept %s takes it)", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
			sqlite3_column_text(st, 2), sqlite3_column_text(st, 3), sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
}

/* --resolve and --accept: the resolved layer again, in one transaction. */
static int resolve(sqlite3 *db, const char *overrides, const char *accept)
{
	int bad = 0, r = GW_STORE;

	if (store_exec(db, "BEGIN IMMEDIATE"))
		return GW_STORE;
	if (accept) {
		sqlite3_stmt *st = store_prepare(db, "UPDATE doc_health SET accepted = 1 WHERE doc = ?1");
		if (!st)
			goto out;
		sqlite3_bind_text(st, 1, accept, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE || !sqlite3_changes(db)) {
			sqlite3_finalize(st);
			gw_error("%s: no snapshot %s in the store", sqlite3_db_filename(db, "main"), accept);
			r = GW_USAGE;
			goto out;
		}
		sqlite3_finalize(st);
	}
	if (identity_refresh(db, overrides, IDENTITY_ALL, &bad) || store_exec(db, "COMMIT"))
		goto out;
	{
		sqlite3_stmt *st = store_prepare(db, "SELECT (SELECT count(*) FROM sites),"
			" (SELECT count(*) FROM site_links WHERE rule <> 'founder'), (SELECT count(*) FROM site_candidates)");
		if (st && sqlite3_step(st) == SQLITE_ROW)
			fprintf(stderr, "gw-load: %d sites, %d joins, %d joins refused (gw-load --unresolved)\n",
				sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
		sqlite3_finalize(st);
	}
	say_unhealthy(db);
	return bad ? GW_FAIL : GW_OK;
out:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "unresolved", no_argument, NULL, 'u' },
		{ "sites", required_argument, NULL, 's' },
		{ "resolve", no_argument, NULL, 'r' },
		{ "accept", required_argument, NULL, 'a' },
		{ "doc", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *docs[64];
	const char *dbarg = NULL, *sites = NULL, *accept = NULL;
	char *overrides;
	int ndocs = 0, c, quiet = 0, list_unresolved = 0, do_resolve = 0, i, failed = 0, badinput = 0, ret, r;
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
		case 's': sites = optarg; break;
		case 'r': do_resolve = 1; break;
		case 'a': accept = optarg; break;
		case 'D':
			if (!sha256_is_hex(optarg) || ndocs == 64) {
				gw_error(ndocs == 64 ? "--doc '%s': at most 64 documents a run"
					 : "--doc '%s' is not a sha256 (64 hex digits)", optarg);
				return GW_USAGE;
			}
			docs[ndocs++] = optarg;
			break;
		case 'h': usage(stdout); return gw_close_stdout() ? GW_FAIL : GW_OK;
		case 'V': printf("gw-load %s\n", GW_VERSION); return gw_close_stdout() ? GW_FAIL : GW_OK;
		default: usage(stderr); return GW_USAGE;
		}
	}
	if (!(db = store_open(store_path(dbarg), 0)))
		return GW_STORE;
	/* the observations stored before migration 053 get their codes once (norm.h) */
	if ((nb = norm_store_backfill(db, do_resolve)) < 0) {
		store_close(db);
		return GW_STORE;
	}
	if (do_resolve)
		fprintf(stderr, "gw-load: normalised %ld observations\n", nb);
	else if (nb)
		fprintf(stderr, "gw-load: normalised the %ld observations stored before migration 053\n", nb);
	if (list_unresolved) {
		ret = unresolved(db);
		store_close(db);
		return gw_close_stdout() ? GW_FAIL : ret;
	}
	overrides = overrides_path(sites, store_path(dbarg));
	if (do_resolve || accept) {
		ret = resolve(db, overrides, accept);
		free(overrides);
		store_close(db);
		return ret;
	}
	if (loader_begin(&l, db, optind < argc ? argv[optind] : "-")) {
		loader_end(&l, 0);
		free(overrides);
		store_close(db);
		return GW_STORE;
	}
	l.quiet = quiet;
	l.site_overrides = overrides;
	if (optind == argc) {
		r = loader_file(&l, "-", stdin);
		failed = r < 0;
		badinput = r > 0;
	} else {
		/* a FILE that cannot be opened or read (a folder) is one failed input */
		for (i = optind; i < argc && !failed; i++) {
			FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;
			if (!f) {
				gw_error_errno("%s: cannot open", argv[i]);
				badinput = 1;
				continue;
			}
			r = loader_file(&l, argv[i], f);
			failed = r < 0;
			badinput |= r > 0;
			if (f != stdin)
				fclose(f);
		}
	}
	for (i = 0; i < ndocs && !failed && !badinput; i++)
		failed = loader_mark_doc(&l, docs[i]) < 0;
	if (failed) {
		gw_error("the load failed: nothing of this run was stored");
		loader_end(&l, 0);
		free(overrides);
		store_close(db);
		return GW_STORE;
	}
	if (ndocs && l.rejected_known)	/* gw-crawl tells new rejects from known ones */
		fprintf(stderr, "gw-load: read %ld, stored %ld, unchanged %ld, rejected %ld (%ld of them before)\n",
			l.read, l.stored, l.unchanged, l.rejected, l.rejected_known);
	else
		fprintf(stderr, "gw-load: read %ld, stored %ld, unchanged %ld, rejected %ld\n",
			l.read, l.stored, l.unchanged, l.rejected);
	ret = l.rejected || badinput ? GW_FAIL : GW_OK;
	if (loader_end(&l, 1)) {
		free(overrides);
		store_close(db);
		return GW_STORE;
	}
	if (l.override_errors)
		ret = GW_FAIL;
	say_unhealthy(db);
	free(overrides);
	store_close(db);
	return ret;
}
