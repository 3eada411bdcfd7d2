/* gw-parse: bytes of documents -> records (JSON Lines) on standard output. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/mapfile.h"
#include "../lib/msg.h"
#include "../lib/sha256.h"
#include "../lib/timeq.h"
#include "../store/db.h"
#include "jsonq.h"
#include "table.h"
#include "parser.h"

#define DOC_MAX (1024u << 20)	/* the largest document gw-parse reads */
#define MAP_MIN (16u << 20)	/* files this large are mapped, not read (lib/mapfile.h) */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gw-parse [-d DB] [-p PARSER] [--as-of DATE] FILE|SHA256...\n"
		"       gw-parse --list\n"
		"\n"
		"Reads each document and writes its records (JSON Lines, schemas/records.md)\n"
		"to standard output. The parser is chosen from the content unless -p names it;\n"
		"gw-parse says on standard error which one it chose. With -d, a FILE is also\n"
		"added to the store's raw documents and documents table (so it can be loaded\n"
		"like a fetched one), and a SHA256 names a document already in the raw store.\n"
		"A FILE of '-' is standard input.\n"
		"\n"
		"  -d, --db DB        the store (default: none for FILEs; $GW_DB or gigawatt.db\n"
		"                     when a SHA256 is given)\n"
		"  -p, --parser NAME  the parser to use (see --list)\n"
		"      --as-of DATE   the date records are stated as of, when the document\n"
		"                     does not date itself (default: when it was fetched or\n"
		"                     added, else the file's modification date)\n"
		"  -l, --list         list the parsers: name, then what each reads\n"
		"  -q, --quiet        no warnings (which parser, a header changed...): errors only\n"
		"  -h, --help         this help\n"
		"      --version      print the version\n"
		"\n"
		"Exit status: 0 every document parsed cleanly, 1 some document or record\n"
		"failed (what could be read was still written), 2 usage, 4 the records could\n"
		"not all be written to standard output (what it holds is incomplete).\n");
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
};

static int is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

/* ---- header fingerprints ---- */

/*
 * Which source a document's headers are compared within: its sources.conf id
 * when it was fetched, else its file name without its numbers (downloads
 * named by date, PJM_Queue_2025-02.xlsx, compare as one source: PJM_Queue.xlsx).
 */
static void fingerprint_source(const char *source, const char *name, struct buf *out)
{
	buf_reset(out);
	if (source && *source) {
		buf_adds(out, source);
		return;
	}
	/* a run of digits goes with the separators around it: PJM_Queue_2025-02.xlsx -> PJM_Queue.xlsx */
	while (name && *name) {
		if (*name >= '0' && *name <= '9') {
			while (out->len && strchr("-_ ", out->data[out->len - 1]))
				out->data[--out->len] = '\0';
			while (*name && (strchr("-_ ", *name) || (*name >= '0' && *name <= '9')))
				name++;
			continue;
		}
		buf_addc(out, *name++);
	}
	if (!out->data)
		buf_adds(out, "");
}

struct cols {
	char **v;
	size_t n;
};

static void cols_free(struct cols *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

/* The strings of a JSON array, through SQLite's json_each (no hand-written JSON parsing). */
static int cols_read(sqlite3 *db, const char *json, struct cols *c)
{
	sqlite3_stmt *q = store_prepare(db, "SELECT value FROM json_each(?1) ORDER BY key");
	int r = 0;

	c->v = NULL;
	c->n = 0;
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, json, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(q, 0);
		char **nv = realloc(c->v, (c->n + 1) * sizeof(*nv));
		if (!nv) {
			r = -1;
			break;
		}
		c->v = nv;
		c->v[c->n++] = strdup(t ? t : "");
	}
	sqlite3_finalize(q);
	return r;
}

static int cols_has(const struct cols *c, const char *s)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (header_eq(c->v[i], strlen(c->v[i]), s))
			return 1;
	return 0;
}

static int blank(const char *s)
{
	return !s[strspn(s, " \t\r\n")];
}

/* The name beside column i (d = -1 before, +1 after), "" past the ends. */
static const char *beside(const struct cols *c, size_t i, int d)
{
	if (d < 0)
		return i ? c->v[i - 1] : "";
	return i + 1 < c->n ? c->v[i + 1] : "";
}

/*
 * Says how new differs from old: a column of old that new lacks, where new
 * has a column old lacks between the same neighbours, was renamed; the
 * others were added or dropped.
 */
