/* spool.c - records in buckets, read back bucket by bucket (spool.h).
 * Each bucket gathers its records in a block of memory; a full block is
 * appended to one temporary file (made on the first), and the bucket
 * keeps where. A record is its length (4 bytes) and its bytes. */
#include "config.h"
#include "luoshi/spool.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct block {
	off_t at;
	size_t len;
};

struct bucket {
	struct sbuf buf;
	struct block *blocks;
	size_t n;
};

struct spool {
	struct bucket *b;
	size_t nb, block; /* bytes a bucket holds before it is written */
	FILE *f;
	off_t end;
};

static const char *tmp_dir(void)
{
	const char *d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

static enum lu_status io_error(void)
{
	return lu_error(LU_IO, "the listing stops here: cannot write its temporary file in %s: %s",
			tmp_dir(), strerror(errno));
}

/* The blocks: 1 MiB shared out among the buckets, 512 B to 8 KiB each. */
struct spool *spool_new(size_t buckets)
{
	struct spool *s = xcalloc(1, sizeof *s);
	s->nb = buckets;
	s->b = xcalloc(buckets ? buckets : 1, sizeof *s->b);
	s->block = buckets ? (1u << 20) / buckets : 8192;
	s->block = s->block < 512 ? 512 : s->block > 8192 ? 8192 : s->block;
	return s;
}

/* The temporary file, in $TMPDIR like other tools' (tmpfile() would
 * take /tmp whatever it says), gone from the directory at once. */
static FILE *tmp_open(void)
{
	struct sbuf path = SBUF_INIT;
	sbuf_addf(&path, "%s/luoshi-spool.XXXXXX", tmp_dir());
	int fd = mkstemp(path.s);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w+");
	if (fd >= 0) {
		unlink(path.s);
		if (!f)
			close(fd);
	}
	sbuf_free(&path);
	return f;
}

static enum lu_status write_block(struct spool *s, struct bucket *b)
{
	if (!s->f && !(s->f = tmp_open()))
		return io_error();
	if (fwrite(b->buf.s, 1, b->buf.len, s->f) != b->buf.len)
		return io_error();
	b->blocks = xreallocarray(b->blocks, b->n + 1, sizeof *b->blocks);
	b->blocks[b->n++] = (struct block){s->end, b->buf.len};
	s->end += (off_t)b->buf.len;
	sbuf_reset(&b->buf);
	return LU_OK;
}

enum lu_status spool_add(struct spool *s, size_t bucket, const void *rec, size_t len)
{
	struct bucket *b = &s->b[bucket];
	uint32_t n = (uint32_t)len;
	sbuf_add(&b->buf, (const char *)&n, sizeof n);
	sbuf_add(&b->buf, rec, len);
	return b->buf.len >= s->block ? write_block(s, b) : LU_OK;
}

/* The records of one block of len bytes at p. */
static int each_record(const char *p, size_t len, spool_fn fn, void *ctx)
{
	uint32_t n;
	for (size_t i = 0; i + sizeof n <= len; i += sizeof n + n) {
		memcpy(&n, p + i, sizeof n);
		if (fn(p + i + sizeof n, n, ctx))
			return 1;
	}
	return 0;
}

static enum lu_status read_block(struct spool *s, const struct block *k, char **buf, size_t *cap)
{
	if (k->len > *cap) {
		*cap = k->len;
		*buf = xrealloc(*buf, *cap);
	}
	if (fflush(s->f) != 0) /* the blocks written last, still buffered */
		return io_error();
	errno = 0;
	if (fseeko(s->f, k->at, SEEK_SET) != 0 || fread(*buf, 1, k->len, s->f) != k->len)
		return lu_error(LU_IO, "the listing stops here: cannot read its temporary file in %s: %s",
				tmp_dir(), errno ? strerror(errno) : "?");
	return LU_OK;
}

enum lu_status spool_each(struct spool *s, size_t bucket, spool_fn fn, void *ctx, int *stopped)
{
	struct bucket *b = &s->b[bucket];
	char *buf = NULL;
	size_t cap = 0;
	enum lu_status st = LU_OK;
	*stopped = 0;
	for (size_t i = 0; st == LU_OK && !*stopped && i < b->n; i++)
		if ((st = read_block(s, &b->blocks[i], &buf, &cap)) == LU_OK)
			*stopped = each_record(buf, b->blocks[i].len, fn, ctx);
	free(buf);
	if (st == LU_OK && !*stopped)
		*stopped = each_record(b->buf.s, b->buf.len, fn, ctx);
	if (s->f)
		fseeko(s->f, 0, SEEK_END); /* the next block is appended */
	return st;
}

void spool_free(struct spool *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nb; i++) {
		sbuf_free(&s->b[i].buf);
		free(s->b[i].blocks);
	}
	free(s->b);
	if (s->f)
		fclose(s->f);
	free(s);
}
