#include "fetch.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/msg.h"
#include "lib/sha256.h"
#include "parsers/formats/archive.h"
#include "parsers/parser.h"
#include "store/db.h"
#include "lib/xalloc.h"

#include "lib/banned.h"

#define SEC_KEY "*.sec.gov"
#define SEC_GAP_MS 100			/* 10 requests/s for all SEC hosts together */
#define SLOT_POLL_MS 20			/* how often a host another process holds is looked at */
#define SLOT_LEASE_MS 3000		/* a hold lasts this long unless renewed: see slot_reserve() */
#define ROBOTS_MAX_BODY (512L << 10)
#define RETRY_AFTER_MAX_MS (86400L * 1000)
#define SNIFF_MAX (1u << 20)		/* bytes of a compressed body decompressed to see what it holds */

#define IDLE_MAX 64			/* finished transfers' handles kept for the next ones */
#define SPARE_MAX 32			/* finished bodies whose memory is kept... */
#define SPARE_CAP (1u << 20)		/* ...when at most this large */
#define HEADER_MAX 2048			/* a request header, "Name: value" */
#define PATH_QUERY_MAX (1 << 16)	/* a URL's path and query */
#define SCHEME_MSG_MAX 256		/* "scheme 'x' is not allowed ..." */
#define DISALLOW_MSG_MAX 256		/* "disallowed by ORIGIN/robots.txt for 'AGENT'" */
#define PARSER_MSG_MAX 512		/* "parser 'x' is not known ..." */
#define ROBOTS_MSG_MAX 1024		/* "robots.txt unreachable: " and curl's reason */

/* J_NEW: a zeroed job, not yet set up; J_STORE: its body is with the storer thread */
enum { J_NEW, J_WAIT, J_RUN, J_STORE, J_DONE };
enum { R_NONE, R_PENDING, R_READY, R_FAILED };

struct host {
	char *key;		/* "name:port", the politeness unit */
	char *origin;		/* "scheme://name:port" for robots.txt */
	int is_file, is_sec;
	long delay_ms;
	int conns, active;
	int wanted;		/* some source waits for this host */
	int waiting;		/* its jobs in J_WAIT */
	long long next_ms;	/* earliest next request start known here */
	int robots;		/* R_* */
	struct robots rules;
	char *robots_error;	/* why robots.txt could not be read */
};

struct hdrs {
	long long resp_ms;		/* when the (last) response began to arrive */
	char etag[512];
	char last_modified[128];
	char content_type[256];
	char retry_after[128];
};

struct job {
	const struct source *src;	/* NULL for a robots.txt fetch */
	const struct parser *parser;
	char *url;
	char *path;			/* path and query, for robots.txt */
	int host;
	int state;
	int attempts;
	long long next_ms;		/* WAIT: not before this time */
	long long waited_ms;		/* backoff so far */
	long long start_ms;		/* when the last attempt started */
	int held;			/* its host's slot is held in host_schedule: see slot_reserve() */
	long long hold_end;		/* the end of the hold's lease */
	long slot_delay;		/* the host's delay when reserved */
	char started[32];
	CURL *h;
	struct curl_slist *req;
	struct buf body;
	int toolong;
	struct hdrs hd;
	char errbuf[CURL_ERROR_SIZE];
	char etag[512], lm[128];
	struct buf err;			/* the last failure */
	int still_due;			/* failed on our side: sources.last_fetch left as it was */
	long status;			/* J_STORE: the HTTP status of the body stored */
	char sha[65];			/* J_STORE: set by the storer, with... */
	int stored;			/* ...raw_write's result (1 written, 0 there, -1 failed) */
};

struct run {
	sqlite3 *db;
	const struct fetch_opts *o;
	struct fetch_stats *st;
	CURLM *m;
	struct host *hosts;
	int nhosts;
	struct job *jobs;
	int njobs, pending, done, total;
	int active;
	int first_wait;			/* no job before this index is in J_WAIT */
	int held;			/* jobs holding their host's slot (see slot_reserve()) */
	long long sec_next_ms;
	char agent[64];			/* our product token for robots.txt */
	struct curl_slist *resolve;
	unsigned long rng;
	int store_failed;
	int out_failed;			/* a write to stdout failed */
	int tx_open;			/* results are written in batches, one transaction each */
	long long tx_start_ms;
	int tx_docs;			/* raw files written in this batch */
	struct raw_store raw;		/* opened at the first document (raw.dirfd -1 until then) */
	struct buf out;			/* new shas, printed once their rows are committed */
	struct buf spare[SPARE_MAX];	/* memory of finished bodies, for the next ones: see body_spare() */
	int nspare;
	CURL *idle[IDLE_MAX];		/* handles of finished transfers, reset, for the next ones */
	int nidle;
	struct storer *storer;		/* the thread hashing and writing bodies, once started */
	int storing;			/* bodies handed to it and not yet recorded... */
	size_t storing_bytes;		/* ...and their size: see STORE_QUEUE_MAX */
	int sync_asked;			/* the storer's sync the batch waits for (0: none): tx_commit_soon() */
	sqlite3_stmt *stmts[8];		/* prepared once: see stmt() */
};

/* The statement in slot i, prepared on first use, reset and unbound; NULL on error. */
static sqlite3_stmt *stmt(struct run *R, int i, const char *sql)
{
	if (!R->stmts[i]) {
		if (sqlite3_prepare_v3(R->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &R->stmts[i], NULL) != SQLITE_OK) {
			gw_error("%s: %s", sqlite3_db_filename(R->db, "main"), sqlite3_errmsg(R->db));
			return NULL;
		}
	}
	sqlite3_reset(R->stmts[i]);
	sqlite3_clear_bindings(R->stmts[i]);
	return R->stmts[i];
}

/*
 * Batches: the rows of finished fetches are written in one transaction,
 * committed every second (TX_MAX_MS), every TX_MAX_DOCS documents written, or
 * when nothing is running. Before the commit, the raw files written in the
 * batch are synced (one syncfs for the batch, not an fsync per file: by the
 * storer thread while the transfers go on, tx_commit_soon(), or here), so a
 * documents row never outlives its file, and only then are the new shas
 * printed. A killed gw-fetch loses at most the rows of its last batch: the
 * next run fetches those sources again.
 */
#define TX_MAX_MS 1000
#define TX_MAX_DOCS 500

static int tx_begin(struct run *R)
{
	if (R->tx_open)
		return 0;
	if (store_exec(R->db, "BEGIN IMMEDIATE")) {
		R->store_failed = 1;
		return -1;
	}
	R->tx_open = 1;
	R->tx_start_ms = 0;
	return 0;
}

/* Commits the batch; sync: 0 its raw files are synced first, 1 the storer has just synced them,
 * -1 the storer's sync failed (the batch is rolled back). */
