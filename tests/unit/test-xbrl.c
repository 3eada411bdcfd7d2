/* Unit tests: iXBRL number formats, the capex concept list, mapped-file hashing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/mapfile.h"
#include "lib/sha256.h"
#include "parsers/sources/sec/xbrl.h"
#include "tap.h"

#include "lib/banned.h"

static double val(const char *s, const char *fmt, int scale, int neg, int *good)
{
	char why[256];
	double v = 0;

	*good = xbrl_value(s, strlen(s), fmt, scale, neg, &v, why, sizeof(why)) == 0;
	return v;
}

static void test_values(void)
{
	int g;

	ok(val("37,256", "ixt:num-dot-decimal", 6, 0, &g) == 37256e6 && g, "num-dot-decimal 37,256 scale 6");
	ok(val("6.1", "ixt:num-dot-decimal", 9, 0, &g) == 6100000000.0 && g, "6.1 at scale 9 is exactly 6100000000");
	ok(val("1.234,5", "ixt:num-comma-decimal", 6, 1, &g) == -1234500000.0 && g, "num-comma-decimal, sign -");
	ok(val("1\xc2\xa0" "234", "ixt:numdotdecimal", 0, 0, &g) == 1234 && g, "no-break space as thousands separator");
	ok(val("\xe2\x80\x94", "ixt:fixed-zero", 6, 0, &g) == 0 && g, "fixed-zero is 0 whatever the text");
	ok(val("-", "ixt-sec:zerodash", 0, 0, &g) == 0 && g, "zerodash");
	ok(val("2.7", "ixt:num-dot-decimal", -2, 0, &g) == 0.027 && g, "negative scale (percent)");
	ok(val("-12.5", NULL, 0, 0, &g) == -12.5 && g, "plain xs:decimal with a sign");
	val("1,000", NULL, 0, 0, &g);
	ok(!g, "plain xs:decimal refuses thousands separators");
	val("12a", "ixt:num-dot-decimal", 0, 0, &g);
	ok(!g, "letters are not a number");
	val("", "ixt:num-dot-decimal", 0, 0, &g);
	ok(!g, "empty is not a number");
	val("5", "ixt-sec:numwordsen", 0, 0, &g);
	ok(!g, "an unsupported format is said, not guessed");
}

static void test_conf(void)
{
	struct capex_conf c;
	struct buf err = BUF_INIT(1024);
	const char *good = "# x\ncapex us-gaap:A\n\nlease us-gaap:B  \nlabel us-gaap:A  Additions  to\tProperty\n";

	ok(capex_conf_parse(&c, good, strlen(good), &err) == 0, "a concept list parses");
	ok(c.n == 2 && c.c[0].role == CAPEX_CASH && c.c[1].role == CAPEX_LEASE, "capex and lease roles");
	ok(capex_conf_find(&c, "us-gaap:B", 9) != NULL && !capex_conf_find(&c, "us-gaap:C", 9), "find by concept");
	ok(capex_conf_label(&c, "additions to  property", 22) && !strcmp(capex_conf_label(&c, "ADDITIONS TO PROPERTY", 21), "us-gaap:A"),
	   "labels match ignoring case and spaces");
	capex_conf_release(&c);
	ok(capex_conf_parse(&c, "capex NoPrefix\n", 15, &err) == -1 && strstr(buf_str(&err), "line 1"), "a bad concept is refused with its line");
	ok(capex_conf_parse(&c, "spend us-gaap:A\n", 16, &err) == -1 && strstr(buf_str(&err), "not capex, lease or label"), "a bad role is refused");
	ok(capex_conf_parse(&c, "# nothing\n", 10, &err) == -1, "an empty list is refused");
	buf_release(&err);
}

static void test_hash(void)
{
	static const size_t sizes[] = { 1, 63, 64, 65, 1000, (8u << 20) + 17 };
	const char *tmpdir = getenv("TMPDIR");
	char path[4096], a[65], b[65];
	size_t i, k;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *d = malloc(sizes[i]);
		struct mapfile m;
		int fd;

		snprintf(path, sizeof(path), "%s/gw-test-xbrl-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
		fd = mkstemp(path);
		for (k = 0; k < sizes[i]; k++)
			d[k] = (unsigned char)(k * 2654435761u >> 13);
		if (fd < 0 || write(fd, d, sizes[i]) != (ssize_t)sizes[i]) {
			ok(0, "temporary file");
			free(d);
			continue;
		}
		close(fd);
		sha256_hex(d, sizes[i], a);
		ok(mapfile_open(path, 1u << 30, &m) == 0 && m.len == sizes[i], "map a file of %zu bytes", sizes[i]);
		mapfile_sha256_hex(&m, b);
		ok(!strcmp(a, b), "mapped hash equals the plain hash for %zu bytes", sizes[i]);
		mapfile_release(m.p, m.len);
		ok(memcmp(m.p, d, sizes[i]) == 0, "content intact after release (%zu bytes)", sizes[i]);
		mapfile_close(&m);
		unlink(path);
		free(d);
	}
}

int main(void)
{
	test_values();
	test_conf();
	test_hash();
	return done();
}
