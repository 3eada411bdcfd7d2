/*
 * SEC EDGAR filing bundles (sec-xbrl-zip): the <accession>-xbrl.zip that
 * EDGAR serves, and a tar of a filing's documents (as datamule packs them:
 * members zstd-compressed, a metadata.json, the -xbrl.zip nested inside).
 * Archives inside archives are opened (to a depth of 3), zstd or gzip
 * members decompressed, everything in memory with size caps (parsers/
 * formats/archive.h); member names are data only, and one with "../" or an absolute
 * path is reported and not read.
 *
 * The primary XBRL document (the one metadata.json names, else an instance,
 * else an Inline XBRL document) is read by the XBRL reader; metadata.json,
 * when present, gives the `filing` record and the accession number and
 * filing date of every capex fact (as_of = the filing date).
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dates.h"
#include "parsers/formats/archive.h"
#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"
#include "xbrl.h"

#include "lib/banned.h"

#define DEPTH_MAX 3
#define MEMBER_MAX (256u << 20)
#define TOTAL_MAX (1024u << 20)
#define MEMBER_PATH_MAX 8192	/* "outer.zip!inner.zip!member": a member's path through its archives */

struct cand {
	char *name;
	unsigned char *data;
	size_t len;
	int kind;
};

struct bundle {
	struct gw_parse *p;
	int depth;
	const char *prefix;	/* path of the enclosing archive members, "" at the top */
	struct cand *c;
	size_t nc;
	size_t bytes;		/* kept in candidates */
	int members;
	/* from metadata.json */
	int have_meta;
	long long cik;
	char company[256], form[32], accession[32], filed[11], period[11], fye[8], primary[256];
};

static const char *base(const char *name)
{
	const char *s = strrchr(name, '/');

	return s ? s + 1 : name;
}

static void read_meta(struct bundle *b, const unsigned char *d, size_t n, const char *name)
{
	sqlite3_stmt *st;
	char t[11];
	const char *s;

	if (!jsonq_valid(d, n)) {
		perr(b->p, "member '%s%s': not valid JSON", b->prefix, name);
		return;
	}
	st = jsonq_prepare("SELECT json_extract(?1, '$.\"accession-number\"'), json_extract(?1, '$.type'),"
			   " json_extract(?1, '$.\"filing-date\"'), json_extract(?1, '$.period'),"
			   " json_extract(?1, '$.filer.\"company-data\".cik'),"
			   " json_extract(?1, '$.filer.\"company-data\".\"conformed-name\"'),"
			   " json_extract(?1, '$.filer.\"company-data\".\"fiscal-year-end\"'),"
			   " (SELECT json_extract(d.value, '$.filename') FROM json_each(?1, '$.documents') d"
			   "   WHERE json_extract(d.value, '$.type') = json_extract(?1, '$.type') LIMIT 1)");
	if (!st)
		return;
	if (jsonq_bind(st, 1, d, n) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		b->have_meta = 1;
		snprintf(b->accession, sizeof(b->accession), "%s", (s = jsonq_text(st, 0, NULL)) ? s : "");
		snprintf(b->form, sizeof(b->form), "%s", (s = jsonq_text(st, 1, NULL)) ? s : "");
		if ((s = jsonq_text(st, 2, NULL)) && strlen(s) == 8 && !date_parse(s, 8, t))
			memcpy(b->filed, t, 11);
		if ((s = jsonq_text(st, 3, NULL)) && strlen(s) == 8 && !date_parse(s, 8, t))
			memcpy(b->period, t, 11);
		b->cik = (s = jsonq_text(st, 4, NULL)) ? atoll(s) : 0;
		snprintf(b->company, sizeof(b->company), "%s", (s = jsonq_text(st, 5, NULL)) ? s : "");
		snprintf(b->fye, sizeof(b->fye), "%s", (s = jsonq_text(st, 6, NULL)) && strlen(s) == 4 ? s : "");
		snprintf(b->primary, sizeof(b->primary), "%s", (s = jsonq_text(st, 7, NULL)) ? s : "");
	}
	sqlite3_finalize(st);
}

static int walk(struct bundle *b, const unsigned char *data, size_t len);

static int member(void *arg, const char *name, const unsigned char *d, size_t n)
{
	struct bundle *b = arg;
	struct buf un = BUF_INIT(MEMBER_MAX), path = BUF_INIT(MEMBER_PATH_MAX);
	struct buf err = BUF_INIT(BUF_MSG_MAX);
	int kind, r = 0;

	b->members++;
	if (arc_name_unsafe(name)) {
		perr(b->p, "member '%s%s' has an unsafe path (\"../\" or absolute): reported, not read", b->prefix, name);
		goto out;
	}
	if (arc_is_compressed(d, n)) {
		if (arc_decompress(d, n, MEMBER_MAX, &un, &err)) {
			perr(b->p, "member '%s%s': %.511s", b->prefix, name, buf_str(&err));	/* as the char[512] it was */
			goto out;
		}
		d = (const unsigned char *)un.data;
		n = un.len;
	}
	if (!strcmp(base(name), "metadata.json")) {
		read_meta(b, d, n, name);
	} else if (arc_is_zip(d, n) || arc_is_tar(d, n)) {
		const char *outer = b->prefix;
		if (b->depth >= DEPTH_MAX) {
			perr(b->p, "member '%s%s': archives nested deeper than %d, not opened", b->prefix, name, DEPTH_MAX);
			goto out;
		}
		buf_printf(&path, "%s%s!", outer, name);
		b->prefix = buf_msg(&path);
		b->depth++;
		walk(b, d, n);
		b->depth--;
		b->prefix = outer;
	} else if ((kind = xbrl_sniff(d, n)) != XBRL_NONE) {
		struct cand *c;
		if (b->bytes + n > TOTAL_MAX) {
			pfatal(b->p, "member '%s%s': XBRL documents add up to more than %u bytes", b->prefix, name, TOTAL_MAX);
			r = -1;
			goto out;
		}
		if (!(c = realloc(b->c, (b->nc + 1) * sizeof(*c)))) {
			r = -1;
			goto out;
		}
		b->c = c;
		c = &b->c[b->nc];
		buf_printf(&path, "%s%s", b->prefix, name);
		buf_msg(&path);	/* a name past MEMBER_PATH_MAX ends "..." */
		c->name = buf_detach(&path, NULL);
		c->data = malloc(n ? n : 1);
		if (!c->name || !c->data) {
			free(c->name);
			free(c->data);
			r = -1;
			goto out;
		}
		memcpy(c->data, d, n);
		c->len = n;
		c->kind = kind;
		b->nc++;
		b->bytes += n;
	}
out:
	buf_release(&un);
	buf_release(&path);
	buf_release(&err);
	return r;
}

