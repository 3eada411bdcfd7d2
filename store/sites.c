#include "resolve.h"
#include "sites.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "db.h"

#include "lib/banned.h"

enum { K_SITE, K_CAPACITY, K_PERMIT };
static const char *const kind_names[] = { "site", "capacity", "permit" };
enum { R_FOUNDER, R_MENTION, R_OVERRIDE, R_LINK, R_ADDRESS, R_COORDS, R_NAME, R_CORE, R_PLACE };
static const char *const rule_names[] = {
	"founder", "mention", "override", "link", "address", "coords", "name", "core", "place",
};

#define MAXOPS 4
#define MAXTRIES 16

/* ---- interned strings: equal strings are one pointer ---- */

struct strtab {
	char **s;
	size_t n, cap;
	uint32_t *slot;		/* index + 1; 0 empty */
	size_t nslot;
};

static uint64_t fnv64(const void *p, size_t n)
{
	const unsigned char *c = p;
	uint64_t h = 1469598103934665603ULL;

	while (n--) {
		h ^= *c++;
		h *= 1099511628211ULL;
	}
	return h;
}

static int st_grow(struct strtab *t)
{
	size_t ns = t->nslot ? t->nslot * 2 : 1024, i;
	uint32_t *sl = calloc(ns, sizeof(*sl));

	if (!sl)
		return -1;
	for (i = 0; i < t->n; i++) {
		size_t h = fnv64(t->s[i], strlen(t->s[i])) & (ns - 1);
		while (sl[h])
			h = (h + 1) & (ns - 1);
		sl[h] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = sl;
	t->nslot = ns;
	return 0;
}

/* The interned copy of s (n bytes); NULL for an empty s or out of memory (*oom set). */
static const char *st_intern(struct strtab *t, const char *s, size_t n, int *oom)
{
	size_t h;
	char *c;

	if (!s || !n)
		return NULL;
	if ((t->n + 1) * 2 > t->nslot && st_grow(t))
		goto nomem;
	h = fnv64(s, n) & (t->nslot - 1);
	while (t->slot[h]) {
		const char *e = t->s[t->slot[h] - 1];
		if (!strncmp(e, s, n) && !e[n])
			return e;
		h = (h + 1) & (t->nslot - 1);
	}
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 1024;
		char **ns = realloc(t->s, nc * sizeof(*ns));
		if (!ns)
			goto nomem;
		t->s = ns;
		t->cap = nc;
	}
	if (!(c = malloc(n + 1)))
		goto nomem;
	memcpy(c, s, n);
	c[n] = '\0';
	t->s[t->n++] = c;
	t->slot[h] = (uint32_t)t->n;
	return c;
nomem:
	*oom = 1;
	return NULL;
}

static void st_free(struct strtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* ---- a set of 64-bit keys (open addressing; 0 is never a key) ---- */

struct set64 {
	uint64_t *k;
	size_t n, nslot;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x | 1;
}

static int set_has(const struct set64 *s, uint64_t key)
{
	size_t h;

	if (!s->nslot)
		return 0;
	h = key & (s->nslot - 1);
	while (s->k[h]) {
		if (s->k[h] == key)
			return 1;
		h = (h + 1) & (s->nslot - 1);
	}
	return 0;
}

static int set_add(struct set64 *s, uint64_t key)
{
	size_t h, i;

	if ((s->n + 1) * 2 > s->nslot) {
		size_t ns = s->nslot ? s->nslot * 2 : 4096;
		uint64_t *nk = calloc(ns, sizeof(*nk));
		if (!nk)
			return -1;
		for (i = 0; i < s->nslot; i++)
			if (s->k[i]) {
				h = s->k[i] & (ns - 1);
				while (nk[h])
					h = (h + 1) & (ns - 1);
				nk[h] = s->k[i];
			}
		free(s->k);
		s->k = nk;
		s->nslot = ns;
	}
	h = key & (s->nslot - 1);
	while (s->k[h]) {
		if (s->k[h] == key)
			return 0;
		h = (h + 1) & (s->nslot - 1);
	}
	s->k[h] = key;
	s->n++;
	return 0;
}

/* ---- the observations ---- */

struct row {
	int kind;
	long long id, old_site;
	const char *doc, *loc, *key, *name, *norm, *core;
	const char *state, *country, *op, *opraw, *published;
	const char *links[3];
	const char *addr;		/* keys, '\n' after each, or NULL */
	const char *place;		/* site_place_keys, '\n' after each, or NULL */
	double lat, lon, radius;
	int geo, cls;
	int held;		/* its document is a snapshot held back as unhealthy */
};

struct join {
	int a, b, rule;
	char *evidence;
	char *refused;		/* NULL: joined */
};

struct res {
	struct strtab st;
	struct row *r;
	size_t n, cap;
	int *parent, *size, *next;	/* union-find; next: the members of a root, in a ring */
	const char *(*ops)[MAXOPS];	/* per root: the operators stated */
	const char **state, **country;	/* per root */
	uint64_t *notmask;		/* per root: 2 * nw words (side a, side b of each "not" line) */
	size_t nw;
	struct set64 hd, hdn;		/* (root, doc), (root, doc, name) */
	struct join *j;
	size_t nj, capj;
	struct buf tmp;
	int oom;
	/* overrides */
	const char **same;		/* names of "same" lines, a NULL after each line */
	size_t nsame;
	const char **notl;		/* pairs */
	size_t nnot;
	const char **opov;		/* pairs: name, operator id */
	size_t nopov;
};

static const char *intern(struct res *R, const char *s)
{
	return s ? st_intern(&R->st, s, strlen(s), &R->oom) : NULL;
}

static const char *intern_fold(struct res *R, const char *s)
{
	buf_reset(&R->tmp);
	if (!s || name_fold(s, strlen(s), 0, &R->tmp) || !R->tmp.len)
		return NULL;
	return st_intern(&R->st, R->tmp.data, R->tmp.len, &R->oom);
}

/* ---- normalised names and addresses ---- */

static const char *const street_abbr[][2] = {
	{ "road", "rd" }, { "street", "st" }, { "avenue", "ave" }, { "av", "ave" }, { "drive", "dr" },
	{ "boulevard", "blvd" }, { "parkway", "pkwy" }, { "pky", "pkwy" }, { "highway", "hwy" },
	{ "lane", "ln" }, { "court", "ct" }, { "place", "pl" }, { "circle", "cir" },
	{ "terrace", "ter" }, { "trail", "trl" }, { "loop", "lp" }, { "county", "co" },
	{ "north", "n" }, { "south", "s" }, { "east", "e" }, { "west", "w" }, { "northeast", "ne" },
	{ "northwest", "nw" }, { "southeast", "se" }, { "southwest", "sw" }, { "route", "rt" },
	{ "rte", "rt" }, { "state", "st" }, { "center", "ctr" }, { "centre", "ctr" },
	{ "square", "sq" }, { "expressway", "expy" }, { "freeway", "fwy" }, { "pike", "pk" },
	{ NULL, NULL },
};

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* Appends the folded street words of s[0..n) with abbreviations; skips a range's second number. */
static int street_words(const char *s, size_t n, struct buf *out)
{
	struct buf f = BUF_INIT(BUF_NAME_MAX);
	size_t i = 0, w = 0;
	int r = -1;

	if (name_fold(s, n, 0, &f))
		goto out;
	while (i < f.len) {
		size_t j = i, k;
		const char *word;
		size_t wl;
		while (j < f.len && f.data[j] != ' ')
			j++;
		word = f.data + i;
		wl = j - i;
		if (!(w == 1 && all_digits(word, wl))) {	/* "1772-2396 145th St" */
			for (k = 0; street_abbr[k][0]; k++)
				if (strlen(street_abbr[k][0]) == wl && !memcmp(street_abbr[k][0], word, wl)) {
					word = street_abbr[k][1];
					wl = strlen(word);
					break;
				}
			if ((out->len && buf_addc(out, ' ')) || buf_add(out, word, wl))
				goto out;
		}
		w++;
		i = j + 1;
	}
	r = 0;
out:
	buf_release(&f);
	return r;
}

int site_address_keys(const char *addr, struct buf *out)
{
	struct buf street = BUF_INIT(BUF_NAME_MAX), city = BUF_INIT(BUF_NAME_MAX);
	const char *p = addr, *comma, *e, *zip = NULL;
	int n = 0;

	buf_reset(out);
	if (!addr)
		return 0;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p)) {
		/* no house number: the whole address, when it can name only one place */
		const char *c1 = strchr(p, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (!c2 || !strpbrk(p, "0123456789"))
			return 0;
		if (name_fold(p, strlen(p), 0, &city))
			goto err;
		if (city.len >= 50) {
			if (buf_printf(out, "=%s\n", city.data))
				goto err;
			n = 1;
		}
		goto out;
	}
	comma = strchr(p, ',');
	e = comma ? comma : p + strlen(p);
	if (street_words(p, (size_t)(e - p), &street) || street.len < 4 || !strchr(street.data, ' '))
		goto out;
	if (comma) {
		const char *q, *c2 = strchr(comma + 1, ',');
		/* the last five-digit word after the street is the ZIP code */
		for (q = comma + 1; *q; q++)
			if (isdigit((unsigned char)*q) && !isdigit((unsigned char)q[-1]) &&
			    all_digits(q, 5) && !isdigit((unsigned char)q[5]))
				zip = q;
		if (c2 && name_fold(comma + 1, (size_t)(c2 - comma - 1), 0, &city))
			goto out;
	}
	if (zip) {
		if (buf_printf(out, "%s|%.5s\n", street.data, zip))
			goto err;
		n++;
	}
	if (city.len && !all_digits(city.data, city.len)) {
		if (buf_printf(out, "%s|%s\n", street.data, city.data))
			goto err;
		n++;
	}
out:
	buf_release(&street);
	buf_release(&city);
	return n;
err:
	n = -1;
	goto out;
}

