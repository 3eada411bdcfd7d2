#include "fingerprint.h"

#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "lib/sha256.h"
#include "parsers/formats/table.h"	/* header_eq: columns compare as the parsers match them */
#include "db.h"

#include "lib/banned.h"

void fingerprint_source(const char *source, const char *name, struct buf *out)
{
	buf_reset(out);
	if (source && *source) {
		buf_adds(out, source);
		return;
	}
	/* a run of digits goes with the separators around it: PJM_Queue_2025-02.xlsx -> PJM_Queue.xlsx */
	while (name && *name) {
		if (*name >= '0' && *name <= '9') {
			while (out->len && strchr("-_ ", out->data[out->len - 1]))
				out->data[--out->len] = '\0';
			while (*name && (strchr("-_ ", *name) || (*name >= '0' && *name <= '9')))
				name++;
			continue;
		}
		buf_addc(out, *name++);
	}
}

struct cols {
	char **v;
	size_t n;
};

static void cols_free(struct cols *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

/* The strings of a JSON array, through SQLite's json_each (no hand-written JSON parsing). */
static int cols_read(sqlite3 *db, const char *json, struct cols *c)
{
	sqlite3_stmt *q = store_prepare(db, "SELECT value FROM json_each(?1) ORDER BY key");
	int r = 0;

	c->v = NULL;
	c->n = 0;
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, json, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(q, 0);
		char **nv = realloc(c->v, (c->n + 1) * sizeof(*nv));
		if (!nv) {
			r = -1;
			break;
		}
		c->v = nv;
		c->v[c->n++] = strdup(t ? t : "");
	}
	sqlite3_finalize(q);
	return r;
}

static int cols_has(const struct cols *c, const char *s)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (header_eq(c->v[i], strlen(c->v[i]), s))
			return 1;
	return 0;
}

static int blank(const char *s)
{
	return !s[strspn(s, " \t\r\n")];
}

/* The name beside column i (d = -1 before, +1 after), "" past the ends. */
static const char *beside(const struct cols *c, size_t i, int d)
{
	if (d < 0)
		return i ? c->v[i - 1] : "";
	return i + 1 < c->n ? c->v[i + 1] : "";
}

/*
 * Says how new differs from old: a column of old that new lacks, where new
 * has a column old lacks between the same neighbours, was renamed; the
 * others were added or dropped. The columns of old that new lost (dropped or
 * renamed) are appended to lost: the snapshot is then unhealthy (doc_drift).
 */
static void cols_diff(const char *docname, const char *sheet, const char *olddoc, const struct cols *old,
		      const struct cols *new, struct buf *lost)
{
	struct buf m = BUF_INIT(BUF_TEXT_MAX);
	size_t i, j;
	char *ren_old = calloc(old->n + 1, 1), *ren_new = calloc(new->n + 1, 1);

	if (!ren_old || !ren_new)
		goto out;
	for (i = 0; i < old->n; i++) {
		if (blank(old->v[i]) || cols_has(new, old->v[i]))
			continue;
		for (j = 0; j < new->n; j++) {
			const char *a, *b, *c, *d;
			if (ren_new[j] || blank(new->v[j]) || cols_has(old, new->v[j]))
				continue;
			a = beside(old, i, -1), b = beside(new, j, -1), c = beside(old, i, 1), d = beside(new, j, 1);
			if ((i == j && (i == 0 || blank(a))) || header_eq(a, strlen(a), b) ||
			    (!blank(c) && header_eq(c, strlen(c), d))) {
				buf_printf(&m, "%scolumn '%s' renamed to '%s'", m.len ? "; " : "", old->v[i], new->v[j]);
				buf_printf(lost, "%s'%s' (renamed '%s')", lost->len ? ", " : "", old->v[i], new->v[j]);
				ren_old[i] = ren_new[j] = 1;
				break;
			}
		}
	}
	for (i = 0; i < new->n; i++)
		if (!ren_new[i] && !blank(new->v[i]) && !cols_has(old, new->v[i]))
			buf_printf(&m, "%scolumn '%s' added", m.len ? "; " : "", new->v[i]);
	for (i = 0; i < old->n; i++)
		if (!ren_old[i] && !blank(old->v[i]) && !cols_has(new, old->v[i]))
		{
			buf_printf(&m, "%scolumn '%s' dropped", m.len ? "; " : "", old->v[i]);
			buf_printf(lost, "%s'%s'", lost->len ? ", " : "", old->v[i]);
		}
	if (!m.len)
		buf_adds(&m, "columns moved");
	gw_warn("%s: %s%s%sheader changed since document %.12s: %s", docname, sheet[0] ? "sheet '" : "", sheet,
		sheet[0] ? "': " : "", olddoc, buf_msg(&m));
out:
	free(ren_old);
	free(ren_new);
	buf_release(&m);
}

