#include "resolve.h"
#include "sites.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "../lib/msg.h"
#include "db.h"

enum { K_SITE, K_CAPACITY, K_PERMIT };

/* The observation's name, state, lat, lon, operator_id, street address, in that order. */
static const char *const get_sql[3] = {
	"SELECT name, state, lat, lon, operator_id, address FROM obs_site WHERE id = ?1",
	"SELECT site, state, NULL, NULL, operator_id, NULL FROM obs_capacity WHERE id = ?1",
	"SELECT site, state, NULL, NULL, operator_id, address FROM obs_permit WHERE id = ?1",
};
static const char *const set_sql[3] = {
	"UPDATE obs_site SET site_id = ?1 WHERE id = ?2",
	"UPDATE obs_capacity SET site_id = ?1 WHERE id = ?2",
	"UPDATE obs_permit SET site_id = ?1 WHERE id = ?2",
};

int sites_init(struct sites *s, sqlite3 *db)
{
	int k;

	memset(s, 0, sizeof(*s));
	s->db = db;
	buf_init(&s->norm, 4096);
	for (k = 0; k < 3; k++)
		if (!(s->get[k] = store_prepare(db, get_sql[k])) ||
		    !(s->set[k] = store_prepare(db, set_sql[k])))
			return -1;
	s->near = store_prepare(db,
		"SELECT g.id, s.lat, s.lon, s.operator_id FROM sites_geo g JOIN sites s ON s.id = g.id"
		" WHERE g.max_lat >= ?1 AND g.min_lat <= ?2 AND g.max_lon >= ?3 AND g.min_lon <= ?4");
	s->byname = store_prepare(db,
		"SELECT DISTINCT n.site_id, s.lat, s.lon FROM site_names n JOIN sites s ON s.id = n.site_id"
		" WHERE n.norm = ?1 AND (?2 IS NULL OR n.state = ?2 OR n.state = '') LIMIT 3");
	s->add = store_prepare(db,
		"INSERT INTO sites(name, state, operator_id, lat, lon, origin, first_kind)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
	s->addname = store_prepare(db,
		"INSERT INTO site_names(norm, state, site_id) VALUES (?1, coalesce(?2, ''), ?3)"
		" ON CONFLICT DO NOTHING");
	s->addgeo = store_prepare(db,
		"INSERT OR REPLACE INTO sites_geo(id, min_lat, max_lat, min_lon, max_lon) VALUES (?1, ?2, ?2, ?3, ?3)");
	s->setgeo = store_prepare(db, "UPDATE sites SET lat = ?2, lon = ?3 WHERE id = ?1 AND lat IS NULL");
	s->matched = store_prepare(db,
		"UPDATE sites SET origin = 'site', operator_id = coalesce(operator_id, ?2) WHERE id = ?1");
	if (!s->near || !s->byname || !s->add || !s->addname || !s->addgeo ||
	    !s->setgeo || !s->matched)
		return -1;
	return 0;
}

void sites_release(struct sites *s)
{
	int k;

	for (k = 0; k < 3; k++) {
		sqlite3_finalize(s->get[k]);
		sqlite3_finalize(s->set[k]);
	}
	sqlite3_finalize(s->near);
	sqlite3_finalize(s->byname);
	sqlite3_finalize(s->add);
	sqlite3_finalize(s->addname);
	sqlite3_finalize(s->addgeo);
	sqlite3_finalize(s->setgeo);
	sqlite3_finalize(s->matched);
	buf_release(&s->norm);
	memset(s, 0, sizeof(*s));
}

double sites_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371008.8, rad = M_PI / 180;
	double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
	double h = sin(dp / 2) * sin(dp / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dl / 2) * sin(dl / 2);

	return 2 * r * asin(sqrt(h > 1 ? 1 : h));
}

/*
 * Lower case letters and digits (and bytes of UTF-8 text), runs of anything
 * else to one space, after prefix ("" for names, "@" for street addresses).
 */
static int name_norm(const char *n, const char *prefix, struct buf *out)
{
	buf_reset(out);
	if (buf_adds(out, prefix) || name_fold(n, strlen(n), 0, out))
		return -1;
	return out->len > strlen(prefix) ? 0 : -1;
}

/*
 * A street address ("5420 Tulane Rd, Memphis, TN 38109") names one place; a
 * town or a county ("Holly Ridge, LA 71269") does not: only an address that
 * starts with a house number is used to match.
 */
static int street_address(const char *a)
{
	return a && isdigit((unsigned char)a[0]);
}


static int fail(struct sites *s)
{
	gw_error("%s: site resolution: %s", sqlite3_db_filename(s->db, "main"), sqlite3_errmsg(s->db));
	return -1;
}

static int step_done(struct sites *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : fail(s);
}

/* Adds s->norm as a name of site id. */
static int add_name(struct sites *s, const char *state, long long id)
{
	sqlite3_bind_text(s->addname, 1, s->norm.data, (int)s->norm.len, SQLITE_STATIC);
	sqlite3_bind_text(s->addname, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->addname, 3, id);
	return step_done(s, s->addname);
}

