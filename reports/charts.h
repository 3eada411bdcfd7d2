/*
 * Inline SVG charts of the HTML report, written by hand. Each function
 * appends one <svg> element (scaling to its container: viewBox, no fixed
 * size); a chart with no data still draws its frame and says so.
 */
#ifndef GW_CHARTS_H
#define GW_CHARTS_H

#include "lib/buf.h"
#include "report.h"

/*
 * Each chart for a width: narrow 0 (720 units, desktop and print) or 1 (360,
 * a phone). Ids: chart-NAME, chart-NAME-n when narrow.
 */
/* Expected IT MW by quarter, history and forecast, stacked by status, with the low and high bounds. */
void chart_capacity(const struct report *r, struct buf *b, int narrow);
/* Each provider's price line over time, one panel per SKU and term, the index band (table price_lines). */
void chart_prices(const struct report *r, struct buf *b, int narrow);
/* Capex filed (solid) and modelled (dashed) by company and quarter (table capex_chart). */
void chart_capex(const struct report *r, struct buf *b, int narrow);
/* Large-load MW requested by ISO and quarter of request, stacked (table large_loads_chart). */
void chart_loads(const struct report *r, struct buf *b, int narrow);
/* Escapes text for HTML and SVG. */
void html_esc(struct buf *b, const char *s);

#endif
