/*
 * banned: C library functions the code must not call (after git's banned.h).
 * Each is a macro that names the function in an undeclared identifier, so a
 * call fails to compile ("sorry_strcpy_is_a_banned_function").
 *
 * Every .c file includes it last, after its system headers (a header declared
 * after it would see the macros), as "lib/banned.h" from the tree's root.
 *
 * Instead of:
 *   strcpy, strcat, strncpy, strncat   struct buf (buf.h), memcpy, snprintf
 *   sprintf, vsprintf                  snprintf, vsnprintf, buf_printf
 *   strtok, strtok_r                   a cursor over the text (strchr, memchr)
 *   gets                               fgets, getline
 *   gmtime, localtime, ctime, asctime  gmtime_r, localtime_r, strftime
 *   ctime_r, asctime_r                 strftime
 *   mktemp                             mkstemp
 */
#ifndef GW_BANNED_H
#define GW_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)

#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)

#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef strtok_r
#define strtok_r(x, y, z) BANNED(strtok_r)

#undef gets
#define gets(x) BANNED(gets)

#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef ctime_r
#define ctime_r(t, buf) BANNED(ctime_r)
#undef asctime
#define asctime(t) BANNED(asctime)
#undef asctime_r
#define asctime_r(t, buf) BANNED(asctime_r)

#undef mktemp
#define mktemp(x) BANNED(mktemp)

#endif
