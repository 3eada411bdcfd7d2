#include "prices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/msg.h"
#include "db.h"
#include "spec.h"

#include "lib/banned.h"

/* INSERT of a copy of run ?1 starting at its sighting (?4 observed_at, ?2 doc_id, ?3 loc),
 * ending where run ?1 ends */
static sqlite3_stmt *prepare_copy(sqlite3 *db, const struct kind *k)
{
	struct buf sql = BUF_INIT(BUF_SQL_MAX);
	sqlite3_stmt *st = NULL;
	int f;

	buf_adds(&sql, "INSERT OR IGNORE INTO obs_gpu_price(key, doc_id, loc, as_of, run");
	for (f = 0; f < k->nfields; f++)
		buf_printf(&sql, ", %s", k->fields[f].name);
	buf_adds(&sql, ", last_observed) SELECT key, ?2, ?3, ?4, run");
	for (f = 0; f < k->nfields; f++)
		buf_printf(&sql, ", %s", strcmp(k->fields[f].name, "observed_at") ? k->fields[f].name : "?4");
	if (!buf_adds(&sql, ", coalesce(last_observed, observed_at) FROM obs_gpu_price WHERE id = ?1"))
		st = store_prepare(db, sql.data);
	buf_release(&sql);
	return st;
}

/* a sighting's document as its sha256, in the statements that order by it */
#define SHA "(SELECT sha256 FROM documents WHERE id = doc_id)"
#define STORED_LOC_MAX (1u << 20)	/* a locator copied from the store */
#define STORED_TEXT_MAX (64u << 20)	/* a value copied from the store, any length */