static const char *const us_states[] = {
	"al alabama", "ak alaska", "az arizona", "ar arkansas", "ca california", "co colorado",
	"ct connecticut", "de delaware", "fl florida", "ga georgia", "hi hawaii", "id idaho",
	"il illinois", "in indiana", "ia iowa", "ks kansas", "ky kentucky", "la louisiana",
	"me maine", "md maryland", "ma massachusetts", "mi michigan", "mn minnesota",
	"ms mississippi", "mo missouri", "mt montana", "ne nebraska", "nv nevada",
	"nh new hampshire", "nj new jersey", "nm new mexico", "ny new york", "nc north carolina",
	"nd north dakota", "oh ohio", "ok oklahoma", "or oregon", "pa pennsylvania",
	"ri rhode island", "sc south carolina", "sd south dakota", "tn tennessee", "tx texas",
	"ut utah", "vt vermont", "va virginia", "wa washington", "wv west virginia",
	"wi wisconsin", "wy wyoming", "dc district of columbia", NULL,
};

/* Words no campus is told apart by: generic words, companies' names, country words. */
static const char *const generic_words[] = {
	"data", "center", "centers", "centre", "datacenter", "datacentre", "campus", "site", "dc",
	"cluster", "supercluster", "ai", "facility", "project", "the", "of", "and", "hub", "park",
	"inc", "llc", "cloud", "compute", "computing", "phase", "building", "bldg", "east", "west",
	"north", "south", "united", "states", "america", "usa", "us", "uk", "uae", "arab", "emirates",
	"openai", "xai", "spacexai", "anthropic", "google", "alphabet", "meta", "microsoft", "amazon",
	"aws", "oracle", "oci", "coreweave", "crusoe", "nvidia", "tesla", "stargate", "tn",
	NULL,
};

static int word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !memcmp(*list, w, n))
			return 1;
	return 0;
}

/* Is the word the state's code (when state is given) or a word of a state's name? */
static int state_word(const char *w, size_t n, const char *state)
{
	const char *const *s;

	for (s = us_states; *s; s++) {
		const char *p = *s + 3;
		int this = state && tolower((unsigned char)state[0]) == (*s)[0] &&
			   tolower((unsigned char)state[1]) == (*s)[1] && !state[2];
		if (this && n == 2 && !memcmp(*s, w, 2))
			return 1;
		for (;;) {
			const char *e = strchr(p, ' ');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			if (l == n && !memcmp(p, w, n) && l > 3)
				return 1;
			if (!e)
				break;
			p = e + 1;
		}
	}
	return 0;
}

/* Does the folded part start with the state's code or its full name (st: "la")? */
static int starts_with_state(const char *part, const char *st)
{
	const char *const *s;

	for (s = us_states; *s; s++) {
		size_t l;
		if ((*s)[0] != st[0] || (*s)[1] != st[1])
			continue;
		l = strlen(*s + 3);
		return (!strncmp(part, *s, 2) && (!part[2] || part[2] == ' ')) ||
		       (!strncmp(part, *s + 3, l) && (!part[l] || part[l] == ' '));
	}
	return 0;
}

/*
 * The ZIP code (5 digits, or "") and the town (folded, as written, or "") of
 * an address, from its part that starts with the state and the part before.
 * 0, or -1 (cap).
 */
static int place_parse(const char *addr, const char *state, char zip[6], struct buf *town)
{
	struct buf part = BUF_INIT(BUF_NAME_MAX), prev = BUF_INIT(BUF_NAME_MAX);
	const char *p = addr;
	char st[3];
	int r = -1;

	zip[0] = '\0';
	buf_reset(town);
	if (!addr || !state || strlen(state) != 2)
		return 0;
	st[0] = (char)tolower((unsigned char)state[0]);
	st[1] = (char)tolower((unsigned char)state[1]);
	st[2] = '\0';
	while (*p) {	/* parts between commas and line breaks */
		size_t l = strcspn(p, ",\n");
		buf_reset(&part);
		if (name_fold(p, l, 0, &part))
			goto out;
		if (part.len && starts_with_state(part.data, st)) {
			const char *q;
			for (q = part.data; *q; q++)
				if (isdigit((unsigned char)*q) && (q == part.data || q[-1] == ' ') && all_digits(q, 5) &&
				    (!q[5] || q[5] == ' '))
					memcpy(zip, q, 5), zip[5] = '\0';
			/* the town: the part before, when it is a name (no digit: not a street) */
			if (prev.len && !strpbrk(prev.data, "0123456789") && buf_add(town, prev.data, prev.len))
				goto out;
			break;
		}
		buf_reset(&prev);
		if (buf_add(&prev, part.data, part.len))
			goto out;
		p += l;
		if (*p)
			p++;
	}
	r = 0;
out:
	buf_release(&part);
	buf_release(&prev);
	return r;
}

int site_place_keys(const char *addr, const char *state, struct buf *out)
{
	struct buf town = BUF_INIT(BUF_NAME_MAX);
	char zip[6];
	int n = -1;

	buf_reset(out);
	if (place_parse(addr, state, zip, &town))
		goto out;
	n = 0;
	if (zip[0]) {
		if (buf_printf(out, "zip:%s\n", zip))
			goto cap;
		n++;
	}
	if (town.len) {
		const char *t = town.data;
		const char *full = !strncmp(t, "mt ", 3) ? "mount " : !strncmp(t, "ft ", 3) ? "fort " :
				   !strncmp(t, "st ", 3) ? "saint " : NULL;
		if (buf_printf(out, "town:%s%s\n", full ? full : "", full ? t + 3 : t))
			goto cap;
		n++;
	}
out:
	buf_release(&town);
	return n;
cap:
	n = -1;
	goto out;
}

