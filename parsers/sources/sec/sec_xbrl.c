/*
 * sec-xbrl: the SEC EDGAR XBRL 2.1 instance document of older filings or
 * extracted from iXBRL, read by the one streaming reader of xbrl.h: each
 * fact of a listed capex concept becomes a `capex` record.
 *
 * A single document does not say its accession number or filing date, so
 * those are left out and as_of is the document's own seen date (when it was
 * fetched or added; gw-parse --as-of gives the filing date instead).
 */
#include "parsers/parser.h"
#include "xbrl.h"

#include "lib/banned.h"

static int detect_instance(const struct gw_doc *doc)
{
	return xbrl_sniff(doc->data, doc->len) == XBRL_INSTANCE ? 90 : 0;
}

const struct parser parser_sec_xbrl = {
	"sec-xbrl",
	"SEC EDGAR XBRL 2.1 instance document (.xml): capex facts with their contexts",
	detect_instance,
	xbrl_parse_doc,
};
