/* sync: the store replicated into PostgreSQL (see sync.h and README "A team's database"). */
#include "sync.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/msg.h"
#include "lib/sha256.h"
#include "db.h"
#include "sync_sql.h"

#include "lib/banned.h"

extern const char gw_sync_compat[];	/* store/sync-compat.sql, compiled in */

/* The replica's own layout: a newer gw-sync that changes it raises this, and an
 * older one refuses a replica of a newer format. */
#define SYNC_FORMAT 1
/* Store n's integer ids are moved by n * STORE_SPAN; an id must be within
 * (-ID_LIMIT, ID_LIMIT), so the ranges never meet. */
#define STORE_SPAN (1LL << 54)
#define ID_LIMIT (1LL << 53)
#define MAX_STORES 500
#define COPY_CHUNK (1 << 20)
/* caps of the SQL and text gw-sync builds (bytes) */
#define SQL_MAX 4096			/* a statement naming a table or two */
#define SQL_VALUES_MAX (1 << 16)	/* a statement with a few names and values */
#define TABLE_TEXT_MAX (1 << 20)	/* text over one table's columns: SQL, signature, CHECKs */
#define SCHEMA_TEXT_MAX (1 << 22)	/* text over every table or view: triggers, views, versions */
#define SCRATCH_SQL_MAX (1 << 24)	/* struct sync's q, any statement */
#define ROW_TEXT_MAX (1 << 26)		/* one row as text, for its checksum */

enum { C_INT, C_REAL, C_TEXT, C_BLOB, C_NUM, C_ANY };

struct col {
	char *name;
	int type;
	int notnull;
	int pk;			/* its place in the primary key, 0 if none */
	int ref;		/* the table whose integer ids it holds, or -1 */
};

struct idx {
	char *name;
	char origin;		/* 'p' primary key, 'u' UNIQUE, 'c' CREATE INDEX */
	int unique;
	int n;
	int *cols;
	int *desc;
};

struct tbl {
	char *name;
	struct col *c;
	int nc;
	int alias;		/* the column that is its rowid (INTEGER PRIMARY KEY), or -1 */
	int norowid;		/* WITHOUT ROWID */
	struct idx *ix;
	int nix;
	int natural;		/* the index of its natural key (no store-local id in it), or -1 */
	struct buf checks;	/* its CHECK constraints, translated, one a line */
	char psig[17];		/* its replica table's definition */
	char tsig[17];		/* what its change triggers watch */
	int tracked;		/* the store has its triggers (since `since`) */
	long long since;
	int visited;
	/* this run */
	int fresh;		/* created in this transaction */
	long long copied, deleted;
	const char *how;
};

struct view {
	char *name;
	char *sql;
	char **cols;
	int nc;
};

struct schema {
	struct tbl *t;
	int nt;
	struct view *v;
	int nv;
	int version;
};

struct sync {
	const struct sync_opts *o;
	sqlite3 *db;
	PGconn *pg;
	struct schema S;
	char server[600];
	char *schema;		/* quoted */
	char store_id[64];
	int store;
	long long base, lo, hi;
	long long snap, pruned;
	int views_failed;
	int views_made;
	int stores;		/* in the replica */
	int keyonly;		/* --check: compare rows by their natural key alone */
	struct buf q;		/* scratch SQL */
};

/* ---- small helpers ---- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void qi(struct buf *b, const char *name)
{
	buf_addc(b, '"');
	for (; *name; name++) {
		if (*name == '"')
			buf_addc(b, '"');
		buf_addc(b, *name);
	}
	buf_addc(b, '"');
}

static void ql(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_addc(b, '\'');
		buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

static void sig16(const struct buf *b, char out[17])
{
	char hex[65];

	sha256_hex(b->data, b->len, hex);
	memcpy(out, hex, 16);
	out[16] = 0;
}

/* the first line of a libpq message, without "ERROR:  " or "FATAL:  " */
static void pg_msg(const char *m, struct buf *out)
{
	const char *p;

	buf_reset(out);
	if (!m || !*m) {
		buf_adds(out, "unknown error");
		return;
	}
	if ((p = strstr(m, " failed: ")) && p < strchr(m, '\n') + 0)
		m = p + 9;
	for (;;) {
		if (!strncmp(m, "ERROR:  ", 8) || !strncmp(m, "FATAL:  ", 8))
			m += 8;
		else
			break;
	}
	p = strchr(m, '\n');
	buf_add(out, m, p ? (size_t)(p - m) : strlen(m));
	/* libpq's hint for a server that is not there, on its second line */
	if (p && strstr(p, "Is the server running"))
		buf_adds(out, " (is the server running?)");
}

static void pg_error(struct sync *s, const char *what, const char *m)
{
	struct buf b = BUF_INIT(BUF_TEXT_MAX);

	pg_msg(m, &b);
	gw_error("%s: %s: %s", s->server, what, buf_msg(&b));
	buf_release(&b);
}

/*
 * The text of a statement built in q (or of a name or a list for one), checked
 * once where it is used (lib/buf.h): NULL, said, when an add to q failed. pgq,
 * pgx, pg_num, copy_begin and the sums take NULL as a failure already said.
 */
static const char *sql_of(const struct buf *q)
{
	if (!buf_error(q))
		return q->data;
	gw_error("a statement, or a name in one, is %s", buf_strerror(q));
	return NULL;
}

/* q run, or prepared, in the store: a failure (said) when an add to q failed */
static int sq_exec(struct sync *s, const struct buf *q)
{
	const char *sql = sql_of(q);

	return sql ? store_exec(s->db, sql) : -1;
}

static sqlite3_stmt *sq_prepare(struct sync *s, const struct buf *q)
{
	const char *sql = sql_of(q);

	return sql ? store_prepare(s->db, sql) : NULL;
}

/* runs sql; returns its result (the caller clears it), or NULL with a message */
static PGresult *pgq(struct sync *s, const char *what, const char *sql)
{
	PGresult *r = sql ? PQexec(s->pg, sql) : NULL;
	ExecStatusType st = PQresultStatus(r);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	if (sql)	/* else sql_of said why */
		pg_error(s, what, r ? PQresultErrorMessage(r) : PQerrorMessage(s->pg));
	PQclear(r);
	return NULL;
}

static int pgx(struct sync *s, const char *what, const char *sql)
{
	PGresult *r = pgq(s, what, sql);

	PQclear(r);
	return r ? 0 : -1;
}

/* the first value of the first row as a number (def when none or NULL); -1 on error, with *err */
static long long pg_num(struct sync *s, const char *what, const char *sql, long long def, int *err)
{
	PGresult *r = pgq(s, what, sql);
	long long v = def;

	if (!r) {
		*err = 1;
		return def;
	}
	if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return v;
}

static void describe_server(struct sync *s)
{
	const char *h = PQhost(s->pg), *p = PQport(s->pg), *d = PQdb(s->pg), *u = PQuser(s->pg);

	if (h && *h == '/')
		snprintf(s->server, sizeof(s->server), "PostgreSQL on socket %s/.s.PGSQL.%s (database %s, user %s)",
			 h, p && *p ? p : "5432", d ? d : "?", u ? u : "?");
	else
		snprintf(s->server, sizeof(s->server), "PostgreSQL at %s:%s (database %s, user %s)",
			 h && *h ? h : "localhost", p && *p ? p : "5432", d ? d : "?", u ? u : "?");
}

/* ---- the store's schema ---- */

static int col_type(const char *decl)
{
	char u[256];
	size_t i;

	for (i = 0; decl[i] && i + 1 < sizeof(u); i++)
		u[i] = (char)(decl[i] >= 'a' && decl[i] <= 'z' ? decl[i] - 32 : decl[i]);
	u[i] = 0;
	if (!*u || !strcmp(u, "ANY"))
		return C_ANY;
	if (strstr(u, "INT"))
		return C_INT;
	if (strstr(u, "CHAR") || strstr(u, "CLOB") || strstr(u, "TEXT"))
		return C_TEXT;
	if (strstr(u, "BLOB"))
		return C_BLOB;
	if (strstr(u, "REAL") || strstr(u, "FLOA") || strstr(u, "DOUB"))
		return C_REAL;
	return C_NUM;
}

static const char *pg_type(int t)
{
	switch (t) {
	case C_INT: return "bigint";
	case C_REAL: return "double precision";
	case C_BLOB: return "bytea";
	case C_NUM: return "numeric";
	default: return "text";
	}
}

static void schema_free(struct schema *S)
{
	int i, j;

	for (i = 0; i < S->nt; i++) {
		struct tbl *t = &S->t[i];
		free(t->name);
		for (j = 0; j < t->nc; j++)
			free(t->c[j].name);
		free(t->c);
		for (j = 0; j < t->nix; j++) {
			free(t->ix[j].name);
			free(t->ix[j].cols);
			free(t->ix[j].desc);
		}
		free(t->ix);
		buf_release(&t->checks);
	}
	free(S->t);
	for (i = 0; i < S->nv; i++) {
		free(S->v[i].name);
		free(S->v[i].sql);
		for (j = 0; j < S->v[i].nc; j++)
			free(S->v[i].cols[j]);
		free(S->v[i].cols);
	}
	free(S->v);
	memset(S, 0, sizeof(*S));
}

static int table_index(const struct schema *S, const char *name)
{
	int i;

	for (i = 0; i < S->nt; i++)
		if (!strcmp(S->t[i].name, name))
			return i;
	return -1;
}

static int col_index(const struct tbl *t, const char *name)
{
	int i;

	for (i = 0; i < t->nc; i++)
		if (!strcmp(t->c[i].name, name))
			return i;
	return -1;
}

/* the column a replica row is known by: the rowid alias, else gw_row */
static const char *rowkey(const struct tbl *t)
{
	return t->alias >= 0 ? t->c[t->alias].name : "gw_row";
}

static int sq_err(struct sync *s, const char *what)
{
	gw_error("%s: %s: %s", s->o->db, what, sqlite3_errmsg(s->db));
	return -1;
}

static int read_columns(struct sync *s, struct tbl *t)
{
	sqlite3_stmt *st = store_prepare(s->db,
		"SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid");
	int rc, npk = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct col *c, *nc = realloc(t->c, (size_t)(t->nc + 1) * sizeof(*c));
		const char *decl = (const char *)sqlite3_column_text(st, 1);
		if (!nc)
			break;
		t->c = nc;
		c = &t->c[t->nc++];
		c->name = strdup((const char *)sqlite3_column_text(st, 0));
		c->type = col_type(decl ? decl : "");
		c->notnull = sqlite3_column_int(st, 2);
		c->pk = sqlite3_column_int(st, 3);
		c->ref = -1;
		if (c->pk)
			npk++;
		if (c->pk && decl && !strcasecmp(decl, "INTEGER"))
			t->alias = t->nc - 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sq_err(s, "cannot read the store's tables");
	if (npk != 1 || t->norowid)
		t->alias = -1;
	return 0;
}

static int read_indexes(struct sync *s, struct tbl *t)
{
	sqlite3_stmt *il = store_prepare(s->db,
		"SELECT name, \"unique\", origin FROM pragma_index_list(?1) WHERE partial = 0 ORDER BY seq DESC");
	sqlite3_stmt *ic = store_prepare(s->db,
		"SELECT cid, \"desc\" FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno");
	int rc = SQLITE_DONE, r = -1;

	if (!il || !ic)
		goto out;
	sqlite3_bind_text(il, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(il)) == SQLITE_ROW) {
		struct idx x = { NULL, 0, 0, 0, NULL, NULL }, *nx;
		const char *origin = (const char *)sqlite3_column_text(il, 2);
		int ok = 1, rc2;
		x.name = strdup((const char *)sqlite3_column_text(il, 0));
		x.unique = sqlite3_column_int(il, 1);
		x.origin = origin ? origin[0] : 'c';
		sqlite3_reset(ic);
		sqlite3_bind_text(ic, 1, x.name, -1, SQLITE_TRANSIENT);
		while ((rc2 = sqlite3_step(ic)) == SQLITE_ROW) {
			int cid = sqlite3_column_int(ic, 0);
			int *a = realloc(x.cols, (size_t)(x.n + 1) * sizeof(int)), *b;
			if (a)
				x.cols = a;
			b = realloc(x.desc, (size_t)(x.n + 1) * sizeof(int));
			if (b)
				x.desc = b;
			if (!a || !b || cid < 0) {	/* an expression or the rowid: not mirrored */
				ok = 0;
				continue;
			}
			x.cols[x.n] = cid;
			x.desc[x.n++] = sqlite3_column_int(ic, 1);
		}
		if (rc2 != SQLITE_DONE || !x.n)
			ok = 0;
		if (!ok || !(nx = realloc(t->ix, (size_t)(t->nix + 1) * sizeof(*nx)))) {
			free(x.name);
			free(x.cols);
			free(x.desc);
			continue;
		}
		t->ix = nx;
		t->ix[t->nix++] = x;
	}
	if (rc != SQLITE_DONE) {
		sq_err(s, "cannot read the store's indexes");
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(il);
	sqlite3_finalize(ic);
	return r;
}

/* which integer columns hold ids of which table: declared foreign keys to a
 * table's rowid, and the store's own list (sync_refs, migration 090) */
