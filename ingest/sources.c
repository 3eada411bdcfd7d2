#include "sources.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/msg.h"
#include "store/db.h"
#include "lib/xalloc.h"

#include "lib/banned.h"

long duration_parse(const char *s, int ms)
{
	char *e;
	double v;
	double mul = 1;
	/* digits and a point, then the unit: strtod alone takes " 5", "+5", "0x10", "1e3", "nan" */
	size_t n = strspn(s, "0123456789.");

	errno = 0;
	v = strtod(s, &e);
	if (n == 0 || e != s + n || errno || !(v >= 0))
		return -1;
	if (!strcmp(e, "") || !strcmp(e, "s"))
		mul = 1;
	else if (!strcmp(e, "ms"))
		mul = 0.001;
	else if (!strcmp(e, "m"))
		mul = 60;
	else if (!strcmp(e, "h"))
		mul = 3600;
	else if (!strcmp(e, "d"))
		mul = 86400;
	else
		return -1;
	v *= mul * (ms ? 1000 : 1);
	if (v > (double)LONG_MAX / 2)
		return -1;
	return (long)(v + 0.5);
}

/* a url relative to the folder of the sources.conf file becomes a file:// URL;
 * NULL when out of memory */
static char *resolve_url(const char *conf, const char *url)
{
	struct buf b = BUF_INIT(PATH_MAX * 2);
	char *dir, *abs, *slash;

	if (strstr(url, "://"))
		return xstrdup(url);
	abs = realpath(conf, NULL);
	dir = xstrdup(abs ? abs : conf);
	free(abs);
	if (!dir)
		return NULL;
	slash = strrchr(dir, '/');
	if (url[0] == '/')
		buf_printf(&b, "file://%s", url);
	else if (slash) {
		*slash = '\0';
		buf_printf(&b, "file://%s/%s", dir, url);
	} else
		buf_printf(&b, "file://%s", url);
	free(dir);
	if (buf_error(&b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* The sources read so far by id: an open-addressing hash of indexes into s->v,
 * so that a file of thousands of sources is not compared pairwise. */
struct ids {
	int *slot;	/* index + 1, 0 empty */
	size_t cap;	/* a power of two, at least twice the ids held */
};

static size_t id_hash(const char *id)
{
	size_t h = 2166136261u;	/* FNV-1a */

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 16777619u;
	return h;
}

/* The index of the source named id in s, or -1. */
static int ids_find(const struct ids *t, const struct sources *s, const char *id)
{
	size_t i;

	if (!t->cap)
		return -1;
	for (i = id_hash(id) & (t->cap - 1); t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (!strcmp(s->v[t->slot[i] - 1].id, id))
			return t->slot[i] - 1;
	return -1;
}

/* Adds source k of s (its id not there yet), growing the table as needed.
 * 0, or -1 when out of memory (t unchanged). */
static int ids_add(struct ids *t, const struct sources *s, int k)
{
	size_t i;

	if ((size_t)(k + 1) * 2 > t->cap) {
		struct ids n = { NULL, t->cap ? t->cap * 2 : 64 };
		int j;
		if (!(n.slot = calloc(n.cap, sizeof(*n.slot))))
			return -1;
		free(t->slot);
		*t = n;
		for (j = 0; j < k; j++)
			ids_add(t, s, j);	/* cannot fail: the table is large enough */
	}
	for (i = id_hash(s->v[k].id) & (t->cap - 1); t->slot[i]; i = (i + 1) & (t->cap - 1))
		;
	t->slot[i] = k + 1;
	return 0;
}

static void source_free(struct source *src)
{
	int i;

	free(src->id);
	free(src->url);
	free(src->parser);
	for (i = 0; i < src->nheaders; i++)
		free(src->headers[i]);
}

#define HEADER_MAX 4096	/* a source's header, "Name: value" */

int sources_read(const char *path, struct sources *s)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	int lineno = 0, bad = 0;
	struct ids ids = { NULL, 0 };

	memset(s, 0, sizeof(*s));
	if (!f) {
		gw_error_errno("%s: cannot open", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *tok[64], *p, *hash;
		int nt = 0, i, ok = 1;
		struct source src;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			gw_error("%s: line %d: longer than %zu bytes", path, lineno, sizeof(line) - 1);
			bad++;
			while (fgets(line, sizeof(line), f) && !strchr(line, '\n'))
				;
			continue;
		}
		if ((hash = strchr(line, '#')) && (hash == line || isspace((unsigned char)hash[-1])))
			*hash = '\0';
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (!strncmp(p, "user_agent=", 11)) {	/* the rest of the line, spaces included */
			size_t n;
			p += 11;
			n = strlen(p);
			while (n && isspace((unsigned char)p[n - 1]))
				p[--n] = '\0';
			if (!n || s->user_agent) {
				gw_error("%s: line %d: %s", path, lineno,
					 n ? "user_agent= given twice" : "user_agent= is empty");
				bad++;
				continue;
			}
			if (!(s->user_agent = xstrdup(p)))
				goto oom;
			continue;
		}
		for (p = line; nt < 64;) {
			while (*p && isspace((unsigned char)*p))
				p++;
			if (!*p)
				break;
			tok[nt++] = p;
			while (*p && !isspace((unsigned char)*p))
				p++;
			if (*p)
				*p++ = '\0';
		}
		if (!nt)
			continue;
		if (nt < 3) {
			gw_error("%s: line %d: expected 'id url parser [options]'", path, lineno);
			bad++;
			continue;
		}
		memset(&src, 0, sizeof(src));
		src.every_s = 86400;
		src.delay_ms = 1000;
		src.connections = 1;
		src.line = lineno;
		for (i = 3; i < nt; i++) {
			char *eq = strchr(tok[i], '=');
			if (!eq) {
				gw_error("%s: line %d: option '%s' is not name=value", path, lineno, tok[i]);
				ok = 0;
				continue;
			}
			*eq++ = '\0';
			if (!strcmp(tok[i], "every")) {
				if ((src.every_s = duration_parse(eq, 0)) < 0)
					ok = 0, gw_error("%s: line %d: every '%s' is not a duration", path, lineno, eq);
			} else if (!strcmp(tok[i], "delay")) {
				if ((src.delay_ms = duration_parse(eq, 1)) < 0)
					ok = 0, gw_error("%s: line %d: delay '%s' is not a duration", path, lineno, eq);
			} else if (!strcmp(tok[i], "connections")) {
				src.connections = eq[0] && strspn(eq, "0123456789") == strlen(eq) && strlen(eq) < 3
					? atoi(eq) : -1;
				if (src.connections < 1 || src.connections > 16)
					ok = 0, gw_error("%s: line %d: connections '%s' is not 1 to 16", path, lineno, eq);
			} else if (!strcmp(tok[i], "header")) {
				char *colon = strchr(eq, ':');
				struct buf h = BUF_INIT(HEADER_MAX);
				if (!colon || colon == eq || src.nheaders >= SRC_MAX_HEADERS) {
					gw_error("%s: line %d: header '%s' is not Name:value", path, lineno, eq);
					ok = 0;
					continue;
				}
				*colon = '\0';
				if (buf_printf(&h, "%s: %s", eq, colon + 1)) {
					gw_error("%s: line %d: header '%s' is %s", path, lineno, eq, buf_strerror(&h));
					ok = 0;
					continue;
				}
				src.headers[src.nheaders++] = buf_detach(&h, NULL);
			} else {
				gw_error("%s: line %d: unknown option '%s'", path, lineno, tok[i]);
				ok = 0;
			}
		}
		if ((i = ids_find(&ids, s, tok[0])) >= 0) {
			gw_error("%s: line %d: source '%s' already defined on line %d", path,
				 lineno, tok[0], s->v[i].line);
			ok = 0;
		}
		if (!ok) {
			for (i = 0; i < src.nheaders; i++)
				free(src.headers[i]);
			bad++;
			continue;
		}
		if (!(src.url = resolve_url(path, tok[1]))) {
			gw_error("%s: line %d: url '%s' is too long as a file:// URL", path, lineno, tok[1]);
			for (i = 0; i < src.nheaders; i++)
				free(src.headers[i]);
			bad++;
			continue;
		}
		src.id = xstrdup(tok[0]);
		src.parser = xstrdup(tok[2]);
		if (!src.id || !src.url || !src.parser) {
			source_free(&src);
			goto oom;
		}
		if (s->n == s->cap) {
			int cap = s->cap ? s->cap * 2 : 16;
			struct source *v = realloc(s->v, (size_t)cap * sizeof(*s->v));
			if (!v) {
				source_free(&src);
				goto oom;
			}
			s->v = v;
			s->cap = cap;
		}
		s->v[s->n++] = src;
		if (ids_add(&ids, s, s->n - 1))
			goto oom;
	}
	free(ids.slot);
	fclose(f);
	return bad;
oom:
	gw_error("out of memory");
	free(ids.slot);
	fclose(f);
	sources_release(s);
	return -2;
}

void sources_release(struct sources *s)
{
	int i, j;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].id);
		free(s->v[i].url);
		free(s->v[i].parser);
		for (j = 0; j < s->v[i].nheaders; j++)
			free(s->v[i].headers[j]);
	}
	free(s->v);
	free(s->user_agent);
	memset(s, 0, sizeof(*s));
}