/* Is the word one of the words of the folded list (space separated)? */
static int in_words(const char *w, size_t l, const struct buf *list)
{
	const char *p = list->data;

	while (p && *p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == l && !memcmp(p, w, l))
			return 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

int site_core_name(const char *name, const char *operator, const char *state, const char *city,
		   struct buf *out)
{
	struct buf f = BUF_INIT(BUF_NAME_MAX), op = BUF_INIT(BUF_NAME_MAX), town = BUF_INIT(BUF_NAME_MAX);
	size_t i = 0;
	int r = -1, skip = 0;

	buf_reset(out);
	if (!name)
		return 0;
	if (name_fold(name, strlen(name), '#', &f) || (operator && name_fold(operator, strlen(operator), '#', &op)) ||
	    (city && name_fold(city, strlen(city), 0, &town)))
		goto out;
	while (i < f.len) {
		size_t j = i, k, l;
		const char *w = f.data + i;
		int alpha = 0, digit = 0, drop = 0;
		while (j < f.len && f.data[j] != ' ')
			j++;
		l = j - i;
		for (k = 0; k < l; k++) {
			alpha |= isalpha((unsigned char)w[k]) || (unsigned char)w[k] >= 0x80;
			digit |= isdigit((unsigned char)w[k]);
		}
		if (skip) {			/* the number after "phase", "building" */
			drop = 1;
			skip = 0;
		} else if ((l == 5 && !memcmp(w, "phase", 5)) || (l == 8 && !memcmp(w, "building", 8)) ||
			   (l == 4 && !memcmp(w, "bldg", 4))) {
			drop = skip = 1;
		} else if (alpha && digit) {	/* building codes: IAD69, SAT40, NVA02 */
			drop = 1;
		} else if (word_in(w, l, generic_words) || state_word(w, l, state)) {
			drop = 1;
		} else if (in_words(w, l, &op) || in_words(w, l, &town)) {
			drop = 1;	/* the operator's own words, the town's */
		}
		if (!drop && ((out->len && buf_addc(out, ' ')) || buf_add(out, w, l)))
			goto out;
		i = j + 1;
	}
	r = 0;
out:
	buf_release(&f);
	buf_release(&op);
	buf_release(&town);
	return r;
}

double sites_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	const double rr = 6371008.8, rad = M_PI / 180;
	double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
	double h = sin(dp / 2) * sin(dp / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dl / 2) * sin(dl / 2);

	return 2 * rr * asin(sqrt(h > 1 ? 1 : h));
}

/* ---- union-find with the precision rules ---- */

static int find(struct res *R, int a)
{
	while (R->parent[a] != a) {
		R->parent[a] = R->parent[R->parent[a]];
		a = R->parent[a];
	}
	return a;
}

static uint64_t k_doc(int root, const char *doc)
{
	return mix64(((uint64_t)(uint32_t)root << 32) ^ fnv64(doc, strlen(doc)));
}

static uint64_t k_docname(int root, const char *doc, const char *norm)
{
	return mix64(k_doc(root, doc) * 31 + fnv64(norm, strlen(norm)));
}

static int ops_compatible(struct res *R, int a, int b)
{
	int i, k;

	if (!R->ops[a][0] || !R->ops[b][0])
		return 1;
	for (i = 0; i < MAXOPS && R->ops[a][i]; i++)
		for (k = 0; k < MAXOPS && R->ops[b][k]; k++)
			if (R->ops[a][i] == R->ops[b][k])
				return 1;
	return 0;
}

static char *dupf(struct res *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A new string of fmt (the caller frees it), or NULL with R->oom set. */
static char *dupf(struct res *R, const char *fmt, ...)
{
	struct buf b = BUF_INIT(BUF_TEXT_MAX);
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (r) {
		buf_release(&b);
		R->oom = 1;
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int note(struct res *R, int a, int b, int rule, char *evidence, char *refused)
{
	if (R->nj == R->capj) {
		size_t nc = R->capj ? R->capj * 2 : 1024;
		struct join *nj = realloc(R->j, nc * sizeof(*nj));
		if (!nj) {
			free(evidence);
			free(refused);
			R->oom = 1;
			return -1;
		}
		R->j = nj;
		R->capj = nc;
	}
	R->j[R->nj++] = (struct join){ a, b, rule, evidence, refused };
	return 0;
}

/*
 * Joins the sites of rows a and b by rule. force: the rule may join two names
 * of one document (override, link, mention). Returns 1 joined (or already
 * one), 0 refused (noted), -1 out of memory.
 */
static int join(struct res *R, int a, int b, int rule, int force, char *evidence)
{
	int ra = find(R, a), rb = find(R, b), big, small, i, m;
	size_t w;
	char *why = NULL;

	if (ra == rb) {
		free(evidence);
		return 1;
	}
	for (w = 0; w < R->nw; w++) {
		uint64_t *ma = R->notmask + (size_t)ra * 2 * R->nw, *mb = R->notmask + (size_t)rb * 2 * R->nw;
		if ((ma[w] & mb[R->nw + w]) || (ma[R->nw + w] & mb[w])) {
			why = dupf(R, "an override says they are not one campus");
			goto refuse;
		}
	}
	big = R->size[ra] >= R->size[rb] ? ra : rb;
	small = big == ra ? rb : ra;
	if (!force) {
		if (!ops_compatible(R, ra, rb)) {
			why = dupf(R, "operators differ (%s, %s)", R->ops[ra][0], R->ops[rb][0]);
			goto refuse;
		}
		m = small;
		do {
			const struct row *x = &R->r[m];
			if (set_has(&R->hd, k_doc(big, x->doc)) && !set_has(&R->hdn, k_docname(big, x->doc, x->norm))) {
				why = dupf(R, "document %.12s lists '%s' apart", x->doc, x->name);
				goto refuse;
			}
			m = R->next[m];
		} while (m != small);
	}
	/* merge small into big */
	m = small;
	do {
		const struct row *x = &R->r[m];
		if (set_add(&R->hd, k_doc(big, x->doc)) || set_add(&R->hdn, k_docname(big, x->doc, x->norm))) {
			free(evidence);
			R->oom = 1;
			return -1;
		}
		m = R->next[m];
	} while (m != small);
	i = R->next[big];
	R->next[big] = R->next[small];
	R->next[small] = i;
	R->parent[small] = big;
	R->size[big] += R->size[small];
	for (i = 0; i < MAXOPS && R->ops[small][i]; i++) {
		int k;
		for (k = 0; k < MAXOPS && R->ops[big][k] && R->ops[big][k] != R->ops[small][i]; k++)
			;
		if (k < MAXOPS && !R->ops[big][k])
			R->ops[big][k] = R->ops[small][i];
	}
	if (!R->state[big])
		R->state[big] = R->state[small];
	if (!R->country[big])
		R->country[big] = R->country[small];
	for (w = 0; w < 2 * R->nw; w++)
		R->notmask[(size_t)big * 2 * R->nw + w] |= R->notmask[(size_t)small * 2 * R->nw + w];
	if (rule == R_MENTION) {
		free(evidence);
		return 1;
	}
	return note(R, a, b, rule, evidence, NULL) ? -1 : 1;
refuse:
	if (rule == R_MENTION) {
		free(evidence);
		free(why);
		return 0;
	}
	return note(R, a, b, rule, evidence, why) ? -1 : 0;
}

/* ---- reading the store ---- */

static int parser_class(const char *parser)
{
	static const char *const order[] = {
		"epoch-dc", "epoch-gpu-clusters", "va-dc-registry", "osm-datacenters", "epoch-timelines", NULL,
	};
	int i;

	for (i = 0; parser && order[i]; i++)
		if (!strcmp(parser, order[i]))
			return i + 1;
	return 9;
}

static double parser_radius(const char *parser)
{
	if (!parser)
		return SITES_DEFAULT_M;
	if (!strcmp(parser, "epoch-dc"))
		return SITES_CAMPUS_M;
	if (!strcmp(parser, "osm-datacenters") || !strcmp(parser, "va-dc-registry"))
		return SITES_BUILDING_M;
	return SITES_DEFAULT_M;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s && *s ? s : NULL;
}

static int add_row(struct res *R, sqlite3_stmt *st, int kind)
{
	struct row *x;
	const char *name = col(st, 3), *addr = col(st, 7);
	int k;

	if (!name)
		return 0;	/* a permit that names no site */
	if (R->n == R->cap) {
		size_t nc = R->cap ? R->cap * 2 : 4096;
		struct row *nr = realloc(R->r, nc * sizeof(*nr));
		if (!nr)
			return -1;
		R->r = nr;
		R->cap = nc;
	}
	x = &R->r[R->n];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->id = sqlite3_column_int64(st, 0);
	x->doc = intern(R, col(st, 1));
	x->loc = intern(R, col(st, 2));
	x->name = intern(R, name);
	x->norm = intern_fold(R, name);
	x->state = intern(R, col(st, 4));
	x->country = intern(R, col(st, 5));
	x->op = intern(R, col(st, 6));
	x->opraw = intern(R, col(st, 17));
	x->geo = sqlite3_column_type(st, 8) != SQLITE_NULL && sqlite3_column_type(st, 9) != SQLITE_NULL;
	x->lat = sqlite3_column_double(st, 8);
	x->lon = sqlite3_column_double(st, 9);
	for (k = 0; k < 3; k++)
		x->links[k] = intern(R, col(st, 10 + k));
	x->old_site = sqlite3_column_type(st, 13) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 13);
	x->cls = parser_class(col(st, 14));
	x->radius = parser_radius(col(st, 14));
	x->published = intern(R, col(st, 15));
	x->key = intern(R, col(st, 16));
	x->held = sqlite3_column_int(st, 19);
	if (!x->doc || !x->norm) {
		if (!R->oom)
			return 0;	/* a name of punctuation only */
		return -1;
	}
	if (site_address_keys(addr, &R->tmp) > 0)
		x->addr = st_intern(&R->st, R->tmp.data, R->tmp.len, &R->oom);
	if (site_place_keys(addr, x->state, &R->tmp) > 0)
		x->place = st_intern(&R->st, R->tmp.data, R->tmp.len, &R->oom);
	{	/* the town: the record's, else the address's second part ("5420 Tulane Rd, Memphis, TN") */
		char town[128] = "";
		const char *c = col(st, 18), *c1, *c2;
		if (c)
			snprintf(town, sizeof(town), "%s", c);
		else if (addr && (c1 = strchr(addr, ',')) && (c2 = strchr(c1 + 1, ',')))
			snprintf(town, sizeof(town), "%.*s", (int)(c2 - c1 - 1), c1 + 1);
		else {	/* "Holly Ridge, LA 71269": the part before the state's */
			char zip[6];
			if (place_parse(addr, x->state, zip, &R->tmp))
				return -1;
			snprintf(town, sizeof(town), "%s", buf_str(&R->tmp));
		}
		if (site_core_name(name, col(st, 17) ? col(st, 17) : col(st, 6), x->state, town[0] ? town : NULL,
				   &R->tmp))
			return -1;
	}
	x->core = R->tmp.len ? st_intern(&R->st, R->tmp.data, R->tmp.len, &R->oom) : NULL;
	if (R->oom)
		return -1;
	R->n++;
	return 0;
}

/* column 19 of every row: 1 when its document is a snapshot held back as unhealthy (doc_health) */
#define HELD "coalesce(NOT h.healthy AND NOT h.accepted, 0)"
#define HELD_JOIN " LEFT JOIN doc_health h ON h.doc = d.sha256"

static int load_rows(struct res *R, sqlite3 *db)
{
	static const char *const sql[3] = {
		"SELECT o.id, d.sha256, o.loc, o.name, coalesce(o.state_code, o.state), coalesce(o.country_code, o.country),"
		" o.operator_id, o.address, o.lat, o.lon,"
		" o.builds_upon, o.superseded_by, o.duplicate_of, o.site_id, d.parser,"
		" coalesce(d.published, substr(d.first_seen, 1, 10)), o.key, o.operator, o.city, " HELD
		" FROM obs_site o JOIN documents d ON d.id = o.doc_id" HELD_JOIN,
		"SELECT o.id, d.sha256, o.loc, o.site, coalesce(o.state_code, o.state), coalesce(o.country_code, o.country),"
		" o.operator_id, NULL, NULL, NULL,"
		" NULL, NULL, NULL, o.site_id, d.parser,"
		" coalesce(d.published, substr(d.first_seen, 1, 10)), o.key, o.operator, NULL, " HELD
		" FROM obs_capacity o JOIN documents d ON d.id = o.doc_id" HELD_JOIN,
		"SELECT o.id, d.sha256, o.loc, o.site, coalesce(o.state_code, o.state), NULL, o.operator_id, o.address, NULL, NULL,"
		" NULL, NULL, NULL, o.site_id, d.parser,"
		" coalesce(d.published, substr(d.first_seen, 1, 10)), o.key, o.applicant, NULL, " HELD
		" FROM obs_permit o JOIN documents d ON d.id = o.doc_id" HELD_JOIN,
	};
	int k, rc;

	for (k = 0; k < 3; k++) {
		sqlite3_stmt *st = store_prepare(db, sql[k]);
		if (!st)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (add_row(R, st, k)) {
				sqlite3_finalize(st);
				gw_error("site resolution: out of memory");
				return -1;
			}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			gw_error("%s: site resolution: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
			return -1;
		}
	}
	return 0;
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Rows in an order that does not depend on the order they were loaded in. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->doc, b->doc)))
		return c;
	if ((c = strcmp0(a->loc, b->loc)))
		return c;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return strcmp0(a->key, b->key);
}