static int tx_end(struct run *R, int sync)
{
	if (!R->tx_open)
		return 0;
	R->tx_open = 0;
	R->sync_asked = 0;	/* a sync asked of the storer is no longer waited for */
	if (sync < 0 || (R->tx_docs && !sync && raw_sync(&R->raw)) || store_exec(R->db, "COMMIT")) {
		sqlite3_exec(R->db, "ROLLBACK", NULL, NULL, NULL);
		R->store_failed = 1;
		buf_reset(&R->out);
		return -1;
	}
	R->tx_docs = 0;
	if (R->out.len) {
		if ((fwrite(R->out.data, 1, R->out.len, stdout) != R->out.len || fflush(stdout)) &&
		    !R->out_failed) {
			gw_error_errno("standard output: cannot print the sha256 of new documents (they are"
				       " stored: gw-fetch --unloaded lists them until they are loaded)");
			R->out_failed = 1;
		}
		buf_reset(&R->out);
	}
	return 0;
}

static int tx_commit(struct run *R)
{
	return tx_end(R, 0);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned long rnd(struct run *R)
{
	R->rng ^= R->rng << 13;	/* xorshift: jitter needs no quality */
	R->rng ^= R->rng >> 7;
	R->rng ^= R->rng << 17;
	return R->rng;
}

/* ---- the store ---- */

/*
 * Records a fetch of job j: its `fetches` row, and its source's row in one
 * UPDATE: last_fetch (unless still_due: our failure, fetched again next run)
 * and, for a document (doc set), the validators of its response and last_doc.
 */
static int record_fetch(struct run *R, struct job *j, long status, long long bytes,
			const char *doc, int new_doc, const char *outcome, const char *error)
{
	sqlite3_stmt *st = stmt(R, 0,
		"INSERT INTO fetches(source, url, started, finished, attempts, http_status, bytes, doc,"
		" new_doc, outcome, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	char now[32];
	const char *started = j->started[0] ? j->started : now;
	int r;

	if (!st || tx_begin(R))
		return -1;
	now_utc(now);
	sqlite3_bind_text(st, 1, j->src->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, j->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, started, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, j->attempts);
	if (status)
		sqlite3_bind_int64(st, 6, status);
	sqlite3_bind_int64(st, 7, bytes);
	sqlite3_bind_text(st, 8, doc, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, new_doc);
	sqlite3_bind_text(st, 10, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, error, -1, SQLITE_STATIC);
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	if (!r && doc)
		st = stmt(R, 4, "UPDATE sources SET last_fetch = ?2, last_ok = ?2, etag = ?3, last_modified = ?4,"
			  " last_doc = ?5 WHERE id = ?1");
	else if (!r && !j->still_due)
		st = stmt(R, 1, "UPDATE sources SET last_fetch = ?2 WHERE id = ?1");
	else
		st = NULL;
	if (st) {
		sqlite3_bind_text(st, 1, j->src->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, started, -1, SQLITE_STATIC);
		if (doc) {
			sqlite3_bind_text(st, 3, j->hd.etag[0] ? j->hd.etag : NULL, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, j->hd.last_modified[0] ? j->hd.last_modified : NULL, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(st, 5, doc, -1, SQLITE_STATIC);
		}
		r = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(st);
	}
	if (r) {
		gw_error("%s: %s", sqlite3_db_filename(R->db, "main"), sqlite3_errmsg(R->db));
		R->store_failed = 1;
	}
	return r;
}

static int is_due(struct run *R, const struct source *src)
{
	sqlite3_stmt *st = stmt(R, 7,
		"SELECT last_fetch IS NULL OR julianday('now') - julianday(last_fetch) >= (?2 - 1) / 86400.0"
		" FROM sources WHERE id = ?1");
	int due = 1;

	if (!st)
		return 1;
	sqlite3_bind_text(st, 1, src->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, src->every_s);
	if (sqlite3_step(st) == SQLITE_ROW)
		due = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return due;
}

/*
 * The delay is kept on the wire: a request to a host is not started before
 * `delay` has passed since the previous request's response began to arrive,
 * a moment that is after that request was sent and seen by the server.
 * Scheduling delays (ours or the server's) can then only lengthen the gap
 * between two requests as the server sees them, never shorten it.
 *
 * Until the response is known, the host is held: its next start in
 * host_schedule is the end of a lease (SLOT_LEASE_MS from the reservation,
 * renewed by slots_answered() while the transfer waits) + delay, so no other
 * process starts a request meanwhile. When the response begins (or the
 * transfer ends without one), slot_release() sets it to that time + delay.
 * A process killed while holding a host frees it when the lease runs out; one
 * stopped for longer than a lease (SIGSTOP) can lose it to another process.
 */

/*
 * Reserves a request start at now for host h (and the SEC budget) in the
 * shared schedule, holding it (see above). Returns 0 when reserved, else the
 * time (ms) at which the host is free, or -1 on a store error.
 */
static long long slot_reserve(struct run *R, struct host *h, long long *nowp, long delay)
{
	long long now;
	sqlite3_stmt *sel = NULL, *up = NULL;
	long long t = 0;
	int k;
	const char *keys[2] = { h->key, h->is_sec ? SEC_KEY : NULL };
	long gaps[2] = { delay, SEC_GAP_MS };

	if (tx_commit(R) || store_exec(R->db, "BEGIN IMMEDIATE"))
		return -1;
	/* the time once the write lock is ours: waiting for it must not shorten a gap */
	now = *nowp = now_ms();
	sel = stmt(R, 2, "SELECT next_ms FROM host_schedule WHERE host = ?1");
	up = stmt(R, 3, "INSERT INTO host_schedule(host, next_ms, updated) VALUES (?1, ?2, ?3)"
			   " ON CONFLICT(host) DO UPDATE SET next_ms = max(next_ms, excluded.next_ms),"
			   " updated = excluded.updated");
	if (!sel || !up)
		goto fail;
	for (k = 0; k < 2 && keys[k]; k++) {
		sqlite3_bind_text(sel, 1, keys[k], -1, SQLITE_STATIC);
		if (sqlite3_step(sel) == SQLITE_ROW && sqlite3_column_int64(sel, 0) > t)
			t = sqlite3_column_int64(sel, 0);
		sqlite3_reset(sel);
	}
	if (t <= now) {
		char ts[32];
		now_utc(ts);
		t = 0;
		for (k = 0; k < 2 && keys[k]; k++) {
			sqlite3_bind_text(up, 1, keys[k], -1, SQLITE_STATIC);
			sqlite3_bind_int64(up, 2, now + SLOT_LEASE_MS + gaps[k]);
			sqlite3_bind_text(up, 3, ts, -1, SQLITE_STATIC);
			if (sqlite3_step(up) != SQLITE_DONE)
				goto fail;
			sqlite3_reset(up);
		}
	}
	sqlite3_reset(sel);
	sqlite3_reset(up);
	if (store_exec(R->db, "COMMIT"))
		return -1;
	return t;
fail:
	gw_error("%s: host schedule: %s", sqlite3_db_filename(R->db, "main"), sqlite3_errmsg(R->db));
	if (sel)
		sqlite3_reset(sel);
	if (up)
		sqlite3_reset(up);
	sqlite3_exec(R->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static void slot_move(struct run *R, struct job *j, long long base);

/*
 * Ends the hold of job j's reservation: the host's next start is its
 * response's start + delay (now + delay without a response), here and in
 * host_schedule, unless something pushed it later meanwhile.
 */
static void slot_release(struct run *R, struct job *j)
{
	long long base = j->hd.resp_ms ? j->hd.resp_ms : now_ms();

	if (!j->held)
		return;
	j->held = 0;
	R->held--;
	slot_move(R, j, base);
}

/* Moves job j's hold (lease end + gap) to base + gap, here and in host_schedule, unless pushed later meanwhile. */
static void slot_move(struct run *R, struct job *j, long long base)
{
	struct host *h = &R->hosts[j->host];
	const char *keys[2] = { h->key, h->is_sec ? SEC_KEY : NULL };
	long gaps[2] = { j->slot_delay, SEC_GAP_MS };
	sqlite3_stmt *st;
	char ts[32];
	int k;

	if (h->next_ms == j->hold_end + j->slot_delay)
		h->next_ms = base + j->slot_delay;
	if (h->is_sec && R->sec_next_ms == j->hold_end + SEC_GAP_MS)
		R->sec_next_ms = base + SEC_GAP_MS;
	if (tx_begin(R) || !(st = stmt(R, 6, "UPDATE host_schedule SET next_ms = ?2, updated = ?4"
				       " WHERE host = ?1 AND next_ms = ?3")))
		return;
	now_utc(ts);
	for (k = 0; k < 2 && keys[k]; k++) {
		sqlite3_bind_text(st, 1, keys[k], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, base + gaps[k]);
		sqlite3_bind_int64(st, 3, j->hold_end + gaps[k]);
		sqlite3_bind_text(st, 4, ts, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	j->hold_end = base;
}

/*
 * Releases the holds of running transfers whose response has begun, and
 * renews the lease of those still waiting for one. Returns the earliest of
 * wake and the next starts so freed.
 */
static long long slots_answered(struct run *R, long long wake)
{
	long long now;
	int i;

	if (!R->held)
		return wake;
	now = now_ms();
	for (i = 0; i < R->njobs; i++) {
		struct job *j = &R->jobs[i];
		if (!j->held || j->state != J_RUN)
			continue;
		if (j->hd.resp_ms) {
			slot_release(R, j);
			if (R->hosts[j->host].next_ms < wake)
				wake = R->hosts[j->host].next_ms;
		} else if (j->hold_end - now < SLOT_LEASE_MS * 2 / 3) {
			slot_move(R, j, now + SLOT_LEASE_MS);
			tx_commit(R);	/* others must see the renewal before the old lease ends */
		}
	}
	return wake;
}

/* Pushes a host's next start to at least t (a Retry-After), shared with other processes. */
static void slot_push(struct run *R, struct host *h, long long t)
{
	sqlite3_stmt *st;
	char ts[32];

	if (h->next_ms < t)
		h->next_ms = t;
	if (tx_begin(R))
		return;
	if (!(st = stmt(R, 3, "INSERT INTO host_schedule(host, next_ms, updated) VALUES (?1, ?2, ?3)"
			" ON CONFLICT(host) DO UPDATE SET next_ms = max(next_ms, excluded.next_ms),"
			" updated = excluded.updated")))
		return;
	now_utc(ts);
	sqlite3_bind_text(st, 1, h->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, t);
	sqlite3_bind_text(st, 3, ts, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_reset(st);
}

static void robots_load(struct run *R, struct host *h)
{
	sqlite3_stmt *st = store_prepare(R->db,
		"SELECT status, body FROM robots WHERE origin = ?1 AND fetched_ms >= ?2");

	if (!st)
		return;
	sqlite3_bind_text(st, 1, h->origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now_ms() - R->o->robots_ttl_s * 1000);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *b = (const char *)sqlite3_column_text(st, 1);
		robots_parse(&h->rules, R->agent, b ? b : "", b ? (size_t)sqlite3_column_bytes(st, 1) : 0);
		h->robots = R_READY;
	}
	sqlite3_finalize(st);
}

static void robots_save(struct run *R, struct host *h, long status, const char *body, size_t len)
{
	sqlite3_stmt *st = store_prepare(R->db,
		"INSERT OR REPLACE INTO robots(origin, fetched, fetched_ms, status, body) VALUES (?1, ?2, ?3, ?4, ?5)");
	char ts[32];

	if (!st || tx_begin(R)) {
		sqlite3_finalize(st);
		return;
	}
	now_utc(ts);
	sqlite3_bind_text(st, 1, h->origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now_ms());
	sqlite3_bind_int64(st, 4, status);
	sqlite3_bind_text(st, 5, body, (int)len, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

/* ---- transfers ---- */

/* Job j waits to be started (at j->next_ms at the earliest). */
static void job_wait(struct run *R, struct job *j)
{
	int i = (int)(j - R->jobs);

	if (j->state != J_WAIT)
		R->hosts[j->host].waiting++;
	j->state = J_WAIT;
	if (i < R->first_wait)
		R->first_wait = i;
}

/*
 * A finished body is stored or dropped: its memory goes to the next body
 * (body_reuse) when small, else is freed now. Thousands of documents of a few
 * KB then cost no fresh memory (and its page faults) each.
 */
static void body_spare(struct run *R, struct buf *b)
{
	if (b->cap && b->cap <= SPARE_CAP && R->nspare < SPARE_MAX) {
		buf_reset(b);
		R->spare[R->nspare++] = *b;
		buf_init(b, b->max);
	} else {
		buf_release(b);
	}
}

/* An empty body takes the memory of a finished one (keeping its own limit). */
static void body_reuse(struct run *R, struct buf *b)
{
	size_t max = b->max;

	if (b->cap || !R->nspare)
		return;
	*b = R->spare[--R->nspare];
	b->max = max;
}

static size_t on_data(char *p, size_t sz, size_t n, void *arg)
{
	struct job *j = arg;

	if (buf_add(&j->body, p, sz * n)) {
		j->toolong = 1;
		return 0;	/* aborts the transfer */
	}
	return sz * n;
}

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
	else if (len > 12 && !strncasecmp(p, "retry-after:", 12))
		hdr_value(p, len, 12, h->retry_after, sizeof(h->retry_after));
	else if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
		memset(h, 0, sizeof(*h));	/* a new response (after a redirect) */
		h->resp_ms = now_ms();		/* the request was sent before this */
	}
	return len;
}

static void add_header(struct curl_slist **l, const char *name, const char *value)
{
	struct buf t = BUF_INIT(HEADER_MAX);

	if (!buf_printf(&t, "%s: %s", name, value))
		*l = curl_slist_append(*l, t.data);
	buf_release(&t);
}

static int job_start(struct run *R, struct job *j)
{
	const struct fetch_opts *o = R->o;
	struct host *hs = &R->hosts[j->host];
	CURL *h = R->nidle ? R->idle[--R->nidle] : curl_easy_init();
	int i;

	if (!h) {
		gw_error("cannot start libcurl");
		return -1;
	}
	j->attempts++;
	j->start_ms = now_ms();
	if (!j->started[0])
		now_utc(j->started);
	body_reuse(R, &j->body);
	buf_reset(&j->body);
	j->toolong = 0;
	memset(&j->hd, 0, sizeof(j->hd));
	j->errbuf[0] = '\0';
	curl_slist_free_all(j->req);
	j->req = NULL;
	if (j->src) {
		for (i = 0; i < j->src->nheaders; i++)
			j->req = curl_slist_append(j->req, j->src->headers[i]);
		if (j->etag[0])
			add_header(&j->req, "If-None-Match", j->etag);
		if (j->lm[0])
			add_header(&j->req, "If-Modified-Since", j->lm);
	}
	curl_easy_setopt(h, CURLOPT_URL, j->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, hs->is_file ? "file" : "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, o->timeout_s);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)j->body.max);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "gigawatt/" GW_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, j->req);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &j->hd);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* as curl(1)'s: a document of tens of KB in one read and one callback, not 16 KB at a time */
	curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 100L * 1024);
	curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)j);
	if (R->resolve)
		curl_easy_setopt(h, CURLOPT_RESOLVE, R->resolve);
	if (curl_multi_add_handle(R->m, h) != CURLM_OK) {
		curl_easy_cleanup(h);
		gw_error("cannot start a transfer");
		return -1;
	}
	j->h = h;
	if (j->state == J_WAIT)
		hs->waiting--;
	j->state = J_RUN;
	hs->active++;
	R->active++;
	return 0;
}

/* Retry-After: delay-seconds or an HTTP date; -1 if absent or unreadable. */
static long retry_after_ms(const char *v)
{
	char *e;
	long s;
	time_t t;

	if (!v[0])
		return -1;
	s = strtol(v, &e, 10);
	if (e != v && !*e && s >= 0)
		return s > RETRY_AFTER_MAX_MS / 1000 ? RETRY_AFTER_MAX_MS : s * 1000;
	t = curl_getdate(v, NULL);
	if (t == (time_t)-1)
		return -1;
	{
		long long d = (long long)t * 1000 - now_ms();
		return d < 0 ? 0 : d > RETRY_AFTER_MAX_MS ? RETRY_AFTER_MAX_MS : (long)d;
	}
}

static int retryable(CURLcode cc)
{
	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
}

/* Leading bytes, printable, for a message. */
static void lead_bytes(struct buf *e, const char *p, size_t n)
{
	size_t i;

	buf_adds(e, "'");
	for (i = 0; i < n && i < 40; i++)
		buf_addc(e, isprint((unsigned char)p[i]) && p[i] != '\'' ? p[i] : '.');
	buf_adds(e, n > 40 ? "...'" : "'");
}

static int starts_ci(const unsigned char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && !strncasecmp((const char *)p, s, k);
}

/*
 * Is this 200 body an error page rather than the source's document?
 * Writes the reason to e and returns 1, else 0.
 */
static int error_page(const struct job *j, struct buf *e)
{
	static const struct { const char *needle, *what; } known[] = {
		{ "Undeclared Automated Tool", "SEC EDGAR's 'Undeclared Automated Tool' notice" },
		{ "Request Rate Threshold Exceeded", "SEC EDGAR's 'Request Rate Threshold Exceeded' notice" },
		{ "<title>Access Denied</title>", "an 'Access Denied' page" },
		{ "<title>429 Too Many Requests</title>", "a '429 Too Many Requests' page" },
		{ "<title>Just a moment...</title>", "a bot challenge page" },
		{ "Rate limit exceeded", "a rate-limit page" },
	};
	const unsigned char *p = (const unsigned char *)j->body.data;
	size_t n = j->body.len, scan = n < 65536 ? n : 65536, i;
	struct gw_doc doc;
	int html, ok;

	if (!n) {
		buf_adds(e, "empty body");
		return 1;
	}
	for (i = 0; i < 3 && i < n && (p[i] == 0xef || p[i] == 0xbb || p[i] == 0xbf); i++)
		;
	while (i < n && isspace(p[i]))
		i++;
	html = starts_ci(p + i, n - i, "<!doctype html") || starts_ci(p + i, n - i, "<html") ||
	       strstr(j->hd.content_type, "text/html") != NULL;
	if (html)
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (mem_find(p, scan, known[i].needle)) {
				buf_printf(e, "error page served with status 200: %s", known[i].what);
				return 1;
			}
	if (!j->parser)
		return 0;
	memset(&doc, 0, sizeof(doc));
	doc.name = j->src->id;
	doc.data = p;
	doc.len = n;
	if (arc_is_compressed(p, n)) {
		/* a compressed document (data.csv.gz): the parser reads what it holds; its first MB tells */
		struct buf head = BUF_INIT(SNIFF_MAX);
		struct buf err = BUF_INIT(BUF_MSG_MAX);
		if (arc_decompress_head(p, n, SNIFF_MAX, &head, &err)) {
			/* cut as the char[256] it was */
			buf_printf(e, "a compressed body (gzip or zstd) that %.255s", buf_str(&err));
			buf_release(&err);
			buf_release(&head);
			return 1;
		}
		doc.data = (const unsigned char *)buf_str(&head);
		doc.len = head.len;
		ok = j->parser->detect(&doc) > 0;
		doc_memo_release(&doc.memo);
		buf_release(&head);
		if (ok)
			return 0;
		buf_printf(e, "not a %s document: a compressed body that holds something else (content type %s)",
			   j->parser->name, j->hd.content_type[0] ? j->hd.content_type : "none");
		return 1;
	}
	ok = j->parser->detect(&doc) > 0;
	doc_memo_release(&doc.memo);
	if (ok)
		return 0;
	buf_printf(e, "not a %s document: %s (content type %s, starts ", j->parser->name,
		   html ? "an HTML page" : "the body is not what the parser reads",
		   j->hd.content_type[0] ? j->hd.content_type : "none");
	lead_bytes(e, (const char *)p, n);
	buf_adds(e, ")");
	return 1;
}

static void progress(struct run *R, const struct job *j, const char *what)
{
	if (!R->o->progress)
		return;
	fprintf(stderr, "\rgw-fetch: [%d/%d] %s: %s\033[K", R->done, R->total, j->src->id, what);
	if (R->done == R->total)
		fputc('\n', stderr);
}

static void job_done(struct run *R, struct job *j)
{
	body_spare(R, &j->body);
	if (j->state == J_WAIT)
		R->hosts[j->host].waiting--;
	j->state = J_DONE;
	R->pending--;
	if (j->src)
		R->done++;
}

static void job_fail(struct run *R, struct job *j, long status, const char *why)
{
	gw_error("%s: %s: %s", j->src->id, j->url, why);
	record_fetch(R, j, status, (long long)j->body.len, NULL, 0, "failed", why);
	R->st->failed++;
	job_done(R, j);
	progress(R, j, "failed");
}

/*
 * The storer: a thread that hashes each body to store and writes it to the
 * raw store, while the main thread goes on with the transfers and the store's
 * rows. Only the main thread touches SQLite, curl and the counts; the storer
 * touches the bodies handed to it (jobs in J_STORE) and R->raw. A body's row
 * is recorded (store_finish) once the storer has written its file, so a
 * committed row still never outlives its file: tx_commit syncs the raw store
 * before the rows of the batch commit. Both queues are FIFO, so documents are
 * recorded and printed in the order their transfers ended.
 */
struct storer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job **todo, **done;	/* njobs each: a job passes once */
	int ntodo, taken, ndone, collected;
	int sync_want, sync_done, sync_rc;	/* syncs asked and done (numbered), the last one's result */
	int quit;
};

/* Bodies waiting to be written or recorded hold their memory: past this, no transfer starts. */
#define STORE_QUEUE_MAX ((size_t)64 << 20)

static void *storer_main(void *arg)
{
	struct run *R = arg;
	struct storer *w = R->storer;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct job *j;
		int seq, rc;
		while (w->taken == w->ntodo && w->sync_want == w->sync_done && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->quit)
			break;
		if (w->sync_want != w->sync_done) {
			/* between two bodies: every body taken so far is written, so every row of the batch */
			seq = w->sync_want;
			pthread_mutex_unlock(&w->mu);
			rc = raw_sync(&R->raw);
			pthread_mutex_lock(&w->mu);
			w->sync_done = seq;
			w->sync_rc = rc;
			pthread_cond_broadcast(&w->cv);	/* storer_wait_sync() */
			curl_multi_wakeup(R->m);
			continue;
		}
		j = w->todo[w->taken++];
		pthread_mutex_unlock(&w->mu);
		sha256_hex(j->body.data, j->body.len, j->sha);
		j->stored = raw_write(&R->raw, j->sha, j->body.data, j->body.len, 0);
		pthread_mutex_lock(&w->mu);
		w->done[w->ndone++] = j;
		if (w->ndone - w->collected == 1)	/* the main thread may be polling: store_collect() */
			curl_multi_wakeup(R->m);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Starts the storer (and opens the raw store) for the first body. -1 on failure, said. */
static int storer_start(struct run *R)
{
	struct storer *w = calloc(1, sizeof(*w));

	if (!w || !(w->todo = calloc((size_t)R->njobs, sizeof(*w->todo))) ||
	    !(w->done = calloc((size_t)R->njobs, sizeof(*w->done)))) {
		gw_error("out of memory");
		goto fail;
	}
	if (R->raw.dirfd < 0 && raw_open(&R->raw, R->o->dbpath))
		goto fail;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	R->storer = w;
	if (pthread_create(&w->thread, NULL, storer_main, R)) {
		gw_error("cannot start a thread");
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		R->storer = NULL;
		goto fail;
	}
	return 0;
fail:
	if (w) {
		free(w->todo);
		free(w->done);
	}
	free(w);
	return -1;
}

/* Stops the storer, leaving what it was not given to do: the run has ended or failed. */
static void storer_stop(struct run *R)
{
	struct storer *w = R->storer;

	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->todo);
	free(w->done);
	free(w);
	R->storer = NULL;
}

static void store_finish(struct run *R, struct job *j);

/* A body to store (status: its HTTP status): handed to the storer. */
static void job_store(struct run *R, struct job *j, long status)
{
	struct storer *w;

	j->status = status;
	j->state = J_STORE;
	if (!R->storer && storer_start(R)) {
		j->stored = -1;
		store_finish(R, j);
		return;
	}
	w = R->storer;
	R->storing++;
	R->storing_bytes += j->body.len;
	pthread_mutex_lock(&w->mu);
	w->todo[w->ntodo++] = j;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/*
 * Ends the batch without waiting for its sync: the storer syncs the raw store
 * (between two bodies) while the transfers go on, and store_collect() commits
 * the batch once it has. Meanwhile no row of a document joins the batch: the
 * written bodies wait in the storer's queue.
 */
static void tx_commit_soon(struct run *R)
{
	struct storer *w = R->storer;

	if (!R->tx_open || R->sync_asked)
		return;
	if (!R->tx_docs || !w) {
		tx_commit(R);
		return;
	}
	pthread_mutex_lock(&w->mu);
	R->sync_asked = ++w->sync_want;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* Waits for the sync the batch waits for, if any (the run's end: rather than sync again). */
static void storer_wait_sync(struct run *R)
{
	struct storer *w = R->storer;

	if (!w || !R->sync_asked)
		return;
	pthread_mutex_lock(&w->mu);
	while (w->sync_done < R->sync_asked)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

/* Commits the batch once the storer has synced it, then records the bodies the storer has written
 * since the last call. Returns how many. */
static int store_collect(struct run *R)
{
	struct storer *w = R->storer;
	int i, from, to, synced = 0;

	if (!w)
		return 0;
	pthread_mutex_lock(&w->mu);
	if (R->sync_asked && w->sync_done >= R->sync_asked)	/* a sync asked after the batch's files */
		synced = w->sync_rc < 0 ? -1 : 1;
	from = w->collected;
	to = w->collected = R->sync_asked && !synced ? from : w->ndone;
	pthread_mutex_unlock(&w->mu);
	if (synced)
		tx_end(R, synced);
	R->storing -= to - from;
	for (i = from; i < to; i++)
		R->storing_bytes -= w->done[i]->body.len;
	for (i = from; i < to && !R->store_failed; i++)
		store_finish(R, w->done[i]);
	return to - from;
}

/* The row of a body the storer has written (the file first: a kill between the two leaves only an
 * unreferenced file). */
static void store_finish(struct run *R, struct job *j)
{
	const char *slash = strrchr(j->url, '/');
	struct docinfo di = { NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL };
	int isnew;

	di.sha256 = j->sha;
	di.url = j->url;
	di.name = slash && slash[1] ? slash + 1 : j->url;
	di.content_type = j->hd.content_type[0] ? j->hd.content_type : NULL;
	di.size = (long long)j->body.len;
	di.source = j->src->id;
	di.parser = j->src->parser;
	if (j->stored < 0 || tx_begin(R) || (isnew = doc_record(R->db, &di, NULL)) < 0) {
		R->store_failed = 1;
		j->still_due = 1;	/* our failure, not the source's: fetch it again next run */
		job_fail(R, j, j->status, "cannot store the document");
		return;
	}
	R->tx_docs += j->stored;
	record_fetch(R, j, j->status, (long long)j->body.len, j->sha, isnew, isnew ? "ok" : "unchanged", NULL);
	R->st->fetched++;
	if (isnew) {
		R->st->new_docs++;
		if (buf_printf(&R->out, "%s\n", j->sha))
			R->store_failed = 1;
	} else {
		R->st->unchanged++;
	}
	job_done(R, j);
	progress(R, j, isnew ? "new" : "unchanged");
}

static void robots_done(struct run *R, struct job *j, CURLcode cc, long status)
{
	struct host *h = &R->hosts[j->host];
	struct buf e = BUF_INIT(ROBOTS_MSG_MAX);

	if (cc == CURLE_OK && status >= 200 && status < 300) {
		robots_parse(&h->rules, R->agent, j->body.data, j->body.len);
		robots_save(R, h, status, j->body.data, j->body.len);
		h->robots = R_READY;
	} else if (cc == CURLE_OK && status >= 400 && status < 500) {
		robots_save(R, h, status, "", 0);	/* RFC 9309: unavailable, so no rules */
		h->robots = R_READY;
	} else {
		/* RFC 9309: unreachable means assume everything disallowed, for now */
		if (cc != CURLE_OK)
			buf_printf(&e, "robots.txt unreachable: %s", j->errbuf[0] ? j->errbuf : curl_easy_strerror(cc));
		else
			buf_printf(&e, "robots.txt unreachable: HTTP status %ld", status);
		buf_msg(&e);
		h->robots_error = buf_detach(&e, NULL);
		h->robots = R_FAILED;
	}
	if (h->robots == R_READY && h->rules.crawl_delay_ms > h->delay_ms && !R->o->no_politeness) {
		h->delay_ms = h->rules.crawl_delay_ms;
		/* the robots.txt request itself is the first one the Crawl-delay spaces */
		slot_push(R, h, (j->hd.resp_ms ? j->hd.resp_ms : now_ms()) + h->delay_ms);
	}
	buf_release(&e);
	job_done(R, j);
}

static void job_finished(struct run *R, struct job *j, CURLcode cc)
{
	struct host *h = &R->hosts[j->host];
	long status = 0, wait, ra;
	struct buf e = BUF_INIT(BUF_MSG_MAX);
	int retry = 0;

	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(R->m, j->h);
	if (R->nidle < IDLE_MAX) {	/* its memory (and its 100 KB buffer) for the next transfer */
		curl_easy_reset(j->h);
		R->idle[R->nidle++] = j->h;
	} else {
		curl_easy_cleanup(j->h);
	}
	j->h = NULL;
	h->active--;
	R->active--;
	slot_release(R, j);	/* before any Retry-After or Crawl-delay pushes it later */
	if (!j->src) {
		robots_done(R, j, cc, status);
		goto out;
	}
	if (j->toolong) {
		buf_printf(&e, "body larger than %zu bytes (--max-body)", j->body.max);
	} else if (cc == CURLE_FILESIZE_EXCEEDED) {
		buf_printf(&e, "body larger than %zu bytes (--max-body)", j->body.max);
	} else if (cc != CURLE_OK) {
		buf_printf(&e, "%s", j->errbuf[0] ? j->errbuf : curl_easy_strerror(cc));
		retry = retryable(cc);
	} else if (h->is_file) {
		;	/* file:// has no status */
	} else if (status == 429 || status >= 500) {
		buf_printf(&e, "HTTP status %ld", status);
		retry = 1;
	} else if (status == 304) {
		record_fetch(R, j, status, 0, NULL, 0, "not_modified", NULL);
		R->st->not_modified++;
		job_done(R, j);
		progress(R, j, "not modified");
		goto out;
	} else if (status < 200 || status >= 300) {
		buf_printf(&e, "HTTP status %ld", status);
	}
	if (!e.len && !buf_error(&e)) {
		if (error_page(j, &e)) {
			job_fail(R, j, status, buf_msg(&e));
			goto out;
		}
		job_store(R, j, status);
		goto out;
	}
	if (retry) {
		/* exponential backoff with jitter: half fixed, half random */
		long base = R->o->retry_base_ms << (j->attempts - 1 < 16 ? j->attempts - 1 : 16);
		wait = base / 2 + (long)(rnd(R) % (unsigned long)(base / 2 + 1));
		ra = retry_after_ms(j->hd.retry_after);
		if (ra >= 0) {
			if (ra > wait)
				wait = ra;
			slot_push(R, h, now_ms() + ra);	/* the host asked everyone to wait */
		}
		if (j->attempts >= R->o->max_attempts) {
			buf_printf(&e, " (gave up after %d attempts)", j->attempts);
		} else if (j->waited_ms + wait > R->o->max_wait_ms) {
			buf_printf(&e, " (gave up after %d attempts: waiting %.1f s more would pass --max-wait %.1f s)",
				   j->attempts, wait / 1000.0, R->o->max_wait_ms / 1000.0);
		} else {
			gw_warn("%s: %s: %s; retrying in %.1f s", j->src->id, j->url, buf_msg(&e), wait / 1000.0);
			buf_release(&j->err);
			j->err = e;
			j->waited_ms += wait;
			j->next_ms = now_ms() + wait;
			job_wait(R, j);
			return;
		}
	}
	job_fail(R, j, status, buf_msg(&e));
out:
	buf_release(&e);
}

/* ---- setup ---- */

/* The index of url's host in R->hosts (added if new), or -1 with *errmsg the
 * reason to free (NULL when out of memory). */
static int host_of(struct run *R, const char *url, char **path, int *is_file, char **errmsg)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *name = NULL, *port = NULL, *p = NULL, *q = NULL;
	struct buf key = BUF_INIT(BUF_NAME_MAX), origin = BUF_INIT(BUF_NAME_MAX), pq = BUF_INIT(PATH_QUERY_MAX);
	int i, r = -1;

	*errmsg = NULL;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		*errmsg = xstrdup("not a URL");
		goto out;
	}
	*is_file = !strcmp(scheme, "file");
	if (!*is_file && strcmp(scheme, "http") && strcmp(scheme, "https")) {
		struct buf m = BUF_INIT(SCHEME_MSG_MAX);
		buf_printf(&m, "scheme '%s' is not allowed (http, https and file only)", scheme);
		buf_msg(&m);
		*errmsg = buf_detach(&m, NULL);
		goto out;
	}
	if (*is_file) {
		buf_adds(&key, "file");
		buf_adds(&origin, "file://");
	} else {
		if (curl_url_get(u, CURLUPART_HOST, &name, 0) != CURLUE_OK ||
		    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
			*errmsg = xstrdup("URL without a host");
			goto out;
		}
		for (i = 0; name[i]; i++)
			name[i] = (char)tolower((unsigned char)name[i]);
		buf_printf(&key, "%s:%s", name, port);
		buf_printf(&origin, "%s://%s:%s", scheme, name, port);
	}
	curl_url_get(u, CURLUPART_PATH, &p, 0);
	curl_url_get(u, CURLUPART_QUERY, &q, 0);
	buf_printf(&pq, "%s%s%s", p ? p : "/", q ? "?" : "", q ? q : "");
	if (buf_error(&key) || buf_error(&origin) || buf_error(&pq)) {
		*errmsg = xstrdup(buf_error(&pq) ? "the URL's path and query are too long (or out of memory)"
				  : "the URL's host is too long (or out of memory)");
		goto out;
	}
	*path = buf_detach(&pq, NULL);
	for (i = 0; i < R->nhosts; i++)
		if (!strcmp(R->hosts[i].key, key.data)) {
			r = i;
			goto out;
		}
	{
		struct host *h = &R->hosts[R->nhosts];
		size_t kl = strlen(key.data);
		memset(h, 0, sizeof(*h));
		h->key = buf_detach(&key, NULL);
		h->origin = buf_detach(&origin, NULL);
		h->is_file = *is_file;
		h->is_sec = !*is_file && ((kl >= 8 && !strncmp(h->key, "sec.gov:", 8)) ||
					  (strstr(h->key, ".sec.gov:") != NULL));
		h->delay_ms = -1;
		h->conns = 16;
		h->robots = *is_file ? R_READY : R_NONE;
		h->rules.crawl_delay_ms = -1;
		r = R->nhosts++;
	}
out:
	curl_free(scheme);
	curl_free(name);
	curl_free(port);
	curl_free(p);
	curl_free(q);
	curl_url_cleanup(u);
	buf_release(&key);
	buf_release(&origin);
	buf_release(&pq);
	return r;
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

static void load_validators(struct run *R, struct job *j)
{
	sqlite3_stmt *st = stmt(R, 5, "SELECT etag, last_modified FROM sources WHERE id = ?1");

	if (!st)
		return;
	sqlite3_bind_text(st, 1, j->src->id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *e = (const char *)sqlite3_column_text(st, 0);
		const char *l = (const char *)sqlite3_column_text(st, 1);
		snprintf(j->etag, sizeof(j->etag), "%s", e ? e : "");
		snprintf(j->lm, sizeof(j->lm), "%s", l ? l : "");
	}
	sqlite3_reset(st);
}

int fetch_print_unloaded(sqlite3 *db)
{
	sqlite3_stmt *st = store_prepare(db,
		"SELECT sha256 FROM documents d WHERE source IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM doc_loads l WHERE l.doc = d.sha256)"
		" ORDER BY first_seen, rowid");
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		printf("%s\n", (const char *)sqlite3_column_text(st, 0));
	if (rc != SQLITE_DONE)
		gw_error("%s: %s", sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	fflush(stdout);
	return rc == SQLITE_DONE ? 0 : -1;
}

void fetch_opts_default(struct fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_body = FETCH_MAX_BODY;
	o->timeout_s = 300;
	o->connect_timeout_s = 30;
	o->max_attempts = 4;
	o->max_wait_ms = 600 * 1000;
	o->retry_base_ms = 2000;
	o->robots_ttl_s = 86400;
	o->max_transfers = 64;
}

/* ---- the loop ---- */

/* A host that some waiting job could be started on now, as far as connections go. */
static int host_open(const struct host *h)
{
	return h->waiting > 0 && h->active < h->conns;
}

/* Starts waiting job j if it may start at *nowp, else lowers *wake to when it may. -1: the store failed. */
static int schedule_job(struct run *R, struct job *j, long long *nowp, long long *wake)
{
	struct host *h = &R->hosts[j->host];
	long long t, now = *nowp;
	long delay;
	int reserved = 0;

	if (j->next_ms > now) {
		if (j->next_ms < *wake)
			*wake = j->next_ms;
		return 0;
	}
	if (j->src && h->robots == R_FAILED) {
		job_fail(R, j, 0, h->robots_error);
		return 0;
	}
	if (j->src && h->robots != R_READY)
		return 0;	/* its host's robots.txt comes first */
	if (j->src && !h->is_file && !robots_allowed(&h->rules, j->path)) {
		struct buf e = BUF_INIT(DISALLOW_MSG_MAX);
		buf_printf(&e, "disallowed by %s/robots.txt for '%s'", h->origin, R->agent);
		job_fail(R, j, 0, buf_msg(&e));
		buf_release(&e);
		return 0;
	}
	if (h->active >= h->conns || R->active >= R->o->max_transfers)
		return 0;
	if (h->next_ms > now || (h->is_sec && R->sec_next_ms > now)) {
		t = h->next_ms > now ? h->next_ms : R->sec_next_ms;
		if (t < *wake)
			*wake = t;
		return 0;
	}
	delay = h->delay_ms;
	if (delay > 0 || h->is_sec) {
		t = slot_reserve(R, h, nowp, delay);
		now = *nowp;	/* once the store's write lock was ours */
		if (t < 0) {
			R->store_failed = 1;
			return -1;
		}
		if (t > now) {	/* another process took this slot: it may release it early */
			h->next_ms = t - now > SLOT_POLL_MS ? now + SLOT_POLL_MS : t;
			if (h->next_ms < *wake)
				*wake = h->next_ms;
			return 0;
		}
		reserved = 1;
	}
	/* held until the response begins: slot_release() */
	h->next_ms = now + delay + (reserved ? SLOT_LEASE_MS : 0);
	if (h->is_sec)
		R->sec_next_ms = now + SLOT_LEASE_MS + SEC_GAP_MS;
	if (job_start(R, j)) {
		R->store_failed = 1;
		return -1;
	}
	j->held = reserved;
	R->held += reserved;
	j->hold_end = now + SLOT_LEASE_MS;
	j->slot_delay = delay;
	if (reserved) {	/* send it now: the reserved start is the real start */
		int running;
		curl_multi_perform(R->m, &running);
	}
	if (h->next_ms > now && h->next_ms < *wake)
		*wake = h->next_ms;
	return 0;
}

/*
 * Starts what may start now; returns the time of the next thing to do.
 * Thousands of jobs of one host, 16 at a time: the scan starts at the first
 * waiting job and ends once no host with waiting jobs has a free connection
 * (a transfer that ends brings it back), not at the end of the list.
 */
static long long schedule(struct run *R, long long now)
{
	long long wake = now + 1000;
	int i, open = 0;

	for (i = 0; i < R->nhosts; i++)
		open += host_open(&R->hosts[i]);
	while (R->first_wait < R->njobs && R->jobs[R->first_wait].state != J_WAIT)
		R->first_wait++;
	for (i = R->first_wait; i < R->njobs && open > 0 && R->active < R->o->max_transfers && !R->store_failed &&
	     R->storing_bytes < STORE_QUEUE_MAX; i++) {
		struct job *j = &R->jobs[i];
		struct host *h = &R->hosts[j->host];

		if (j->state != J_WAIT || !host_open(h))
			continue;
		if (schedule_job(R, j, &now, &wake))
			break;
		open -= !host_open(h);
	}
	return wake;
}

int fetch_run(sqlite3 *db, const struct sources *s, const struct fetch_opts *o,
	      struct fetch_stats *stats)
{
	struct run R;
	long long wake;
	int i, ret = -1;
	const char *ua = o->user_agent ? o->user_agent : "gigawatt/" GW_VERSION;
	size_t k;

	memset(stats, 0, sizeof(*stats));
	memset(&R, 0, sizeof(R));
	buf_init(&R.out, BUF_OUT_MAX);
	R.raw.dirfd = -1;
	R.db = db;
	R.o = o;
	R.st = stats;
	R.rng = (unsigned long)now_ms() ^ ((unsigned long)getpid() << 16) ^ 0x9e3779b9UL;
	for (k = 0; ua[k] && ua[k] != '/' && !isspace((unsigned char)ua[k]) && k < sizeof(R.agent) - 1; k++)
		R.agent[k] = ua[k];
	R.agent[k] = '\0';
	if (sources_sync(db, s))
		return -1;
	R.hosts = calloc((size_t)s->n + 1, sizeof(*R.hosts));
	R.jobs = calloc((size_t)s->n * 2 + 1, sizeof(*R.jobs));
	if (!R.hosts || !R.jobs || !(R.m = curl_multi_init())) {
		gw_error("out of memory");
		goto out;
	}
	curl_multi_setopt(R.m, CURLMOPT_MAX_HOST_CONNECTIONS, 16L);
	for (i = 0; o->resolve && o->resolve[i]; i++)
		R.resolve = curl_slist_append(R.resolve, o->resolve[i]);

	/* the sources' jobs: their validators read (and their failures written) in the first batch */
	if (tx_begin(&R))
		goto out;
	for (i = 0; i < s->n; i++) {
		const struct source *src = &s->v[i];
		struct job *j;
		char *why = NULL, *path = NULL;
		int isf = 0, hi;

		if (!selected(o, src->id))
			continue;
		if (o->due_only && !is_due(&R, src)) {
			stats->skipped++;
			continue;
		}
		stats->sources++;
		j = &R.jobs[R.njobs++];
		j->src = src;
		if (!(j->url = xstrdup(src->url))) {
			gw_error("out of memory");
			goto out;
		}
		buf_init(&j->body, (size_t)o->max_body);
		buf_init(&j->err, BUF_MSG_MAX);
		j->state = J_DONE;
		R.total++;
		R.pending++;
		hi = host_of(&R, src->url, &path, &isf, &why);
		j->path = path;
		j->host = hi < 0 ? 0 : hi;
		if (hi < 0 && !why) {	/* no reason: out of memory */
			gw_error("out of memory");
			goto out;
		}
		if (hi < 0) {
			job_fail(&R, j, 0, why);
			free(why);
			continue;
		}
		if (!(j->parser = parser_find(src->parser))) {
			struct buf e = BUF_INIT(PARSER_MSG_MAX);
			buf_printf(&e, "parser '%s' is not known (see gw-parse --list); line %d of the sources file",
				   src->parser, src->line);
			job_fail(&R, j, 0, buf_msg(&e));
			buf_release(&e);
			continue;
		}
		if (R.hosts[hi].is_sec && (!o->user_agent || !strchr(o->user_agent, '@'))) {
			job_fail(&R, j, 0, "SEC EDGAR requires a User-Agent with a contact address"
				 " (-A, GW_USER_AGENT or user_agent= in sources.conf, e.g."
				 " 'gigawatt admin@example.org')");
			continue;
		}
		{
			struct host *h = &R.hosts[hi];
			long d = o->no_politeness ? 0 : src->delay_ms;
			int c = o->no_politeness ? 16 : src->connections;
			if (d > h->delay_ms)
				h->delay_ms = d;
			if (c < h->conns)
				h->conns = c;
		}
		load_validators(&R, j);
		job_wait(&R, j);
		R.hosts[hi].wanted = 1;
	}
	/* robots.txt for each web host: from the cache, else fetched first */
	for (i = 0; i < R.nhosts; i++) {
		struct host *h = &R.hosts[i];
		struct job *j;

		if (h->delay_ms < 0)
			h->delay_ms = 0;
		if (h->is_file)
			h->delay_ms = 0;
		if (h->robots != R_NONE || !h->wanted)
			continue;
		robots_load(&R, h);
		if (h->robots == R_READY) {
			if (h->rules.crawl_delay_ms > h->delay_ms && !o->no_politeness)
				h->delay_ms = h->rules.crawl_delay_ms;
			continue;
		}
		h->robots = R_PENDING;
		j = &R.jobs[R.njobs++];
		{
			struct buf u = BUF_INIT(BUF_URL_MAX);
			buf_printf(&u, "%s/robots.txt", h->origin);	/* fits: an origin is at most BUF_NAME_MAX */
			if (buf_error(&u)) {
				gw_error("out of memory");	/* as xstrdup */
				abort();
			}
			j->url = buf_detach(&u, NULL);
		}
		j->host = i;
		buf_init(&j->body, ROBOTS_MAX_BODY);
		buf_init(&j->err, BUF_MSG_MAX);
		job_wait(&R, j);
		R.pending++;
		/* robots first: move it before the host's sources */
		{
			struct job tmp = *j;
			int at;
			for (at = 0; at < R.njobs - 1 && R.jobs[at].host != i; at++)
				;
			memmove(&R.jobs[at + 1], &R.jobs[at], (size_t)(R.njobs - 1 - at) * sizeof(*j));
			R.jobs[at] = tmp;
		}
	}

	for (wake = 0; R.pending > 0 && !R.store_failed;) {
		long long now = now_ms();
		int running, left, timeout;
		CURLMsg *msg;

		/* only when something may start: a transfer ended (wake = now below) or a wait is over */
		if (wake <= now)
			wake = schedule(&R, now);
		if (R.pending <= 0)
			break;
		/* commit when idle (no transfer, no body with the storer), every second or every
		 * TX_MAX_DOCS documents (after schedule() refilled the transfers) */
		if (R.tx_open && !R.tx_start_ms)
			R.tx_start_ms = now;
		if (R.tx_open && ((!R.active && !R.storing) || now - R.tx_start_ms >= TX_MAX_MS ||
				  R.tx_docs >= TX_MAX_DOCS))
			tx_commit_soon(&R);
		curl_multi_perform(R.m, &running);
		wake = slots_answered(&R, wake);
		while ((msg = curl_multi_info_read(R.m, &left))) {
			struct job *j = NULL;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			job_finished(&R, j, msg->data.result);
			wake = now;	/* something may start now */
		}
		if (store_collect(&R))
			wake = now;	/* memory freed: transfers held back may start */
		now = now_ms();
		timeout = wake <= now ? 0 : wake - now > 1000 ? 1000 : (int)(wake - now);
		if (timeout > 0)	/* else something is due now: round again at once */
			curl_multi_poll(R.m, NULL, 0, timeout, NULL);
	}
	if (!R.store_failed) {
		storer_wait_sync(&R);
		store_collect(&R);
	}
	tx_commit(&R);
	ret = R.store_failed ? -1 : stats->failed || R.out_failed ? 1 : 0;
out:
	storer_stop(&R);
	if (R.tx_open)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	buf_release(&R.out);
	while (R.nspare > 0)
		buf_release(&R.spare[--R.nspare]);
	raw_close(&R.raw);
	for (i = 0; i < (int)(sizeof(R.stmts) / sizeof(R.stmts[0])); i++)
		sqlite3_finalize(R.stmts[i]);
	for (i = 0; i < R.njobs; i++) {
		if (R.jobs[i].h) {
			curl_multi_remove_handle(R.m, R.jobs[i].h);
			curl_easy_cleanup(R.jobs[i].h);
		}
		curl_slist_free_all(R.jobs[i].req);
		buf_release(&R.jobs[i].body);
		buf_release(&R.jobs[i].err);
		free(R.jobs[i].url);
		free(R.jobs[i].path);
	}
	for (i = 0; i < R.nhosts; i++) {
		free(R.hosts[i].key);
		free(R.hosts[i].origin);
		free(R.hosts[i].robots_error);
		robots_release(&R.hosts[i].rules);
	}
	while (R.nidle > 0)
		curl_easy_cleanup(R.idle[--R.nidle]);
	curl_slist_free_all(R.resolve);
	if (R.m)
		curl_multi_cleanup(R.m);
	free(R.jobs);
	free(R.hosts);
	return ret;
}
