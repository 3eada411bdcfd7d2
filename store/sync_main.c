/* gw-sync: the store replicated into PostgreSQL, for a team. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/msg.h"
#include "db.h"
#include "sync.h"

#include "lib/banned.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-sync [-d DB] [--postgres CONNINFO] [--schema NAME] [--grant ROLE] [--full] [-q|-v]\n"
		"       gw-sync [-d DB] [--postgres CONNINFO] [--schema NAME] --check\n"
		"       gw-sync [-d DB] --untrack\n"
		"\n"
		"Replicates the store into a PostgreSQL schema, in one transaction: the tables\n"
		"as the store defines them, every view rewritten for PostgreSQL, and only the\n"
		"rows changed since this store's last sync (watermarks kept in PostgreSQL).\n"
		"Several stores sync into one schema without overwriting each other: a row\n"
		"with a natural key (a document's sha256; an observation's key, document and\n"
		"locator) is one row, and gw_stores says which store each row came from.\n"
		"\n"
		"  -d, --db DB            the store (default $GW_DB, else gigawatt.db)\n"
		"      --postgres CONNINFO  the server, as psql takes it (\"host=db dbname=gw\",\n"
		"                         postgresql://user@host/db); default $GW_POSTGRES, else\n"
		"                         libpq's defaults and $PGHOST, $PGDATABASE, $PGUSER...\n"
		"      --schema NAME      the replica's schema (default gigawatt)\n"
		"      --grant ROLE       give ROLE read access to the schema (created NOLOGIN if\n"
		"                         it does not exist); later syncs keep it\n"
		"      --check            compare the store with the replica (row count and a\n"
		"                         checksum per table, and per view for a replica of one\n"
		"                         store); exit 1 naming each difference\n"
		"      --full             copy every row of this store again\n"
		"      --name NAME        the store's name in gw_stores (default host:path)\n"
		"      --untrack          drop the triggers that log the store's changes for the\n"
		"                         replica, and the log (a store no replica reads any more)\n"
		"  -q, --quiet            errors only\n"
		"  -v, --verbose          a line for every table\n"
		"  -h, --help             this help\n"
		"      --version          print the version\n"
		"\n"
		"Exit status: 0 done (or, with --check, the same rows); 1 the server could not\n"
		"be reached or refused, the replica is of a newer gigawatt, a view could not be\n"
		"created (the rest is synced), or --check found differences; 2 usage; 4 the\n"
		"store failed. A failed sync leaves the replica as the last one left it.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "postgres", required_argument, NULL, 'P' },
		{ "schema", required_argument, NULL, 'S' },
		{ "grant", required_argument, NULL, 'G' },
		{ "check", no_argument, NULL, 'C' },
		{ "full", no_argument, NULL, 'F' },
		{ "name", required_argument, NULL, 'N' },
		{ "untrack", no_argument, NULL, 'U' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sync_opts o;
	const char *dbarg = NULL, *env;
	int c, rc;

	gw_prog = "gw-sync";
	/* one thread: SQLite needs no mutexes nor memory statistics (as gw-load) */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	memset(&o, 0, sizeof(o));
	o.schema = "gigawatt";
	env = getenv("GW_POSTGRES");
	o.conninfo = env ? env : "";
	while ((c = getopt_long(argc, argv, "d:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbarg = optarg; break;
		case 'P': o.conninfo = optarg; break;
		case 'S': o.schema = optarg; break;
		case 'G': o.grant = optarg; break;
		case 'C': o.check = 1; break;
		case 'F': o.full = 1; break;
		case 'N': o.name = optarg; break;
		case 'U': o.untrack = 1; break;
		case 'q': o.quiet = 1; break;
		case 'v': o.verbose = 1; break;
		case 'h': usage(stdout); return gw_close_stdout() ? GW_FAIL : GW_OK;
		case 'V': printf("gw-sync %s\n", GW_VERSION); return gw_close_stdout() ? GW_FAIL : GW_OK;
		default: usage(stderr); return GW_USAGE;
		}
	}
	if (optind < argc) {
		gw_error("unexpected argument '%s'", argv[optind]);
		usage(stderr);
		return GW_USAGE;
	}
	if (!*o.schema || strlen(o.schema) > 63) {
		gw_error("--schema '%s': a schema name has 1 to 63 characters", o.schema);
		return GW_USAGE;
	}
	if (o.grant && (!*o.grant || strlen(o.grant) > 63)) {
		gw_error("--grant '%s': a role name has 1 to 63 characters", o.grant);
		return GW_USAGE;
	}
	if (o.untrack && (o.check || o.grant || o.full)) {
		gw_error("--untrack touches the store only: not with --check, --grant or --full");
		return GW_USAGE;
	}
	if (o.check && (o.grant || o.full)) {
		gw_error("--check compares only: not with --grant or --full");
		return GW_USAGE;
	}
	o.db = store_path(dbarg);
	rc = sync_run(&o);
	if (gw_close_stdout() && !rc)
		rc = GW_FAIL;
	return rc;
}
