/*
 * SEC EDGAR XBRL documents: the Inline XBRL 10-K/10-Q primary document
 * (sec-ixbrl) and the XBRL 2.1 instance document of older filings or
 * extracted from iXBRL (sec-xbrl). Both go through the one streaming reader
 * of xbrl.h: each fact of a listed capex concept becomes a `capex` record.
 *
 * A single document does not say its accession number or filing date, so
 * those are left out and as_of is the document's own seen date (when it was
 * fetched or added; gw-parse --as-of gives the filing date instead).
 */
#include "parser.h"
#include "xbrl.h"

#include "lib/banned.h"

static int detect_inline(const struct gw_doc *doc)
{
	return xbrl_sniff(doc->data, doc->len) == XBRL_INLINE ? 90 : 0;
}

static int detect_instance(const struct gw_doc *doc)
{
	return xbrl_sniff(doc->data, doc->len) == XBRL_INSTANCE ? 90 : 0;
}

static int parse(struct gw_parse *p)
{
	long n = 0;
	int r = xbrl_parse(p, p->doc->data, p->doc->len, NULL, NULL, &n);

	if (!r && !n)
		pwarn(p, "no fact of a listed capex concept (GW_CAPEX_CONCEPTS lists them); nothing to record");
	return r || p->nerr ? -1 : 0;
}

const struct parser parser_sec_ixbrl = {
	"sec-ixbrl",
	"SEC EDGAR Inline XBRL 10-K/10-Q document: capex facts with their contexts",
	detect_inline,
	parse,
};

const struct parser parser_sec_xbrl = {
	"sec-xbrl",
	"SEC EDGAR XBRL 2.1 instance document (.xml): capex facts with their contexts",
	detect_instance,
	parse,
};