int sources_sync(sqlite3 *db, const struct sources *s)
{
	sqlite3_stmt *st = store_prepare(db,
		"INSERT INTO sources(id, url, parser, every_s, delay_ms, connections, headers, updated)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO UPDATE SET"
		" url = excluded.url, parser = excluded.parser, every_s = excluded.every_s,"
		" delay_ms = excluded.delay_ms, connections = excluded.connections,"
		" headers = excluded.headers, updated = excluded.updated");
	struct buf h = BUF_INIT(BUF_TEXT_MAX);
	char now[32];
	int i, j, r = 0;

	if (!st)
		return -1;
	if (store_exec(db, "BEGIN IMMEDIATE")) {	/* one transaction, not one per source */
		sqlite3_finalize(st);
		return -1;
	}
	now_utc(now);
	for (i = 0; i < s->n && !r; i++) {
		struct jw w;
		buf_reset(&h);
		jw_init(&w, &h);
		jw_arr_open(&w);
		for (j = 0; j < s->v[i].nheaders; j++)
			jw_strz(&w, s->v[i].headers[j]);
		jw_arr_close(&w);
		sqlite3_bind_text(st, 1, s->v[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->v[i].url, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, s->v[i].parser, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, s->v[i].every_s);
		sqlite3_bind_int64(st, 5, s->v[i].delay_ms);
		sqlite3_bind_int(st, 6, s->v[i].connections);
		sqlite3_bind_text(st, 7, h.data, (int)h.len, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
			r = -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	buf_release(&h);
	if (r || store_exec(db, "COMMIT")) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return r;
}
