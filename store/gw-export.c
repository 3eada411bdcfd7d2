/* gw-export: the store's analyst views as CSV files, and Datasette's metadata. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/msg.h"
#include "db.h"
#include "export.h"

#include "lib/banned.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-export [-d DB] -o DIR [VIEW...]\n"
		"       gw-export [-d DB] --datasette-metadata [-o FILE]\n"
		"\n"
		"Writes each analyst view of the store (or each VIEW named: any view or table)\n"
		"to DIR/VIEW.csv: RFC 4180, UTF-8, a header row of the view's columns in its\n"
		"order, every row; NULL is an empty field, an empty text \"\". Prints the files\n"
		"and rows written.\n"
		"\n"
		"  -d, --db DB             the store (default $GW_DB, else gigawatt.db)\n"
		"  -o, --output DIR|FILE   the folder of the CSV files (made when missing); with\n"
		"                          --datasette-metadata the file (default: stdout)\n"
		"      --datasette-metadata  metadata.json for Datasette: each view's description,\n"
		"                          its columns' meanings and units (the store's views and\n"
		"                          columns tables), saved queries (top campuses, capex by\n"
		"                          quarter, H100 price by month, large loads by ISO);\n"
		"                          datasette DB --metadata metadata.json\n"
		"  -h, --help              this help\n"
		"      --version           print the version\n"
		"\n"
		"Exit status: 0 ok, 1 the store could not be read or a file not written, 2 usage.\n");
}

/* Datasette's name for the database at path: its file name less the last extension. */
static void db_name(const char *path, char *out, size_t max)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t n;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	snprintf(out, max, "%.*s", (int)n, base);
}

#define METADATA_MAX ((size_t)1 << 26)	/* Datasette's metadata, JSON */

int main(int argc, char **argv)
{
	enum { O_META = 256, O_VERSION };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "datasette-metadata", no_argument, NULL, O_META },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbarg = NULL, *outpath = NULL, *path;
	int c, meta = 0, rc = GW_FAIL, n;
	long long rows = 0;
	char name[256];
	struct buf out = BUF_INIT(METADATA_MAX);
	sqlite3 *db = NULL;

	gw_prog = "gw-export";
	while ((c = getopt_long(argc, argv, "d:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbarg = optarg; break;
		case 'o': outpath = optarg; break;
		case O_META: meta = 1; break;
		case 'h': usage(stdout); return gw_close_stdout() ? GW_FAIL : GW_OK;
		case O_VERSION:
			printf("gw-export %s\n", GW_VERSION);
			return gw_close_stdout() ? GW_FAIL : GW_OK;
		default: usage(stderr); return GW_USAGE;
		}
	}
	if (meta ? optind != argc : !outpath) {
		gw_error(meta ? "--datasette-metadata takes no VIEW" : "give -o DIR: the folder of the CSV files");
		usage(stderr);
		return GW_USAGE;
	}
	path = store_path(dbarg);
	if (!(db = store_open(path, 1)))
		goto out;
	if (meta) {
		FILE *f = outpath ? fopen(outpath, "w") : stdout;
		int bad;
		db_name(path, name, sizeof(name));
		if (export_datasette(db, name, &out))
			goto out;
		if (!f) {
			gw_error_errno("%s", outpath);
			goto out;
		}
		bad = fwrite(buf_str(&out), 1, out.len, f) != out.len;
		if (outpath) {
			bad |= fclose(f) != 0;
			if (bad)
				gw_error_errno("%s: cannot write", outpath);
		} else if (bad || fflush(stdout)) {
			gw_stdout_error();
			bad = 1;
		}
		rc = bad ? GW_FAIL : GW_OK;
		goto out;
	}
	n = export_csv(db, outpath, argv + optind, argc - optind, &rows);
	if (n >= 0) {
		printf("gw-export: %d CSV files, %lld rows, in %s\n", n, rows, outpath);
		rc = GW_OK;
	}
out:
	if (db)
		store_close(db);
	buf_release(&out);
	if (gw_close_stdout())
		rc = GW_FAIL;
	return rc;
}