static void cols_diff(const char *docname, const char *sheet, const char *olddoc, const struct cols *old,
		      const struct cols *new)
{
	struct buf m = BUF_INIT(1u << 16);
	size_t i, j;
	char *ren_old = calloc(old->n + 1, 1), *ren_new = calloc(new->n + 1, 1);

	if (!ren_old || !ren_new)
		goto out;
	for (i = 0; i < old->n; i++) {
		if (blank(old->v[i]) || cols_has(new, old->v[i]))
			continue;
		for (j = 0; j < new->n; j++) {
			const char *a, *b, *c, *d;
			if (ren_new[j] || blank(new->v[j]) || cols_has(old, new->v[j]))
				continue;
			a = beside(old, i, -1), b = beside(new, j, -1), c = beside(old, i, 1), d = beside(new, j, 1);
			if ((i == j && (i == 0 || blank(a))) || header_eq(a, strlen(a), b) ||
			    (!blank(c) && header_eq(c, strlen(c), d))) {
				buf_printf(&m, "%scolumn '%s' renamed to '%s'", m.len ? "; " : "", old->v[i], new->v[j]);
				ren_old[i] = ren_new[j] = 1;
				break;
			}
		}
	}
	for (i = 0; i < new->n; i++)
		if (!ren_new[i] && !blank(new->v[i]) && !cols_has(old, new->v[i]))
			buf_printf(&m, "%scolumn '%s' added", m.len ? "; " : "", new->v[i]);
	for (i = 0; i < old->n; i++)
		if (!ren_old[i] && !blank(old->v[i]) && !cols_has(new, old->v[i]))
			buf_printf(&m, "%scolumn '%s' dropped", m.len ? "; " : "", old->v[i]);
	if (!m.len)
		buf_adds(&m, "columns moved");
	gw_warn("%s: %s%s%sheader changed since document %.12s: %s", docname, sheet[0] ? "sheet '" : "", sheet,
		sheet[0] ? "': " : "", olddoc, buf_str(&m));
out:
	free(ren_old);
	free(ren_new);
	buf_release(&m);
}

/*
 * Compares each header the parser noted (p->headers, one JSON object a
 * line) with the last one stored for the same source, parser and sheet,
 * says what changed, and stores the new fingerprint (not when the store is
 * read-only). source: see fingerprint_source.
 */