int prices_init(struct prices *p, sqlite3 *db)
{
	const struct kind *k;

	memset(p, 0, sizeof(*p));
	p->db = db;
	buf_init(&p->sobs, BUF_NAME_MAX);
	buf_init(&p->sloc, STORED_LOC_MAX);
	if (!(k = kind_find("gpu_price", &p->kind))) {
		gw_error("internal error: no gpu_price kind");
		return -1;
	}
	p->f_obs = kind_field(k, "observed_at");
	p->f_usd = kind_field(k, "usd_per_gpu_hour");
	p->f_price = kind_field(k, "price");
	/* runs in (observed_at, doc, loc) order, doc the sha256 (of documents, by doc_id): on
	 * index obs_gpu_price_run (key, observed_at), the rare ties of observed_at sorted */
	p->prev = store_prepare(db,
		"SELECT o.id, o.usd_per_gpu_hour, o.price, coalesce(o.last_observed, o.observed_at)"
		" FROM obs_gpu_price o JOIN documents d ON d.id = o.doc_id"
		" WHERE o.key = ?1 AND o.observed_at <= ?2 AND (o.observed_at, d.sha256, o.loc) <= (?2, ?3, ?4)"
		" ORDER BY o.observed_at DESC, d.sha256 DESC, o.loc DESC LIMIT 1");
	p->next = store_prepare(db,
		"SELECT o.id, o.usd_per_gpu_hour, o.price, coalesce(o.last_observed, o.observed_at)"
		" FROM obs_gpu_price o JOIN documents d ON d.id = o.doc_id"
		" WHERE o.key = ?1 AND o.observed_at >= ?2 AND (o.observed_at, d.sha256, o.loc) > (?2, ?3, ?4)"
		" ORDER BY o.observed_at, d.sha256, o.loc LIMIT 1");
	p->extend = store_prepare(db, "UPDATE obs_gpu_price SET last_observed = ?2"
		" WHERE id = ?1 AND (last_observed IS NULL OR last_observed < ?2)");
	p->drop = store_prepare(db, "DELETE FROM obs_gpu_price WHERE id = ?1");
	p->latest = store_prepare(db,
		"SELECT o.id, o.observed_at, o.usd_per_gpu_hour, o.price, coalesce(o.last_observed, o.observed_at)"
		" FROM obs_gpu_price o JOIN documents d ON d.id = o.doc_id WHERE o.key = ?1"
		" ORDER BY o.observed_at DESC, d.sha256 DESC, o.loc DESC LIMIT 1");
	/* a document's sightings of a run: its first and last (observed_at, loc), widened */
	p->sight = store_prepare(db,
		"INSERT INTO gpu_price_sightings(price, doc_id, first_observed, first_loc, last_observed, last_loc)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(price, doc_id) DO UPDATE SET"
		" first_observed = CASE WHEN (excluded.first_observed, excluded.first_loc) < (first_observed, first_loc)"
		"  THEN excluded.first_observed ELSE first_observed END,"
		" first_loc = CASE WHEN (excluded.first_observed, excluded.first_loc) < (first_observed, first_loc)"
		"  THEN excluded.first_loc ELSE first_loc END,"
		" last_observed = CASE WHEN (excluded.last_observed, excluded.last_loc) > (last_observed, last_loc)"
		"  THEN excluded.last_observed ELSE last_observed END,"
		" last_loc = CASE WHEN (excluded.last_observed, excluded.last_loc) > (last_observed, last_loc)"
		"  THEN excluded.last_loc ELSE last_loc END");
	/* run ?1's first sighting after (?2, ?3, ?4): a document's first one when all of its
	 * are after, else its last one (its sightings between are not kept) */
	p->after1 = store_prepare(db,
		"SELECT CASE WHEN (s.first_observed, d.sha256, s.first_loc) > (?2, ?3, ?4) THEN s.first_observed"
		"  ELSE s.last_observed END AS o, d.sha256,"
		" CASE WHEN (s.first_observed, d.sha256, s.first_loc) > (?2, ?3, ?4) THEN s.first_loc"
		"  ELSE s.last_loc END AS l, s.doc_id"
		" FROM gpu_price_sightings s JOIN documents d ON d.id = s.doc_id"
		" WHERE s.price = ?1 AND (s.last_observed, d.sha256, s.last_loc) > (?2, ?3, ?4)"
		" ORDER BY o, d.sha256, l LIMIT 1");
	p->copy = prepare_copy(db, k);
	/* splitting run ?2 at (?3, ?4, ?5) into new run ?1: the documents quoting it only after
	 * move; one quoting it on both sides keeps its first sighting, the new run its last */
	p->move = store_prepare(db, "UPDATE gpu_price_sightings SET price = ?1"
		" WHERE price = ?2 AND (first_observed, " SHA ", first_loc) > (?3, ?4, ?5)");
	p->straddle = store_prepare(db,
		"INSERT INTO gpu_price_sightings(price, doc_id, first_observed, first_loc, last_observed, last_loc)"
		" SELECT ?1, doc_id, last_observed, last_loc, last_observed, last_loc FROM gpu_price_sightings"
		" WHERE price = ?2 AND (first_observed, " SHA ", first_loc) < (?3, ?4, ?5)"
		" AND (last_observed, " SHA ", last_loc) > (?3, ?4, ?5)");
	p->trim = store_prepare(db, "UPDATE gpu_price_sightings SET last_observed = first_observed,"
		" last_loc = first_loc WHERE price = ?2 AND (first_observed, " SHA ", first_loc) < (?3, ?4, ?5)"
		" AND (last_observed, " SHA ", last_loc) > (?3, ?4, ?5) AND ?1 IS NOT NULL");
	p->relast = store_prepare(db, "UPDATE obs_gpu_price SET last_observed ="
		" (SELECT max(last_observed) FROM gpu_price_sightings WHERE price = ?1) WHERE id = ?1");
	p->swap = store_prepare(db, "UPDATE obs_gpu_price SET id = ?2, last_observed = ?3 WHERE id = ?1");
	if (!p->prev || !p->next || !p->extend || !p->drop || !p->latest || !p->sight || !p->after1 ||
	    !p->copy || !p->move || !p->straddle || !p->trim || !p->relast || !p->swap)
		return -1;
	return 0;
}

void prices_release(struct prices *p)
{
	free(p->seen);
	p->seen = NULL;
	p->nseen = p->capseen = 0;
	sqlite3_finalize(p->prev);
	sqlite3_finalize(p->next);
	sqlite3_finalize(p->extend);
	sqlite3_finalize(p->drop);
	sqlite3_finalize(p->latest);
	sqlite3_finalize(p->sight);
	sqlite3_finalize(p->after1);
	sqlite3_finalize(p->copy);
	sqlite3_finalize(p->move);
	sqlite3_finalize(p->straddle);
	sqlite3_finalize(p->trim);
	sqlite3_finalize(p->relast);
	sqlite3_finalize(p->swap);
	p->prev = p->next = p->extend = p->drop = p->latest = NULL;
	p->sight = p->after1 = p->copy = p->move = p->relast = p->swap = p->straddle = p->trim = NULL;
	buf_release(&p->sobs);
	buf_release(&p->sloc);
	if (p->tails) {
		size_t i;
		for (i = 0; i < p->captails; i++) {
			free(p->tails[i].key);
			free(p->tails[i].pend);
		}
		free(p->tails);
	}
	p->tails = NULL;
	p->ntails = p->captails = 0;
}

