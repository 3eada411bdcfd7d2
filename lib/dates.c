#include "dates.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/banned.h"

/* Howard Hinnant's days_from_civil / civil_from_days */
long days_from_civil(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* y-m-d as "YYYY-MM-DD", for 0 <= y <= 9999 */
static void put_ymd(int y, int m, int d, char out[11])
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10 % 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

void date_fmt(long days, char out[11])
{
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	put_ymd(y, m, d, out);
}

static int emit(int y, int m, int d, char out[11])
{
	if (!date_valid(y, m, d))
		return -1;
	put_ymd(y, m, d, out);
	return 0;
}

/* reads 1..max digits at *p; returns the value or -1 */
static int digits(const char **p, const char *end, int min, int max)
{
	int v = 0, k = 0;

	while (*p < end && k < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k >= min ? v : -1;
}

static int month_name(const char **p, const char *end)
{
	static const char *names[] = { "jan", "feb", "mar", "apr", "may", "jun",
				       "jul", "aug", "sep", "oct", "nov", "dec" };
	static const char *full[] = { "january", "february", "march", "april", "may", "june",
				      "july", "august", "september", "october", "november", "december" };
	const char *s = *p;
	size_t n = 0;
	int i;

	while (s + n < end && isalpha((unsigned char)s[n]))
		n++;
	for (i = 0; i < 12; i++) {
		if ((n == 3 && !strncasecmp(s, names[i], 3)) ||
		    (n == strlen(full[i]) && !strncasecmp(s, full[i], n)) ||
		    (n == 4 && i == 8 && !strncasecmp(s, "sept", 4))) {
			*p = s + n;
			return i + 1;
		}
	}
	return -1;
}

int date_parse(const char *s, size_t n, char out[11])
{
	const char *p, *end = s + n;
	int y, m, d;

	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	p = s;
	if (p == end)
		return -1;
	if (isdigit((unsigned char)*p)) {
		const char *q = p;
		int a = digits(&q, end, 1, 8);
		if (q - p == 8 && q == end)	/* 20250331 */
			return emit(a / 10000, a / 100 % 100, a % 100, out);
		if (q - p == 4 && q < end && (*q == '-' || *q == '/')) {
			char sepc = *q++;
			y = a;
			if ((m = digits(&q, end, 1, 2)) < 0 || q >= end || *q != sepc)
				return -1;
			q++;
			if ((d = digits(&q, end, 1, 2)) < 0)
				return -1;
			/* a time part may follow: T12:00:00Z, " 00:00:00" */
			if (q < end && *q != 'T' && *q != ' ')
				return -1;
			return emit(y, m, d, out);
		}
		if (q - p <= 2 && q < end && *q == '/') {	/* M/D/YYYY */
			q++;
			m = a;
			if ((d = digits(&q, end, 1, 2)) < 0 || q >= end || *q != '/')
				return -1;
			q++;
			p = q;
			if ((y = digits(&q, end, 2, 4)) < 0 || (q - p != 2 && q - p != 4))
				return -1;
			if (q - p == 2)
				y += y < 70 ? 2000 : 1900;
			if (q < end && *q != ' ')
				return -1;
			return emit(y, m, d, out);
		}
		if (q - p <= 2 && q < end && (*q == '-' || *q == ' ')) {	/* 31-Mar-2025 */
			d = a;
			q++;
			if ((m = month_name(&q, end)) < 0 || q >= end || (*q != '-' && *q != ' '))
				return -1;
			q++;
			p = q;
			if ((y = digits(&q, end, 2, 4)) < 0 || q != end)
				return -1;
			if (q - p == 2)
				y += y < 70 ? 2000 : 1900;
			return emit(y, m, d, out);
		}
		return -1;
	}
	if ((m = month_name(&p, end)) > 0) {	/* Mar 31, 2025 */
		if (p < end && *p == '.')
			p++;
		while (p < end && *p == ' ')
			p++;
		if ((d = digits(&p, end, 1, 2)) < 0)
			return -1;
		if (p < end && *p == ',')
			p++;
		while (p < end && *p == ' ')
			p++;
		if ((y = digits(&p, end, 4, 4)) < 0 || p != end)
			return -1;
		return emit(y, m, d, out);
	}
	return -1;
}

int date_from_excel(double serial, char out[11])
{
	long days;

	if (!(serial >= 1 && serial < 2958466))
		return -1;
	days = (long)floor(serial);
	/* Excel counts a 1900-02-29 that never was: serials from 61 on are one ahead */
	if (days < 61)
		days += 1;
	date_fmt(days_from_civil(1899, 12, 30) + days, out);
	return 0;
}

long date_days(const char *iso, int *ok)
{
	int y, m, d;

	if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-' ||
	    sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || !date_valid(y, m, d)) {
		if (ok)
			*ok = 0;
		return -1;
	}
	if (ok)
		*ok = 1;
	return days_from_civil(y, m, d);
}

int quarter_of_date(const char *iso, char out[8])
{
	int ok, y, m, d;
	long z = date_days(iso, &ok);

	if (!ok)
		return -1;
	civil_from_days(z, &y, &m, &d);
	quarter_fmt(y * 4 + (m - 1) / 3, out);
	return 0;
}

int quarter_parse(const char *s, size_t n, int *idx)
{
	const char *p = s, *end = s + n;
	int y = -1, q = -1;

	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (p < end && (*p == 'Q' || *p == 'q')) {
		p++;
		q = digits(&p, end, 1, 1);
		if (p < end && (*p == ' ' || *p == '-'))
			p++;
		y = digits(&p, end, 4, 4);
	} else {
		y = digits(&p, end, 4, 4);
		if (p < end && (*p == ' ' || *p == '-'))
			p++;
		if (p < end && (*p == 'Q' || *p == 'q'))
			p++;
		else
			return -1;
		q = digits(&p, end, 1, 1);
	}
	if (p != end || y < 1 || q < 1 || q > 4)
		return -1;
	*idx = y * 4 + q - 1;
	return 0;
}

void quarter_fmt(int idx, char out[8])
{
	int y = idx / 4 % 10000;

	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = 'Q';
	out[5] = (char)('1' + idx % 4);
	out[6] = '\0';
}

void quarter_bounds(int idx, char first[11], char last[11])
{
	int y = idx / 4, q = idx % 4;
	long a = days_from_civil(y, q * 3 + 1, 1);
	long b = q == 3 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, q * 3 + 4, 1);

	date_fmt(a, first);
	date_fmt(b - 1, last);
}

