/*
 * sec-submissions: SEC EDGAR JSON from data.sec.gov
 * (submissions/CIK##########.json), read through SQLite's JSON functions:
 * filings.recent, parallel arrays, one `filing` record per index, as_of =
 * the filing date. The form is kept as filed (10-K/A is an amendment:
 * v_filings says so).
 */
#include <stdio.h>
#include <string.h>

#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"
#include "sec_json.h"

#include "lib/banned.h"

static int detect_subs(const struct gw_doc *doc)
{
	size_t n = doc->len < 4096 ? doc->len : 4096;

	if (!doc_starts_with(doc, "{"))
		return 0;
	if (mem_find(doc->data, n, "\"cik\"") && mem_find(doc->data, n, "\"entityType\"") &&
	    (mem_find(doc->data, n, "\"fiscalYearEnd\"") || mem_find(doc->data, n, "\"sicDescription\"")))
		return 90;
	/* a paged file of older filings: the parallel arrays at the top */
	if (mem_find(doc->data, n, "\"accessionNumber\"") && mem_find(doc->data, n, "\"filingDate\"") &&
	    mem_find(doc->data, n, "\"primaryDocument\""))
		return 60;
	return 0;
}

static int parse_subs(struct gw_parse *p)
{
	static const char *cols[] = { "accessionNumber", "filingDate", "reportDate", "form", "primaryDocument" };
	sqlite3_stmt *hd = NULL, *st = NULL;
	char d1[11], d2[11], fye[8] = "", company[512] = "";
	long long cik = 0, len0 = -1;
	long n = 0;
	int rc, i;

	if (!jsonq_valid(p->doc->data, p->doc->len)) {
		pfatal(p, "looks like SEC submissions JSON but is not valid JSON (truncated?)");
		return -1;
	}
	hd = jsonq_prepare("SELECT json_extract(?1, '$.cik'), json_extract(?1, '$.name'),"
			   " json_extract(?1, '$.fiscalYearEnd'), json_type(?1, '$.filings.recent'),"
			   " json_type(?1, '$.accessionNumber'),"
			   " json_array_length(?1, '$.filings.recent.accessionNumber'),"
			   " json_array_length(?1, '$.filings.recent.filingDate'),"
			   " json_array_length(?1, '$.filings.recent.reportDate'),"
			   " json_array_length(?1, '$.filings.recent.form'),"
			   " json_array_length(?1, '$.filings.recent.primaryDocument')");
	if (!hd || jsonq_bind(hd, 1, p->doc->data, p->doc->len) != SQLITE_OK || sqlite3_step(hd) != SQLITE_ROW) {
		pfatal(p, "cannot read the JSON: %s", jsonq_errmsg());
		goto out;
	}
	if (!jsonq_text(hd, 3, NULL) && jsonq_text(hd, 4, NULL)) {
		pfatal(p, "an EDGAR submissions page of older filings: it does not name the company (no cik),"
		     " so its filings cannot be recorded; read the company's main CIK##########.json");
		goto out;
	}
	cik = sec_json_cik(jsonq_text(hd, 0, NULL));
	snprintf(company, sizeof(company), "%s", jsonq_text(hd, 1, NULL) ? jsonq_text(hd, 1, NULL) : "");
	if (jsonq_text(hd, 2, NULL) && strlen(jsonq_text(hd, 2, NULL)) == 4)
		snprintf(fye, sizeof(fye), "%s", jsonq_text(hd, 2, NULL));
	if (!cik || !jsonq_text(hd, 3, NULL) || strcmp(jsonq_text(hd, 3, NULL), "object")) {
		pfatal(p, "looks like SEC submissions JSON but has no numeric $.cik or no $.filings.recent object");
		goto out;
	}
	for (i = 0; i < 5; i++) {
		long long l = sqlite3_column_type(hd, 5 + i) == SQLITE_NULL ? -1 : sqlite3_column_int64(hd, 5 + i);
		if (l < 0 && i != 2) {	/* reportDate may be absent */
			pfatal(p, "$.filings.recent.%s is missing or not an array", cols[i]);
			goto out;
		}
		if (i == 0)
			len0 = l;
		else if (l >= 0 && l != len0) {
			pfatal(p, "$.filings.recent: %s has %lld entries but accessionNumber has %lld", cols[i], l, len0);
			goto out;
		}
	}
	st = jsonq_prepare("WITH r(j) AS (SELECT json_extract(?1, '$.filings.recent'))"
			   " SELECT a.key, a.value, json_extract(r.j, '$.filingDate[' || a.key || ']'),"
			   " json_extract(r.j, '$.reportDate[' || a.key || ']'),"
			   " json_extract(r.j, '$.form[' || a.key || ']'),"
			   " json_extract(r.j, '$.primaryDocument[' || a.key || ']')"
			   " FROM r, json_each(r.j, '$.accessionNumber') AS a");
	if (!st || jsonq_bind(st, 1, p->doc->data, p->doc->len) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long k = sqlite3_column_int64(st, 0);
		const char *acc = jsonq_text(st, 1, NULL), *form = jsonq_text(st, 4, NULL);
		const char *filed = sec_json_date(jsonq_text(st, 2, NULL), d1);
		const char *rep = sec_json_date(jsonq_text(st, 3, NULL), d2);

		if (!acc || !*acc || !form || !*form || !filed) {
			char raw[256];
			snprintf(raw, sizeof(raw), "%s %s %s", acc ? acc : "", form ? form : "",
				 jsonq_text(st, 2, NULL) ? jsonq_text(st, 2, NULL) : "");
			rec_reject(p, raw, strlen(raw), "filing without an accession number, form or filing date",
				   "$.filings.recent[%lld]", k);
			continue;
		}
		rec_begin(p, "filing");
		rec_int(p, "cik", cik);
		rec_str(p, "company", company);
		rec_str(p, "form", form);
		rec_str(p, "accession", acc);
		rec_str(p, "filed", filed);
		rec_str(p, "report_date", rep);
		rec_str(p, "primary_doc", jsonq_text(st, 5, NULL));
		rec_str(p, "fiscal_year_end", fye);
		rec_set_as_of(p, filed);
		if (rec_end(p, "$.filings.recent.accessionNumber[%lld]", k) == 0)
			n++;
	}
	if (rc != SQLITE_DONE)
		pfatal(p, "reading the filings: %s", jsonq_errmsg());
	else if (!n)
		pwarn(p, "no filings listed");
out:
	if (hd)
		sqlite3_finalize(hd);
	if (st)
		sqlite3_finalize(st);
	return p->nerr ? -1 : 0;
}

const struct parser parser_sec_submissions = {
	"sec-submissions",
	"SEC EDGAR submissions JSON (filings.recent): the company's filings",
	detect_subs,
	parse_subs,
};
