/* sha256.h - content hash for duplicate detection of imported documents. */
#ifndef LUOSHI_SHA256_H
#define LUOSHI_SHA256_H

#include <stddef.h>

/* Hex digest (64 characters + NUL) of n bytes. */
void sha256_hex(const void *data, size_t n, char out[65]);

#endif
