/*
 * gpu-price-tracker summaries (tugot17/gpu-price-tracker data/summary/ files):
 * one JSON object a line, a snapshot of the marketplace offers of one GPU model
 * every half hour, with aggregate percentiles (price_stats), per provider
 * (by_provider: count, min, avg per GPU-hour) and per configuration.
 *
 * Each provider of each snapshot -> one gpu_price: its cheapest offer (min) in
 * USD per GPU-hour, term on_demand, no region (the feed gives none), observed at
 * the snapshot's timestamp. Provider ids and tiers come from the provider table;
 * a provider it does not know is taken as the marketplace tier (the feed is a
 * marketplace aggregator) under its own lower-cased name. The aggregate
 * percentiles and per-configuration figures are not any provider's quote and
 * are not emitted.
 */
#include <string.h>

#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"
#include "price_ref.h"

#include "lib/banned.h"

static int detect(const struct gw_doc *doc)
{
	size_t n = doc->len < 8192 ? doc->len : 8192;

	if (!doc_starts_with(doc, "{"))
		return 0;
	if (mem_find(doc->data, n, "\"by_provider\"") && mem_find(doc->data, n, "\"price_stats\"") &&
	    mem_find(doc->data, n, "\"gpu_type\""))
		return 90;
	return 0;
}

static int parse_line(struct gw_parse *p, sqlite3_stmt *st, sqlite3_stmt *head, const char *s,
		      size_t n, long lineno)
{
	char ts[32], sku_raw[160], id[64], tier[16], loc[320];
	const char *t, *gt, *so;
	size_t tn, gn, sn;
	int rc, any = 0;

	if (jsonq_bind(head, 1, s, n) != SQLITE_OK || sqlite3_step(head) != SQLITE_ROW) {
		rec_reject(p, s, n, "not a JSON object (malformed JSON)", "line %ld", lineno);
		sqlite3_reset(head);
		return -1;
	}
	t = jsonq_text(head, 0, &tn);
	gt = jsonq_text(head, 1, &gn);
	so = jsonq_text(head, 2, &sn);
	if (!t || price_time(t, tn, ts)) {
		rec_reject(p, s, n, "snapshot has no valid timestamp", "line %ld $.timestamp", lineno);
		sqlite3_reset(head);
		return -1;
	}
	if (!gt || !gn) {
		rec_reject(p, s, n, "snapshot has no gpu_type", "line %ld $.gpu_type", lineno);
		sqlite3_reset(head);
		return -1;
	}
	if (so && sn)
		snprintf(sku_raw, sizeof(sku_raw), "%.*s %.*s", (int)(gn > 80 ? 80 : gn), gt,
			 (int)(sn > 40 ? 40 : sn), so);
	else
		snprintf(sku_raw, sizeof(sku_raw), "%.*s", (int)(gn > 80 ? 80 : gn), gt);
	if (sqlite3_column_type(head, 3) != SQLITE_TEXT || strcmp((const char *)sqlite3_column_text(head, 3), "object")) {
		rec_reject(p, s, n, "snapshot has no by_provider object", "line %ld $.by_provider", lineno);
		sqlite3_reset(head);
		return -1;
	}
	sqlite3_reset(head);

	jsonq_bind(st, 1, s, n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t kn;
		const char *key = jsonq_text(st, 0, &kn);
		const char *mt = jsonq_text(st, 2, NULL);
		struct quote q;
		char pname[64];

		if (!key || !kn)
			continue;
		strn_trim_copy(pname, sizeof(pname), key, kn);
		snprintf(loc, sizeof(loc), "line %ld $.by_provider.%s.min", lineno, pname);
		if (!mt || (strcmp(mt, "real") && strcmp(mt, "integer"))) {
			rec_reject(p, s, n, "provider's min price is not a number", "%s", loc);
			continue;
		}
		memset(&q, 0, sizeof(q));
		if (price_provider(key, kn, id, tier) != 1) {
			size_t i;
			for (i = 0; pname[i]; i++)
				if (pname[i] >= 'A' && pname[i] <= 'Z')
					pname[i] = (char)(pname[i] - 'A' + 'a');
			snprintf(id, sizeof(id), "%s", pname);
			snprintf(tier, sizeof(tier), "marketplace");
		}
		q.provider = id;
		q.tier = tier;
		q.sku_raw = sku_raw;
		q.term = "on_demand";
		q.currency = "USD";
		q.price = sqlite3_column_double(st, 1);
		q.per_gpu = 1;
		q.observed_at = ts;
		q.raw = s;
		q.rawlen = n;
		price_emit(p, &q, loc);
		any = 1;
	}
	if (rc != SQLITE_DONE)
		rec_reject(p, s, n, "by_provider cannot be read", "line %ld $.by_provider", lineno);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (!any)
		pwarn(p, "line %ld: snapshot lists no provider", lineno);
	return 0;
}

static int parse(struct gw_parse *p)
{
	const char *s = (const char *)p->doc->data, *end = s + p->doc->len;
	sqlite3_stmt *st = jsonq_prepare(
		"SELECT p.key, json_extract(p.value, '$.min'), json_type(p.value, '$.min')"
		" FROM json_each(?1, '$.by_provider') AS p");
	sqlite3_stmt *head = jsonq_prepare(
		"SELECT json_extract(?1, '$.timestamp'), json_extract(?1, '$.gpu_type'),"
		" json_extract(?1, '$.socket_type'), json_type(?1, '$.by_provider')");
	long lineno = 0;

	if (!st || !head) {
		pfatal(p, "cannot prepare the JSON queries");
		goto out;
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		size_t i = 0;

		lineno++;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n)
			parse_line(p, st, head, s + i, n - i, lineno);
		s = nl ? nl + 1 : end;
	}
out:
	sqlite3_finalize(st);
	sqlite3_finalize(head);
	return p->nerr ? -1 : 0;
}

const struct parser parser_gpu_tracker = {
	"gpu-tracker",
	"gpu-price-tracker JSON Lines snapshots: each provider's cheapest offer per GPU-hour",
	detect,
	parse,
};
