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

struct field {
	const char *name;
	enum ftype type;
	unsigned flags;
	const char *const *enums;	/* F_ENUM: NULL-terminated */
};

struct kind {
	const char *name;
	const struct field *fields;	/* terminated by a NULL name */
	int nfields;
};

extern const struct kind gw_kinds[];	/* terminated by a NULL name */
const struct kind *kind_find(const char *name, int *index);
/* Index of a field in k, or -1. */
int kind_field(const struct kind *k, const char *name);
/* Number of kinds. */
int kinds_count(void);

/* Checks a value of type t; returns NULL if it fits, else why not (static text). */
const char *field_check_text(const struct field *f, const char *s);

#endif
