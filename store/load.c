#include "load.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "lib/json.h"
#include "lib/msg.h"
#include "lib/progress.h"
#include "lib/sha256.h"
#include "db.h"
#include "prices.h"

#include "lib/banned.h"

#define MAXVALS 64
#define KEY_MAX 65536		/* an observation's natural key */

enum vtype { V_NULL, V_INT, V_REAL, V_TEXT, V_BOOL, V_OTHER };

/*
 * A member of the record (or of its src), as read: its name and text are
 * NUL-terminated, in the cJSON tree of the line or in l->vals (read_tree).
 */
struct val {
	const char *name;
	size_t namelen;		/* up to its first NUL, as a C string */
	const char *text;	/* V_TEXT */
	size_t textlen;
	size_t name_off, text_off;	/* read_tree: offsets into l->vals while it reads */
	enum vtype type;
	int in_src;		/* a member of "src" */
	int huge;		/* V_INT beyond 64 bits: num is its nearest double */
	double num;
	long long i;
};

/*
 * cJSON's memory for the line being read: bumped from chunks, all of it given
 * back at once when the line is done (arena_reset), instead of a malloc and a
 * free for every member, name and string (a tenth of a load's time). cJSON's
 * hooks are global: loader_begin installs these, loader_end the defaults again.
 */
struct chunk {
	struct chunk *prev;
	size_t used, cap, pad;	/* pad: data starts 32 bytes in, aligned for any member */
	char data[];
};
static struct chunk *arena;

static void *arena_alloc(size_t n)
{
	struct chunk *c = arena;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		struct chunk *nc = malloc(sizeof(*nc) + cap);
		if (!nc)
			return NULL;
		nc->prev = c;
		nc->used = 0;
		nc->cap = cap;
		arena = c = nc;
	}
	c->used += n;
	return c->data + c->used - n;
}

static void arena_free(void *p)
{
	(void)p;	/* given back with the rest of the line's */
}

/* empties the arena, keeping its first chunk */
static void arena_reset(void)
{
	while (arena && arena->prev) {
		struct chunk *prev = arena->prev;
		free(arena);
		arena = prev;
	}
	if (arena)
		arena->used = 0;
}