/* copies s into d of size n, cut to fit (snprintf's work without its cost: this is per quote) */
static void cpy(char *d, size_t n, const char *s)
{
	size_t k = strlen(s);

	if (k >= n)
		k = n - 1;
	memcpy(d, s, k);
	d[k] = '\0';
}

/* the quote in the row of st equals (usd, price) */
static int same(sqlite3_stmt *st, double usd, int has_price, double price)
{
	if (sqlite3_column_double(st, 1) != usd)
		return 0;
	if (sqlite3_column_type(st, 2) == SQLITE_NULL)
		return !has_price;
	return has_price && sqlite3_column_double(st, 2) == price;
}

static int fail(struct prices *p)
{
	gw_error("%s: price history: %s", sqlite3_db_filename(p->db, "main"), sqlite3_errmsg(p->db));
	return -1;
}

static int run1(struct prices *p, sqlite3_stmt *st, long long id, const char *text)
{
	int rc;

	sqlite3_bind_int64(st, 1, id);
	if (text)
		sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(p);
}

static struct price_seen *seen_slot(struct prices *p, long long id)
{
	size_t i = (size_t)id * 0x9E3779B97F4A7C15ull % p->capseen;

	while (p->seen[i].id && p->seen[i].id != id)
		i = (i + 1) % p->capseen;
	return &p->seen[i];
}

static struct price_seen *seen_find(struct prices *p, long long id)
{
	struct price_seen *e;

	if (!p->capseen)
		return NULL;
	e = seen_slot(p, id);
	return e->id == id ? e : NULL;
}

/* notes that run id was last observed at last (if later than noted); 0 or -1 */
static int seen_put(struct prices *p, long long id, const char *last)
{
	struct price_seen *e;

	if (strlen(last) >= sizeof(e->last))	/* too long to keep: written now */
		return run1(p, p->extend, id, last);
	if (2 * (p->nseen + 1) > p->capseen) {
		size_t i, oc = p->capseen, nc = oc ? oc * 2 : 4096;
		struct price_seen *old = p->seen, *ns = calloc(nc, sizeof(*ns));
		if (!ns) {
			gw_error("out of memory");
			return -1;
		}
		p->seen = ns;
		p->capseen = nc;
		p->nseen = 0;
		for (i = 0; i < oc; i++)
			if (old[i].id > 0) {
				*seen_slot(p, old[i].id) = old[i];
				p->nseen++;
			}
		free(old);
	}
	e = seen_slot(p, id);
	if (e->id != id) {
		e->id = id;
		e->last[0] = '\0';
		p->nseen++;
	}
	if (strcmp(e->last, last) < 0)
		cpy(e->last, sizeof(e->last), last);
	return 0;
}

static int pend_flush(struct prices *p, struct price_tail *t);

int prices_flush(struct prices *p)
{
	size_t i;

	for (i = 0; i < p->captails; i++)
		if (p->tails[i].key && pend_flush(p, &p->tails[i]))
			return -1;
	for (i = 0; i < p->capseen; i++)
		if (p->seen[i].id > 0 && run1(p, p->extend, p->seen[i].id, p->seen[i].last))
			return -1;
	free(p->seen);
	p->seen = NULL;
	p->nseen = p->capseen = 0;
	return 0;
}

static size_t key_hash(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	/* FNV-1a's low bits, which pick the slot, depend on the low bits of the bytes only:
	 * mixed with the high ones, keys alike (prov001|h100-sxm|...) no longer cluster */
	h ^= h >> 32;
	h *= 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 29);
}

static struct price_tail *tail_slot(struct price_tail *t, size_t cap, const char *key)
{
	size_t i = key_hash(key) % cap;

	while (t[i].key && strcmp(t[i].key, key))
		i = (i + 1) % cap;
	return &t[i];
}

