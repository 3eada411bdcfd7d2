/* gw-report: the models over the store, and the quarterly capacity report. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/dates.h"
#include "lib/msg.h"
#include "store/asof.h"
#include "store/db.h"
#include "params.h"
#include "report.h"

#include "lib/banned.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-report [-d DB] [-f FORMAT] [-o FILE] [--quarter 2025Q3] [--as-of DATE]\n"
		"                 [--set NAME=VALUE]... [--scenario FILE] [--changes | --section ID]\n"
		"       gw-report --params\n"
		"\n"
		"Runs the capacity, accelerator and capex models (docs/models.md) over the store and\n"
		"writes the quarterly capacity report.\n"
		"\n"
		"  -d, --db DB          the store (default $GW_DB, else gigawatt.db)\n"
		"  -f, --format F       text (default), markdown, csv, json, html or xlsx\n"
		"  -o, --output FILE    write the report to FILE instead of stdout; with -f csv a\n"
		"                       directory: one FILE/TABLE.csv per table (every row); -f xlsx\n"
		"                       needs it: a workbook, one sheet per table (every row)\n"
		"  -q, --quarter Q      the report's quarter (default: the current one, or that of --as-of)\n"
		"      --as-of DATE     rebuild the report from what the store knew on DATE\n"
		"      --set NAME=V     override a model parameter (repeatable), e.g. --set pue=1.25\n"
		"      --scenario FILE  override parameters from FILE (lines 'name value' or 'name=value')\n"
		"      --changes        print only the section 'What changed'\n"
		"      --section ID     print only one section (headline, changes, power, accelerators,\n"
		"                       capex, prices, fabs, assumptions, sources); with csv or xlsx, a\n"
		"                       table id too\n"
		"                       (one table's CSV goes to stdout or -o FILE)\n"
		"      --params         list the model parameters with their defaults and sources\n"
		"  -h, --help           this help\n"
		"      --version        print the version\n"
		"\n"
		"Exit status: 0 ok, 1 the store could not be read or the output not written, 2 usage.\n");
}

static int write_out(const char *path, const struct buf *b)
{
	FILE *f = path ? fopen(path, "w") : stdout;
	int bad;

	if (!f) {
		gw_error_errno("%s", path);
		return -1;
	}
	errno = 0;
	bad = fwrite(b->data, 1, b->len, f) != b->len;
	if (path) {
		bad |= fclose(f) != 0;
		if (bad)
			gw_error_errno("%s: cannot write", path);
	} else if (bad || fflush(stdout)) {
		gw_stdout_error();	/* now, while errno says why (a full disk, a closed pipe) */
		bad = 1;
	}
	return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
	enum { O_ASOF = 256, O_SET, O_SCENARIO, O_CHANGES, O_SECTION, O_PARAMS, O_VERSION };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quarter", required_argument, NULL, 'q' },
		{ "as-of", required_argument, NULL, O_ASOF },
		{ "set", required_argument, NULL, O_SET },
		{ "scenario", required_argument, NULL, O_SCENARIO },
		{ "changes", no_argument, NULL, O_CHANGES },
		{ "section", required_argument, NULL, O_SECTION },
		{ "params", no_argument, NULL, O_PARAMS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	static const struct { const char *name; int (*fn)(const struct report *, const char *, struct buf *); } fmts[] = {
		{ "text", out_text }, { "markdown", out_markdown }, { "md", out_markdown }, { "csv", out_csv },
		{ "json", out_json }, { "html", out_html }, { "xlsx", NULL },
	};
	const char *dbarg = NULL, *as_of = NULL, *outpath = NULL, *only = NULL, *fmt = "text";
	char today[11], qs[8], asof_buf[11];
	int c, q = -1, rc = GW_FAIL, list = 0, fi = -1;
	size_t i;
	struct params ps;
	struct report rep;
	struct buf out = BUF_INIT(BUF_OUT_MAX);
	sqlite3 *db = NULL;

	gw_prog = "gw-report";
	if (params_init(&ps))
		return GW_FAIL;
	while ((c = getopt_long(argc, argv, "d:f:o:q:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbarg = optarg; break;
		case 'f': fmt = optarg; break;
		case 'o': outpath = optarg; break;
		case 'q':
			if (quarter_parse(optarg, strlen(optarg), &q)) {
				gw_error("--quarter '%s' is not a quarter like 2025Q3", optarg);
				goto usage;
			}
			break;
		case O_ASOF:
			if (date_parse(optarg, strlen(optarg), asof_buf)) {
				gw_error("--as-of '%s' is not a date", optarg);
				goto usage;
			}
			as_of = asof_buf;
			break;
		case O_SET:
			if (params_set(&ps, optarg, "--set"))
				goto usage;
			break;
		case O_SCENARIO: {
			struct buf sc = BUF_INIT(BUF_LIST_MAX);
			char origin[300];
			snprintf(origin, sizeof(origin), "scenario %s", optarg);
			if (buf_read_file(&sc, optarg)) {
				gw_error_errno("%s", optarg);
				buf_release(&sc);
				goto usage;
			}
			if (params_load(&ps, buf_str(&sc), sc.len, origin)) {
				buf_release(&sc);
				goto usage;
			}
			buf_release(&sc);
			break;
		}
		case O_CHANGES: only = SECTION_CHANGES; break;
		case O_SECTION: only = optarg; break;
		case O_PARAMS: list = 1; break;
		case 'h': usage(stdout); params_release(&ps); return gw_close_stdout() ? GW_FAIL : GW_OK;
		case O_VERSION:
			printf("gw-report %s\n", GW_VERSION);
			params_release(&ps);
			return gw_close_stdout() ? GW_FAIL : GW_OK;
		default: goto usage;
		}
	}
	if (optind != argc || params_check(&ps))
		goto usage;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (!strcmp(fmt, fmts[i].name))
			fi = (int)i;
	if (fi < 0) {
		gw_error("--format '%s' is not one of text, markdown, csv, json, html, xlsx", fmt);
		goto usage;
	}
	if (!fmts[fi].fn && !outpath) {
		gw_error("-f xlsx: a workbook is a file: give -o FILE");
		goto usage;
	}
	if (list) {
		for (i = 0; i < (size_t)ps.n; i++)
			printf("%-28s %-10g %s\n", ps.p[i].name, ps.p[i].value, ps.p[i].source);
		params_release(&ps);
		return gw_close_stdout() ? GW_FAIL : GW_OK;
	}
	if (q < 0) {
		today_utc(today);
		quarter_of_date(as_of ? as_of : today, qs);
		quarter_parse(qs, 6, &q);
	}
	if (!(db = store_open(store_path(dbarg), 1)))
		goto out;
	if (as_of && store_as_of(db, as_of))
		goto out;
	if (report_build(&rep, db, &ps, q, as_of))
		goto out;
	if (only && !report_section(&rep, only) &&
	    !((fmts[fi].fn == out_csv || !fmts[fi].fn) && report_table(&rep, only))) {
		gw_error("--section '%s': no such section%s", only,
			 fmts[fi].fn == out_csv || !fmts[fi].fn ? " or table" : "");
		report_release(&rep);
		rc = GW_USAGE;
		goto out;
	}
	if (fmts[fi].fn == out_csv) {
		/* CSV: one file per table; a single table may go to stdout or a file */
		struct stat stt;
		int n = csv_tables(&rep, only), isdir = outpath && (!stat(outpath, &stt) ? S_ISDIR(stt.st_mode)
								     : outpath[strlen(outpath) - 1] == '/' || !strchr(outpath, '.'));
		if (n != 1 && !outpath) {
			gw_error("-f csv: %d tables make %d CSV files: give -o DIR (one DIR/TABLE.csv each), or "
				 "--section TABLE for one", n, n);
			report_release(&rep);
			rc = GW_USAGE;
			goto out;
		}
		if (n != 1 || isdir) {
			rc = out_csv_dir(&rep, only, outpath) ? GW_FAIL : GW_OK;
			report_release(&rep);
			goto out;
		}
	}
	if (!fmts[fi].fn) {
		rc = out_xlsx(&rep, only, outpath) ? GW_FAIL : GW_OK;
		report_release(&rep);
		goto out;
	}
	if (fmts[fi].fn(&rep, only, &out) == 0 && !buf_error(&out) && write_out(outpath, &out) == 0)
		rc = GW_OK;
	else if (!out.len || buf_error(&out))
		gw_error("%s", buf_error(&out) == ENOMEM ? "out of memory" : "the report is too large to write");
	report_release(&rep);
out:
	if (db)
		store_close(db);
	buf_release(&out);
	params_release(&ps);
	if (gw_close_stdout())
		rc = GW_FAIL;
	return rc;
usage:
	usage(stderr);
	params_release(&ps);
	return GW_USAGE;
}
