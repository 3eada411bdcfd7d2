/*
 * The record contract in code (schemas/records.md says the same in prose):
 * for each kind, its fields, their types and which are required, which form
 * the natural key, and which names an operator to resolve.
 *
 * gw-load validates every record against this table and binds fields by
 * name into the kind's observation table obs_<kind>, whose columns carry
 * the same names (the migrations in schemas/ define them).
 */
#ifndef GW_SPEC_H
#define GW_SPEC_H

#include <stddef.h>

enum ftype {
	F_TEXT,		/* any string */
	F_NUM,		/* a JSON number (finite) */
	F_INT,		/* a JSON integer */
	F_DATE,		/* "YYYY-MM-DD" */
	F_TIME,		/* "YYYY-MM-DD" or an ISO 8601 date-time */
	F_QUARTER,	/* "2025Q3" */
	F_WHEN,		/* a date or a quarter */
	F_ENUM,		/* one of enums[] */
};

#define FL_REQ	1	/* must be present and not null */
#define FL_KEY	2	/* part of the natural key */
#define FL_OPER	4	/* names an operator: resolved through the aliases */

/*
 * The values a number field may take: min <= v <= max, or min < v where
 * min_open is set (prices: above 0). Every F_NUM and F_INT field has one;
 * schemas/records.md lists them.
 */
struct range {
	double min, max;
	int min_open;
};

struct field {
	const char *name;
	enum ftype type;
	unsigned flags;
	const char *const *enums;	/* F_ENUM: NULL-terminated */
	const struct range *range;	/* F_NUM, F_INT: never NULL */
};

struct kind {
	const char *name;
	const struct field *fields;	/* terminated by a NULL name */
	int nfields;
};

extern const struct kind gw_kinds[];	/* terminated by a NULL name */
const struct kind *kind_find(const char *name, int *index);
/* Index of a field in k (one of gw_kinds), or -1. */
int kind_field(const struct kind *k, const char *name);
/* Index of the field named by the n bytes at name in gw_kinds[kind], or -1: a table lookup. */
int kind_field_n(int kind, const char *name, size_t n);
/* The most fields a kind has. */
#define KIND_MAX_FIELDS 32
/* Number of kinds. */
int kinds_count(void);

/* Checks a value of type t; returns NULL if it fits, else why not (static text). */
const char *field_check_text(const struct field *f, const char *s);
/*
 * Checks a number for field f (F_NUM or F_INT): 0 if it is finite and in the
 * field's range, else -1 with why (e.g. "-5 is out of range: it must be
 * >= 0 and <= 100000", naming the value but not the field) written to why.
 */
int field_check_num(const struct field *f, double v, char *why, size_t n);

/* Dates, quarters and years before this or after YEAR_MAX are not plausible. */
#define YEAR_MIN 1900
#define YEAR_MAX 2100

#endif
