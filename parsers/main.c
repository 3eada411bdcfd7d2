/* gw-parse: bytes of documents -> records (JSON Lines) on standard output. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/dates.h"
#include "lib/mapfile.h"
#include "lib/msg.h"
#include "lib/progress.h"
#include "lib/sha256.h"
#include "store/db.h"
#include "store/fingerprint.h"
#include "parsers/formats/jsonq.h"
#include "parsers/formats/archive.h"
#include "parser.h"

#include "lib/banned.h"

#define DOC_MAX (1024u << 20)	/* the largest document gw-parse reads (a regular file) */
#define DOC_MAX_TEXT "1073741824 bytes"
#define STREAM_MAX (256u << 20)	/* the most read from standard input, a pipe or a device */
#define MAP_MIN (16u << 20)	/* files this large are mapped, not read (lib/mapfile.h) */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-parse [-d DB] [-p PARSER] [--source ID] [--as-of DATE] FILE|SHA256...\n"
		"       gw-parse --list\n"
		"\n"
		"Reads each document and writes its records (JSON Lines, schemas/records.md)\n"
		"to standard output. The parser is chosen from the content unless -p names it;\n"
		"gw-parse says on standard error which one it chose. With -d, a FILE is also\n"
		"added to the store's raw documents and documents table (so it can be loaded\n"
		"like a fetched one), and a SHA256 names a document already in the raw store\n"
		"(checked against its sha256). A FILE of '-' is standard input. When gw-parse\n"
		"writes to the store (documents, header fingerprints), it does so before the\n"
		"first record reaches standard output, so `gw-parse -d DB FILE... | gw-load -d DB`\n"
		"never waits for gw-load's lock.\n"
		"\n"
		"  -d, --db DB        the store (default: none for FILEs; $GW_DB or gigawatt.db\n"
		"                     when a SHA256 is given)\n"
		"  -p, --parser NAME  the parser to use (see --list)\n"
		"      --as-of DATE   the date records are stated as of, when the document\n"
		"                     does not date itself: YYYY-MM-DD, or an ISO 8601\n"
		"                     date-time whose date is taken (default: a date in the\n"
		"                     document's name, data_centers_2026-08.csv: 2026-08-01,\n"
		"                     else when it was fetched or added, else the file's\n"
		"                     modification date);\n"
		"                     with -d, also the document's publication date (the\n"
		"                     date of its snapshot)\n"
		"      --source ID    with -d: the source a FILE is a snapshot of (default: its\n"
		"                     parser's name); a newer snapshot of a source supersedes\n"
		"                     the older one\n"
		"  -l, --list         list the parsers: name, then what each reads\n"
		"  -q, --quiet        no warnings (which parser, a header changed...): errors only\n"
		"  -h, --help         this help\n"
		"      --version      print the version\n"
		"\n"
		"Limits: a file of at most 1 GiB (a larger one is refused before it is read),\n"
		"256 MiB from standard input, a pipe or a device; 100 messages a document\n"
		"(the rest counted; a message that stops the reading is always printed).\n"
		"\n"
		"Exit status: 0 every document parsed cleanly, 1 some document or record\n"
		"failed, or was not recorded in the store (what could be read was still\n"
		"written), 2 usage, 4 the records could not all be written to standard\n"
		"output or to their temporary file in TMPDIR (what it holds is incomplete).\n");
}

