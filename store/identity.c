#include "identity.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/dates.h"
#include "lib/msg.h"
#include "db.h"
#include "fabs.h"
#include "resolve.h"
#include "sites.h"

#include "lib/banned.h"

/* The defaults of schemas/params.conf: gw-report converts again with its own. */
#define DEFAULT_PUE 1.14
#define DEFAULT_HEADROOM 0.9
#define HORIZON_QUARTERS 8

int quarter_index(const char *s)
{
	char q[8];
	int idx;

	if (!s)
		return -1;
	if (strlen(s) >= 10) {	/* a date, or a date-time: its date */
		char d[11];
		snprintf(d, sizeof(d), "%.10s", s);
		if (!quarter_of_date(d, q))
			s = q;
	}
	return quarter_parse(s, strlen(s), &idx) ? -1 : idx;
}

static int db_fail(sqlite3 *db, const char *what)
{
	gw_error("%s: %s: %s", sqlite3_db_filename(db, "main"), what, sqlite3_errmsg(db));
	return -1;
}

/* ---- snapshots ---- */

struct snap {
	char doc[65], namedate[11];
	char *dataset, *pub, *reason, *first_seen;
	long long obs;
	int healthy, accepted, current, was;
};

/*
 * A dataset's snapshots, oldest first: by publication date; on one day (copies of a
 * dataset fetched together), by the date in the name, then the larger, then first seen.
 */
static int snap_cmp(const void *pa, const void *pb)
{
	const struct snap *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->dataset, b->dataset)) || (c = strcmp(a->pub, b->pub)) ||
	    (c = strcmp(a->namedate, b->namedate)))
		return c;
	if (a->obs != b->obs)
		return a->obs < b->obs ? -1 : 1;
	if ((c = strcmp(a->first_seen, b->first_seen)))
		return c;
	return strcmp(a->doc, b->doc);
}