static int prepare_inserts(struct loader *l)
{
	struct buf sql = BUF_INIT(BUF_SQL_MAX);
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
		buf_printf(&sql, "INSERT INTO obs_%s(key, doc_id, loc, as_of, run%s", kd->name,
			   oper ? ", operator_id" : "");
		for (f = 0; f < kd->nfields; f++)
			buf_printf(&sql, ", %s", kd->fields[f].name);
		norm_insert_columns(kd, &sql);	/* the codes of norm.h, computed by the INSERT */
		buf_adds(&sql, ") VALUES (?1, ?2, ?3, ?4, ?5");
		n = 5 + oper;
		if (oper)
			buf_adds(&sql, ", ?6");
		for (f = 0; f < kd->nfields; f++)
			buf_printf(&sql, ", ?%d", ++n);
		norm_insert_values(kd, 6 + oper, &sql);
		if (buf_adds(&sql, ") ON CONFLICT(key, doc_id, loc) DO NOTHING"))
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
	buf_init(&l->key, KEY_MAX);
	buf_init(&l->tmp, BUF_TEXT_MAX);
	buf_init(&l->why, BUF_MSG_MAX);
	buf_init(&l->clean, 3 * (size_t)LOAD_MAX_LINE + 16);
	buf_init(&l->input, BUF_PATH_MAX);
	if (buf_adds(&l->input, input ? input : "-"))
		return -1;
	/* a load writes into the indexes of every table it touches, the price history into
	 * several per run, all in one transaction: with SQLite's 2 MiB page cache (or 64 MiB)
	 * the pages overflow to the WAL and are read back, again and again. LOAD_CACHE_KIB
	 * holds every page a large load touches until it commits; SQLite takes the memory
	 * as pages are touched, so a small load uses little */
	if (store_exec(db, "PRAGMA cache_size = -" LOAD_CACHE_KIB))
		return -1;
	cJSON_InitHooks(&(cJSON_Hooks){ arena_alloc, arena_free });
	if (resolver_init(&l->res, db) || norm_init(&l->norm, db) || prepare_inserts(l) ||
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
	l->docid = store_prepare(db, "SELECT id FROM documents WHERE sha256 = ?1");
	if (!l->tree || !l->reject || !l->docstub || !l->docid)
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

/* keeps a copy of s (NUL-terminated) in l->vals; returns its offset or -1 */
static long keep(struct loader *l, const char *s, size_t n)
{
	size_t off = l->vals.len;

	if (buf_add(&l->vals, s ? s : "", s ? n : 0) || buf_addc(&l->vals, 0))
		return -1;
	return (long)off;
}

/* 1 if the n bytes at s are valid UTF-8 without NUL; else 0 and *bad = the first bad offset */
static int text_ok(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x80) {
			i++;
			continue;
		}
		if (!p[i] || !(k = utf8_seq_len(p + i, n - i))) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

/*
 * Binds s (n bytes, or up to its NUL with n < 0) as text to parameter i of
 * st, as valid UTF-8: as it is when it is, else a copy with each NUL and
 * each byte that is not part of a valid sequence replaced by U+FFFD.
 */
static void bind_clean(struct loader *l, sqlite3_stmt *st, int i, const char *s, long n)
{
	size_t len, k, j = 0;
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		sqlite3_bind_null(st, i);
		return;
	}
	len = n < 0 ? strlen(s) : (size_t)n;
	if (text_ok(s, len, NULL)) {
		sqlite3_bind_text(st, i, s, (int)len, SQLITE_STATIC);
		return;
	}
	buf_reset(&l->clean);
	while (j < len) {
		k = p[j] ? utf8_seq_len(p + j, len - j) : 0;
		if (k ? buf_add(&l->clean, p + j, k) : buf_adds(&l->clean, "\xef\xbf\xbd"))
			break;	/* the cap is three times the longest line: not reached */
		j += k ? k : 1;
	}
	buf_msg(&l->clean);	/* out of memory: the text ends "..." */
	sqlite3_bind_text(st, i, buf_str(&l->clean), (int)l->clean.len, SQLITE_TRANSIENT);
}

/* 1 if the JSON text s (n bytes) holds a \u0000 escape (a NUL character) */
static int has_nul_escape(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] != '\\')
			continue;
		if (s[i + 1] == 'u' && i + 6 <= n && !memcmp(s + i + 2, "0000", 4))
			return 1;
		i++;	/* past the escaped character: "\\\\u0000" is a backslash, then text */
	}
	return 0;
}

/*
 * Why a record whose line holds a \u0000 is rejected, naming the member:
 * SQLite's JSON functions end a string at its NUL, so the decoded values
 * cannot tell; the member's raw JSON text (line -> fullkey) can.
 */
