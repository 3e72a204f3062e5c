/* spool.h - records put in numbered buckets in any order and read back
 * bucket by bucket, each in the order put: a bucket sort whose records
 * wait in a temporary file, so that memory stays a block per bucket
 * however many records pass (the whole grouped task list: one pass of
 * the list, each group printed in turn). */
#ifndef LUOSHI_SPOOL_H
#define LUOSHI_SPOOL_H

#include <stddef.h>

#include "luoshi/util.h"

struct spool;

struct spool *spool_new(size_t buckets);
enum lu_status spool_add(struct spool *s, size_t bucket, const void *rec, size_t len);
/* fn gets each record of bucket in the order put; it returns 1 to stop
 * (*stopped then set). */
typedef int (*spool_fn)(const char *rec, size_t len, void *ctx);
enum lu_status spool_each(struct spool *s, size_t bucket, spool_fn fn, void *ctx, int *stopped);
void spool_free(struct spool *s);

#endif