int snapshots_refresh(sqlite3 *db, int *changed)
{
	sqlite3_stmt *q = NULL, *w = NULL;
	long long last_healthy = -1;
	int rc, r = -1, cur = -1, seq = 0;
	struct snap *s = NULL;
	size_t cap = 0, ns = 0, i, start = 0;

	*changed = 0;
	q = store_prepare(db,
		"SELECT d.sha256, CASE WHEN p.dataset = 'source' THEN coalesce(d.source, 'parser:' || d.parser)"
		" ELSE 'parser:' || d.parser END, coalesce(d.published, substr(d.first_seen, 1, 10)),"
		" (SELECT count(*) FROM obs_site WHERE doc_id = d.id) + (SELECT count(*) FROM obs_capacity WHERE doc_id = d.id)"
		" + (SELECT count(*) FROM obs_grid_request WHERE doc_id = d.id) + (SELECT count(*) FROM obs_permit WHERE doc_id = d.id)"
		" + (SELECT count(*) FROM obs_fab WHERE doc_id = d.id),"
		" coalesce(h.accepted, 0), coalesce(h.current, 0),"
		" (SELECT group_concat(CASE WHEN sheet <> '' THEN sheet || ': ' ELSE '' END || dropped, '; ')"
		"  FROM doc_drift WHERE doc = d.sha256), d.name, d.first_seen"
		" FROM documents d JOIN snapshot_parsers p ON p.parser = d.parser"
		" LEFT JOIN doc_health h ON h.doc = d.sha256");
	if (!q)
		goto out;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 7);
		if (ns == cap) {
			size_t nc = cap ? cap * 2 : 64;
			void *p = realloc(s, nc * sizeof(*s));
			if (!p)
				goto nomem;
			s = p;
			cap = nc;
		}
		memset(&s[ns], 0, sizeof(s[ns]));
		snprintf(s[ns].doc, sizeof(s[ns].doc), "%s", (const char *)sqlite3_column_text(q, 0));
		if (!name || date_in_name(name, s[ns].namedate))
			s[ns].namedate[0] = '\0';
		s[ns].dataset = strdup((const char *)sqlite3_column_text(q, 1));
		s[ns].pub = strdup((const char *)sqlite3_column_text(q, 2));
		s[ns].first_seen = strdup((const char *)sqlite3_column_text(q, 8));
		s[ns].obs = sqlite3_column_int64(q, 3);
		s[ns].accepted = sqlite3_column_int(q, 4);
		s[ns].was = sqlite3_column_int(q, 5);
		if (sqlite3_column_type(q, 6) != SQLITE_NULL)
			s[ns].reason = strdup((const char *)sqlite3_column_text(q, 6));
		ns++;
		if (!s[ns - 1].dataset || !s[ns - 1].pub || !s[ns - 1].first_seen)
			goto nomem;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "snapshots");
		goto out;
	}
	if (ns)
		qsort(s, ns, sizeof(*s), snap_cmp);
	/* each dataset in order: healthy against the last healthy one */
	for (i = 0; i <= ns; i++) {
		if (i == ns || (i > start && strcmp(s[i].dataset, s[start].dataset))) {
			if (cur >= 0)
				s[cur].current = 1;
			if (i == ns)
				break;
			start = i;
			last_healthy = -1;
			cur = -1;
		}
		if (s[i].reason) {
			char *why = NULL;
			size_t l = strlen(s[i].reason) + 64;
			if ((why = malloc(l)))
				snprintf(why, l, "header lost columns: %s", s[i].reason);
			free(s[i].reason);
			s[i].reason = why;
			s[i].healthy = 0;
		} else if (last_healthy >= 0 && s[i].obs * 2 < last_healthy) {
			char why[160];
			snprintf(why, sizeof(why), "%lld observations, under half of the previous healthy snapshot's %lld",
				 s[i].obs, last_healthy);
			s[i].reason = strdup(why);
			s[i].healthy = 0;
		} else {
			s[i].healthy = 1;
		}
		if (s[i].healthy || s[i].accepted) {
			last_healthy = s[i].obs;
			cur = (int)i;
		}
	}
	if (store_exec(db, "DELETE FROM doc_health"))
		goto out;
	w = store_prepare(db, "INSERT INTO doc_health(doc, dataset, seq, published, observations, healthy, reason,"
			      " accepted, current) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (!w)
		goto out;
	for (i = 0; i < ns; i++) {
		seq = i && !strcmp(s[i].dataset, s[i - 1].dataset) ? seq + 1 : 1;
		sqlite3_bind_text(w, 1, s[i].doc, -1, SQLITE_STATIC);
		sqlite3_bind_text(w, 2, s[i].dataset, -1, SQLITE_STATIC);
		sqlite3_bind_int(w, 3, seq);
		sqlite3_bind_text(w, 4, s[i].pub, -1, SQLITE_STATIC);
		sqlite3_bind_int64(w, 5, s[i].obs);
		sqlite3_bind_int(w, 6, s[i].healthy);
		if (s[i].reason)
			sqlite3_bind_text(w, 7, s[i].reason, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(w, 7);
		sqlite3_bind_int(w, 8, s[i].accepted);
		sqlite3_bind_int(w, 9, s[i].current);
		rc = sqlite3_step(w);
		sqlite3_reset(w);
		if (rc != SQLITE_DONE) {
			db_fail(db, "snapshots");
			goto out;
		}
		if (s[i].current != s[i].was)
			*changed = 1;
	}
	r = 0;
	goto out;
nomem:
	gw_error("snapshots: out of memory");
out:
	for (i = 0; i < ns; i++) {
		free(s[i].dataset);
		free(s[i].pub);
		free(s[i].first_seen);
		free(s[i].reason);
	}
	free(s);
	sqlite3_finalize(q);
	sqlite3_finalize(w);
	return r;
}

/* ---- one figure per site and quarter ---- */

struct fig {
	int cls, start, chain, phased;
	char *doc, *loc, *pub, *basis, *status, *name, *link[2];
	double mw, it;
};

struct cand {
	int cls;
	const char *doc, *pub;
	int first, last;	/* its figures: figs[first..last) */
};

static double to_it(double mw, const char *basis)
{
	if (!strcmp(basis, "it"))
		return mw;
	if (!strcmp(basis, "facility"))
		return mw / DEFAULT_PUE;
	if (!strcmp(basis, "utility"))
		return mw * DEFAULT_HEADROOM / DEFAULT_PUE;
	return NAN;
}

static char *dup0(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? strdup(s) : NULL;
}

static void figs_free(struct fig *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].doc);
		free(f[i].loc);
		free(f[i].pub);
		free(f[i].basis);
		free(f[i].status);
		free(f[i].name);
		free(f[i].link[0]);
		free(f[i].link[1]);
	}
}

static int fig_cmp(const void *pa, const void *pb)
{
	const struct fig *a = pa, *b = pb;
	int c;

	if (a->cls != b->cls)
		return a->cls - b->cls;
	if ((c = strcmp(b->pub, a->pub)))	/* newest publication first */
		return c;
	if ((c = strcmp(a->doc, b->doc)))
		return c;
	if (a->start != b->start)
		return a->start - b->start;
	return strcmp(a->loc, b->loc);
}