static void fingerprint_headers(sqlite3 *db, const char *source, const char *parser,
				const struct gw_parse *p)
{
	sqlite3_stmt *rd = store_prepare(db,
		"SELECT coalesce(json_extract(?1, '$.sheet'), ''), json(json_extract(?1, '$.columns')),"
		" (SELECT columns FROM header_fingerprints WHERE source = ?3 AND parser = ?2"
		"  AND sheet = coalesce(json_extract(?1, '$.sheet'), '') ORDER BY seen DESC, id DESC LIMIT 1),"
		" (SELECT doc FROM header_fingerprints WHERE source = ?3 AND parser = ?2"
		"  AND sheet = coalesce(json_extract(?1, '$.sheet'), '') ORDER BY seen DESC, id DESC LIMIT 1)");
	sqlite3_stmt *wr = sqlite3_db_readonly(db, "main") ? NULL : store_prepare(db,
		"INSERT INTO header_fingerprints (parser, sheet, sha256, columns, doc, first_seen, seen, source)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)"
		" ON CONFLICT (source, parser, sheet, sha256) DO UPDATE SET seen = excluded.seen");
	const char *line = p->headers.data, *end = line ? line + p->headers.len : NULL, *nl;
	char now[32];

	now_utc(now);
	for (; rd && line && line < end; line = nl + 1) {
		const char *sheet, *cur, *last, *lastdoc;
		size_t len;
		char sha[65];

		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			break;
		len = (size_t)(nl - line);
		sqlite3_reset(rd);
		sqlite3_bind_text(rd, 1, line, (int)len, SQLITE_TRANSIENT);
		sqlite3_bind_text(rd, 2, parser, -1, SQLITE_STATIC);
		sqlite3_bind_text(rd, 3, source, -1, SQLITE_STATIC);
		if (sqlite3_step(rd) != SQLITE_ROW)
			continue;
		sheet = (const char *)sqlite3_column_text(rd, 0);
		cur = (const char *)sqlite3_column_text(rd, 1);
		last = (const char *)sqlite3_column_text(rd, 2);
		lastdoc = (const char *)sqlite3_column_text(rd, 3);
		if (!sheet || !cur)
			continue;
		sha256_hex(cur, strlen(cur), sha);
		if (last && strcmp(last, cur)) {
			struct cols o = { NULL, 0 }, n = { NULL, 0 };
			if (cols_read(db, last, &o) == 0 && cols_read(db, cur, &n) == 0)
				cols_diff(p->doc->name, sheet, lastdoc ? lastdoc : "?", &o, &n);
			cols_free(&o);
			cols_free(&n);
		}
		if (wr) {
			sqlite3_reset(wr);
			sqlite3_bind_text(wr, 1, parser, -1, SQLITE_STATIC);
			sqlite3_bind_text(wr, 2, sheet, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(wr, 3, sha, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(wr, 4, cur, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(wr, 5, p->doc->sha256, -1, SQLITE_STATIC);
			sqlite3_bind_text(wr, 6, now, -1, SQLITE_STATIC);
			sqlite3_bind_text(wr, 7, source, -1, SQLITE_STATIC);
			if (sqlite3_step(wr) != SQLITE_DONE)
				gw_warn("%s: header fingerprint not stored: %s", p->doc->name, sqlite3_errmsg(db));
		}
	}
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
}

/* Returns 0 ok, 1 some problem, -1 the store failed. */
static int parse_one(const char *arg, const struct opts *o, sqlite3 **db)
{
	struct buf data = BUF_INIT(DOC_MAX), name = BUF_INIT(4096);
	struct gw_doc doc;
	struct gw_parse p;
	const struct parser *parser;
	int r = 1, score = 0, from_store = 0;
	char stored_parser[64] = "", stored_source[256] = "";
	struct stat st;
	struct mapfile map = { NULL, 0 };

	memset(&doc, 0, sizeof(doc));
	if (sha256_is_hex(arg) && !is_file(arg)) {
		sqlite3_stmt *q;
		if (!*db && !(*db = store_open(store_path(o->dbpath), 1)))
			goto out;
		if (raw_get(sqlite3_db_filename(*db, "main"), arg, &data))
			goto out;
		memcpy(doc.sha256, arg, 65);
		from_store = 1;
		buf_printf(&name, "%.12s", arg);
		q = store_prepare(*db, "SELECT name, substr(first_seen, 1, 10), parser, source FROM documents WHERE sha256 = ?1");
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
		if (strcmp(arg, "-") && !stat(arg, &st) && S_ISREG(st.st_mode) && st.st_size >= (off_t)MAP_MIN) {
			if (mapfile_open(arg, DOC_MAX, &map)) {
				gw_error_errno("%s: cannot read", arg);
				goto out;
			}
			mapfile_sha256_hex(&map, doc.sha256);
		} else if (buf_read_file(&data, arg)) {
			gw_error_errno("%s: cannot read", arg);
			goto out;
		} else {
			sha256_hex(data.data ? data.data : "", data.len, doc.sha256);
		}
		buf_adds(&name, strcmp(arg, "-") ? base_name(arg) : "(stdin)");
		if (strcmp(arg, "-") && !stat(arg, &st)) {
			struct tm tm;
			gmtime_r(&st.st_mtime, &tm);
			strftime(doc.seen, sizeof(doc.seen), "%Y-%m-%d", &tm);
		}
	}
	doc.name = name.data;
	doc.data = map.p ? (const unsigned char *)map.p : (const unsigned char *)(data.data ? data.data : "");
	doc.len = map.p ? map.len : data.len;
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
	/* a local file given with -d joins the store like a fetched document */
	if (o->dbpath && !from_store && strcmp(arg, "-")) {
		struct docinfo di = { doc.sha256, NULL, doc.name, NULL, (long long)doc.len, NULL,
				      parser->name };
		char first[11];
		struct buf url = BUF_INIT(8192);
		char *abs = realpath(arg, NULL);
		if (!*db && !(*db = store_open(o->dbpath, 0))) {
			free(abs);
			r = -1;
			goto out;
		}
		buf_printf(&url, "file://%s", abs ? abs : arg);
		free(abs);
		di.url = url.data;
		if (raw_put(o->dbpath, doc.sha256, doc.data, doc.len, 1) < 0 || doc_record(*db, &di, first) < 0) {
			buf_release(&url);
			r = -1;
			goto out;
		}
		buf_release(&url);
		if (!o->as_of)
			memcpy(doc.seen, first, sizeof(first));
	}
	if (!doc.seen[0]) {
		char t[11];
		today_utc(t);
		memcpy(doc.seen, t, sizeof(t));
	}
	parse_init(&p, &doc, rec_sink_file, stdout);
	r = parse_run(parser, &p) ? 1 : 0;
	if (*db && p.headers.len) {
		struct buf src = BUF_INIT(4096);
		fingerprint_source(stored_source, doc.name, &src);
		fingerprint_headers(*db, buf_str(&src), parser->name, &p);
		buf_release(&src);
	}
	parse_release(&p);
out:
	mapfile_close(&map);
	buf_release(&data);
	buf_release(&name);
	return r;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "parser", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "list", no_argument, NULL, 'l' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { NULL, NULL, NULL };
	sqlite3 *db = NULL;
	int c, i, status = GW_OK, r;
	char d[11];

	gw_prog = "gw-parse";
	while ((c = getopt_long(argc, argv, "d:p:lqh", lopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.dbpath = optarg; break;
		case 'p': o.parser = optarg; break;
		case 'a':
			if (date_parse(optarg, strlen(optarg), d)) {
				gw_error("--as-of '%s' is not a date", optarg);
				return GW_USAGE;
			}
			o.as_of = optarg;
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
	for (i = optind; i < argc; i++) {
		r = parse_one(argv[i], &o, &db);
		if (r)
			status = GW_FAIL;
		if (r < 0)
			break;
	}
	store_close(db);
	jsonq_close();
	if (gw_close_stdout())
		status = 4;	/* callers (gw-crawl) must not load a truncated stream */
	return status;
}
