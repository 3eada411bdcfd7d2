/*
 * One fuzz target per parser: this file built with -DFUZZ_PARSER='"name"'
 * (tests/fuzz/Makefile.fuzz) gives the libFuzzer entry point for that parser.
 * Records go to a sink that checks each is one line of valid JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/msg.h"
#include "../../parsers/jsonq.h"
#include "../../parsers/parser.h"

int fuzz_one(const char *parser_name, const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_sink(void *arg, const char *line, size_t len)
{
	(void)arg;
	/* a record is one line: no raw newline may reach the output */
	if (memchr(line, '\n', len))
		abort();
	return 0;
}

int fuzz_one(const char *parser_name, const uint8_t *data, size_t size)
{
	const struct parser *p = parser_find(parser_name);
	struct gw_doc doc;
	struct gw_parse ps;

	if (!p)
		abort();
	gw_quiet = 1;
	memset(&doc, 0, sizeof(doc));
	doc.name = "fuzz";
	doc.data = data;
	doc.len = size;
	memcpy(doc.sha256, "0000000000000000000000000000000000000000000000000000000000000000", 65);
	memcpy(doc.seen, "2025-01-01", 11);
	parse_init(&ps, &doc, check_sink, NULL);
	parse_run(p, &ps);
	parse_release(&ps);
	/* detection must not crash either */
	parser_detect(&doc, NULL);
	return 0;
}

#ifdef FUZZ_PARSER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_one(FUZZ_PARSER, data, size);
}
#endif