/* The value of one candidate (a document's figures) at quarter q; 0 if it has none yet. */
static int basis_index(const char *b)
{
	return !strcmp(b, "it") ? 0 : !strcmp(b, "facility") ? 1 : 2;
}

static int cand_value(const struct cand *c, const struct fig *f, int q, double *it, double *mw,
		      double part[3], const char **basis, const char **status, const char **loc)
{
	int i, any = 0, latest = -1, phases;
	const char *b = NULL;

	*it = *mw = part[0] = part[1] = part[2] = 0;
	if (c->cls == 1) {		/* a timeline: the campus's cumulative state at its last date */
		for (i = c->first; i < c->last && f[i].start <= q; i++)
			latest = i;
		if (latest < 0)
			return 0;
		*it = f[latest].it;
		*mw = f[latest].mw;
		part[basis_index(f[latest].basis)] = f[latest].mw;
		*basis = f[latest].basis;
		*status = f[latest].status;
		*loc = f[latest].loc;
		return 1;
	}
	for (i = c->first; i < c->last; i++)
		any |= f[i].phased;
	phases = any;
	any = 0;
	for (i = c->first; i < c->last; i++) {
		int k, best = i;
		if (f[i].start > q)
			continue;
		if (phases && !f[i].phased && c->cls != 3)
			continue;	/* a campus total beside its phases: a cap, never added (docs/models.md 2) */
		if (c->cls == 3) {	/* a chain of phases: only its latest phase by q counts */
			int skip = 0;
			for (k = c->first; k < c->last; k++)
				if (k != i && f[k].chain == f[i].chain && f[k].start <= q &&
				    (f[k].start > f[best].start || (f[k].start == f[best].start && f[k].it > f[best].it) ||
				     (f[k].start == f[best].start && f[k].it == f[best].it && k < best))) {
					skip = 1;
					break;
				}
			if (skip)
				continue;
		}
		*it += f[i].it;
		*mw += f[i].mw;
		part[basis_index(f[i].basis)] += f[i].mw;
		if (!b)
			b = f[i].basis;
		else if (strcmp(b, f[i].basis))
			b = "mixed";
		if (latest < 0 || f[i].start >= f[latest].start)
			latest = i;
		any = 1;
	}
	if (!any)
		return 0;
	*basis = b;
	*status = f[latest].status;
	*loc = f[latest].loc;
	if (!strcmp(b, "mixed"))
		*mw = *it;
	return 1;
}

static int chain_root(int *p, int a)
{
	while (p[a] != a)
		a = p[a] = p[p[a]];
	return a;
}

