/*
 * A marketplace's offer list as its JSON API returns it, in the shape of
 * Vast.ai's bundles search: {"offers": [{"id", "gpu_name", "num_gpus",
 * "dph_total" (USD per hour for the whole offer), "min_bid" (the lowest bid
 * for an interruptible rental), "geolocation" ("Texas, US"), ...}]} with our
 * crawl's "timestamp" beside it (else the fetch date).
 *
 * A marketplace lists many offers for one GPU: the quote of the marketplace
 * for (sku, term, region) is its cheapest offer per GPU-hour, the way the
 * gpu-tracker feed quotes a provider by its min. Terms: dph_total is on
 * demand, min_bid spot. Region: the country code ending geolocation. An offer
 * with no GPU count, or a price that is not a number, is a reject.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"
#include "price_ref.h"

#include "lib/banned.h"

#define MAX_OFFERS 200000

struct cand {
	char sku[48];		/* canonical, or "unknown:" + the normalised name (group key only) */
	int known;
	char name[96];
	const char *term;
	char region[32];
	double per_gpu, total;
	int gpus;
	long idx;
};

static int detect(const struct gw_doc *doc)
{
	size_t n = doc->len < 16384 ? doc->len : 16384;

	if (!doc_starts_with(doc, "{") && !doc_starts_with(doc, "["))
		return 0;
	if (mem_find(doc->data, n, "\"offers\"") && mem_find(doc->data, n, "\"dph_total\"") &&
	    mem_find(doc->data, n, "\"gpu_name\""))
		return 90;
	return 0;
}

static int cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c;

	if ((c = strcmp(x->sku, y->sku)) || (c = strcmp(x->term, y->term)) || (c = strcmp(x->region, y->region)))
		return c;
	if (x->per_gpu != y->per_gpu)
		return x->per_gpu < y->per_gpu ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void add(struct cand **v, size_t *n, size_t *cap, const struct cand *c)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct cand *nv = realloc(*v, nc * sizeof(**v));
		if (!nv)
			return;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = *c;
}