/* the key's entry, added (unknown) if new; NULL past PRICES_TAIL_MAX or out of memory */
static struct price_tail *tail_get(struct prices *p, const char *key)
{
	struct price_tail *e;

	if (2 * (p->ntails + 1) > p->captails) {
		size_t i, oc = p->captails, nc = oc ? oc * 2 : 4096;
		struct price_tail *nt;
		if (p->ntails >= PRICES_TAIL_MAX)
			return p->captails ? (e = tail_slot(p->tails, p->captails, key))->key ? e : NULL : NULL;
		if (!(nt = calloc(nc, sizeof(*nt))))
			return NULL;
		for (i = 0; i < oc; i++)
			if (p->tails[i].key)
				*tail_slot(nt, nc, p->tails[i].key) = p->tails[i];
		free(p->tails);
		p->tails = nt;
		p->captails = nc;
	}
	e = tail_slot(p->tails, p->captails, key);
	if (!e->key) {
		if (!(e->key = strdup(key)))
			return NULL;
		e->valid = 0;
		p->ntails++;
	}
	return e;
}

/* reads the key's latest stored run into e; 0 or -1 */
static int tail_load(struct prices *p, struct price_tail *e)
{
	struct price_seen *s;
	int rc;

	sqlite3_bind_text(p->latest, 1, e->key, -1, SQLITE_STATIC);
	rc = sqlite3_step(p->latest);
	if (rc == SQLITE_ROW) {
		e->id = sqlite3_column_int64(p->latest, 0);
		cpy(e->obs, sizeof(e->obs), (const char *)sqlite3_column_text(p->latest, 1));
		e->usd = sqlite3_column_double(p->latest, 2);
		e->has_price = sqlite3_column_type(p->latest, 3) != SQLITE_NULL;
		e->price = sqlite3_column_double(p->latest, 3);
		cpy(e->last, sizeof(e->last), (const char *)sqlite3_column_text(p->latest, 4));
		if ((s = seen_find(p, e->id)) && strcmp(s->last, e->last) > 0)	/* not written yet */
			cpy(e->last, sizeof(e->last), s->last);
	} else if (rc == SQLITE_DONE) {
		e->id = 0;	/* no run yet */
	}
	sqlite3_reset(p->latest);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(p);
	e->valid = 1;
	return 0;
}

/* binds key (or the run id when key is NULL), then observed_at, doc, loc as ?2..?4 */
static void bind_where(sqlite3_stmt *st, const char *key, long long id, const char *observed_at,
		       const char *doc, const char *loc)
{
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, observed_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, loc, -1, SQLITE_STATIC);
}

/* document doc_id saw run id from (fo, fl) to (lo, ll); 0 or -1 */
static int sight_range(struct prices *p, long long id, long long doc_id, const char *fo, const char *fl,
		       const char *lo, const char *ll)
{
	sqlite3_stmt *st = p->sight;
	int rc;

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, doc_id);
	sqlite3_bind_text(st, 3, fo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, fl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ll, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(p);
}

/* writes what t has pending; 0 or -1 */
static int pend_flush(struct prices *p, struct price_tail *t)
{
	struct price_pending *e = t->pend;

	long long id;

	if (!e || !e->id)
		return 0;
	id = e->id;
	e->id = 0;
	return sight_range(p, id, e->doc_id, e->first, e->first_loc, e->last, e->last_loc);
}

/* (o1, l1) before (o2, l2) */
static int before(const char *o1, const char *l1, const char *o2, const char *l2)
{
	int c = strcmp(o1, o2);

	return c < 0 || (c == 0 && strcmp(l1, l2) < 0);
}

/* the quote read at doc and loc is a sighting of run id, noted in t's pending range when it
 * can be (t may be NULL); 0 or -1 */