static int read_refs(struct sync *s)
{
	struct schema *S = &s->S;
	sqlite3_stmt *fk = store_prepare(s->db, "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1)");
	sqlite3_stmt *rl = store_prepare(s->db, "SELECT tbl, col, ref FROM sync_refs");
	int i, j, rc;

	if (!fk || !rl) {
		sqlite3_finalize(fk);
		sqlite3_finalize(rl);
		return -1;
	}
	for (i = 0; i < S->nt; i++) {
		struct tbl *t = &S->t[i];
		sqlite3_reset(fk);
		sqlite3_bind_text(fk, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(fk) == SQLITE_ROW) {
			int r = table_index(S, (const char *)sqlite3_column_text(fk, 0));
			int c = col_index(t, (const char *)sqlite3_column_text(fk, 1));
			const char *to = (const char *)sqlite3_column_text(fk, 2);
			if (r < 0 || c < 0 || t->c[c].type != C_INT)
				continue;
			if (S->t[r].alias >= 0 && (!to || !strcmp(to, S->t[r].c[S->t[r].alias].name)))
				t->c[c].ref = r;
		}
	}
	while ((rc = sqlite3_step(rl)) == SQLITE_ROW) {
		const char *tn = (const char *)sqlite3_column_text(rl, 0), *cn = (const char *)sqlite3_column_text(rl, 1);
		int r = table_index(S, (const char *)sqlite3_column_text(rl, 2));
		if (!strcmp((const char *)sqlite3_column_text(rl, 2), "-")) {
			/* an INTEGER PRIMARY KEY that is a value, the same in every store (quarters.idx):
			 * kept as it is, the row's key, and gw_row beside it */
			struct idx *nx;
			if ((i = table_index(S, tn)) < 0 || (j = col_index(&S->t[i], cn)) < 0 || j != S->t[i].alias)
				continue;
			if (!(nx = realloc(S->t[i].ix, (size_t)(S->t[i].nix + 1) * sizeof(*nx))))
				continue;
			S->t[i].ix = nx;
			memset(&nx[S->t[i].nix], 0, sizeof(*nx));
			nx[S->t[i].nix].name = strdup("pk");
			nx[S->t[i].nix].origin = 'p';
			nx[S->t[i].nix].unique = 1;
			nx[S->t[i].nix].n = 1;
			nx[S->t[i].nix].cols = malloc(sizeof(int));
			nx[S->t[i].nix].desc = calloc(1, sizeof(int));
			if (nx[S->t[i].nix].cols && nx[S->t[i].nix].desc) {
				nx[S->t[i].nix].cols[0] = j;
				S->t[i].nix++;
				S->t[i].alias = -1;
			}
			continue;
		}
		if (r < 0 || S->t[r].norowid)
			continue;
		for (i = 0; i < S->nt; i++) {
			struct tbl *t = &S->t[i];
			if (strcmp(tn, "*") && strcmp(tn, t->name))
				continue;
			if ((j = col_index(t, cn)) >= 0 && t->c[j].type == C_INT && j != t->alias)
				t->c[j].ref = r;
		}
	}
	sqlite3_finalize(fk);
	sqlite3_finalize(rl);
	if (rc != SQLITE_DONE)
		return sq_err(s, "cannot read sync_refs");
	return 0;
}

/* a natural key: a unique index of no store-local id (its own rowid, or an id of a
 * table without a natural key of its own) */
static void find_natural(struct schema *S)
{
	int pass, i, j, k;

	for (i = 0; i < S->nt; i++)
		S->t[i].natural = -1;
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < S->nt; i++) {
			struct tbl *t = &S->t[i];
			int best = -1;
			for (j = 0; j < t->nix; j++) {
				struct idx *x = &t->ix[j];
				int ok = x->unique;
				for (k = 0; k < x->n && ok; k++) {
					const struct col *c = &t->c[x->cols[k]];
					if (x->cols[k] == t->alias || (c->ref >= 0 && S->t[c->ref].natural < 0))
						ok = 0;
				}
				if (ok && (best < 0 || x->origin == 'p'))
					best = j;
			}
			t->natural = best;
		}
}

/* 0, or -1 (said) when its text is cut: its signatures would be a prefix's */
static int table_sigs(struct tbl *t, const struct schema *S)
{
	struct buf b = BUF_INIT(TABLE_TEXT_MAX);
	int i, j, r;

	buf_printf(&b, "%s|%d|%d", t->name, t->norowid, t->alias);
	for (i = 0; i < t->nc; i++)
		buf_printf(&b, "|%s:%d", t->c[i].name, t->c[i].type);
	sig16(&b, t->tsig);
	for (i = 0; i < t->nc; i++)
		buf_printf(&b, "|%d:%d:%s", t->c[i].notnull, t->c[i].pk,
			   t->c[i].ref >= 0 ? S->t[t->c[i].ref].name : "");
	for (i = 0; i < t->nix; i++) {
		buf_printf(&b, "|%s:%c:%d", t->ix[i].name, t->ix[i].origin, t->ix[i].unique);
		for (j = 0; j < t->ix[i].n; j++)
			buf_printf(&b, ",%d%s", t->ix[i].cols[j], t->ix[i].desc[j] ? "d" : "");
	}
	buf_printf(&b, "|%d|%s", t->natural, buf_part(&b, &t->checks));
	sig16(&b, t->psig);
	r = sql_of(&b) ? 0 : -1;
	buf_release(&b);
	return r;
}