static const char *nul_reason(struct loader *l, const char *line, size_t len)
{
	int rc;

	buf_reset(&l->why);
	if (!l->nulq && sqlite3_prepare_v2(l->db, "SELECT fullkey, ?1 -> fullkey FROM json_tree(?1)"
					   " WHERE type = 'text'", -1, &l->nulq, NULL) != SQLITE_OK) {
		sqlite3_finalize(l->nulq);	/* an SQLite without ->: the reason names no member */
		l->nulq = NULL;
		buf_adds(&l->why, "a string holds a NUL character (\\u0000)");
		return buf_msg(&l->why);
	}
	sqlite3_bind_text(l->nulq, 1, line, (int)len, SQLITE_STATIC);
	while ((rc = sqlite3_step(l->nulq)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(l->nulq, 0);
		const char *raw = sqlite3_column_blob(l->nulq, 1);
		size_t rn = (size_t)sqlite3_column_bytes(l->nulq, 1);

		if (!path)
			continue;
		if (has_nul_escape(path, strlen(path))) {
			buf_adds(&l->why, "a member name holds a NUL character (\\u0000)");
			break;
		}
		if (raw && has_nul_escape(raw, rn)) {
			buf_printf(&l->why, "%.80s holds a NUL character (\\u0000), which would cut it short",
				   path[0] == '$' && path[1] == '.' ? path + 2 : path);
			break;
		}
	}
	sqlite3_reset(l->nulq);
	sqlite3_clear_bindings(l->nulq);
	if (!l->why.len)
		buf_adds(&l->why, "a string holds a NUL character (\\u0000)");
	return buf_msg(&l->why);
}

static int docstub(struct loader *l, const char *doc);

static int store_reject(struct loader *l, const char *line, size_t len, const char *input,
			long lineno, const char *kind, const char *doc, const char *loc,
			const char *reason)
{
	sqlite3_stmt *st = l->reject;
	int rc;

	/* rejects.doc is a foreign key to documents: a sha256 the store has no document for
	 * gets the stub a record citing it gets; anything else is no document (NULL), and
	 * what the record said stays in the record and the reason */
	if (doc && !sha256_is_hex(doc))
		doc = NULL;
	if (doc && docstub(l, doc))
		return -1;
	l->rejected++;
	if (!l->quiet) {
		progress_done(&l->pg);	/* the message on a line of its own; progress comes back */
		if (loc && *loc)
			gw_error("%s: line %ld: %s (%s)", input, lineno, reason, loc);
		else
			gw_error("%s: line %ld: %s", input, lineno, reason);
	}
	/* every text as valid UTF-8: the raw line may not be, nor a value quoted in the reason */
	sqlite3_bind_int64(st, 1, l->run);
	bind_clean(l, st, 2, input, -1);
	sqlite3_bind_int64(st, 3, lineno);
	bind_clean(l, st, 4, kind, -1);
	bind_clean(l, st, 5, doc, -1);
	bind_clean(l, st, 6, loc, -1);
	bind_clean(l, st, 7, reason, -1);
	bind_clean(l, st, 8, line, (long)len);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE && !sqlite3_changes(l->db))
		l->rejected_known++;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		gw_error("%s: cannot keep a rejected record: %s", sqlite3_db_filename(l->db, "main"),
			 sqlite3_errmsg(l->db));
		return -1;
	}
	return 1;
}

/*
 * The document doc (a sha256) as a row of documents, added when the store has
 * none (records loaded by hand): its id in l->lastid. 0 or -1.
 */
