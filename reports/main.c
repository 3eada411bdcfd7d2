/* gw-report: the models over the store, and the quarterly capacity report. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../lib/msg.h"
#include "../lib/timeq.h"
#include "../store/db.h"
#include "capacity.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-report [-d DB] [--quarter 2025Q3] [--as-of DATE]\n"
		"\n"
		"Runs the capacity model (MODELS.md) over the store and prints the report.\n"
		"\n"
		"  -d, --db DB          the store (default $GW_DB, else gigawatt.db)\n"
		"  -q, --quarter Q      the report's quarter (default: the current one)\n"
		"      --as-of DATE     use only observations stated on or before DATE\n"
		"  -h, --help           this help\n"
		"      --version        print the version\n"
		"\n"
		"Exit status: 0 ok, 1 the store could not be read, 2 usage.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "quarter", required_argument, NULL, 'q' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbarg = NULL, *as_of = NULL;
	char today[11], qs[8], asof_buf[11];
	int c, q = -1, n, i;
	struct cap_params prm;
	struct cap_row rows[9];
	double unknown;
	sqlite3 *db;

	gw_prog = "gw-report";
	while ((c = getopt_long(argc, argv, "d:q:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbarg = optarg; break;
		case 'q':
			if (quarter_parse(optarg, strlen(optarg), &q)) {
				gw_error("--quarter '%s' is not a quarter like 2025Q3", optarg);
				return GW_USAGE;
			}
			break;
		case 'a':
			if (date_parse(optarg, strlen(optarg), asof_buf)) {
				gw_error("--as-of '%s' is not a date", optarg);
				return GW_USAGE;
			}
			as_of = asof_buf;
			break;
		case 'h': usage(stdout); return GW_OK;
		case 'V': printf("gw-report %s\n", GW_VERSION); return GW_OK;
		default: usage(stderr); return GW_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return GW_USAGE;
	}
	if (q < 0) {
		today_utc(today);
		quarter_of_date(as_of ? as_of : today, qs);
		quarter_parse(qs, 6, &q);
	}
	if (!(db = store_open(store_path(dbarg), 1)))
		return GW_FAIL;
	cap_params_default(&prm);
	n = capacity_by_quarter(db, &prm, q, q + 8, as_of, rows, &unknown);
	if (n < 0) {
		store_close(db);
		return GW_FAIL;
	}
	quarter_fmt(q, qs);
	printf("gigawatt capacity report, %s\n\n", qs);
	printf("IT capacity online by quarter (MW; expected, low = operational only,\n"
	       "high = every status built with no lag)\n\n");
	printf("%-8s %12s %12s %12s\n", "quarter", "expected", "low", "high");
	for (i = 0; i < n; i++) {
		quarter_fmt(rows[i].quarter, qs);
		printf("%-8s %12.1f %12.1f %12.1f\n", qs, rows[i].expected, rows[i].low, rows[i].high);
	}
	if (unknown > 0)
		printf("\n%.1f MW stated with an unknown basis are not included.\n", unknown);
	store_close(db);
	return gw_close_stdout() ? GW_FAIL : GW_OK;
}