static int walk(struct bundle *b, const unsigned char *data, size_t len)
{
	struct arc_limits lim = { MEMBER_MAX, TOTAL_MAX, 100000 };
	struct buf err = BUF_INIT(BUF_MSG_MAX);
	int r = 0;

	if (arc_each(data, len, &lim, NULL, member, b, &err)) {
		/* cut as the char[512] it was */
		if (b->prefix[0])
			pfatal(b->p, "in %.*s: %.511s", (int)strlen(b->prefix) - 1, b->prefix, buf_str(&err));
		else
			pfatal(b->p, "looks like an EDGAR filing bundle but cannot be read to its end: %.511s",
			       buf_str(&err));
		r = -1;
	}
	buf_release(&err);
	return r;
}

static int detect(const struct gw_doc *doc)
{
	const unsigned char *d = doc->data;
	size_t n = doc->len, tail;

	if (arc_is_zip(d, n)) {
		/* the central directory at the end lists the names: an EDGAR bundle has its taxonomy schema */
		tail = n > 262144 ? n - 262144 : 0;
		if (mem_find(d + tail, n - tail, ".xsd") && (mem_find(d + tail, n - tail, ".htm") ||
							      mem_find(d + tail, n - tail, "_htm.xml")))
			return 70;
		return 0;
	}
	if (arc_is_tar(d, n)) {
		size_t m = n < (4u << 20) ? n : (4u << 20);
		if (mem_find(d, m, "-xbrl.zip") || (mem_find(d, m, "metadata.json") && mem_find(d, m, ".xsd")) ||
		    mem_find(d, m, "FilingSummary.xml"))
			return 70;
	}
	return 0;
}

static int parse(struct gw_parse *p)
{
	struct bundle b;
	const struct cand *use = NULL;
	struct xbrl_filing fl;
	size_t i;
	long n = 0;

	memset(&b, 0, sizeof(b));
	b.p = p;
	b.prefix = "";
	if (!arc_is_zip(p->doc->data, p->doc->len) && !arc_is_tar(p->doc->data, p->doc->len)) {
		pfatal(p, "not a zip or tar archive");
		return -1;
	}
	walk(&b, p->doc->data, p->doc->len);
	if (b.have_meta) {
		if (!b.cik || !b.accession[0] || !b.form[0] || !b.filed[0]) {
			pfatal(p, "metadata.json lacks the CIK, accession number, form or filing date");
		} else {
			rec_begin(p, "filing");
			rec_int(p, "cik", b.cik);
			rec_str(p, "company", b.company);
			rec_str(p, "form", b.form);
			rec_str(p, "accession", b.accession);
			rec_str(p, "filed", b.filed);
			rec_str(p, "report_date", b.period);
			rec_str(p, "primary_doc", b.primary);
			rec_str(p, "fiscal_year_end", b.fye);
			rec_set_as_of(p, b.filed);
			rec_end(p, "metadata.json");
		}
	}
	for (i = 0; i < b.nc && !use; i++)
		if (b.primary[0] && !strcmp(base(b.c[i].name), b.primary))
			use = &b.c[i];
	for (i = 0; i < b.nc && !use; i++)
		if (b.c[i].kind == XBRL_INSTANCE)
			use = &b.c[i];
	for (i = 0; i < b.nc && !use; i++)
		if (b.c[i].kind == XBRL_INLINE)
			use = &b.c[i];
	if (!use) {
		pfatal(p, "no XBRL instance or Inline XBRL document among the %d members", b.members);
	} else {
		memset(&fl, 0, sizeof(fl));
		if (b.have_meta) {
			fl.cik = b.cik;
			fl.company = b.company[0] ? b.company : NULL;
			fl.form = b.form[0] ? b.form : NULL;
			fl.accession = b.accession[0] ? b.accession : NULL;
			fl.filed = b.filed[0] ? b.filed : NULL;
		}
		pwarn(p, "primary XBRL document: %s", use->name);
		if (!xbrl_parse(p, use->data, use->len, use->name, &fl, &n) && !n)
			pwarn(p, "%s: no fact of a listed capex concept; nothing to record", use->name);
	}
	for (i = 0; i < b.nc; i++) {
		free(b.c[i].name);
		free(b.c[i].data);
	}
	free(b.c);
	return p->nerr ? -1 : 0;
}

const struct parser parser_sec_xbrl_zip = {
	"sec-xbrl-zip",
	"SEC EDGAR filing bundle: -xbrl.zip, or a tar holding one (zstd members): filing and capex facts",
	detect,
	parse,
};