static int docstub(struct loader *l, const char *doc)
{
	char now[32];
	int rc, i;

	if (!strcmp(l->lastdoc, doc))
		return 0;
	for (i = 0; i < 2; i++) {
		sqlite3_bind_text(l->docid, 1, doc, -1, SQLITE_STATIC);
		rc = sqlite3_step(l->docid);
		if (rc == SQLITE_ROW)
			l->lastid = sqlite3_column_int64(l->docid, 0);
		sqlite3_reset(l->docid);
		if (rc == SQLITE_ROW)
			break;
		if (rc != SQLITE_DONE || i)
			goto fail;
		now_utc(now);
		sqlite3_bind_text(l->docstub, 1, doc, -1, SQLITE_STATIC);
		sqlite3_bind_text(l->docstub, 2, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(l->docstub);
		sqlite3_reset(l->docstub);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	snprintf(l->lastdoc, sizeof(l->lastdoc), "%s", doc);
	return 0;
fail:
	gw_error("%s: %s", sqlite3_db_filename(l->db, "main"), sqlite3_errmsg(l->db));
	return -1;
}

static int nameis(const struct val *v, const char *s, size_t n)
{
	return v->namelen == n && !memcmp(v->name, s, n);
}
#define NAMEIS(v, s) nameis(v, s, sizeof(s) - 1)

/* 1 if the double nearest to i is i: an integer a number field keeps exactly */
static int exact_double(long long i)
{
	double d = (double)i;

	return d < 9223372036854775808.0 && d >= -9223372036854775808.0 && (long long)d == i;
}

/* an integer value as text, for a message: huge ones as the double SQLite read */
static const char *int_text(const struct val *v, char out[40])
{
	if (v->huge)
		snprintf(out, 40, "%.17g", v->num);
	else
		snprintf(out, 40, "%lld", v->i);
	return out;
}

/*
 * Why the record's names and strings cannot be stored (invalid UTF-8, a NUL
 * character), or NULL if they can. Checked before anything else reads them.
 * line: the raw line, searched for \u0000 escapes; NULL when cJSON read it
 * (cjson_inexact let through no line with one).
 */
static const char *text_reason(struct loader *l, const struct val *v, int nv, const char *line, size_t len)
{
	size_t bad;
	int i;

	for (i = 0; i < nv; i++) {
		const char *name = v[i].name;

		buf_reset(&l->why);
		if (!text_ok(name, v[i].namelen, NULL)) {
			buf_adds(&l->why, "a member name is not valid UTF-8");
			return buf_msg(&l->why);
		}
		if (v[i].type == V_TEXT && !text_ok(v[i].text, v[i].textlen, &bad)) {
			/* a NUL here is a raw byte: the JSON reader stops at a \u0000 escape */
			buf_printf(&l->why, "%s%.64s is not valid UTF-8 (byte %zu of the decoded string is 0x%02x)",
				   v[i].in_src ? "src." : "", name, bad + 1,
				   (unsigned char)v[i].text[bad]);
			return buf_msg(&l->why);
		}
	}
	buf_reset(&l->why);
	if (line && has_nul_escape(line, len))
		return nul_reason(l, line, len);
	return NULL;
}

/*
 * 0 if cJSON reads the JSON text s (n bytes) as SQLite's JSON reader would; 1 if the
 * line holds what cJSON reads otherwise or accepts where SQLite does not: a \u0000
 * escape (cJSON's strings end at it), an integer of more than 15 digits (a double may
 * not keep it: cJSON gives the nearest double, SQLite the exact integer or says it is
 * beyond 64 bits), a control character inside a string, or a number out of JSON's
 * grammar (01, 1., .5). Not a parser: it walks the strings and the numbers only. Such
 * lines are rare and read_tree reads them, giving the reasons it always gave.
 */
static int cjson_inexact(const char *s, size_t n)
{
	size_t i = 0, j, digits;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++) {
				if ((unsigned char)s[i] < 0x20)
					return 1;
				if (s[i] != '\\')
					continue;
				if (i + 6 <= n && s[i + 1] == 'u' && !memcmp(s + i + 2, "0000", 4))
					return 1;
				i++;
			}
			i++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
			j = i + (c == '-');
			if (j >= n || s[j] < '0' || s[j] > '9')
				return 1;
			if (s[j] == '0' && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9')
				return 1;
			for (digits = 0; j < n && s[j] >= '0' && s[j] <= '9'; j++)
				digits++;
			if (j < n && (s[j] == '.' || s[j] == 'e' || s[j] == 'E')) {
				if (s[j] == '.') {
					if (++j >= n || s[j] < '0' || s[j] > '9')
						return 1;
					while (j < n && s[j] >= '0' && s[j] <= '9')
						j++;
				}
				if (j < n && (s[j] == 'e' || s[j] == 'E')) {
					if (++j < n && (s[j] == '+' || s[j] == '-'))
						j++;
					if (j >= n || s[j] < '0' || s[j] > '9')
						return 1;
					while (j < n && s[j] >= '0' && s[j] <= '9')
						j++;
				}
			} else if (digits > 15) {
				return 1;
			}
			i = j;
		} else {
			i++;
		}
	}
	return 0;
}

/* a member as cJSON read it */
static void cjson_val(struct val *v, const cJSON *it, int in_src)
{
	memset(v, 0, sizeof(*v));
	v->in_src = in_src;
	v->name = it->string ? it->string : "";
	v->namelen = strlen(v->name);
	switch (it->type & 0xff) {
	case cJSON_NULL:
		v->type = V_NULL;
		break;
	case cJSON_Number:
		/* integers of up to 15 digits are exact here (longer ones go to read_tree);
		 * 2.0 reads as the integer 2, as F_INT and the key take it anyway */
		v->num = it->valuedouble;
		if (v->num == floor(v->num) && fabs(v->num) <= 9007199254740992.0) {
			v->type = V_INT;
			v->i = (long long)v->num;
		} else {
			v->type = V_REAL;
		}
		break;
	case cJSON_String:
		v->type = V_TEXT;
		v->text = it->valuestring;
		v->textlen = strlen(it->valuestring);
		break;
	case cJSON_True:
	case cJSON_False:
		v->type = V_BOOL;
		break;
	default:
		v->type = V_OTHER;
	}
}

/*
 * Reads the line's members (and src's) with cJSON into v, the values pointing
 * into l->json. 0 when read (*reason set if it cannot be a record), 1 when
 * cJSON cannot read it: read_tree then does, and says why.
 */
