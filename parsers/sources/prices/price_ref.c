#include "price_ref.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "lib/dates.h"
#include "lib/msg.h"
#include "store/db.h"

#include "lib/banned.h"

#define REF_MIGRATION "050-gpu-price-tables"

static sqlite3 *ref;
static sqlite3_stmt *q_sku, *q_prov, *q_inst;
static int ref_failed;

void price_ref_close(void)
{
	sqlite3_finalize(q_sku);
	sqlite3_finalize(q_prov);
	sqlite3_finalize(q_inst);
	q_sku = q_prov = q_inst = NULL;
	sqlite3_close(ref);
	ref = NULL;
	ref_failed = 0;
}

static int ref_open(void)
{
	const char *sql;

	if (ref)
		return 0;
	if (ref_failed)
		return -1;
	ref_failed = 1;
	if (!(sql = store_migration_sql(REF_MIGRATION))) {
		gw_error("internal error: migration %s is not compiled in", REF_MIGRATION);
		return -1;
	}
	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) ||
	    sqlite3_exec(ref, sql, NULL, NULL, NULL) ||
	    sqlite3_prepare_v2(ref, "SELECT sku FROM sku_aliases WHERE alias = ?1", -1, &q_sku, NULL) ||
	    sqlite3_prepare_v2(ref, "SELECT p.id, p.tier FROM gpu_provider_aliases a"
			       " JOIN gpu_providers p ON p.id = a.provider WHERE a.alias = ?1", -1, &q_prov, NULL) ||
	    sqlite3_prepare_v2(ref, "SELECT provider, sku, gpus FROM gpu_instances WHERE instance = ?1",
			       -1, &q_inst, NULL)) {
		gw_error("internal error: GPU price tables: %s", ref ? sqlite3_errmsg(ref) : "out of memory");
		price_ref_close();
		ref_failed = 1;
		return -1;
	}
	ref_failed = 0;
	return 0;
}

void price_norm(const char *s, size_t n, char *out, size_t max)
{
	size_t i, k = 0;
	int space = 0;

	if (!max)
		return;
	for (i = 0; i < n && k + 1 < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c >= 0x80) {
			if (space && k && k + 2 < max)
				out[k++] = ' ';
			space = 0;
			out[k++] = (char)tolower(c);
		} else {
			space = 1;
		}
	}
	out[k] = '\0';
}

/* runs st with the text bound; copies column col into out; 1, 0 or -1 */
static int lookup1(sqlite3_stmt *st, const char *key, char *out, size_t max, int col)
{
	int rc, r = 0;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out, max, "%s", (const char *)sqlite3_column_text(st, col));
		r = 1;
	} else if (rc != SQLITE_DONE) {
		r = -1;
	}
	return r;
}

int price_sku(const char *raw, size_t n, char sku[32])
{
	char norm[256];
	const char *k = norm;
	int r;

	if (ref_open())
		return -1;
	price_norm(raw, n, norm, sizeof(norm));
	for (;;) {
		r = lookup1(q_sku, k, sku, 32, 0);
		sqlite3_reset(q_sku);
		if (r)
			return r;
		if (!strncmp(k, "nvidia ", 7))
			k += 7;
		else if (!strncmp(k, "amd ", 4))
			k += 4;
		else
			return 0;
	}
}

int price_provider(const char *raw, size_t n, char id[64], char tier[16])
{
	char norm[256];
	int r;

	if (ref_open())
		return -1;
	price_norm(raw, n, norm, sizeof(norm));
	r = lookup1(q_prov, norm, id, 64, 0);
	if (r == 1)
		snprintf(tier, 16, "%s", (const char *)sqlite3_column_text(q_prov, 1));
	sqlite3_reset(q_prov);
	return r;
}