static void list(void)
{
	const struct parser *const *pp;

	for (pp = gw_parsers; *pp; pp++)
		printf("%-20s %s\n", (*pp)->name, (*pp)->desc);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

struct opts {
	const char *dbpath;
	const char *parser;
	const char *as_of;
	const char *source;
};

static int is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

/* ---- one run: the store, where records go, what was not recorded ---- */

struct run {
	const struct opts *o;
	sqlite3 *db;
	int db_tried;		/* the store was opened (or failed to open) */
	int db_rw;		/* opened for writing */
	FILE *out;		/* standard output, or the spool */
	struct buf notdoc;	/* files whose document was not recorded: "a.csv, b.json" */
	struct buf notfp;	/* files whose header fingerprint was not stored */
	int nnotdoc, nnotfp;
};

static void note_name(struct buf *b, int *n, const char *name)
{
	if (b->len)
		buf_adds(b, ", ");
	buf_adds(b, name);
	(*n)++;
}

/*
 * The store, opened once: for writing when -d names it (created if missing)
 * or when it exists and may be written (so that a SHA256 argument, as
 * gw-crawl gives it, still gets its header fingerprints stored), else
 * read-only (an analyst's read-only copy; no fingerprints then). NULL if it
 * cannot be opened (said on stderr).
 */
static sqlite3 *run_db(struct run *r)
{
	const char *path = store_path(r->o->dbpath);
	struct stat st;
	int exists;

	if (r->db_tried)
		return r->db;
	r->db_tried = 1;
	exists = !stat(path, &st);
	r->db_rw = exists ? !access(path, W_OK) : r->o->dbpath != NULL;
	r->db = store_open(path, !r->db_rw);
	return r->db;
}

/*
 * Reads a document into data, or maps it into map when it is a large regular
 * file, and puts its sha256 into sha. label names it in messages. A regular
 * file over DOC_MAX bytes is refused before anything is read; anything else
 * (standard input, a pipe, a device) is read up to STREAM_MAX bytes.
 * Returns 0, or -1 with a message.
 */
static int read_doc(const char *path, const char *label, struct buf *data, struct mapfile *map,
		    char sha[65])
{
	struct stat st;
	int stdin_ = !strcmp(path, "-");

	if (!stdin_ && stat(path, &st)) {
		gw_error_errno("%s: cannot read", label);
		return -1;
	}
	if (!stdin_ && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > DOC_MAX) {
			gw_error("%s: %jd bytes, over the %u byte limit for a document; not read", label,
				 (intmax_t)st.st_size, DOC_MAX);
			return -1;
		}
		if (st.st_size >= (off_t)MAP_MIN) {
			if (mapfile_open(path, DOC_MAX, map)) {
				if (errno == E2BIG)	/* grew since the stat */
					gw_error("%s: over the %u byte limit for a document; not read", label,
						 DOC_MAX);
				else
					gw_error_errno("%s: cannot read", label);
				return -1;
			}
			mapfile_sha256_hex(map, sha);
			return 0;
		}
		data->max = DOC_MAX;
	} else {
		data->max = STREAM_MAX;
	}
	if (buf_read_file(data, path)) {
		if (errno == E2BIG)
			gw_error("%s: over the %zu byte limit for %s; not read", label, data->max,
				 data->max == DOC_MAX ? "a document" :
				 "standard input, a pipe or a device (save it to a file: a file may have up to "
				 DOC_MAX_TEXT ")");
		else
			gw_error_errno("%s: cannot read", label);
		return -1;
	}
	sha256_hex(data->data, data->len, sha);
	return 0;
}

/* The records' sink: the run's output, with progress on a terminal. */
struct counted {
	FILE *f;
	struct progress pg;
	unsigned long long records, bytes;
};

static int sink_counted(void *arg, const char *line, size_t len)
{
	struct counted *c = arg;

	c->records++;
	c->bytes += len + 1;
	progress_tick(&c->pg, c->records, c->bytes);
	return rec_sink_file(c->f, line, len);
}