/* Records that document doc lost columns of its source's previous header (migration 060). */
static int doc_drift(sqlite3 *db, const char *doc, const char *sheet, const char *lost)
{
	sqlite3_stmt *st = store_prepare(db, "INSERT INTO doc_drift(doc, sheet, dropped) VALUES (?1, ?2, ?3)"
					     " ON CONFLICT (doc, sheet) DO UPDATE SET dropped = excluded.dropped");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sheet, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, lost, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		gw_error("%s: drift of %.12s not stored: %s", sqlite3_db_filename(db, "main"), doc, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int fingerprint_headers(sqlite3 *db, int write, const char *source, const char *parser, const char *name,
			const char *doc, const char *headers, size_t hlen)
{
	sqlite3_stmt *rd = store_prepare(db,
		"SELECT coalesce(json_extract(?1, '$.sheet'), ''), json(json_extract(?1, '$.columns')),"
		" (SELECT columns FROM header_fingerprints WHERE source = ?3 AND parser = ?2"
		"  AND sheet = coalesce(json_extract(?1, '$.sheet'), '') AND doc NOT IN (SELECT doc FROM doc_health"
		"  WHERE healthy = 0 AND accepted = 0) ORDER BY seen DESC, id DESC LIMIT 1),"
		" (SELECT doc FROM header_fingerprints WHERE source = ?3 AND parser = ?2"
		"  AND sheet = coalesce(json_extract(?1, '$.sheet'), '') AND doc NOT IN (SELECT doc FROM doc_health"
		"  WHERE healthy = 0 AND accepted = 0) ORDER BY seen DESC, id DESC LIMIT 1)");
	sqlite3_stmt *wr = write ? store_prepare(db,
		"INSERT INTO header_fingerprints (parser, sheet, sha256, columns, doc, first_seen, seen, source)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)"
		" ON CONFLICT (source, parser, sheet, sha256) DO UPDATE SET seen = excluded.seen") : NULL;
	const char *line = headers, *end = line ? line + hlen : NULL, *nl;
	char now[32];
	int r = rd && (wr || !write) ? 0 : -1;

	now_utc(now);
	for (; rd && line && line < end; line = nl + 1) {
		char *sheet = NULL, *cur = NULL, *last = NULL, *lastdoc = NULL;
		size_t len;
		char sha[65];

		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			break;
		len = (size_t)(nl - line);
		sqlite3_reset(rd);
		sqlite3_bind_text(rd, 1, line, (int)len, SQLITE_TRANSIENT);
		sqlite3_bind_text(rd, 2, parser, -1, SQLITE_STATIC);
		sqlite3_bind_text(rd, 3, source, -1, SQLITE_STATIC);
		if (sqlite3_step(rd) == SQLITE_ROW) {
#define COPY(i) (sqlite3_column_text(rd, i) ? strdup((const char *)sqlite3_column_text(rd, i)) : NULL)
			sheet = COPY(0);
			cur = COPY(1);
			last = COPY(2);
			lastdoc = COPY(3);
#undef COPY
		} else {
			gw_error("%s: header fingerprint not read: %s", name, sqlite3_errmsg(db));
			r = -1;
		}
		sqlite3_reset(rd);	/* no read statement open from here on */
		if (sheet && cur) {
			sha256_hex(cur, strlen(cur), sha);
			if (last && strcmp(last, cur)) {
				struct cols o = { NULL, 0 }, n = { NULL, 0 };
				struct buf lost = BUF_INIT(BUF_TEXT_MAX);
				if (cols_read(db, last, &o) == 0 && cols_read(db, cur, &n) == 0)
					cols_diff(name, sheet, lastdoc ? lastdoc : "?", &o, &n, &lost);
				cols_free(&o);
				cols_free(&n);
				if (write && lost.len && doc_drift(db, doc, sheet, buf_msg(&lost)))
					r = -1;
				buf_release(&lost);
			}
			if (wr) {
				sqlite3_reset(wr);
				sqlite3_bind_text(wr, 1, parser, -1, SQLITE_STATIC);
				sqlite3_bind_text(wr, 2, sheet, -1, SQLITE_STATIC);
				sqlite3_bind_text(wr, 3, sha, -1, SQLITE_STATIC);
				sqlite3_bind_text(wr, 4, cur, -1, SQLITE_STATIC);
				sqlite3_bind_text(wr, 5, doc, -1, SQLITE_STATIC);
				sqlite3_bind_text(wr, 6, now, -1, SQLITE_STATIC);
				sqlite3_bind_text(wr, 7, source, -1, SQLITE_STATIC);
				if (sqlite3_step(wr) != SQLITE_DONE) {
					gw_error("%s: header fingerprint not stored: %s", name,
						 sqlite3_errmsg(db));
					r = -1;
				}
				sqlite3_reset(wr);
			}
		}
		free(sheet);
		free(cur);
		free(last);
		free(lastdoc);
	}
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	return r;
}
