/* extract_impl.h - internals shared by extract.c (sentences, titles,
 * recurrence), extract_unit.c (who) and extract_table.c (task tables). */
#ifndef LUOSHI_EXTRACT_IMPL_H
#define LUOSHI_EXTRACT_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "luoshi/deadline.h"
#include "luoshi/extract.h"
#include "luoshi/phrase.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

/* Byte length of the UTF-8 sequence led by b (1 for a stray byte). */
static inline size_t utf8_seq_len(unsigned char b)
{
	return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

static inline int xt_starts(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s, p, k) == 0;
}

static inline int xt_ends(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s + n - k, p, k) == 0;
}

/* memmem, the same first match, for the extractor's short needles: glibc
 * prepares a shift table for every call, and the extractor searches each
 * sentence for a dozen words. */
const char *xt_search(const char *s, size_t n, const char *p, size_t k);

static inline const char *xt_find(const char *s, size_t n, const char *p)
{
	return xt_search(s, n, p, strlen(p));
}

/* ---- word lists (extract_text.c) ---- */

/* A fixed list of words (whole UTF-8 characters, at most XT_WORDS_MAX of
 * them) tried at one place of a sentence, in their order.
 * The extractor asks "which word of the list starts here?" at almost every
 * character of every sentence, so the list is indexed on first use by its
 * words' first character (a hash chain per bucket, in list order): one
 * lookup and a memcmp or two instead of a strlen and memcmp per word. The
 * answer is the same as trying every word in order. "Which word ends
 * here?" (is this a unit's name: …部, …委员会) is asked as often, so the
 * words are chained by their last character too. */
#define XT_WORDS_MAX 128
#define XT_WORDS_BUCKETS 256
struct xt_words {
	const char *const *w;
	size_t n;
	int ready;
	unsigned char len[XT_WORDS_MAX];
	unsigned char head[XT_WORDS_BUCKETS]; /* 1 + first index, 0: none */
	unsigned char next[XT_WORDS_MAX];     /* 1 + next index, 0: none */
	unsigned char tail[XT_WORDS_BUCKETS]; /* the same by last character */
	unsigned char tnext[XT_WORDS_MAX];
};
#define XT_WORDS(list) {.w = (list), .n = ARRAY_SIZE(list)}
/* The index in the list of the first word that s starts with, or -1. */
int xt_word_at(struct xt_words *ws, const char *s, size_t n);
/* The index of the first word that s ends with, or -1. */
int xt_word_end(struct xt_words *ws, const char *s, size_t n);
/* The index of the first word that s is (all of it), or -1. */
int xt_word_is(struct xt_words *ws, const char *s, size_t n);
/* Does any word of the list occur anywhere in s (as memmem finds it)? */
int xt_any_word(struct xt_words *ws, const char *s, size_t n);
/* The first offset in [i, lim) (lim <= n) where a word of the list starts
 * (xt_word_at(ws, s + offset, n - offset) >= 0), else lim. */
size_t xt_next_word(struct xt_words *ws, const char *s, size_t n, size_t i, size_t lim);

/* ---- characters (extract_text.c) ---- */

/* The code point at s[i] (0 past the end) and its length. Sentences are
 * walked character by character many times over: inline, and a Chinese
 * character decoded without a call (utf8_decode_fast). */
static inline size_t xt_cp(const char *s, size_t n, size_t i, uint32_t *c)
{
	if (i >= n) {
		*c = 0;
		return 0;
	}
	return utf8_decode_fast(s + i, n - i, c);
}

/* 3 when s[i] (i < n) is an ideograph of U+4000..U+9FFF (a well-formed
 * sequence led by E4..E9, which xt_cp decodes to that), else 0. Most
 * characters of a sentence are: no sentence or clause end, bracket or
 * quote, so the walks that look for those step over them at once. */
static inline size_t xt_ideograph(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	return n - i >= 3 && u[0] >= 0xE4 && u[0] <= 0xE9 && (u[1] & 0xC0) == 0x80 &&
			       (u[2] & 0xC0) == 0x80
		       ? 3
		       : 0;
}

/* The kinds of character sentences are cut at, asked of every character
 * as sentences and clauses are walked: inline. */