/* ---- grouping rows by a string ---- */

struct gkey {
	const char *k;
	int row;
};

static int gkey_cmp(const void *pa, const void *pb)
{
	const struct gkey *a = pa, *b = pb;
	int c = strcmp(a->k, b->k);

	return c ? c : a->row - b->row;
}

typedef int (*cond_fn)(struct res *R, int a, int b, const char *key, char **evidence);

/*
 * Joins, within each group of rows sharing a key, every row to the first
 * earlier anchor (a row of another site) that cond accepts and join allows.
 */
static int group_join(struct res *R, struct gkey *g, size_t n, int rule, cond_fn cond)
{
	size_t i = 0;

	if (n)
		qsort(g, n, sizeof(*g), gkey_cmp);
	while (i < n) {
		size_t e = i, k;
		int anchors[MAXTRIES], na = 0;
		while (e < n && !strcmp(g[e].k, g[i].k))
			e++;
		for (k = i; k < e; k++) {
			int r = g[k].row, t, joined = 0;
			for (t = 0; t < na && !joined; t++) {
				char *ev = NULL;
				int c;
				if (find(R, anchors[t]) == find(R, r)) {
					joined = 1;
					break;
				}
				if (!cond(R, anchors[t], r, g[i].k, &ev)) {
					free(ev);
					continue;
				}
				if (R->oom)
					return -1;
				c = join(R, anchors[t], r, rule, 0, ev);
				if (c < 0)
					return -1;
				joined = c;
			}
			if (!joined && na < MAXTRIES)
				anchors[na++] = r;
		}
		i = e;
	}
	return 0;
}

static int cond_address(struct res *R, int a, int b, const char *key, char **ev)
{
	*ev = dupf(R, "street address '%s' as %s '%s'", key, kind_names[R->r[a].kind], R->r[a].name);
	return 1;
}

/* Words that name no campus alone ("Data Center", "AI Campus"). */
static const char *const plain_words[] = {
	"data", "center", "centers", "centre", "datacenter", "datacentre", "campus", "site", "dc",
	"cluster", "supercluster", "ai", "facility", "project", "the", "of", "and", "hub", "park",
	"building", "bldg", "phase", "cloud", "compute", "computing", "new", NULL,
};