static int sight(struct prices *p, struct price_tail *t, long long id, const char *observed_at,
		 long long doc_id, const char *loc)
{
	struct price_pending *e;

	if (!t || strlen(loc) >= sizeof(e->first_loc))
		return sight_range(p, id, doc_id, observed_at, loc, observed_at, loc);
	if ((e = t->pend) && e->id == id && e->doc_id == doc_id) {
		if (before(observed_at, loc, e->first, e->first_loc)) {
			cpy(e->first, sizeof(e->first), observed_at);
			cpy(e->first_loc, sizeof(e->first_loc), loc);
		}
		if (before(e->last, e->last_loc, observed_at, loc)) {
			cpy(e->last, sizeof(e->last), observed_at);
			cpy(e->last_loc, sizeof(e->last_loc), loc);
		}
		return 0;
	}
	if (pend_flush(p, t))
		return -1;
	if (!t->pend && !(t->pend = calloc(1, sizeof(*t->pend)))) {
		gw_error("out of memory");
		return -1;
	}
	e = t->pend;
	e->id = id;
	e->doc_id = doc_id;
	cpy(e->first, sizeof(e->first), observed_at);
	cpy(e->first_loc, sizeof(e->first_loc), loc);
	cpy(e->last, sizeof(e->last), observed_at);
	cpy(e->last_loc, sizeof(e->last_loc), loc);
	return 0;
}

int prices_before(struct prices *p, const char *key, const char *observed_at, const char *doc,
		  long long doc_id, const char *loc, double usd, int has_price, double price)
{
	int rc, r = 0;
	long long id = 0;
	const char *last;
	int extend = 0;
	struct price_tail *t;

	p->inorder = 0;
	p->split = 0;
	p->cur = t = tail_get(p, key);
	if (t && !t->valid && tail_load(p, t))
		return -1;
	if (t && strlen(observed_at) >= sizeof(t->obs)) {	/* too long to compare here */
		t->valid = 0;
		if (pend_flush(p, t))
			return -1;
		p->cur = t = NULL;
	}
	/* in order (the common case), known without asking the store again: the key has no
	 * run yet; or the quote equals its latest run and is later than that run's start
	 * (a sighting of it); or it differs and is later than every quote of that run (a
	 * new run, nothing after it) */
	if (t) {
		int eq = t->id && t->usd == usd && t->has_price == has_price && (!has_price || t->price == price);
		if (!t->id || (eq && strcmp(observed_at, t->obs) > 0) || (!eq && strcmp(observed_at, t->last) > 0)) {
			p->inorder = 1;
			if (!eq)
				return 0;
			if (strcmp(observed_at, t->last) > 0) {
				cpy(t->last, sizeof(t->last), observed_at);
				if (seen_put(p, t->id, observed_at))
					return -1;
			}
			return sight(p, t, t->id, observed_at, doc_id, loc) ? -1 : 1;
		}
		t->valid = 0;	/* out of order: its runs may change; ask the store next time */
		if (pend_flush(p, t))	/* the store's sightings complete before it is asked */
			return -1;
	}
	/* the run it falls in: the latest starting at or before it */
	bind_where(p->prev, key, 0, observed_at, doc, loc);
	rc = sqlite3_step(p->prev);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(p->prev, 0);
		if (same(p->prev, usd, has_price, price)) {
			r = 1;
			last = (const char *)sqlite3_column_text(p->prev, 3);
			extend = !last || strcmp(last, observed_at) < 0;
		}
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(p->prev);
		return fail(p);
	}
	sqlite3_reset(p->prev);
	if (r) {
		if (extend && seen_put(p, id, observed_at))	/* written by prices_flush */
			return -1;
		return sight(p, NULL, id, observed_at, doc_id, loc) ? -1 : 1;
	}
	if (!id)
		return 0;
	/* another quote: does that run have sightings after this one? Then it is split */
	bind_where(p->after1, NULL, id, observed_at, doc, loc);
	rc = sqlite3_step(p->after1);
	if (rc == SQLITE_ROW) {
		buf_reset(&p->sobs);
		buf_reset(&p->sloc);
		if (buf_adds(&p->sobs, (const char *)sqlite3_column_text(p->after1, 0)) ||
		    buf_adds(&p->sloc, (const char *)sqlite3_column_text(p->after1, 2))) {
			sqlite3_reset(p->after1);
			gw_error("out of memory");
			return -1;
		}
		p->split = id;
		p->sdoc_id = sqlite3_column_int64(p->after1, 3);
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(p->after1);
		return fail(p);
	}
	sqlite3_reset(p->after1);
	return 0;
}

