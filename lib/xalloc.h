/*
 * xalloc: the one copy of the allocation helpers, with one out-of-memory
 * policy: they return NULL (errno ENOMEM) and never exit. The caller says
 * "out of memory" (or hands the failure up) and returns its error, so only
 * a tool's main decides the exit status (lib/msg.h).
 */
#ifndef GW_XALLOC_H
#define GW_XALLOC_H

/* A malloc'd copy of s (not NULL), or NULL when out of memory. */
char *xstrdup(const char *s);

#endif
