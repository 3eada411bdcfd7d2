#include "prices.h"

#include <stdio.h>
#include <string.h>

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
	p->extend = store_prepare(db, "UPDATE obs_gpu_price SET last_observed = ?2 WHERE id = ?1");
	p->drop = store_prepare(db, "DELETE FROM obs_gpu_price WHERE id = ?1");
	if (!p->prev || !p->next || !p->extend || !p->drop)
		return -1;
	return 0;
}

void prices_release(struct prices *p)
{
	sqlite3_finalize(p->prev);
	sqlite3_finalize(p->next);
	sqlite3_finalize(p->extend);
	sqlite3_finalize(p->drop);
	p->prev = p->next = p->extend = p->drop = NULL;
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

int prices_before(struct prices *p, const char *key, const char *observed_at, double usd,
		  int has_price, double price)
{
	int rc, r = 0;
	long long id = 0;
	const char *last;
	int extend = 0;

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
	if (extend && run1(p, p->extend, id, observed_at))
		return -1;
	return r;
}

int prices_after(struct prices *p, long long id, const char *key, const char *observed_at,
		 double usd, int has_price, double price)
{
	int rc;
	long long nid = 0;
	char last[64] = "";

	sqlite3_bind_text(p->next, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(p->next, 2, observed_at, -1, SQLITE_STATIC);
	rc = sqlite3_step(p->next);
	if (rc == SQLITE_ROW && same(p->next, usd, has_price, price)) {
		nid = sqlite3_column_int64(p->next, 0);
		snprintf(last, sizeof(last), "%s", (const char *)sqlite3_column_text(p->next, 3));
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(p->next);
		return fail(p);
	}
	sqlite3_reset(p->next);
	if (!nid)
		return 0;
	if (run1(p, p->drop, nid, NULL) || run1(p, p->extend, id, last))
		return -1;
	return 0;
}
