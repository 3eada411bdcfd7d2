/*
 * Safe XML and HTML reading with libxml2: never the network, never external
 * entities or DTDs, no entity substitution (so no billion laughs), default
 * depth and size limits (no XML_PARSE_HUGE).
 *
 * Errors are neither printed nor kept anywhere global: a read's errors go to
 * a struct buf that its caller owns and passes to every call of that read
 * (the same buffer to gw_xml_reader and to each gw_xml_read of the reader, to
 * gw_xml_push_parser and to each gw_xml_push; to gw_html_doc). libxml2 raises
 * several errors for one document and each replaces the buffer's content, so
 * the buffer ends with the last: "line N: " and the first line of libxml2's
 * message, cut at 511 bytes (its cap must hold that: BUF_MSG_MAX does). It is
 * left as it was when libxml2 raised none; the caller adds the context, and a
 * word of its own ("damaged") for an empty buffer. NULL drops the errors.
 *
 * libxml2 2.9 raises most errors with the parser's context, but some with none
 * (a failed encoding conversion: "input conversion failed due to input error,
 * bytes ...", "encoder error"), and those reach only the thread's structured
 * error handler, which no handler of a reader or parser context replaces. So
 * the functions below point that handler at the read's buffer for as long as
 * they run libxml2 for it, and back after; between them it drops everything.
 * A parsing call made straight to libxml2 (xmlTextReaderRead, xmlParseChunk)
 * would lose its errors.
 */
#ifndef GW_XML_H
#define GW_XML_H

#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "lib/buf.h"

/* The options of every read. */
#define GW_XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define GW_HTML_OPTS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED)

/* A streaming reader over memory; NULL on failure. The caller frees it with xmlFreeTextReader. */
xmlTextReaderPtr gw_xml_reader(const void *data, size_t len, const char *name, struct buf *err);
/* xmlTextReaderRead: 1 a node, 0 the end, -1 an error. */
int gw_xml_read(xmlTextReaderPtr r, struct buf *err);
/*
 * A push parser for SAX2 callbacks (xmlCreatePushParserCtxt): chunk holds the
 * document's first size bytes (4 tell its encoding), the callbacks' user data
 * is the parser context; NULL on failure. The caller frees it with
 * xmlFreeParserCtxt.
 */
xmlParserCtxtPtr gw_xml_push_parser(xmlSAXHandlerPtr sax, const char *chunk, int size, const char *name,
				    struct buf *err);
/* xmlParseChunk: 0, or libxml2's error. */
int gw_xml_push(xmlParserCtxtPtr ctxt, const char *chunk, int size, int terminate, struct buf *err);
/* An HTML document, recovering from bad markup; NULL if nothing could be read. */
htmlDocPtr gw_html_doc(const void *data, size_t len, const char *name, struct buf *err);

#endif
