/*
 * sec-companyfacts: SEC EDGAR JSON from data.sec.gov
 * (api/xbrl/companyfacts/CIK##########.json), read through SQLite's JSON
 * functions: every fact of a listed capex concept, one `capex` record per
 * (fact, filing): the same period appears once per filing that reported it,
 * each with its own accession and filed date, and as_of = filed, so the
 * store keeps them all as the history of that period and the latest filed
 * is current. fy and fp are the filing's fiscal year and period, as the API
 * gives them.
 *
 * A val is a reject, with its JSON path, when it is not finite (1e999 reads
 * as infinity) or an integer beyond 2^53 that the double `usd` would round
 * (9007199254740993 would become ...992): never a record with a missing or
 * silently changed value.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"
#include "sec_json.h"
#include "xbrl.h"

#include "lib/banned.h"

/*
 * Why val (column col of st, of JSON type vt "integer" or "real") cannot be
 * a `usd` number as it is, or NULL. SQLite reads an integer past 64 bits as
 * a real, and a real past the double range as infinity.
 */
static const char *val_problem(sqlite3_stmt *st, int col, const char *vt, char *why, size_t n)
{
	double d = sqlite3_column_double(st, col);
	long long i;

	if (!isfinite(d)) {
		snprintf(why, n, "val is not a finite number (beyond the range of a double)");
		return why;
	}
	if (strcmp(vt, "integer"))
		return NULL;
	if (sqlite3_column_type(st, col) != SQLITE_INTEGER) {
		snprintf(why, n, "val %.17g is an integer beyond 64 bits: it cannot be kept exactly", d);
		return why;
	}
	i = sqlite3_column_int64(st, col);
	if (d >= 9223372036854775808.0 || (long long)d != i) {
		snprintf(why, n, "val %lld is an integer beyond 2^53: as a number it would become %.17g",
			 i, d);
		return why;
	}
	return NULL;
}

static int detect_facts(const struct gw_doc *doc)
{
	size_t n = doc->len < 4096 ? doc->len : 4096;

	if (!doc_starts_with(doc, "{"))
		return 0;
	if (mem_find(doc->data, n, "\"facts\"") && mem_find(doc->data, n, "\"entityName\"") &&
	    mem_find(doc->data, n, "\"cik\""))
		return 90;
	return 0;
}

