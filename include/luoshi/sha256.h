/* sha256.h - content hash for duplicate detection of imported documents. */
#ifndef LUOSHI_SHA256_H
#define LUOSHI_SHA256_H

#include <stddef.h>

/* Hex digest (64 characters + NUL) of n bytes. */
void sha256_hex(const void *data, size_t n, char out[65]);
/* The same digest by the portable code alone, never the processor's SHA
 * instructions (the tests compare the two). */
void sha256_hex_plain(const void *data, size_t n, char out[65]);
/* Does sha256_hex use the processor's SHA instructions here? */
int sha256_accelerated(void);

#endif
