/* import.c - the import pipeline shared by the command line and the screens:
 * read and decode, parse, judge whether the text looks like a document at
 * all, store. */
#include "config.h"
#include "luoshi/import.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/parse.h"
#include "luoshi/seed.h"
#include "luoshi/split.h"
#include "luoshi/utf8.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Nothing in the text reads as a title: the file's name says best what
 * the document is (通知.txt -> 通知). */
static void title_from_name(struct pdoc *doc, const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t n = dot && dot != name ? (size_t)(dot - name) : strlen(name);
	if (doc->title_from != TITLE_NONE || !n)
		return;
	free(doc->title);
	doc->title = xstrndup(name, n);
}

/* path names the file in messages (NULL: the bundled document); doubt,
 * when not NULL, receives why the text looks wrong, if it does. */
static enum lu_status import_text(struct db *db, const char *text, size_t len, const char *enc,
				  const char *path, int flags, struct db_import_result *res,
				  char **doubt)
{
	struct pdoc doc;
	memset(&doc, 0, sizeof doc);
	enum lu_status st = parse_document(text, len, &doc);
	char *why = st == LU_OK && doubt ? import_doubt(text, len, &doc) : NULL;
	if (why && (flags & IMPORT_STRICT))
		st = lu_error(LU_ERR, "%s was not imported: %s; nothing was written (--strict)",
			      path, why);
	if (st == LU_OK && path)
		title_from_name(&doc, base_name(path));
	if (st == LU_OK)
		st = db_import(db, &doc, enc, text, len, path ? base_name(path) : SEED_FILENAME,
			       flags & ~IMPORT_STRICT, lu_username(), res);
	if (st == LU_OK)
		res->title_from = doc.title_from;
	pdoc_free(&doc);
	if (doubt && st == LU_OK)
		*doubt = why;
	else
		free(why);
	return st;
}

/* What one document of a file gave, for import_file's caller. */
struct last_doc {
	char *enc;
	struct db_import_result *res;
	char **doubt;
};

static void keep_last(void *arg, int n, int more, const char *enc, enum lu_status st,
		      const struct db_import_result *res, const char *doubt)
{
	struct last_doc *k = arg;
	snprintf(k->enc, ENC_NAME_MAX, "%s", enc);
	*k->res = *res;
	free(*k->doubt);
	*k->doubt = st == LU_OK && doubt ? xstrdup(doubt) : NULL;
}

enum lu_status import_file(struct db *db, const char *path, enum fmt_kind kind,
			   const char *force_enc, int flags, char enc[ENC_NAME_MAX],
			   struct db_import_result *res, char **doubt)
{
	char *dummy = NULL;
	if (!doubt)
		doubt = &dummy;
	*doubt = NULL;
	struct last_doc k = {enc, res, doubt};
	struct import_report rep = {.doc = keep_last, .arg = &k};
	enum lu_status st = import_file_each(db, path, kind, force_enc, flags, &rep);
	free(dummy);
	return st;
}

/* One document of a file, told to the caller. n counts from 1. */
static enum lu_status import_one(struct db *db, const char *text, size_t len, const char *enc,
				 const char *path, int flags, int n, int more,
				 const struct import_report *rep)
{
	struct db_import_result res;
	char *doubt = NULL;
	memset(&res, 0, sizeof res);
	enum lu_status st = import_text(db, text, len, enc, path, flags, &res, &doubt);
	if (rep->doc)
		rep->doc(rep->arg, n, more, enc, st, &res, doubt);
	free(doubt);
	return st;
}

/* How often, in bytes read, progress is told. */
#define PROGRESS_STEP ((long long)1 << 20)

/* A text file: read and converted in chunks, split into its documents
 * (split.h), each parsed and stored as soon as it is complete, so memory
 * holds one document at a time. The first failure stops the file: the
 * documents before it stay (each was all or nothing) and a second import
 * of the file skips them as duplicates. */
static enum lu_status import_stream(struct db *db, const char *path, const char *force_enc,
				    int flags, const struct import_report *rep)
{
	struct enc_reader *r;
	enum lu_status st = enc_reader_open(path, force_enc, &r);
	if (st != LU_OK)
		return st;
	struct split sp;
	struct sbuf chunk = SBUF_INIT;
	int eof = 0, n = 0;
	long long told = 0;
	split_init(&sp);
	db_import_many_begin(db);
	while (st == LU_OK && !eof) {
		sbuf_reset(&chunk);
		if ((st = enc_reader_next(r, &chunk, &eof)) != LU_OK)
			break;
		split_feed(&sp, chunk.s ? chunk.s : "", chunk.len);
		if (eof)
			split_finish(&sp);
		char *text;
		size_t len;
		int more;
		while (st == LU_OK && split_take(&sp, &text, &len, &more)) {
			st = import_one(db, text, len, enc_reader_name(r), path, flags, ++n, more, rep);
			free(text);
			if (rep->progress)
				rep->progress(rep->arg, enc_reader_pos(r), enc_reader_size(r), n);
		}
		long long pos = enc_reader_pos(r);
		if (rep->progress && (pos - told >= PROGRESS_STEP || eof)) {
			rep->progress(rep->arg, pos, enc_reader_size(r), n);
			told = pos;
		}
	}
	db_import_many_end(db);
	sbuf_free(&chunk);
	split_free(&sp);
	enc_reader_close(r);
	return st;
}

