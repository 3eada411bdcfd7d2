#include "fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../lib/buf.h"
#include "../lib/msg.h"
#include "../lib/sha256.h"
#include "../store/db.h"

struct body {
	struct buf b;
	int toolong;
};

static size_t on_data(char *p, size_t sz, size_t n, void *arg)
{
	struct body *bd = arg;

	if (buf_add(&bd->b, p, sz * n)) {
		bd->toolong = 1;
		return 0;	/* aborts the transfer */
	}
	return sz * n;
}

struct hdrs {
	char etag[512];
	char last_modified[128];
	char content_type[256];
};

static void hdr_value(const char *p, size_t n, size_t klen, char *out, size_t max)
{
	p += klen;
	n -= klen;
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n' || p[n - 1] == ' '))
		n--;
	if (n >= max)
		n = max - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static size_t on_header(char *p, size_t sz, size_t n, void *arg)
{
	struct hdrs *h = arg;
	size_t len = sz * n;

	if (len > 5 && !strncasecmp(p, "etag:", 5))
		hdr_value(p, len, 5, h->etag, sizeof(h->etag));
	else if (len > 14 && !strncasecmp(p, "last-modified:", 14))
		hdr_value(p, len, 14, h->last_modified, sizeof(h->last_modified));
	else if (len > 13 && !strncasecmp(p, "content-type:", 13))
		hdr_value(p, len, 13, h->content_type, sizeof(h->content_type));
	else if (len >= 5 && !strncmp(p, "HTTP/", 5))
		memset(h, 0, sizeof(*h));	/* a new response (after a redirect) */
	return len;
}

static int selected(const struct fetch_opts *o, const char *id)
{
	const char *const *p;

	if (!o->only)
		return 1;
	for (p = o->only; *p; p++)
		if (!strcmp(*p, id))
			return 1;
	return 0;
}

static int record_fetch(sqlite3 *db, const char *source, const char *url, const char *started,
			long status, long long bytes, const char *doc, int new_doc,
			const char *outcome, const char *error)
{
	sqlite3_stmt *st = store_prepare(db,
		"INSERT INTO fetches(source, url, started, finished, http_status, bytes, doc, new_doc,"
		" outcome, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	char now[32];
	int r;

	if (!st)
		return -1;
	now_utc(now);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, started, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if (status)
		sqlite3_bind_int64(st, 5, status);
	sqlite3_bind_int64(st, 6, bytes);
	sqlite3_bind_text(st, 7, doc, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, new_doc);
	sqlite3_bind_text(st, 9, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, error, -1, SQLITE_STATIC);
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	if (r)
		gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return r;
}

static int is_due(sqlite3 *db, const struct source *src)
{
	sqlite3_stmt *st = store_prepare(db,
		"SELECT last_fetch IS NULL OR julianday('now') - julianday(last_fetch) >= ?2 / 86400.0"
		" FROM sources WHERE id = ?1");
	int due = 1;

	if (!st)
		return 1;
	sqlite3_bind_text(st, 1, src->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, src->every_s);
	if (sqlite3_step(st) == SQLITE_ROW)
		due = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return due;
}

static int fetch_one(sqlite3 *db, CURL *h, const struct source *src, const struct fetch_opts *o,
		     struct fetch_stats *stats)
{
	struct body bd;
	struct hdrs hd;
	struct curl_slist *req = NULL;
	char started[32], sha[65], errbuf[CURL_ERROR_SIZE] = "", etag[512] = "", lm[128] = "";
	long status = 0;
	CURLcode cc;
	int r = 1, i, is_file = !strncmp(src->url, "file://", 7);
	sqlite3_stmt *st;

	memset(&hd, 0, sizeof(hd));
	buf_init(&bd.b, (size_t)o->max_body);
	bd.toolong = 0;
	now_utc(started);

	st = store_prepare(db, "SELECT etag, last_modified FROM sources WHERE id = ?1");
	if (st) {
		sqlite3_bind_text(st, 1, src->id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *e = (const char *)sqlite3_column_text(st, 0);
			const char *l = (const char *)sqlite3_column_text(st, 1);
			snprintf(etag, sizeof(etag), "%s", e ? e : "");
			snprintf(lm, sizeof(lm), "%s", l ? l : "");
		}
		sqlite3_finalize(st);
	}
	if (strstr(src->url, "sec.gov") && (!o->user_agent || !strchr(o->user_agent, '@'))) {
		gw_error("%s: SEC EDGAR requires a User-Agent with a contact address"
			 " (--user-agent or GW_USER_AGENT, e.g. 'gigawatt admin@example.org')", src->id);
		record_fetch(db, src->id, src->url, started, 0, 0, NULL, 0, "failed",
			     "no User-Agent contact for sec.gov");
		stats->failed++;
		goto out;
	}
	for (i = 0; i < src->nheaders; i++)
		req = curl_slist_append(req, src->headers[i]);
	if (etag[0]) {
		struct buf t = BUF_INIT(1024);
		buf_printf(&t, "If-None-Match: %s", etag);
		req = curl_slist_append(req, t.data);
		buf_release(&t);
	}
	if (lm[0]) {
		struct buf t = BUF_INIT(1024);
		buf_printf(&t, "If-Modified-Since: %s", lm);
		req = curl_slist_append(req, t.data);
		buf_release(&t);
	}
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, src->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, is_file ? "file" : "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, o->timeout_s);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "gigawatt/" GW_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, req);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &bd);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &hd);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK || (!is_file && (status < 200 || (status >= 300 && status != 304)))) {
		struct buf e = BUF_INIT(1024);
		if (bd.toolong)
			buf_printf(&e, "body larger than %ld bytes", o->max_body);
		else if (cc != CURLE_OK)
			buf_printf(&e, "%s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
		else
			buf_printf(&e, "HTTP status %ld", status);
		gw_error("%s: %s: %s", src->id, src->url, e.data);
		record_fetch(db, src->id, src->url, started, status, (long long)bd.b.len, NULL, 0,
			     "failed", e.data);
		buf_release(&e);
		stats->failed++;
		goto out;
	}
	if (status == 304) {
		record_fetch(db, src->id, src->url, started, status, 0, NULL, 0, "not_modified", NULL);
		stats->not_modified++;
		r = 0;
		goto out;
	}
	sha256_hex(bd.b.data ? bd.b.data : "", bd.b.len, sha);
	{
		const char *slash = strrchr(src->url, '/');
		struct docinfo di = { sha, src->url, slash ? slash + 1 : src->url,
				      hd.content_type[0] ? hd.content_type : NULL, (long long)bd.b.len,
				      src->id, src->parser };
		int isnew;
		if (raw_put(o->dbpath, sha, bd.b.data ? bd.b.data : "", bd.b.len) ||
		    (isnew = doc_record(db, &di, NULL)) < 0) {
			r = -1;
			goto out;
		}
		record_fetch(db, src->id, src->url, started, status, (long long)bd.b.len, sha, isnew,
			     isnew ? "ok" : "unchanged", NULL);
		st = store_prepare(db, "UPDATE sources SET etag = ?2, last_modified = ?3, last_doc = ?4,"
				   " last_ok = ?5 WHERE id = ?1");
		if (st) {
			sqlite3_bind_text(st, 1, src->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, hd.etag[0] ? hd.etag : NULL, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, hd.last_modified[0] ? hd.last_modified : NULL, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, sha, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, started, -1, SQLITE_STATIC);
			sqlite3_step(st);
			sqlite3_finalize(st);
		}
		stats->fetched++;
		if (isnew) {
			stats->new_docs++;
			printf("%s\n", sha);
			fflush(stdout);
		} else {
			stats->unchanged++;
		}
	}
	r = 0;
out:
	st = store_prepare(db, "UPDATE sources SET last_fetch = ?2 WHERE id = ?1");
	if (st) {
		sqlite3_bind_text(st, 1, src->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, started, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	curl_slist_free_all(req);
	buf_release(&bd.b);
	return r;
}

int fetch_run(sqlite3 *db, const struct sources *s, const struct fetch_opts *o,
	      struct fetch_stats *stats)
{
	CURL *h;
	int i, r, failed = 0;

	memset(stats, 0, sizeof(*stats));
	if (sources_sync(db, s))
		return -1;
	if (!(h = curl_easy_init())) {
		gw_error("cannot start libcurl");
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		if (!selected(o, s->v[i].id))
			continue;
		if (o->due_only && !is_due(db, &s->v[i])) {
			stats->skipped++;
			continue;
		}
		stats->sources++;
		r = fetch_one(db, h, &s->v[i], o, stats);
		if (r < 0) {
			curl_easy_cleanup(h);
			return -1;
		}
		failed |= r;
	}
	curl_easy_cleanup(h);
	return failed;
}
