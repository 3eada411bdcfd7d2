/* Fab identity across the fab lists (fabs.h says the rules). */
#include "fabs.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "db.h"
#include "resolve.h"
#include "sites.h"

#include "lib/banned.h"

/* ---- names ---- */

#define NAME_MAX_BYTES (1 << 20)	/* a name, or its cores, longer than this fails as out of memory */

/* Words that tell no fab from another of its company. */
static const char *const generic_words[] = {
	"fab", "fabs", "plant", "factory", "campus", "site", "wafer", "semiconductor", "semiconductors",
	"manufacturing", "company", "corporation", "corp", "inc", "incorporated", "ltd", "limited", "co",
	"llc", "gmbh", "sas", "the", "of", "and", "incl", "including", "with", "inch", NULL,
};

static int word_is(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !memcmp(*list, w, n))
			return 1;
	return 0;
}

/* A wafer size: digits then "mm" ("300mm", "200mm"). */
static int wafer_size(const char *w, size_t n)
{
	size_t i = 0;

	while (i < n && isdigit((unsigned char)w[i]))
		i++;
	return i > 0 && n - i == 2 && w[i] == 'm' && w[i + 1] == 'm';
}

/* Is the word w[0..n) one of the space-separated words of list (may be NULL)? */
static int in_list(const char *w, size_t n, const char *list)
{
	const char *p = list;

	while (p && *p) {
		size_t l = strcspn(p, " ");
		if (l == n && !memcmp(p, w, n))
			return 1;
		p += l;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Has out (cores, '\n' after each) the line s[0..n)? */
static int has_line(const struct buf *out, const char *s, size_t n)
{
	const char *p = out->data;

	while (p && *p) {
		size_t l = strcspn(p, "\n");
		if (l == n && !memcmp(p, s, n))
			return 1;
		p += l + (p[l] == '\n');
	}
	return 0;
}

/* Appends the core of the piece s[0..n) to out unless empty or there already. 1 added, 0 not, -1 cap. */
static int add_core(const char *s, size_t n, const char *company, struct buf *f, struct buf *core, struct buf *out)
{
	size_t i = 0;

	buf_reset(f);
	buf_reset(core);
	if (name_fold(s, n, 0, f))
		return -1;
	while (i < f->len) {
		const char *w = f->data + i;
		size_t l = strcspn(w, " ");
		if (!word_is(w, l, generic_words) && !wafer_size(w, l) && !in_list(w, l, company) &&
		    ((core->len && buf_addc(core, ' ')) || buf_add(core, w, l)))
			return -1;
		i += l + 1;
	}
	if (!core->len || has_line(out, core->data, core->len))
		return 0;
	if (buf_add(out, core->data, core->len) || buf_addc(out, '\n'))
		return -1;
	return 1;
}

/* A separator between two names in one: ',' ';' or (when dashes) a dash with a space each side. */
static size_t separator(const char *s, size_t i, size_t n, int dashes)
{
	if (s[i] == ',' || s[i] == ';')
		return 1;
	if (!dashes || s[i] != ' ')
		return 0;
	if (i + 2 < n && s[i + 1] == '-' && s[i + 2] == ' ')
		return 3;
	/* U+2014 em dash and U+2013 en dash: E2 80 94, E2 80 93 */
	if (i + 4 < n && (unsigned char)s[i + 1] == 0xE2 && (unsigned char)s[i + 2] == 0x80 &&
	    ((unsigned char)s[i + 3] == 0x94 || (unsigned char)s[i + 3] == 0x93) && s[i + 4] == ' ')
		return 5;
	return 0;
}

/* Adds the cores of the parts of s[0..n) between separators. Cores added, or -1. */
static int add_parts(const char *s, size_t n, int dashes, const char *company, struct buf *f, struct buf *core,
		     struct buf *out)
{
	size_t i = 0, start = 0;
	int added = 0, r;

	while (i <= n) {
		size_t k = i < n ? separator(s, i, n, dashes) : 1;
		if (!k) {
			i++;
			continue;
		}
		if ((r = add_core(s + start, i - start, company, f, core, out)) < 0)
			return -1;
		added += r;
		i += k;
		start = i;
	}
	return added;
}

int fab_name_cores(const char *name, const char *company, struct buf *out)
{
	struct buf outside = BUF_INIT(NAME_MAX_BYTES), groups = BUF_INIT(NAME_MAX_BYTES), f = BUF_INIT(NAME_MAX_BYTES);
	struct buf core = BUF_INIT(NAME_MAX_BYTES);
	int depth = 0, n = -1, r;
	const char *p;

	buf_reset(out);
	if (!name)
		return 0;
	/* the text outside parentheses, and each top-level parenthesis ('\n' after each) */
	for (p = name; *p; p++) {
		if (*p == '(') {
			if (depth++ == 0 && buf_addc(&outside, ' '))
				goto out;
			continue;
		}
		if (*p == ')' && depth > 0) {
			if (--depth == 0 && buf_addc(&groups, '\n'))
				goto out;
			continue;
		}
		if (depth ? buf_addc(&groups, *p) : buf_addc(&outside, *p))
			goto out;
	}
	if (depth && buf_addc(&groups, '\n'))	/* an unclosed parenthesis ends the name */
		goto out;
	if ((r = add_parts(buf_str(&outside), outside.len, 1, company, &f, &core, out)) < 0)
		goto out;
	n = r;
	for (p = buf_str(&groups); *p;) {
		size_t l = strcspn(p, "\n");
		if ((r = add_parts(p, l, 0, company, &f, &core, out)) < 0) {
			n = -1;
			goto out;
		}
		n += r;
		p += l + (p[l] == '\n');
	}
out:
	buf_release(&outside);
	buf_release(&groups);
	buf_release(&f);
	buf_release(&core);
	return n;
}

int fab_packaging_word(const char *name, struct buf *word)
{
	static const char *const words[] = {
		"packaging", "package", "assembly", "test", "testing", "backend", "atm", "osat", "bumping", NULL,
	};
	struct buf f = BUF_INIT(NAME_MAX_BYTES);
	size_t i = 0;
	int r = 0;

	buf_reset(word);
	if (!name)
		return 0;
	if (name_fold(name, strlen(name), 0, &f)) {
		r = -1;
		goto out;
	}
	while (i < f.len) {
		const char *w = f.data + i;
		size_t l = strcspn(w, " ");
		size_t k = word_is(w, l, words) ? l : 0;
		if (l == 4 && !memcmp(w, "back", 4) && !strncmp(w + 4, " end", 4) && (w[8] == ' ' || !w[8]))
			k = 8;	/* "back end", "back-end" */
		if (k) {
			r = buf_add(word, w, k) ? -1 : 1;
			goto out;
		}
		i += l + 1;
	}
out:
	buf_release(&f);
	return r;
}

/* ---- the rows ---- */

struct frow {
	long long id;
	char *doc, *loc, *key, *name, *op, *city, *addr, *country, *file, *parser;
	char *cores;		/* fab_name_cores, '\n' after each */
	double lat, lon;
	int geo;
};

enum { R_FIRST, R_KEY, R_NAME };
static const char *const rule_names[] = { "first", "key", "name" };

struct cand {
	int a, b;		/* rows */
	int refused;		/* a join refused, else names that share no core */
	char *evidence, *reason;
};

struct fres {
	struct frow *r;
	size_t n, cap;
	int *parent, *next, *anchor, *rule;	/* union-find; next: a ring of each set's members */
	char **evidence;	/* per row: why it joined (R_KEY, R_NAME) */
	struct cand *c;
	size_t nc, capc;
	int oom;
};

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

static char *folded(const char *s)
{
	struct buf b = BUF_INIT(4 * NAME_MAX_BYTES);
	char *r = NULL;

	if (!s || name_fold(s, strlen(s), 0, &b) || !b.len)
		goto out;
	r = buf_detach(&b, NULL);
out:
	buf_release(&b);
	return r;
}

static char *dupf(struct fres *F, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *dupf(struct fres *F, const char *fmt, ...)
{
	struct buf b = BUF_INIT(4 * NAME_MAX_BYTES);
	va_list ap;
	char *r = NULL;

	va_start(ap, fmt);
	if (!buf_vprintf(&b, fmt, ap))
		r = buf_detach(&b, NULL);
	va_end(ap);
	buf_release(&b);
	if (!r)
		F->oom = 1;
	return r;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s && *s ? s : NULL;
}

/* The words a name may carry for its company: the operator id's, its display name's, its initials. */
static int company_words(sqlite3_stmt *opname, const char *op, struct buf *out)
{
	const char *name = NULL;
	size_t i, words = 0;
	int r = -1;
	struct buf f = BUF_INIT(NAME_MAX_BYTES);

	buf_reset(out);
	if (!op)
		return 0;
	if (name_fold(op, strlen(op), 0, out))
		return -1;
	sqlite3_bind_text(opname, 1, op, -1, SQLITE_STATIC);
	if (sqlite3_step(opname) == SQLITE_ROW)
		name = (const char *)sqlite3_column_text(opname, 0);
	if (name && (name_fold(name, strlen(name), 0, &f) || buf_addc(out, ' ') || buf_add(out, f.data, f.len)))
		goto out;
	for (i = 0; i < f.len; i++)
		words += i == 0 || f.data[i - 1] == ' ';
	if (words >= 2) {	/* "Texas Instruments": "ti" */
		if (buf_addc(out, ' '))
			goto out;
		for (i = 0; i < f.len; i++)
			if ((i == 0 || f.data[i - 1] == ' ') && buf_addc(out, f.data[i]))
				goto out;
	}
	r = 0;
out:
	sqlite3_reset(opname);
	sqlite3_clear_bindings(opname);
	buf_release(&f);
	return r;
}

static int load_rows(struct fres *F, sqlite3 *db)
{
	sqlite3_stmt *st = store_prepare(db,
		"SELECT o.id, d.sha256, o.loc, o.key, o.name, o.operator_id, o.city, o.address, o.lat, o.lon,"
		" o.country_code, coalesce(d.name, d.url, substr(d.sha256, 1, 12)), d.parser"
		" FROM obs_fab o JOIN documents d ON d.id = o.doc_id ORDER BY d.sha256, o.loc, o.key, o.id");
	sqlite3_stmt *opname = store_prepare(db, "SELECT name FROM operators WHERE id = ?1");
	struct buf cw = BUF_INIT(NAME_MAX_BYTES), cores = BUF_INIT(NAME_MAX_BYTES);
	int rc = SQLITE_ERROR, r = -1;

	if (!st || !opname)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct frow *x;
		if (F->n == F->cap) {
			size_t nc = F->cap ? F->cap * 2 : 256;
			struct frow *nr = realloc(F->r, nc * sizeof(*nr));
			if (!nr)
				goto nomem;
			F->r = nr;
			F->cap = nc;
		}
		x = &F->r[F->n++];
		memset(x, 0, sizeof(*x));
		x->id = sqlite3_column_int64(st, 0);
		x->doc = dup0(col(st, 1));
		x->loc = dup0(col(st, 2));
		x->key = dup0(col(st, 3));
		x->name = dup0(col(st, 4));
		x->op = dup0(col(st, 5));
		x->city = folded(col(st, 6));
		x->addr = folded(col(st, 7));
		x->geo = sqlite3_column_type(st, 8) != SQLITE_NULL && sqlite3_column_type(st, 9) != SQLITE_NULL;
		x->lat = sqlite3_column_double(st, 8);
		x->lon = sqlite3_column_double(st, 9);
		x->country = dup0(col(st, 10));
		x->file = dup0(col(st, 11));
		x->parser = dup0(col(st, 12));
		if (!x->doc || !x->loc || !x->key || !x->name || !x->file || (col(st, 5) && !x->op))
			goto nomem;
		if (company_words(opname, x->op, &cw) || fab_name_cores(x->name, cw.len ? cw.data : NULL, &cores) < 0)
			goto nomem;
		if (!(x->cores = strdup(buf_str(&cores))))
			goto nomem;
	}
	if (rc != SQLITE_DONE) {
		gw_error("%s: fab resolution: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		goto out;
	}
	r = 0;
	goto out;
nomem:
	gw_error("fab resolution: out of memory");
out:
	sqlite3_finalize(st);
	sqlite3_finalize(opname);
	buf_release(&cw);
	buf_release(&cores);
	return r;
}

/* ---- places ---- */

/* Does the folded text hay hold the folded words needle at word boundaries? */
static int has_words(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	const char *p = hay;

	if (!hay || !n)
		return 0;
	while ((p = strstr(p, needle))) {
		if ((p == hay || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p++;
	}
	return 0;
}

/* Is the city (folded), written without its spaces, one word of hay ("Higashi-Hiroshima")? */
static int has_squashed(const char *hay, const char *city)
{
	char sq[256];
	size_t n = 0;
	const char *p;

	if (!hay || !strchr(city, ' '))
		return 0;
	for (p = city; *p && n + 1 < sizeof(sq); p++)
		if (*p != ' ')
			sq[n++] = *p;
	sq[n] = 0;
	for (p = hay; *p;) {
		size_t l = strcspn(p, " ");
		if (l == n && !memcmp(p, sq, n))
			return 1;
		p += l;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Is a's city in b's city or address? */
static int city_in(const struct frow *a, const struct frow *b)
{
	if (!a->city)
		return 0;
	return has_words(b->city, a->city) || has_words(b->addr, a->city) || has_squashed(b->addr, a->city) ||
	       has_squashed(b->city, a->city);
}

/*
 * Are a and b at one place? By city (*city: the folded city that matched),
 * else by points within FABS_NEAR_M (*km). 0 if neither.
 */
static int same_place(const struct frow *a, const struct frow *b, const char **city, double *km)
{
	*city = NULL;
	*km = -1;
	if (a->country && b->country && strcmp(a->country, b->country))
		return 0;
	if (a->geo && b->geo)
		*km = sites_distance_m(a->lat, a->lon, b->lat, b->lon) / 1000;
	if (city_in(a, b))
		*city = a->city;
	else if (city_in(b, a))
		*city = b->city;
	return *city || (*km >= 0 && *km * 1000 <= FABS_NEAR_M);
}

/* The core without the words of city (folded), into out. */
static int without_city(const char *core, size_t n, const char *city, struct buf *out)
{
	size_t i = 0, cl = strlen(city);

	buf_reset(out);
	while (i < n) {
		size_t l = strcspn(core + i, " \n");
		if (i + l > n)
			l = n - i;
		if (n - i >= cl && !memcmp(core + i, city, cl) && (i + cl == n || core[i + cl] == ' ')) {
			i += cl + 1;
			continue;
		}
		if ((out->len && buf_addc(out, ' ')) || buf_add(out, core + i, l))
			return -1;
		i += l + 1;
	}
	return 0;
}

/*
 * A core name a and b share, with the words of city left out of both when
 * that makes them equal (city may be NULL), into match. 1 if any, 0, -1.
 */
static int shared_core(const struct frow *a, const struct frow *b, const char *city, struct buf *match)
{
	struct buf x = BUF_INIT(NAME_MAX_BYTES), y = BUF_INIT(NAME_MAX_BYTES);
	const char *p, *q;
	int r = 0;

	buf_reset(match);
	for (p = a->cores; *p && !r; p += strcspn(p, "\n") + 1) {
		size_t lp = strcspn(p, "\n");
		for (q = b->cores; *q && !r; q += strcspn(q, "\n") + 1) {
			size_t lq = strcspn(q, "\n");
			if (lp == lq && !memcmp(p, q, lp)) {
				r = buf_add(match, p, lp) ? -1 : 1;
			} else if (city) {
				if (without_city(p, lp, city, &x) || without_city(q, lq, city, &y)) {
					r = -1;
				} else if (x.len && x.len == y.len && !memcmp(x.data, y.data, x.len)) {
					r = buf_add(match, x.data, x.len) ? -1 : 1;
				}
			}
		}
	}
	buf_release(&x);
	buf_release(&y);
	return r;
}

/* ---- union-find ---- */

static int find(struct fres *F, int a)
{
	while (F->parent[a] != a) {
		F->parent[a] = F->parent[F->parent[a]];
		a = F->parent[a];
	}
	return a;
}

/* Two rows of one document under two names in the sets of a and b? Writes them into why. */
static int apart(struct fres *F, int a, int b, char **why)
{
	int ra = find(F, a), rb = find(F, b), m = ra, k;

	do {
		k = rb;
		do {
			const struct frow *x = &F->r[m], *y = &F->r[k];
			if (!strcmp(x->doc, y->doc) && strcmp(x->key, y->key)) {
				*why = dupf(F, "%s lists '%s' (%s) and '%s' (%s) apart", x->file, x->name, x->loc,
					    y->name, y->loc);
				return 1;
			}
			k = F->next[k];
		} while (k != rb);
		m = F->next[m];
	} while (m != ra);
	return 0;
}

static int add_cand(struct fres *F, int a, int b, int refused, char *evidence, char *reason)
{
	if (F->nc == F->capc) {
		size_t nc = F->capc ? F->capc * 2 : 64;
		struct cand *c = realloc(F->c, nc * sizeof(*c));
		if (!c) {
			free(evidence);
			free(reason);
			return -1;
		}
		F->c = c;
		F->capc = nc;
	}
	F->c[F->nc].a = a;
	F->c[F->nc].refused = refused;
	F->c[F->nc].b = b;
	F->c[F->nc].evidence = evidence;
	F->c[F->nc].reason = reason;
	F->nc++;
	return 0;
}

/*
 * Joins the sets of rows a and b by rule, unless one document lists two of
 * their rows apart (then a candidate with the reason). The set that is
 * absorbed gives its anchor (its first member) the rule and evidence, which
 * this takes. 1 joined, 0 refused or already one, -1 out of memory.
 */
static int join(struct fres *F, int a, int b, int rule, char *evidence)
{
	int ra = find(F, a), rb = find(F, b), t;
	char *why = NULL;

	if (ra == rb) {
		free(evidence);
		return 0;
	}
	if (apart(F, a, b, &why)) {
		if (!why) {
			free(evidence);
			return -1;
		}
		return add_cand(F, a, b, 1, evidence, why) ? -1 : 0;
	}
	if (F->anchor[rb] < F->anchor[ra]) {	/* the earlier anchor stays first */
		t = ra;
		ra = rb;
		rb = t;
	}
	F->parent[rb] = ra;
	t = F->next[ra];
	F->next[ra] = F->next[rb];
	F->next[rb] = t;
	F->rule[F->anchor[rb]] = rule;
	F->evidence[F->anchor[rb]] = evidence;
	return 1;
}

/* ---- the rules ---- */

static int by_key(struct fres *F)
{
	size_t i, j;

	/* rows are few (a list is a few hundred fabs): every pair, in row order */
	for (i = 0; i < F->n; i++)
		for (j = i + 1; j < F->n; j++) {
			const struct frow *a = &F->r[i], *b = &F->r[j];
			if (strcmp(a->key, b->key) || find(F, (int)i) == find(F, (int)j))
				continue;
			if (a->country && b->country && strcmp(a->country, b->country))
				continue;
			if (a->geo && b->geo && sites_distance_m(a->lat, a->lon, b->lat, b->lon) > FABS_KEY_M)
				continue;
			if (join(F, (int)i, (int)j, R_KEY, dupf(F, "same company and name: '%s' in %s (%s) and in %s (%s)",
							      a->name, a->file, a->loc, b->file, b->loc)) < 0 || F->oom)
				return -1;
		}
	return 0;
}

struct npair {
	int a, b, bycity;
	double km;
	char *evidence;
};

static int npair_cmp(const void *pa, const void *pb)
{
	const struct npair *x = pa, *y = pb;

	if (x->bycity != y->bycity)
		return y->bycity - x->bycity;
	if (x->km != y->km)
		return x->km < y->km ? -1 : 1;
	if (x->a != y->a)
		return x->a - y->a;
	return x->b - y->b;
}

/* The same core name of one company at one place; the nearest pairs first. */
static int by_name(struct fres *F)
{
	struct npair *p = NULL;
	size_t np = 0, cap = 0, i, j;
	struct buf m = BUF_INIT(NAME_MAX_BYTES);
	int r = -1;

	for (i = 0; i < F->n; i++)
		for (j = i + 1; j < F->n; j++) {
			const struct frow *a = &F->r[i], *b = &F->r[j];
			const char *city;
			double km;
			int s;
			if (!a->op || !b->op || strcmp(a->op, b->op) || !strcmp(a->doc, b->doc) ||
			    find(F, (int)i) == find(F, (int)j) || !same_place(a, b, &city, &km))
				continue;
			if ((s = shared_core(a, b, city, &m)) < 0)
				goto out;
			if (!s)
				continue;
			if (np == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct npair *q = realloc(p, nc * sizeof(*q));
				if (!q)
					goto out;
				p = q;
				cap = nc;
			}
			p[np].a = (int)i;
			p[np].b = (int)j;
			p[np].bycity = city != NULL;
			p[np].km = km < 0 ? 1e9 : km;
			if (city)
				p[np].evidence = dupf(F, "name '%s' of '%s' in %s (%s) and '%s' in %s (%s), city '%s'",
						      buf_str(&m), a->name, a->file, a->loc, b->name, b->file, b->loc,
						      city);
			else
				p[np].evidence = dupf(F, "name '%s' of '%s' in %s (%s) and '%s' in %s (%s), %.1f km apart",
						      buf_str(&m), a->name, a->file, a->loc, b->name, b->file, b->loc,
						      km);
			if (F->oom)
				goto out;
			np++;
		}
	if (np)
		qsort(p, np, sizeof(*p), npair_cmp);
	for (i = 0; i < np; i++) {
		char *ev = p[i].evidence;
		p[i].evidence = NULL;
		if (join(F, p[i].a, p[i].b, R_NAME, ev) < 0)
			goto out;
	}
	r = 0;
out:
	for (i = 0; i < np; i++)
		free(p[i].evidence);
	free(p);
	buf_release(&m);
	if (r)
		gw_error("fab resolution: out of memory");
	return r;
}

/* Two fabs of one company at one place, from two lists, that no rule joined: for review. */
static int candidates(struct fres *F)
{
	size_t i, j, k;

	for (i = 0; i < F->n; i++)
		for (j = i + 1; j < F->n; j++) {
			const struct frow *a = &F->r[i], *b = &F->r[j];
			const char *city;
			double km;
			char *why = NULL;
			int ra = find(F, (int)i), rb = find(F, (int)j), seen = 0;
			if (ra == rb || !a->op || !b->op || strcmp(a->op, b->op) ||
			    !strcmp(a->parser ? a->parser : a->doc, b->parser ? b->parser : b->doc) ||
			    !same_place(a, b, &city, &km))
				continue;
			if (apart(F, (int)i, (int)j, &why)) {	/* a list tells them apart: no question */
				free(why);
				continue;
			}
			if (F->oom)
				return -1;
			for (k = 0; k < F->nc && !seen; k++) {
				int ca = find(F, F->c[k].a), cb = find(F, F->c[k].b);
				seen = (ca == ra && cb == rb) || (ca == rb && cb == ra);
			}
			if (seen)
				continue;
			if (add_cand(F, (int)i, (int)j, 0,
				     city ? dupf(F, "same company, city '%s'", city)
					  : dupf(F, "same company, %.1f km apart", km),
				     dupf(F, "the names share no core")) || F->oom)
				return -1;
		}
	return 0;
}

/* ---- writing ---- */

struct fab {
	int root;
	const char *least;	/* the least key of its rows */
	long long id;
};

static int fab_cmp(const void *pa, const void *pb)
{
	const struct fab *x = pa, *y = pb;
	int c = strcmp(x->least, y->least);

	return c ? c : x->root - y->root;
}

static uint64_t fnv64(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static int step(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		gw_error("%s: fab resolution: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static int write_out(struct fres *F, sqlite3 *db)
{
	struct fab *fb = calloc(F->n + 1, sizeof(*fb));
	long long *fab_of = calloc(F->n + 1, sizeof(*fab_of));
	int *slot = malloc((F->n + 1) * sizeof(*slot)), *pkrow = malloc((F->n + 1) * sizeof(*pkrow));
	int *members = calloc(F->n + 1, sizeof(*members));
	sqlite3_stmt *upd = NULL, *ins = NULL, *link = NULL, *cand = NULL;
	struct buf w = BUF_INIT(NAME_MAX_BYTES);
	size_t i, nf = 0;
	int r = -1;

	if (!fb || !fab_of || !slot || !pkrow || !members) {
		gw_error("fab resolution: out of memory");
		goto out;
	}
	for (i = 0; i < F->n; i++) {
		int root = find(F, (int)i);
		if (root == (int)i) {
			slot[i] = (int)nf;
			fb[nf].root = root;
			fb[nf++].least = F->r[i].key;
		}
	}
	for (i = 0; i < F->n; i++) {
		struct fab *x = &fb[slot[find(F, (int)i)]];
		if (strcmp(F->r[i].key, x->least) < 0)
			x->least = F->r[i].key;
	}
	if (nf)
		qsort(fb, nf, sizeof(*fb), fab_cmp);
	/* ids: a hash of the least key, stable while the fab keeps its rows; 52 bits (exact in JSON) */
	for (i = 0; i < nf; i++) {
		uint64_t h = fnv64(fb[i].least) & 0xFFFFFFFFFFFFFULL;
		int seq = 1;
		size_t k;
		for (;;) {
			int used = !h;
			for (k = 0; k < i && !used; k++)
				used = fb[k].id == (long long)h;
			if (!used)
				break;
			buf_reset(&w);	/* one least key for two fabs (points too far apart): kept apart */
			if (buf_printf(&w, "%s#%d", fb[i].least, ++seq))
				goto out;
			h = fnv64(w.data) & 0xFFFFFFFFFFFFFULL;
		}
		fb[i].id = (long long)h;
		slot[fb[i].root] = (int)i;
	}
	for (i = 0; i < F->n; i++)
		fab_of[i] = fb[slot[find(F, (int)i)]].id;
	if (store_exec(db, "DELETE FROM fabs; DELETE FROM fab_links; DELETE FROM fab_candidates"))
		goto out;
	upd = store_prepare(db, "UPDATE obs_fab SET fab_id = ?1 WHERE id = ?2 AND fab_id IS NOT ?1");
	ins = store_prepare(db, "INSERT INTO fabs(id, kind, kind_evidence, members) VALUES (?1, ?2, ?3, ?4)");
	link = store_prepare(db, "INSERT OR IGNORE INTO fab_links(fab_id, doc, key, name, rule, evidence)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	cand = store_prepare(db, "INSERT INTO fab_candidates(fab_a, fab_b, name_a, doc_a, loc_a, name_b, doc_b,"
			     " loc_b, evidence, reason, refused) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	if (!upd || !ins || !link || !cand)
		goto out;
	for (i = 0; i < F->n; i++) {
		const struct frow *x = &F->r[i];
		int rl = F->rule[i];
		sqlite3_bind_int64(upd, 1, fab_of[i]);
		sqlite3_bind_int64(upd, 2, x->id);
		if (step(db, upd))
			goto out;
		sqlite3_bind_int64(link, 1, fab_of[i]);
		sqlite3_bind_text(link, 2, x->doc, -1, SQLITE_STATIC);
		sqlite3_bind_text(link, 3, x->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(link, 4, x->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(link, 5, rule_names[rl], -1, SQLITE_STATIC);
		if (F->evidence[i])
			sqlite3_bind_text(link, 6, F->evidence[i], -1, SQLITE_STATIC);
		if (step(db, link))
			goto out;
	}
	/* a packaging site when a member's name says so; evidence: the first such row */
	for (i = 0; i < nf; i++)
		pkrow[i] = -1;
	for (i = 0; i < F->n; i++) {
		int f = slot[find(F, (int)i)], s;
		members[f]++;
		if (pkrow[f] < 0 && (s = fab_packaging_word(F->r[i].name, &w)) != 0) {
			if (s < 0)
				goto out;
			pkrow[f] = (int)i;
		}
	}
	for (i = 0; i < nf; i++) {
		const struct frow *x = pkrow[i] >= 0 ? &F->r[pkrow[i]] : NULL;
		char *ev = NULL;
		if (x && (fab_packaging_word(x->name, &w) < 0 ||
			  !(ev = dupf(F, "'%s' in %s (%s) says %s", x->name, x->file, x->loc, buf_str(&w)))))
			goto out;
		sqlite3_bind_int64(ins, 1, fb[i].id);
		sqlite3_bind_text(ins, 2, x ? "packaging" : "wafer", -1, SQLITE_STATIC);
		if (ev)
			sqlite3_bind_text(ins, 3, ev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ins, 4, members[i]);
		free(ev);
		if (step(db, ins))
			goto out;
	}
	for (i = 0; i < F->nc; i++) {
		const struct cand *c = &F->c[i];
		const struct frow *a = &F->r[c->a], *b = &F->r[c->b];
		sqlite3_bind_int64(cand, 1, fab_of[c->a]);
		sqlite3_bind_int64(cand, 2, fab_of[c->b]);
		sqlite3_bind_text(cand, 3, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(cand, 4, a->doc, -1, SQLITE_STATIC);
		sqlite3_bind_text(cand, 5, a->loc, -1, SQLITE_STATIC);
		sqlite3_bind_text(cand, 6, b->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(cand, 7, b->doc, -1, SQLITE_STATIC);
		sqlite3_bind_text(cand, 8, b->loc, -1, SQLITE_STATIC);
		sqlite3_bind_text(cand, 9, c->evidence, -1, SQLITE_STATIC);
		sqlite3_bind_text(cand, 10, c->reason, -1, SQLITE_STATIC);
		sqlite3_bind_int(cand, 11, c->refused);
		if (step(db, cand))
			goto out;
	}
	r = 0;
out:
	sqlite3_finalize(upd);
	sqlite3_finalize(ins);
	sqlite3_finalize(link);
	sqlite3_finalize(cand);
	buf_release(&w);
	free(fb);
	free(fab_of);
	free(slot);
	free(pkrow);
	free(members);
	return r;
}

static void fres_free(struct fres *F)
{
	size_t i;

	for (i = 0; i < F->n; i++) {
		struct frow *x = &F->r[i];
		free(x->doc);
		free(x->loc);
		free(x->key);
		free(x->name);
		free(x->op);
		free(x->city);
		free(x->addr);
		free(x->country);
		free(x->file);
		free(x->parser);
		free(x->cores);
		if (F->evidence)
			free(F->evidence[i]);
	}
	for (i = 0; i < F->nc; i++) {
		free(F->c[i].evidence);
		free(F->c[i].reason);
	}
	free(F->r);
	free(F->parent);
	free(F->next);
	free(F->anchor);
	free(F->rule);
	free(F->evidence);
	free(F->c);
}

int fabs_resolve(sqlite3 *db)
{
	struct fres F;
	size_t i;
	int r = -1;

	memset(&F, 0, sizeof(F));
	if (load_rows(&F, db))
		goto out;
	F.parent = malloc((F.n + 1) * sizeof(int));
	F.next = malloc((F.n + 1) * sizeof(int));
	F.anchor = malloc((F.n + 1) * sizeof(int));
	F.rule = calloc(F.n + 1, sizeof(int));
	F.evidence = calloc(F.n + 1, sizeof(char *));
	if (!F.parent || !F.next || !F.anchor || !F.rule || !F.evidence) {
		gw_error("fab resolution: out of memory");
		goto out;
	}
	for (i = 0; i < F.n; i++)
		F.parent[i] = F.next[i] = F.anchor[i] = (int)i;
	if (by_key(&F) || by_name(&F) || candidates(&F))
		goto out;
	if (F.oom) {
		gw_error("fab resolution: out of memory");
		goto out;
	}
	r = write_out(&F, db);
out:
	fres_free(&F);
	return r;
}