/* runs st with the new run ?1, the old ?2, and the quote's place ?3..?5; 0 or -1 */
static int split1(struct prices *p, sqlite3_stmt *st, long long nid, long long old,
		  const char *observed_at, const char *doc, const char *loc)
{
	int rc;

	sqlite3_bind_int64(st, 1, nid);
	sqlite3_bind_int64(st, 2, old);
	sqlite3_bind_text(st, 3, observed_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, loc, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(p);
}

/* splits run p->split at the quote (observed_at, doc, loc) inside it: its sightings after
 * the quote become a new run of the same quote, starting at (p->sobs, p->sdoc_id, p->sloc); 0 or -1 */
static int split(struct prices *p, const char *observed_at, const char *doc, const char *loc)
{
	long long old = p->split, nid;
	struct price_seen *e;
	char pending[sizeof(e->last)] = "";
	const char *fo = buf_str(&p->sobs), *fl = buf_str(&p->sloc);
	int rc;

	/* the new run ends where the old one did (its last_observed, or a later one
	 * pending in p->seen); the old one at its last sighting left */
	if ((e = seen_find(p, old))) {
		cpy(pending, sizeof(pending), e->last);
		e->id = -1;	/* now the new run's: a tombstone, not written */
	}
	sqlite3_bind_int64(p->copy, 1, old);
	sqlite3_bind_int64(p->copy, 2, p->sdoc_id);
	sqlite3_bind_text(p->copy, 3, fl, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->copy, 4, fo, -1, SQLITE_STATIC);
	rc = sqlite3_step(p->copy);
	sqlite3_reset(p->copy);
	if (rc != SQLITE_DONE)
		return fail(p);
	if (!sqlite3_changes(p->db))	/* that sighting's (doc, loc) starts a run already: left as is */
		return pending[0] ? seen_put(p, old, pending) : 0;
	nid = sqlite3_last_insert_rowid(p->db);
	/* straddling documents first (their rows are still the old run's), then the rest */
	if (split1(p, p->straddle, nid, old, observed_at, doc, loc) ||
	    split1(p, p->trim, nid, old, observed_at, doc, loc) ||
	    split1(p, p->move, nid, old, observed_at, doc, loc))
		return -1;
	if (run1(p, p->relast, old, NULL))
		return -1;
	if (pending[0] && seen_put(p, nid, pending))
		return -1;
	return 0;
}

int prices_after(struct prices *p, long long id, const char *key, const char *observed_at,
		 const char *doc, long long doc_id, const char *loc, double usd, int has_price, double price)
{
	int rc;
	long long nid = 0;
	struct buf last = BUF_INIT(STORED_TEXT_MAX);	/* the later run's last_observed, any length */
	int r = 0;

	if (p->inorder && p->cur) {	/* no run after it: it is the key's latest now */
		p->cur->id = id;
		cpy(p->cur->obs, sizeof(p->cur->obs), observed_at);
		cpy(p->cur->last, sizeof(p->cur->last), observed_at);
		p->cur->usd = usd;
		p->cur->has_price = has_price;
		p->cur->price = price;
		return sight(p, p->cur, id, observed_at, doc_id, loc);
	}
	if (p->split) {		/* inside a run of another quote: its later part is a run again */
		if (split(p, observed_at, doc, loc))
			return -1;
		return sight(p, NULL, id, observed_at, doc_id, loc);
	}
	bind_where(p->next, key, 0, observed_at, doc, loc);
	rc = sqlite3_step(p->next);
	if (rc == SQLITE_ROW && same(p->next, usd, has_price, price)) {
		nid = sqlite3_column_int64(p->next, 0);
		if (buf_adds(&last, (const char *)sqlite3_column_text(p->next, 3))) {
			sqlite3_reset(p->next);
			gw_error("out of memory");
			return -1;
		}
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(p->next);
		return fail(p);
	}
	sqlite3_reset(p->next);
	if (nid) {
		/* the next run has the same quote: this row is its first quote now. The run
		 * keeps its id (so its sightings and any last_observed pending in p->seen
		 * stay its own): the later row goes, this row takes its id and end. */
		if (run1(p, p->drop, nid, NULL))
			r = -1;
		if (!r) {
			sqlite3_bind_int64(p->swap, 1, id);
			sqlite3_bind_int64(p->swap, 2, nid);
			sqlite3_bind_text(p->swap, 3, buf_str(&last), -1, SQLITE_STATIC);
			rc = sqlite3_step(p->swap);
			sqlite3_reset(p->swap);
			if (rc != SQLITE_DONE)
				r = fail(p);
		}
		id = nid;
	}
	buf_release(&last);
	if (!r && sight(p, NULL, id, observed_at, doc_id, loc))
		r = -1;
	return r;
}
