#include "load.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/msg.h"
#include "../lib/sha256.h"
#include "../lib/timeq.h"
#include "db.h"
#include "prices.h"

#define MAXVALS 64

enum vtype { V_NULL, V_INT, V_REAL, V_TEXT, V_BOOL, V_OTHER };

struct val {
	size_t name, namelen;	/* offsets into l->vals */
	size_t text, textlen;
	enum vtype type;
	int in_src;		/* a member of "src" */
	double num;
	long long i;
};

static int prepare_inserts(struct loader *l)
{
	struct buf sql = BUF_INIT(8192);
	int k, f, n, r = -1;

	l->ins = calloc((size_t)kinds_count(), sizeof(*l->ins));
	if (!l->ins)
		goto out;
	for (k = 0; gw_kinds[k].name; k++) {
		const struct kind *kd = &gw_kinds[k];
		int oper = 0;

		if (!strcmp(kd->name, "reject"))
			continue;
		for (f = 0; f < kd->nfields; f++)
			if (kd->fields[f].flags & FL_OPER)
				oper = 1;
		buf_reset(&sql);
		buf_printf(&sql, "INSERT INTO obs_%s(key, doc, loc, as_of, run%s", kd->name,
			   oper ? ", operator_id" : "");
		for (f = 0; f < kd->nfields; f++)
			buf_printf(&sql, ", %s", kd->fields[f].name);
		buf_adds(&sql, ") VALUES (?1, ?2, ?3, ?4, ?5");
		n = 5 + oper;
		if (oper)
			buf_adds(&sql, ", ?6");
		for (f = 0; f < kd->nfields; f++)
			buf_printf(&sql, ", ?%d", ++n);
		if (buf_adds(&sql, ") ON CONFLICT(key, doc, loc) DO NOTHING"))
			goto out;
		if (!(l->ins[k] = store_prepare(l->db, sql.data)))
			goto out;
	}
	r = 0;
out:
	buf_release(&sql);
	return r;
}

int loader_begin(struct loader *l, sqlite3 *db, const char *input)
{
	memset(l, 0, sizeof(*l));
	l->db = db;
	buf_init(&l->vals, LOAD_MAX_LINE);
	buf_init(&l->key, 65536);
	buf_init(&l->tmp, 65536);
	buf_init(&l->why, 4096);
	buf_init(&l->input, 4096);
	if (buf_adds(&l->input, input ? input : "-"))
		return -1;
	/* a load writes into the indexes of every table it touches, the price history into
	 * several per run: a page cache of 64 MiB instead of SQLite's 2 MiB keeps them in
	 * memory instead of re-reading pages from the file (a fifth of the benchmark's time) */
	if (store_exec(db, "PRAGMA cache_size = -65536"))
		return -1;
	if (resolver_init(&l->res, db) || prepare_inserts(l) || sites_init(&l->sites, db) ||
	    prices_init(&l->prices, db))
		return -1;
	/* id and parent tell the record's members and src's apart without the path
	 * column, which json_tree builds as a new string for every node */
	l->tree = store_prepare(db, "SELECT key, type, atom, id, parent FROM json_tree(?1)");
	l->reject = store_prepare(db,
		"INSERT INTO rejects(run, input, line, kind, doc, loc, reason, record)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(doc, loc, reason) DO NOTHING");
	l->docstub = store_prepare(db,
		"INSERT INTO documents(sha256, first_seen, last_seen) VALUES (?1, ?2, ?2)"
		" ON CONFLICT(sha256) DO NOTHING");
	if (!l->tree || !l->reject || !l->docstub)
		return -1;
	return 0;
}

/*
 * Takes the write lock and opens the run's row. Deferred until the first
 * record arrives, so that a writer feeding us (gw-parse -d DB adding its
 * document to the same store, in a pipe) is never kept waiting on our lock.
 */
