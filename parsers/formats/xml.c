#include "xml.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parserInternals.h>

#include "lib/banned.h"

static char last_err[512];
static int inited;

/* Replaces err's content with m (cut at 511 bytes before, by the caller); NULL: last_err. */
static void keep(struct buf *err, const char *m)
{
	if (!err) {
		snprintf(last_err, sizeof(last_err), "%s", m);
		return;
	}
	buf_reset(err);
	buf_adds(err, m);
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	char m[512];

	if (e && e->message) {
		snprintf(m, sizeof(m), "line %d: %.*s", e->line, (int)strcspn(e->message, "\n"), e->message);
		keep(ctx, m);
	}
}

/* Refuses every external resource: DTDs, external entities, XIncludes. */
static xmlParserInputPtr no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	char m[512];

	(void)id;
	(void)ctxt;
	snprintf(m, sizeof(m), "external resource '%.200s' refused", url ? url : "?");
	keep(xmlStructuredError == on_error ? xmlStructuredErrorContext : NULL, m);
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

/*
 * libxml2 2.9 raises some errors with no parser context (a failed encoding
 * conversion: "input conversion failed ...", "encoder error"), only to the
 * thread's structured error handler, so no handler of the read's own sees
 * them: while libxml2 runs for a read, that handler points at the read's err.
 * Returns what it pointed at, for unroute.
 */
static void *route(struct buf *err)
{
	void *was;

	gw_xml_init();
	was = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(err, on_error);
	return was;
}

static void unroute(void *was)
{
	xmlSetStructuredErrorFunc(was, on_error);
}

const char *gw_xml_error(void)
{
	return last_err;
}

xmlTextReaderPtr gw_xml_reader(const void *data, size_t len, const char *name, struct buf *err)
{
	xmlTextReaderPtr r;
	void *was;

	if (len > INT_MAX)
		return NULL;
	was = route(err);
	r = xmlReaderForMemory(data, (int)len, name, NULL, GW_XML_OPTS);
	unroute(was);
	return r;
}

int gw_xml_read(xmlTextReaderPtr r, struct buf *err)
{
	void *was = route(err);
	int rc = xmlTextReaderRead(r);

	unroute(was);
	return rc;
}

xmlParserCtxtPtr gw_xml_push_parser(xmlSAXHandlerPtr sax, const char *chunk, int size, const char *name,
				    struct buf *err)
{
	void *was = route(err);
	xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(sax, NULL, chunk, size, name);

	if (ctxt)
		xmlCtxtUseOptions(ctxt, GW_XML_OPTS);
	unroute(was);
	return ctxt;
}

int gw_xml_push(xmlParserCtxtPtr ctxt, const char *chunk, int size, int terminate, struct buf *err)
{
	void *was = route(err);
	int rc = xmlParseChunk(ctxt, chunk, size, terminate);

	unroute(was);
	return rc;
}

xmlDocPtr gw_xml_doc(const void *data, size_t len, const char *name)
{
	gw_xml_init();
	last_err[0] = '\0';
	if (len > INT_MAX)
		return NULL;
	return xmlReadMemory(data, (int)len, name, NULL, GW_XML_OPTS);
}

htmlDocPtr gw_html_doc(const void *data, size_t len, const char *name, struct buf *err)
{
	htmlDocPtr doc;
	void *was;

	if (len > INT_MAX)
		return NULL;
	was = route(err);
	doc = htmlReadMemory(data, (int)len, name, NULL, GW_HTML_OPTS);
	unroute(was);
	return doc;
}