/* Has the folded name a word that is neither a plain word nor a state's? */
static int specific(const char *norm)
{
	const char *p = norm;

	while (*p) {
		const char *e = strchr(p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (!word_in(p, l, plain_words) && !state_word(p, l, NULL) && !all_digits(p, l))
			return 1;
		p += l;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static int cond_name(struct res *R, int a, int b, const char *key, char **ev)
{
	const struct row *x = &R->r[a], *y = &R->r[b];
	int ra = find(R, a), rb = find(R, b);

	if (!specific(x->norm))
		return 0;	/* a generic name ("Data Center") tells no campus */
	if (R->state[ra] && R->state[rb] && strcmp(R->state[ra], R->state[rb]))
		return 0;
	if (R->country[ra] && R->country[rb] && strcmp(R->country[ra], R->country[rb]) &&
	    R->state[ra] == NULL && R->state[rb] == NULL)
		return 0;
	if (x->geo && y->geo && sites_distance_m(x->lat, x->lon, y->lat, y->lon) > SITES_NAME_M)
		return 0;
	*ev = dupf(R, "name '%s' as %s '%s' (%.12s)", key, kind_names[x->kind], x->name, x->doc);
	return 1;
}

static int cond_core(struct res *R, int a, int b, const char *key, char **ev)
{
	*ev = dupf(R, "core name, operator and state '%s' as %s '%s'", key, kind_names[R->r[a].kind],
		   R->r[a].name);
	return 1;
}

/* Rows grouped by a string each row may have; stateless rows of a name several states have are left out. */
static int by_key(struct res *R, int rule, cond_fn cond)
{
	struct gkey *g = malloc((R->n + 1) * 4 * sizeof(*g));
	size_t i, n = 0;
	int r;

	if (!g)
		return -1;
	for (i = 0; i < R->n; i++) {
		const struct row *x = &R->r[i];
		if (rule == R_ADDRESS && x->addr) {
			const char *p = x->addr;
			while (*p) {
				const char *e = strchr(p, '\n');
				g[n].k = st_intern(&R->st, p, (size_t)(e - p), &R->oom);
				g[n++].row = (int)i;
				p = e + 1;
			}
		} else if (rule == R_NAME) {
			g[n].k = x->norm;
			g[n++].row = (int)i;
		} else if (rule == R_CORE && x->core && x->op && x->state) {
			buf_reset(&R->tmp);
			if (buf_printf(&R->tmp, "%s|%s|%s", x->core, x->op, x->state))
				R->oom = 1;
			g[n].k = st_intern(&R->st, R->tmp.data, R->tmp.len, &R->oom);
			g[n++].row = (int)i;
		}
		if (R->oom) {
			free(g);
			return -1;
		}
	}
	if (rule == R_NAME) {
		/* a row without a state joins by name only where the name is in one state */
		size_t s = 0, e, k, m = 0;
		if (n)
			qsort(g, n, sizeof(*g), gkey_cmp);
		while (s < n) {
			const char *st = NULL;
			int several = 0;	/* the name is in more than one state */
			for (e = s; e < n && !strcmp(g[e].k, g[s].k); e++) {
				const char *t = R->r[g[e].row].state;
				if (t && st && strcmp(st, t))
					several = 1;
				if (t)
					st = t;
			}
			for (k = s; k < e; k++)
				if (!several || R->r[g[k].row].state)
					g[m++] = g[k];
			s = e;
		}
		n = m;
	}
	r = group_join(R, g, n, rule, cond);
	free(g);
	return r;
}

/*
 * 8. Places: a member whose name says nothing but its operator and its place
 * (an empty core name: "Meta Louisiana Datacenter", "OpenAI/Microsoft Mt
 * Pleasant, Wisconsin Phase 2") is the campus of that operator there when the
 * members with a name of their own, of the same operator, state and ZIP code
 * or town, are exactly one campus ("Meta Hyperion", Holly Ridge, LA 71269).
 * Two or more campuses there: it stays apart, a candidate for review.
 */
/* A name of nothing but its operator and place: an empty core, and no number but a phase's
 * ("Amazon IAD78", "Building 4" name a building) */
static int place_only(const struct row *x)
{
	const char *p = x->norm, *prev = "";
	size_t pl = 0;

	if (x->core)
		return 0;
	while (*p) {
		size_t l = strcspn(p, " ");
		if (strcspn(p, "0123456789") < l && !(pl == 5 && !memcmp(prev, "phase", 5) && all_digits(p, l)))
			return 0;
		prev = p;
		pl = l;
		p += l;
		while (*p == ' ')
			p++;
	}
	return 1;
}

static int by_place(struct res *R)
{
	struct gkey *g;
	size_t i, n = 0, cap = 0, s, e, k;
	int r = -1;

	for (i = 0; i < R->n; i++)
		if (R->r[i].place && R->r[i].op && R->r[i].state)
			for (const char *p = R->r[i].place; *p; p = strchr(p, '\n') + 1)
				cap++;
	if (!(g = malloc((cap + 1) * sizeof(*g))))
		return -1;
	for (i = 0; i < R->n; i++) {
		const struct row *x = &R->r[i];
		if (!x->place || !x->op || !x->state)
			continue;
		for (const char *p = x->place; *p; p = strchr(p, '\n') + 1) {
			buf_reset(&R->tmp);
			if (buf_printf(&R->tmp, "%s|%s|%.*s", x->op, x->state, (int)strcspn(p, "\n"), p))
				R->oom = 1;
			g[n].k = st_intern(&R->st, R->tmp.data, R->tmp.len, &R->oom);
			g[n++].row = (int)i;
		}
	}
	if (R->oom)
		goto out;
	if (n)
		qsort(g, n, sizeof(*g), gkey_cmp);
	for (s = 0; s < n; s = e) {
		int named = -1, other = -1, plain = 0;
		for (e = s; e < n && g[e].k == g[s].k; e++) {
			int row = g[e].row, root = find(R, row);
			if (place_only(&R->r[row])) {
				plain = 1;
			} else if (named < 0) {
				named = row;
			} else if (root != find(R, named) && other < 0) {
				other = row;
			}
		}
		if (!plain || named < 0)
			continue;	/* nothing to place, or nothing named there */
		for (k = s; k < e; k++) {
			int row = g[k].row, c;
			char *ev;
			if (!place_only(&R->r[row]) || find(R, row) == find(R, named) ||
			    (other >= 0 && find(R, row) == find(R, other)))
				continue;
			ev = dupf(R, "place '%s' of %s '%s', the only campus of its operator there with a name"
				  " of its own", strchr(strchr(g[s].k, '|') + 1, '|') + 1, kind_names[R->r[named].kind],
				  R->r[named].name);
			if (R->oom)
				goto out;
			if (other >= 0) {	/* two campuses there: which one is not known (said once a campus) */
				size_t q;
				for (q = s; q < k && find(R, g[q].row) != find(R, row); q++)
					;
				if (q < k) {
					free(ev);
					continue;
				}
				if (note(R, named, row, R_PLACE, ev, dupf(R, "'%s' and '%s' are both there",
									  R->r[named].name, R->r[other].name)))
					goto out;
				continue;
			}
			if ((c = join(R, named, row, R_PLACE, 0, ev)) < 0)
				goto out;
		}
	}
	r = R->oom ? -1 : 0;
out:
	free(g);
	return r;
}

struct gpt {
	long long cell;
	int row;
};

static int gpt_cmp(const void *pa, const void *pb)
{
	const struct gpt *a = pa, *b = pb;

	if (a->cell != b->cell)
		return a->cell < b->cell ? -1 : 1;
	return a->row - b->row;
}

struct pair {
	double d;
	int a, b;
};

static int pair_cmp(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;

	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	if (a->a != b->a)
		return a->a - b->a;
	return a->b - b->b;
}

#define CELL_LAT 0.02
#define CELL_LON 0.04
static long long cell_of(double lat, double lon)
{
	return (long long)floor((lat + 90) / CELL_LAT) * 100000 + (long long)floor((lon + 180) / CELL_LON);
}

/* Points within the larger of the two rows' radii, nearest first, of operators that agree. */
static int by_coords(struct res *R)
{
	struct gpt *g = malloc((R->n + 1) * sizeof(*g));
	struct pair *p = NULL;
	size_t n = 0, np = 0, cp = 0, i;
	int r = -1;

	if (!g)
		return -1;
	for (i = 0; i < R->n; i++)
		if (R->r[i].geo && fabs(R->r[i].lat) <= 90 && fabs(R->r[i].lon) <= 180) {
			g[n].cell = cell_of(R->r[i].lat, R->r[i].lon);
			g[n++].row = (int)i;
		}
	if (n)
		qsort(g, n, sizeof(*g), gpt_cmp);
	for (i = 0; i < n; i++) {
		const struct row *x = &R->r[g[i].row];
		int dl, dn;
		for (dl = -1; dl <= 1; dl++)
			for (dn = -1; dn <= 1; dn++) {
				struct gpt key = { g[i].cell + dl * 100000 + dn, -1 };
				size_t lo = 0, hi = n;
				while (lo < hi) {	/* first point of the cell */
					size_t mid = (lo + hi) / 2;
					if (gpt_cmp(&g[mid], &key) < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
				for (; lo < n && g[lo].cell == key.cell; lo++) {
					const struct row *y = &R->r[g[lo].row];
					double d;
					if (g[lo].row <= g[i].row)
						continue;
					d = sites_distance_m(x->lat, x->lon, y->lat, y->lon);
					if (d > (x->radius > y->radius ? x->radius : y->radius))
						continue;
					if (x->op && y->op && x->op != y->op)
						continue;
					if (np == cp) {
						size_t nc = cp ? cp * 2 : 1024;
						struct pair *q = realloc(p, nc * sizeof(*q));
						if (!q)
							goto out;
						p = q;
						cp = nc;
					}
					p[np++] = (struct pair){ d, g[i].row, g[lo].row };
				}
			}
	}
	if (np)	/* qsort(NULL, 0, ...) is undefined: UBSan stops on it */
		qsort(p, np, sizeof(*p), pair_cmp);
	for (i = 0; i < np; i++) {
		char *ev = dupf(R, "%.0f m from %s '%s'", p[i].d, kind_names[R->r[p[i].a].kind], R->r[p[i].a].name);
		if (R->oom || join(R, p[i].a, p[i].b, R_COORDS, 0, ev) < 0)
			goto out;
	}
	r = 0;
out:
	free(g);
	free(p);
	return r;
}

/* Rows of one document linked by the document itself (Builds Upon, Superseded by, Possible Duplicate Of). */
static int by_links(struct res *R)
{
	static const char *const what[] = { "builds upon", "superseded by", "possible duplicate of" };
	struct gkey *g = malloc((R->n + 1) * sizeof(*g));
	size_t i, n = 0;
	int k, r = -1;

	if (!g)
		return -1;
	for (i = 0; i < R->n; i++) {	/* rows by "doc|norm" */
		buf_reset(&R->tmp);
		if (buf_printf(&R->tmp, "%s|%s", R->r[i].doc, R->r[i].norm))
			goto out;
		g[n].k = st_intern(&R->st, R->tmp.data, R->tmp.len, &R->oom);
		g[n++].row = (int)i;
		if (R->oom)
			goto out;
	}
	if (n)
		qsort(g, n, sizeof(*g), gkey_cmp);
	for (i = 0; i < R->n; i++)
		for (k = 0; k < 3; k++) {
			/* the whole text names a row, else each of its comma-separated names does */
			const char *text = R->r[i].links[k], *p = text, *e;
			int whole = 1;
			while (p && *p) {
				struct gkey key;
				size_t lo = 0, hi = n, l;
				e = whole ? p + strlen(p) : strchr(p, ',');
				if (!e)
					e = p + strlen(p);
				l = (size_t)(e - p);
				buf_reset(&R->tmp);
				if (buf_printf(&R->tmp, "%s|", R->r[i].doc) || name_fold(p, l, 0, &R->tmp))
					goto out;
				key.k = R->tmp.data;
				key.row = -1;
				while (lo < hi) {
					size_t mid = (lo + hi) / 2;
					if (gkey_cmp(&g[mid], &key) < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (lo < n && !strcmp(g[lo].k, key.k)) {
					char *ev = dupf(R, "%s '%s'", what[k], R->r[g[lo].row].name);
					if (R->oom || join(R, g[lo].row, (int)i, R_LINK, 1, ev) < 0)
						goto out;
					if (whole)
						break;
				}
				if (whole) {
					whole = 0;
					if (!strchr(text, ','))
						break;
					continue;
				}
				p = *e ? e + 1 : e;
				while (*p == ' ')
					p++;
			}
		}
	r = 0;
out:
	free(g);
	return r;
}

/* ---- the override file ---- */

static int push(struct res *R, const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -1;
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int read_overrides(struct res *R, const char *path, int *bad)
{
	FILE *f;
	char line[4096];
	int lineno = 0;

	if (!path)
		return 0;
	if (!(f = fopen(path, "r"))) {
		gw_error_errno("%s: cannot read the site overrides", path);
		(*bad)++;
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s = trim(line), *verb, *rest, *part;
		const char *names[64];
		int n = 0, i;
		lineno++;
		if (!*s || *s == '#')
			continue;
		verb = s;
		rest = s + strcspn(s, " \t");
		if (*rest)
			*rest++ = '\0';
		for (part = rest; part && n < 64; part = rest) {
			if ((rest = strchr(part, '|')))
				*rest++ = '\0';
			char *t = trim(part);
			int raw = !strcmp(verb, "operator") && n == 1;	/* an operator id, as written */
			if (*t && (names[n] = raw ? intern(R, t) : intern_fold(R, t)))
				n++;
		}
		if (R->oom)
			goto nomem;
		if (!strcmp(verb, "same") && n >= 2) {
			for (i = 0; i < n; i++)
				if (push(R, &R->same, &R->nsame, names[i]))
					goto nomem;
			if (push(R, &R->same, &R->nsame, NULL))
				goto nomem;
		} else if (!strcmp(verb, "not") && n == 2) {
			if (push(R, &R->notl, &R->nnot, names[0]) || push(R, &R->notl, &R->nnot, names[1]))
				goto nomem;
		} else if (!strcmp(verb, "operator") && n == 2) {
			if (push(R, &R->opov, &R->nopov, names[0]) || push(R, &R->opov, &R->nopov, names[1]))
				goto nomem;
		} else {
			gw_error("%s: line %d: expected 'same NAME | NAME...', 'not NAME | NAME' or"
				 " 'operator NAME | OPERATOR'", path, lineno);
			(*bad)++;
		}
	}
	fclose(f);
	return 0;
nomem:
	fclose(f);
	return -1;
}

/* Rows whose folded name is norm, as a range of the sorted index. */
static size_t name_range(struct gkey *idx, size_t n, const char *norm, size_t *end)
{
	size_t lo = 0, hi = n, e;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(idx[mid].k, norm) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = lo; e < n && !strcmp(idx[e].k, norm); e++)
		;
	*end = e;
	return lo;
}

/* ---- writing the result ---- */

struct cluster {
	int root;
	const char *canon;	/* the least folded name, then the state */
	const char *first;	/* the least "doc loc" of its rows with that name */
	long long id;
};

static int cluster_cmp(const void *pa, const void *pb)
{
	const struct cluster *a = pa, *b = pb;
	int c = strcmp(a->canon, b->canon);

	return c ? c : strcmp(a->first, b->first);
}

/*
 * Best member first: a site row, not of a snapshot held back as unhealthy (its
 * date may be only the day it was added), of the most specific list, newest
 * publication, then document order.
 */
static int better(const struct row *a, const struct row *b)
{
	int c;

	if ((a->kind == K_SITE) != (b->kind == K_SITE))
		return a->kind == K_SITE;
	if (a->held != b->held)
		return !a->held;
	if (a->cls != b->cls)
		return a->cls < b->cls;
	if ((c = strcmp0(a->published, b->published)))
		return c > 0;
	return row_cmp(a, b) < 0;
}

static int step(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		gw_error("%s: site resolution: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static const char *resolve_op_id(struct res *R, sqlite3 *db, const char *given)
{
	sqlite3_stmt *st = store_prepare(db, "SELECT operator FROM operator_aliases WHERE alias = ?1"
					     " UNION ALL SELECT id FROM operators WHERE id = ?2");
	const char *r = given;

	if (!st)
		return given;
	if (operator_norm(given, strlen(given), &R->tmp) == 0) {
		sqlite3_bind_text(st, 1, R->tmp.data, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, given, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			r = intern(R, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return r ? r : given;
}

static int write_out(struct res *R, sqlite3 *db)
{
	struct cluster *cl = NULL;
	long long *site_of = NULL;
	int *best = NULL;
	const char **opov = NULL;
	size_t ncl = 0, i;
	struct set64 used = { NULL, 0, 0 }, seen = { NULL, 0, 0 };
	sqlite3_stmt *ins = NULL, *name = NULL, *geo = NULL, *link = NULL, *cand = NULL, *upd[3] = { NULL, NULL, NULL };
	sqlite3_stmt *alias_st = NULL;
	int r = -1, k;

	if (store_exec(db, "DELETE FROM site_names; DELETE FROM sites; DELETE FROM sites_geo;"
			   " DELETE FROM site_links; DELETE FROM site_candidates"))
		return -1;
	cl = calloc(R->n + 1, sizeof(*cl));
	site_of = calloc(R->n + 1, sizeof(*site_of));
	best = calloc(R->n + 1, sizeof(*best));
	opov = calloc(R->n + 1, sizeof(*opov));
	if (!cl || !site_of || !best || !opov)
		goto nomem;
	for (i = 0; i < R->n; i++)
		best[i] = -1;
	for (i = 0; i < R->n; i++) {
		int root = find(R, (int)i);
		const struct row *x = &R->r[i];
		if (best[root] < 0 || better(x, &R->r[best[root]]))
			best[root] = (int)i;
	}
	/* override "operator" lines: the site of a row of that name */
	for (i = 0; i + 1 < R->nopov; i += 2) {
		size_t j;
		const char *id = resolve_op_id(R, db, R->opov[i + 1]);
		for (j = 0; j < R->n; j++)
			if (R->r[j].norm == R->opov[i])
				opov[find(R, (int)j)] = id;
	}
	for (i = 0; i < R->n; i++) {
		int root = find(R, (int)i), m;
		const char *canon = NULL, *first = NULL;
		if (root != (int)i)
			continue;
		m = root;
		do {	/* the least name, then the least place of a row of it */
			const struct row *x = &R->r[m];
			int c = canon ? strcmp(x->norm, canon) : -1;
			buf_reset(&R->tmp);
			if (buf_printf(&R->tmp, "%s %s", x->doc, x->loc ? x->loc : ""))
				R->oom = 1;	/* said below, as out of memory */
			if (c < 0 || (c == 0 && strcmp(R->tmp.data, first) < 0)) {
				canon = x->norm;
				first = intern(R, R->tmp.data);
			}
			m = R->next[m];
		} while (m != root);
		buf_reset(&R->tmp);
		if (buf_printf(&R->tmp, "%s|%s", canon, R->state[root] ? R->state[root] : ""))
			R->oom = 1;
		cl[ncl].root = root;
		cl[ncl].canon = intern(R, R->tmp.data);
		cl[ncl].first = first;
		ncl++;
		if (R->oom)
			goto nomem;
	}
	if (ncl)
		qsort(cl, ncl, sizeof(*cl), cluster_cmp);
	ins = store_prepare(db, "INSERT INTO sites(id, name, state, operator_id, lat, lon, origin, first_kind,"
				" country, partners, members, operator_raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	name = store_prepare(db, "INSERT OR IGNORE INTO site_names(norm, state, site_id) VALUES (?1, coalesce(?2, ''), ?3)");
	geo = store_prepare(db, "INSERT INTO sites_geo(id, min_lat, max_lat, min_lon, max_lon) VALUES (?1, ?2, ?2, ?3, ?3)");
	link = store_prepare(db, "INSERT INTO site_links(site_id, member, rule, evidence) VALUES (?1, ?2, ?3, ?4)");
	cand = store_prepare(db, "INSERT INTO site_candidates(site_a, site_b, rule, member, evidence, reason)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	for (k = 0; k < 3; k++) {
		static const char *const u[3] = {
			"UPDATE obs_site SET site_id = ?1 WHERE id = ?2",
			"UPDATE obs_capacity SET site_id = ?1 WHERE id = ?2",
			"UPDATE obs_permit SET site_id = ?1 WHERE id = ?2",
		};
		if (!(upd[k] = store_prepare(db, u[k])))
			goto out;
	}
	alias_st = store_prepare(db, "SELECT operator FROM operator_aliases WHERE alias = ?1");
	if (!ins || !name || !geo || !link || !cand || !alias_st)
		goto out;
	for (i = 0; i < ncl; i++) {
		int root = cl[i].root, m, any_site = 0, members = 0, seq = 1;
		const struct row *b = &R->r[best[root]], *geo_row = NULL;
		const char *op = opov[root], *state = NULL, *country = NULL, *opraw = NULL;
		uint64_t h = fnv64(cl[i].canon, strlen(cl[i].canon));
		struct buf partners = BUF_INIT(BUF_NAME_MAX);
		while (!h || set_has(&used, mix64(h & 0xFFFFFFFFFFFFFULL)) || !(h & 0xFFFFFFFFFFFFFULL)) {
			buf_reset(&R->tmp);	/* the same least name and state, kept apart */
			if (buf_printf(&R->tmp, "%s#%d", cl[i].canon, ++seq))
				goto nomem;
			h = fnv64(R->tmp.data, R->tmp.len);
		}
		cl[i].id = (long long)(h & 0xFFFFFFFFFFFFFULL);
		if (set_add(&used, mix64((uint64_t)cl[i].id)))
			goto nomem;
		/* attributes from the best member that has each */
		m = root;
		do {
			site_of[m] = cl[i].id;
			any_site |= R->r[m].kind == K_SITE;
			m = R->next[m];
		} while (m != root);
		{
			/* walk members in best-first order for each attribute: small clusters, so a scan each */
			int pass;
			for (pass = 0; pass < 5; pass++) {
				const struct row *pick = NULL;
				m = root;
				do {
					const struct row *x = &R->r[m];
					int has = pass == 0 ? x->op != NULL : pass == 1 ? x->state != NULL :
						  pass == 2 ? x->country != NULL : pass == 3 ? x->geo : x->opraw != NULL;
					if (has && (!pick || better(x, pick)))
						pick = x;
					m = R->next[m];
				} while (m != root);
				if (!pick)
					continue;
				if (pass == 0 && !opov[root])
					op = pick->op;
				else if (pass == 1)
					state = pick->state;
				else if (pass == 2)
					country = pick->country;
				else if (pass == 3)
					geo_row = pick;
				else
					opraw = pick->opraw;
			}
		}
		/* no member states one: the name's first words, when they are an operator's name */
		if (!op && alias_st) {
			int w;
			for (w = 3; w >= 1 && !op; w--) {
				const char *p = b->norm;
				int k = 0;
				size_t l = 0;
				while (p[l] && !(p[l] == ' ' && ++k == w))
					l++;
				if (k < w - 1)
					continue;	/* fewer words than w */
				sqlite3_bind_text(alias_st, 1, p, (int)l, SQLITE_TRANSIENT);
				if (sqlite3_step(alias_st) == SQLITE_ROW)
					op = intern(R, (const char *)sqlite3_column_text(alias_st, 0));
				sqlite3_reset(alias_st);
			}
		}
		/* partners: the other operators its members state, sorted */
		{
			const char *ps[16];
			int np = 0, a, c;
			m = root;
			do {
				const struct row *x = &R->r[m];
				if (x->op && x->op != op && np < 16) {
					for (a = 0; a < np && ps[a] != x->op; a++)
						;
					if (a == np)
						ps[np++] = x->op;
				}
				m = R->next[m];
			} while (m != root);
			for (a = 1; a < np; a++)
				for (c = a; c > 0 && strcmp(ps[c - 1], ps[c]) > 0; c--) {
					const char *t = ps[c];
					ps[c] = ps[c - 1];
					ps[c - 1] = t;
				}
			for (a = 0; a < np; a++)
				if ((a && buf_addc(&partners, ',')) || buf_adds(&partners, ps[a]))
					goto nomem;
		}
		/* the members: distinct (document, name) */
		members = 0;
		m = root;
		do {	/* one set for all sites: keys of (this site, document, name) */
			const struct row *x = &R->r[m];
			uint64_t kk = k_docname(root, x->doc, x->norm) ^ 0x9e3779b97f4a7c15ULL;
			if (!set_has(&seen, kk | 1)) {
				if (set_add(&seen, kk | 1))
					goto nomem;
				members++;
			}
			m = R->next[m];
		} while (m != root);
		sqlite3_bind_int64(ins, 1, cl[i].id);
		sqlite3_bind_text(ins, 2, b->name, -1, SQLITE_STATIC);
		bind_text(ins, 3, state);
		bind_text(ins, 4, op);
		if (geo_row) {
			sqlite3_bind_double(ins, 5, geo_row->lat);
			sqlite3_bind_double(ins, 6, geo_row->lon);
		}
		sqlite3_bind_text(ins, 7, any_site ? "site" : kind_names[b->kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, kind_names[b->kind], -1, SQLITE_STATIC);
		bind_text(ins, 9, country);
		bind_text(ins, 10, partners.len ? partners.data : NULL);
		sqlite3_bind_int(ins, 11, members);
		bind_text(ins, 12, op ? NULL : opraw);
		if (step(db, ins)) {
			buf_release(&partners);
			goto out;
		}
		buf_release(&partners);
		m = root;
		do {
			const struct row *x = &R->r[m];
			sqlite3_bind_text(name, 1, x->norm, -1, SQLITE_STATIC);
			bind_text(name, 2, x->state ? x->state : state);
			sqlite3_bind_int64(name, 3, cl[i].id);
			if (step(db, name))
				goto out;
			m = R->next[m];
		} while (m != root);
		if (geo_row) {
			sqlite3_bind_int64(geo, 1, cl[i].id);
			sqlite3_bind_double(geo, 2, geo_row->lat);
			sqlite3_bind_double(geo, 3, geo_row->lon);
			if (step(db, geo))
				goto out;
		}
		buf_reset(&R->tmp);
		buf_printf(&R->tmp, "%s '%s' (%.12s %s)", kind_names[b->kind], b->name, b->doc, b->loc ? b->loc : "");
		sqlite3_bind_int64(link, 1, cl[i].id);
		sqlite3_bind_text(link, 2, buf_msg(&R->tmp), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(link, 3, rule_names[R_FOUNDER], -1, SQLITE_STATIC);
		sqlite3_bind_text(link, 4, "its best member", -1, SQLITE_STATIC);
		if (step(db, link))
			goto out;
	}
	for (i = 0; i < R->nj; i++) {
		const struct join *j = &R->j[i];
		const struct row *x = &R->r[j->b];
		buf_reset(&R->tmp);
		buf_printf(&R->tmp, "%s '%s' (%.12s %s)", kind_names[x->kind], x->name, x->doc, x->loc ? x->loc : "");
		buf_msg(&R->tmp);	/* a member's description, for people: a cut one ends "..." */
		if (!j->refused) {
			sqlite3_bind_int64(link, 1, site_of[j->b]);
			sqlite3_bind_text(link, 2, R->tmp.data, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(link, 3, rule_names[j->rule], -1, SQLITE_STATIC);
			bind_text(link, 4, j->evidence);
			if (step(db, link))
				goto out;
		} else if (site_of[j->a] != site_of[j->b]) {
			sqlite3_bind_int64(cand, 1, site_of[j->a]);
			sqlite3_bind_int64(cand, 2, site_of[j->b]);
			sqlite3_bind_text(cand, 3, rule_names[j->rule], -1, SQLITE_STATIC);
			sqlite3_bind_text(cand, 4, R->tmp.data, -1, SQLITE_TRANSIENT);
			bind_text(cand, 5, j->evidence);
			bind_text(cand, 6, j->refused);
			if (step(db, cand))
				goto out;
		}
	}
	for (i = 0; i < R->n; i++) {
		const struct row *x = &R->r[i];
		if (x->old_site == site_of[i])
			continue;
		sqlite3_bind_int64(upd[x->kind], 1, site_of[i]);
		sqlite3_bind_int64(upd[x->kind], 2, x->id);
		if (step(db, upd[x->kind]))
			goto out;
	}
	r = 0;
	goto out;
nomem:
	gw_error("site resolution: out of memory");
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(name);
	sqlite3_finalize(geo);
	sqlite3_finalize(link);
	sqlite3_finalize(cand);
	sqlite3_finalize(alias_st);
	for (k = 0; k < 3; k++)
		sqlite3_finalize(upd[k]);
	free(used.k);
	free(seen.k);
	free(cl);
	free(site_of);
	free(best);
	free(opov);
	return r;
}

int sites_resolve(sqlite3 *db, const char *overrides, int *bad)
{
	struct res R;
	struct gkey *idx = NULL;
	size_t i, k;
	int r = -1;

	memset(&R, 0, sizeof(R));
	buf_init(&R.tmp, BUF_TEXT_MAX);
	*bad = 0;
	if (load_rows(&R, db))
		goto out;
	if (read_overrides(&R, overrides, bad))
		goto nomem;
	if (R.n)
		qsort(R.r, R.n, sizeof(*R.r), row_cmp);
	R.nw = (R.nnot / 2 + 63) / 64;
	R.parent = malloc((R.n + 1) * sizeof(int));
	R.size = malloc((R.n + 1) * sizeof(int));
	R.next = malloc((R.n + 1) * sizeof(int));
	R.ops = calloc(R.n + 1, sizeof(*R.ops));
	R.state = calloc(R.n + 1, sizeof(*R.state));
	R.country = calloc(R.n + 1, sizeof(*R.country));
	R.notmask = calloc((R.n + 1) * 2 * (R.nw ? R.nw : 1), sizeof(uint64_t));
	idx = malloc((R.n + 1) * sizeof(*idx));
	if (!R.parent || !R.size || !R.next || !R.ops || !R.state || !R.country || !R.notmask || !idx)
		goto nomem;
	for (i = 0; i < R.n; i++) {
		const struct row *x = &R.r[i];
		R.parent[i] = R.next[i] = (int)i;
		R.size[i] = 1;
		R.ops[i][0] = x->op;
		R.state[i] = x->state;
		R.country[i] = x->country;
		if (set_add(&R.hd, k_doc((int)i, x->doc)) || set_add(&R.hdn, k_docname((int)i, x->doc, x->norm)))
			goto nomem;
		idx[i].k = x->norm;
		idx[i].row = (int)i;
	}
	if (R.n)
		qsort(idx, R.n, sizeof(*idx), gkey_cmp);
	for (k = 0; k + 1 < R.nnot; k += 2) {	/* "not" lines: a bit per line, per side */
		size_t line = k / 2, side, e, j;
		for (side = 0; side < 2; side++)
			for (j = name_range(idx, R.n, R.notl[k + side], &e); j < e; j++)
				R.notmask[(size_t)idx[j].row * 2 * R.nw + side * R.nw + line / 64] |= 1ULL << (line % 64);
	}
	/* 1. the rows of one name in one document are one member */
	{
		struct gkey *g = malloc((R.n + 1) * sizeof(*g));
		size_t n = 0, s = 0, e;
		if (!g)
			goto nomem;
		for (i = 0; i < R.n; i++) {
			buf_reset(&R.tmp);
			if (buf_printf(&R.tmp, "%s|%s", R.r[i].doc, R.r[i].norm))
				R.oom = 1;
			g[n].k = st_intern(&R.st, R.tmp.data, R.tmp.len, &R.oom);
			g[n++].row = (int)i;
		}
		if (R.oom) {
			free(g);
			goto nomem;
		}
		if (n)
			qsort(g, n, sizeof(*g), gkey_cmp);
		for (; s < n; s = e)
			for (e = s + 1; e < n && g[e].k == g[s].k; e++)
				if (join(&R, g[s].row, g[e].row, R_MENTION, 1, NULL) < 0) {
					free(g);
					goto nomem;
				}
		free(g);
	}
	/* 2. the analyst's "same" lines */
	for (k = 0; k < R.nsame; k++) {
		size_t e, j;
		int anchor = -1;	/* every row of every name of the line joins the first */
		for (; k < R.nsame && R.same[k]; k++)
			for (j = name_range(idx, R.n, R.same[k], &e); j < e; j++) {
				if (anchor < 0)
					anchor = idx[j].row;
				else if (join(&R, anchor, idx[j].row, R_OVERRIDE, 1,
					      dupf(&R, "override: '%s' is one campus with '%s'",
						   R.r[idx[j].row].name, R.r[anchor].name)) < 0)
					goto nomem;
			}
	}
	/* 3. the documents' own links; 4. addresses; 5. coordinates; 6. names; 7. core names; 8. places */
	if (by_links(&R) || by_key(&R, R_ADDRESS, cond_address) || by_coords(&R) ||
	    by_key(&R, R_NAME, cond_name) || by_key(&R, R_CORE, cond_core) || by_place(&R))
		goto nomem;
	if (R.oom)
		goto nomem;
	r = write_out(&R, db);
	goto out;
nomem:
	gw_error("site resolution: out of memory");
out:
	for (i = 0; i < R.nj; i++) {
		free(R.j[i].evidence);
		free(R.j[i].refused);
	}
	free(R.j);
	free(idx);
	free(R.parent);
	free(R.size);
	free(R.next);
	free(R.ops);
	free(R.state);
	free(R.country);
	free(R.notmask);
	free(R.hd.k);
	free(R.hdn.k);
	free(R.same);
	free(R.notl);
	free(R.opov);
	free(R.r);
	st_free(&R.st);
	buf_release(&R.tmp);
	return r;
}
