/*
 * The store's migrations, compiled in: the Makefile generates the table from
 * schemas/NNN-name.sql. Only store/db.c reads it; others ask store/db.h
 * (store_migration_sql).
 */
#ifndef GW_MIGRATIONS_H
#define GW_MIGRATIONS_H

struct migration {
	int version;		/* NNN */
	const char *name;	/* "NNN-name", the file's name without .sql */
	const char *sql;
};
/* In order of version, ended by an entry whose sql is NULL. */
extern const struct migration gw_migrations[];

#endif
