/* utf8.h - our own UTF-8 decoding: we never rely on the locale's mb functions. */
#ifndef LUOSHI_UTF8_H
#define LUOSHI_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (n bytes available, n >= 1). Returns bytes
 * consumed (1..4). An invalid or truncated sequence yields U+FFFD and
 * consumes 1 byte. Strict: rejects overlongs, surrogates, > U+10FFFF. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* utf8_decode for the loops that walk every character of a text (the
 * extractor, deadlines, titles, the import's judgement of a file): ASCII
 * and a well-formed 3-byte character (every Chinese one) decoded inline,
 * anything else by utf8_decode; the same code points either way. */
static inline size_t utf8_decode_fast(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xE0 && u[0] <= 0xEF && n >= 3 && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		uint32_t v = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
			*cp = v;
			return 3;
		}
	}
	return utf8_decode(s, n, cp);
}

/* Encode cp into out (at least 4 bytes); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);

/* Offset of the first invalid byte, or (size_t)-1 when all n bytes are
 * valid strict UTF-8. A sequence truncated by the end is invalid. */
size_t utf8_check(const char *s, size_t n);

/* Number of code points in s (invalid bytes count as one each). */
size_t utf8_count(const char *s, size_t n);

#endif
