/*
 * Safe XML and HTML reading with libxml2: never the network, never external
 * entities or DTDs, no entity substitution (so no billion laughs), default
 * depth and size limits (no XML_PARSE_HUGE). Errors are collected, not printed.
 */
#ifndef GW_XML_H
#define GW_XML_H

#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "lib/buf.h"

/* Options for xmlReadMemory / xmlReaderForMemory. */
#define GW_XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define GW_HTML_OPTS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED)

/* Sets libxml2 up once (silent error handlers, no global entity loader). */
void gw_xml_init(void);

/*
 * A streaming reader over memory; NULL on failure. The caller frees it with
 * xmlFreeTextReader. err is the read's: the caller passes the same buffer
 * (of a cap of 512 bytes or more) here and to every gw_xml_read of the
 * reader, and each libxml2 error replaces its content, so it ends with the
 * last ("line N: " and the first line of libxml2's message), or as it was
 * when there was none. NULL: the errors are dropped.
 */
xmlTextReaderPtr gw_xml_reader(const void *data, size_t len, const char *name, struct buf *err);
/* xmlTextReaderRead (1 a node, 0 the end, -1 an error), its errors into err as above. */
int gw_xml_read(xmlTextReaderPtr r, struct buf *err);
/*
 * A push parser for SAX2 callbacks (xmlCreatePushParserCtxt, with
 * GW_XML_OPTS): chunk holds the document's first size bytes (4 tell its
 * encoding), user data is the parser context; NULL on failure. The caller
 * frees it with xmlFreeParserCtxt. Errors into err as gw_xml_reader's, the
 * same buffer for every gw_xml_push of the parser.
 */
xmlParserCtxtPtr gw_xml_push_parser(xmlSAXHandlerPtr sax, const char *chunk, int size, const char *name,
				    struct buf *err);
/* xmlParseChunk (0, or libxml2's error), its errors into err as above. */
int gw_xml_push(xmlParserCtxtPtr ctxt, const char *chunk, int size, int terminate, struct buf *err);
/* A whole document (small documents only); NULL if not well-formed. */
xmlDocPtr gw_xml_doc(const void *data, size_t len, const char *name);
/* An HTML document, recovering from bad markup; NULL if nothing could be read. Errors into err as above. */
htmlDocPtr gw_html_doc(const void *data, size_t len, const char *name, struct buf *err);
/* The last libxml2 error as text ("line N: message"), or "" */
const char *gw_xml_error(void);

#endif