/* Returns 0 ok, 1 some problem (said on stderr). */
static int parse_one(const char *arg, struct run *run)
{
	const struct opts *o = run->o;
	struct buf data = BUF_INIT(DOC_MAX), name = BUF_INIT(BUF_NAME_MAX), raw = BUF_INIT(BUF_PATH_MAX), unz = BUF_INIT(DOC_MAX);
	const unsigned char *orig;
	size_t orig_len;
	struct gw_doc doc;
	struct gw_parse p;
	const struct parser *parser;
	int r = 1, score = 0, from_store = 0, recorded = 1, named = 0;
	char stored_parser[64] = "", stored_source[256] = "";
	struct stat st;
	struct mapfile map = { NULL, 0 };
	sqlite3 *db;

	memset(&doc, 0, sizeof(doc));
	if (sha256_is_hex(arg) && !is_file(arg)) {
		sqlite3_stmt *q;
		if (!(db = run_db(run)))
			goto out;
		if (raw_path(sqlite3_db_filename(db, "main"), arg, &raw) ||
		    read_doc(raw.data, raw.data, &data, &map, doc.sha256))
			goto out;
		/* the raw store is named by content: a file that no longer matches
		 * its name (truncated by a full disk, damaged) is not parsed */
		if (strcmp(doc.sha256, arg)) {
			gw_error("%s: document %s does not match its sha256 (the file's is %s): damaged or"
				 " truncated; not parsed", raw.data, arg, doc.sha256);
			goto out;
		}
		from_store = 1;
		buf_printf(&name, "%.12s", arg);
		q = store_prepare(db, "SELECT name, substr(first_seen, 1, 10), parser, source FROM documents WHERE sha256 = ?1");
		if (q) {
			sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
			if (sqlite3_step(q) == SQLITE_ROW) {
				const char *nm = (const char *)sqlite3_column_text(q, 0);
				const char *fs = (const char *)sqlite3_column_text(q, 1);
				if (nm) {
					buf_reset(&name);
					buf_adds(&name, nm);
				}
				const char *ps = (const char *)sqlite3_column_text(q, 2);
				if (fs)
					snprintf(doc.seen, sizeof(doc.seen), "%s", fs);
				const char *so = (const char *)sqlite3_column_text(q, 3);
				if (ps)
					snprintf(stored_parser, sizeof(stored_parser), "%s", ps);
				if (so)
					snprintf(stored_source, sizeof(stored_source), "%s", so);
			}
			sqlite3_finalize(q);
		}
	} else {
		buf_adds(&name, strcmp(arg, "-") ? base_name(arg) : "(stdin)");
		if (read_doc(arg, strcmp(arg, "-") ? arg : "(stdin)", &data, &map, doc.sha256))
			goto out;
		if (strcmp(arg, "-") && !stat(arg, &st)) {
			struct tm tm;
			gmtime_r(&st.st_mtime, &tm);
			strftime(doc.seen, sizeof(doc.seen), "%Y-%m-%d", &tm);
		}
	}
	if (buf_error(&name)) {
		gw_error("%s: the document's name is %s; not parsed", arg, buf_strerror(&name));
		goto out;
	}
	doc.name = name.data;
	doc.data = map.p ? (const unsigned char *)map.p : (const unsigned char *)data.data;
	doc.len = map.p ? map.len : data.len;
	orig = doc.data;
	orig_len = doc.len;
	/* a compressed document (data.csv.gz as served, or bundled so) is parsed as what it holds;
	 * the store keeps it as fetched, under the sha256 of its compressed bytes */
	if (arc_is_compressed(doc.data, doc.len)) {
		struct buf err = BUF_INIT(BUF_MSG_MAX);
		size_t k = strlen(name.data);
		if (arc_decompress(doc.data, doc.len, DOC_MAX, &unz, &err)) {
			/* cut as the char[256] it was */
			gw_error("%s: a compressed document (gzip or zstd) that %.255s; not parsed", doc.name,
				 buf_str(&err));
			buf_release(&err);
			goto out;
		}
		doc.data = (const unsigned char *)buf_str(&unz);
		doc.len = unz.len;
		if (k > 3 && !strcmp(name.data + k - 3, ".gz"))
			name.data[k - 3] = 0;
		else if (k > 4 && !strcmp(name.data + k - 4, ".zst"))
			name.data[k - 4] = 0;
	}
	if (o->as_of)
		snprintf(doc.seen, sizeof(doc.seen), "%s", o->as_of);

	if (o->parser) {
		parser = parser_find(o->parser);
	} else if (stored_parser[0] && (parser = parser_find(stored_parser))) {
		gw_warn("%s: parser %s (of its source)", doc.name, parser->name);
	} else {
		parser = parser_detect(&doc, &score);
		if (!parser) {
			gw_error("%s: cannot tell which parser reads this document; name one with"
				 " --parser (gw-parse --list shows them)", doc.name);
			goto out;
		}
		gw_warn("%s: parser %s (detected)", doc.name, parser->name);
	}
	r = 0;
	/* a local file given with -d joins the store like a fetched document; if
	 * that fails, its records are still written (gw-load keeps them under a
	 * document of its own) and the file is named at the end */
	if (o->dbpath && !from_store && strcmp(arg, "-")) {
		struct docinfo di = { doc.sha256, NULL, doc.name, NULL, (long long)orig_len, o->source,
				      parser->name, o->as_of ? doc.seen : NULL };
		char first[11];
		struct buf url = BUF_INIT(BUF_URL_MAX);
		char *abs = realpath(arg, NULL);

		buf_printf(&url, "file://%s", abs ? abs : arg);
		free(abs);
		di.url = url.data;
		if (buf_error(&url))
			gw_error("%s: its file:// URL is %s", arg, buf_strerror(&url));
		if (buf_error(&url) || !(db = run_db(run)) || !run->db_rw ||
		    raw_put(o->dbpath, doc.sha256, orig, orig_len, 1) < 0 || doc_record(db, &di, first) < 0) {
			if (db && !run->db_rw)
				gw_error("%s: the store is read-only", o->dbpath);
			note_name(&run->notdoc, &run->nnotdoc, arg);
			recorded = 0;
			r = 1;
		} else if (!o->as_of) {
			memcpy(doc.seen, first, sizeof(first));
		}
		buf_release(&url);
	}
	if (!doc.seen[0]) {
		char t[11];
		today_utc(t);
		memcpy(doc.seen, t, sizeof(t));
	}
	/* a snapshot named by its date (data_centers_2026-08.csv) speaks as of that date, not as
	 * of the day it was fetched: its later rows stay projections */
	if (!o->as_of) {
		char t[11];
		if (!date_in_name(doc.name, t) && (named = 1) && strcmp(t, doc.seen) < 0) {
			memcpy(doc.seen, t, sizeof(t));
			/* and it was published then: its snapshot and its changes are dated so */
			if ((o->dbpath || from_store) && (db = run_db(run)) && run->db_rw &&
			    doc_published_default(db, doc.sha256, t)) {
				note_name(&run->notdoc, &run->nnotdoc, from_store ? doc.sha256 : arg);
				r = 1;
			}
		}
	}
	{
		struct counted c = { run->out, { 0 }, 0, 0 };
		char what[200];
		snprintf(what, sizeof(what), "gw-parse: %s", doc.name);
		progress_start(&c.pg, what);
		parse_init(&p, &doc, sink_counted, &c);
		if (parse_run(parser, &p))
			r = 1;
		progress_done(&c.pg);
	}
	/* a document that dates itself (SPP's "Last Updated On", CAISO's "Report Run Date", an OSM
	 * extract's osm_base, fabs.geojson's metadata.updated: the parser sets p.as_of) was published
	 * then, when neither --as-of nor its name says otherwise: its snapshots are ordered so */
	if (!o->as_of && !named && recorded && (o->dbpath || from_store) && strncmp(p.as_of, doc.seen, 10)) {
		char t[11];
		int ok;
		snprintf(t, sizeof(t), "%.10s", p.as_of);
		if (date_days(t, &ok) >= 0 && ok && (db = run_db(run)) && run->db_rw &&
		    doc_published_default(db, doc.sha256, t)) {
			note_name(&run->notdoc, &run->nnotdoc, from_store ? doc.sha256 : arg);
			r = 1;
		}
	}
	if (run->db && p.headers.len) {
		struct buf src = BUF_INIT(BUF_NAME_MAX);
		fingerprint_source(o->source ? o->source : stored_source, doc.name, &src);
		if (buf_error(&src))
			gw_error("%s: the name of its source is %s: header fingerprints not compared", doc.name,
				 buf_strerror(&src));
		else if (buf_error(&p.headers))
			gw_error("%s: its headers are %s: those past the first %zu bytes not compared", doc.name,
				 buf_strerror(&p.headers), p.headers.len);
		/* a fingerprint cites the document it was seen in (a foreign key): one the store
		 * could not record, or standard input, is compared and not kept */
		if (buf_error(&src) ||
		    fingerprint_headers(run->db, run->db_rw && recorded && (from_store || strcmp(arg, "-")),
					buf_str(&src), parser->name, doc.name, doc.sha256, p.headers.data,
					p.headers.len) || buf_error(&p.headers)) {
			note_name(&run->notfp, &run->nnotfp, from_store ? doc.sha256 : arg);
			r = 1;
		}
		buf_release(&src);
	}
	parse_release(&p);
out:
	doc_memo_release(&doc.memo);	/* before the bytes it was derived from go */
	mapfile_close(&map);
	buf_release(&data);
	buf_release(&name);
	buf_release(&raw);
	buf_release(&unz);
	return r;
}

