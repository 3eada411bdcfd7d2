/*
 * Dates and quarters.
 *
 * Dates are civil dates in the proleptic Gregorian calendar, handled as a day
 * number (days since 1970-01-01) and written as ISO 8601 "YYYY-MM-DD".
 * Quarters are written "2025Q3" and handled as an index year*4 + (q-1).
 * Every parse function reads exactly n bytes (no NUL needed) and returns 0,
 * or -1 when the text is not one of the accepted forms.
 */
#ifndef GW_DATES_H
#define GW_DATES_H

#include <stddef.h>

long days_from_civil(int y, int m, int d);
void civil_from_days(long z, int *y, int *m, int *d);
/* 1 if y-m-d is a real date. */
int date_valid(int y, int m, int d);

/*
 * Accepts "2025-03-31" (with any time part after it), "2025/03/31",
 * "3/31/2025", "3/31/25" (years 00-69 -> 20xx), "31-Mar-2025",
 * "Mar 31, 2025", "March 31 2025", "20250331". Writes "YYYY-MM-DD".
 */
int date_parse(const char *s, size_t n, char out[11]);
/*
 * The date a document's name gives it: the first YYYY-MM-DD or YYYY-MM (its
 * first day) with '-' or '_' between the parts, year 1990-2099, e.g.
 * "data_centers_2026-08.csv" -> 2026-08-01. 0, or -1 when the name has none.
 */
int date_in_name(const char *name, char out[11]);
/* Excel 1900-system serial (with a fraction for the time of day) to a date;
 * -1 outside 1..2958465 (year 9999). */
int date_from_excel(double serial, char out[11]);
/* Day number of an ISO date "YYYY-MM-DD"; -1 (and *ok = 0) if it is not one. */
long date_days(const char *iso, int *ok);
void date_fmt(long days, char out[11]);

/* Quarter of an ISO date, e.g. "2025Q3". */
int quarter_of_date(const char *iso, char out[8]);
/* Accepts "2025Q3", "2025-Q3", "Q3 2025", "Q3-2025", "2025 Q3". */
int quarter_parse(const char *s, size_t n, int *idx);
void quarter_fmt(int idx, char out[8]);
/* First and last day of a quarter index. */
void quarter_bounds(int idx, char first[11], char last[11]);

/* Whole months between two ISO dates taken as an inclusive period
 * (2025-01-01..2025-03-31 is 3); -1 on a bad date. */
int period_months(const char *start, const char *end);

#endif
