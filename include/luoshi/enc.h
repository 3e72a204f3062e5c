/* enc.h - detect a text file's encoding and convert it to UTF-8 through iconv. */
#ifndef LUOSHI_ENC_H
#define LUOSHI_ENC_H

#include <stddef.h>
#include <stdint.h>

#include "luoshi/util.h"

#define ENC_NAME_MAX 32

/* Detect the encoding of buf (DESIGN.md §3): BOM (UTF-8, UTF-32LE/BE,
 * UTF-16LE/BE, GB18030) -> UTF-16 by NUL pattern -> strict UTF-8 -> strict
 * GB18030. BOM-less UTF-16 must be told by its newline units, a large share
 * of NULs or Chinese-looking text; an 8-bit text with a few stray NULs is
 * refused as binary ("NUL byte at offset N"). On success writes a canonical name ("UTF-8", "GB18030",
 * "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE") into name and returns LU_OK.
 * Empty input, NUL bytes in an 8-bit text and input invalid in every
 * candidate give LU_ENCODING; *bad_offset receives the byte offset of the
 * first bad sequence (of the best candidate) when one applies. */
enum lu_status enc_detect(const unsigned char *buf, size_t n, char name[ENC_NAME_MAX],
			  size_t *bad_offset);

/* Convert n bytes in encoding `from` to UTF-8, in chunks through iconv.
 * A leading BOM is dropped. On an invalid or truncated sequence returns
 * LU_ENCODING with *bad_offset = input offset of the bad sequence.
 * *out is NUL-terminated and malloc'ed. */
enum lu_status enc_to_utf8(const char *from, const unsigned char *buf, size_t n, char **out,
			   size_t *outlen, size_t *bad_offset);

/* Convert UTF-8 to encoding `to` (e.g. "GBK", "GB18030"). Characters the
 * target cannot represent become '?'. *out is NUL-terminated, malloc'ed. */
enum lu_status enc_from_utf8(const char *to, const char *s, size_t n, char **out,
			     size_t *outlen);
/* The same, counting into *lost the characters (and invalid bytes) that
 * became '?', and the first one's code point into *first (U+FFFD for an
 * invalid byte; untouched when none). */
enum lu_status enc_from_utf8_lost(const char *to, const char *s, size_t n, char **out,
				  size_t *outlen, size_t *lost, uint32_t *first);

/* Read path, detect (or use force_enc when not NULL), convert to UTF-8.
 * Sets name to the encoding used. Errors (LU_IO, LU_ENCODING) carry one
 * sentence naming the file and, for bad bytes, the byte offset. The result
 * must additionally be refused when it decodes to text containing NUL
 * (binary file) - enc_read_file does that check too. */
enum lu_status enc_read_file(const char *path, const char *force_enc, char name[ENC_NAME_MAX],
			     char **text, size_t *textlen);

/* A text file read and converted to UTF-8 a chunk at a time, so that
 * memory stays flat however large the file. enc_reader_open detects the
 * encoding (or takes force_enc) as enc_read_file does, from the first MB
 * of a larger file, and then checks the whole file in chunks: every
 * refusal of enc_read_file (bad bytes with their offset, NUL characters,
 * nothing but white space) comes from it, before any text is given out.
 * enc_reader_next appends the next piece of text (whole characters, a
 * leading BOM dropped) to out; *eof is set when all of it was given. The
 * text given out is byte for byte what enc_read_file gives. */
struct enc_reader;
enum lu_status enc_reader_open(const char *path, const char *force_enc, struct enc_reader **out);
enum lu_status enc_reader_next(struct enc_reader *r, struct sbuf *out, int *eof);
const char *enc_reader_name(const struct enc_reader *r); /* the encoding read */
long long enc_reader_size(const struct enc_reader *r);   /* the file's bytes */
long long enc_reader_pos(const struct enc_reader *r);    /* of them, converted so far */
void enc_reader_close(struct enc_reader *r);

/* Canonical form of a user-given encoding name (case-insensitive, '-', '_'
 * and '.' ignored): utf8 -> "UTF-8"; gb2312, euc-cn, gb18030 -> "GB18030"
 * (glibc's GB2312 table maps — and · wrongly); gbk, cp936 -> "GBK" (so an
 * export to GBK stays GBK); utf-16[le|be], utf-32[le|be]. A forced "UTF-16"
 * or "UTF-32" gets its byte order from the BOM or the NULs when reading.
 * Other names iconv knows are returned upper-cased in a static buffer
 * (valid until the next call). Returns NULL when iconv does not know the
 * name or it contains '/' (no //TRANSLIT smuggling). */
const char *enc_canonical(const char *name);

#endif
