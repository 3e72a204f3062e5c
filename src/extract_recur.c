/* extract_recur.c - how often: recurrences named in a sentence (每年,
 * 每季度, 每两年, 定期, 常态化…) and the counts of 至少N次. */
#include "config.h"
#include "extract_impl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECUR_EN(name, en, zh) en,
#define RECUR_ZH(name, en, zh) zh,
static const char *const recur_en[] = {RECUR_LIST(RECUR_EN)};
static const char *const recur_zh[] = {RECUR_LIST(RECUR_ZH)};
#undef RECUR_EN
#undef RECUR_ZH

const char *recur_name(enum recur r)
{
	return (unsigned)r < RECUR_COUNT ? recur_en[r] : NULL;
}

const char *recur_name_zh(enum recur r)
{
	return (unsigned)r < RECUR_COUNT ? recur_zh[r] : NULL;
}

const char *recur_words(void)
{
	static char words[256];
	size_t n = 0;
	if (!words[0]) /* the last name before "or none" */
		for (int r = RECUR_NONE + 1; r < RECUR_COUNT; r++)
			n += (size_t)snprintf(words + n, sizeof words - n, "%s%s", recur_en[r],
					      r + 1 < RECUR_COUNT ? ", " : " or none");
	return words;
}

int recur_parse(const char *s)
{
	static const struct {
		const char *w;
		enum recur r;
	} aliases[] = {{"none", RECUR_NONE}, {"无", RECUR_NONE},      {"年度", RECUR_YEARLY},
		       {"每季", RECUR_QUARTERLY}, {"经常性", RECUR_ONGOING}, {"长效", RECUR_ONGOING}};
	if (!s)
		return -1;
	if (!*s)
		return RECUR_NONE;
	for (int r = 1; r < RECUR_COUNT; r++)
		if (strcmp(s, recur_en[r]) == 0 || strcmp(s, recur_zh[r]) == 0)
			return r;
	for (size_t k = 0; k < ARRAY_SIZE(aliases); k++)
		if (strcmp(s, aliases[k].w) == 0)
			return aliases[k].r;
	return -1;
}

/* ---- recurrence and counts ---- */

static const char *find_any(const char *s, size_t n, const char *const *w, size_t k)
{
	const char *best = NULL;
	for (size_t j = 0; j < k; j++) {
		const char *p = xt_search(s, n, w[j], strlen(w[j]));
		if (p && (!best || p < best))
			best = p;
	}
	return best;
}

/* 1-99 in Chinese: 一 … 九, 十, 十二, 二十, 二十三. */
static long cn_small(const char *s, size_t n, size_t *used)
{
	uint32_t c;
	size_t l = xt_cp(s, n, 0, &c), i = l;
	long tens;
	int d = l ? xt_cn_digit(c) : -1;
	if (c == 0x5341) {
		tens = 1;
	} else if (d > 0) {
		l = xt_cp(s, n, i, &c);
		if (!l || c != 0x5341) {
			*used = i;
			return d;
		}
		tens = d, i += l;
	} else {
		return -1;
	}
	l = xt_cp(s, n, i, &c);
	d = l ? xt_cn_digit(c) : -1;
	*used = d > 0 ? i + l : i;
	return tens * 10 + (d > 0 ? d : 0);
}

static long small_number(const char *s, size_t n, size_t *used)
{
	uint32_t c;
	size_t i = 0, l;
	long v = -1;
	for (; (l = xt_cp(s, n, i, &c)) != 0 && v < 1000000; i += l) {
		int d = c >= '0' && c <= '9' ? (int)(c - '0')
			: c >= 0xFF10 && c <= 0xFF19 ? (int)(c - 0xFF10) : -1;
		if (d < 0)
			break;
		v = (v < 0 ? 0 : v) * 10 + d;
	}
	if (v >= 0) {
		*used = i;
		return v;
	}
	return cn_small(s, n, used);
}

static int count_unit(uint32_t c)
{
	static const uint32_t units[] = {0x6B21, 0x4E2A, 0x9879, 0x540D, 0x573A, 0x671F,
					 0x8F6E, 0x6279, 0x7BC7, 0x5929, 0x56DE, 0x5BB6};
	for (size_t k = 0; k < ARRAY_SIZE(units); k++)
		if (units[k] == c)
			return 1;
	return 0;
}

