/* Byte search over length-bounded data (never NUL-terminated as far as callers may assume). */
#ifndef GW_MEM_H
#define GW_MEM_H

#include <stddef.h>

/* The first occurrence of the string needle in hay's n bytes, or NULL; hay itself if needle is "". */
const unsigned char *mem_find(const unsigned char *hay, size_t n, const char *needle);

#endif