static inline int xt_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\r';
}

static inline int xt_sentence_end(uint32_t c) /* 。！？； */
{
	return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == '!' || c == '?' ||
	       c == ';';
}

static inline int xt_closer(uint32_t c) /* ” ’ ） 」 』 》 */
{
	return c == 0x201D || c == 0x2019 || c == 0xFF09 || c == ')' || c == 0x300D ||
	       c == 0x300F || c == 0x300B;
}

static inline int xt_quote_close(uint32_t c)
{
	return c == 0x201D || c == 0x300D || c == 0x300F;
}

static inline int xt_clause_char(uint32_t c) /* ，：； */
{
	return c == 0xFF0C || c == 0xFF1A || c == 0xFF1B || c == ',' || c == ':' || c == ';';
}

size_t xt_back_cp(const char *s, size_t b, size_t e); /* start of the code point ending at e */
/* Code points in s (as utf8_count counts them), but at most max + 1: the
 * extractor only compares lengths with small limits. */
size_t xt_chars_upto(const char *s, size_t n, size_t max);
int xt_has_word(const char *s, size_t n);             /* a letter, digit or ideograph */
int xt_cn_digit(uint32_t c);                          /* 〇 一 … 九 两 → 0-9, else -1 */

/* The offset of the first of the code points in set (UTF-8) from i that
 * is outside brackets and quotes, or n. */
size_t xt_clause_end(const char *s, size_t n, size_t i, const char *set);
/* The length of an action verb (建立, 开展, 组建…) at s, else 0. */
size_t xt_verb_at(const char *s, size_t n);
/* Narrow [*b, *e) past blanks at both ends. */
void xt_trim(const char *s, size_t *b, size_t *e);

/* deadline_parse over a piece of a string. */
enum deadline_kind deadline_parse_n(const char *s, size_t n, const struct deadline_ref *ref,
				    struct deadline *out);

/* Who does it: lead and assisting units (assist joined by 、), NULL when
 * not named. */
struct units {
	char *lead, *assist;
};
/* The inside of a bracket after a measure (发展改革委、财政部负责; A牵头，B
 * 参与; 负责部门：A; …，年内持续推进): 1 when it is a responsibility note,
 * with the units and any deadline it gives. */
int units_from_note(const char *s, size_t n, const struct deadline_ref *ref, struct units *u,
		    struct deadline *dl);
/* Where the doers' list at the start of a text ends (0: it has none), as
 * found for the whole sentence, so that its title need not look again;
 * XT_HEAD_UNKNOWN when it was not looked for. */
#define XT_HEAD_UNKNOWN ((size_t)-1)
/* The doers a sentence names (由A牵头、B配合; A会同B…; A、B要…); *head (may
 * be NULL) gets where the list at its start ends. */
int units_from_sentence(const char *s, size_t n, struct units *u, size_t *head);
/* Bytes at the start of a clause taken by its doers and their modal
 * (各地区、各部门要 / 生态环境部会同有关部门), 0 when none: a title skips them.
 * head: units_from_sentence's for a sentence that starts at s and is at
 * least n bytes long, or XT_HEAD_UNKNOWN. */
size_t subject_length(const char *s, size_t n, size_t head);
/* The names of list (A、B、C as units give it) that neither lead nor
 * assist names already (督查室 is named by 市政府督查室), joined by 、, or
 * NULL. */
char *units_not_named(const char *list, const char *lead, const char *assist);
void units_free(struct units *u);

/* A short name for a task from its sentence (at most EXTRACT_TITLE_MAX
 * characters, cut at a word boundary); head as units_from_sentence gives
 * it for s and n, or XT_HEAD_UNKNOWN. */
char *xt_title(const char *s, size_t n, size_t head);
/* What a deadline gives a task: its date (a date, or the next of 每年… /
 * 每月…; 1 then) and, when it has none, its period (每年 yearly, 每月
 * monthly, 长期坚持 ongoing). Its words are the caller's. */
int xt_take_deadline(struct ptask *t, const struct deadline *d);

/* Proposals from a table node's rows when it is a 任务分工表. */
size_t extract_table(const struct extract_ctx *cx, const char *rows, struct ptask **out);

#endif