/* 至少N次 / 至少讲1次 / 不少于两个: N, else 0. A few ideographs (the verb)
 * may stand between 至少 and the number. */
static int find_count(const char *s, size_t n)
{
	static const char *const w[] = {"至少", "不少于"};
	for (size_t k = 0; k < ARRAY_SIZE(w); k++) {
		size_t wl = strlen(w[k]);
		for (const char *p = s; (p = xt_search(p, n - (size_t)(p - s), w[k], wl)) != NULL; p += wl) {
			size_t i = (size_t)(p - s) + wl;
			for (int skip = 0; skip <= 4 && i < n; skip++) {
				size_t used = 0;
				uint32_t c;
				long v = small_number(s + i, n - i, &used);
				if (v > 0 && xt_cp(s, n, i + used, &c) && count_unit(c))
					return v > 1000000 ? 1000000 : (int)v;
				size_t l = xt_cp(s, n, i, &c);
				if (!(c >= 0x4E00 && c <= 0x9FFF))
					break;
				i += l;
			}
		}
	}
	return 0;
}

/* Is p (a match inside s) preceded by one of the UTF-8 characters in set? */
static int after_any(const char *s, const char *p, const char *set)
{
	if (p - s < 3)
		return 0;
	size_t n = strlen(set);
	for (size_t i = 0; i + 3 <= n; i += 3)
		if (memcmp(p - 3, set + i, 3) == 0)
			return 1;
	return 0;
}

/* Is p + skip followed, within a few characters, by one of words? */
static int followed(const char *s, size_t n, const char *p, size_t skip, const char *const *w,
		    size_t k, size_t within)
{
	size_t off = (size_t)(p - s) + skip, lim = off + within * 3;
	if (lim > n)
		lim = n;
	for (size_t j = 0; j < k; j++) {
		const char *q = xt_search(s + off, lim - off, w[j], strlen(w[j]));
		if (q)
			return 1;
	}
	return 0;
}

/* 每两年 / 每隔3年 / 每5年: the number of years, else 0. */
static int every_years(const char *s, size_t n, const char *p)
{
	size_t i = (size_t)(p - s) + 3, used = 0;
	if (i + 3 <= n && memcmp(s + i, "隔", 3) == 0)
		i += 3;
	long v = small_number(s + i, n - i, &used);
	if (v < 2 || v > 99 || i + used + 3 > n || memcmp(s + i + used, "年", 3) != 0)
		return 0;
	return (int)v;
}

static enum recur years_kind(int years)
{
	switch (years) {
	case 2: return RECUR_BIENNIAL;
	case 3: return RECUR_TRIENNIAL;
	case 5: return RECUR_QUINQUENNIAL;
	default: return RECUR_PERIODIC;
	}
}

/* One word that may name a recurrence, checked in its context: the kind
 * it names there, or RECUR_NONE. */
static enum recur word_kind(const char *s, size_t n, const char *p, const char *w)
{
	static const char *const twice[] = {"两次", "二次", "2次"};
	static const char *const yearly_things[] = {"报告", "计划", "考核", "总结", "评估", "检查",
						    "述职", "评价", "审计", "会议", "工作要点"};
	if (strcmp(w, "每") == 0) {
		int y = every_years(s, n, p);
		return y ? years_kind(y) : RECUR_NONE;
	}
	static const char *const atleast[] = {"至少", "不少于"};
	if (strcmp(w, "每年") == 0 || strcmp(w, "每一年") == 0 || strcmp(w, "每年度") == 0)
		/* 每年召开两次 is twice a year; 每年至少两次 a yearly count */
		return followed(s, n, p, strlen(w), twice, ARRAY_SIZE(twice), 6) &&
				       !followed(s, n, p, strlen(w), atleast, ARRAY_SIZE(atleast), 4)
			       ? RECUR_HALFYEARLY
			       : RECUR_YEARLY;
	if (strcmp(w, "年度") == 0) /* 年度报告, not 2018年度 / 上年度 / 纳税年度 */
		return !after_any(s, p, "每上本该当同次下前去税〇一二三四五六七八九十") &&
				       !(p > s && p[-1] >= '0' && p[-1] <= '9') &&
				       followed(s, n, p, 6, yearly_things, ARRAY_SIZE(yearly_things), 4)
			       ? RECUR_YEARLY
			       : RECUR_NONE;
	if (strcmp(w, "定期") == 0) /* not 不定期, 固定期限, 定期存款 */
		return after_any(s, p, "不固") || (p + 12 <= s + n && (memcmp(p + 6, "存款", 6) == 0 ||
								       memcmp(p + 6, "定额", 6) == 0))
			       ? RECUR_NONE
			       : RECUR_PERIODIC;
	return RECUR_NONE;
}

