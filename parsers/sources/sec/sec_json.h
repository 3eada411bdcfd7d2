/*
 * SEC EDGAR JSON from data.sec.gov, read through SQLite's JSON functions
 * (parsers/formats/jsonq.h): what its parsers, sec_companyfacts.c and
 * sec_submissions.c, share.
 */
#ifndef GW_SEC_JSON_H
#define GW_SEC_JSON_H

/*
 * out, holding as "YYYY-MM-DD" the date that s (10 characters, such as
 * "2025-01-30") gives (date_parse), or NULL if s is NULL or no such date.
 */
const char *sec_json_date(const char *s, char out[11]);
/*
 * The CIK that s gives (a decimal number, as strtoll reads it), or 0 if s
 * is NULL, empty, has more after the number or is not positive.
 */
long long sec_json_cik(const char *s);

#endif
