/* phrase.c - where a long Chinese phrase can be cut for a title or a
 * heading: at punctuation or a conjunction, never inside brackets or
 * quotes, never in the middle of a word as far as the text shows it. */
#include "config.h"
#include "luoshi/phrase.h"

#include <stdint.h>
#include <string.h>

#include "luoshi/utf8.h"

/* The code point at s[i] (0 past the end): every title of an import is
 * cut here. */
static inline size_t cp(const char *s, size_t n, size_t i, uint32_t *c)
{
	if (i >= n) {
		*c = 0;
		return 0;
	}
	return utf8_decode_fast(s + i, n - i, c);
}

static int is_conj(uint32_t c)
{
	return c == 0x548C || c == 0x6216 || c == 0x53CA || c == 0x4E0E || c == 0x5E76; /* 和或及与并 */
}

/* A good place to cut a long clause, within max characters: best before
 * 、（“《 or after a closing bracket (keeping at least half of max); else
 * before 关于 / 以及 / 和 / 或; else after 的. 0 when there is none, and
 * the caller cuts at max. All of these lie outside brackets. */
static size_t natural_cut(const char *s, size_t n, size_t max)
{
	struct phrase_depth d = {0, 0, 0};
	size_t i = 0, k = 0, punct = 0, word = 0, de = 0, prev = 0;
	uint32_t pc = 0;
	while (i < n && k < max) {
		uint32_t c;
		size_t l = cp(s, n, i, &c);
		int top = phrase_at_top(&d);
		if (top && k >= max / 2 && (c == 0x3001 || c == 0xFF08 || c == 0x201C || c == 0x300A))
			punct = is_conj(pc) ? prev : i; /* …制度化和“…: cut before 和 */
		if (top && k >= max / 3 &&
		    (c == 0x548C || c == 0x6216 || (n - i >= 6 && (memcmp(s + i, "关于", 6) == 0 ||
								   memcmp(s + i, "以及", 6) == 0))))
			word = i;
		phrase_track(&d, c);
		prev = i, pc = c;
		i += l, k++;
		if (phrase_at_top(&d) && !top && k >= max / 2)
			punct = i;
		if (top && c == 0x7684 && k >= max / 2)
			de = i;
	}
	return punct ? punct : word ? word : de;
}

/* 3 for a well-formed sequence led by E4..E9 at s[i] (an ideograph, which
 * cp decodes in 3 bytes too), else 0: counting characters, the most
 * common ones need no decoding. */
static size_t ideograph(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	return n - i >= 3 && u[0] >= 0xE4 && u[0] <= 0xE9 && (u[1] & 0xC0) == 0x80 &&
			       (u[2] & 0xC0) == 0x80
		       ? 3
		       : 0;
}

size_t phrase_cut(const char *s, size_t n, size_t max)
{
	size_t i = 0, k = 0;
	uint32_t c;
	for (; i < n && k < max; k++) {
		size_t l = ideograph(s, n, i);
		i += l ? l : cp(s, n, i, &c);
	}
	if (i >= n)
		return n;
	size_t cut = natural_cut(s, n, max);
	return cut ? cut : i;
}