static int read_schema(struct sync *s)
{
	struct schema *S = &s->S;
	sqlite3_stmt *st;
	struct buf why = BUF_INIT(BUF_MSG_MAX), chk = BUF_INIT(TABLE_TEXT_MAX), tr = BUF_INIT(TABLE_TEXT_MAX);
	int rc, i, r = -1;

	schema_free(S);
	st = store_prepare(s->db,
		"SELECT t.name, coalesce(m.sql, ''), t.wr FROM pragma_table_list t"
		" JOIN sqlite_schema m ON m.name = t.name AND m.type = 'table'"
		" WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
		" AND t.name NOT LIKE 'sync\\_%' ESCAPE '\\' ORDER BY m.rowid");
	if (!st)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tbl *t, *nt = realloc(S->t, (size_t)(S->nt + 1) * sizeof(*t));
		const char *line;
		if (!nt)
			break;
		S->t = nt;
		t = &S->t[S->nt++];
		memset(t, 0, sizeof(*t));
		buf_init(&t->checks, TABLE_TEXT_MAX);
		t->name = strdup((const char *)sqlite3_column_text(st, 0));
		t->norowid = sqlite3_column_int(st, 2);
		t->alias = -1;
		/* CHECK constraints, translated; one that cannot be is left out (a replica checks
		 * nothing the store has not checked already) */
		buf_reset(&chk);
		sqlpg_table_checks((const char *)sqlite3_column_text(st, 1), &chk);
		if (buf_error(&chk))	/* a cut one would be wrong: all are left out, as above */
			gw_warn("%s: table %s: its CHECK constraints are %s to read: left out of the replica",
				s->o->db, t->name, buf_strerror(&chk));
		for (line = buf_error(&chk) ? "" : chk.data; line && *line;) {
			const char *nl = strchr(line, '\n');
			char *one = strndup(line, nl ? (size_t)(nl - line) : strlen(line));
			buf_reset(&tr);
			if (one && !sqlpg_translate(one, NULL, &tr, &why))
				buf_printf(&t->checks, "%s%s", t->checks.len ? "\n" : "", buf_str(&tr));
			free(one);
			line = nl ? nl + 1 : NULL;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sq_err(s, "cannot read the store's tables");
		goto out;
	}
	for (i = 0; i < S->nt; i++)
		if (read_columns(s, &S->t[i]) || read_indexes(s, &S->t[i]))
			goto out;
	if (read_refs(s))
		goto out;
	find_natural(S);
	for (i = 0; i < S->nt; i++)
		if (table_sigs(&S->t[i], S))
			goto out;
	/* the views, with the columns SQLite gives them */
	st = store_prepare(s->db, "SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY rowid");
	if (!st)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct view *v, *nv = realloc(S->v, (size_t)(S->nv + 1) * sizeof(*v));
		sqlite3_stmt *ci;
		if (!nv)
			break;
		S->v = nv;
		v = &S->v[S->nv++];
		memset(v, 0, sizeof(*v));
		v->name = strdup((const char *)sqlite3_column_text(st, 0));
		v->sql = strdup((const char *)sqlite3_column_text(st, 1));
		if ((ci = store_prepare(s->db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid"))) {
			sqlite3_bind_text(ci, 1, v->name, -1, SQLITE_STATIC);
			while (sqlite3_step(ci) == SQLITE_ROW) {
				char **nc = realloc(v->cols, (size_t)(v->nc + 1) * sizeof(char *));
				if (!nc)
					break;
				v->cols = nc;
				v->cols[v->nc++] = strdup((const char *)sqlite3_column_text(ci, 0));
			}
			sqlite3_finalize(ci);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sq_err(s, "cannot read the store's views");
		goto out;
	}
	st = store_prepare(s->db, "PRAGMA user_version");
	if (st && sqlite3_step(st) == SQLITE_ROW)
		S->version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	r = 0;
out:
	buf_release(&why);
	buf_release(&chk);
	buf_release(&tr);
	return r;
}

/* ---- change tracking in the store: triggers that log updated and deleted rows ---- */

static void trigger_name(struct buf *b, const struct tbl *t, char what)
{
	struct buf n = BUF_INIT(BUF_NAME_MAX);

	buf_printf(&n, "gw_sync_%s_%.8s_%c", t->name, t->tsig, what);
	qi(b, buf_part(b, &n));
	buf_release(&n);
}

/* which tables have their triggers (and since when) */
static int read_tracking(struct sync *s)
{
	sqlite3_stmt *tg = store_prepare(s->db, "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1");
	sqlite3_stmt *tb = store_prepare(s->db, "SELECT since FROM sync_tables WHERE tbl = ?1 AND tsig = ?2");
	struct buf n = BUF_INIT(BUF_NAME_MAX);
	int i, k, r = -1;

	if (!tg || !tb)
		goto out;
	for (i = 0; i < s->S.nt; i++) {
		struct tbl *t = &s->S.t[i];
		static const char kinds[] = "udi";
		t->tracked = 1;
		for (k = 0; k < (t->norowid ? 3 : 2); k++) {
			buf_reset(&n);
			buf_printf(&n, "gw_sync_%s_%.8s_%c", t->name, t->tsig, kinds[k]);
			sqlite3_reset(tg);
			sqlite3_bind_text(tg, 1, buf_str(&n), -1, SQLITE_TRANSIENT);
			if (buf_error(&n) || sqlite3_step(tg) != SQLITE_ROW)	/* then installing it fails, said */
				t->tracked = 0;
		}
		sqlite3_reset(tb);
		sqlite3_bind_text(tb, 1, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(tb, 2, t->tsig, -1, SQLITE_STATIC);
		if (sqlite3_step(tb) == SQLITE_ROW)
			t->since = sqlite3_column_int64(tb, 0);
		else
			t->tracked = 0;
	}
	r = 0;
out:
	sqlite3_finalize(tg);
	sqlite3_finalize(tb);
	buf_release(&n);
	return r;
}

static void watch_columns(struct buf *b, const struct tbl *t)
{
	int i;

	buf_adds(b, t->norowid ? "0" : "old.rowid IS NOT new.rowid");
	for (i = 0; i < t->nc; i++) {
		buf_adds(b, " OR old.");
		qi(b, t->c[i].name);
		buf_adds(b, " IS NOT new.");
		qi(b, t->c[i].name);
	}
}

static void pk_json(struct buf *b, const struct tbl *t, const char *which)
{
	int i, first = 1, k;

	buf_adds(b, "json_array(");
	for (k = 1; k <= t->nc; k++)
		for (i = 0; i < t->nc; i++)
			if (t->c[i].pk == k) {
				buf_printf(b, "%s%s.", first ? "" : ", ", which);
				qi(b, t->c[i].name);
				first = 0;
			}
	buf_addc(b, ')');
}

/* installs the missing triggers, in one write transaction of the store */
static int install_triggers(struct sync *s)
{
	struct buf q = BUF_INIT(SCHEMA_TEXT_MAX), lit = BUF_INIT(BUF_NAME_MAX);
	sqlite3_stmt *old = NULL;
	int i, need = 0, r = -1;
	char **drop = NULL;
	int ndrop = 0;

	for (i = 0; i < s->S.nt; i++)
		need |= !s->S.t[i].tracked;
	if (!need)
		return 0;
	if (store_exec(s->db, "BEGIN IMMEDIATE"))
		return -1;
	if (store_exec(s->db, "INSERT INTO sync_store(id) SELECT lower(hex(randomblob(16)))"
			      " WHERE NOT EXISTS (SELECT 1 FROM sync_store)"))
		goto out;
	old = store_prepare(s->db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1"
				   " AND name LIKE 'gw\\_sync\\_%' ESCAPE '\\'");
	if (!old)
		goto out;
	for (i = 0; i < s->S.nt; i++) {
		struct tbl *t = &s->S.t[i];
		int j;
		if (t->tracked)
			continue;
		sqlite3_reset(old);
		sqlite3_bind_text(old, 1, t->name, -1, SQLITE_STATIC);
		while (sqlite3_step(old) == SQLITE_ROW) {
			char **nd = realloc(drop, (size_t)(ndrop + 1) * sizeof(char *));
			if (!nd)
				goto out;
			drop = nd;
			drop[ndrop++] = strdup((const char *)sqlite3_column_text(old, 0));
		}
		for (j = 0; j < ndrop; j++) {
			buf_reset(&q);
			buf_adds(&q, "DROP TRIGGER ");
			qi(&q, drop[j]);
			free(drop[j]);
			if (sq_exec(s, &q))
				goto out;
		}
		ndrop = 0;
		buf_reset(&lit);
		ql(&lit, t->name);
		if (!sql_of(&lit))
			goto out;
		buf_reset(&q);
		if (!t->norowid) {
			buf_adds(&q, "CREATE TRIGGER ");
			trigger_name(&q, t, 'u');
			buf_adds(&q, " AFTER UPDATE ON ");
			qi(&q, t->name);
			buf_adds(&q, " WHEN ");
			watch_columns(&q, t);
			buf_printf(&q, " BEGIN INSERT INTO sync_dirty(tbl, id) VALUES (%s, old.rowid);"
				   " INSERT INTO sync_dirty(tbl, id) SELECT %s, new.rowid WHERE new.rowid IS NOT old.rowid; END;",
				   buf_str(&lit), buf_str(&lit));
			buf_adds(&q, "CREATE TRIGGER ");
			trigger_name(&q, t, 'd');
			buf_adds(&q, " AFTER DELETE ON ");
			qi(&q, t->name);
			buf_printf(&q, " BEGIN INSERT INTO sync_dirty(tbl, id) VALUES (%s, old.rowid); END;", buf_str(&lit));
		} else {
			buf_adds(&q, "CREATE TRIGGER ");
			trigger_name(&q, t, 'u');
			buf_adds(&q, " AFTER UPDATE ON ");
			qi(&q, t->name);
			buf_adds(&q, " WHEN ");
			watch_columns(&q, t);
			buf_printf(&q, " BEGIN INSERT INTO sync_dirty(tbl, pk) VALUES (%s, ", buf_str(&lit));
			pk_json(&q, t, "old");
			buf_printf(&q, "); INSERT INTO sync_dirty(tbl, pk) VALUES (%s, ", buf_str(&lit));
			pk_json(&q, t, "new");
			buf_adds(&q, "); END;");
			buf_adds(&q, "CREATE TRIGGER ");
			trigger_name(&q, t, 'd');
			buf_adds(&q, " AFTER DELETE ON ");
			qi(&q, t->name);
			buf_printf(&q, " BEGIN INSERT INTO sync_dirty(tbl, pk) VALUES (%s, ", buf_str(&lit));
			pk_json(&q, t, "old");
			buf_adds(&q, "); END;");
			buf_adds(&q, "CREATE TRIGGER ");
			trigger_name(&q, t, 'i');
			buf_adds(&q, " AFTER INSERT ON ");
			qi(&q, t->name);
			buf_printf(&q, " BEGIN INSERT INTO sync_dirty(tbl, pk) VALUES (%s, ", buf_str(&lit));
			pk_json(&q, t, "new");
			buf_adds(&q, "); END;");
		}
		/* a marker: changes are logged from its seq on */
		buf_printf(&q, "INSERT INTO sync_dirty(tbl) VALUES (%s);"
			   " INSERT OR REPLACE INTO sync_tables(tbl, tsig, since) VALUES (%s, '%s', last_insert_rowid());",
			   buf_str(&lit), buf_str(&lit), t->tsig);
		if (sq_exec(s, &q))
			goto out;
	}
	if (store_exec(s->db, "COMMIT"))
		goto out;
	r = 0;
out:
	if (r)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(old);
	free(drop);
	buf_release(&q);
	buf_release(&lit);
	return r;
}

/* ---- COPY ---- */

struct copyw {
	struct sync *s;
	struct buf b;
	long long rows;
	int failed;
};

static int copy_flush(struct copyw *w)
{
	if (buf_error(&w->b) && !w->failed) {	/* a row cut: never sent */
		gw_error("%s: COPY: a row is %s", w->s->server, buf_strerror(&w->b));
		w->failed = 1;
	}
	if (w->b.len && !w->failed && PQputCopyData(w->s->pg, w->b.data, (int)w->b.len) != 1) {
		pg_error(w->s, "COPY", PQerrorMessage(w->s->pg));
		w->failed = 1;
	}
	buf_reset(&w->b);
	return w->failed ? -1 : 0;
}

static void put_i64(struct buf *b, long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void put_real(struct buf *b, double d)
{
	if (isinf(d))
		buf_adds(b, d > 0 ? "Infinity" : "-Infinity");
	else if (d == (double)(long long)d && fabs(d) < 1e15)
		put_i64(b, (long long)d);
	else
		buf_printf(b, "%.17g", d);
}

static void put_text(struct buf *b, const unsigned char *p, int n)
{
	int i, start = 0;

	for (i = 0; i < n; i++) {
		const char *e = NULL;
		switch (p[i]) {
		case '\\': e = "\\\\"; break;
		case '\t': e = "\\t"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		}
		if (e) {
			buf_add(b, p + start, (size_t)(i - start));
			buf_adds(b, e);
			start = i + 1;
		}
	}
	buf_add(b, p + start, (size_t)(n - start));
}

static void put_hex(struct buf *b, const unsigned char *p, int n)
{
	static const char hx[] = "0123456789abcdef";
	int i;

	for (i = 0; i < n; i++) {
		buf_addc(b, hx[p[i] >> 4]);
		buf_addc(b, hx[p[i] & 15]);
	}
}

/* an id of this store, moved into its range; -1 when out of range */
static int move_id(struct sync *s, long long v, long long *out)
{
	if (v <= -ID_LIMIT || v >= ID_LIMIT)
		return -1;
	*out = v + s->base;
	return 0;
}

/* the COPY line of the statement's current row: columns from `first`, then gw_row */
static int copy_row(struct copyw *w, const struct tbl *t, sqlite3_stmt *st, int first)
{
	struct sync *s = w->s;
	struct buf *b = &w->b;
	int i;
	long long rowid = first ? sqlite3_column_int64(st, 0) : 0, v;

	for (i = 0; i < t->nc; i++) {
		int k = first + i, ty = sqlite3_column_type(st, k);
		const struct col *c = &t->c[i];
		if (i)
			buf_addc(b, '\t');
		switch (ty) {
		case SQLITE_NULL:
			buf_adds(b, "\\N");
			break;
		case SQLITE_INTEGER:
			v = sqlite3_column_int64(st, k);
			if ((c->ref >= 0 || i == t->alias) && move_id(s, v, &v)) {
				gw_error("%s: table %s: %s %lld is outside the ids a replica can take (+-2^53)",
					 s->o->db, t->name, c->name, (long long)sqlite3_column_int64(st, k));
				return -1;
			}
			put_i64(b, v);
			break;
		case SQLITE_FLOAT:
			put_real(b, sqlite3_column_double(st, k));
			break;
		case SQLITE_BLOB:
			if (c->type == C_BLOB) {
				buf_adds(b, "\\\\x");
				put_hex(b, sqlite3_column_blob(st, k), sqlite3_column_bytes(st, k));
			} else	/* a blob in a column of text */
				put_text(b, sqlite3_column_text(st, k), sqlite3_column_bytes(st, k));
			break;
		default:
			put_text(b, sqlite3_column_text(st, k), sqlite3_column_bytes(st, k));
		}
	}
	if (t->alias < 0) {
		if (first && move_id(s, rowid, &v)) {
			gw_error("%s: table %s: rowid %lld is outside the ids a replica can take (+-2^53)",
				 s->o->db, t->name, rowid);
			return -1;
		}
		buf_addc(b, '\t');
		put_i64(b, first ? v : s->base);
	}
	buf_addc(b, '\n');
	w->rows++;
	if (b->len >= COPY_CHUNK || buf_error(b))
		return copy_flush(w);
	return 0;
}

/* the replica's column list of t, quoted: its columns and gw_row */
static void column_list(struct buf *b, const struct tbl *t, const char *prefix)
{
	int i;

	for (i = 0; i < t->nc; i++) {
		if (i)
			buf_adds(b, ", ");
		buf_adds(b, prefix);
		qi(b, t->c[i].name);
	}
	if (t->alias < 0)
		buf_printf(b, ", %sgw_row", prefix);
}

static int copy_begin(struct sync *s, const char *target, const char *cols, int freeze)
{
	struct buf q = BUF_INIT(TABLE_TEXT_MAX);
	PGresult *r;
	int ok;

	if (!cols)
		return -1;	/* sql_of said why */
	buf_printf(&q, "COPY %s (%s) FROM STDIN%s", target, cols, freeze ? " WITH (FREEZE)" : "");
	if (!sql_of(&q)) {
		buf_release(&q);
		return -1;
	}
	r = PQexec(s->pg, buf_str(&q));
	ok = PQresultStatus(r) == PGRES_COPY_IN;
	if (!ok)
		pg_error(s, target, PQresultErrorMessage(r));
	PQclear(r);
	buf_release(&q);
	return ok ? 0 : -1;
}

/* ends a COPY; returns the rows copied, or -1 (with the error, unless quiet and
 * it is a unique violation, said by *dup) */
static long long copy_end(struct copyw *w, const char *what, int *dup)
{
	PGresult *r;
	long long n = -1;
	int failed = w->failed || copy_flush(w);

	if (PQputCopyEnd(w->s->pg, failed ? "gw-sync stopped the copy" : NULL) != 1) {
		pg_error(w->s, what, PQerrorMessage(w->s->pg));
		failed = 1;
	}
	while ((r = PQgetResult(w->s->pg))) {
		if (PQresultStatus(r) == PGRES_COMMAND_OK && !failed)
			n = w->rows;
		else if (PQresultStatus(r) != PGRES_COMMAND_OK && !failed) {
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			if (dup && state && !strcmp(state, "23505"))
				*dup = 1;
			else
				pg_error(w->s, what, PQresultErrorMessage(r));
			failed = 1;
		}
		PQclear(r);
	}
	return failed ? -1 : n;
}

/* ---- the replica's tables ---- */

static int create_table(struct sync *s, struct tbl *t)
{
	struct buf *q = &s->q;
	int i;

	buf_reset(q);
	buf_printf(q, "CREATE TABLE %s.", s->schema);
	qi(q, t->name);
	buf_adds(q, " (");
	for (i = 0; i < t->nc; i++) {
		if (i)
			buf_adds(q, ", ");
		qi(q, t->c[i].name);
		buf_printf(q, " %s%s", pg_type(t->c[i].type), t->c[i].notnull || i == t->alias ? " NOT NULL" : "");
	}
	if (t->alias < 0)
		buf_adds(q, ", gw_row bigint NOT NULL");
	buf_adds(q, ")");
	if (pgx(s, t->name, sql_of(q)))
		return -1;
	t->fresh = 1;
	return 0;
}

/* keys, indexes and checks: after a fresh table's first rows (sorting once is cheaper) */
static int finish_table(struct sync *s, struct tbl *t)
{
	struct buf *q = &s->q;
	int i, j;

	buf_reset(q);
	if (t->alias >= 0) {
		buf_printf(q, "ALTER TABLE %s.", s->schema);
		qi(q, t->name);
		buf_adds(q, " ADD PRIMARY KEY (");
		qi(q, t->c[t->alias].name);
		buf_adds(q, ");");
	} else {
		buf_printf(q, "CREATE %sINDEX ON %s.", t->norowid ? "" : "UNIQUE ", s->schema);
		qi(q, t->name);
		buf_adds(q, " (gw_row);");
	}
	for (i = 0; i < t->nix; i++) {
		const struct idx *x = &t->ix[i];
		if (x->origin == 'p' || x->origin == 'u') {
			buf_printf(q, "ALTER TABLE %s.", s->schema);
			qi(q, t->name);
			buf_adds(q, x->origin == 'p' ? " ADD PRIMARY KEY (" : " ADD UNIQUE (");
		} else {
			buf_printf(q, "CREATE %sINDEX ", x->unique ? "UNIQUE " : "");
			qi(q, x->name);
			buf_printf(q, " ON %s.", s->schema);
			qi(q, t->name);
			buf_adds(q, " (");
		}
		for (j = 0; j < x->n; j++) {
			if (j)
				buf_adds(q, ", ");
			qi(q, t->c[x->cols[j]].name);
			if (x->desc[j] && x->origin == 'c')
				buf_adds(q, " DESC");
		}
		buf_adds(q, ");");
	}
	if (pgx(s, t->name, sql_of(q)))
		return -1;
	/* each CHECK apart: one PostgreSQL refuses is said and left out */
	for (i = 0; t->checks.len && i >= 0;) {
		const char *line = t->checks.data + i, *nl = strchr(line, '\n');
		PGresult *r;
		buf_reset(q);
		buf_printf(q, "SAVEPOINT gw_check; ALTER TABLE %s.", s->schema);
		qi(q, t->name);
		buf_printf(q, " ADD CHECK %.*s", nl ? (int)(nl - line) : (int)strlen(line), line);
		if (!sql_of(q))
			return -1;
		r = PQexec(s->pg, buf_str(q));
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			gw_warn("%s: table %s: a CHECK constraint left out: %s", s->server, t->name,
				PQresultErrorMessage(r));
			PQclear(r);
			if (pgx(s, t->name, "ROLLBACK TO SAVEPOINT gw_check"))
				return -1;
		} else {
			PQclear(r);
			if (pgx(s, t->name, "RELEASE SAVEPOINT gw_check"))
				return -1;
		}
		i = nl ? (int)(nl - t->checks.data) + 1 : -1;
	}
	return 0;
}

/* ---- one table's rows of this store ---- */

struct tstate {		/* gw_sync_tables: this store's watermark of a table */
	int found;
	char psig[17], tsig[17];
	long long wm, nrows, ds;
};

static int read_tstate(struct sync *s, const struct tbl *t, struct tstate *w)
{
	struct buf *q = &s->q;
	PGresult *r;

	memset(w, 0, sizeof(*w));
	buf_reset(q);
	buf_printf(q, "SELECT psig, tsig, wm, nrows, ds FROM %s.gw_sync_tables WHERE store = %d AND tbl = ",
		   s->schema, s->store);
	ql(q, t->name);
	if (!(r = pgq(s, "gw_sync_tables", sql_of(q))))
		return -1;
	if (PQntuples(r) == 1) {
		w->found = 1;
		snprintf(w->psig, sizeof(w->psig), "%s", PQgetvalue(r, 0, 0));
		snprintf(w->tsig, sizeof(w->tsig), "%s", PQgetvalue(r, 0, 1));
		w->wm = strtoll(PQgetvalue(r, 0, 2), NULL, 10);
		w->nrows = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
		w->ds = strtoll(PQgetvalue(r, 0, 4), NULL, 10);
	}
	PQclear(r);
	return 0;
}

/* the store's rows of t as chosen by `where` (SQL on the store, ?1 = table name,
 * ?2 = the watermark seq, ?3 = the snapshot's seq, ?4 = the rowid watermark) copied
 * into target */
static long long copy_rows(struct sync *s, const struct tbl *t, const char *target, const char *where,
			   long long ds, long long wm, int freeze, int *dup)
{
	struct buf q = BUF_INIT(TABLE_TEXT_MAX), cols = BUF_INIT(TABLE_TEXT_MAX);
	struct copyw w = { s, BUF_INIT((size_t)COPY_CHUNK * 2), 0, 0 };
	sqlite3_stmt *st = NULL;
	long long n = -1;
	int rc, first = t->norowid ? 0 : 1, i;

	buf_adds(&q, "SELECT ");
	if (first)
		buf_adds(&q, "rowid, ");
	for (i = 0; i < t->nc; i++) {
		if (i)
			buf_adds(&q, ", ");
		qi(&q, t->c[i].name);
	}
	buf_adds(&q, " FROM ");
	qi(&q, t->name);
	if (where)
		buf_printf(&q, " WHERE %s", where);
	if (!(st = sq_prepare(s, &q)))
		goto out;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, ds);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, s->snap);
	if (sqlite3_bind_parameter_count(st) >= 4)
		sqlite3_bind_int64(st, 4, wm);
	column_list(&cols, t, "");
	if (copy_begin(s, target, sql_of(&cols), freeze))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (copy_row(&w, t, st, first)) {
			w.failed = 1;
			break;
		}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sq_err(s, t->name);
		w.failed = 1;
	}
	n = copy_end(&w, t->name, dup);
out:
	sqlite3_finalize(st);
	buf_release(&q);
	buf_release(&cols);
	buf_release(&w.b);
	return n;
}

