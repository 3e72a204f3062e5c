/* seed.h - the bundled sample document, compiled into the program. */
#ifndef LUOSHI_SEED_H
#define LUOSHI_SEED_H

#include <stddef.h>

/* Name under which the bundled document is recorded. */
#define SEED_FILENAME "zhuti-jiaoyu-yijian-2024.txt"

/* The bytes of data/zhuti-jiaoyu-yijian-2024.txt (UTF-8). */
const unsigned char *seed_bytes(size_t *len);

#endif