static int read_cjson(struct loader *l, const char *line, size_t len, struct val *v, int *nv,
		      const char **reason)
{
	const char *end = NULL;
	const cJSON *it, *sub;

	if (cjson_inexact(line, len))
		return 1;
	if (!(l->json = cJSON_ParseWithLengthOpts(line, len, &end, 0)) || !cJSON_IsObject(l->json))
		return 1;
	for (; end && end < line + len; end++)	/* after the value, only white space */
		if (*end != ' ' && *end != '\t' && *end != '\n' && *end != '\r')
			return 1;
	for (it = l->json->child; it; it = it->next) {
		if (*nv >= MAXVALS) {
			*reason = "too many fields";
			return 0;
		}
		cjson_val(&v[(*nv)++], it, 0);
		if (!cJSON_IsObject(it) || strcmp(v[*nv - 1].name, "src"))
			continue;
		for (sub = it->child; sub; sub = sub->next) {
			if (*nv >= MAXVALS) {
				*reason = "too many fields";
				return 0;
			}
			cjson_val(&v[(*nv)++], sub, 1);
		}
	}
	return 0;
}

/*
 * Reads the line's members with SQLite's json_tree, each copied into l->vals:
 * the lines cJSON cannot read exactly (cjson_inexact) or at all. Returns NULL,
 * or why the line cannot be a record.
 */
