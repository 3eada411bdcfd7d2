/* Unit tests of lib/: buffer cap, JSON escaping, sha256, dates, quarters, units, numbers. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/dates.h"
#include "lib/json.h"
#include "lib/sha256.h"
#include "lib/units.h"
#include "tap.h"

#include "lib/banned.h"

#define JSON_TEST_MAX 1024	/* the JSON writer's test object */

static int quoted_is(const char *in, size_t n, const char *want)
{
	struct buf b = BUF_INIT(BUF_LIST_MAX);
	int r;

	json_quote(&b, in, n);
	r = !strcmp(buf_str(&b), want);
	if (!r)
		printf("# got %s want %s\n", buf_str(&b), want);
	buf_release(&b);
	return r;
}

static void test_buf(void)
{
	struct buf b = BUF_INIT(8);

	ok(buf_adds(&b, "12345678") == 0 && b.len == 8, "buf holds exactly its cap");
	ok(buf_addc(&b, 'x') == -1 && errno == E2BIG && b.len == 8, "buf refuses past its cap, unchanged");
	ok(!strcmp(buf_str(&b), "12345678"), "buf content NUL-terminated");
	buf_reset(&b);
	ok(b.len == 0 && !strcmp(buf_str(&b), ""), "buf_reset empties");
	ok(buf_printf(&b, "%d-%s", 42, "ab") == 0 && !strcmp(b.data, "42-ab"), "buf_printf");
	ok(buf_printf(&b, "%s", "toolong") == -1 && !strcmp(b.data, "42-ab"), "buf_printf over the cap fails, unchanged");
	buf_release(&b);
}

/* data is never NULL: "" (the shared, read-only buf_empty) until the first add and after release */
static void test_buf_never_null(void)
{
	struct buf b = BUF_INIT(8), c;
	char *p;

	ok(b.data == buf_empty && !strcmp(b.data, "") && b.len == 0, "BUF_INIT: data is buf_empty, not NULL");
	buf_init(&c, 8);
	ok(c.data == buf_empty, "buf_init: data is buf_empty");
	buf_reset(&c);
	buf_setlen(&c, 0);
	buf_rtrim(&c);
	ok(c.data == buf_empty && !buf_empty[0], "reset, setlen and rtrim of an empty buffer write nothing");
	p = buf_detach(&c, NULL);
	ok(p && p != buf_empty && !*p && c.data == buf_empty, "detach of an empty buffer: a fresh \"\"");
	free(p);
	ok(buf_add(&b, "", 0) == 0 && b.data != buf_empty && !strcmp(b.data, ""), "an empty add gives memory");
	ok(buf_adds(&b, "ab") == 0 && !strcmp(b.data, "ab"), "adds");
	buf_setlen(&b, 1);
	ok(b.len == 1 && !strcmp(b.data, "a"), "buf_setlen cuts and terminates");
	buf_release(&b);
	ok(b.data == buf_empty && b.len == 0 && b.cap == 0 && !strcmp(buf_str(&b), ""),
	   "buf_release: data back to buf_empty");
	ok(buf_adds(&b, "again") == 0 && !strcmp(b.data, "again"), "a released buffer is reused");
	p = buf_detach(&b, NULL);
	ok(!strcmp(p, "again") && b.data == buf_empty && b.len == 0, "detach hands the memory over");
	free(p);
}