int price_instance(const char *raw, size_t n, char provider[64], char sku[32], int *gpus)
{
	char norm[256];
	int r;

	if (ref_open())
		return -1;
	price_norm(raw, n, norm, sizeof(norm));
	r = lookup1(q_inst, norm, provider, 64, 0);
	if (r == 1) {
		snprintf(sku, 32, "%s", (const char *)sqlite3_column_text(q_inst, 1));
		*gpus = sqlite3_column_int(q_inst, 2);
	}
	sqlite3_reset(q_inst);
	return r;
}

/* 1 if the normalised text holds word w as whole words */
static int has_words(const char *norm, const char *w)
{
	size_t k = strlen(w);
	const char *s = norm;

	while ((s = strstr(s, w))) {
		if ((s == norm || s[-1] == ' ') && (s[k] == ' ' || s[k] == '\0'))
			return 1;
		s++;
	}
	return 0;
}

int price_term(const char *s, size_t n, char term[24])
{
	static const struct { const char *w, *term; } terms[] = {
		{ "on demand", "on_demand" }, { "ondemand", "on_demand" }, { "pay as you go", "on_demand" },
		{ "spot", "spot" }, { "interruptible", "spot" }, { "preemptible", "spot" },
		{ "1 month", "reserved_1m" }, { "1 mo", "reserved_1m" }, { "monthly", "reserved_1m" },
		{ "3 month", "reserved_3m" }, { "3 months", "reserved_3m" },
		{ "6 month", "reserved_6m" }, { "6 months", "reserved_6m" },
		{ "1 yr", "reserved_1y" }, { "1 year", "reserved_1y" }, { "12 month", "reserved_1y" },
		{ "12 months", "reserved_1y" }, { "1yr", "reserved_1y" },
		{ "2 yr", "reserved_2y" }, { "2 year", "reserved_2y" },
		{ "3 yr", "reserved_3y" }, { "3 year", "reserved_3y" }, { "36 month", "reserved_3y" },
		{ "36 months", "reserved_3y" }, { "3yr", "reserved_3y" },
	};
	char norm[256];
	size_t i;

	price_norm(s, n, norm, sizeof(norm));
	for (i = 0; i < sizeof(terms) / sizeof(terms[0]); i++)
		if (has_words(norm, terms[i].w)) {
			snprintf(term, 24, "%s", terms[i].term);
			return 1;
		}
	return 0;
}

static int digits(const char *s, int k, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < k; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int price_time(const char *s, size_t n, char out[32])
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0, has_time = 0;
	size_t i = 10;
	long days, secs;

	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	while (n && isspace((unsigned char)*s))
		s++, n--;
	if (n < 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &mo) ||
	    digits(s + 8, 2, &d) || !date_valid(y, mo, d))
		return -1;
	if (n > 10) {
		if ((s[10] != 'T' && s[10] != ' ') || n < 16 || digits(s + 11, 2, &h) || s[13] != ':' ||
		    digits(s + 14, 2, &mi) || h > 23 || mi > 59)
			return -1;
		has_time = 1;
		i = 16;
		if (i < n && s[i] == ':') {
			if (n < 19 || digits(s + 17, 2, &se) || se > 60)
				return -1;
			i = 19;
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				for (i++; i < n && isdigit((unsigned char)s[i]); i++)
					;
			}
		}
		if (i < n) {
			if (s[i] == 'Z' && i + 1 == n) {
				sign = 1;
			} else if ((s[i] == '+' || s[i] == '-') && n - i == 6 && !digits(s + i + 1, 2, &oh) &&
				   s[i + 3] == ':' && !digits(s + i + 4, 2, &om) && oh < 24 && om < 60) {
				sign = s[i] == '+' ? 2 : 3;
			} else {
				return -1;
			}
		}
	}
	if (!has_time) {
		snprintf(out, 32, "%04d-%02d-%02d", y, mo, d);
		return 0;
	}
	if (!sign) {
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, se);
		return 0;
	}
	secs = (long)h * 3600 + mi * 60 + se;
	if (sign == 2)
		secs -= (long)oh * 3600 + om * 60;
	else if (sign == 3)
		secs += (long)oh * 3600 + om * 60;
	days = days_from_civil(y, mo, d);
	while (secs < 0)
		secs += 86400, days--;
	while (secs >= 86400)
		secs -= 86400, days++;
	civil_from_days(days, &y, &mo, &d);
	snprintf(out, 32, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y, mo, d, secs / 3600, secs / 60 % 60, secs % 60);
	return 0;
}