static const char *read_tree(struct loader *l, const char *line, size_t len, struct val *v, int *pnv)
{
	long long root_id = -1, src_id = -1;	/* json_tree nodes of the record and its src */
	const char *reason = NULL;
	int rc, nv = 0, i;

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
		v[nv].name_off = (size_t)off;
		v[nv].namelen = strlen(l->vals.data + off);	/* up to a NUL, as a C string */
		if (!strcmp(type, "null")) {
			v[nv].type = V_NULL;
		} else if (!strcmp(type, "integer")) {
			v[nv].type = V_INT;
			v[nv].i = sqlite3_column_int64(l->tree, 2);
			v[nv].num = sqlite3_column_double(l->tree, 2);
			/* SQLite reads an integer past 64 bits as its nearest double */
			v[nv].huge = sqlite3_column_type(l->tree, 2) != SQLITE_INTEGER;
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
			v[nv].text_off = (size_t)off;
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
	for (i = 0; i < nv; i++) {	/* l->vals no longer moves */
		v[i].name = l->vals.data + v[i].name_off;
		if (v[i].type == V_TEXT)
			v[i].text = l->vals.data + v[i].text_off;
	}
	*pnv = nv;
	return reason;
}

static int load_record(struct loader *l, const char *line, size_t len, const char *input, long lineno,
		       struct val *v, int nv, int exact);

int loader_line(struct loader *l, const char *line, size_t len, const char *input, long lineno)
{
	struct val v[MAXVALS];
	int nv = 0, r;
	const char *reason = NULL;
	size_t i0;

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
	/* SQLite's JSON reader would end the text at the byte and take what came before */
	if (memchr(line, 0, len))
		return store_reject(l, line, len, input, lineno, NULL, NULL, NULL,
				    "the line holds a NUL byte, which JSON text cannot");
	if (read_cjson(l, line, len, v, &nv, &reason)) {
		l->json = NULL;
		arena_reset();
		nv = 0;
		reason = read_tree(l, line, len, v, &nv);
	}
	if (reason)
		r = store_reject(l, line, len, input, lineno, NULL, NULL, NULL, reason);
	else
		r = load_record(l, line, len, input, lineno, v, nv, l->json != NULL);
	l->json = NULL;
	arena_reset();
	return r;
}

/* validates the record read into v (by cJSON: exact, no \u0000 in it), then stores it or its
 * reject; as loader_line */
static int load_record(struct loader *l, const char *line, size_t len, const char *input, long lineno,
		       struct val *v, int nv, int exact)
{
	int i, rc, ki = -1, fi;
	const struct kind *kd = NULL;
	const char *kind = NULL, *doc = NULL, *loc = NULL, *as_of = NULL;
	const char *reason = NULL;
	int fieldv[MAXVALS];	/* each member's field of the kind, or -1 */
	/* each field's members, in the record's order: first[fi], then next[i] (-1 ends) */
	int first[KIND_MAX_FIELDS], next[MAXVALS], lastv[KIND_MAX_FIELDS];
	/* each field's first member that is not null, or -1 */
	int at[KIND_MAX_FIELDS];
	char opid[128] = "";
	int have_op = 0;
	sqlite3_stmt *st;
	size_t i0;
	const struct val *p_obs = NULL, *p_usd = NULL, *p_price = NULL;

	/* the frame: kind, as_of, src */
	for (i = 0; i < nv; i++) {
		fieldv[i] = -1;
		if (v[i].in_src) {
			if (NAMEIS(&v[i], "doc") && v[i].type == V_TEXT)
				doc = v[i].text;
			else if (NAMEIS(&v[i], "loc") && v[i].type == V_TEXT)
				loc = v[i].text;
			continue;
		}
		if (NAMEIS(&v[i], "kind"))
			kind = v[i].type == V_TEXT ? v[i].text : "";
		else if (NAMEIS(&v[i], "as_of"))
			as_of = v[i].type == V_TEXT ? v[i].text : "";
	}
	/* a parser's reject keeps its own reason: below, its raw line stands in for its record */
	if ((reason = text_reason(l, v, nv, exact ? NULL : line, len)) && !(kind && !strcmp(kind, "reject")))
		return store_reject(l, line, len, input, lineno, kind && kind_find(kind, NULL) ? kind : NULL,
				    doc, loc, reason);
	if (!kind)
		return store_reject(l, line, len, input, lineno, NULL, doc, loc, "no kind");
	if (!(kd = kind_find(kind, &ki)))  {
		buf_printf(&l->why, "unknown kind '%.64s'", kind);
		return store_reject(l, line, len, input, lineno, NULL, doc, loc, buf_msg(&l->why));
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
			if (NAMEIS(&v[i], "reason"))
				why = v[i].text;
			else if (NAMEIS(&v[i], "record"))
				raw = v[i].text;
		}
		if (reason)	/* the record field holds a NUL or invalid UTF-8: cut short or not text */
			raw = NULL;
		if (docstub(l, doc))
			return -1;
		return store_reject(l, raw ? raw : line, raw ? strlen(raw) : len, input, lineno,
				    "reject", doc, loc, why ? why : "rejected by the parser");
	}
	if (!as_of || !*as_of || field_check_text(&(struct field){ "as_of", F_TIME, 0, NULL, NULL }, as_of))
		return store_reject(l, line, len, input, lineno, kind, doc, loc,
				    "as_of is missing, not an ISO 8601 date or date-time, or not in 1900 to 2100");

	/* the fields of the kind, each found by a table lookup (spec.h) */
	for (fi = 0; fi < kd->nfields; fi++)
		first[fi] = lastv[fi] = at[fi] = -1;
	for (i = 0; i < nv; i++) {
		const struct field *f;
		const char *bad;
		char numwhy[160], numtext[40];

		if (v[i].in_src || NAMEIS(&v[i], "kind") || NAMEIS(&v[i], "as_of") || NAMEIS(&v[i], "src"))
			continue;
		if (v[i].namelen > 64 || (fi = kind_field_n(ki, v[i].name, v[i].namelen)) < 0) {
			buf_printf(&l->why, "unknown field '%.64s' for kind %s", v[i].name, kind);
			return store_reject(l, line, len, input, lineno, kind, doc, loc, buf_msg(&l->why));
		}
		f = &kd->fields[fi];
		fieldv[i] = fi;
		next[i] = -1;
		if (lastv[fi] < 0)
			first[fi] = i;
		else
			next[lastv[fi]] = i;
		lastv[fi] = i;
		if (v[i].type == V_NULL)
			continue;
		if (at[fi] < 0)
			at[fi] = i;
		switch (f->type) {
		case F_NUM:
			if (v[i].type != V_INT && v[i].type != V_REAL)
				buf_printf(&l->why, "%s is not a number", f->name);
			else if (v[i].type == V_INT && (v[i].huge || !exact_double(v[i].i)))
				buf_printf(&l->why, "%s %s is an integer beyond 2^53 that a number cannot keep exactly",
					   f->name, int_text(&v[i], numtext));
			else if (field_check_num(f, v[i].type == V_INT ? (double)v[i].i : v[i].num,
						 numwhy, sizeof(numwhy)))
				buf_printf(&l->why, "%s %s", f->name, numwhy);
			break;
		case F_INT:
			/* 2.0 is the integer 2; a real that is not finite, or past 64 bits, is said as such */
			if (v[i].type == V_REAL && isfinite(v[i].num) && fabs(v[i].num) < 9e18 &&
			    v[i].num == floor(v[i].num)) {
				v[i].type = V_INT;
				v[i].i = (long long)v[i].num;
			}
			if (v[i].type == V_REAL && (!isfinite(v[i].num) || v[i].num == floor(v[i].num)) &&
			    field_check_num(f, v[i].num, numwhy, sizeof(numwhy)))	/* 1e300: out of range */
				buf_printf(&l->why, "%s %s", f->name, numwhy);
			else if (v[i].type != V_INT)
				buf_printf(&l->why, "%s is not an integer", f->name);
			else if (v[i].huge)
				buf_printf(&l->why, "%s %s is an integer beyond 64 bits that cannot be kept exactly",
					   f->name, int_text(&v[i], numtext));
			else if (field_check_num(f, (double)v[i].i, numwhy, sizeof(numwhy)))
				buf_printf(&l->why, "%s %s", f->name, numwhy);
			break;
		default:
			if (v[i].type != V_TEXT)
				buf_printf(&l->why, "%s is not a string", f->name);
			else if ((bad = field_check_text(f, v[i].text)))
				buf_printf(&l->why, "%s '%.80s' %s", f->name, v[i].text, bad);
			else if (!v[i].textlen && (f->flags & FL_REQ))
				buf_printf(&l->why, "%s is empty", f->name);
		}
		if (l->why.len || buf_error(&l->why))
			return store_reject(l, line, len, input, lineno, kind, doc, loc, buf_msg(&l->why));
	}
	for (fi = 0; fi < kd->nfields; fi++)
		if ((kd->fields[fi].flags & FL_REQ) && at[fi] < 0) {
			buf_printf(&l->why, "required field %s is missing", kd->fields[fi].name);
			return store_reject(l, line, len, input, lineno, kind, doc, loc, buf_msg(&l->why));
		}

	/* operator, then the natural key in field order */
	for (i = 0; i < nv; i++) {
		if (fieldv[i] < 0 || !(kd->fields[fieldv[i]].flags & FL_OPER) || v[i].type != V_TEXT)
			continue;
		rc = resolve_operator(&l->res, v[i].text, v[i].textlen, opid, sizeof(opid));
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
		for (i = first[fi]; i >= 0; i = next[i]) {
			if (v[i].type == V_NULL)
				continue;
			if ((kd->fields[fi].flags & FL_OPER) && have_op) {
				buf_adds(&l->key, opid);
			} else if (v[i].type == V_TEXT) {
				if (key_norm(v[i].text, v[i].textlen, &l->tmp))
					return store_reject(l, line, len, input, lineno, kind, doc, loc,
							    "a field of the natural key is too long (or out of memory)");
				buf_add(&l->key, l->tmp.data, l->tmp.len);
			} else if (v[i].type == V_INT) {
				buf_printf(&l->key, "%lld", v[i].i);
			} else {
				buf_printf(&l->key, "%.17g", v[i].num);
			}
		}
	}
	if (buf_error(&l->key))
		return store_reject(l, line, len, input, lineno, kind, doc, loc,
				    "the natural key is too long (or out of memory)");

	if (docstub(l, doc))
		return -1;
	if (ki == l->prices.kind) {	/* GPU prices keep only changes: store/prices.c */
		p_obs = &v[at[l->prices.f_obs]];
		p_usd = &v[at[l->prices.f_usd]];
		p_price = at[l->prices.f_price] >= 0 ? &v[at[l->prices.f_price]] : NULL;
		rc = prices_before(&l->prices, l->key.data, p_obs->text, doc, l->lastid, loc, p_usd->num,
				   p_price != NULL, p_price ? p_price->num : 0);
		if (rc < 0)
			return -1;
		if (rc) {
			l->unchanged++;
			return 0;
		}
	}
	st = l->ins[ki];
	sqlite3_bind_text(st, 1, l->key.data, (int)l->key.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, l->lastid);
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
				sqlite3_bind_text(st, p, v[i].text, (int)v[i].textlen, SQLITE_STATIC);
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
		/* the kinds sites are made of; a queue or fab list only moves its snapshots */
		if (!strcmp(kind, "site") || !strcmp(kind, "capacity") || !strcmp(kind, "permit"))
			l->identity |= IDENTITY_ALL;
		else if (!strcmp(kind, "fab"))
			l->identity |= IDENTITY_FABS;	/* rows loaded by hand move no snapshot */
		if (p_obs && prices_after(&l->prices, sqlite3_last_insert_rowid(l->db), l->key.data,
					  p_obs->text, doc, l->lastid, loc, p_usd->num, p_price != NULL,
					  p_price ? p_price->num : 0))
			return -1;
	} else {
		l->unchanged++;
	}
	return 0;
}