enum lu_status import_file_each(struct db *db, const char *path, enum fmt_kind kind,
				const char *force_enc, int flags, const struct import_report *rep)
{
	enum fmt_kind k;
	enum lu_status st = fmt_tell(path, kind, &k);
	if (st != LU_OK)
		return st;
	if (k == FMT_TEXT)
		return import_stream(db, path, force_enc, flags, rep);
	/* a .docx, a web page or a PDF becomes text here; enc names the format */
	char *text = NULL, enc[ENC_NAME_MAX] = "";
	size_t len = 0;
	st = fmt_read_file(path, kind, force_enc, enc, &text, &len);
	if (st != LU_OK) /* a reader may leave text pointing at what it freed */
		return st;
	st = import_one(db, text, len, enc, path, flags, 1, 0, rep);
	free(text);
	return st;
}

enum lu_status import_seed_if_empty(struct db *db)
{
	if (db_readonly(db) || !db_is_empty(db))
		return LU_OK;
	size_t len;
	const char *text = (const char *)seed_bytes(&len);
	struct db_import_result res;
	return import_text(db, text, len, "UTF-8", NULL, 0, &res, NULL);
}

/* ---- does it look like a Chinese document? ---- */

/* Characters Chinese documents use: ASCII, the CJK ideographs and their
 * punctuation, full-width forms, and the symbols GB 2312 and GBK carry.
 * Text decoded in the wrong encoding (UTF-8 read as UTF-16, random bytes
 * that happen to be valid GB18030) is full of the rest: private-use,
 * Hangul, rare ideographs, controls. */
static int usual_char(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{0x09, 0x0A},	  {0x0D, 0x0D},	    {0x20, 0x7E},     {0xA0, 0xFF},
		{0x2000, 0x206F}, {0x2100, 0x22FF}, {0x2460, 0x24FF}, {0x2500, 0x26FF},
		{0x3000, 0x312F}, {0x3200, 0x33FF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF},
		{0xFE30, 0xFE4F}, {0xFF00, 0xFFEF},
	};
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return 1;
	return 0;
}

/* The commonest function words of written Chinese: in real text 的 alone
 * is several percent of the characters; in random ideographs all of them
 * together are under one in a thousand. A switch: it is asked of every
 * ideograph of every file, and a compiler turns it into a few compares. */
static int common_word(uint32_t c)
{
	switch (c) {
	case 0x7684: /* 的 */
	case 0x662F: /* 是 */
	case 0x5728: /* 在 */
	case 0x548C: /* 和 */
	case 0x4E86: /* 了 */
	case 0x8981: /* 要 */
	case 0x4E0E: /* 与 */
	case 0x5BF9: /* 对 */
	case 0x4E3A: /* 为 */
	case 0x7B49: /* 等 */
	case 0x53CA: /* 及 */
	case 0x5E76: /* 并 */
	case 0x5C06: /* 将 */
	case 0x5404: /* 各 */
	case 0x4EE5: /* 以 */
	case 0x4E2D: /* 中 */
	case 0x4E0D: /* 不 */
	case 0x6709: /* 有 */
		return 1;
	default:
		return 0;
	}
}

struct text_counts {
	size_t chars; /* not white space */
	size_t han, common, unusual;
};

/* Every character of the file is counted: the ideographs, which are most
 * of them and all usual, skip the two table searches. */
static void count_text(const char *text, size_t len, struct text_counts *k)
{
	memset(k, 0, sizeof *k);
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_decode_fast(text + i, len - i, &c);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000)
			continue;
		k->chars++;
		if (c >= 0x4E00 && c <= 0x9FFF) {
			k->han++;
			k->common += common_word(c);
			continue;
		}
		k->unusual += !usual_char(c);
	}
}

/* Below these sizes a text is too short to judge by its characters. */
enum { DOUBT_MIN_CHARS = 50, DOUBT_MIN_HAN = 200 };

char *import_doubt(const char *text, size_t len, const struct pdoc *doc)
{
	struct text_counts k;
	struct sbuf b = SBUF_INIT;
	count_text(text, len, &k);
	/* a 决定, a 批复 or a notice of appointments has no numbered parts;
	 * one whose 文号 was read is such a document, not a wrong file */
	if (doc && doc->nnodes == 0 && !(doc->number && *doc->number))
		sbuf_adds(&b, _("no structure was found in it (0 nodes: no 一、, （一）, 1. or 第X条)"));
	if (k.chars >= DOUBT_MIN_CHARS && k.han == 0)
		sbuf_addf(&b, _("%sit contains no Chinese text"), b.len ? _(" and ") : "");
	else if (k.chars >= DOUBT_MIN_CHARS && k.unusual * 20 > k.chars)
		sbuf_addf(&b, _("%s%zu%% of its characters are ones Chinese documents do not use"
				" (private-use, Korean, rare or control characters), as in text read"
				" in the wrong encoding"),
			  b.len ? _(" and ") : "", k.unusual * 100 / k.chars);
	else if (k.han >= DOUBT_MIN_HAN && k.common * 100 < k.han)
		sbuf_addf(&b, _("%sthe commonest Chinese words (的、是、在、和…) are almost absent, as in"
				" text read in the wrong encoding"),
			  b.len ? _(" and ") : "");
	return b.len ? sbuf_detach(&b) : NULL;
}