static double round6(double v)
{
	return round(v * 1e6) / 1e6;
}

int price_emit(struct gw_parse *p, const struct quote *q, const char *loc)
{
	char sku[32], norm[200], why[256];
	const char *cur = q->currency && *q->currency ? q->currency : "USD";
	int usd = !strcmp(cur, "USD");
	double usd_h = 0, usd_gh;
	int r;

	if (!(q->price > 0) || !isfinite(q->price)) {
		snprintf(why, sizeof(why), "price %.6g is not a positive number", q->price);
		goto reject;
	}
	if (!usd && (!(q->usd_rate > 0) || !q->rate_date || !*q->rate_date)) {
		snprintf(why, sizeof(why), "price %.6g %s: the document states no dated %s->USD rate, not converted",
			 q->price, cur, cur);
		goto reject;
	}
	if (!q->sku_raw || !*q->sku_raw) {
		snprintf(why, sizeof(why), "no GPU name or instance type");
		goto reject;
	}
	if (!q->per_gpu && q->gpus <= 0) {
		snprintf(why, sizeof(why), "price %.6g %s per instance-hour of '%.60s': GPU count unknown, not normalised",
			 q->price, cur, q->instance ? q->instance : q->sku_raw ? q->sku_raw : "?");
		goto reject;
	}
	if (q->sku && *q->sku) {
		snprintf(sku, sizeof(sku), "%s", q->sku);
	} else if (!q->sku_raw || (r = price_sku(q->sku_raw, strlen(q->sku_raw), sku)) < 0) {
		snprintf(why, sizeof(why), "no GPU name");
		goto reject;
	} else if (r == 0) {
		price_norm(q->sku_raw, strlen(q->sku_raw), norm, sizeof(norm));
		snprintf(sku, sizeof(sku), "unknown:%.23s", norm);
		pwarn(p, "%s: GPU '%.80s' is not a known SKU: kept as %s (v_gpu_sku_unknown lists them)",
		      loc, q->sku_raw, sku);
	}
	if (q->per_gpu) {
		usd_gh = usd ? q->price : q->price * q->usd_rate;
		if (q->gpus > 0)
			usd_h = usd_gh * q->gpus;
	} else {
		usd_h = usd ? q->price : q->price * q->usd_rate;
		usd_gh = usd_h / q->gpus;
	}
	if (usd_gh > 1000) {	/* over ten times any list price seen: a misread, not a quote */
		snprintf(why, sizeof(why), "%.6g USD per GPU-hour is not plausible (over 1000)", usd_gh);
		goto reject;
	}
	rec_begin(p, "gpu_price");
	rec_str(p, "provider", q->provider);
	rec_str(p, "tier", q->tier);
	rec_str(p, "sku", sku);
	rec_str(p, "sku_raw", q->sku_raw);
	if (q->gpus > 0)
		rec_int(p, "gpus", q->gpus);
	rec_str(p, "term", q->term);
	rec_str(p, "region", q->region);
	rec_str(p, "instance", q->instance);
	rec_str(p, "currency", cur);
	rec_num(p, "price", q->price);
	if (usd_h > 0)
		rec_num(p, "usd_per_hour", round6(usd_h));
	rec_num(p, "usd_per_gpu_hour", round6(usd_gh));
	rec_str(p, "observed_at", q->observed_at);
	if (!usd) {
		rec_num(p, "fx_rate", q->usd_rate);
		rec_str(p, "fx_date", q->rate_date);
	}
	rec_set_as_of(p, q->observed_at);
	rec_end(p, "%s", loc);
	return 0;
reject:
	rec_reject(p, q->raw, q->rawlen, why, "%s", loc);
	return 1;
}