int loader_mark_doc(struct loader *l, const char *sha)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	if (!l->started && run_start(l))
		return -1;
	if (docstub(l, sha))	/* doc_loads.doc is a foreign key to documents */
		return -1;
	st = store_prepare(l->db, "INSERT INTO doc_loads(doc, run, loaded) VALUES (?1, ?2, ?3)"
			   " ON CONFLICT(doc) DO NOTHING");
	if (!st)
		return -1;
	now_utc(now);
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, l->run);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("%s: %s", sqlite3_db_filename(l->db, "main"), sqlite3_errmsg(l->db));
		return -1;
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
		if (r == 0 && identity_refresh(l->db, l->site_overrides, l->identity, &l->override_errors))
			r = -1;
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
	sqlite3_finalize(l->docid);
	l->docid = NULL;
	sqlite3_finalize(l->nulq);
	l->tree = l->reject = l->docstub = l->nulq = NULL;
	l->json = NULL;
	arena_reset();
	free(arena);
	arena = NULL;
	cJSON_InitHooks(NULL);
	resolver_release(&l->res);
	norm_release(&l->norm);
	prices_release(&l->prices);
	buf_release(&l->vals);
	buf_release(&l->input);
	buf_release(&l->key);
	buf_release(&l->tmp);
	buf_release(&l->why);
	buf_release(&l->clean);
	return r;
}

