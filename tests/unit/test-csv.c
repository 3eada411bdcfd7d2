/* Unit tests of the CSV reader (parsers/formats/csv.c): RFC 4180 and what real exports do beyond it. */
#include <stdlib.h>
#include <string.h>

#include "parsers/formats/csv.h"
#include "tap.h"

#include "lib/banned.h"

static int cell_is(const struct row *r, size_t i, const char *want)
{
	int y = i < r->n && r->cells[i].len == strlen(want) && !memcmp(r->cells[i].s, want, r->cells[i].len);

	if (!y)
		printf("# field %zu: got '%.*s' want '%s'\n", i, i < r->n ? (int)r->cells[i].len : 0,
		       i < r->n ? r->cells[i].s : "", want);
	return y;
}

static void test_basic(void)
{
	const char *in = "\xEF\xBB\xBFid,name\r\n1,\"a, \"\"b\"\"\nc\"\n2,plain\r3,last";
	struct csv c;
	struct row r;

	csv_init(&c, in, strlen(in), ',');
	ok(csv_next(&c, &r, NULL) == 1 && r.n == 2 && cell_is(&r, 0, "id") && r.line == 1, "BOM skipped, CRLF");
	ok(csv_next(&c, &r, NULL) == 1 && cell_is(&r, 1, "a, \"b\"\nc") && r.line == 2,
	   "quoted comma, doubled quotes, line break inside quotes");
	ok(csv_next(&c, &r, NULL) == 1 && cell_is(&r, 1, "plain") && r.line == 4, "bare CR ends a record; lines counted");
	ok(csv_next(&c, &r, NULL) == 1 && cell_is(&r, 0, "3") && cell_is(&r, 1, "last"), "no final newline");
	ok(csv_next(&c, &r, NULL) == 0, "then the end");
	csv_release(&c);
}

static void test_encodings(void)
{
	const char *in = "Do\xf1" "a,Caf\xc3\x83\xc2\xa9,\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s,Caf\xc3\xa9,\xc3\x83\n";
	struct csv c;
	struct row r;

	csv_init(&c, in, strlen(in), ',');
	ok(csv_next(&c, &r, NULL) == 1 && r.n == 5, "one record of five fields");
	ok(cell_is(&r, 0, "Do\xc3\xb1" "a") && c.repaired == 1, "Latin-1 byte converted to UTF-8, counted");
	ok(cell_is(&r, 1, "Caf\xc3\xa9"), "double-encoded UTF-8 (CafÃ©) decoded once more");
	ok(cell_is(&r, 2, "\xe2\x80\x99s"), "double-encoded curly quote (â€™) through Windows-1252");
	ok(cell_is(&r, 3, "Caf\xc3\xa9") && cell_is(&r, 4, "\xc3\x83"), "proper UTF-8 left alone (even a lone Ã)");
	ok(c.redecoded == 2, "two fields counted as double-encoded (%ld)", c.redecoded);
	csv_release(&c);
}

static void test_bad(void)
{
	struct csv c;
	struct row r;
	struct buf err = BUF_INIT(BUF_MSG_MAX);
	int rc;
	size_t n = CSV_MAX_RECORD + 100;
	char *big = malloc(n + 20);
	const char *unterminated = "a,b\n1,\"open\n2,x\n";
	static const char nul[] = "a,b\n1,x\0y\n2,z\n";

	memcpy(big, "x,", 2);
	memset(big + 2, 'y', n);
	memcpy(big + 2 + n, "\nok,1\n", 7);
	csv_init(&c, big, strlen(big), ',');
	rc = csv_next(&c, &r, &err);
	ok(rc == -1 && !strcmp(buf_str(&err), "record longer than 4194304 bytes"),
	   "a record past the cap fails, said in the caller's buffer (%s)", buf_str(&err));
	buf_reset(&err);
	ok(csv_next(&c, &r, &err) == 1 && cell_is(&r, 0, "ok") && err.len == 0,
	   "and reading goes on with the next, adding nothing to the buffer");
	csv_release(&c);
	free(big);

	csv_init(&c, unterminated, strlen(unterminated), ',');
	ok(csv_next(&c, &r, &err) == 1, "header");
	rc = csv_next(&c, &r, &err);
	ok(rc == -1 && !strcmp(buf_str(&err), "unterminated quoted field starting at line 2"),
	   "an unterminated quote fails its record (%s)", buf_str(&err));
	ok(csv_next(&c, &r, &err) == 1 && cell_is(&r, 0, "2") && cell_is(&r, 1, "x"), "reading goes on at the next line");
	csv_release(&c);

	/* the message is appended: what the buffer held stays in front of it */
	buf_reset(&err);
	buf_adds(&err, "doc.csv: ");
	csv_init(&c, nul, sizeof(nul) - 1, ',');
	rc = csv_next(&c, &r, &err) == 1 ? csv_next(&c, &r, &err) : 0;
	ok(rc == -1 && r.line == 2 &&
	   !strcmp(buf_str(&err), "doc.csv: field 2 holds a NUL byte"),
	   "a NUL byte fails its record, the message appended (%s)", buf_str(&err));
	ok(csv_next(&c, &r, NULL) == 1 && cell_is(&r, 1, "z") && csv_next(&c, &r, NULL) == 0,
	   "a NULL buffer is allowed: reading goes on");
	csv_release(&c);
	csv_init(&c, nul, sizeof(nul) - 1, ',');
	ok(csv_next(&c, &r, NULL) == 1 && csv_next(&c, &r, NULL) == -1 && c.rawlen == 5 &&
	   !memcmp(c.raw, "1,x\0y", 5),
	   "a failed record with no buffer still fails, its raw bytes kept");
	csv_release(&c);
	buf_release(&err);
}

int main(void)
{
	test_basic();
	test_encodings();
	test_bad();
	return done();
}
