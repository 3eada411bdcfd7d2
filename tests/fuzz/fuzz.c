/*
 * One fuzz target per parser: this file built with -DFUZZ_PARSER='"name"'
 * (tests/fuzz/Makefile.fuzz) gives the libFuzzer entry point for that parser.
 * Records go to a sink that checks each is one line of valid JSON: one JSON
 * object (RFC 8259, as SQLite's json_valid() reads it), valid UTF-8, no raw
 * newline; the process aborts on the first that is not.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/msg.h"
#include "parsers/formats/jsonq.h"
#include "parsers/parser.h"

#include "lib/banned.h"

int fuzz_one(const char *parser_name, const uint8_t *data, size_t size);
int fuzz_record_ok(const char *line, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 if line is one record: one line, one JSON object, valid UTF-8 */
int fuzz_record_ok(const char *line, size_t len)
{
	size_t i, k;

	if (!len || memchr(line, '\n', len) || memchr(line, '\r', len))
		return 0;
	if (line[0] != '{' || line[len - 1] != '}' || !jsonq_valid(line, len))
		return 0;
	for (i = 0; i < len; i += k)
		if (!(k = utf8_seq_len((const unsigned char *)line + i, len - i)))
			return 0;
	return 1;
}

static int check_sink(void *arg, const char *line, size_t len)
{
	(void)arg;
	if (!fuzz_record_ok(line, len))
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
	doc_memo_release(&doc.memo);
	return 0;
}

#ifdef FUZZ_PARSER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_one(FUZZ_PARSER, data, size);
}
#endif
