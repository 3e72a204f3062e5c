/* extract_text.c - the characters of a sentence (brackets, quotes,
 * clause and sentence ends) and a task's title made from its sentence. */
#include "config.h"
#include "extract_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/phrase.h"
#include "luoshi/utf8.h"

/* ---- word lists ---- */

/* The bucket of the first character of s (its lead and continuation
 * bytes, as many as the lead byte says and s holds). */
static inline unsigned words_bucket(const unsigned char *s, size_t n)
{
	size_t l = utf8_seq_len(s[0]);
	unsigned h = s[0];
	if (l == 3 && n >= 3) /* a Chinese character: the same sum, unrolled */
		return ((h * 31u + s[1]) * 31u + s[2]) % XT_WORDS_BUCKETS;
	for (size_t i = 1; i < l && i < n; i++)
		h = h * 31u + s[i];
	return h % XT_WORDS_BUCKETS;
}

/* Where the last character of s starts (past its continuation bytes). A
 * word that s ends with has its last character there too, so both hash
 * the same bytes. */
static size_t last_char(const unsigned char *s, size_t n)
{
	size_t k = n - 1;
	while (k > 0 && (s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

static int is_cont(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

/* memcmp(a, b, n) == 0 for a word of a few bytes, without the call. */
static int same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static void words_index(struct xt_words *ws)
{
	if (ws->n > XT_WORDS_MAX)
		abort(); /* a list grew past the index: raise XT_WORDS_MAX */
	for (size_t k = ws->n; k-- > 0;) { /* backwards: each chain in list order */
		const unsigned char *w = (const unsigned char *)ws->w[k];
		size_t l = strlen(ws->w[k]);
		if (!l || l < utf8_seq_len(w[0]) || is_cont(w[0]))
			abort(); /* a word is whole characters, or its bucket is wrong */
		size_t lc = last_char(w, l);
		if (l - lc != utf8_seq_len(w[lc]))
			abort();
		unsigned b = words_bucket(w, l), t = words_bucket(w + lc, l - lc);
		ws->len[k] = (unsigned char)l;
		ws->next[k] = ws->head[b];
		ws->head[b] = (unsigned char)(k + 1);
		ws->tnext[k] = ws->tail[t];
		ws->tail[t] = (unsigned char)(k + 1);
	}
	ws->ready = 1;
}

/* xt_word_at of an indexed list, n > 0. */
static inline int first_word(const struct xt_words *ws, const char *s, size_t n)
{
	for (unsigned k = ws->head[words_bucket((const unsigned char *)s, n)]; k; k = ws->next[k - 1])
		if (ws->len[k - 1] <= n && same_bytes(s, ws->w[k - 1], ws->len[k - 1]))
			return (int)k - 1;
	return -1;
}

int xt_word_at(struct xt_words *ws, const char *s, size_t n)
{
	if (!ws->ready)
		words_index(ws);
	return n ? first_word(ws, s, n) : -1;
}

/* The candidates are the places where the needle's third byte (of a
 * Chinese character, one of 64 values) falls: memchr finds them. */
const char *xt_search(const char *s, size_t n, const char *p, size_t k)
{
	if (k < 3 || k > n)
		return k > n ? NULL : memmem(s, n, p, k);
	const char *end = s + n;
	for (const char *q = s + 2; (q = memchr(q, (unsigned char)p[2], (size_t)(end - q))) != NULL;
	     q++) {
		const char *c = q - 2;
		if ((size_t)(end - c) < k)
			return NULL;
		if (c[0] == p[0] && c[1] == p[1] && memcmp(c, p, k) == 0)
			return c;
	}
	return NULL;
}

int xt_word_end(struct xt_words *ws, const char *s, size_t n)
{
	if (!ws->ready)
		words_index(ws);
	if (!n)
		return -1;
	const unsigned char *u = (const unsigned char *)s;
	size_t lc = last_char(u, n);
	for (unsigned k = ws->tail[words_bucket(u + lc, n - lc)]; k; k = ws->tnext[k - 1])
		if (ws->len[k - 1] <= n && memcmp(s + n - ws->len[k - 1], ws->w[k - 1], ws->len[k - 1]) == 0)
			return (int)k - 1;
	return -1;
}

int xt_word_is(struct xt_words *ws, const char *s, size_t n)
{
	if (!ws->ready)
		words_index(ws);
	if (!n)
		return -1;
	for (unsigned k = ws->head[words_bucket((const unsigned char *)s, n)]; k; k = ws->next[k - 1])
		if (ws->len[k - 1] == n && memcmp(s, ws->w[k - 1], n) == 0)
			return (int)k - 1;
	return -1;
}

size_t xt_next_word(struct xt_words *ws, const char *s, size_t n, size_t i, size_t lim)
{
	/* every byte, as memmem does, but a word never starts on a
	 * continuation byte (words_index checks it), so those are skipped */
	if (!ws->ready)
		words_index(ws);
	for (; i < lim; i++)
		if (!is_cont((unsigned char)s[i]) && first_word(ws, s + i, n - i) >= 0)
			return i;
	return lim;
}

int xt_any_word(struct xt_words *ws, const char *s, size_t n)
{
	return xt_next_word(ws, s, n, 0, n) < n;
}

/* ---- characters ---- */

size_t xt_chars_upto(const char *s, size_t n, size_t max)
{
	size_t count = 0;
	uint32_t c;
	for (size_t i = 0; i < n && count <= max; count++) {
		size_t l = xt_ideograph(s, n, i);
		i += l ? l : xt_cp(s, n, i, &c);
	}
	return count;
}

/* Start of the code point that ends at e (e > b). */
size_t xt_back_cp(const char *s, size_t b, size_t e)
{
	size_t k = e - 1;
	while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

void xt_trim(const char *s, size_t *b, size_t *e)
{
	uint32_t c;
	size_t l;
	while (*b < *e && (l = xt_cp(s, *e, *b, &c)) && xt_blank(c))
		*b += l;
	while (*e > *b) {
		size_t k = xt_back_cp(s, *b, *e);
		xt_cp(s, *e, k, &c);
		if (!xt_blank(c))
			break;
		*e = k;
	}
}

/* A sentence worth keeping has at least one letter, digit or ideograph. */
int xt_has_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += xt_cp(s, n, i, &c);
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
			return 1;
	}
	return 0;
}

/* ---- titles ---- */

int xt_cn_digit(uint32_t c)
{
	static const uint32_t d[] = {0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
				     0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
	if (c == 0x3007)
		return 0;
	if (c == 0x4E24) /* 两 */
		return 2;
	for (int k = 0; k < 10; k++)
		if (d[k] == c)
			return k;
	return -1;
}

/* Numbering left at the start of an enumerated sentence: （一） 1. ① */
static size_t skip_label(const char *s, size_t n)
{
	uint32_t c;
	size_t i = xt_cp(s, n, 0, &c), l;
	if (c >= 0x2460 && c <= 0x249B)
		return i;
	if (c == 0xFF08 || c == '(')
		;
	else if (c >= '0' && c <= '9')
		i = 0;
	else
		return 0;
	for (int k = 0; k < 5 && (l = xt_cp(s, n, i, &c)) != 0; k++, i += l) {
		if (k && (c == 0xFF09 || c == ')' || c == '.' || c == 0xFF0E || c == 0x3001))
			return i + l;
		if (!(c >= '0' && c <= '9') && xt_cn_digit(c) < 0 && c != 0x5341)
			return 0;
	}
	return 0;
}

/* End of the clause starting at b (first ，：； at top level, or e). */
static size_t clause_from(const char *s, size_t b, size_t e)
{
	struct phrase_depth d = {0, 0, 0};
	for (size_t i = b; i < e;) {
		uint32_t c;
		size_t l = xt_ideograph(s, e, i);
		if (l) { /* no clause end, and phrase_track passes it over */
			i += l;
			continue;
		}
		l = xt_cp(s, e, i, &c);
		if (xt_clause_char(c) && phrase_at_top(&d))
			return i;
		phrase_track(&d, c);
		i += l;
	}
	return e;
}

static const char *const whole[] = {"同时", "此外", "另外", "其中", "对此", "据此",
				    "与此同时", "首先", "其次", "最后", "为此", "因此"};
static const char *const lead[] = {"经", "除", "对", "在", "到", "自", "从", "按照",
				   "根据", "依据", "围绕", "针对", "结合", "通过", "力争"};
static const char *const tail[] = {"后", "外", "前", "时", "中", "下", "的", "上", "内",
				   "期间", "以来", "基础上", "起"};
static const char *const adverbial[] = {"按照", "根据", "依据", "依照", "围绕", "针对",
					"结合", "通过", "依托", "立足", "对照", "聚焦",
					"有条件的", "对于", "本着"};
/* every clause of every title is tried against these: indexed lists */
static struct xt_words whole_words = XT_WORDS(whole);
static struct xt_words lead_words = XT_WORDS(lead);
static struct xt_words tail_words = XT_WORDS(tail);
static struct xt_words adverbial_words = XT_WORDS(adverbial);

/* Clauses a title skips: why (为…), a link (同时), a time or condition
 * (2019年12月底前, 经政策评估后, 除禁止进境的外, 对不裁员的参保企业, 在此基础上):
 * a title is never such a fragment. */
static int preamble_clause(const char *s, size_t n)
{
	if (n >= 3 && memcmp(s, "为", 3) == 0)
		return !(n >= 6 && memcmp(s, "为民", 6) == 0);
	if (xt_word_is(&whole_words, s, n) >= 0 || xt_word_at(&adverbial_words, s, n) >= 0)
		return 1;
	if (xt_starts(s, n, "以") && xt_find(s, n, "为") && xt_chars_upto(s, n, 30) <= 30)
		return 1; /* 以物质流分析为基础, 以规模养殖场为重点 */
	if (xt_verb_at(s, n))
		return 0;
	int cond = xt_word_at(&lead_words, s, n) >= 0 && xt_word_end(&tail_words, s, n) >= 0;
	/* 阶段性任务完成后，…: when (督促整改后 opens with a verb: what to do) */
	cond |= xt_ends(s, n, "后") && xt_chars_upto(s, n, 20) <= 20;
	int year = n >= 4 && s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
		   xt_find(s, n, "年"); /* 2019年1月1日至2020年12月31日 */
	int when = deadline_may_start(s, n);
	if (!cond && !year && !when)
		return 0; /* most clauses: their length does not matter */
	size_t chars = xt_chars_upto(s, n, 40); /* at most 41 */
	if (chars > 40)
		return 0;
	if (cond || year)
		return 1;
	struct deadline d;
	struct deadline_ref ref = {2000, 1, 1};
	return chars <= 20 && deadline_find(s, n, &ref, &d) != DL_NONE && d.b == 0;
}

static size_t prefix_chars(const char *s, size_t n, size_t max)
{
	size_t i = 0;
	uint32_t c;
	while (i < n && max--)
		i += xt_cp(s, n, i, &c);
	return i;
}

static const char *const modals[] = {"要", "应当", "应", "并", "须", "必须", "还要"};
static struct xt_words modal_words = XT_WORDS(modals);

/* 要 / 应 / 并 left at the start of a clause whose doer was named before
 * (the first of modals that something follows). */
static size_t bare_modal(const char *s, size_t n)
{
	if (!n || xt_starts(s, n, "要求") || xt_starts(s, n, "应急") || xt_starts(s, n, "并且"))
		return 0;
	int k = xt_word_at(&modal_words, s, n - 1); /* n - 1: a word shorter than s */
	return k >= 0 ? modal_words.len[k] : 0;
}

/* 在2024年6月底前 / 于6月30日前 / 2025年底前 at the start of a clause:
 * when, not what. */
static size_t lead_deadline(const char *s, size_t n)
{
	struct deadline d;
	struct deadline_ref ref = {2000, 1, 1};
	size_t k = xt_starts(s, n, "在") || xt_starts(s, n, "于") ? 3 : 0;
	if (!deadline_may_start(s + k, n - k) || /* most clauses: no search */
	    deadline_find(s + k, n - k, &ref, &d) == DL_NONE || d.b != 0 ||
	    !xt_has_word(s + k + d.e, n - k - d.e))
		return 0;
	return k + d.e;
}

/* Step [*b, *e) past the clauses a title skips (preamble_clause) while
 * a clause with words follows. */
static void skip_preambles(const char *s, size_t n, size_t *b, size_t *e)
{
	while (*e < n && preamble_clause(s + *b, *e - *b)) {
		uint32_t c;
		size_t nb = *e + xt_cp(s, n, *e, &c), ne = clause_from(s, nb, n);
		if (!xt_has_word(s + nb, ne - nb))
			break;
		*b = nb, *e = ne;
	}
}

/* Title: the leading clause (skipping a purpose, time or condition clause
 * and the doers with their modal: 各地区、各部门要 / 生态环境部会同有关部门),
 * cut to EXTRACT_TITLE_MAX characters at a natural place. */
char *xt_title(const char *s, size_t n, size_t head)
{
	size_t b = skip_label(s, n), e = clause_from(s, b, n);
	skip_preambles(s, n, &b, &e);
	size_t subj = subject_length(s + b, e - b, b ? XT_HEAD_UNKNOWN : head);
	if (subj && xt_has_word(s + b + subj, e - b - subj))
		b += subj;
	/* 各省级人民政府要在本意见印发之日起30日内，… : after the doers, a
	 * time or condition is still no title */
	if (subj)
		skip_preambles(s, n, &b, &e);
	size_t modal = bare_modal(s + b, e - b);
	b += modal;
	/* …完成审核后，要根据不同情形，提出…: after a bare modal, a condition
	 * is still no title */
	if (modal)
		skip_preambles(s, n, &b, &e);
	b += lead_deadline(s + b, e - b);
	while (e > b) { /* drop the sentence end */
		size_t k = xt_back_cp(s, b, e);
		uint32_t c;
		xt_cp(s, e, k, &c);
		if (!xt_sentence_end(c) && !xt_blank(c))
			break;
		e = k;
	}
	if (e <= b)
		return xstrndup(s, prefix_chars(s, n, EXTRACT_TITLE_MAX));
	size_t cut = phrase_cut(s + b, e - b, EXTRACT_TITLE_MAX);
	/* no natural place (cut at the limit itself): a phrase that ends
	 * within EXTRACT_TITLE_LONGEST is kept whole rather than cut in a
	 * word (…及时移交当地教育|行政部门) */
	if (cut < e - b && cut == prefix_chars(s + b, e - b, EXTRACT_TITLE_MAX) &&
	    prefix_chars(s + b, e - b, EXTRACT_TITLE_LONGEST) == e - b)
		cut = e - b;
	return xstrndup(s + b, cut);
}

/* The first code point of set outside brackets and quotes from i, or n. */
size_t xt_clause_end(const char *s, size_t n, size_t i, const char *set)
{
	struct phrase_depth d = {0, 0, 0};
	uint32_t want[16];
	size_t k = 0, sl = strlen(set);
	int skip = 1; /* ideographs may be stepped over: none is wanted */
	for (size_t j = 0; j < sl && k < ARRAY_SIZE(want); k++) {
		j += xt_cp(set, sl, j, &want[k]);
		skip &= want[k] < 0x4000 || want[k] > 0x9FFF;
	}
	while (i < n) {
		uint32_t c;
		size_t l = skip ? xt_ideograph(s, n, i) : 0;
		if (l) {
			i += l;
			continue;
		}
		l = xt_cp(s, n, i, &c);
		if (phrase_at_top(&d))
			for (size_t m = 0; m < k; m++)
				if (c == want[m])
					return i;
		phrase_track(&d, c);
		i += l ? l : 1;
	}
	return n;
}