/* The next place from p where a word of extract_recur's list may start:
 * every one starts with 每 or is 年度. */
static const char *next_candidate(const char *s, size_t n, const char *p)
{
	const char *a = xt_search(p, n - (size_t)(p - s), "每", 3);
	const char *b = xt_search(p, (size_t)(a ? a - p : s + n - p), "年度", 6);
	return b ? b : a;
}

/* The period the first word with 每 in sentence names (每年, 每季度, 每两年…;
 * not 每项, 每人每年…), RECUR_NONE when none does; *annual, if not NULL,
 * the kind the first 年度 names (年度报告). */
static enum recur stated_period(const char *sentence, size_t n, enum recur *annual)
{
#define W(s) s, sizeof(s) - 1
	static const struct {
		const char *w;
		size_t len;
		enum recur r; /* RECUR_NONE: decided by word_kind */
	} words[] = {
		{W("每半年"), RECUR_HALFYEARLY}, {W("每年度"), RECUR_NONE},
		{W("每一年"), RECUR_NONE},       {W("每年"), RECUR_NONE},
		{W("年度"), RECUR_NONE},         {W("每个季度"), RECUR_QUARTERLY},
		{W("每季度"), RECUR_QUARTERLY},  {W("每季"), RECUR_QUARTERLY},
		{W("每个月"), RECUR_MONTHLY},    {W("每月"), RECUR_MONTHLY},
		{W("每周"), RECUR_WEEKLY},       {W("每星期"), RECUR_WEEKLY},
		{W("每日"), RECUR_DAILY},        {W("每天"), RECUR_DAILY},
		{W("每"), RECUR_NONE},
	};
#undef W
	/* The first place that names a period decides, and at one place the
	 * first word of the list: the places are visited in order (the text
	 * is searched once, not once per word). */
	for (const char *p = sentence; (p = next_candidate(sentence, n, p)) != NULL; p++) {
		size_t rest = n - (size_t)(p - sentence);
		for (size_t j = 0; j < ARRAY_SIZE(words); j++) {
			if (words[j].len > rest || memcmp(p, words[j].w, words[j].len) != 0)
				continue;
			enum recur k = words[j].r != RECUR_NONE ? words[j].r
								: word_kind(sentence, n, p, words[j].w);
			if (k != RECUR_NONE && strcmp(words[j].w, "年度") == 0) {
				if (annual && *annual == RECUR_NONE)
					*annual = k;
				break;
			}
			if (k != RECUR_NONE)
				return k;
		}
	}
	return RECUR_NONE;
}

enum recur extract_recur_stated(const char *sentence)
{
	return sentence ? stated_period(sentence, strlen(sentence), NULL) : RECUR_NONE;
}

enum recur extract_recur(const char *sentence, int *count)
{
	static const char *const ongoing[] = {"常态化", "经常性", "长效"};
	size_t n = sentence ? strlen(sentence) : 0;
	if (count)
		*count = n ? find_count(sentence, n) : 0;
	if (!n)
		return RECUR_NONE;
	/* A stated period wins over 定期, and both over a standing duty. 年度
	 * describes a thing (纳入年度督查计划，每半年开展一次专项督查): it decides
	 * only when no 每 names a period anywhere in the sentence */
	enum recur annual = RECUR_NONE;
	enum recur k = stated_period(sentence, n, &annual);
	if (k != RECUR_NONE)
		return k;
	if (annual != RECUR_NONE)
		return annual;
	for (const char *p = sentence; (p = xt_search(p, n - (size_t)(p - sentence), "定期", 6)) != NULL;
	     p += 6)
		if (word_kind(sentence, n, p, "定期") == RECUR_PERIODIC)
			return RECUR_PERIODIC;
	if (find_any(sentence, n, ongoing, ARRAY_SIZE(ongoing)))
		return RECUR_ONGOING;
	return RECUR_NONE;
}
