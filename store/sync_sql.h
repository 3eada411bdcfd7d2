/*
 * sync_sql: SQLite SQL -> PostgreSQL SQL, for gw-sync's replica.
 *
 * The views of the store are SQLite SQL; the replica creates each of them in
 * PostgreSQL from the store's own text (sqlite_master), so a migration that adds
 * or changes a view flows through. The rewrites are syntactic (a tokenizer,
 * parentheses and clauses, no type inference): derived tables get an alias,
 * `JOIN t` without ON gets ON TRUE, `x IN tbl` becomes `x IN (SELECT * FROM
 * tbl)`, `a IS NOT b` becomes IS DISTINCT FROM, LIKE becomes ILIKE (SQLite's is
 * case-insensitive), CAST(x AS INTEGER) becomes sqlite_int(x) (SQLite truncates,
 * PostgreSQL rounds), printf's arguments are cast to text, columns SQLite lets a
 * GROUP BY leave bare are added to it, SELECT DISTINCT ordered by a column it
 * does not select becomes a GROUP BY ordered by that column's least value, CASE
 * results inside PARTITION BY are compared as text, and rowid is the column the
 * replica keeps it in. SQLite's functions that PostgreSQL lacks or defines otherwise (printf,
 * date, julianday, strftime, group_concat, min/max of two values, round,
 * substr, instr, sum of a comparison...) are defined in the replica's schema
 * (store/sync-compat.sql), so the rest of the text is kept as it is.
 */
#ifndef GW_SYNC_SQL_H
#define GW_SYNC_SQL_H

#include "lib/buf.h"

/*
 * What the translation needs to know of the tables: the column a table's rowid is in
 * the replica (its INTEGER PRIMARY KEY column, else gw_row), or NULL for a table it
 * does not know. rowid is then that column of the table the query reads it from.
 */
struct sqlpg_tables {
	const char *(*rowid)(void *arg, const char *table, size_t len);
	void *arg;
};

/*
 * Translates sql, a SELECT statement (or an expression) of SQLite, into
 * PostgreSQL in out; tables may be NULL. Returns 0, or -1 with what it cannot
 * translate in why (e.g. "GLOB"); out is then incomplete.
 */
int sqlpg_translate(const char *sql, const struct sqlpg_tables *tables, struct buf *out, struct buf *why);

/*
 * The SELECT of a CREATE VIEW statement: sets *start to the offset of the text
 * after "CREATE VIEW name [(columns)] AS". Returns 0, or -1 if sql is not one.
 */
int sqlpg_view_select(const char *sql, size_t *start);

/* The CHECK constraints of a CREATE TABLE statement, each "(expr)" as SQLite
 * wrote it, appended to checks separated by '\n'. Returns their count. */
int sqlpg_table_checks(const char *sql, struct buf *checks);

#endif
