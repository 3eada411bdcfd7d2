/* Numbers and units in the text of documents. */
#ifndef GW_UNITS_H
#define GW_UNITS_H

#include <stddef.h>

/*
 * Power in megawatts from a number and a unit: W, kW, MW, GW, and the
 * apparent-power units VA, kVA, MVA, GVA (taken at unity power factor;
 * *apparent is set to 1 so the caller can say so). Unit match ignores case
 * and surrounding space. Returns 0 or -1 for an unknown unit.
 */
int power_to_mw(double v, const char *unit, size_t n, double *mw, int *apparent);

/*
 * Strict number parse of n bytes: optional space, sign, digits with optional
 * thousands commas, decimal point, exponent; optional '$' prefix and '%' is
 * not accepted. Returns 0 or -1.
 */
int num_parse(const char *s, size_t n, double *out);

#endif
