/* phrase.h - cutting a long Chinese phrase at a natural place. */
#ifndef LUOSHI_PHRASE_H
#define LUOSHI_PHRASE_H

#include <stddef.h>
#include <stdint.h>

/* Depth of quotes (“「『), brackets (（ 【 and ASCII) and book-title marks
 * (《), so that a cut, or a sentence or clause end, is never taken
 * inside them. Start at {0, 0, 0}; feed every code point. */
struct phrase_depth {
	int quote, paren, book;
};
/* Inline: the extractor feeds every character of every sentence through
 * these, several times over. */
static inline void phrase_track(struct phrase_depth *d, uint32_t c)
{
	if (c > 0x3011 && c < 0xFF08)
		return; /* every ideograph: none of the marks */
	if (c == 0x201C || c == 0x300C || c == 0x300E)
		d->quote++;
	else if ((c == 0x201D || c == 0x300D || c == 0x300F) && d->quote)
		d->quote--;
	else if (c == 0xFF08 || c == '(' || c == 0x3010) /* （ ( 【 */
		d->paren++;
	else if ((c == 0xFF09 || c == ')' || c == 0x3011) && d->paren)
		d->paren--;
	else if (c == 0x300A)
		d->book++;
	else if (c == 0x300B && d->book)
		d->book--;
}

static inline int phrase_at_top(const struct phrase_depth *d)
{
	return !d->quote && !d->paren && !d->book;
}

/* The byte length of s cut to at most max characters: all of it when it
 * fits; else before 、（“《 or after a closing bracket (keeping at least
 * half of max), else before 和 / 或 / 关于 / 以及, else after 的, else at
 * max. Never inside brackets or quotes. */
size_t phrase_cut(const char *s, size_t n, size_t max);

#endif
