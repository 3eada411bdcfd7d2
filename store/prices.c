#include "prices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/msg.h"
#include "db.h"
#include "spec.h"

int prices_init(struct prices *p, sqlite3 *db)
{
	const struct kind *k;

	memset(p, 0, sizeof(*p));
	p->db = db;
	if (!(k = kind_find("gpu_price", &p->kind))) {
		gw_error("internal error: no gpu_price kind");
		return -1;
	}
	p->f_obs = kind_field(k, "observed_at");
	p->f_usd = kind_field(k, "usd_per_gpu_hour");
	p->f_price = kind_field(k, "price");
	p->prev = store_prepare(db,
		"SELECT id, usd_per_gpu_hour, price, last_observed FROM obs_gpu_price"
		" WHERE key = ?1 AND observed_at <= ?2 ORDER BY observed_at DESC, id DESC LIMIT 1");
	p->next = store_prepare(db,
		"SELECT id, usd_per_gpu_hour, price, coalesce(last_observed, observed_at) FROM obs_gpu_price"
		" WHERE key = ?1 AND observed_at > ?2 ORDER BY observed_at, id LIMIT 1");
	p->extend = store_prepare(db, "UPDATE obs_gpu_price SET last_observed = ?2"
		" WHERE id = ?1 AND (last_observed IS NULL OR last_observed < ?2)");
	p->drop = store_prepare(db, "DELETE FROM obs_gpu_price WHERE id = ?1");
	p->latest = store_prepare(db,
		"SELECT id, observed_at, usd_per_gpu_hour, price FROM obs_gpu_price"
		" WHERE key = ?1 ORDER BY observed_at DESC, id DESC LIMIT 1");
	if (!p->prev || !p->next || !p->extend || !p->drop || !p->latest)
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
	p->prev = p->next = p->extend = p->drop = p->latest = NULL;
	if (p->tails) {
		size_t i;
		for (i = 0; i < p->captails; i++)
			free(p->tails[i].key);
		free(p->tails);
	}
	p->tails = NULL;
	p->ntails = p->captails = 0;
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
		snprintf(e->last, sizeof(e->last), "%s", last);
	return 0;
}

int prices_flush(struct prices *p)
{
	size_t i;

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
	return h;
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
	int rc;

	sqlite3_bind_text(p->latest, 1, e->key, -1, SQLITE_STATIC);
	rc = sqlite3_step(p->latest);
	if (rc == SQLITE_ROW) {
		e->id = sqlite3_column_int64(p->latest, 0);
		snprintf(e->obs, sizeof(e->obs), "%s", (const char *)sqlite3_column_text(p->latest, 1));
		e->usd = sqlite3_column_double(p->latest, 2);
		e->has_price = sqlite3_column_type(p->latest, 3) != SQLITE_NULL;
		e->price = sqlite3_column_double(p->latest, 3);
	} else if (rc == SQLITE_DONE) {
		e->id = 0;	/* no run yet */
	}
	sqlite3_reset(p->latest);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(p);
	e->valid = 1;
	return 0;
}

int prices_before(struct prices *p, const char *key, const char *observed_at, double usd,
		  int has_price, double price)
{
	int rc, r = 0;
	long long id = 0;
	const char *last;
	int extend = 0;
	struct price_tail *t;

	/* in order (the common case): the key's latest run is the one before, known
	 * without asking the store again */
	p->inorder = 0;
	p->cur = t = strlen(observed_at) < sizeof(t->obs) ? tail_get(p, key) : NULL;
	if (t && !t->valid && tail_load(p, t))
		return -1;
	if (t && (!t->id || strcmp(observed_at, t->obs) >= 0)) {
		p->inorder = 1;
		if (t->id && t->usd == usd && t->has_price == has_price && (!has_price || t->price == price)) {
			if (seen_put(p, t->id, observed_at))
				return -1;
			return 1;
		}
		return 0;
	}
	sqlite3_bind_text(p->prev, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->prev, 2, observed_at, -1, SQLITE_STATIC);
	rc = sqlite3_step(p->prev);
	if (rc == SQLITE_ROW && same(p->prev, usd, has_price, price)) {
		r = 1;
		id = sqlite3_column_int64(p->prev, 0);
		last = (const char *)sqlite3_column_text(p->prev, 3);
		extend = !last || strcmp(last, observed_at) < 0;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(p->prev);
		return fail(p);
	}
	sqlite3_reset(p->prev);
	if (extend && seen_put(p, id, observed_at))	/* written by prices_flush */
		return -1;
	return r;
}

int prices_after(struct prices *p, long long id, const char *key, const char *observed_at,
		 double usd, int has_price, double price)
{
	int rc;
	long long nid = 0;
	struct buf last = BUF_INIT(64u << 20);	/* the later run's last_observed, any length */
	struct price_seen *e;
	int r = 0;

	if (p->inorder && p->cur) {	/* no run after it: it is the key's latest now */
		p->cur->id = id;
		snprintf(p->cur->obs, sizeof(p->cur->obs), "%s", observed_at);
		p->cur->usd = usd;
		p->cur->has_price = has_price;
		p->cur->price = price;
		return 0;
	}
	if (p->cur)	/* out of order: the latest run may change; ask the store next time */
		p->cur->valid = 0;
	sqlite3_bind_text(p->next, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->next, 2, observed_at, -1, SQLITE_STATIC);
	rc = sqlite3_step(p->next);
	if (rc == SQLITE_ROW && same(p->next, usd, has_price, price)) {
		nid = sqlite3_column_int64(p->next, 0);
		buf_adds(&last, (const char *)sqlite3_column_text(p->next, 3));
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(p->next);
		return fail(p);
	}
	sqlite3_reset(p->next);
	if (!nid)
		return 0;
	if ((e = seen_find(p, nid))) {	/* the later run was seen again in this load */
		if (strcmp(e->last, buf_str(&last)) > 0) {
			buf_reset(&last);
			buf_adds(&last, e->last);
		}
		e->id = -1;		/* deleted: not written; its slot stays a tombstone */
	}
	if (run1(p, p->drop, nid, NULL) || seen_put(p, id, buf_str(&last)))
		r = -1;
	buf_release(&last);
	return r;
}
