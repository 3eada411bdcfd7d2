/*
 * A daily cloud instance price series as CSV, header timestamp,instance,price_usd
 * (amorton45/aws-gpu-price-tracker gpu_prices.csv: the AWS on-demand price of
 * p5.48xlarge each day). Each row -> one gpu_price of the instance's provider,
 * on demand, normalised per GPU through the instance table (gpu_instances):
 * p5.48xlarge is 8 H100 SXM, so 98.32 USD/h is 12.29 USD per GPU-hour.
 *
 * A row with no price (the series backfills month rows with blank prices) is
 * no quote: it is skipped and the rows skipped are said in one message. A price
 * that is not a number, or an instance the table does not know (its GPU count
 * unknown), is a reject with its reason. The file names no region: none is set.
 */
#include <string.h>

#include "parsers/formats/csv.h"
#include "parsers/parser.h"
#include "price_ref.h"

#include "lib/banned.h"

enum { C_TS, C_INST, C_PRICE, C_N };

static const struct colspec cols[] = {
	{ "timestamp", 1 }, { "instance", 1 }, { "price_usd", 1 }, { NULL, 0 },
};

static int detect(const struct gw_doc *doc)
{
	struct csv c;
	struct row r;
	int idx[C_N], s = 0;

	csv_init(&c, (const char *)doc->data, doc->len < 4096 ? doc->len : 4096, ',');
	if (csv_next(&c, &r, NULL) == 1 && !header_map(&r, cols, idx))
		s = 90;
	csv_release(&c);
	return s;
}

static int parse(struct gw_parse *p)
{
	struct csv c;
	struct buf err = BUF_INIT(BUF_MSG_MAX);	/* why a record failed */
	struct row hdr, r;
	int idx[C_N], rc, gpus;
	long skipped = 0, first_skip = 0, last_skip = 0;
	char ts[32], inst[128], prov[64], sku[32], tier[16], loc[64], why[256];
	double price;

	csv_init(&c, (const char *)p->doc->data, p->doc->len, ',');
	if (csv_next(&c, &hdr, &err) != 1) {
		pfatal(p, "no header row");
		goto out;
	}
	parse_note_header(p, NULL, &hdr);
	if (header_map(&hdr, cols, idx)) {
		pfatal(p, "header lacks a column of timestamp, instance, price_usd");
		goto out;
	}
	while ((rc = csv_next(&c, &r, &err)) != 0) {
		struct quote q;
		struct cell pc;

		if (rc < 0) {
			rec_reject(p, c.raw, c.rawlen, buf_str(&err), "line %ld", r.line);
			buf_reset(&err);
			continue;
		}
		if (row_empty(&r))
			continue;
		snprintf(loc, sizeof(loc), "line %ld", r.line);
		cell_copy(&r, idx[C_TS], ts, sizeof(ts));
		if (price_time(ts, strlen(ts), ts)) {
			snprintf(why, sizeof(why), "timestamp '%.40s' is not an ISO 8601 date or date-time", ts);
			rec_reject(p, c.raw, c.rawlen, why, "%s", loc);
			continue;
		}
		pc = row_cell(&r, idx[C_PRICE]);
		if (cell_empty(&pc)) {
			if (!skipped++)
				first_skip = r.line;
			last_skip = r.line;
			continue;
		}
		if (cell_num(&r, idx[C_PRICE], &price)) {
			char raw[64];
			cell_copy(&r, idx[C_PRICE], raw, sizeof(raw));
			snprintf(why, sizeof(why), "price_usd '%s' is not a number", raw);
			rec_reject(p, c.raw, c.rawlen, why, "%s", loc);
			continue;
		}
		cell_copy(&r, idx[C_INST], inst, sizeof(inst));
		if (price_instance(inst, strlen(inst), prov, sku, &gpus) != 1) {
			snprintf(why, sizeof(why), "instance '%.80s' is not in the instance table: its GPU count"
				 " and provider are unknown, not normalised", inst);
			rec_reject(p, c.raw, c.rawlen, why, "%s", loc);
			continue;
		}
		if (price_provider(prov, strlen(prov), prov, tier) != 1)
			snprintf(tier, sizeof(tier), "hyperscaler");
		memset(&q, 0, sizeof(q));
		q.provider = prov;
		q.tier = tier;
		q.sku = sku;
		q.sku_raw = inst;
		q.instance = inst;
		q.term = "on_demand";
		q.currency = "USD";
		q.price = price;
		q.gpus = gpus;
		q.observed_at = ts;
		q.raw = c.raw;
		q.rawlen = c.rawlen;
		price_emit(p, &q, loc);
	}
	if (skipped)
		pwarn(p, "%ld row%s without a price skipped (no quote), lines %ld to %ld", skipped,
		      skipped == 1 ? "" : "s", first_skip, last_skip);
out:
	csv_release(&c);
	buf_release(&err);
	return p->nerr ? -1 : 0;
}

const struct parser parser_aws_p5_series = {
	"aws-p5-series",
	"daily instance price series CSV (timestamp,instance,price_usd), e.g. AWS p5.48xlarge on demand",
	detect,
	parse,
};
