/* The report's tables, their citations, and the sections built from the store. */
#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/dates.h"
#include "lib/msg.h"
#include "capex.h"
#include "sections.h"

#include "lib/banned.h"

struct rtable *rt_new(struct report *r, struct rsection *s, const char *id, const char *title,
		      const struct rcol *cols, int ncol)
{
	struct rtable *t;

	if (s->nt == RSEC_TABLES || !(t = calloc(1, sizeof(*t)))) {
		r->oom = 1;
		return NULL;
	}
	t->id = id;
	t->title = strdup(title);
	t->cols = cols;
	t->ncol = ncol;
	s->t[s->nt++] = t;
	if (!t->title)
		r->oom = 1;
	return t;
}

int rt_row(struct report *r, struct rtable *t)
{
	if (!t)
		return -1;
	if (t->nrows == t->cap) {
		int nc = t->cap ? 2 * t->cap : 16;
		struct rcell *c = realloc(t->cells, (size_t)nc * (size_t)t->ncol * sizeof(*c));
		int **s;
		int *ns;

		if (c)
			t->cells = c;
		s = realloc(t->src, (size_t)nc * sizeof(*s));
		if (s)
			t->src = s;
		ns = realloc(t->nsrc, (size_t)nc * sizeof(*ns));
		if (ns)
			t->nsrc = ns;
		if (!c || !s || !ns) {
			r->oom = 1;
			return -1;
		}
		t->cap = nc;
	}
	memset(&t->cells[(size_t)t->nrows * (size_t)t->ncol], 0, (size_t)t->ncol * sizeof(struct rcell));
	for (int i = 0; i < t->ncol; i++)
		t->cells[(size_t)t->nrows * (size_t)t->ncol + (size_t)i].null = 1;
	t->src[t->nrows] = NULL;
	t->nsrc[t->nrows] = 0;
	return t->nrows++;
}

static struct rcell *cell(struct rtable *t, int row, int col)
{
	return &t->cells[(size_t)row * (size_t)t->ncol + (size_t)col];
}

void rt_str(struct report *r, struct rtable *t, int row, int col, const char *s)
{
	struct rcell *c;

	if (!t || row < 0 || !s)
		return;
	c = cell(t, row, col);
	free(c->s);
	if (!(c->s = strdup(s)))
		r->oom = 1;
	c->null = 0;
}

void rt_num(struct rtable *t, int row, int col, double v)
{
	struct rcell *c;

	if (!t || row < 0 || !isfinite(v))
		return;
	c = cell(t, row, col);
	c->v = v;
	c->null = 0;
}

void rt_note(struct report *r, struct rtable *t, const char *fmt, ...)
{
	struct buf b = BUF_INIT(BUF_TEXT_MAX);
	va_list ap;

	if (!t)
		return;
	va_start(ap, fmt);
	if (t->note)
		buf_printf(&b, "%s\n", t->note);
	if (buf_vprintf(&b, fmt, ap))
		r->oom = 1;
	va_end(ap);
	free(t->note);
	t->note = buf_detach(&b, NULL);
}

/* Index of a document, registering it (with its URL and name) on first citation. */
static int doc_index(struct report *r, const char *sha, sqlite3 *db);

void rt_cite(struct report *r, struct rtable *t, int row, const char *sha)
{
	int d, *s, n, lo, hi;

	if (!t || row < 0 || !sha || !*sha || (d = doc_index(r, sha, r->db)) < 0)
		return;
	s = t->src[row];
	n = t->nsrc[row];
	lo = 0, hi = n;
	while (lo < hi) {
		int m = (lo + hi) / 2;
		if (s[m] < d)
			lo = m + 1;
		else
			hi = m;
	}
	if (lo < n && s[lo] == d)
		return;
	if ((n & (n - 1)) == 0) {
		int *ns = realloc(s, (size_t)(n ? 2 * n : 1) * sizeof(*s));
		if (!ns) {
			r->oom = 1;
			return;
		}
		t->src[row] = s = ns;
	}
	memmove(s + lo + 1, s + lo, (size_t)(n - lo) * sizeof(*s));
	s[lo] = d;
	t->nsrc[row] = n + 1;
}

