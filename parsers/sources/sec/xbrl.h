/*
 * XBRL for the SEC parsers: the capex concept list, and one streaming reader
 * for both XBRL 2.1 instance documents and Inline XBRL (iXBRL) XHTML that
 * turns the facts of the listed concepts into `capex` records.
 *
 * The reader is libxml2's xmlTextReader (parsers/formats/xml.h options: no network,
 * no external entities, no entity substitution); it keeps the contexts and
 * units of the document and only the facts whose concept is listed, so a
 * large instance is read in bounded memory. A document that declares
 * entities in a DTD is refused: XBRL needs none, and it is how entity bombs
 * and external entity references arrive.
 */
#ifndef GW_XBRL_H
#define GW_XBRL_H

#include <stddef.h>

#include "parsers/parser.h"

enum capex_role { CAPEX_CASH, CAPEX_LEASE };

struct capex_concept {
	char *concept;		/* "us-gaap:PaymentsToAcquirePropertyPlantAndEquipment" */
	int role;		/* enum capex_role */
};

struct capex_label {
	char *label;		/* folded: lower case, runs of space as one */
	char *concept;
};

struct capex_conf {
	struct capex_concept *c;
	size_t n;
	struct capex_label *l;
	size_t nl;
	char source[256];	/* "built-in" or the file's path, for messages */
};

/*
 * The capex concept list: the file named by $GW_CAPEX_CONCEPTS if set, else
 * the built-in default (schemas/capex-concepts.conf). Loaded once and kept
 * for the process. NULL, with the reason appended to err, if the file cannot be read
 * or has a bad line.
 */
const struct capex_conf *capex_conf_get(struct buf *err);
/* Parses conf text (the file format) into c; 0, or -1 with the reason appended
 * to err. Frees nothing on error. */
int capex_conf_parse(struct capex_conf *c, const char *text, size_t len, struct buf *err);
void capex_conf_release(struct capex_conf *c);
/* The entry for a concept ("us-gaap:X"), or NULL. */
const struct capex_concept *capex_conf_find(const struct capex_conf *c, const char *concept, size_t n);
/* The concept an R-page row label stands for, or NULL. */
const char *capex_conf_label(const struct capex_conf *c, const char *label, size_t n);

/* What a bundle knows about the filing that the XBRL document itself does not say. */
struct xbrl_filing {
	long long cik;		/* 0 unknown */
	const char *company;
	const char *form;
	const char *accession;
	const char *filed;	/* YYYY-MM-DD */
};

enum { XBRL_NONE = 0, XBRL_INSTANCE = 1, XBRL_INLINE = 2 };

/* XBRL_INSTANCE or XBRL_INLINE if the bytes look like one (cheap: the first 64 KB), else XBRL_NONE. */
int xbrl_sniff(const unsigned char *data, size_t len);

/*
 * Reads one instance or iXBRL document and emits a `capex` record for each
 * fact of a listed concept (USD, duration context), with its context's
 * period and dimensions. member, if not NULL, prefixes every locator (the
 * member's name inside a bundle); filing, if not NULL, fills what the
 * document does not say. *nfacts gets the number of capex records emitted
 * (may be NULL). Problems go to p (perr, rec_reject); returns 0, or -1 when
 * the document could not be read to its end.
 */
int xbrl_parse(struct gw_parse *p, const unsigned char *data, size_t len, const char *member,
	       const struct xbrl_filing *filing, long *nfacts);

/*
 * The parse of one document of sec-ixbrl or sec-xbrl: the whole of it
 * through xbrl_parse, with no member prefix and no filing (a single document
 * does not say its accession number or filing date, so those are left out
 * and as_of is the document's own seen date), and a note when it holds no
 * fact of a listed concept. Returns 0, or -1 if anything failed.
 */
int xbrl_parse_doc(struct gw_parse *p);

/*
 * Value of an iXBRL nonFraction's text under its format (ixt:num-dot-decimal,
 * ixt:num-comma-decimal, ixt:fixed-zero, ixt:zerodash and their older names;
 * NULL or "" for plain xs:decimal), scale (power of ten) and sign. The scale
 * is applied to the decimal digits, not by floating multiplication, so
 * 6.1 at scale 9 is exactly 6100000000. Returns 0, or -1 with why filled.
 */
int xbrl_value(const char *text, size_t n, const char *format, int scale, int negative,
	       double *out, char *why, size_t whylen);

#endif
