/*
 * Reading JSON with SQLite's JSON functions (no JSON library, no hand-written
 * JSON parser): a private in-memory connection that parsers prepare queries
 * on, binding the document text as a parameter, e.g.
 *
 *   SELECT j.key, j.value FROM json_each(?1, '$.facts') AS j
 *
 * SQLite checks the text and fails the query with "malformed JSON" when it
 * is not JSON. Documents larger than JSONQ_MAX are refused by jsonq_bind.
 */
#ifndef GW_JSONQ_H
#define GW_JSONQ_H

#include <stddef.h>
#include <sqlite3.h>

#define JSONQ_MAX (512u << 20)

/* The connection, opened on first use; NULL (with a message) if it cannot be. */
sqlite3 *jsonq_db(void);
/* Prepares sql on the connection; NULL with a message naming the error. */
sqlite3_stmt *jsonq_prepare(const char *sql);
/* Binds the n bytes at s as text to parameter i (not copied: s must outlive
 * the statement's use). Returns SQLITE_OK or an error code. */
int jsonq_bind(sqlite3_stmt *st, int i, const void *s, size_t n);
/* 1 if the n bytes at s are one well-formed JSON text. */
int jsonq_valid(const void *s, size_t n);
/* The connection's last error message. */
const char *jsonq_errmsg(void);
/* Column text as a C string or NULL, and its length. */
const char *jsonq_text(sqlite3_stmt *st, int col, size_t *len);
void jsonq_close(void);

#endif