/* Writes the rows of one site. */
static int site_rows(sqlite3 *db, sqlite3_stmt *ins, long long site, struct fig *f, size_t n, int horizon)
{
	struct cand c[256];
	int nc = 0, q, qmin = 1 << 30, qmax = horizon, i;
	int *chain = NULL;
	struct buf src = BUF_INIT(BUF_LIST_MAX);
	struct {
		int open, from, to, best, alts;
		double it, mw, dis, part[3];
		const char *basis, *status, *loc;
		struct buf src;
	} span;
	int r = -1;

	memset(&span, 0, sizeof(span));
	buf_init(&span.src, BUF_LIST_MAX);

	if (n)
		qsort(f, n, sizeof(*f), fig_cmp);
	for (i = 0; i < (int)n; i++) {
		if (!nc || c[nc - 1].cls != f[i].cls || strcmp(c[nc - 1].doc, f[i].doc)) {
			if (nc == 256)
				break;
			c[nc].cls = f[i].cls;
			c[nc].doc = f[i].doc;
			c[nc].pub = f[i].pub;
			c[nc].first = i;
			nc++;
		}
		c[nc - 1].last = i + 1;
		if (f[i].start < qmin)
			qmin = f[i].start;
		if (f[i].start > qmax)
			qmax = f[i].start;
	}
	/* GPU-cluster phases that build upon or supersede another are one chain */
	if (!(chain = malloc((n + 1) * sizeof(int))))
		goto out;
	for (i = 0; i < (int)n; i++)
		chain[i] = i;
	for (i = 0; i < (int)n; i++) {
		int k, l;
		if (f[i].cls != 3)
			continue;
		for (l = 0; l < 2; l++)
			for (k = 0; f[i].link[l] && k < (int)n; k++)
				if (k != i && f[k].cls == 3 && !strcmp(f[k].doc, f[i].doc) && f[k].name &&
				    !strcasecmp(f[k].name, f[i].link[l]))
					chain[chain_root(chain, i)] = chain_root(chain, k);
	}
	for (i = 0; i < (int)n; i++)
		f[i].chain = chain_root(chain, i);
	for (q = qmin; q <= qmax + 1; q++) {
		int best = -1, alts = 0, k;
		double bit = 0, bmw = 0, dis = 0, bpart[3] = { 0, 0, 0 };
		const char *bb = NULL, *bs = NULL, *bl = NULL;
		buf_reset(&src);
		for (k = 0; k < nc && q <= qmax; k++) {
			double it, mw, part[3];
			const char *b, *s, *l;
			if (!cand_value(&c[k], f, q, &it, &mw, part, &b, &s, &l))
				continue;
			if (!strstr(buf_str(&src), c[k].doc) && ((src.len && buf_addc(&src, ' ')) || buf_adds(&src, c[k].doc)))
				goto out;
			if (best < 0) {	/* candidates come in precedence order */
				best = k;
				bit = it;
				bmw = mw;
				memcpy(bpart, part, sizeof(part));
				bb = b;
				bs = s;
				bl = l;
				continue;
			}
			if (strcmp(c[k].doc, c[best].doc)) {
				alts++;
				if (bit > 0 && fabs(it - bit) / bit > dis)
					dis = fabs(it - bit) / bit;
			}
		}
		/* a span goes on while nothing of the row changes */
		if (span.open && best >= 0 && span.best == best && span.it == bit && span.mw == bmw &&
		    !strcmp(span.basis, bb) && !strcmp(span.status, bs) && !strcmp(span.loc, bl) &&
		    span.alts == alts && span.dis == dis && !strcmp(buf_str(&span.src), buf_str(&src)) &&
		    !memcmp(span.part, bpart, sizeof(bpart))) {
			span.to = q;
			continue;
		}
		if (span.open) {
			sqlite3_bind_int64(ins, 1, site);
			sqlite3_bind_int(ins, 2, span.from);
			sqlite3_bind_int(ins, 3, span.to);
			sqlite3_bind_double(ins, 4, span.it);
			sqlite3_bind_double(ins, 5, span.mw);
			sqlite3_bind_text(ins, 6, span.basis, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 7, span.status, -1, SQLITE_STATIC);
			sqlite3_bind_int(ins, 8, c[span.best].cls);
			sqlite3_bind_text(ins, 9, c[span.best].doc, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 10, span.loc, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 11, buf_str(&span.src), -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(ins, 12, span.alts);
			sqlite3_bind_double(ins, 13, span.dis);
			sqlite3_bind_double(ins, 14, span.part[0]);
			sqlite3_bind_double(ins, 15, span.part[1]);
			sqlite3_bind_double(ins, 16, span.part[2]);
			k = sqlite3_step(ins);
			sqlite3_reset(ins);
			sqlite3_clear_bindings(ins);
			if (k != SQLITE_DONE) {
				db_fail(db, "site capacity");
				goto out;
			}
			span.open = 0;
		}
		if (best < 0)
			continue;
		span.open = 1;
		span.from = span.to = q;
		span.best = best;
		span.it = bit;
		span.mw = bmw;
		span.basis = bb;
		span.status = bs;
		span.loc = bl;
		span.alts = alts;
		span.dis = dis;
		memcpy(span.part, bpart, sizeof(bpart));
		buf_reset(&span.src);
		if (buf_adds(&span.src, buf_str(&src)))
			goto out;
	}
	r = 0;
out:
	free(chain);
	buf_release(&src);
	buf_release(&span.src);
	return r;
}

int sitecap_build(sqlite3 *db)
{
	sqlite3_stmt *q = NULL, *ins = NULL;
	struct fig *f = NULL;
	size_t n = 0, cap = 0;
	long long site = -1;
	int rc, r = -1, horizon;
	time_t now = time(NULL);
	struct tm tm;
	char key_prev[1024] = "";

	gmtime_r(&now, &tm);
	horizon = (tm.tm_year + 1900) * 4 + tm.tm_mon / 3 + HORIZON_QUARTERS;
	if (store_exec(db, "DELETE FROM site_capacity"))
		return -1;
	/*
	 * Every capacity row of a current document: a timeline's rows are all
	 * points of its series; of any other document, the latest row of each key
	 * (as cur_capacity, but ordered by what was stated, not by load order).
	 */
	q = store_prepare(db,
		"SELECT o.site_id, o.key, d.sha256, o.loc, o.as_of, o.expected_online, o.mw, o.mw_basis, o.status,"
		" coalesce(p.class, 4), coalesce(d.published, substr(d.first_seen, 1, 10)),"
		" (SELECT name FROM obs_site s WHERE s.doc_id = o.doc_id AND s.loc = o.loc LIMIT 1),"
		" (SELECT builds_upon FROM obs_site s WHERE s.doc_id = o.doc_id AND s.loc = o.loc LIMIT 1),"
		" (SELECT superseded_by FROM obs_site s WHERE s.doc_id = o.doc_id AND s.loc = o.loc LIMIT 1),"
		" o.phase IS NOT NULL"
		" FROM obs_capacity o JOIN documents d ON d.id = o.doc_id"
		" LEFT JOIN source_precedence p ON p.parser = d.parser"
		" WHERE o.site_id IS NOT NULL AND d.sha256 IN (SELECT doc FROM cur_docs)"
		" ORDER BY o.site_id, o.key, coalesce(p.class, 4) = 1, o.as_of DESC,"
		" 11 DESC, d.sha256, o.loc");
	ins = store_prepare(db, "INSERT INTO site_capacity(site_id, q_from, q_to, mw_it, mw_stated, basis_stated,"
				" status, class, doc, loc, sources, alternatives, disagree, it_stated, facility_stated,"
				" utility_stated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
	if (!q || !ins)
		goto out;
	for (;;) {
		long long s;
		const char *key, *basis, *status;
		int cls, start;
		double mw, it;
		rc = sqlite3_step(q);
		s = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -2;
		if (s != site && n) {
			if (site_rows(db, ins, site, f, n, horizon))
				goto out;
			figs_free(f, n);
			n = 0;
		}
		site = s;
		if (rc != SQLITE_ROW)
			break;
		key = (const char *)sqlite3_column_text(q, 1);
		basis = (const char *)sqlite3_column_text(q, 7);
		status = (const char *)sqlite3_column_text(q, 8);
		cls = sqlite3_column_int(q, 9);
		mw = sqlite3_column_double(q, 6);
		it = to_it(mw, basis);
		if (cls != 1) {	/* the latest row of the key only */
			char k2[1024];
			snprintf(k2, sizeof(k2), "%lld|%s", s, key);
			if (!strcmp(k2, key_prev))
				continue;
			memcpy(key_prev, k2, sizeof(k2));
		}
		if (isnan(it) || !strcmp(status, "cancelled"))
			continue;
		/* from its expected quarter, else from the quarter it was stated for */
		start = quarter_index((const char *)sqlite3_column_text(q, 5));
		if (start < 0)
			start = quarter_index((const char *)sqlite3_column_text(q, 4));
		if (start < 0)
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct fig *nf = realloc(f, nc * sizeof(*nf));
			if (!nf)
				goto nomem;
			f = nf;
			cap = nc;
		}
		memset(&f[n], 0, sizeof(f[n]));
		f[n].cls = cls;
		f[n].start = start;
		f[n].mw = mw;
		f[n].it = it;
		f[n].doc = dup0(q, 2);
		f[n].loc = dup0(q, 3);
		f[n].pub = dup0(q, 10);
		f[n].basis = dup0(q, 7);
		f[n].status = dup0(q, 8);
		f[n].name = dup0(q, 11);
		f[n].link[0] = dup0(q, 12);
		f[n].link[1] = dup0(q, 13);
		f[n].phased = sqlite3_column_int(q, 14);
		n++;
		if (!f[n - 1].doc || !f[n - 1].loc || !f[n - 1].pub || !f[n - 1].basis || !f[n - 1].status)
			goto nomem;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, "site capacity");
		goto out;
	}
	r = 0;
	goto out;
nomem:
	gw_error("site capacity: out of memory");
out:
	figs_free(f, n);
	free(f);
	sqlite3_finalize(q);
	sqlite3_finalize(ins);
	return r;
}

int identity_refresh(sqlite3 *db, const char *overrides, int what, int *bad)
{
	int changed = 0;

	*bad = 0;
	if (snapshots_refresh(db, &changed))
		return -1;
	if (!(what & IDENTITY_ALL) && !changed)
		return what & IDENTITY_FABS ? fabs_resolve(db) : 0;
	if (sites_resolve(db, overrides, bad) || sitecap_build(db) || fabs_resolve(db))
		return -1;
	return 0;
}