static long long sq_count(struct sync *s, const char *sql, const char *tbl, long long ds, long long wm, int *err)
{
	sqlite3_stmt *st = store_prepare(s->db, sql);
	long long v = 0;

	if (!st) {
		*err = 1;
		return 0;
	}
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, ds);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, s->snap);
	if (sqlite3_bind_parameter_count(st) >= 4)
		sqlite3_bind_int64(st, 4, wm);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else {
		sq_err(s, tbl);
		*err = 1;
	}
	sqlite3_finalize(st);
	return v;
}

/* the table of the replica as a quoted name */
static void target(struct buf *b, struct sync *s, const struct tbl *t)
{
	buf_reset(b);
	buf_printf(b, "%s.", s->schema);
	qi(b, t->name);
}

/* 1 when a ref column of t points into a table where this store has shared rows */
static int refs_shared(struct sync *s, const struct tbl *t, int *err)
{
	struct buf q = BUF_INIT(SQL_VALUES_MAX);
	int i, any = 0;

	for (i = 0; i < t->nc && !any && !*err; i++) {
		if (t->c[i].ref < 0)
			continue;
		buf_reset(&q);
		buf_printf(&q, "SELECT count(*) FROM (SELECT 1 FROM %s.gw_shared WHERE store = %d AND tbl = ",
			   s->schema, s->store);
		ql(&q, s->S.t[t->c[i].ref].name);
		buf_adds(&q, " LIMIT 1) x");
		any = pg_num(s, t->name, sql_of(&q), 0, err) > 0;
	}
	buf_release(&q);
	return any;
}

/* the ref columns of `tgt` (rows of this store) that point at rows another store holds */
static void remap_refs(struct buf *q, struct sync *s, const struct tbl *t, const char *tgt, int store_rows_only)
{
	int i;

	for (i = 0; i < t->nc; i++) {
		if (t->c[i].ref < 0)
			continue;
		buf_printf(q, "UPDATE %s g SET ", tgt);
		qi(q, t->c[i].name);
		buf_printf(q, " = m.to_row FROM %s.gw_shared m WHERE m.store = %d AND m.tbl = ", s->schema, s->store);
		ql(q, s->S.t[t->c[i].ref].name);
		buf_adds(q, " AND g.");
		qi(q, t->c[i].name);
		buf_adds(q, " = m.from_row");
		if (store_rows_only) {
			buf_printf(q, " AND g.");
			qi(q, rowkey(t));
			buf_printf(q, " BETWEEN %lld AND %lld", s->lo, s->hi);
		}
		buf_adds(q, ";");
	}
}

/* copies the rows chosen by `where` into the replica, keeping another store's row
 * where one holds the same natural key (and saying so in gw_shared) */
static long long put_rows(struct sync *s, struct tbl *t, const char *where, long long ds, long long wm)
{
	struct buf tg = BUF_INIT(BUF_NAME_MAX), q = BUF_INIT(TABLE_TEXT_MAX);
	long long n = -1;
	int err = 0, staged = 0, shared_refs, others = 0, i;

	target(&tg, s, t);
	if (!sql_of(&tg))
		goto out;
	shared_refs = refs_shared(s, t, &err);
	if (err)
		goto out;
	if (t->natural >= 0 && !t->fresh) {
		/* does another store have rows in it? (the row key's index answers) */
		buf_printf(&q, "SELECT (SELECT count(*) FROM (SELECT 1 FROM %s WHERE ", buf_str(&tg));
		qi(&q, rowkey(t));
		buf_printf(&q, " < %lld LIMIT 1) a) + (SELECT count(*) FROM (SELECT 1 FROM %s WHERE ", s->lo, buf_str(&tg));
		qi(&q, rowkey(t));
		buf_printf(&q, " > %lld LIMIT 1) b)", s->hi);
		others = pg_num(s, t->name, sql_of(&q), 0, &err) > 0;
		if (err)
			goto out;
	}
	staged = t->natural >= 0 && (others || shared_refs);
	if (!staged) {
		n = copy_rows(s, t, buf_str(&tg), where, ds, wm, t->fresh, NULL);
		if (n >= 0 && shared_refs) {
			buf_reset(&q);
			remap_refs(&q, s, t, buf_str(&tg), 1);
			if (pgx(s, t->name, sql_of(&q)))
				n = -1;
		}
		goto out;
	}
	buf_reset(&q);
	buf_printf(&q, "CREATE TEMP TABLE gw_stage ON COMMIT DROP AS SELECT * FROM %s WITH NO DATA", buf_str(&tg));
	if (pgx(s, t->name, sql_of(&q)))
		goto out;
	if ((n = copy_rows(s, t, "gw_stage", where, ds, wm, 0, NULL)) < 0)
		goto out;
	buf_reset(&q);
	remap_refs(&q, s, t, "gw_stage", 0);
	/* rows whose natural key another store's row holds: recorded, not copied */
	if (!t->norowid) {
		const struct idx *x = &t->ix[t->natural];
		buf_printf(&q, "INSERT INTO %s.gw_shared (tbl, store, from_row, to_row) SELECT ", s->schema);
		ql(&q, t->name);
		buf_printf(&q, ", %d, g.", s->store);
		qi(&q, rowkey(t));
		buf_adds(&q, ", x.");
		qi(&q, rowkey(t));
		buf_printf(&q, " FROM gw_stage g JOIN %s x ON ", buf_str(&tg));
		for (i = 0; i < x->n; i++) {
			buf_adds(&q, i ? " AND x." : "x.");
			qi(&q, t->c[x->cols[i]].name);
			buf_adds(&q, " = g.");
			qi(&q, t->c[x->cols[i]].name);
		}
		buf_adds(&q, " ON CONFLICT DO NOTHING;");
	}
	buf_printf(&q, "INSERT INTO %s SELECT * FROM gw_stage ON CONFLICT DO NOTHING; DROP TABLE gw_stage", buf_str(&tg));
	if (pgx(s, t->name, sql_of(&q)))
		n = -1;
out:
	buf_release(&tg);
	buf_release(&q);
	return err ? -1 : n;
}

/* deletes this store's rows of t in the replica */
static long long clear_rows(struct sync *s, const struct tbl *t)
{
	struct buf q = BUF_INIT(SQL_MAX), tg = BUF_INIT(BUF_NAME_MAX);
	PGresult *r;
	long long n = -1;

	target(&tg, s, t);
	buf_printf(&q, "DELETE FROM %s.gw_shared WHERE store = %d AND tbl = ", s->schema, s->store);
	ql(&q, t->name);
	buf_printf(&q, "; DELETE FROM %s WHERE ", buf_part(&q, &tg));
	qi(&q, rowkey(t));
	buf_printf(&q, " BETWEEN %lld AND %lld", s->lo, s->hi);
	if ((r = pgq(s, t->name, sql_of(&q)))) {
		n = strtoll(PQcmdTuples(r), NULL, 10);
		PQclear(r);
	}
	buf_release(&q);
	buf_release(&tg);
	return n;
}

/* deletes the replica's rows of this store that the store's log names as changed
 * since ds (rowid tables: by rowid; WITHOUT ROWID: by primary key) */
static long long clear_dirty(struct sync *s, struct tbl *t, long long ds)
{
	struct buf q = BUF_INIT(TABLE_TEXT_MAX), tg = BUF_INIT(BUF_NAME_MAX);
	struct copyw w = { s, BUF_INIT((size_t)COPY_CHUNK * 2), 0, 0 };
	sqlite3_stmt *st = NULL;
	PGresult *r;
	long long n = -1, deleted = 0;
	int rc, i, k, npk = 0;

	target(&tg, s, t);
	if (!sql_of(&tg))
		goto out;
	if (!t->norowid) {
		if (pgx(s, t->name, "CREATE TEMP TABLE IF NOT EXISTS gw_keys (k bigint) ON COMMIT DROP; TRUNCATE gw_keys"))
			goto out;
		st = store_prepare(s->db, "SELECT DISTINCT id FROM sync_dirty WHERE tbl = ?1 AND seq > ?2 AND seq <= ?3"
					  " AND id IS NOT NULL");
		if (!st || copy_begin(s, "gw_keys", "k", 0))
			goto out;
	} else {
		buf_adds(&q, "DROP TABLE IF EXISTS gw_pks; CREATE TEMP TABLE gw_pks ON COMMIT DROP AS SELECT ");
		for (k = 1; k <= t->nc; k++)
			for (i = 0; i < t->nc; i++)
				if (t->c[i].pk == k) {
					buf_adds(&q, npk++ ? ", " : "");
					qi(&q, t->c[i].name);
				}
		buf_printf(&q, " FROM %s WITH NO DATA", buf_str(&tg));
		if (pgx(s, t->name, sql_of(&q)))
			goto out;
		buf_reset(&q);
		buf_adds(&q, "SELECT DISTINCT ");
		for (k = 0; k < npk; k++)
			buf_printf(&q, "%sjson_extract(pk, '$[%d]')", k ? ", " : "", k);
		buf_adds(&q, " FROM sync_dirty WHERE tbl = ?1 AND seq > ?2 AND seq <= ?3 AND pk IS NOT NULL");
		if (!(st = sq_prepare(s, &q)))
			goto out;
		buf_reset(&q);
		for (k = 1; k <= t->nc; k++)
			for (i = 0; i < t->nc; i++)
				if (t->c[i].pk == k) {
					buf_adds(&q, k > 1 ? ", " : "");
					qi(&q, t->c[i].name);
				}
		if (copy_begin(s, "gw_pks", sql_of(&q), 0))
			goto out;
	}
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ds);
	sqlite3_bind_int64(st, 3, s->snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!t->norowid) {
			long long v;
			if (move_id(s, sqlite3_column_int64(st, 0), &v))
				continue;
			put_i64(&w.b, v);
			buf_addc(&w.b, '\n');
		} else {
			for (k = 0, i = 0; i < t->nc; i++) {
				int j, c = -1;
				for (j = 0; j < t->nc; j++)
					if (t->c[j].pk == i + 1)
						c = j;
				if (c < 0)
					continue;
				if (k)
					buf_addc(&w.b, '\t');
				if (sqlite3_column_type(st, k) == SQLITE_NULL)
					buf_adds(&w.b, "\\N");
				else if (sqlite3_column_type(st, k) == SQLITE_INTEGER) {
					long long v = sqlite3_column_int64(st, k);
					if (t->c[c].ref >= 0)
						move_id(s, v, &v);
					put_i64(&w.b, v);
				} else
					put_text(&w.b, sqlite3_column_text(st, k), sqlite3_column_bytes(st, k));
				k++;
			}
			buf_addc(&w.b, '\n');
		}
		w.rows++;
		if (w.b.len >= COPY_CHUNK && copy_flush(&w))
			break;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		sq_err(s, t->name);
		w.failed = 1;
	}
	if (copy_end(&w, t->name, NULL) < 0)
		goto out;
	if (!w.rows) {
		n = 0;
		goto out;
	}
	buf_reset(&q);
	if (!t->norowid) {
		buf_printf(&q, "DELETE FROM %s x USING gw_keys k WHERE x.", buf_str(&tg));
		qi(&q, rowkey(t));
		buf_adds(&q, " = k.k");
	} else {
		buf_printf(&q, "DELETE FROM %s x USING gw_pks k WHERE x.gw_row = %lld", buf_str(&tg), s->base);
		for (i = 0; i < t->nc; i++)
			if (t->c[i].pk) {
				buf_adds(&q, " AND x.");
				qi(&q, t->c[i].name);
				buf_adds(&q, " = k.");
				qi(&q, t->c[i].name);
			}
	}
	if (!(r = pgq(s, t->name, sql_of(&q))))
		goto out;
	deleted = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	if (!t->norowid) {
		buf_reset(&q);
		buf_printf(&q, "DELETE FROM %s.gw_shared m USING gw_keys k WHERE m.tbl = ", s->schema);
		ql(&q, t->name);
		buf_adds(&q, " AND m.from_row = k.k");
		if (!(r = pgq(s, t->name, sql_of(&q))))
			goto out;
		deleted += strtoll(PQcmdTuples(r), NULL, 10);
		PQclear(r);
	}
	n = deleted;
