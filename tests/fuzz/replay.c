/*
 * Replays the saved fuzz corpus: every file of tests/fuzz/corpus/PARSER/
 * through that parser (built with the sanitizers by make test). Prints TAP,
 * one test per parser; a parser without a corpus folder fails. A first test
 * checks that the record check (fuzz.c) refuses what is not one JSON record.
 * usage: fuzz-replay CORPUS_DIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/msg.h"
#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"
#include "fuzz.c"

#include "lib/banned.h"

#define INPUT_MAX (64u << 20)	/* one saved input */

int main(int argc, char **argv)
{
	const struct parser *const *pp;
	int n = 0, failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz-replay CORPUS_DIR\n");
		return 2;
	}
	{
		static const char *const bad[] = {
			"{\"a\":1", "[1]", "{\"a\":1}{", "{\"a\":\"x\ny\"}", "{\"a\":\"\t\"}",
			"{\"a\":NaN}", "{a:1}", "{\"a\":\"\xff\"}", "{\"a\":\"\xed\xa0\x80\"}", "",
		};
		const char *good = "{\"kind\":\"x\",\"s\":\"caf\xc3\xa9 \\n\",\"n\":-1.5e3,\"a\":[null,true]}";
		size_t b, nbad = 0;

		for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++)
			if (fuzz_record_ok(bad[b], strlen(bad[b])))
				printf("# the record check took '%s'\n", bad[b]);
			else
				nbad++;
		n++;
		if (nbad != sizeof(bad) / sizeof(bad[0]) || !fuzz_record_ok(good, strlen(good))) {
			printf("not ok %d - the record check refuses lines that are not one JSON object\n", n);
			failed++;
		} else {
			printf("ok %d - the record check refuses lines that are not one JSON object\n", n);
		}
	}
	for (pp = gw_parsers; *pp; pp++) {
		struct buf path = BUF_INIT(BUF_PATH_MAX);
		DIR *d;
		struct dirent *e;
		int files = 0;

		buf_printf(&path, "%s/%s", argv[1], (*pp)->name);
		d = opendir(path.data);
		n++;
		if (!d) {
			printf("not ok %d - %s: no seed corpus at %s\n", n, (*pp)->name, path.data);
			failed++;
			buf_release(&path);
			continue;
		}
		while ((e = readdir(d))) {
			struct buf f = BUF_INIT(BUF_PATH_MAX), data = BUF_INIT(INPUT_MAX);
			if (e->d_name[0] == '.')
				continue;
			buf_printf(&f, "%s/%s", path.data, e->d_name);
			if (buf_read_file(&data, f.data) == 0) {
				fuzz_one((*pp)->name, (const uint8_t *)data.data, data.len);
				files++;
			}
			buf_release(&f);
			buf_release(&data);
		}
		closedir(d);
		printf("%sok %d - %s: %d inputs replayed\n", files ? "" : "not ", n, (*pp)->name, files);
		if (!files)
			failed++;
		buf_release(&path);
	}
	jsonq_close();
	printf("1..%d\n", n);
	return failed != 0;
}
