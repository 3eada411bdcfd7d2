/*
 * Figures in permit and filing text, found with PCRE2: power capacities
 * ("300 MW", "1.2 GW", "45,000 kVA"), generator counts times ratings
 * ("168 x 3 MW", "168 3.0-MW diesel generators", "twenty (20) 2.5 MW
 * generators"), dates ("March 3, 2025", "2025-03-03", "3/3/2025"), labelled
 * fields ("Applicant: Example LLC", "Registration No. 74164") and the US
 * state of an address.
 *
 * Every match carries its span (byte offset and length in the text), which
 * callers use as the record's locator. The text is length-bounded and need
 * not be NUL-terminated or valid UTF-8 (patterns run without UTF checks on
 * bytes; a match never splits what the patterns define as ASCII).
 *
 * Functions return the number of matches written (at most max), or -1 if
 * the patterns could not be compiled or PCRE2 failed (a message is printed).
 */
#ifndef GW_EXTRACT_H
#define GW_EXTRACT_H

#include <stddef.h>

struct xspan {
	size_t off, len;	/* where in the text */
};

struct xpower {
	struct xspan at;
	double mw;		/* converted to MW */
	int apparent;		/* the unit was VA-based (kVA, MVA): taken at unity power factor */
};

struct xgen {
	struct xspan at;
	long count;
	double unit_mw;		/* rating of one generator, MW */
};

struct xdate {
	struct xspan at;
	char iso[11];
};

/* Capacities with a unit of power (W, kW, MW, GW, kVA, MVA, "megawatts"). */
int extract_power(const char *s, size_t n, struct xpower *out, int max);
/* Generator counts times ratings; counts in digits or words up to 100 ("twenty (20)"). */
int extract_generators(const char *s, size_t n, struct xgen *out, int max);
/* Dates in the forms lib/dates.h date_parse accepts, written ISO. */
int extract_dates(const char *s, size_t n, struct xdate *out, int max);
/*
 * The value after a label, up to the end of its line: label is a PCRE2
 * alternation such as "Applicant|Permittee", matched case-insensitively at
 * the start of a line and followed by ':' (or "No." / "Number" for ids).
 * Returns 1 and the value's span (trimmed), 0 if none, -1 on error.
 */
int extract_label(const char *s, size_t n, const char *label, struct xspan *val);
/*
 * First match of a PCRE2 pattern (compiled case-insensitively, cached by
 * the pattern's address: pass string literals); *at gets the span of capture
 * group grp (0 = whole match). 1 found, 0 not, -1 error.
 */
int extract_first(const char *s, size_t n, const char *pattern, int grp, struct xspan *at);

/*
 * Two-letter US state (or DC) of an address: ", TN 38109", ", Texas", a
 * trailing " VA". Writes e.g. "TN" into out; returns 0, or -1 if none is
 * clear (two different states named, or none).
 */
int us_state_of(const char *addr, size_t n, char out[3]);
/* Two-letter code of a US state name or code ("Virginia", "va"); 0 or -1. */
int us_state_code(const char *s, size_t n, char out[3]);

/* Frees the compiled patterns (for leak checkers). */
void extract_release(void);

#endif