out:
	sqlite3_finalize(st);
	buf_release(&q);
	buf_release(&tg);
	buf_release(&w.b);
	return n;
}

static int save_tstate(struct sync *s, const struct tbl *t, long long wm, long long nrows)
{
	struct buf *q = &s->q;

	buf_reset(q);
	buf_printf(q, "INSERT INTO %s.gw_sync_tables (store, tbl, psig, tsig, wm, nrows, ds, synced) VALUES (%d, ",
		   s->schema, s->store);
	ql(q, t->name);
	buf_printf(q, ", '%s', '%s', %lld, %lld, %lld, now()) ON CONFLICT (store, tbl) DO UPDATE SET"
		   " psig = excluded.psig, tsig = excluded.tsig, wm = excluded.wm, nrows = excluded.nrows,"
		   " ds = excluded.ds, synced = excluded.synced", t->psig, t->tsig, wm, nrows,
		   t->tracked ? s->snap : -1);
	return pgx(s, t->name, sql_of(q));
}

static int sync_table(struct sync *s, struct tbl *t)
{
	struct tstate w;
	long long wm = 0, n, d, cnt;
	int err = 0, full;
	char where[512];

	if (read_tstate(s, t, &w))
		return -1;
	if (!t->norowid) {
		char sql[512];
		snprintf(sql, sizeof(sql), "SELECT coalesce(max(rowid), 0) FROM \"%s\"", t->name);
		wm = sq_count(s, sql, NULL, 0, 0, &err);
		if (err)
			return -1;
	}
	full = s->o->full || t->fresh || !w.found || strcmp(w.psig, t->psig) || strcmp(w.tsig, t->tsig) ||
	       !t->tracked || w.ds < t->since || w.ds < s->pruned || w.ds < 0;
	if (!full) {
		/* incremental: the rows the log names, then (rowid tables) the rows past the watermark;
		 * nothing asked of the server for a table with neither */
		long long ndirty, nnew = 0, total = 0, under = 0;
		char sql[700];
		ndirty = sq_count(s, t->norowid ? "SELECT count(*) FROM sync_dirty WHERE tbl = ?1 AND seq > ?2 AND seq <= ?3"
					      " AND pk IS NOT NULL"
					    : "SELECT count(*) FROM sync_dirty WHERE tbl = ?1 AND seq > ?2 AND seq <= ?3"
					      " AND id IS NOT NULL", t->name, w.ds, 0, &err);
		if (!t->norowid) {
			snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\" WHERE rowid > ?4", t->name);
			nnew = sq_count(s, sql, NULL, 0, w.wm, &err);
		}
		if (err)
			return -1;
		d = 0;
		if (ndirty && (d = clear_dirty(s, t, w.ds)) < 0)
			return -1;
		t->deleted = d;
		t->how = "changed";
		if (t->norowid) {
			struct buf pk = BUF_INIT(BUF_NAME_MAX);
			int i, k, np = 0;
			if (!ndirty)
				return save_tstate(s, t, 0, 0);
			buf_adds(&pk, "(");
			for (k = 1; k <= t->nc; k++)
				for (i = 0; i < t->nc; i++)
					if (t->c[i].pk == k) {
						buf_adds(&pk, np++ ? ", " : "");
						qi(&pk, t->c[i].name);
					}
			buf_adds(&pk, ") IN (SELECT ");
			for (k = 0; k < np; k++)
				buf_printf(&pk, "%sjson_extract(pk, '$[%d]')", k ? ", " : "", k);
			buf_adds(&pk, " FROM sync_dirty WHERE tbl = ?1 AND seq > ?2 AND seq <= ?3 AND pk IS NOT NULL)");
			n = sql_of(&pk) ? put_rows(s, t, buf_str(&pk), w.ds, 0) : -1;
			buf_release(&pk);
			if (n < 0)
				return -1;
			t->copied = n;
			return save_tstate(s, t, 0, 0);
		}
		/* rows at or under the watermark that the log does not name: every one must be
		 * one the replica had (an insert under the watermark, by explicit id, is not
		 * logged: then the table is copied whole). All rows (SQLite counts them on its
		 * smallest index), less those past the watermark, less those the log names. */
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", t->name);
		total = sq_count(s, sql, NULL, 0, 0, &err);
		if (ndirty) {
			snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\" WHERE rowid <= ?4 AND rowid IN"
				 " (SELECT id FROM sync_dirty WHERE tbl = ?1 AND seq > ?2 AND seq <= ?3 AND id IS NOT NULL)",
				 t->name);
			under = sq_count(s, sql, t->name, w.ds, w.wm, &err);
		}
		if (err)
			return -1;
		cnt = total - nnew - under;
		if (cnt == w.nrows - d) {
			n = 0;
			snprintf(where, sizeof(where), "rowid > ?4 OR rowid IN (SELECT id FROM sync_dirty WHERE tbl = ?1"
				 " AND seq > ?2 AND seq <= ?3 AND id IS NOT NULL)");
			if ((nnew || ndirty) && (n = put_rows(s, t, where, w.ds, w.wm)) < 0)
				return -1;
			t->copied = n;
			return save_tstate(s, t, wm, cnt + n);
		}
		if (s->o->verbose)
			gw_warn("%s: rows added under its last synced rowid: copied whole", t->name);
	}
	/* whole: this store's rows of the table again */
	if (!t->fresh) {
		if ((d = clear_rows(s, t)) < 0)
			return -1;
		t->deleted += d;
	}
	if ((n = put_rows(s, t, NULL, 0, 0)) < 0)
		return -1;
	t->copied = n;
	t->how = "whole";
	return save_tstate(s, t, wm, n);
}

/* ---- views ---- */

/* the replica's column of a table's rowid (sqlpg_tables) */
static const char *rowid_of(void *arg, const char *name, size_t len)
{
	const struct schema *S = arg;
	int i;

	for (i = 0; i < S->nt; i++)
		if (strlen(S->t[i].name) == len && !strncasecmp(S->t[i].name, name, len))
			return rowkey(&S->t[i]);
	return NULL;
}

static int make_views(struct sync *s)
{
	struct sqlpg_tables tables = { rowid_of, &s->S };
	struct buf q = BUF_INIT(SCHEMA_TEXT_MAX), tr = BUF_INIT(SCHEMA_TEXT_MAX), why = BUF_INIT(BUF_MSG_MAX), err = BUF_INIT(BUF_TEXT_MAX);
	int *state = calloc((size_t)s->S.nv + 1, sizeof(int)), progress = 1, i, j, r = -1;
	char **errs = calloc((size_t)s->S.nv + 1, sizeof(char *));

	if (!state || !errs)
		goto out;
	/* translate each; create in passes until none more can be (a view may read a later one) */
	while (progress) {
		progress = 0;
		for (i = 0; i < s->S.nv; i++) {
			struct view *v = &s->S.v[i];
			size_t start;
			PGresult *res;
			if (state[i])
				continue;
			buf_reset(&tr);
			if (sqlpg_view_select(v->sql, &start) || sqlpg_translate(v->sql + start, &tables, &tr, &why)) {
				state[i] = -1;
				free(errs[i]);
				errs[i] = strdup(why.len || buf_error(&why) ? buf_msg(&why) : "not a CREATE VIEW statement");
				continue;
			}
			buf_reset(&q);
			buf_printf(&q, "SAVEPOINT gw_view; CREATE VIEW %s.", s->schema);
			qi(&q, v->name);
			buf_adds(&q, " (");
			for (j = 0; j < v->nc; j++) {
				if (j)
					buf_adds(&q, ", ");
				qi(&q, v->cols[j]);
			}
			buf_printf(&q, ") AS %s", buf_str(&tr));
			if (!sql_of(&q))
				goto out;
			res = PQexec(s->pg, buf_str(&q));
			if (PQresultStatus(res) == PGRES_COMMAND_OK) {
				PQclear(res);
				if (pgx(s, v->name, "RELEASE SAVEPOINT gw_view"))
					goto out;
				state[i] = 1;
				progress = 1;
				continue;
			}
			pg_msg(PQresultErrorMessage(res), &err);
			PQclear(res);
			free(errs[i]);
			errs[i] = strdup(buf_msg(&err));
			if (pgx(s, v->name, "ROLLBACK TO SAVEPOINT gw_view"))
				goto out;
		}
	}
	for (i = 0; i < s->S.nv; i++) {
		buf_reset(&q);
		buf_printf(&q, "INSERT INTO %s.gw_views (name, ok, error) VALUES (", s->schema);
		ql(&q, s->S.v[i].name);
		buf_printf(&q, ", %s, ", state[i] == 1 ? "true" : "false");
		if (state[i] == 1)
			buf_adds(&q, "NULL");
		else
			ql(&q, errs[i] ? errs[i] : "?");
		buf_adds(&q, ") ON CONFLICT (name) DO UPDATE SET ok = excluded.ok, error = excluded.error");
		if (pgx(s, "gw_views", sql_of(&q)))
			goto out;
		if (state[i] == 1) {
			s->views_made++;
			continue;
		}
		s->views_failed++;
		gw_error("%s: view %s: not created in the replica: %s", s->server, s->S.v[i].name,
			 errs[i] ? errs[i] : "?");
	}
	r = 0;
out:
	if (errs)
		for (i = 0; i < s->S.nv; i++)
			free(errs[i]);
	free(errs);
	free(state);
	buf_release(&q);
	buf_release(&tr);
	buf_release(&why);
	buf_release(&err);
	return r;
}

static int drop_views(struct sync *s)
{
	struct buf q = BUF_INIT(TABLE_TEXT_MAX);
	PGresult *r;
	int i, rc = -1;

	buf_printf(&q, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		   " WHERE c.relkind = 'v' AND n.nspname = ");
	ql(&q, s->o->schema);
	if (!(r = pgq(s, "views", sql_of(&q))))
		goto out;
	buf_reset(&q);
	for (i = 0; i < PQntuples(r); i++) {
		buf_printf(&q, "DROP VIEW IF EXISTS %s.", s->schema);
		qi(&q, PQgetvalue(r, i, 0));
		buf_adds(&q, " CASCADE;");
	}
	PQclear(r);
	buf_printf(&q, "DELETE FROM %s.gw_views", s->schema);
	rc = pgx(s, "views", sql_of(&q));
out:
	buf_release(&q);
	return rc;
}

/* ---- the replica's bookkeeping ---- */

static const char bookkeeping[] =
	"CREATE TABLE IF NOT EXISTS gw_meta (key text PRIMARY KEY, value text);"
	"CREATE TABLE IF NOT EXISTS gw_stores (store integer PRIMARY KEY, id text NOT NULL UNIQUE, name text,"
	" schema_version integer, first_sync timestamptz, last_sync timestamptz);"
	"CREATE TABLE IF NOT EXISTS gw_tables (tbl text PRIMARY KEY, psig text NOT NULL);"
	"CREATE TABLE IF NOT EXISTS gw_sync_tables (store integer NOT NULL, tbl text NOT NULL, psig text, tsig text,"
	" wm bigint, nrows bigint, ds bigint, synced timestamptz, PRIMARY KEY (store, tbl));"
	"CREATE TABLE IF NOT EXISTS gw_shared (tbl text NOT NULL, store integer NOT NULL, from_row bigint NOT NULL,"
	" to_row bigint NOT NULL, PRIMARY KEY (tbl, from_row));"
	"CREATE TABLE IF NOT EXISTS gw_views (name text PRIMARY KEY, ok boolean NOT NULL, error text);"
	"CREATE OR REPLACE FUNCTION gw_store_of(id bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS"
	" $$SELECT floor((id + 9007199254740992) / 18014398509481984.0)::integer$$;";

