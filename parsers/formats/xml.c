#include "xml.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parserInternals.h>

#include "lib/banned.h"

/* Replaces err's content with m (NULL: the error is dropped). */
static void keep(struct buf *err, const char *m)
{
	if (!err)
		return;
	buf_reset(err);
	buf_adds(err, m);
}

/* The thread's structured error handler; ctx is the running read's buffer, or NULL. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	char m[512];	/* the cut the messages have always had */

	if (e && e->message) {
		snprintf(m, sizeof(m), "line %d: %.*s", e->line, (int)strcspn(e->message, "\n"), e->message);
		keep(ctx, m);
	}
}

/*
 * Refuses every external resource: DTDs, external entities, XIncludes. With
 * our options libxml2 2.9 does not ask for one (no XML_PARSE_DTDLOAD: no
 * external subset; no XML_PARSE_NOENT: external entities, general or
 * parameter, are not read), so this is a second fence; its word goes to the
 * read in progress, as an error's.
 */
static xmlParserInputPtr no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	char m[512];

	(void)id;
	(void)ctxt;
	snprintf(m, sizeof(m), "external resource '%.200s' refused", url ? url : "?");
	if (xmlStructuredError == on_error)
		keep(xmlStructuredErrorContext, m);
	return NULL;
}

/*
 * libxml2's generic error channel: a few of its functions write there alone
 * ("xmlParseChunk: encoder error", after the structured error that says which
 * bytes failed). It is not ours to print: dropped.
 */
static void drop(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* Sets libxml2 up once: the loader above, errors dropped (on_error with no buffer, drop). */
static void init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	xmlInitParser();
	xmlSetStructuredErrorFunc(NULL, on_error);
	xmlSetGenericErrorFunc(NULL, drop);
	xmlSetExternalEntityLoader(no_loader);
}

/*
 * Points the thread's structured error handler at err while libxml2 runs for
 * a read (see xml.h: some errors reach no other handler). Returns what it
 * pointed at, for unroute.
 */
static void *route(struct buf *err)
{
	void *was;

	init();
	was = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(err, on_error);
	return was;
}

static void unroute(void *was)
{
	xmlSetStructuredErrorFunc(was, on_error);
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