/*
 * A temporary file for the records when gw-parse writes to the store: they
 * reach standard output only after the last store write, so a gw-load
 * reading them in the same pipe (which holds its write lock from its first
 * record to its last) never makes gw-parse's writes wait for it.
 */
static FILE *spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT(BUF_PATH_MAX);
	FILE *f = NULL;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if (buf_printf(&path, "%s/gw-parse.XXXXXX", dir)) {
		gw_error("TMPDIR: a folder of %zu bytes leaves no room for a temporary file for the records"
			 " (a path has at most %d bytes)", strlen(dir), BUF_PATH_MAX);
		goto out;
	}
	fd = mkstemp(path.data);
	if (fd < 0) {
		gw_error_errno("%s: cannot create a temporary file for the records", path.data);
		goto out;
	}
	unlink(path.data);
	if (!(f = fdopen(fd, "w+"))) {
		gw_error_errno("%s: cannot create a temporary file for the records", path.data);
		close(fd);
	}
out:
	buf_release(&path);
	return f;
}

/* Copies the spool to standard output; 0 or -1 (said). */
static int spool_copy(FILE *f)
{
	char b[65536];
	size_t n;

	if (fflush(f) || ferror(f) || fseek(f, 0, SEEK_SET)) {
		gw_error_errno("cannot write the records to a temporary file (TMPDIR)");
		return -1;
	}
	while ((n = fread(b, 1, sizeof(b), f)) > 0)
		if (fwrite(b, 1, n, stdout) != n)
			return -1;	/* said by gw_close_stdout */
	if (ferror(f)) {
		gw_error_errno("cannot read back the temporary file of the records");
		return -1;
	}
	return 0;
}

