/* utf8.h - our own UTF-8 decoding: we never rely on the locale's mb functions. */
#ifndef LUOSHI_UTF8_H
#define LUOSHI_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (n bytes available, n >= 1). Returns bytes
 * consumed (1..4). An invalid or truncated sequence yields U+FFFD and
 * consumes 1 byte. Strict: rejects overlongs, surrogates, > U+10FFFF. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Encode cp into out (at least 4 bytes); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);

/* Offset of the first invalid byte, or (size_t)-1 when all n bytes are
 * valid strict UTF-8. A sequence truncated by the end is invalid. */
size_t utf8_check(const char *s, size_t n);

/* Number of code points in s (invalid bytes count as one each). */
size_t utf8_count(const char *s, size_t n);

#endif