/* The error rule: the first failed add is sticky, later adds are no-ops; checked once where used */
static void test_buf_sticky(void)
{
	struct buf b = BUF_INIT(8), q = BUF_INIT(64), part = BUF_INIT(4);
	char tmpl[] = "/tmp/gw-unit-buf.XXXXXX";
	int fd;

	ok(buf_adds(&b, "12345") == 0 && !buf_error(&b) && !strcmp(buf_strerror(&b), ""), "no error after adds that fit");
	ok(buf_adds(&b, "6789") == -1 && errno == E2BIG && buf_error(&b) == E2BIG, "an add past the cap fails: E2BIG");
	ok(!strcmp(b.data, "12345") && b.len == 5, "the failed add leaves the content as it was");
	ok(buf_addc(&b, 'x') == -1 && errno == E2BIG && !strcmp(b.data, "12345"),
	   "a later add that would fit fails too: no hole in the text");
	ok(buf_printf(&b, "%d", 1) == -1 && buf_grow(&b, 1) == -1 && b.len == 5, "printf and grow are no-ops too");
	ok(!strcmp(buf_strerror(&b), "too long"), "buf_strerror: too long");
	buf_rtrim(&b);
	buf_setlen(&b, 4);
	ok(buf_error(&b) == E2BIG, "setlen and rtrim keep the error");
	ok(!strcmp(buf_msg(&b), "1...") && b.len == 4, "buf_msg marks the cut in place: %s", b.data);
	ok(!strcmp(buf_msg(&b), "1..."), "buf_msg again: the same");
	buf_reset(&b);
	ok(!buf_error(&b) && buf_adds(&b, "abc") == 0 && !strcmp(buf_msg(&b), "abc"),
	   "buf_reset clears the error; buf_msg of a whole text is the text");
	buf_release(&b);
	ok(!buf_error(&b), "buf_release clears it");

	/* a message whose first add failed: "..." alone */
	ok(buf_adds(&b, "123456789") == -1 && !strcmp(buf_msg(&b), "..."), "buf_msg with nothing kept: ...");
	buf_release(&b);
	/* the cut is moved back to a UTF-8 boundary */
	ok(buf_adds(&b, "a\xc3\xa9xy") == 0 && buf_adds(&b, "1234") == -1 && !strcmp(buf_msg(&b), "a..."),
	   "buf_msg cuts at a character");
	buf_release(&b);

	/* buf_part: a part's error is the whole's */
	buf_adds(&part, "toolong");
	ok(buf_error(&part) && buf_printf(&q, "x %s y", buf_part(&q, &part)) == -1 && buf_error(&q) == E2BIG &&
	   q.len == 0, "buf_part: a statement with a cut part fails");
	buf_reset(&part);
	buf_adds(&part, "ok");
	buf_reset(&q);
	ok(buf_printf(&q, "x %s y", buf_part(&q, &part)) == 0 && !strcmp(q.data, "x ok y"), "buf_part of a whole part");
	buf_release(&q);
	buf_release(&part);

	/* buf_detach gives the text and a buffer that starts over */
	buf_adds(&b, "123456789");
	{
		char *p = buf_detach(&b, NULL);
		ok(p && !*p && !buf_error(&b) && buf_adds(&b, "fresh") == 0, "detach clears the error");
		free(p);
	}
	buf_release(&b);

	/* buf_read_file: a file past the cap is E2BIG, sticky; one that fits is read whole */
	fd = mkstemp(tmpl);
	if (fd >= 0) {
		struct buf f = BUF_INIT(8);
		ok(write(fd, "123456789", 9) == 9, "a file of 9 bytes");
		close(fd);
		ok(buf_read_file(&f, tmpl) == -1 && errno == E2BIG && buf_error(&f) == E2BIG && f.len == 8,
		   "read_file past the cap: E2BIG, sticky");
		buf_release(&f);
		buf_init(&f, 9);
		ok(buf_read_file(&f, tmpl) == 0 && !buf_error(&f) && !strcmp(f.data, "123456789"),
		   "read_file of a file that fits its cap exactly");
		buf_release(&f);
		buf_init(&f, 0);
		ok(buf_read_file(&f, tmpl) == -1 && errno == E2BIG, "read_file with a cap of 0");
		buf_release(&f);
		unlink(tmpl);
	}
}