static int parse(struct gw_parse *p)
{
	sqlite3_stmt *head = jsonq_prepare("SELECT json_extract(?1, '$.timestamp'), json_type(?1, '$.offers')");
	sqlite3_stmt *st = jsonq_prepare(
		"SELECT o.key, json_extract(o.value, '$.gpu_name'), json_extract(o.value, '$.num_gpus'),"
		" json_type(o.value, '$.num_gpus'), json_extract(o.value, '$.dph_total'),"
		" json_type(o.value, '$.dph_total'), json_extract(o.value, '$.min_bid'),"
		" json_type(o.value, '$.min_bid'), json_extract(o.value, '$.geolocation'), json(o.value)"
		" FROM json_each(?1, '$.offers') AS o");
	const char *data = (const char *)p->doc->data;
	struct cand *v = NULL;
	size_t nv = 0, cap = 0, i;
	char when[32] = "", tier[16], id[64];
	int rc;

	if (!head || !st) {
		pfatal(p, "cannot prepare the JSON queries");
		goto out;
	}
	if (jsonq_bind(head, 1, data, p->doc->len) != SQLITE_OK || sqlite3_step(head) != SQLITE_ROW) {
		pfatal(p, "not JSON: %s", jsonq_errmsg());
		goto out;
	}
	if (!sqlite3_column_text(head, 1) || strcmp((const char *)sqlite3_column_text(head, 1), "array")) {
		pfatal(p, "no \"offers\" array at the top level");
		goto out;
	}
	if (sqlite3_column_text(head, 0)) {
		const char *t = (const char *)sqlite3_column_text(head, 0);
		if (price_time(t, strlen(t), when)) {
			pfatal(p, "$.timestamp '%.40s' is not an ISO 8601 date-time", t);
			goto out;
		}
	} else if (p->as_of[0]) {
		snprintf(when, sizeof(when), "%s", p->as_of);
	} else {
		pfatal(p, "no $.timestamp and the fetch date is unknown: offers not read");
		goto out;
	}
	if (price_provider("vast", 4, id, tier) != 1) {
		pfatal(p, "internal error: provider vast is not in the provider table");
		goto out;
	}
	jsonq_bind(st, 1, data, p->doc->len);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long k = sqlite3_column_int64(st, 0);
		size_t rawlen, nl;
		const char *raw = jsonq_text(st, 9, &rawlen);
		const char *name = jsonq_text(st, 1, &nl);
		const char *gt = jsonq_text(st, 3, NULL), *pt = jsonq_text(st, 5, NULL), *bt = jsonq_text(st, 7, NULL);
		const char *geo = jsonq_text(st, 8, NULL), *cc;
		struct cand c;
		int r;

		if (nv >= MAX_OFFERS) {
			pfatal(p, "more than %d offers: the rest not read", MAX_OFFERS);
			break;
		}
		if (!name || !nl) {
			rec_reject(p, raw, rawlen, "offer has no gpu_name", "$.offers[%ld]", k);
			continue;
		}
		if (!gt || strcmp(gt, "integer") || sqlite3_column_int64(st, 2) <= 0 ||
		    sqlite3_column_int64(st, 2) > 4096) {
			rec_reject(p, raw, rawlen, "offer's num_gpus is not a positive count: price not normalised",
				   "$.offers[%ld]", k);
			continue;
		}
		memset(&c, 0, sizeof(c));
		c.gpus = (int)sqlite3_column_int64(st, 2);
		c.idx = k;
		strn_trim_copy(c.name, sizeof(c.name), name, nl);
		if ((r = price_sku(name, nl, c.sku)) < 0)
			break;
		c.known = r;
		if (!r) {
			char norm[40];
			price_norm(name, nl, norm, sizeof(norm));
			snprintf(c.sku, sizeof(c.sku), "unknown:%s", norm);
		}
		if (geo && (cc = strrchr(geo, ',')))
			geo = cc + 1;
		if (geo)
			strn_trim_copy(c.region, sizeof(c.region), geo, strlen(geo));
		if (pt && (!strcmp(pt, "real") || !strcmp(pt, "integer"))) {
			c.term = "on_demand";
			c.total = sqlite3_column_double(st, 4);
			c.per_gpu = c.total / c.gpus;
			add(&v, &nv, &cap, &c);
		} else if (pt && strcmp(pt, "null")) {
			rec_reject(p, raw, rawlen, "offer's dph_total is not a number", "$.offers[%ld].dph_total", k);
		}
		if (bt && (!strcmp(bt, "real") || !strcmp(bt, "integer"))) {
			c.term = "spot";
			c.total = sqlite3_column_double(st, 6);
			c.per_gpu = c.total / c.gpus;
			add(&v, &nv, &cap, &c);
		} else if (bt && strcmp(bt, "null")) {
			rec_reject(p, raw, rawlen, "offer's min_bid is not a number", "$.offers[%ld].min_bid", k);
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		pfatal(p, "offers cannot be read: %s", jsonq_errmsg());
	if (nv)
		qsort(v, nv, sizeof(*v), cmp);
	for (i = 0; i < nv; i++) {
		struct quote q;
		char loc[96];

		if (i && !strcmp(v[i].sku, v[i - 1].sku) && !strcmp(v[i].term, v[i - 1].term) &&
		    !strcmp(v[i].region, v[i - 1].region))
			continue;	/* not the cheapest of its group */
		memset(&q, 0, sizeof(q));
		q.provider = id;
		q.tier = tier;
		q.sku = v[i].known ? v[i].sku : NULL;
		q.sku_raw = v[i].name;
		q.term = v[i].term;
		q.region = v[i].region[0] ? v[i].region : NULL;
		q.currency = "USD";
		q.price = v[i].total;
		q.gpus = v[i].gpus;
		q.observed_at = when;
		snprintf(loc, sizeof(loc), "$.offers[%ld].%s", v[i].idx,
			 strcmp(v[i].term, "spot") ? "dph_total" : "min_bid");
		price_emit(p, &q, loc);
	}
out:
	free(v);
	if (head)
		sqlite3_reset(head);
	sqlite3_finalize(head);
	sqlite3_finalize(st);
	return p->nerr ? -1 : 0;
}

const struct parser parser_price_offers_json = {
	"price-offers-json",
	"marketplace GPU offer list JSON (Vast.ai bundles API shape): cheapest offer per GPU-hour",
	detect,
	parse,
};