/* The nearest site within SITES_NEAR_M of an operator that does not conflict; 0 if none. */
static long long by_coords(struct sites *s, double lat, double lon, const char *op)
{
	double dlat = SITES_NEAR_M / 111195.0;
	double c = cos(lat * M_PI / 180), dlon = dlat / (c > 0.01 ? c : 0.01), best = SITES_NEAR_M;
	long long id = 0;
	int rc;

	sqlite3_bind_double(s->near, 1, lat - dlat);
	sqlite3_bind_double(s->near, 2, lat + dlat);
	sqlite3_bind_double(s->near, 3, lon - dlon);
	sqlite3_bind_double(s->near, 4, lon + dlon);
	while ((rc = sqlite3_step(s->near)) == SQLITE_ROW) {
		const char *sop = (const char *)sqlite3_column_text(s->near, 3);
		double d;
		if (op && sop && strcmp(op, sop))
			continue;
		d = sites_distance_m(lat, lon, sqlite3_column_double(s->near, 1),
				     sqlite3_column_double(s->near, 2));
		if (d <= best) {
			best = d;
			id = sqlite3_column_int64(s->near, 0);
		}
	}
	sqlite3_reset(s->near);
	sqlite3_clear_bindings(s->near);
	return rc == SQLITE_DONE ? id : -1;
}

/* The site seen under this name (in this state; with no state, the only one); 0 if none. */
static long long by_name(struct sites *s, const char *state, int geo, double lat, double lon)
{
	long long id = 0;
	int rc, n = 0;

	sqlite3_bind_text(s->byname, 1, s->norm.data, (int)s->norm.len, SQLITE_STATIC);
	if (state)
		sqlite3_bind_text(s->byname, 2, state, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s->byname)) == SQLITE_ROW) {
		if (geo && sqlite3_column_type(s->byname, 1) != SQLITE_NULL &&
		    sites_distance_m(lat, lon, sqlite3_column_double(s->byname, 1),
				     sqlite3_column_double(s->byname, 2)) > SITES_NAME_M)
			continue;
		if (!n++)
			id = sqlite3_column_int64(s->byname, 0);
	}
	sqlite3_reset(s->byname);
	sqlite3_clear_bindings(s->byname);
	if (rc != SQLITE_DONE)
		return -1;
	return (state || n == 1) ? id : 0;
}

int sites_observe(struct sites *s, const char *kind, long long obs)
{
	sqlite3_stmt *g;
	const char *name, *state, *op, *addr;
	int k, geo, rc, r = -1;
	double lat = 0, lon = 0;
	long long id = 0;

	if (!strcmp(kind, "site"))
		k = K_SITE;
	else if (!strcmp(kind, "capacity"))
		k = K_CAPACITY;
	else if (!strcmp(kind, "permit"))
		k = K_PERMIT;
	else
		return 0;
	g = s->get[k];
	sqlite3_bind_int64(g, 1, obs);
	if ((rc = sqlite3_step(g)) != SQLITE_ROW) {
		sqlite3_reset(g);
		return rc == SQLITE_DONE ? 0 : fail(s);
	}
	name = (const char *)sqlite3_column_text(g, 0);
	state = (const char *)sqlite3_column_text(g, 1);
	op = (const char *)sqlite3_column_text(g, 4);
	addr = (const char *)sqlite3_column_text(g, 5);
	geo = sqlite3_column_type(g, 2) != SQLITE_NULL && sqlite3_column_type(g, 3) != SQLITE_NULL;
	if (geo) {
		lat = sqlite3_column_double(g, 2);
		lon = sqlite3_column_double(g, 3);
	}
	if (!name || name_norm(name, "", &s->norm)) {
		r = 0;	/* a permit that names no site: nothing to resolve */
		goto out;
	}
	if (state && !*state)
		state = NULL;
	if (geo && (id = by_coords(s, lat, lon, op)) < 0)
		goto err;
	if (!id && (id = by_name(s, state, geo, lat, lon)) < 0)
		goto err;
	if (!id && state && street_address(addr) && !name_norm(addr, "@", &s->norm)) {
		if ((id = by_name(s, state, geo, lat, lon)) < 0)
			goto err;
		name_norm(name, "", &s->norm);
	}
	if (!id) {
		sqlite3_bind_text(s->add, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->add, 2, state, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->add, 3, op, -1, SQLITE_STATIC);
		if (geo) {
			sqlite3_bind_double(s->add, 4, lat);
			sqlite3_bind_double(s->add, 5, lon);
		}
		sqlite3_bind_text(s->add, 6, kind, -1, SQLITE_STATIC);
		if (step_done(s, s->add))
			goto out;
		id = sqlite3_last_insert_rowid(s->db);
		if (geo) {
			sqlite3_bind_int64(s->addgeo, 1, id);
			sqlite3_bind_double(s->addgeo, 2, lat);
			sqlite3_bind_double(s->addgeo, 3, lon);
			if (step_done(s, s->addgeo))
				goto out;
		}
	} else if (k == K_SITE) {
		sqlite3_bind_int64(s->matched, 1, id);
		sqlite3_bind_text(s->matched, 2, op, -1, SQLITE_STATIC);
		if (step_done(s, s->matched))
			goto out;
		if (geo) {	/* a site known by name only gets its place */
			sqlite3_bind_int64(s->setgeo, 1, id);
			sqlite3_bind_double(s->setgeo, 2, lat);
			sqlite3_bind_double(s->setgeo, 3, lon);
			if (step_done(s, s->setgeo))
				goto out;
			if (sqlite3_changes(s->db)) {
				sqlite3_bind_int64(s->addgeo, 1, id);
				sqlite3_bind_double(s->addgeo, 2, lat);
				sqlite3_bind_double(s->addgeo, 3, lon);
				if (step_done(s, s->addgeo))
					goto out;
			}
		}
	}
	if (add_name(s, state, id))
		goto out;
	if (state && street_address(addr) && !name_norm(addr, "@", &s->norm) && add_name(s, state, id))
		goto out;
	sqlite3_bind_int64(s->set[k], 1, id);
	sqlite3_bind_int64(s->set[k], 2, obs);
	if (step_done(s, s->set[k]))
		goto out;
	r = 0;
	goto out;
err:
	fail(s);
out:
	sqlite3_reset(g);
	sqlite3_clear_bindings(g);
	return r;
}