int period_months(const char *start, const char *end)
{
	int ok1, ok2;
	long a = date_days(start, &ok1), b = date_days(end, &ok2);

	if (!ok1 || !ok2 || b < a)
		return -1;
	return (int)lround((double)(b - a + 1) / 30.4375);
}

int date_in_name(const char *name, char out[11])
{
	const char *p;

	for (p = name; p && *p; p++) {
		char t[11];
		if (!(p[0] == '1' || p[0] == '2') || !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) ||
		    !isdigit((unsigned char)p[3]) || (p[4] != '-' && p[4] != '_') || (p > name && isdigit((unsigned char)p[-1])))
			continue;
		if (!isdigit((unsigned char)p[5]) || !isdigit((unsigned char)p[6]) || isdigit((unsigned char)p[7]))
			continue;
		snprintf(t, sizeof(t), "%.4s-%.2s-01", p, p + 5);
		if ((p[7] == '-' || p[7] == '_') && isdigit((unsigned char)p[8]) && isdigit((unsigned char)p[9]) &&
		    !isdigit((unsigned char)p[10]))
			snprintf(t, sizeof(t), "%.4s-%.2s-%.2s", p, p + 5, p + 8);
		if (strncmp(t, "1990", 4) < 0 || strncmp(t, "2099", 4) > 0 || date_parse(t, 10, out))
			continue;
		return 0;
	}
	return -1;
}