static int meta_get(struct sync *s, const char *key, struct buf *out)
{
	struct buf q = BUF_INIT(SQL_MAX);
	PGresult *r;

	buf_reset(out);
	buf_printf(&q, "SELECT value FROM %s.gw_meta WHERE key = ", s->schema);
	ql(&q, key);
	r = pgq(s, "gw_meta", sql_of(&q));
	buf_release(&q);
	if (!r)
		return -1;
	if (PQntuples(r) == 1 && buf_adds(out, PQgetvalue(r, 0, 0))) {
		gw_error("%s: gw_meta %s: its value is %s", s->server, key, buf_strerror(out));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static int meta_set(struct sync *s, const char *key, const char *value)
{
	struct buf q = BUF_INIT(SQL_VALUES_MAX);
	int r;

	buf_printf(&q, "INSERT INTO %s.gw_meta (key, value) VALUES (", s->schema);
	ql(&q, key);
	buf_adds(&q, ", ");
	ql(&q, value);
	buf_adds(&q, ") ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	r = pgx(s, "gw_meta", sql_of(&q));
	buf_release(&q);
	return r;
}

/* the schema exists and is not a replica: refused */
static int check_schema(struct sync *s, int *exists)
{
	struct buf q = BUF_INIT(SQL_MAX);
	PGresult *r;
	int rc = -1;

	buf_adds(&q, "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = ");
	ql(&q, s->o->schema);
	buf_adds(&q, "), (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ");
	ql(&q, s->o->schema);
	buf_adds(&q, "), (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ");
	ql(&q, s->o->schema);
	buf_adds(&q, " AND c.relname = 'gw_meta')");
	if (!(r = pgq(s, "schema", sql_of(&q))))
		goto out;
	*exists = atoi(PQgetvalue(r, 0, 0)) > 0 && atoi(PQgetvalue(r, 0, 2)) > 0;
	if (atoi(PQgetvalue(r, 0, 1)) > 0 && atoi(PQgetvalue(r, 0, 2)) == 0)
		gw_error("%s: schema %s holds tables and is not a gigawatt replica (it has no gw_meta);"
			 " choose another with --schema", s->server, s->o->schema);
	else
		rc = 0;
	PQclear(r);
out:
	buf_release(&q);
	return rc;
}

/* the replica's format and schema version against this gw-sync and this store */
static int check_versions(struct sync *s, int writing)
{
	struct buf v = BUF_INIT(BUF_NAME_MAX);
	int rc = -1, format, version;

	if (meta_get(s, "format", &v))
		goto out;
	format = v.len ? atoi(buf_str(&v)) : 0;
	if (format > SYNC_FORMAT) {
		gw_error("%s: schema %s is a replica of format %d, made by a newer gw-sync than this one"
			 " (which knows format %d): it will not %s it; update gigawatt",
			 s->server, s->o->schema, format, SYNC_FORMAT, writing ? "write to" : "read");
		goto out;
	}
	if (meta_get(s, "store_schema", &v))
		goto out;
	version = v.len ? atoi(buf_str(&v)) : 0;
	if (version > s->S.version) {
		gw_error("%s: schema %s was made from a store at schema version %d, newer than %s (version %d):"
			 " it will not %s it; update gigawatt on this machine (its tools migrate the store)",
			 s->server, s->o->schema, version, s->o->db, s->S.version, writing ? "write to" : "compare");
		goto out;
	}
	rc = 0;
out:
	buf_release(&v);
	return rc;
}

static int register_store(struct sync *s)
{
	struct buf q = BUF_INIT(SQL_VALUES_MAX), name = BUF_INIT(BUF_NAME_MAX);
	PGresult *r;
	int rc = -1, err = 0;
	char host[256] = "", *abs = NULL;

	buf_printf(&q, "SELECT store FROM %s.gw_stores WHERE id = ", s->schema);
	ql(&q, s->store_id);
	if (!(r = pgq(s, "gw_stores", sql_of(&q))))
		goto out;
	s->store = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : -1;
	PQclear(r);
	if (s->o->name)
		buf_adds(&name, s->o->name);
	else {
		gethostname(host, sizeof(host) - 1);
		abs = realpath(s->o->db, NULL);
		buf_printf(&name, "%s:%s", host, abs ? abs : s->o->db);
	}
	if (s->store < 0) {
		buf_reset(&q);
		buf_printf(&q, "SELECT coalesce(max(store) + 1, 0) FROM %s.gw_stores", s->schema);
		s->store = (int)pg_num(s, "gw_stores", sql_of(&q), 0, &err);
		if (err)
			goto out;
		if (s->store >= MAX_STORES) {
			gw_error("%s: schema %s holds %d stores already, the most it can", s->server, s->o->schema, s->store);
			goto out;
		}
		buf_reset(&q);
		buf_printf(&q, "INSERT INTO %s.gw_stores (store, id, first_sync) VALUES (%d, ", s->schema, s->store);
		ql(&q, s->store_id);
		buf_adds(&q, ", now())");
		if (pgx(s, "gw_stores", sql_of(&q)))
			goto out;
	}
	buf_reset(&q);
	buf_printf(&q, "UPDATE %s.gw_stores SET name = ", s->schema);
	ql(&q, buf_part(&q, &name));
	buf_printf(&q, ", schema_version = %d, last_sync = now() WHERE store = %d", s->S.version, s->store);
	if (pgx(s, "gw_stores", sql_of(&q)))
		goto out;
	buf_reset(&q);
	buf_printf(&q, "SELECT count(*) FROM %s.gw_stores", s->schema);
	s->stores = (int)pg_num(s, "gw_stores", sql_of(&q), 1, &err);
	if (err)
		goto out;
	s->base = (long long)s->store * STORE_SPAN;
	s->lo = s->base - ID_LIMIT + 1;
	s->hi = s->base + ID_LIMIT - 1;
	rc = 0;
out:
	free(abs);
	buf_release(&q);
	buf_release(&name);
	return rc;
}

static int store_state(struct sync *s)
{
	/* the log's last seq: AUTOINCREMENT's, which pruning the log does not take back */
	sqlite3_stmt *st = store_prepare(s->db, "SELECT id, pruned, max(pruned, coalesce((SELECT seq FROM sqlite_sequence"
				     " WHERE name = 'sync_dirty'), 0)) FROM sync_store LIMIT 1");
	int rc = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(s->store_id, sizeof(s->store_id), "%s", sqlite3_column_text(st, 0));
		s->pruned = sqlite3_column_int64(st, 1);
		s->snap = sqlite3_column_int64(st, 2);
		rc = 0;
	} else
		rc = 1;
	sqlite3_finalize(st);
	return rc;
}

/* tables first that others' ids point into */
static int *table_order(struct schema *S)
{
	int *order = malloc(((size_t)S->nt + 1) * sizeof(int)), n = 0, i, pass;

	if (!order)
		return NULL;
	for (i = 0; i < S->nt; i++)
		S->t[i].visited = 0;
	for (pass = 0; pass < S->nt + 1 && n < S->nt; pass++)
		for (i = 0; i < S->nt; i++) {
			struct tbl *t = &S->t[i];
			int j, ready = 1;
			if (t->visited)
				continue;
			for (j = 0; j < t->nc; j++)
				if (t->c[j].ref >= 0 && t->c[j].ref != i && !S->t[t->c[j].ref].visited)
					ready = 0;
			if (ready || pass == S->nt) {
				t->visited = 1;
				order[n++] = i;
			}
		}
	return order;
}

static int connect_pg(struct sync *s)
{
	/* the conninfo as given (a string or a URI), gw-sync as the application unless it names one */
	static const char *const keys[] = { "dbname", "fallback_application_name", NULL };
	const char *values[] = { s->o->conninfo ? s->o->conninfo : "", "gw-sync", NULL };

	s->pg = PQconnectdbParams(keys, values, 1);
	if (!s->pg) {
		gw_error("cannot connect to PostgreSQL: out of memory");
		return -1;
	}
	describe_server(s);
	if (PQstatus(s->pg) != CONNECTION_OK) {
		pg_error(s, "cannot connect", PQerrorMessage(s->pg));
		return -1;
	}
	describe_server(s);
	return pgx(s, "session", "SET client_min_messages = warning; SET standard_conforming_strings = on;"
		   " SET client_encoding = 'UTF8'; SET DateStyle = 'ISO'; SET extra_float_digits = 3");
}

/* opens the store, its change tracking, and the connection: 0, or the exit status */
static int start(struct sync *s)
{
	int rc;

	if (!(s->db = store_open(s->o->db, 0)))
		return GW_STORE;
	if (read_schema(s) || read_tracking(s))
		return GW_STORE;
	if (connect_pg(s))
		return GW_FAIL;
	if (!s->o->check && install_triggers(s))
		return GW_STORE;
	/* the store as of one moment: a read transaction for the whole run */
	if (store_exec(s->db, "BEGIN") || store_exec(s->db, "SELECT count(*) FROM sqlite_schema"))
		return GW_STORE;
	if (read_schema(s) || read_tracking(s))
		return GW_STORE;
	if ((rc = store_state(s)) < 0)
		return GW_STORE;
	if (rc > 0) {
		gw_error("%s: the store has never been synced (no sync_store row): run gw-sync without --check first",
			 s->o->db);
		return GW_FAIL;
	}
	return GW_OK;
}

static void finish(struct sync *s)
{
	if (s->db) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		store_close(s->db);
	}
	if (s->pg)
		PQfinish(s->pg);
	schema_free(&s->S);
	free(s->schema);
	buf_release(&s->q);
}

/* after the replica committed: the log entries every table of it has seen go */
static void prune(struct sync *s)
{
	char sql[256];

	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);	/* the run's read transaction */
	sqlite3_busy_timeout(s->db, 2000);
	snprintf(sql, sizeof(sql), "BEGIN IMMEDIATE; DELETE FROM sync_dirty WHERE seq <= %lld;"
		 " UPDATE sync_store SET pruned = max(pruned, %lld); COMMIT", s->snap, s->snap);
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int grant(struct sync *s, const char *role)
{
	struct buf q = BUF_INIT(SQL_VALUES_MAX);
	int err = 0, rc = -1;

	buf_adds(&q, "SELECT count(*) FROM pg_roles WHERE rolname = ");
	ql(&q, role);
	if (!pg_num(s, "grant", sql_of(&q), 0, &err)) {
		if (err)
			goto out;
		buf_reset(&q);
		buf_adds(&q, "CREATE ROLE ");
		qi(&q, role);
		buf_adds(&q, " NOLOGIN");
		if (pgx(s, "grant", sql_of(&q)))
			goto out;
	}
	buf_reset(&q);
	buf_printf(&q, "GRANT USAGE ON SCHEMA %s TO ", s->schema);
	qi(&q, role);
	buf_printf(&q, "; GRANT SELECT ON ALL TABLES IN SCHEMA %s TO ", s->schema);
	qi(&q, role);
	buf_printf(&q, "; ALTER DEFAULT PRIVILEGES IN SCHEMA %s GRANT SELECT ON TABLES TO ", s->schema);
	qi(&q, role);
	rc = pgx(s, "grant", sql_of(&q));
out:
	buf_release(&q);
	return rc;
}

static int sync_once(struct sync *s)
{
	struct buf v = BUF_INIT(BUF_LIST_MAX), vs = BUF_INIT(SCHEMA_TEXT_MAX), q = BUF_INIT(TABLE_TEXT_MAX);
	char vsig[17], csig[17];
	int *order = NULL, exists = 0, i, j, rebuild_views = 0, rc = GW_FAIL;
	long long copied = 0, deleted = 0;
	int whole = 0, changed = 0;
	PGresult *r;

	if (check_schema(s, &exists))
		goto out;
	/* the lock is per schema name: its hash */
	{
		char h[65];
		long long key;
		sha256_hex(s->o->schema, strlen(s->o->schema), h);
		key = (long long)strtoull(h + 48, NULL, 16);
		buf_reset(&q);
		buf_printf(&q, "BEGIN; SELECT pg_advisory_xact_lock(%lld); CREATE SCHEMA IF NOT EXISTS %s;"
			   " SET LOCAL search_path = %s, pg_catalog; SET LOCAL maintenance_work_mem = '256MB'; %s",
			   key, s->schema, s->schema, bookkeeping);
	}
	if (pgx(s, "start", sql_of(&q)))
		goto out;
	if (check_versions(s, 1) || register_store(s))
		goto out;
	/* SQLite's functions, when this gw-sync's differ from the replica's */
	buf_reset(&v);
	buf_adds(&v, gw_sync_compat);
	if (!sql_of(&v))
		goto out;
	sig16(&v, csig);
	if (meta_get(s, "compat", &v))
		goto out;
	if (strcmp(buf_str(&v), csig)) {
		/* @S@ in the text is the schema: the functions call each other by their full name,
		 * so they work whatever the search_path of the session reading a view */
		const char *p = gw_sync_compat, *at;
		buf_reset(&q);
		while ((at = strstr(p, "@S@"))) {
			buf_add(&q, p, (size_t)(at - p));
			buf_adds(&q, s->schema);
			p = at + 3;
		}
		buf_adds(&q, p);
		if (pgx(s, "SQLite's functions", sql_of(&q)) || meta_set(s, "compat", csig))
			goto out;
		rebuild_views = 1;
	}
	/* the views' signature: their SQL and the tables they read */
	buf_printf(&vs, "%d|%s", SYNC_FORMAT, csig);
	for (i = 0; i < s->S.nt; i++)
		buf_printf(&vs, "|%s", s->S.t[i].psig);
	for (i = 0; i < s->S.nv; i++)
		buf_printf(&vs, "|%s", s->S.v[i].sql);
	if (!sql_of(&vs))
		goto out;
	sig16(&vs, vsig);
	if (meta_get(s, "views", &v))
		goto out;
	if (strcmp(buf_str(&v), vsig))
		rebuild_views = 1;
	if (rebuild_views && drop_views(s))
		goto out;
	/* tables: new ones created, changed ones made again (every store copies them whole
	 * on its next run), gone ones dropped */
	buf_reset(&q);
	buf_printf(&q, "SELECT tbl, psig FROM %s.gw_tables", s->schema);
	if (!(r = pgq(s, "gw_tables", sql_of(&q))))
		goto out;
	for (j = 0; j < PQntuples(r); j++) {
		const char *name = PQgetvalue(r, j, 0);
		int k = table_index(&s->S, name);
		if (k >= 0 && !strcmp(PQgetvalue(r, j, 1), s->S.t[k].psig))
			continue;
		buf_reset(&q);
		buf_printf(&q, "DROP TABLE IF EXISTS %s.", s->schema);
		qi(&q, name);
		buf_printf(&q, " CASCADE; DELETE FROM %s.gw_tables WHERE tbl = ", s->schema);
		ql(&q, name);
		buf_printf(&q, "; DELETE FROM %s.gw_sync_tables WHERE tbl = ", s->schema);
		ql(&q, name);
		buf_printf(&q, "; DELETE FROM %s.gw_shared WHERE tbl = ", s->schema);
		ql(&q, name);
		if (pgx(s, name, sql_of(&q))) {
			PQclear(r);
			goto out;
		}
		rebuild_views = 1;
	}
	PQclear(r);
	if (rebuild_views && drop_views(s))
		goto out;
	for (i = 0; i < s->S.nt; i++) {
		struct tbl *t = &s->S.t[i];
		buf_reset(&q);
		buf_printf(&q, "SELECT count(*) FROM %s.gw_tables WHERE tbl = ", s->schema);
		ql(&q, t->name);
		{
			int err = 0;
			if (pg_num(s, t->name, sql_of(&q), 0, &err) > 0)
				continue;
			if (err)
				goto out;
		}
		if (create_table(s, t))
			goto out;
		buf_reset(&q);
		buf_printf(&q, "INSERT INTO %s.gw_tables (tbl, psig) VALUES (", s->schema);
		ql(&q, t->name);
		buf_printf(&q, ", '%s')", t->psig);
		if (pgx(s, t->name, sql_of(&q)))
			goto out;
		rebuild_views = 1;
	}
	/* the rows */
	if (!(order = table_order(&s->S)))
		goto out;
	for (i = 0; i < s->S.nt; i++) {
		struct tbl *t = &s->S.t[order[i]];
		double t0 = now_s();
		if (sync_table(s, t))
			goto out;
		if (t->fresh && finish_table(s, t))
			goto out;
		if (s->o->verbose)
			fprintf(stderr, "gw-sync: %s: %.3f s\n", t->name, now_s() - t0);
		copied += t->copied;
		deleted += t->deleted;
		if (t->how && !strcmp(t->how, "whole"))
			whole++;
		if (t->copied || t->deleted)
			changed++;
		if (s->o->verbose || (!s->o->quiet && (t->copied || t->deleted)))
			printf("%s: %lld rows copied, %lld deleted (%s)\n", t->name, t->copied, t->deleted,
			       t->how && !strcmp(t->how, "whole") ? "all of this store's rows" : "changes since the last sync");
	}
	if (rebuild_views) {
		if (make_views(s) || meta_set(s, "views", vsig))
			goto out;
	} else {
		s->views_made = s->S.nv;
	}
	{
		char ver[32];
		snprintf(ver, sizeof(ver), "%d", SYNC_FORMAT);
		if (meta_set(s, "format", ver))
			goto out;
		snprintf(ver, sizeof(ver), "%d", s->S.version);
		if (meta_set(s, "store_schema", ver))
			goto out;
	}
	if (s->o->grant && grant(s, s->o->grant))
		goto out;
	/* roles granted before: the tables made again today are theirs too */
	buf_reset(&q);
	buf_printf(&q, "SELECT DISTINCT grantee FROM information_schema.role_table_grants WHERE table_schema = ");
	ql(&q, s->o->schema);
	buf_adds(&q, " AND table_name = 'gw_meta' AND privilege_type = 'SELECT' AND grantee <> current_user");
	if (!(r = pgq(s, "grants", sql_of(&q))))
		goto out;
	for (j = 0; j < PQntuples(r); j++)
		if (grant(s, PQgetvalue(r, j, 0))) {
			PQclear(r);
			goto out;
		}
	PQclear(r);
	if (pgx(s, "commit", "COMMIT"))
		goto out;
	prune(s);
	if (!s->o->quiet)
		printf("gw-sync: %s -> schema %s of %s: store %d of %d; %d tables (%d changed, %d copied whole),"
		       " %lld rows copied, %lld deleted; %d views%s\n",
		       s->o->db, s->o->schema, s->server, s->store, s->stores, s->S.nt, changed, whole, copied, deleted,
		       s->views_made, s->views_failed ? " (some not created: said above)" : "");
	rc = s->views_failed ? GW_FAIL : GW_OK;
out:
	if (rc && PQtransactionStatus(s->pg) != PQTRANS_IDLE)
		PQexec(s->pg, "ROLLBACK");
	free(order);
	buf_release(&v);
	buf_release(&vs);
	buf_release(&q);
	return rc;
}

/* ---- --check: row counts and checksums, the store against the replica ---- */

struct rowsum {
	long long n;
	uint64_t sum;
	int keep;
	char **rows;		/* kept rows (views), for naming differences */
	uint64_t *hash;
	size_t nkept, cap;
};

static void num_norm(struct buf *b, double d, int exact)
{
	if (d == 0)
		buf_adds(b, "0");
	else if (d == floor(d) && fabs(d) < 9007199254740992.0)
		buf_printf(b, "%.0f", d);
	else
		buf_printf(b, exact ? "%.17g" : "%.12g", d);
}

static void rowsum_add(struct rowsum *rs, const struct buf *row)
{
	uint64_t h;
	char hex[65];

	sha256_hex(row->data, row->len, hex);
	hex[16] = 0;
	h = strtoull(hex, NULL, 16);
	rs->n++;
	rs->sum += h;
	if (rs->keep) {
		if (rs->nkept == rs->cap) {
			size_t nc = rs->cap ? rs->cap * 2 : 256;
			char **nr = realloc(rs->rows, nc * sizeof(char *));
			uint64_t *nh;
			if (!nr)
				return;
			rs->rows = nr;
			if (!(nh = realloc(rs->hash, nc * sizeof(uint64_t))))
				return;
			rs->hash = nh;
			rs->cap = nc;
		}
		rs->rows[rs->nkept] = strndup(row->data, row->len);
		rs->hash[rs->nkept++] = h;
	}
}

static void rowsum_free(struct rowsum *rs)
{
	size_t i;

	for (i = 0; i < rs->nkept; i++)
		free(rs->rows[i]);
	free(rs->rows);
	free(rs->hash);
}

/* a value of the store as the check compares it */
static void sq_norm(struct buf *row, sqlite3_stmt *st, int k, int exact, long long move)
{
	switch (sqlite3_column_type(st, k)) {
	case SQLITE_NULL:
		buf_adds(row, "\x1e");
		break;
	case SQLITE_INTEGER:
		if (move)
			buf_printf(row, "%lld", (long long)sqlite3_column_int64(st, k) + move);
		else
			num_norm(row, (double)sqlite3_column_int64(st, k), exact);
		break;
	case SQLITE_FLOAT:
		num_norm(row, sqlite3_column_double(st, k), exact);
		break;
	case SQLITE_BLOB:
		buf_adds(row, "\\x");
		put_hex(row, sqlite3_column_blob(st, k), sqlite3_column_bytes(st, k));
		break;
	default:
		buf_add(row, sqlite3_column_text(st, k), (size_t)sqlite3_column_bytes(st, k));
	}
}

/* a value of the replica, by its type's oid (bool 16, int8 20, int2 21, int4 23, float4 700,
 * float8 701, numeric 1700) */
static void pg_norm(struct buf *row, PGresult *r, int i, int k, int exact)
{
	const char *v = PQgetvalue(r, i, k);
	Oid ty = PQftype(r, k);

	if (PQgetisnull(r, i, k))
		buf_adds(row, "\x1e");
	else if (ty == 16)
		buf_adds(row, *v == 't' ? "1" : "0");
	else if (ty == 20 || ty == 21 || ty == 23 || ty == 700 || ty == 701 || ty == 1700)
		num_norm(row, strtod(v, NULL), exact);
	else
		buf_adds(row, v);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* 1 when column k of t is in its natural key */
static int in_key(const struct tbl *t, int k)
{
	int i;

	if (t->natural < 0)
		return 0;
	for (i = 0; i < t->ix[t->natural].n; i++)
		if (t->ix[t->natural].cols[i] == k)
			return 1;
	return 0;
}

/*
 * The rows of a store's query (a view's, or a table's with its rowid first) summed. A
 * table's ids of other tables are moved as the sync moves them; a row another store's row
 * stands for in the replica (its moved rowid in shared) counts by its natural key alone.
 */
static int sum_store(struct sync *s, const char *sql, const struct tbl *t, const long long *shared, size_t nshared,
		     int exact, struct rowsum *rs)
{
	sqlite3_stmt *st = sql ? store_prepare(s->db, sql) : NULL;
	struct buf row = BUF_INIT(ROW_TEXT_MAX);
	int rc, k, n, first = t ? 1 : 0, cut = 0;

	if (!st)
		return -1;
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long rk = sqlite3_column_int64(st, 0) + s->base;
		int keyonly = t && (s->keyonly || (nshared && bsearch(&rk, shared, nshared, sizeof(long long), cmp_ll)));
		buf_reset(&row);
		for (k = first; k < n; k++) {
			if (k > first)
				buf_addc(&row, '\x1f');
			if (keyonly && !in_key(t, k - first))
				buf_adds(&row, "\x1e");
			else if (t && t->c[k - first].ref >= 0 && sqlite3_column_type(st, k) == SQLITE_INTEGER)
				buf_printf(&row, "%lld", (long long)sqlite3_column_int64(st, k) + s->base);
			else
				sq_norm(&row, st, k, exact, 0);
		}
		if ((cut = !sql_of(&row)))	/* its sum would be a prefix's */
			break;
		rowsum_add(rs, &row);
	}
	sqlite3_finalize(st);
	buf_release(&row);
	if (cut)
		return -1;
	if (rc != SQLITE_DONE)
		return sq_err(s, t ? t->name : "view");
	return 0;
}

/* the same of the replica: a table's query has first whether the row is this store's own */
static int sum_replica(struct sync *s, const char *sql, const struct tbl *t, int exact, struct rowsum *rs)
{
	struct buf row = BUF_INIT(ROW_TEXT_MAX), q = BUF_INIT(TABLE_TEXT_MAX);
	PGresult *r;
	int i, k, rc = -1, done = 0, first = t ? 1 : 0;

	if (!sql)
		return -1;	/* sql_of said why */
	buf_printf(&q, "DECLARE gw_cur NO SCROLL CURSOR FOR %s", sql);
	if (pgx(s, "check", sql_of(&q)))
		goto out;
	while (!done) {
		if (!(r = pgq(s, "check", "FETCH 10000 FROM gw_cur")))
			goto out;
		done = PQntuples(r) < 10000;
		for (i = 0; i < PQntuples(r); i++) {
			int keyonly = t && (s->keyonly || *PQgetvalue(r, i, 0) != 't');
			buf_reset(&row);
			for (k = first; k < PQnfields(r); k++) {
				if (k > first)
					buf_addc(&row, '\x1f');
				if (keyonly && !in_key(t, k - first))
					buf_adds(&row, "\x1e");
				else if (t && t->c[k - first].ref >= 0 && !PQgetisnull(r, i, k))
					buf_adds(&row, PQgetvalue(r, i, k));
				else
					pg_norm(&row, r, i, k, exact);
			}
			if (!sql_of(&row)) {	/* its sum would be a prefix's */
				PQclear(r);
				goto out;
			}
			rowsum_add(rs, &row);
		}
		PQclear(r);
	}
	rc = pgx(s, "check", "CLOSE gw_cur");
out:
	buf_release(&row);
	buf_release(&q);
	return rc;
}

/* gw_ck: the natural keys of the store's rows of t, as the replica holds them (ids moved,
 * then those of rows another store's stand for replaced by theirs) */
static int key_table(struct sync *s, const struct tbl *t)
{
	const struct idx *x = &t->ix[t->natural];
	struct buf q = BUF_INIT(TABLE_TEXT_MAX), cols = BUF_INIT(BUF_NAME_MAX);
	struct copyw w = { s, BUF_INIT((size_t)COPY_CHUNK * 2), 0, 0 };
	sqlite3_stmt *st = NULL;
	int k, rc = -1, step;

	for (k = 0; k < x->n; k++) {
		if (k)
			buf_adds(&cols, ", ");
		qi(&cols, t->c[x->cols[k]].name);
	}
	if (!sql_of(&cols))
		goto out;
	buf_printf(&q, "DROP TABLE IF EXISTS gw_ck; CREATE TEMP TABLE gw_ck AS SELECT %s FROM %s.", buf_str(&cols), s->schema);
	qi(&q, t->name);
	buf_adds(&q, " WITH NO DATA");
	if (pgx(s, "check", sql_of(&q)))
		goto out;
	buf_reset(&q);
	buf_printf(&q, "SELECT %s FROM ", buf_str(&cols));
	qi(&q, t->name);
	if (!(st = sq_prepare(s, &q)) || copy_begin(s, "gw_ck", sql_of(&cols), 0))
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (k = 0; k < x->n; k++) {
			const struct col *c = &t->c[x->cols[k]];
			if (k)
				buf_addc(&w.b, '\t');
			if (sqlite3_column_type(st, k) == SQLITE_NULL)
				buf_adds(&w.b, "\\N");
			else if (sqlite3_column_type(st, k) == SQLITE_INTEGER)
				put_i64(&w.b, sqlite3_column_int64(st, k) + (c->ref >= 0 ? s->base : 0));
			else
				put_text(&w.b, sqlite3_column_text(st, k), sqlite3_column_bytes(st, k));
		}
		buf_addc(&w.b, '\n');
		w.rows++;
		if (w.b.len >= COPY_CHUNK && copy_flush(&w))
			break;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		w.failed = 1;
	if (copy_end(&w, "check", NULL) < 0)
		goto out;
	buf_reset(&q);
	remap_refs(&q, s, t, "gw_ck", 0);
	rc = q.len ? pgx(s, "check", sql_of(&q)) : 0;
out:
	sqlite3_finalize(st);
	buf_release(&q);
	buf_release(&cols);
	buf_release(&w.b);
	return rc;
}

/* the moved rowids of this store's rows of t that another store's row stands for, sorted */
static long long *shared_rows(struct sync *s, const struct tbl *t, size_t *n, int *err)
{
	struct buf q = BUF_INIT(SQL_MAX);
	PGresult *r;
	long long *v = NULL;
	int i;

	*n = 0;
	buf_printf(&q, "SELECT from_row FROM %s.gw_shared WHERE store = %d AND tbl = ", s->schema, s->store);
	ql(&q, t->name);
	buf_adds(&q, " ORDER BY 1");
	if (!(r = pgq(s, "check", sql_of(&q)))) {
		*err = 1;
		goto out;
	}
	if (PQntuples(r) && (v = malloc((size_t)PQntuples(r) * sizeof(long long)))) {
		for (i = 0; i < PQntuples(r); i++)
			v[i] = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		*n = (size_t)PQntuples(r);
	}
	PQclear(r);
out:
	buf_release(&q);
	return v;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* names up to 3 rows each side holds alone */
static void say_rows(const char *what, struct rowsum *a, struct rowsum *b)
{
	uint64_t *ha = malloc((a->nkept + 1) * sizeof(uint64_t)), *hb = malloc((b->nkept + 1) * sizeof(uint64_t));
	size_t i, j, said = 0;

	if (!ha || !hb)
		goto out;
	memcpy(ha, a->hash, a->nkept * sizeof(uint64_t));
	memcpy(hb, b->hash, b->nkept * sizeof(uint64_t));
	qsort(ha, a->nkept, sizeof(uint64_t), cmp_u64);
	qsort(hb, b->nkept, sizeof(uint64_t), cmp_u64);
	for (i = 0, j = 0; i < a->nkept && said < 3;) {
		if (j < b->nkept && hb[j] < ha[i]) {
			j++;
			continue;
		}
		if (j < b->nkept && hb[j] == ha[i]) {
			i++;
			j++;
			continue;
		}
		{
			size_t k;
			for (k = 0; k < a->nkept; k++)
				if (a->hash[k] == ha[i]) {
					char *p;
					for (p = a->rows[k]; *p; p++)
						if (*p == '\x1f')
							*p = '|';
						else if (*p == '\x1e')
							*p = '~';
					gw_error("  %s only: %s", what, a->rows[k]);
					break;
				}
		}
		said++;
		i++;
	}
out:
	free(ha);
	free(hb);
}

static int compare(struct sync *s, const char *kind, const char *name, struct rowsum *a, struct rowsum *b)
{
	if (a->n == b->n && a->sum == b->sum)
		return 0;
	if (a->n != b->n)
		gw_error("check: %s %s: %lld rows in the store, %lld in the replica", kind, name, a->n, b->n);
	else
		gw_error("check: %s %s: %lld rows in both, with different content", kind, name, a->n);
	if (a->keep) {
		say_rows("store", a, b);
		say_rows("replica", b, a);
	}
	(void)s;
	return 1;
}

/* 1 if the replica's schema has a relation NAME of kind KIND ('r' a table, 'v' a view), built
 * in q (reset); 0 if not or on error (*err set by pg_num) */
static int pg_relation_exists(struct sync *s, char kind, const char *name, struct buf *q, int *err)
{
	buf_reset(q);
	buf_printf(q, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		   " WHERE c.relkind = '%c' AND n.nspname = ", kind);
	ql(q, s->o->schema);
	buf_adds(q, " AND c.relname = ");
	ql(q, name);
	return pg_num(s, "check", sql_of(q), 0, err) > 0;
}

static int check_once(struct sync *s)
{
	struct buf q = BUF_INIT(SCHEMA_TEXT_MAX), sq = BUF_INIT(SCHEMA_TEXT_MAX);
	int i, k, diff = 0, rc = GW_FAIL, err = 0, views = 0;
	long long *shared = NULL;
	size_t nshared = 0;

	buf_printf(&q, "BEGIN ISOLATION LEVEL REPEATABLE READ; SET LOCAL search_path = %s, pg_catalog",
		   s->schema);
	{
		int exists = 0;
		if (check_schema(s, &exists))
			goto out;
		if (!exists) {
			gw_error("%s: schema %s is not a replica (no gw_meta): nothing to compare", s->server, s->o->schema);
			goto out;
		}
	}
	if (pgx(s, "check", sql_of(&q)) || check_versions(s, 0))
		goto out;
	buf_reset(&q);
	buf_printf(&q, "SELECT store FROM %s.gw_stores WHERE id = ", s->schema);
	ql(&q, s->store_id);
	s->store = (int)pg_num(s, "gw_stores", sql_of(&q), -1, &err);
	if (err)
		goto out;
	if (s->store < 0) {
		gw_error("%s: schema %s holds no rows of %s: it was never synced there", s->server, s->o->schema, s->o->db);
		goto out;
	}
	buf_reset(&q);
	buf_printf(&q, "SELECT count(*) FROM %s.gw_stores", s->schema);
	s->stores = (int)pg_num(s, "gw_stores", sql_of(&q), 1, &err);
	if (err)
		goto out;
	s->base = (long long)s->store * STORE_SPAN;
	s->lo = s->base - ID_LIMIT + 1;
	s->hi = s->base + ID_LIMIT - 1;
	for (i = 0; i < s->S.nt; i++) {
		struct tbl *t = &s->S.t[i];
		struct rowsum a = { 0 }, b = { 0 };
		int exists;
		exists = pg_relation_exists(s, 'r', t->name, &q, &err);
		if (err)
			goto out;
		if (!exists) {
			gw_error("check: table %s: not in the replica", t->name);
			diff++;
			continue;
		}
		/* every column but the row's own id, the ids of other tables moved as the sync moves them */
		buf_reset(&sq);
		buf_reset(&q);
		buf_adds(&sq, t->norowid ? "SELECT 0, " : "SELECT rowid, ");
		buf_adds(&q, "SELECT x.");
		qi(&q, rowkey(t));
		if (t->norowid)
			buf_printf(&q, " = %lld, ", s->base);
		else
			buf_printf(&q, " BETWEEN %lld AND %lld, ", s->lo, s->hi);
		for (k = 0; k < t->nc; k++) {
			const char *sep = k ? ", " : "";
			buf_adds(&sq, sep);
			qi(&sq, t->c[k].name);
			buf_adds(&q, sep);
			if (k == t->alias) {
				buf_adds(&sq, " * 0");
				buf_adds(&q, "0::bigint");
			} else if (t->c[k].ref >= 0) {
				buf_printf(&q, "coalesce((SELECT m.from_row FROM %s.gw_shared m WHERE m.store = %d AND m.tbl = ",
					   s->schema, s->store);
				ql(&q, s->S.t[t->c[k].ref].name);
				buf_adds(&q, " AND m.to_row = x.");
				qi(&q, t->c[k].name);
				buf_adds(&q, " LIMIT 1), x.");
				qi(&q, t->c[k].name);
				buf_adds(&q, ")");
			} else {
				buf_adds(&q, "x.");
				qi(&q, t->c[k].name);
			}
		}
		buf_adds(&sq, " FROM ");
		qi(&sq, t->name);
		buf_printf(&q, " FROM %s.", s->schema);
		qi(&q, t->name);
		buf_adds(&q, " x WHERE x.");
		qi(&q, rowkey(t));
		/* a WITHOUT ROWID table with a natural key, in a replica of several stores: its rows
		 * another store's stand for are not named anywhere; all are compared by their key */
		s->keyonly = t->norowid && t->natural >= 0 && s->stores > 1;
		if (s->keyonly && key_table(s, t)) {
			err = 1;
			goto out;
		}
		if (t->norowid) {
			buf_printf(&q, " = %lld", s->base);
			if (s->keyonly) {
				buf_adds(&q, " OR (");
				for (k = 0; k < t->ix[t->natural].n; k++) {
					buf_adds(&q, k ? ", x." : "x.");
					qi(&q, t->c[t->ix[t->natural].cols[k]].name);
				}
				buf_adds(&q, ") IN (SELECT * FROM gw_ck)");
			}
		} else {
			buf_printf(&q, " BETWEEN %lld AND %lld OR x.", s->lo, s->hi);
			qi(&q, rowkey(t));
			buf_printf(&q, " IN (SELECT to_row FROM %s.gw_shared WHERE store = %d AND tbl = ", s->schema, s->store);
			ql(&q, t->name);
			buf_adds(&q, ")");
		}
		shared = t->norowid ? NULL : shared_rows(s, t, &nshared, &err);
		if (err || sum_store(s, sql_of(&sq), t, shared, nshared, 1, &a) || sum_replica(s, sql_of(&q), t, 1, &b)) {
			free(shared);
			rowsum_free(&a);
			rowsum_free(&b);
			goto out;
		}
		free(shared);
		shared = NULL;
		nshared = 0;
		diff += compare(s, "table", t->name, &a, &b);
		rowsum_free(&a);
		rowsum_free(&b);
	}
	if (s->stores > 1) {
		if (!s->o->quiet)
			printf("gw-sync: check: the replica holds %d stores: its views read them all, so they are"
			       " not compared with this store's\n", s->stores);
	} else
		for (i = 0; i < s->S.nv; i++) {
			struct view *v = &s->S.v[i];
			struct rowsum a = { 0 }, b = { 0 };
			int exists;
			a.keep = b.keep = 1;
			exists = pg_relation_exists(s, 'v', v->name, &q, &err);
			if (err)
				goto out;
			if (!exists) {
				gw_error("check: view %s: not in the replica", v->name);
				diff++;
				continue;
			}
			buf_reset(&sq);
			buf_adds(&sq, "SELECT * FROM ");
			qi(&sq, v->name);
			buf_reset(&q);
			buf_printf(&q, "SELECT * FROM %s.", s->schema);
			qi(&q, v->name);
			if (sum_store(s, sql_of(&sq), NULL, NULL, 0, 0, &a) || sum_replica(s, sql_of(&q), NULL, 0, &b)) {
				rowsum_free(&a);
				rowsum_free(&b);
				goto out;
			}
			diff += compare(s, "view", v->name, &a, &b);
			views++;
			rowsum_free(&a);
			rowsum_free(&b);
		}
	pgx(s, "check", "COMMIT");
	if (diff) {
		gw_error("check: %d difference%s between %s and schema %s of %s", diff, diff == 1 ? "" : "s",
			 s->o->db, s->o->schema, s->server);
		goto out;
	}
	if (!s->o->quiet)
		printf("gw-sync: check: %s and schema %s of %s hold the same rows: %d tables, %d views\n",
		       s->o->db, s->o->schema, s->server, s->S.nt, views);
	rc = GW_OK;
out:
	buf_release(&q);
	buf_release(&sq);
	return rc;
}

/* --untrack: the store's triggers and log go (a store no replica reads any more) */
static int untrack(struct sync *s)
{
	sqlite3_stmt *st;
	struct buf q = BUF_INIT(TABLE_TEXT_MAX);
	int n = 0, rc = GW_STORE;

	if (!(s->db = store_open(s->o->db, 0)))
		return GW_STORE;
	if (store_exec(s->db, "BEGIN IMMEDIATE"))
		goto out;
	if (!(st = store_prepare(s->db, "SELECT name FROM sqlite_schema WHERE type = 'trigger'"
				       " AND name LIKE 'gw\\_sync\\_%' ESCAPE '\\'")))
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		buf_adds(&q, "DROP TRIGGER ");
		qi(&q, (const char *)sqlite3_column_text(st, 0));
		buf_adds(&q, ";");
		n++;
	}
	sqlite3_finalize(st);
	buf_adds(&q, "DELETE FROM sync_dirty; DELETE FROM sync_tables; UPDATE sync_store SET pruned ="
		 " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'sync_dirty'), pruned); COMMIT");
	if (sq_exec(s, &q))
		goto out;
	if (!s->o->quiet)
		printf("gw-sync: %s: %d triggers and the change log dropped; a later sync copies every table whole\n",
		       s->o->db, n);
	rc = GW_OK;
out:
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	buf_release(&q);
	return rc;
}

int sync_run(const struct sync_opts *o)
{
	struct sync s;
	struct buf q = BUF_INIT(BUF_NAME_MAX);
	int rc;

	memset(&s, 0, sizeof(s));
	buf_init(&s.q, SCRATCH_SQL_MAX);
	s.o = o;
	snprintf(s.server, sizeof(s.server), "PostgreSQL");
	qi(&q, o->schema);
	if (!sql_of(&q)) {
		buf_release(&q);
		rc = 1;
		goto out;
	}
	s.schema = buf_detach(&q, NULL);
	if (o->untrack) {
		rc = untrack(&s);
		goto out;
	}
	if ((rc = start(&s)))
		goto out;
	rc = o->check ? check_once(&s) : sync_once(&s);
out:
	finish(&s);
	return rc;
}
