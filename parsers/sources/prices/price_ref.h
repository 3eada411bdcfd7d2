/*
 * GPU price helpers shared by the price parsers: the reference tables (SKU
 * aliases, providers, instance types) and one emitter of `gpu_price` records
 * that normalises a quote to USD per GPU-hour or rejects it with the reason.
 *
 * The reference tables are those of schemas/050-gpu-price-tables.sql: the
 * same SQL, compiled in as a migration, is run once into a private in-memory
 * SQLite database, so gw-parse canonicalises without a store and always as
 * the store's tables say. Lookups return 1 (found), 0 (not found), or -1
 * (the tables could not be set up: a message was printed).
 */
#ifndef GW_PRICE_REF_H
#define GW_PRICE_REF_H

#include <stddef.h>

#include "parsers/parser.h"

/* Normalises a name as the alias tables store it: lower case, runs of other
 * than letters and digits to one space, trimmed. At most max-1 bytes. */
void price_norm(const char *s, size_t n, char *out, size_t max);

/* Canonical SKU class of a GPU name ("NVIDIA H100 SXM" -> "h100-sxm"), trying
 * the name, then without a leading vendor word. sku gets at most 32 bytes. */
int price_sku(const char *raw, size_t n, char sku[32]);
/* Provider id and tier of a provider name ("lambdalabs" -> lambda, neocloud). */
int price_provider(const char *raw, size_t n, char id[64], char tier[16]);
/* Provider, SKU and GPU count of an instance type ("p5.48xlarge" -> aws, h100-sxm, 8). */
int price_instance(const char *raw, size_t n, char provider[64], char sku[32], int *gpus);
/* Frees the in-memory tables (tests and fuzzers; safe to call twice). */
void price_ref_close(void);

/* Term of a column header or label: on_demand, spot, reserved_1m ... reserved_3y; 0 if none. */
int price_term(const char *s, size_t n, char term[24]);

/* One quote as a document gives it. Strings may be NULL when absent. */
struct quote {
	const char *provider, *tier;
	const char *sku_raw;		/* the document's GPU name (or instance type) */
	const char *sku;		/* canonical if known; NULL: looked up from sku_raw */
	const char *term, *region, *instance;
	const char *currency;		/* ISO 4217; NULL means USD */
	double price;			/* in currency */
	int per_gpu;			/* price is per GPU-hour (else per instance-hour) */
	int gpus;			/* GPUs in the instance; 0 unknown */
	double usd_rate;		/* USD per unit of currency, stated with a date; 0 none */
	const char *rate_date;		/* the date of usd_rate */
	const char *observed_at;	/* ISO 8601 */
	const char *raw;		/* the row as the document has it, for a reject */
	size_t rawlen;
};

/*
 * Emits q as a gpu_price record at loc, or a reject when it cannot be
 * normalised (a per-instance price with no GPU count; a price not in USD
 * without a dated rate; a price that is not positive). An unknown SKU is
 * kept as sku "unknown:<normalised raw name>". Returns 0 (record), 1 (reject).
 */
int price_emit(struct gw_parse *p, const struct quote *q, const char *loc);

/* Normalises an ISO 8601 timestamp: with a zone it becomes UTC
 * "YYYY-MM-DDTHH:MM:SSZ" (fraction dropped); without, it is kept as given
 * (date or date-time, fraction dropped). Returns 0 or -1 if not a timestamp. */
int price_time(const char *s, size_t n, char out[32]);

#endif