void rt_cites(struct report *r, struct rtable *t, int row, const char *list)
{
	char sha[65];

	while (list && *list) {
		const char *c = strchr(list, ',');
		size_t n = c ? (size_t)(c - list) : strlen(list);
		if (n == 64) {
			memcpy(sha, list, 64);
			sha[64] = 0;
			rt_cite(r, t, row, sha);
		}
		list = c ? c + 1 : NULL;
	}
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

static int doc_index(struct report *r, const char *sha, sqlite3 *db)
{
	int lo = 0, hi = r->ndocs, d;
	struct docref *x;

	while (lo < hi) {
		int m = (lo + hi) / 2, c = strcmp(r->docs[r->docorder[m]].sha, sha);
		if (c < 0)
			lo = m + 1;
		else if (c > 0)
			hi = m;
		else
			return r->docorder[m];
	}
	if (r->ndocs == r->capdocs) {
		int nc = r->capdocs ? 2 * r->capdocs : 32;
		struct docref *nd = realloc(r->docs, (size_t)nc * sizeof(*nd));
		int *no;
		if (nd)
			r->docs = nd;
		no = realloc(r->docorder, (size_t)nc * sizeof(*no));
		if (no)
			r->docorder = no;
		if (!nd || !no) {
			r->oom = 1;
			return -1;
		}
		r->capdocs = nc;
	}
	d = r->ndocs++;
	x = &r->docs[d];
	memset(x, 0, sizeof(*x));
	snprintf(x->sha, sizeof(x->sha), "%s", sha);
	memmove(r->docorder + lo + 1, r->docorder + lo, (size_t)(d - lo) * sizeof(int));
	r->docorder[lo] = d;
	if (db) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, "SELECT url, coalesce(name, source), first_seen FROM documents"
				       " WHERE sha256 = ?1", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW) {
				x->url = col_dup(st, 0);
				x->name = col_dup(st, 1);
				x->first_seen = col_dup(st, 2);
			}
			sqlite3_finalize(st);
		}
	}
	return d;
}

struct rtable *report_table(struct report *r, const char *id)
{
	int i, j;

	for (i = 0; i < r->nsec; i++)
		for (j = 0; j < r->sec[i].nt; j++)
			if (!strcmp(r->sec[i].t[j]->id, id))
				return r->sec[i].t[j];
	return NULL;
}

struct rsection *report_section(struct report *r, const char *id)
{
	int i;

	for (i = 0; i < r->nsec; i++)
		if (!strcmp(r->sec[i].id, id))
			return &r->sec[i];
	return NULL;
}

struct rsection *section_new(struct report *r, const char *id, const char *title)
{
	struct rsection *s = &r->sec[r->nsec++];

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->title = title;
	buf_init(&s->intro, BUF_LIST_MAX);
	return s;
}

void section_say(struct report *r, struct rsection *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (s->intro.len)
		buf_adds(&s->intro, "\n\n");
	if (buf_vprintf(&s->intro, fmt, ap))
		r->oom = 1;
	va_end(ap);
}

struct rtable *rt_condensed(const struct rtable *t)
{
	struct rtable *c;
	int rest, i, k, label = -1, n = 0;
	char *seen = NULL;

	if (!t || t->top <= 0 || t->nrows <= t->top + 1)
		return NULL;
	rest = t->nrows - t->top;
	if (!(c = calloc(1, sizeof(*c))))
		return NULL;
	*c = *t;
	c->nrows = c->cap = t->top + 1;
	c->cells = calloc((size_t)c->nrows * (size_t)t->ncol, sizeof(*c->cells));
	c->src = calloc((size_t)c->nrows, sizeof(*c->src));
	c->nsrc = calloc((size_t)c->nrows, sizeof(*c->nsrc));
	if (!c->cells || !c->src || !c->nsrc)
		goto fail;
	memcpy(c->cells, t->cells, (size_t)t->top * (size_t)t->ncol * sizeof(*c->cells));
	memcpy(c->src, t->src, (size_t)t->top * sizeof(*c->src));
	memcpy(c->nsrc, t->nsrc, (size_t)t->top * sizeof(*c->nsrc));
	for (k = 0; k < t->ncol; k++) {
		struct rcell *o = &c->cells[(size_t)t->top * (size_t)t->ncol + (size_t)k];
		int f = t->cols[k].fmt;
		o->null = 1;
		if (t->other_col ? k == t->other_col - 1 : f == CF_TEXT && label < 0) {
			label = k;
			if (!(o->s = malloc(32)))
				goto fail;
			snprintf(o->s, 32, "other (%d)", rest);
			o->null = 0;
		} else if (f == CF_MW || f == CF_COUNT || f == CF_USD_M) {
			for (i = t->top; i < t->nrows; i++) {
				const struct rcell *v = &t->cells[(size_t)i * (size_t)t->ncol + (size_t)k];
				if (v->null)
					continue;
				o->v += v->v;
				o->null = 0;
			}
		}
	}
	/* the rest's documents, each once, in index order */
	for (i = t->top, k = 0; i < t->nrows; i++)
		for (int j = 0; j < t->nsrc[i]; j++)
			if (t->src[i][j] >= k)
				k = t->src[i][j] + 1;
	if (k && !(seen = calloc((size_t)k, 1)))
		goto fail;
	for (i = t->top; i < t->nrows; i++)
		for (int j = 0; j < t->nsrc[i]; j++)
			if (!seen[t->src[i][j]]++)
				n++;
	if (n) {
		int *s = malloc((size_t)n * sizeof(*s));
		if (!s)
			goto fail;
		for (i = 0, n = 0; i < k; i++)
			if (seen[i])
				s[n++] = i;
		c->src[t->top] = s;
		c->nsrc[t->top] = n;
	}
	free(seen);
	return c;
fail:
	free(seen);
	rt_condensed_free(c);
	return NULL;
}

