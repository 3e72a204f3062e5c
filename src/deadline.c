/* deadline.c - deadline phrases of policy documents. The text is decoded to
 * code points once; a phrase is found around its anchor (年, 月, 季度) and
 * must carry a deadline word (前, 底, 末, 内) or be a period (上半年, 一季度)
 * to count: 自2019年1月1日起施行 and 2018年12月30日至2019年1月1日 do not. */
#include "config.h"
#include "luoshi/deadline.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "luoshi/utf8.h"
#include "luoshi/util.h"

#define CP_NIAN 0x5E74 /* 年 */
#define CP_YUE 0x6708  /* 月 */
#define CP_RI 0x65E5   /* 日 */
#define CP_HAO 0x53F7  /* 号 */
#define CP_DI 0x5E95   /* 底 */
#define CP_MO 0x672B   /* 末 */
#define CP_QIAN 0x524D /* 前 */
#define CP_NEI 0x5185  /* 内 */
#define CP_MEI 0x6BCF  /* 每 */
#define CP_DAO 0x5230  /* 到 */
#define CP_ZHI 0x81F3  /* 至 */
#define CP_QI 0x8D77   /* 起 */
#define CP_ZHI2 0x4E4B /* 之 */
#define CP_YI 0x4EE5   /* 以 */
#define MAX_CPS 4096   /* a sentence is never longer than this */

#define SHORT_CPS 512 /* most sentences and clauses: decoded without malloc */

struct text {
	uint32_t *c;
	size_t *off; /* byte offset of each code point; off[n] = the length */
	size_t n;
	uint32_t short_c[SHORT_CPS + 1]; /* c and off of a text of up to */
	size_t short_off[SHORT_CPS + 1]; /* SHORT_CPS bytes */
};

/* The extractor looks for a deadline in every sentence and in clauses of
 * it several times over: a short text is decoded into the struct itself. */
static void decode(const char *s, size_t n, struct text *t)
{
	size_t cap = n < MAX_CPS ? n : MAX_CPS;
	if (cap <= SHORT_CPS) {
		t->c = t->short_c;
		t->off = t->short_off;
	} else {
		t->c = xreallocarray(NULL, cap + 1, sizeof *t->c);
		t->off = xreallocarray(NULL, cap + 1, sizeof *t->off);
	}
	t->n = 0;
	size_t i = 0;
	while (i < n && t->n < cap) {
		uint32_t c;
		size_t l = utf8_decode_fast(s + i, n - i, &c);
		t->off[t->n] = i;
		t->c[t->n++] = c;
		i += l ? l : 1;
	}
	t->off[t->n] = i;
}

static void text_free(struct text *t)
{
	if (t->c != t->short_c) {
		free(t->c);
		free(t->off);
	}
}

static int at(const struct text *t, size_t i, uint32_t c)
{
	return i < t->n && t->c[i] == c;
}

/* Does the text at i spell w? Returns its length in code points. The
 * words are UTF-32 literals (U"季度", arrays of uint_least32_t, without
 * needing <uchar.h>): no decoding of the word at every place it is tried. */
static size_t word_at(const struct text *t, size_t i, const uint_least32_t *w)
{
	size_t k = 0;
	for (; w[k]; k++)
		if (!at(t, i + k, w[k]))
			return 0;
	return k;
}