static void test_json(void)
{
	struct buf b = BUF_INIT(JSON_TEST_MAX);
	struct jw w;

	ok(quoted_is("plain", 5, "\"plain\""), "plain string");
	ok(quoted_is("a\"b\\c", 5, "\"a\\\"b\\\\c\""), "quote and backslash escaped");
	ok(quoted_is("\n\r\t\x01\x1f", 5, "\"\\n\\r\\t\\u0001\\u001f\""), "control characters escaped");
	ok(quoted_is("a\0b", 3, "\"a\\u0000b\""), "NUL byte escaped, string not cut");
	ok(quoted_is("caf\xc3\xa9", 5, "\"caf\xc3\xa9\""), "valid UTF-8 kept");
	ok(quoted_is("\xe5\x8f\xb0\xe7\xa9\x8d", 6, "\"\xe5\x8f\xb0\xe7\xa9\x8d\""), "CJK kept");
	ok(quoted_is("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\""), "4-byte sequence kept");
	ok(quoted_is("caf\xe9", 4, "\"caf\\ufffd\""), "Latin-1 byte replaced");
	ok(quoted_is("\xc0\xaf", 2, "\"\\ufffd\\ufffd\""), "overlong encoding replaced");
	ok(quoted_is("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""), "UTF-16 surrogate replaced");
	ok(quoted_is("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""), "past U+10FFFF replaced");
	ok(quoted_is("\xe2\x82", 2, "\"\\ufffd\\ufffd\""), "truncated sequence replaced");
	ok(quoted_is("\xff\xfe", 2, "\"\\ufffd\\ufffd\""), "invalid bytes replaced");

	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_key(&w, "a");
	jw_num(&w, 79.900000000000006);
	jw_key(&w, "b");
	jw_num(&w, NAN);
	jw_key(&w, "c");
	jw_arr_open(&w);
	jw_int(&w, -3);
	jw_num(&w, 1e21);
	jw_num(&w, 0.1);
	jw_arr_close(&w);
	jw_key(&w, "d");
	jw_strz(&w, NULL);
	jw_obj_close(&w);
	ok(!w.err && !strcmp(buf_str(&b), "{\"a\":79.9,\"b\":null,\"c\":[-3,1e+21,0.1],\"d\":null}"),
	   "writer: shortest numbers, NaN as null, nesting: %s", buf_str(&b));
	buf_release(&b);
	{
		static const struct { double v; const char *want; } nums[] = {
			{ 720, "720" }, { 150, "150" }, { 1234.5, "1234.5" }, { -3, "-3" },
			{ 0.1, "0.1" }, { 12.29, "12.29" }, { 1.979e15, "1.979e+15" },
			{ 1e-7, "1e-07" }, { 52535000000.0, "52535000000" }, { 79.900000000000006, "79.9" },
		};
		size_t i;
		char out[32];
		for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
			json_fmt_num(out, nums[i].v);
			ok(!strcmp(out, nums[i].want), "number %s written as %s", nums[i].want, out);
		}
	}
}

/* json_fmt_num as it was, a loop of printf and strtod: its shortcuts must give the same text */
static void fmt_num_loop(char out[32], double v)
{
	char tmp[64];
	int prec;

	if (v == 0) {
		memcpy(out, "0", 2);
		return;
	}
	if (fabs(v) >= 1e-5 && fabs(v) < 1e15) {
		for (prec = 0; prec <= 17; prec++) {
			snprintf(tmp, sizeof(tmp), "%.*f", prec, v);
			if (strtod(tmp, NULL) == v && strlen(tmp) < 32) {
				memcpy(out, tmp, strlen(tmp) + 1);
				return;
			}
		}
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(out, 32, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
}

/* Keys quoted ahead of time, and the writer's shortcuts, give the bytes of the plain way */
static void test_json_fast(void)
{
	static const struct jw_key k_mw = JW_KEY("mw"), k_as_of = JW_KEY("as_of");
	struct buf b = BUF_INIT(BUF_LIST_MAX);
	struct jw w;
	unsigned long long x = 88172645463325252ull;
	long i, bad = 0;
	char a[32], c[32], t[40];

	jw_init(&w, &b);
	jw_obj_open(&w);
	jw_keyq(&w, &k_mw);
	jw_num(&w, 720);
	jw_keyq(&w, &k_as_of);
	jw_str(&w, "2025-01-22", 10);
	jw_key(&w, "a \"key\"\n");
	jw_obj_open(&w);
	jw_keyq(&w, &k_mw);
	jw_num(&w, -0.5);
	jw_obj_close(&w);
	jw_key(&w, "plain_key_9");
	jw_str(&w, "tab\there", 8);
	jw_obj_close(&w);
	ok(!w.err && !strcmp(buf_str(&b), "{\"mw\":720,\"as_of\":\"2025-01-22\",\"a \\\"key\\\"\\n\":{\"mw\":-0.5},"
					    "\"plain_key_9\":\"tab\\there\"}"),
	   "precomputed keys, separators, a key that needs escaping: %s", buf_str(&b));
	buf_release(&b);
	for (i = 0; i < 60000; i++) {
		double v;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (i % 3 == 0) {
			memcpy(&v, &x, sizeof(v));	/* any double */
		} else {
			/* a decimal of 1 to 17 digits, as documents write them */
			snprintf(t, sizeof(t), "%.*f", (int)(x % 8), (double)(x >> 20 & 0xffffffffffull) /
				 (double)(1 + (x >> 8) % 100000) * ((x & 1) ? 1 : -1));
			v = strtod(t, NULL);
		}
		if (!isfinite(v))
			continue;
		json_fmt_num(a, v);
		fmt_num_loop(c, v);
		if (strcmp(a, c) && bad++ < 5)
			printf("# %.17g: %s, the loop gives %s\n", v, a, c);
	}
	ok(bad == 0, "json_fmt_num's shortcuts write what its printf loop wrote, on 60,000 numbers (%ld differ)", bad);
}

static void test_sha(void)
{
	char h[65];

	sha256_hex("", 0, h);
	ok(!strcmp(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "sha256 of empty");
	sha256_hex("abc", 3, h);
	ok(!strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "sha256 of abc");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, h);
	ok(!strcmp(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"), "sha256 of 56 bytes (two blocks)");
	ok(sha256_is_hex(h) && !sha256_is_hex("abc"), "sha256_is_hex");
	{
		/* FIPS 180-2 vector: a million 'a', fed in uneven pieces (partial
		 * blocks, whole runs of blocks: the accelerated path where the CPU has one) */
		static char a[1000000];
		static const size_t steps[] = { 1, 63, 64, 65, 4096, 1000000 };
		size_t i, off, k;
		struct sha256 c;

		memset(a, 'a', sizeof(a));
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			sha256_init(&c);
			for (off = 0; off < sizeof(a); off += k) {
				k = sizeof(a) - off < steps[i] ? sizeof(a) - off : steps[i];
				sha256_update(&c, a + off, k);
			}
			sha256_final_hex(&c, h);
			ok(!strcmp(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
			   "sha256 of a million 'a' in pieces of %zu", steps[i]);
		}
	}
}

static int date_is(const char *in, const char *want)
{
	char out[11] = "";
	int r = date_parse(in, strlen(in), out);

	if (!want)
		return r == -1;
	return r == 0 && !strcmp(out, want);
}

static void test_dates(void)
{
	char d[11], q[8], a[11], z[11];
	int qi;

	ok(date_is("2025-03-31", "2025-03-31"), "ISO date");
	ok(date_is("2025-03-31T12:00:00Z", "2025-03-31"), "ISO date-time");
	ok(date_is("3/31/2025", "2025-03-31"), "M/D/YYYY");
	ok(date_is("1/28/2018", "2018-01-28"), "M/D/YYYY one digit");
	ok(date_is("12/5/24", "2024-12-05"), "M/D/YY");
	ok(date_is("31-Mar-2025", "2025-03-31"), "D-Mon-YYYY");
	ok(date_is("March 31, 2025", "2025-03-31"), "Month D, YYYY");
	ok(date_is("Sept 3 2024", "2024-09-03"), "Sept");
	ok(date_is("20250331", "2025-03-31"), "YYYYMMDD");
	ok(date_is("2025-02-29", NULL), "not a leap year");
	ok(date_is("2024-02-29", "2024-02-29"), "leap day");
	ok(date_is("TBD", NULL) && date_is("", NULL) && date_is("13/1/2025", NULL), "not dates");
	ok(date_from_excel(45679, d) == 0 && !strcmp(d, "2025-01-22"), "Excel serial 45679 = 2025-01-22 (SPP)");
	ok(date_from_excel(45679.75, d) == 0 && !strcmp(d, "2025-01-22"), "Excel serial with a time");
	ok(date_from_excel(1, d) == 0 && !strcmp(d, "1900-01-01"), "Excel serial 1");
	ok(date_from_excel(61, d) == 0 && !strcmp(d, "1900-03-01"), "Excel serial 61 after the phantom leap day");
	ok(date_from_excel(-1, d) == -1 && date_from_excel(1e9, d) == -1, "Excel serial out of range");
	ok(quarter_of_date("2025-09-30", q) == 0 && !strcmp(q, "2025Q3"), "quarter of a date");
	ok(quarter_parse("Q4 2024", 7, &qi) == 0 && qi == 2024 * 4 + 3, "Q4 2024");
	ok(quarter_parse("2025-Q1", 7, &qi) == 0 && qi == 2025 * 4, "2025-Q1");
	ok(quarter_parse("2025Q5", 6, &qi) == -1, "no fifth quarter");
	{
		char nd[11];
		ok(date_in_name("data_centers_2026-08.csv", nd) == 0 && !strcmp(nd, "2026-08-01"),
		   "date in a name: data_centers_2026-08.csv is 2026-08-01");
		ok(date_in_name("PJM_Queue_2025-02-14.xlsx", nd) == 0 && !strcmp(nd, "2025-02-14"),
		   "date in a name: a whole date");
		ok(date_in_name("data_centers.csv", nd) == -1, "no date in a name without one");
		ok(date_in_name("CIK0001652044.json", nd) == -1 && date_in_name("x_2025-13.csv", nd) == -1 &&
		   date_in_name("12026-08.csv", nd) == -1, "digits that are no date are none");
		ok(date_in_name("ERCOT_GIS_Report_December2024.xlsx", nd) == -1, "a month name is not read");
	}
	quarter_bounds(2024 * 4 + 3, a, z);
	ok(!strcmp(a, "2024-10-01") && !strcmp(z, "2024-12-31"), "quarter bounds");
	ok(period_months("2025-01-01", "2025-03-31") == 3, "3 months");
	ok(period_months("2024-07-01", "2025-06-30") == 12, "fiscal year to June: 12 months");
	ok(period_months("2025-01-27", "2025-07-27") == 6, "NVIDIA six months");
}

static void test_units(void)
{
	double mw, v;
	int app;

	ok(power_to_mw(1.2, "GW", 2, &mw, &app) == 0 && fabs(mw - 1200) < 1e-9 && !app, "1.2 GW");
	ok(power_to_mw(45000, "kVA", 3, &mw, &app) == 0 && fabs(mw - 45) < 1e-9 && app, "45,000 kVA is apparent");
	ok(power_to_mw(300, " mw ", 4, &mw, &app) == 0 && mw == 300, "mw in any case");
	ok(power_to_mw(1, "hp", 2, &mw, &app) == -1, "unknown unit");
	ok(num_parse("1,234.5", 7, &v) == 0 && v == 1234.5, "thousands commas");
	ok(num_parse(" -3e2 ", 6, &v) == 0 && v == -300, "exponent and space");
	ok(num_parse("$33,600", 7, &v) == 0 && v == 33600, "dollar sign");
	ok(num_parse("TBD", 3, &v) == -1 && num_parse("", 0, &v) == -1 && num_parse("1,2,", 4, &v) == -1,
	   "not numbers");
	ok(num_parse("inf", 3, &v) == -1, "inf is not a figure");
}

int main(void)
{
	test_buf();
	test_buf_never_null();
	test_buf_sticky();
	test_json();
	test_json_fast();
	test_sha();
	test_dates();
	test_units();
	return done();
}