static int run_start(struct loader *l)
{
	sqlite3_stmt *st;
	char now[32];

	if (store_exec(l->db, "BEGIN IMMEDIATE"))
		return -1;
	l->started = 1;
	now_utc(now);
	st = store_prepare(l->db, "INSERT INTO runs(started, input) VALUES (?1, ?2)");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, buf_str(&l->input), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		gw_error("%s: %s", sqlite3_db_filename(l->db, "main"), sqlite3_errmsg(l->db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	l->run = sqlite3_last_insert_rowid(l->db);
	return 0;
}

static const char *vstr(struct loader *l, size_t off)
{
	return l->vals.data + off;
}

/* keeps a copy of s (NUL-terminated) in l->vals; returns its offset or -1 */
static long keep(struct loader *l, const char *s, size_t n)
{
	size_t off = l->vals.len;

	if (buf_add(&l->vals, s ? s : "", s ? n : 0) || buf_addc(&l->vals, 0))
		return -1;
	return (long)off;
}

static int store_reject(struct loader *l, const char *line, size_t len, const char *input,
			long lineno, const char *kind, const char *doc, const char *loc,
			const char *reason)
{
	sqlite3_stmt *st = l->reject;
	int rc;

	l->rejected++;
	if (!l->quiet) {
		if (loc && *loc)
			gw_error("%s: line %ld: %s (%s)", input, lineno, reason, loc);
		else
			gw_error("%s: line %ld: %s", input, lineno, reason);
	}
	sqlite3_bind_int64(st, 1, l->run);
	sqlite3_bind_text(st, 2, input, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, lineno);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, loc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, reason, -1, SQLITE_STATIC);
	/* the raw line as bytes may not be UTF-8: store it as given, as text */
	sqlite3_bind_text(st, 8, line, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		gw_error("%s: cannot keep a rejected record: %s", sqlite3_db_filename(l->db, "main"),
			 sqlite3_errmsg(l->db));
		return -1;
	}
	return 1;
}

static int docstub(struct loader *l, const char *doc)
{
	char now[32];
	int rc;

	if (!strcmp(l->lastdoc, doc))
		return 0;
	now_utc(now);
	sqlite3_bind_text(l->docstub, 1, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->docstub, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(l->docstub);
	sqlite3_reset(l->docstub);
	if (rc != SQLITE_DONE) {
		gw_error("%s: %s", sqlite3_db_filename(l->db, "main"), sqlite3_errmsg(l->db));
		return -1;
	}
	snprintf(l->lastdoc, sizeof(l->lastdoc), "%s", doc);
	return 0;
}

/* the record's value of field fi of its kind, or NULL when absent or null */
static const struct val *fval(const struct val *v, const int *fieldv, int nv, int fi)
{
	int i;

	for (i = 0; i < nv; i++)
		if (fieldv[i] == fi && v[i].type != V_NULL)
			return &v[i];
	return NULL;
}

static int nameis(struct loader *l, const struct val *v, const char *s)
{
	return v->namelen == strlen(s) && !memcmp(vstr(l, v->name), s, v->namelen);
}

int loader_line(struct loader *l, const char *line, size_t len, const char *input, long lineno)
{
	struct val v[MAXVALS];
	int nv = 0, i, rc, ki = -1, fi;
	const struct kind *kd = NULL;
	const char *kind = NULL, *doc = NULL, *loc = NULL, *as_of = NULL;
	const char *reason = NULL;
	int fieldv[MAXVALS];
	char opid[128] = "";
	int have_op = 0;
	sqlite3_stmt *st;
	size_t i0;
	long long root_id = -1, src_id = -1;	/* json_tree nodes of the record and its src */
	const struct val *p_obs = NULL, *p_usd = NULL, *p_price = NULL;

	/* blank lines are not records */
	for (i0 = 0; i0 < len && isspace((unsigned char)line[i0]); i0++)
		;
	if (i0 == len)
		return 0;
	if (!l->started && run_start(l))
		return -1;
	l->read++;
	buf_reset(&l->vals);
	buf_reset(&l->why);
	if (len > LOAD_MAX_LINE)
		return store_reject(l, line, 4096, input, lineno, NULL, NULL, NULL,
				    "record longer than the 8 MiB limit");
	if (line[0] != '{')
		return store_reject(l, line, len, input, lineno, NULL, NULL, NULL,
				    "not a JSON object");
	sqlite3_bind_text(l->tree, 1, line, (int)len, SQLITE_STATIC);
	while ((rc = sqlite3_step(l->tree)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(l->tree, 1);
		/* key and atom as blobs: their bytes without the copy sqlite3_column_text
		 * makes to NUL-terminate them; keep() terminates its own copy */
		const char *name = sqlite3_column_blob(l->tree, 0);
		size_t nb = (size_t)sqlite3_column_bytes(l->tree, 0);
		long long parent = sqlite3_column_int64(l->tree, 4);
		int in_src;
		long off;

		if (sqlite3_column_type(l->tree, 4) == SQLITE_NULL) {	/* the root */
			root_id = sqlite3_column_int64(l->tree, 3);
			continue;
		}
		if (parent == root_id) {	/* a member of the record */
			in_src = 0;
			if (nb == 3 && !memcmp(name, "src", 3))
				src_id = sqlite3_column_int64(l->tree, 3);
		} else if (parent == src_id) {
			in_src = 1;
		} else {
			continue;	/* inside a nested value: reported on the parent */
		}
		if (nv >= MAXVALS) {
			reason = "too many fields";
			break;
		}
		memset(&v[nv], 0, sizeof(v[nv]));
		v[nv].in_src = in_src;
		if ((off = keep(l, name, nb)) < 0) {
			reason = "record too large";
			break;
		}
		v[nv].name = (size_t)off;
		v[nv].namelen = strlen(vstr(l, (size_t)off));	/* up to a NUL, as a C string */
		if (!strcmp(type, "null")) {
			v[nv].type = V_NULL;
		} else if (!strcmp(type, "integer")) {
			v[nv].type = V_INT;
			v[nv].i = sqlite3_column_int64(l->tree, 2);
			v[nv].num = sqlite3_column_double(l->tree, 2);
		} else if (!strcmp(type, "real")) {
			v[nv].type = V_REAL;
			v[nv].num = sqlite3_column_double(l->tree, 2);
		} else if (!strcmp(type, "text")) {
			const char *t = sqlite3_column_blob(l->tree, 2);
			size_t tn = (size_t)sqlite3_column_bytes(l->tree, 2);
			v[nv].type = V_TEXT;
			if ((off = keep(l, t, tn)) < 0) {
				reason = "record too large";
				break;
			}
			v[nv].text = (size_t)off;
			v[nv].textlen = tn;
		} else if (!strcmp(type, "true") || !strcmp(type, "false")) {
			v[nv].type = V_BOOL;
		} else {
			v[nv].type = V_OTHER;
		}
		nv++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && !reason)
		reason = "not valid JSON";
	sqlite3_reset(l->tree);
	sqlite3_clear_bindings(l->tree);
	if (reason)
		return store_reject(l, line, len, input, lineno, NULL, NULL, NULL, reason);

	/* the frame: kind, as_of, src */
	for (i = 0; i < nv; i++) {
		fieldv[i] = -1;
		if (v[i].in_src) {
			if (nameis(l, &v[i], "doc") && v[i].type == V_TEXT)
				doc = vstr(l, v[i].text);
			else if (nameis(l, &v[i], "loc") && v[i].type == V_TEXT)
				loc = vstr(l, v[i].text);
			continue;
		}
		if (nameis(l, &v[i], "kind"))
			kind = v[i].type == V_TEXT ? vstr(l, v[i].text) : "";
		else if (nameis(l, &v[i], "as_of"))
			as_of = v[i].type == V_TEXT ? vstr(l, v[i].text) : "";
	}
	if (!kind)
		return store_reject(l, line, len, input, lineno, NULL, doc, loc, "no kind");
	if (!(kd = kind_find(kind, &ki)))  {
		buf_printf(&l->why, "unknown kind '%.64s'", kind);
		return store_reject(l, line, len, input, lineno, NULL, doc, loc, l->why.data);
	}
	if (!doc || !sha256_is_hex(doc))
		return store_reject(l, line, len, input, lineno, kind, NULL, loc,
				    "src.doc is not the sha256 of a document (64 hex digits)");
	if (!loc || !*loc)
		return store_reject(l, line, len, input, lineno, kind, doc, NULL,
				    "src.loc is missing: every record says where in its document it is");
	if (!strcmp(kind, "reject")) {
		const char *why = NULL, *raw = NULL;
		for (i = 0; i < nv; i++) {
			if (v[i].in_src || v[i].type != V_TEXT)
				continue;
			if (nameis(l, &v[i], "reason"))
				why = vstr(l, v[i].text);
			else if (nameis(l, &v[i], "record"))
				raw = vstr(l, v[i].text);
		}
		if (docstub(l, doc))
			return -1;
		return store_reject(l, raw ? raw : line, raw ? strlen(raw) : len, input, lineno,
				    "reject", doc, loc, why ? why : "rejected by the parser");
	}
	if (!as_of || !*as_of || field_check_text(&(struct field){ "as_of", F_TIME, 0, NULL }, as_of))
		return store_reject(l, line, len, input, lineno, kind, doc, loc,
				    "as_of is missing or not an ISO 8601 date or date-time");

	/* the fields of the kind */
	for (i = 0; i < nv; i++) {
		const struct field *f;
		const char *bad;

		if (v[i].in_src || nameis(l, &v[i], "kind") || nameis(l, &v[i], "as_of") ||
		    nameis(l, &v[i], "src"))
			continue;
		if (v[i].namelen > 64 || (fi = kind_field(kd, vstr(l, v[i].name))) < 0) {
			buf_printf(&l->why, "unknown field '%.64s' for kind %s", vstr(l, v[i].name), kind);
			return store_reject(l, line, len, input, lineno, kind, doc, loc, l->why.data);
		}
		f = &kd->fields[fi];
		fieldv[i] = fi;
		if (v[i].type == V_NULL)
			continue;
		switch (f->type) {
		case F_NUM:
			if (v[i].type != V_INT && v[i].type != V_REAL)
				buf_printf(&l->why, "%s is not a number", f->name);
			break;
		case F_INT:
			if (v[i].type == V_REAL && v[i].num == (double)(long long)v[i].num) {
				v[i].type = V_INT;
				v[i].i = (long long)v[i].num;
			}
			if (v[i].type != V_INT)
				buf_printf(&l->why, "%s is not an integer", f->name);
			break;
		default:
			if (v[i].type != V_TEXT)
				buf_printf(&l->why, "%s is not a string", f->name);
			else if ((bad = field_check_text(f, vstr(l, v[i].text))))
				buf_printf(&l->why, "%s '%.80s' %s", f->name, vstr(l, v[i].text), bad);
			else if (!v[i].textlen && (f->flags & FL_REQ))
				buf_printf(&l->why, "%s is empty", f->name);
		}
		if (l->why.len)
			return store_reject(l, line, len, input, lineno, kind, doc, loc, l->why.data);
	}
	for (fi = 0; fi < kd->nfields; fi++) {
		int found = 0;
		if (!(kd->fields[fi].flags & FL_REQ))
			continue;
		for (i = 0; i < nv; i++)
			if (fieldv[i] == fi && v[i].type != V_NULL)
				found = 1;
		if (!found) {
			buf_printf(&l->why, "required field %s is missing", kd->fields[fi].name);
			return store_reject(l, line, len, input, lineno, kind, doc, loc, l->why.data);
		}
	}

	/* operator, then the natural key in field order */
	for (i = 0; i < nv; i++) {
		if (fieldv[i] < 0 || !(kd->fields[fieldv[i]].flags & FL_OPER) || v[i].type != V_TEXT)
			continue;
		rc = resolve_operator(&l->res, vstr(l, v[i].text), v[i].textlen, opid, sizeof(opid));
		if (rc < 0) {
			gw_error("%s: %s", sqlite3_db_filename(l->db, "main"), sqlite3_errmsg(l->db));
			return -1;
		}
		have_op = rc;
	}
	buf_reset(&l->key);
	for (fi = 0, i0 = 0; fi < kd->nfields; fi++) {
		if (!(kd->fields[fi].flags & FL_KEY))
			continue;
		if (i0++)
			buf_addc(&l->key, '|');
		for (i = 0; i < nv; i++) {
			if (fieldv[i] != fi || v[i].type == V_NULL)
				continue;
			if ((kd->fields[fi].flags & FL_OPER) && have_op) {
				buf_adds(&l->key, opid);
			} else if (v[i].type == V_TEXT) {
				key_norm(vstr(l, v[i].text), v[i].textlen, &l->tmp);
				buf_add(&l->key, l->tmp.data, l->tmp.len);
			} else if (v[i].type == V_INT) {
				buf_printf(&l->key, "%lld", v[i].i);
			} else {
				buf_printf(&l->key, "%.17g", v[i].num);
			}
		}
	}

	if (docstub(l, doc))
		return -1;
	if (ki == l->prices.kind) {	/* GPU prices keep only changes: store/prices.c */
		p_obs = fval(v, fieldv, nv, l->prices.f_obs);
		p_usd = fval(v, fieldv, nv, l->prices.f_usd);
		p_price = fval(v, fieldv, nv, l->prices.f_price);
		rc = prices_before(&l->prices, l->key.data, vstr(l, p_obs->text), doc, loc, p_usd->num,
				   p_price != NULL, p_price ? p_price->num : 0);
		if (rc < 0)
			return -1;
		if (rc) {
			l->unchanged++;
			return 0;
		}
	}
	st = l->ins[ki];
	sqlite3_bind_text(st, 1, l->key.data ? l->key.data : "", (int)l->key.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, loc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, l->run);
	{
		int base = 6, oper = 0;
		for (fi = 0; fi < kd->nfields; fi++)
			if (kd->fields[fi].flags & FL_OPER)
				oper = 1;
		if (oper) {
			if (have_op)
				sqlite3_bind_text(st, 6, opid, -1, SQLITE_TRANSIENT);
			base = 7;
		}
		for (i = 0; i < nv; i++) {
			int p;
			if (fieldv[i] < 0)
				continue;
			p = base + fieldv[i];
			switch (v[i].type) {
			case V_INT:
				if (kd->fields[fieldv[i]].type == F_NUM)
					sqlite3_bind_double(st, p, (double)v[i].i);
				else
					sqlite3_bind_int64(st, p, v[i].i);
				break;
			case V_REAL:
				sqlite3_bind_double(st, p, v[i].num);
				break;
			case V_TEXT:
				sqlite3_bind_text(st, p, vstr(l, v[i].text), (int)v[i].textlen, SQLITE_STATIC);
				break;
			default:
				break;
			}
		}
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		gw_error("%s: %s: line %ld: %s", sqlite3_db_filename(l->db, "main"), input, lineno,
			 sqlite3_errmsg(l->db));
		return -1;
	}
	if (sqlite3_changes(l->db)) {
		l->stored++;
		if (sites_observe(&l->sites, kind, sqlite3_last_insert_rowid(l->db)))
			return -1;
		if (p_obs && prices_after(&l->prices, sqlite3_last_insert_rowid(l->db), l->key.data,
					  vstr(l, p_obs->text), doc, loc, p_usd->num, p_price != NULL,
					  p_price ? p_price->num : 0))
			return -1;
	} else {
		l->unchanged++;
	}
	return 0;
}

int loader_end(struct loader *l, int commit)
{
	sqlite3_stmt *st;
	char now[32];
	int r = 0, k;

	/* an empty input is still a run, logged with its zero counts */
	if (commit && !l->started && run_start(l))
		r = -1;
	if (commit && !r && prices_flush(&l->prices))
		r = -1;
	if (commit && !r) {
		now_utc(now);
		st = store_prepare(l->db, "UPDATE runs SET finished = ?1, read = ?2, stored = ?3,"
				   " unchanged = ?4, rejected = ?5 WHERE id = ?6");
		if (st) {
			sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, l->read);
			sqlite3_bind_int64(st, 3, l->stored);
			sqlite3_bind_int64(st, 4, l->unchanged);
			sqlite3_bind_int64(st, 5, l->rejected);
			sqlite3_bind_int64(st, 6, l->run);
			if (sqlite3_step(st) != SQLITE_DONE)
				r = -1;
			sqlite3_finalize(st);
		} else {
			r = -1;
		}
		if (r == 0 && store_exec(l->db, "COMMIT"))
			r = -1;
	}
	if ((!commit || r) && l->started)
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	if (l->ins)
		for (k = 0; gw_kinds[k].name; k++)
			sqlite3_finalize(l->ins[k]);
	free(l->ins);
	l->ins = NULL;
	sqlite3_finalize(l->tree);
	sqlite3_finalize(l->reject);
	sqlite3_finalize(l->docstub);
	l->tree = l->reject = l->docstub = NULL;
	resolver_release(&l->res);
	sites_release(&l->sites);
	prices_release(&l->prices);
	buf_release(&l->vals);
	buf_release(&l->input);
	buf_release(&l->key);
	buf_release(&l->tmp);
	buf_release(&l->why);
	return r;
}

int loader_file(struct loader *l, const char *name, void *fp)
{
	FILE *f = fp;
	struct buf line = BUF_INIT(LOAD_MAX_LINE);
	char chunk[65536];
	size_t n;
	long lineno = 0;
	int r = 0, toolong = 0;

	/* lines longer than the cap are rejected whole, never held in memory */
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !r) {
		const char *p = chunk, *end = chunk + n, *nl;
		while (p < end && !r) {
			nl = memchr(p, '\n', (size_t)(end - p));
			size_t k = (size_t)((nl ? nl : end) - p);
			if (!toolong && buf_add(&line, p, k))
				toolong = 1;
			p += k;
			if (!nl)
				break;
			p++;
			lineno++;
			if (toolong) {
				r = loader_line(l, line.data ? line.data : "", LOAD_MAX_LINE + 1, name, lineno) < 0;
			} else {
				while (line.len && line.data[line.len - 1] == '\r')
					line.len--;
				r = loader_line(l, line.data ? line.data : "", line.len, name, lineno) < 0;
			}
			buf_reset(&line);
			toolong = 0;
		}
	}
	if (!r && (line.len || toolong)) {	/* no final newline */
		lineno++;
		while (line.len && line.data[line.len - 1] == '\r')
			line.len--;
		r = loader_line(l, line.data ? line.data : "", toolong ? LOAD_MAX_LINE + 1 : line.len,
				name, lineno) < 0;
	}
	if (ferror(f)) {
		gw_error_errno("%s: read error", name);
		r = 1;
	}
	buf_release(&line);
	return r ? -1 : 0;
}