int loader_file(struct loader *l, const char *name, void *fp)
{
	FILE *f = fp;
	struct buf line = BUF_INIT(LOAD_MAX_LINE);
	char chunk[65536];
	size_t n;
	long lineno = 0;
	unsigned long long bytes = 0;
	int r = 0, toolong = 0, rerr = 0;
	char what[160];

	snprintf(what, sizeof(what), "%s: %s", gw_prog, strcmp(name, "-") ? name : "stdin");
	progress_start(&l->pg, what);
	if (l->quiet)
		l->pg.on = 0;
	/* lines longer than the cap are rejected whole, never held in memory */
	while (!r) {
		errno = 0;
		n = fread(chunk, 1, sizeof(chunk), f);
		if (ferror(f) && !rerr)
			rerr = errno ? errno : EIO;	/* kept now: loading the lines may change errno */
		if (!n)
			break;
		bytes += n;
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
				r = loader_line(l, line.data, LOAD_MAX_LINE + 1, name, lineno) < 0;
			} else {
				while (line.len && line.data[line.len - 1] == '\r')
					line.len--;
				r = loader_line(l, line.data, line.len, name, lineno) < 0;
			}
			buf_reset(&line);
			toolong = 0;
			progress_tick(&l->pg, (unsigned long long)lineno, bytes);
		}
	}
	progress_done(&l->pg);
	/* a read error (a folder, EIO) fails this input alone; its partial last line is not a record */
	if (rerr) {
		errno = rerr;
		gw_error_errno("%s: cannot read", name);
	} else if (!r && (line.len || toolong)) {	/* no final newline */
		lineno++;
		while (line.len && line.data[line.len - 1] == '\r')
			line.len--;
		r = loader_line(l, line.data, toolong ? LOAD_MAX_LINE + 1 : line.len,
				name, lineno) < 0;
	}
	buf_release(&line);
	return r ? -1 : rerr ? 1 : 0;
}