void rt_condensed_free(struct rtable *c)
{
	if (!c)
		return;
	if (c->cells)
		for (int k = 0; k < c->ncol; k++)
			free(c->cells[(size_t)(c->nrows - 1) * (size_t)c->ncol + (size_t)k].s);
	if (c->src)
		free(c->src[c->nrows - 1]);
	free(c->cells);
	free(c->src);
	free(c->nsrc);
	free(c);
}

static void table_free(struct rtable *t)
{
	int i;

	for (i = 0; i < t->nrows; i++) {
		for (int c = 0; c < t->ncol; c++)
			free(t->cells[(size_t)i * (size_t)t->ncol + (size_t)c].s);
		free(t->src[i]);
	}
	free(t->cells);
	free(t->src);
	free(t->nsrc);
	free(t->title);
	free(t->note);
	free(t);
}

void report_release(struct report *r)
{
	int i, j;

	for (i = 0; i < r->nsec; i++) {
		for (j = 0; j < r->sec[i].nt; j++)
			table_free(r->sec[i].t[j]);
		buf_release(&r->sec[i].intro);
	}
	for (i = 0; i < r->ndocs; i++) {
		free(r->docs[i].url);
		free(r->docs[i].name);
		free(r->docs[i].first_seen);
	}
	free(r->docs);
	free(r->docorder);
	memset(r, 0, sizeof(*r));
}

int report_build(struct report *r, sqlite3 *db, const struct params *ps, int q, const char *as_of)
{
	struct cap_params cp;
	struct specs sp;
	struct ships sh;
	struct phase *ph = NULL;
	double unknown = 0;
	int n = 0, rc = -1;
	time_t now = time(NULL);
	struct tm tm;

	memset(r, 0, sizeof(*r));
	memset(&sh, 0, sizeof(sh));
	r->db = db;
	r->q = q;
	r->ps = ps;
	quarter_fmt(q, r->quarter);
	snprintf(r->as_of, sizeof(r->as_of), "%s", as_of ? as_of : "");
	gmtime_r(&now, &tm);
	strftime(r->generated, sizeof(r->generated), "%Y-%m-%dT%H:%M:%SZ", &tm);
	cap_params_from(&cp, ps);
	if (specs_load(db, &sp))
		goto out;
	if (param(ps, "use_loaded_specs") > 0 && specs_use_loaded(db, &sp) < 0)
		goto out;
	if (ships_load(db, &sp, ps, &sh))
		goto out;
	if ((n = phases_load(db, &cp, &ph, &unknown)) < 0)
		goto out;
	if (section_headline(r, db, &cp, ph, n, unknown) ||
	    section_changes(r, db) ||
	    section_power(r, db) ||
	    section_accel(r, &cp, &sp, &sh, ph, n) ||
	    section_capex(r, db, &cp, &sp, &sh, ph, n) ||
	    section_prices(r, db) ||
	    section_fabs(r, db) ||
	    section_assumptions(r, &sp) ||
	    section_sources(r))
		goto out;
	rc = r->oom ? -1 : 0;
	if (r->oom)
		gw_error("report: out of memory");
out:
	phases_free(ph, n > 0 ? n : 0);
	ships_free(&sh);
	r->db = NULL;
	if (rc)
		report_release(r);	/* nothing half-built reaches the caller */
	return rc;
}
