#include "xml.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parserInternals.h>

#include "lib/banned.h"

static char last_err[512];
static int inited;

static void on_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (e && e->message)
		snprintf(last_err, sizeof(last_err), "line %d: %.*s", e->line,
			 (int)strcspn(e->message, "\n"), e->message);
}

/* Refuses every external resource: DTDs, external entities, XIncludes. */
static xmlParserInputPtr no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	(void)ctxt;
	snprintf(last_err, sizeof(last_err), "external resource '%.200s' refused", url ? url : "?");
	return NULL;
}

void gw_xml_init(void)
{
	if (inited)
		return;
	inited = 1;
	xmlInitParser();
	xmlSetStructuredErrorFunc(NULL, on_error);
	xmlSetExternalEntityLoader(no_loader);
}

const char *gw_xml_error(void)
{
	return last_err;
}

xmlTextReaderPtr gw_xml_reader(const void *data, size_t len, const char *name)
{
	gw_xml_init();
	last_err[0] = '\0';
	if (len > INT_MAX)
		return NULL;
	return xmlReaderForMemory(data, (int)len, name, NULL, GW_XML_OPTS);
}

xmlDocPtr gw_xml_doc(const void *data, size_t len, const char *name)
{
	gw_xml_init();
	last_err[0] = '\0';
	if (len > INT_MAX)
		return NULL;
	return xmlReadMemory(data, (int)len, name, NULL, GW_XML_OPTS);
}

htmlDocPtr gw_html_doc(const void *data, size_t len, const char *name)
{
	gw_xml_init();
	last_err[0] = '\0';
	if (len > INT_MAX)
		return NULL;
	return htmlReadMemory(data, (int)len, name, NULL, GW_HTML_OPTS);
}
