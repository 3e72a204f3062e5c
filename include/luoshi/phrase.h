/* phrase.h - cutting a long Chinese phrase at a natural place. */
#ifndef LUOSHI_PHRASE_H
#define LUOSHI_PHRASE_H

#include <stddef.h>

/* The byte length of s cut to at most max characters: all of it when it
 * fits; else before 、（“《 or after a closing bracket (keeping at least
 * half of max), else before 和 / 或 / 关于 / 以及, else after 的, else at
 * max. Never inside brackets or quotes. */
size_t phrase_cut(const char *s, size_t n, size_t max);

#endif
