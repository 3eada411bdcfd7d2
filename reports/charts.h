/*
 * Inline SVG charts of the HTML report, written by hand. Each function
 * appends one <svg> element (scaling to its container: viewBox, no fixed
 * size); a chart with no data still draws its frame and says so.
 */
#ifndef GW_CHARTS_H
#define GW_CHARTS_H

#include "../lib/buf.h"
#include "report.h"

/* Expected IT MW by quarter, stacked by status, with the low and high bounds. */
void chart_capacity(const struct report *r, struct buf *b);
/* Median USD per GPU-hour by period, one line per SKU/term/tier series. */
void chart_prices(const struct report *r, struct buf *b);
/* Modelled and filed capex by operator over the report's quarter and the three before it. */
void chart_capex(const struct report *r, struct buf *b);
/* Escapes text for HTML and SVG. */
void html_esc(struct buf *b, const char *s);

#endif
