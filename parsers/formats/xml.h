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

/* Options for xmlReadMemory / xmlReaderForMemory. */
#define GW_XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define GW_HTML_OPTS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED)

/* Sets libxml2 up once (silent error handlers, no global entity loader). */
void gw_xml_init(void);

/* A streaming reader over memory; NULL on failure. The caller frees it with xmlFreeTextReader. */
xmlTextReaderPtr gw_xml_reader(const void *data, size_t len, const char *name);
/* A whole document (small documents only); NULL if not well-formed. */
xmlDocPtr gw_xml_doc(const void *data, size_t len, const char *name);
/* An HTML document, recovering from bad markup; NULL if nothing could be read. */
htmlDocPtr gw_html_doc(const void *data, size_t len, const char *name);
/* The last libxml2 error as text ("line N: message"), or "" */
const char *gw_xml_error(void);

#endif