/*
 * --as-of: YYYY-MM-DD, or an ISO 8601 date-time whose date is taken
 * (2025-03-31T12:00:00Z, 2025-03-31T12:00+02:00). out gets the date.
 */
/* two digits at *t, at most max; advances *t. 0 or -1. */
static int two_digits(const char **t, int max)
{
	const char *s = *t;

	if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'))
		return -1;
	if ((s[0] - '0') * 10 + (s[1] - '0') > max)
		return -1;
	*t = s + 2;
	return 0;
}

static int as_of_parse(const char *s, char out[11])
{
	const char *t = s + 10;
	size_t i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return -1;
	if (*t) {
		/* THH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM] */
		t++;
		if (s[10] != 'T' || two_digits(&t, 23) || *t++ != ':' || two_digits(&t, 59))
			return -1;
		if (*t == ':') {
			t++;
			if (two_digits(&t, 60))
				return -1;
			if (*t == '.') {
				t++;
				if (!(*t >= '0' && *t <= '9'))
					return -1;
				while (*t >= '0' && *t <= '9')
					t++;
			}
		}
		if (*t == 'Z') {
			t++;
		} else if (*t == '+' || *t == '-') {
			t++;
			if (two_digits(&t, 23) || *t++ != ':' || two_digits(&t, 59))
				return -1;
		}
		if (*t)
			return -1;
	}
	return date_parse(s, 10, out);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "parser", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "source", required_argument, NULL, 's' },
		{ "list", no_argument, NULL, 'l' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { NULL, NULL, NULL, NULL };
	struct run run;
	int c, i, status = GW_OK, spool = 0;
	static char as_of[11];

	gw_prog = "gw-parse";
	while ((c = getopt_long(argc, argv, "d:p:lqh", lopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.dbpath = optarg; break;
		case 'p': o.parser = optarg; break;
		case 's': o.source = optarg; break;
		case 'a':
			if (as_of_parse(optarg, as_of)) {
				gw_error("--as-of '%s' is not a date: give YYYY-MM-DD (or an ISO 8601"
					 " date-time, 2025-03-31T12:00:00Z)", optarg);
				return GW_USAGE;
			}
			o.as_of = as_of;
			break;
		case 'l': list(); return gw_close_stdout() ? GW_FAIL : GW_OK;
		case 'q': gw_quiet = 1; break;
		case 'h': usage(stdout); return GW_OK;
		case 'V': printf("gw-parse %s\n", GW_VERSION); return GW_OK;
		default: usage(stderr); return GW_USAGE;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return GW_USAGE;
	}
	if (o.parser && !parser_find(o.parser)) {
		gw_error("no parser named '%s' (gw-parse --list shows them)", o.parser);
		return GW_USAGE;
	}
	memset(&run, 0, sizeof(run));
	run.o = &o;
	buf_init(&run.notdoc, BUF_LIST_MAX);
	buf_init(&run.notfp, BUF_LIST_MAX);
	/* whenever gw-parse may write to the store, every write comes before the
	 * first record reaches standard output */
	spool = o.dbpath != NULL;
	for (i = optind; i < argc && !spool; i++)
		spool = sha256_is_hex(argv[i]) && !is_file(argv[i]);
	run.out = stdout;
	if (spool && !(run.out = spool_open()))
		return GW_FAIL;
	for (i = optind; i < argc; i++)
		if (parse_one(argv[i], &run))
			status = GW_FAIL;
	if (run.nnotdoc)
		gw_error("%s: %d document%s not recorded in the store (%s records still written, no header"
			 " fingerprint kept): %s",
			 store_path(o.dbpath), run.nnotdoc, run.nnotdoc > 1 ? "s" : "",
			 run.nnotdoc > 1 ? "their" : "its", buf_msg(&run.notdoc));
	if (run.nnotfp)
		gw_error("%s: header fingerprints not stored for %d document%s: %s", store_path(o.dbpath),
			 run.nnotfp, run.nnotfp > 1 ? "s" : "", buf_msg(&run.notfp));
	store_close(run.db);
	jsonq_close();
	if (spool) {
		if (spool_copy(run.out))
			status = GW_STORE;	/* the records on stdout are incomplete, as below */
		fclose(run.out);
	}
	if (gw_close_stdout())
		status = GW_STORE;	/* callers (gw-crawl) must not load a truncated stream */
	buf_release(&run.notdoc);
	buf_release(&run.notfp);
	return status;
}
