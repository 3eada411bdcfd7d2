/*
 * sec-ixbrl: the SEC EDGAR Inline XBRL 10-K/10-Q primary document, read by
 * the one streaming reader of xbrl.h: each fact of a listed capex concept
 * becomes a `capex` record.
 *
 * A single document does not say its accession number or filing date, so
 * those are left out and as_of is the document's own seen date (when it was
 * fetched or added; gw-parse --as-of gives the filing date instead).
 */
#include "parsers/parser.h"
#include "xbrl.h"

#include "lib/banned.h"

static int detect_inline(const struct gw_doc *doc)
{
	return xbrl_sniff(doc->data, doc->len) == XBRL_INLINE ? 90 : 0;
}

const struct parser parser_sec_ixbrl = {
	"sec-ixbrl",
	"SEC EDGAR Inline XBRL 10-K/10-Q document: capex facts with their contexts",
	detect_inline,
	xbrl_parse_doc,
};