static int parse_facts(struct gw_parse *p)
{
	static const char *sql =
		"SELECT t.key, c.key, u.key, f.key, json_extract(f.value, '$.start'),"
		" json_extract(f.value, '$.end'), json_extract(f.value, '$.val'),"
		" json_type(f.value, '$.val'), json_extract(f.value, '$.accn'),"
		" json_extract(f.value, '$.fy'), json_extract(f.value, '$.fp'),"
		" json_extract(f.value, '$.form'), json_extract(f.value, '$.filed'), f.value"
		" FROM json_each(?1, '$.facts') AS t, json_each(t.value) AS c,"
		" json_each(c.value, '$.units') AS u, json_each(u.value) AS f"
		" WHERE t.type = 'object' AND c.type = 'object' AND u.type = 'array'"
		"   AND t.key || ':' || c.key IN (SELECT value FROM json_each(?2))";
	sqlite3_stmt *hd = NULL, *st = NULL;
	const struct capex_conf *cf;
	struct buf list = BUF_INIT(BUF_LIST_MAX);
	struct buf err = BUF_INIT(1024);
	char d1[11], d2[11], d3[11], why[256];
	long long cik = 0;
	const char *name = NULL;
	char company[512] = "";
	size_t i;
	long n = 0;
	int rc;

	if (!jsonq_valid(p->doc->data, p->doc->len)) {
		pfatal(p, "looks like SEC companyfacts JSON but is not valid JSON (truncated?)");
		return -1;
	}
	cf = capex_conf_get(&err);
	if (!cf)
		pfatal(p, "%s", buf_str(&err));
	buf_release(&err);
	if (!cf)
		return -1;
	hd = jsonq_prepare("SELECT json_extract(?1, '$.cik'), json_extract(?1, '$.entityName'),"
			   " json_type(?1, '$.facts')");
	if (!hd || jsonq_bind(hd, 1, p->doc->data, p->doc->len) != SQLITE_OK || sqlite3_step(hd) != SQLITE_ROW) {
		pfatal(p, "cannot read the JSON: %s", jsonq_errmsg());
		goto out;
	}
	cik = sec_json_cik(jsonq_text(hd, 0, NULL));
	name = jsonq_text(hd, 1, NULL);
	snprintf(company, sizeof(company), "%s", name ? name : "");
	if (!cik || !jsonq_text(hd, 2, NULL) || strcmp(jsonq_text(hd, 2, NULL), "object")) {
		pfatal(p, "looks like SEC companyfacts JSON but has no numeric $.cik or no $.facts object");
		goto out;
	}
	buf_addc(&list, '[');
	for (i = 0; i < cf->n; i++)
		buf_printf(&list, "%s\"%s\"", i ? "," : "", cf->c[i].concept);	/* concepts are [A-Za-z0-9:_.-] */
	buf_addc(&list, ']');
	if (buf_error(&list)) {
		pfatal(p, "the list of capex concepts is %s", buf_strerror(&list));
		goto out;
	}
	if (!(st = jsonq_prepare(sql)) || jsonq_bind(st, 1, p->doc->data, p->doc->len) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, list.data, (int)list.len, SQLITE_STATIC) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tax = jsonq_text(st, 0, NULL), *con = jsonq_text(st, 1, NULL);
		const char *unit = jsonq_text(st, 2, NULL), *vt = jsonq_text(st, 7, NULL);
		const char *start = sec_json_date(jsonq_text(st, 4, NULL), d1), *end = sec_json_date(jsonq_text(st, 5, NULL), d2);
		const char *filed = sec_json_date(jsonq_text(st, 12, NULL), d3), *raw;
		long long idx = sqlite3_column_int64(st, 3);
		size_t rawlen;
		char loc[512], concept[300];

		snprintf(loc, sizeof(loc), "$.facts.\"%s\".\"%s\".units.\"%s\"[%lld]", tax, con, unit, idx);
		snprintf(concept, sizeof(concept), "%s:%s", tax, con);
		raw = jsonq_text(st, 13, &rawlen);
		why[0] = '\0';
		if (strcmp(unit, "USD"))
			snprintf(why, sizeof(why), "unit '%.40s' is not USD", unit);
		else if (!start || !end)
			snprintf(why, sizeof(why), "the fact has no start and end date (a cash-flow fact is a period)");
		else if (!vt || (strcmp(vt, "integer") && strcmp(vt, "real")))
			snprintf(why, sizeof(why), "val is not a number");
		else
			val_problem(st, 6, vt, why, sizeof(why));
		if (why[0]) {
			rec_reject(p, raw, rawlen, why, "%s", loc);
			continue;
		}
		rec_begin(p, "capex");
		rec_int(p, "cik", cik);
		rec_str(p, "company", company);
		rec_str(p, "concept", concept);
		rec_str(p, "period_start", start);
		rec_str(p, "period_end", end);
		rec_num(p, "usd", sqlite3_column_double(st, 6));
		rec_str(p, "form", jsonq_text(st, 11, NULL));
		rec_str(p, "accession", jsonq_text(st, 8, NULL));
		rec_str(p, "filed", filed);
		if (sqlite3_column_type(st, 9) == SQLITE_INTEGER)
			rec_int(p, "fy", sqlite3_column_int64(st, 9));
		rec_str(p, "fp", jsonq_text(st, 10, NULL));
		if (filed)
			rec_set_as_of(p, filed);
		if (rec_end(p, "%s", loc) == 0)
			n++;
	}
	if (rc != SQLITE_DONE)
		pfatal(p, "reading the facts: %s", jsonq_errmsg());
	else if (!n)
		pwarn(p, "no fact of a listed capex concept (GW_CAPEX_CONCEPTS lists them); nothing to record");
out:
	if (hd)
		sqlite3_finalize(hd);
	if (st)
		sqlite3_finalize(st);
	buf_release(&list);
	return p->nerr ? -1 : 0;
}

const struct parser parser_sec_companyfacts = {
	"sec-companyfacts",
	"SEC EDGAR companyfacts JSON (api/xbrl/companyfacts): capex facts of every filing",
	detect_facts,
	parse_facts,
};