static int ar_digit(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

static int cn_digit(uint32_t c)
{
	switch (c) { /* asked of nearly every character: a switch, not a search */
	case 0x3007: /* 〇 */
	case 0x25CB: /* ○ */
	case 0x96F6: /* 零 */
		return 0;
	case 0x4E00: return 1; /* 一 */
	case 0x4E8C: return 2; /* 二 */
	case 0x4E24: return 2; /* 两 */
	case 0x4E09: return 3; /* 三 */
	case 0x56DB: return 4; /* 四 */
	case 0x4E94: return 5; /* 五 */
	case 0x516D: return 6; /* 六 */
	case 0x4E03: return 7; /* 七 */
	case 0x516B: return 8; /* 八 */
	case 0x4E5D: return 9; /* 九 */
	default: return -1;
	}
}

/* A month or day number 1-31 at i (Arabic, or Chinese with 十); *len gets
 * its length. -1 when none. */
static int small_at(const struct text *t, size_t i, size_t *len)
{
	int v = 0;
	size_t k = 0;
	while (i + k < t->n && ar_digit(t->c[i + k]) >= 0 && k < 2)
		v = v * 10 + ar_digit(t->c[i + k]), k++;
	if (k) {
		*len = k;
		return i + k < t->n && ar_digit(t->c[i + k]) >= 0 ? -1 : v;
	}
	/* 十, 十二, 二十, 二十一, 三 */
	int tens = 0, units = 0;
	if (at(t, i, 0x5341)) {
		tens = 1, k = 1;
	} else if (i < t->n && cn_digit(t->c[i]) > 0) {
		units = cn_digit(t->c[i]), k = 1;
		if (at(t, i + 1, 0x5341))
			tens = units, units = 0, k = 2;
	} else {
		return -1;
	}
	if (tens && i + k < t->n && cn_digit(t->c[i + k]) > 0)
		units = cn_digit(t->c[i + k]), k++;
	*len = k;
	return tens * 10 + units;
}

/* Four digits (Arabic or Chinese) ending just before index e: the year. */
static int year_before(const struct text *t, size_t e, size_t *b)
{
	if (e < 4)
		return -1;
	int v = 0, arabic = ar_digit(t->c[e - 4]) >= 0;
	for (size_t k = e - 4; k < e; k++) {
		int d = arabic ? ar_digit(t->c[k]) : cn_digit(t->c[k]);
		if (d < 0 || (!arabic && t->c[k] == 0x4E24))
			return -1;
		v = v * 10 + d;
	}
	if (e > 4 && (ar_digit(t->c[e - 5]) >= 0 || cn_digit(t->c[e - 5]) >= 0))
		return -1; /* five digits: not a year */
	*b = e - 4;
	return v >= 1900 && v <= 2199 ? v : -1;
}

static int days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static void set_date(struct deadline *out, int y, int m, int d)
{
	if (d > days_in(y, m))
		d = days_in(y, m);
	if (y < 1900 || y > 9999) /* years are read as four digits; keep the compiler sure */
		y = y < 1900 ? 1900 : 9999;
	snprintf(out->iso, sizeof out->iso, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

/* 前 之前 以前: the phrase ends a deadline; returns its length. */
static size_t before_word(const struct text *t, size_t i)
{
	if (at(t, i, CP_QIAN))
		return 1;
	if ((at(t, i, CP_ZHI2) || at(t, i, CP_YI)) && at(t, i + 1, CP_QIAN))
		return 2;
	return 0;
}

/* A deadline word right after a period: 底前 底 末 前 内 之前 (len), or 0. */
static size_t end_word(const struct text *t, size_t i)
{
	size_t k = 0;
	if (at(t, i, CP_DI) || at(t, i, CP_MO))
		k = 1;
	return k + before_word(t, i + k) + (k == 0 && at(t, i, CP_NEI));
}

/* 上半年 下半年 一季度 第二季度 1季度: the last month of the period (with its
 * length), or 0. */
static int period_at(const struct text *t, size_t i, size_t *len)
{
	size_t k;
	if ((k = word_at(t, i, U"上半年")) != 0) {
		*len = k;
		return 6;
	}
	if ((k = word_at(t, i, U"下半年")) != 0) {
		*len = k;
		return 12;
	}
	size_t j = i + (at(t, i, 0x7B2C) ? 1 : 0); /* 第 */
	int q = j < t->n ? cn_digit(t->c[j]) : -1;
	if (q < 0 && j < t->n)
		q = ar_digit(t->c[j]);
	if (q >= 1 && q <= 4 && (k = word_at(t, j + 1, U"季度")) != 0) {
		*len = j + 1 + k - i;
		return q * 3;
	}
	return 0;
}

/* After 年 at index y (the year is year): 年底前 年内 上半年 3月底前 3月31日前
 * 二季度. Returns the index after the phrase, or 0 with nothing set. */
static size_t after_year(const struct text *t, size_t y, int year, struct deadline *out)
{
	size_t i = y + 1, len = 0, k;
	int last;
	if (at(t, i, CP_NIAN)) /* 2020年年底前 */
		i++;
	if ((k = end_word(t, i)) != 0 && (at(t, i, CP_DI) || at(t, i, CP_MO) || at(t, i, CP_NEI))) {
		set_date(out, year, 12, 31);
		return i + k;
	}
	if ((last = period_at(t, i, &len)) != 0) {
		set_date(out, year, last, 31);
		return i + len + end_word(t, i + len);
	}
	int m = small_at(t, i, &len);
	if (m < 1 || m > 12 || !at(t, i + len, CP_YUE))
		return 0;
	i += len + 1;
	if ((k = end_word(t, i)) != 0) {
		set_date(out, year, m, 31); /* 3月底前, 3月底, 3月末, 3月前 */
		if (at(t, i, CP_QIAN) || at(t, i, CP_ZHI2) || at(t, i, CP_YI))
			set_date(out, m == 1 ? year - 1 : year, m == 1 ? 12 : m - 1, 31);
		return i + k;
	}
	if (word_at(t, i, U"中旬") || word_at(t, i, U"上旬") || word_at(t, i, U"下旬")) {
		int d = at(t, i, 0x4E0A) ? 10 : at(t, i, 0x4E2D) ? 20 : 31;
		if (!before_word(t, i + 2) && !at(t, i + 2, CP_DI))
			return 0;
		set_date(out, year, m, d);
		return i + 2 + before_word(t, i + 2);
	}
	int d = small_at(t, i, &len);
	if (d < 1 || d > 31 || !(at(t, i + len, CP_RI) || at(t, i + len, CP_HAO)))
		return 0;
	i += len + 1;
	if (!(k = before_word(t, i)))
		return 0; /* a plain date is an event, not a deadline */
	set_date(out, year, m, d);
	return i + k;
}

/* The reference plus a year when a year-less date falls before it. */
static int year_for(const struct deadline_ref *ref, int m, int d)
{
	return m < ref->month || (m == ref->month && d < ref->day) ? ref->year + 1 : ref->year;
}

/* Phrases without a year: 年底前 年内 今年年底 明年上半年 6月底前 六月底前. */
static size_t yearless(const struct text *t, size_t i, const struct deadline_ref *ref,
		       struct deadline *out)
{
	size_t k, len = 0;
	int last, year = ref->year, named = 0;
	if (word_at(t, i, U"明年"))
		year++, i++, named = 1;
	else if (word_at(t, i, U"今年") || word_at(t, i, U"本年"))
		i++, named = 1;
	if (at(t, i, CP_NIAN) && (at(t, i + 1, CP_DI) || at(t, i + 1, CP_MO) || at(t, i + 1, CP_NEI))) {
		set_date(out, year, 12, 31);
		return i + 1 + end_word(t, i + 1);
	}
	if (named && at(t, i, CP_NIAN))
		i++; /* 明年6月底前, 今年上半年: the month or period that follows */
	if ((last = period_at(t, i, &len)) != 0 && (named || end_word(t, i + len))) {
		set_date(out, year, last, 31);
		return i + len + end_word(t, i + len);
	}
	int m = small_at(t, i, &len);
	if (m < 1 || m > 12 || !at(t, i + len, CP_YUE))
		return 0;
	size_t e = i + len + 1, dl = 0;
	int d = small_at(t, e, &dl);
	if (d >= 1 && d <= 31 && (at(t, e + dl, CP_RI) || at(t, e + dl, CP_HAO)) &&
	    (k = before_word(t, e + dl + 1)) != 0) { /* 9月30日前 */
		set_date(out, named ? year : year_for(ref, m, d), m, d);
		return e + dl + 1 + k;
	}
	if (!(at(t, e, CP_DI) || at(t, e, CP_MO)) || !(k = end_word(t, e)))
		return 0;
	set_date(out, named ? year : year_for(ref, m, days_in(ref->year, m)), m, 31);
	return e + k;
}

/* 每月10日前 / 每月底前: the next such day after the reference. */
static size_t monthly(const struct text *t, size_t i, const struct deadline_ref *ref,
		      struct deadline *out)
{
	size_t len = 0, k, e;
	int d;
	if (!at(t, i, CP_MEI) || !at(t, i + 1, CP_YUE))
		return 0;
	e = i + 2;
	if (at(t, e, CP_DI) && (k = end_word(t, e)) != 0) {
		d = 31, e += k;
	} else {
		d = small_at(t, e, &len);
		if (d < 1 || d > 31 || !(at(t, e + len, CP_RI) || at(t, e + len, CP_HAO)) ||
		    !(k = before_word(t, e + len + 1)))
			return 0;
		e += len + 1 + k;
	}
	int y = ref->year, m = ref->month;
	if (ref->day > (d > days_in(y, m) ? days_in(y, m) : d)) {
		m = m == 12 ? 1 : m + 1;
		y += m == 1;
	}
	set_date(out, y, m, d);
	return e;
}

/* 每年3月底前: the next such date after the reference. */
static size_t yearly(const struct text *t, size_t i, const struct deadline_ref *ref,
		     struct deadline *out)
{
	size_t len = 0, k;
	if (!at(t, i, CP_MEI) || !at(t, i + 1, CP_NIAN))
		return 0;
	i += 2;
	if (at(t, i, CP_NIAN) || at(t, i, CP_DI)) { /* 每年年底前, 每年底前 */
		i += at(t, i, CP_NIAN);
		if (!(k = end_word(t, i)) || !at(t, i, CP_DI))
			return 0;
		set_date(out, ref->year, 12, 31);
		return i + k;
	}
	int m = small_at(t, i, &len);
	if (m < 1 || m > 12 || !at(t, i + len, CP_YUE))
		return 0;
	size_t e = i + len + 1;
	int d = 31;
	if (!(k = end_word(t, e))) {
		size_t dl = 0;
		d = small_at(t, e, &dl);
		if (d < 1 || d > 31 || !at(t, e + dl, CP_RI) || !(k = before_word(t, e + dl + 1)))
			return 0;
		e += dl + 1;
	}
	set_date(out, year_for(ref, m, d > days_in(ref->year, m) ? days_in(ref->year, m) : d), m, d);
	return e + k;
}

/* Is the date at [b, e) one end of a range (…至…, 自…起)? */
static int in_range(const struct text *t, size_t b, size_t e)
{
	if (at(t, e, CP_ZHI) || at(t, e, CP_QI) || (at(t, e, '-') && e + 1 < t->n) ||
	    at(t, e, 0x2014) || at(t, e, 0xFF5E) || at(t, e, '~'))
		return 1;
	return b > 0 && (t->c[b - 1] == CP_ZHI || t->c[b - 1] == 0x81EA /* 自 */ ||
			 t->c[b - 1] == 0x2014 || t->c[b - 1] == 0xFF5E);
}

/* Does a count of months or days at i start from the document itself?
 * Not when something happens before it (受理申请, 发现问题, 作出决定, 事故发生,
 * 企业提出申请的, 次月: a standing rule for each case), when a period is
 * named before it (每月, 每季度结束后), when it looks back (近, 过去), nor
 * when it counts from something after which (…后, …之日起) that is not
 * this document (本通知印发后, 收到本通知后, 本意见印发之日起 are). A 后 of
 * another word (今后, 落后, 后续) is none. */
static int counts_from_document(const struct text *t, size_t i)
{
	static const uint_least32_t *const events[] = {
		U"作出", U"受理", U"发生", U"发现", U"申请", U"次月", U"提出", U"接到", U"收到",
		U"过去", U"最近",
	};
	static const uint_least32_t *const ours[] = {
		U"本通知", U"本方案", U"本意见", U"本办法", U"本决定", U"本规定", U"本计划",
		U"本文件", U"本细则", U"本要点", U"本条例", U"本实施方案", U"本工作方案",
	};
	static const uint32_t periods[] = {CP_NIAN, CP_YUE, 0x5B63, 0x5468, CP_RI, 0x5929,
					   0x534A, 0x6B21}; /* 年 月 季 周 日 天 半 次 */
	if (i > 0 && t->c[i - 1] == 0x8FD1) /* 近 */
		return 0;
	int ref = 0, own = 0;
	for (size_t b = 0; b < i; b++) {
		uint32_t c = t->c[b], next = b + 1 < t->n ? t->c[b + 1] : 0;
		for (size_t k = 0; k < ARRAY_SIZE(periods); k++)
			if (c == CP_MEI && next == periods[k])
				return 0;
		for (size_t k = 0; k < ARRAY_SIZE(ours); k++)
			own |= word_at(t, b, ours[k]) != 0;
		for (size_t k = 0; k < ARRAY_SIZE(events); k++)
			/* 收到本通知后 counts from the document */
			if (word_at(t, b, events[k]) && !(k == 8 && word_at(t, b + 2, U"本")))
				return 0;
		uint32_t prev = b > 0 ? t->c[b - 1] : 0;
		if (c == 0x540E /* 后 */ && !(prev == 0x4ECA || prev == 0x843D || prev == 0x7136 ||
					     prev == 0x524D || prev == 0x6700 || prev == 0x5148 ||
					     prev == 0x80CC) /* 今 落 然 前 最 先 背 */ &&
		    !(next == 0x7EED || next == 0x671F || next == 0x6765 || next == 0x5907 ||
		      next == 0x52E4 || next == 0x679C)) /* 续 期 来 备 勤 果 */
			ref = 1;
		if (c == CP_QI && prev == CP_RI) /* (之)日起 */
			ref = 1;
	}
	return !ref || own;
}

/* 1年内完成, 在2—3年内调整到位, 3个月内完成, 30日内报送, 15个工作日内办结:
 * the reference plus the (larger) number of years, months or days, when
 * what is to be done by then follows. */
static size_t within_years(const struct text *t, size_t i, const struct deadline_ref *ref,
			   struct deadline *out)
{
	static const uint_least32_t *const done[] = {
		U"完成", U"调整到位", U"到位", U"实现", U"建成", U"达到", U"基本",
		U"报送", U"上报",     U"印发", U"出台", U"制定", U"提交", U"办结",
	};
	size_t len = 0, j = i;
	int n = small_at(t, j, &len);
	if (n < 1)
		return 0;
	j += len;
	if (at(t, j, 0x2014) || at(t, j, '-') || at(t, j, 0xFF5E) || at(t, j, 0x81F3)) {
		int m = small_at(t, j + 1, &len);
		if (m < n)
			return 0;
		n = m, j += 1 + len;
	}
	/* the unit: 年内, 个月内 (月内), 日内 (天内, 个工作日内: five in seven) */
	int unit = 0;
	size_t e = 0;
	if (at(t, j, CP_NIAN) && at(t, j + 1, CP_NEI))
		unit = 'y', e = j + 2;
	else if (word_at(t, j, U"个月内"))
		unit = 'm', e = j + 3;
	else if (at(t, j, CP_YUE) && at(t, j + 1, CP_NEI))
		unit = 'm', e = j + 2;
	else if ((at(t, j, CP_RI) || at(t, j, 0x5929 /* 天 */)) && at(t, j + 1, CP_NEI))
		unit = 'd', e = j + 2;
	else if (word_at(t, j, U"个工作日内"))
		unit = 'w', e = j + 5;
	if (!unit || (unit == 'y' && n > 20) || (unit == 'm' && n > 36))
		return 0;
	/* 30日内，制定出台具体实施办法: the work may follow a comma. Months and
	 * days count from the document only: not from each event or period
	 * (执法决定作出之日起20个工作日内, 项目建成投产后3个月内, 每月10日内, 每季度结束
	 * 后15日内: a standing rule), nor back (近3个月内) */
	size_t w = at(t, e, 0xFF0C) ? e + 1 : e;
	if (unit != 'y' && !counts_from_document(t, i))
		return 0;
	for (size_t k = 0; k < ARRAY_SIZE(done); k++)
		if (word_at(t, w, done[k])) {
			int y = ref->year, m = ref->month, d = ref->day;
			if (unit == 'y') {
				y += n;
			} else if (unit == 'm') {
				m += n;
				y += (m - 1) / 12, m = (m - 1) % 12 + 1;
			} else {
				/* calendar days; working days as 7 for every 5 */
				int days = unit == 'w' ? (n * 7 + 4) / 5 : n;
				for (d += days; d > days_in(y, m);) {
					d -= days_in(y, m);
					if (++m > 12)
						m = 1, y++;
				}
			}
			set_date(out, y, m, d);
			return e;
		}
	return 0;
}

/* 到2020年 / 力争到2020年: the end of that year. */
static int goal_year(const struct text *t, size_t yb, size_t y)
{
	return yb > 0 && t->c[yb - 1] == CP_DAO && !at(t, y + 1, CP_QI) &&
	       !(at(t, y + 1, CP_YUE) || small_at(t, y + 1, &(size_t){0}) > 0);
}

/* The first 年, 月, 季, 日 or 天 at or after i, or t->n. */
static size_t next_anchor(const struct text *t, size_t i)
{
	while (i < t->n && t->c[i] != CP_NIAN && t->c[i] != CP_YUE && t->c[i] != 0x5B63 &&
	       t->c[i] != CP_RI && t->c[i] != 0x5929)
		i++;
	return i;
}

/* A phrase found at i has its 年, 月 or 季 at i (年…), at i + 1 (每年…,
 * 每月…) or a few characters on: 二十一月 (i + 3), 上半年, 第二季度, and at
 * most 2—3年内 with its numbers of up to three characters (i + 7);
 * 15个工作日内 has its 日 at i + 5. */
#define ANCHOR_REACH 7

static enum deadline_kind find_in(const struct text *t, const struct deadline_ref *ref,
				  struct deadline *out)
{
	size_t next = next_anchor(t, 0);
	for (size_t i = 0; i < t->n; i++) {
		size_t e = 0, yb = 0;
		if (next < i)
			next = next_anchor(t, i);
		if (next >= t->n)
			break; /* none is left: nor is a phrase */
		if (next - i > ANCHOR_REACH)
			continue; /* most characters of a sentence */
		struct deadline d = {DL_DATE, "", 0, 0};
		if (t->c[i] == CP_MEI && (e = yearly(t, i, ref, &d)) != 0) {
			d.kind = DL_YEARLY;
			yb = i;
		} else if (t->c[i] == CP_MEI && (e = monthly(t, i, ref, &d)) != 0) {
			d.kind = DL_MONTHLY;
			yb = i;
		} else if (t->c[i] == CP_NIAN) {
			int year = year_before(t, i, &yb);
			if (year > 0) {
				e = after_year(t, i, year, &d);
				if (!e && goal_year(t, yb, i)) {
					set_date(&d, year, 12, 31);
					e = i + 1, yb--;
				}
			} else if (i == 0 || (cn_digit(t->c[i - 1]) < 0 && ar_digit(t->c[i - 1]) < 0 &&
					      t->c[i - 1] != CP_MEI && t->c[i - 1] != 0x534A /* 半 */)) {
				yb = i > 0 && (t->c[i - 1] == 0x4ECA || t->c[i - 1] == 0x672C ||
					       t->c[i - 1] == 0x660E) ? i - 1 : i; /* 今 本 明 */
				e = yearless(t, yb, ref, &d);
			}
		} else if ((i == 0 || (t->c[i - 1] != CP_NIAN && t->c[i - 1] != CP_MEI &&
				       ar_digit(t->c[i - 1]) < 0 && cn_digit(t->c[i - 1]) < 0)) &&
			   (ar_digit(t->c[i]) >= 0 || cn_digit(t->c[i]) > 0 || t->c[i] == 0x5341 ||
			    t->c[i] == 0x4E0A || t->c[i] == 0x4E0B || t->c[i] == 0x7B2C)) {
			yb = i;
			e = yearless(t, i, ref, &d);
			if (!e)
				e = within_years(t, i, ref, &d);
		}
		if (!e || in_range(t, yb, e))
			continue;
		d.b = t->off[yb];
		d.e = t->off[e];
		*out = d;
		return d.kind;
	}
	return DL_NONE;
}

/* Every phrase find_in takes holds 年, 月, 季 (of 季度), 日 or 天 (30日内,
 * 30天内): a text without them, as most sentences are, need not be
 * decoded. The bytes are looked for: the decoder is strict, so these code
 * points come from no others. */
static int has_anchor(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i + 3 <= n; i++)
		if ((u[i] == 0xE5 && ((u[i + 1] == 0xB9 && u[i + 2] == 0xB4) || /* 年 */
				      (u[i + 1] == 0xAD && u[i + 2] == 0xA3) || /* 季 */
				      (u[i + 1] == 0xA4 && u[i + 2] == 0xA9))) || /* 天 */
		    (u[i] == 0xE6 && ((u[i + 1] == 0x9C && u[i + 2] == 0x88) ||  /* 月 */
				      (u[i + 1] == 0x97 && u[i + 2] == 0xA5))))   /* 日 */
			return 1;
	return 0;
}

enum deadline_kind deadline_find(const char *s, size_t n, const struct deadline_ref *ref,
				 struct deadline *out)
{
	struct text t;
	memset(out, 0, sizeof *out);
	if (!s || !n || !has_anchor(s, n))
		return DL_NONE;
	decode(s, n, &t);
	enum deadline_kind k = find_in(&t, ref, out);
	text_free(&t);
	return k;
}

int deadline_may_start(const char *s, size_t n)
{
	uint32_t c, next = 0;
	if (!s || !n)
		return 0;
	size_t l = utf8_decode_fast(s, n, &c);
	if (l < n)
		utf8_decode_fast(s + l, n - l, &next);
	/* where find_in starts a phrase: 每年… and 每月…, 上半年 and 下半年,
	 * 第二季度, a year's first digit, 到2020年, 年底 and 今年/本年/明年, a
	 * month's first character */
	if (c == CP_MEI)
		return next == CP_NIAN || next == CP_YUE;
	if (c == 0x4E0A || c == 0x4E0B) /* 上 下 */
		return next == 0x534A;  /* 半 */
	if (c == 0x7B2C) /* 第 */
		return cn_digit(next) >= 0 || ar_digit(next) >= 0;
	return c == CP_NIAN || c == CP_DAO || c == 0x4ECA || c == 0x672C || c == 0x660E ||
	       c == 0x5341 || ar_digit(c) >= 0 || cn_digit(c) >= 0;
}

static int iso_date(const char *s, struct deadline *out)
{
	int y, m, d;
	char sep1, sep2, tail;
	if (sscanf(s, "%4d%c%2d%c%2d%c", &y, &sep1, &m, &sep2, &d, &tail) != 5 || sep1 != sep2 ||
	    (sep1 != '-' && sep1 != '/' && sep1 != '.'))
		return 0;
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
		return 0;
	set_date(out, y, m, d);
	return 1;
}

enum deadline_kind deadline_parse(const char *s, const struct deadline_ref *ref,
				  struct deadline *out)
{
	static const char *const ongoing[] = {"长期坚持", "持续推进", "长期", "常态化",
					      "持续开展", "长期推进", "持续实施"};
	memset(out, 0, sizeof *out);
	if (!s)
		return DL_NONE;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (!n)
		return DL_NONE;
	if (iso_date(s, out)) {
		out->e = n;
		return out->kind = DL_DATE;
	}
	for (size_t k = 0; k < ARRAY_SIZE(ongoing); k++)
		if (strlen(ongoing[k]) == n && memcmp(s, ongoing[k], n) == 0) {
			out->e = n;
			return out->kind = DL_ONGOING;
		}
	/* 2020年12月31日 as a value is meant as the date itself */
	struct text t;
	decode(s, n, &t);
	size_t yb = 0, len = 0;
	for (size_t i = 4; i < t.n; i++) {
		int y, m, d;
		if (t.c[i] != CP_NIAN || (y = year_before(&t, i, &yb)) < 0 || yb != 0)
			continue;
		m = small_at(&t, i + 1, &len);
		size_t j = i + 1 + len;
		if (m < 1 || m > 12 || !at(&t, j, CP_YUE))
			break;
		d = small_at(&t, j + 1, &len);
		if (d >= 1 && d <= days_in(y, m) && at(&t, j + 1 + len, CP_RI) && j + 2 + len == t.n) {
			set_date(out, y, m, d);
			out->e = n;
			text_free(&t);
			return out->kind = DL_DATE;
		}
		break;
	}
	enum deadline_kind k = find_in(&t, ref, out);
	text_free(&t);
	return k;
}

void deadline_ref_from(const char *iso, struct deadline_ref *ref)
{
	int y, m, d;
	if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1) {
		ref->year = y, ref->month = m, ref->day = d;
		return;
	}
	char today[11];
	lu_today(today); /* LUOSHI_NOW pins it, for tests */
	if (sscanf(today, "%4d-%2d-%2d", &y, &m, &d) != 3)
		y = 2000, m = 1, d = 1;
	ref->year = y, ref->month = m, ref->day = d;
}
