/* parse_num.c - characters, Chinese numerals, numbering labels and dates.
 * Everything here looks at a bounded prefix or walks a line once, so a
 * 10 MB line costs no more than reading it. */
#include "config.h"
#include "parse_impl.h"

#include <stdio.h>
#include <string.h>

#include "luoshi/utf8.h"

#define CP_DI 0x7B2C   /* 第 */
#define CP_DUN 0x3001  /* 、 */
#define CP_NIAN 0x5E74 /* 年 */
#define CP_YUE 0x6708  /* 月 */
#define CP_RI 0x65E5   /* 日 */
#define CP_HAO 0x53F7  /* 号 */

/* Characters that make "1.1" or "1　" a quantity rather than a heading. */
static const char units[] = "万亿千百倍元个次年月日天岁米吨度分秒时项家所名人件亩斤克升户位台部篇本张辆%％‰";

size_t pu_cp(const char *s, size_t n, size_t i, uint32_t *c)
{
	if (i >= n) {
		*c = 0;
		return 0;
	}
	if ((unsigned char)s[i] < 0x80) {
		*c = (unsigned char)s[i];
		return 1;
	}
	return utf8_decode(s + i, n - i, c);
}

int pu_is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) ||
	       c == 0x202F || c == 0x205F || c == 0xFEFF;
}

int pu_is_han(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3007 ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

int pu_digit(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

int pu_cn_digit(uint32_t c)
{
	static const uint32_t digits[] = {0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
					  0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
	if (c == 0x3007 || c == 0x25CB) /* 〇 ○ */
		return 0;
	if (c == 0x4E24) /* 两 */
		return 2;
	for (int i = 0; i < 10; i++)
		if (digits[i] == c)
			return i;
	return -1;
}

int pu_is_open_paren(uint32_t c)
{
	return c == '(' || c == 0xFF08;
}

int pu_is_close_paren(uint32_t c)
{
	return c == ')' || c == 0xFF09;
}

static long cn_unit(uint32_t c)
{
	switch (c) {
	case 0x5341: return 10;   /* 十 */
	case 0x767E: return 100;  /* 百 */
	case 0x5343: return 1000; /* 千 */
	default: return 0;
	}
}

long pu_cn_value(const char *s, size_t n, size_t *used)
{
	long section = 0, num = 0;
	size_t i = 0;
	int k = 0;
	while (i < n && k < 8) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		int d = pu_cn_digit(c);
		long u = cn_unit(c);
		if (d >= 0)
			num = num * 10 + d; /* 二〇二四 reads digit by digit */
		else if (u)
			section += (num ? num : 1) * u, num = 0;
		else
			break;
		i += l, k++;
	}
	if (!k)
		return -1;
	*used = i;
	return section + num;
}

long pu_ar_value(const char *s, size_t n, size_t *used, int maxd)
{
	long v = 0;
	size_t i = 0;
	int k = 0;
	for (;;) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		int d = l ? pu_digit(c) : -1;
		if (d < 0)
			break;
		if (++k > maxd)
			return -1;
		v = v * 10 + d, i += l;
	}
	if (!k)
		return -1;
	*used = i;
	return v;
}

size_t pu_skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		if (!pu_is_blank(c))
			break;
		i += l;
	}
	return i;
}

/* Characters in s, at most max + 1: lines are measured against limits
 * at every line classification, and paragraphs are long. Well-formed
 * three-byte characters are stepped over here, the rest as utf8_count
 * steps, so the count is the same. */
size_t pu_chars_upto(const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t count = 0, i = 0;
	while (i < n && count <= max) {
		if (u[i] < 0x80) {
			i++;
		} else if (u[i] >= 0xE0 && u[i] <= 0xEF && n - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
			   (u[i + 2] & 0xC0) == 0x80 && (u[i] != 0xE0 || u[i + 1] >= 0xA0) &&
			   (u[i] != 0xED || u[i + 1] < 0xA0)) {
			i += 3; /* not overlong (E0 80-9F), not a surrogate (ED A0-BF) */
		} else {
			uint32_t c;
			i += utf8_decode(s + i, n - i, &c);
		}
		count++;
	}
	return count;
}

size_t pu_chars(const char *s, size_t n)
{
	return pu_chars_upto(s, n, (size_t)-2);
}

size_t pu_prefix(const char *s, size_t n, size_t max)
{
	size_t i = 0;
	uint32_t c;
	while (i < n && max--)
		i += pu_cp(s, n, i, &c);
	return i;
}

int pu_starts(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s, p, k) == 0;
}

int pu_ends(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s + n - k, p, k) == 0;
}

/* The code points of a short UTF-8 set string. */
static size_t decode_set(const char *set, uint32_t *out, size_t max)
{
	size_t n = strlen(set), i = 0, k = 0;
	while (i < n && k < max)
		i += pu_cp(set, n, i, &out[k++]);
	return k;
}

static int in_set(uint32_t c, const uint32_t *set, size_t k)
{
	for (size_t j = 0; j < k; j++)
		if (set[j] == c)
			return 1;
	return 0;
}

int pu_has_any(const char *s, size_t n, const char *set)
{
	uint32_t cps[64], c;
	size_t k = decode_set(set, cps, ARRAY_SIZE(cps));
	for (size_t i = 0; i < n;) {
		i += pu_cp(s, n, i, &c);
		if (in_set(c, cps, k))
			return 1;
	}
	return 0;
}

static int is_unit(uint32_t c)
{
	uint32_t cps[64];
	size_t k = decode_set(units, cps, ARRAY_SIZE(cps));
	return in_set(c, cps, k);
}

/* The copy is never longer than s: allocated once at that size, not grown
 * from a 64-byte sbuf (a big document has a label per node). */
char *pu_fold_digits(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		if (c >= 0xFF10 && c <= 0xFF19) {
			out[o++] = (char)('0' + (c - 0xFF10));
		} else {
			memcpy(out + o, s + i, l);
			o += l;
		}
		i += l;
	}
	out[o] = '\0';
	return out;
}

/* Letter-spaced text: at least two blank-separated tokens, each a single
 * character. */
static int letter_spaced(const char *s, size_t n)
{
	size_t i = 0, tokens = 0;
	while (i < n) {
		i = pu_skip_blanks(s, n, i);
		if (i >= n)
			break;
		uint32_t c;
		i += pu_cp(s, n, i, &c);
		tokens++;
		if (i < n && pu_skip_blanks(s, n, i) == i)
			return 0; /* a token longer than one character */
	}
	return tokens >= 2;
}

char *pu_tidy_spaces(const char *s, size_t n)
{
	int drop = letter_spaced(s, n);
	char *out = xmalloc(n + 1); /* blanks only shrink: never longer than s */
	size_t o = 0, i = pu_skip_blanks(s, n, 0);
	while (i < n) {
		size_t j = pu_skip_blanks(s, n, i);
		if (j > i) {
			if (j < n && !drop)
				out[o++] = ' ';
			i = j;
			continue;
		}
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		memcpy(out + o, s + i, l);
		o += l;
		i += l;
	}
	out[o] = '\0';
	return out;
}

/* ---- numbering ---- */

/* After the label: a character that shows 第三条 is a reference in a
 * sentence (第三条规定的…, 第一章中…) rather than a heading. */
static int ref_follows(const char *s, size_t n, size_t i)
{
	uint32_t c;
	if (!pu_cp(s, n, i, &c))
		return 0;
	/* 的 规 款 所 之 至 项 、 ， 。 (an article may well begin with 中…) */
	return c == 0x7684 || c == 0x89C4 || c == 0x6B3E || c == 0x6240 || c == 0x4E4B ||
	       c == 0x81F3 || c == 0x9879 || c == CP_DUN || c == 0xFF0C || c == 0x3002 || c == ',';
}

static enum scheme match_di(const char *s, size_t n, size_t *e)
{
	size_t i = 3, used = 0; /* after 第 */
	if (pu_cn_value(s + i, n - i, &used) < 0 &&
	    pu_ar_value(s + i, n - i, &used, PU_NUM_DIGITS) < 0)
		return SCH_NONE;
	i += used;
	static const struct {
		const char *w;
		enum scheme sch;
	} sfx[] = {{"编", SCH_PART}, {"部分", SCH_PART}, {"章", SCH_CHAPTER},
		   {"节", SCH_JIE}, {"条", SCH_ARTICLE}};
	for (size_t k = 0; k < ARRAY_SIZE(sfx); k++) {
		if (!pu_starts(s + i, n - i, sfx[k].w))
			continue;
		i += strlen(sfx[k].w);
		if (ref_follows(s, n, i))
			return SCH_NONE;
		*e = i;
		return sfx[k].sch;
	}
	return SCH_NONE;
}

/* 、，。 right after a closing parenthesis: an inline reference. */
static int punct_follows(const char *s, size_t n, size_t i)
{
	uint32_t c;
	if (!pu_cp(s, n, i, &c))
		return 0;
	return c == CP_DUN || c == 0xFF0C || c == 0x3002 || c == ',' || c == '.';
}

static enum scheme match_paren(const char *s, size_t n, size_t l, size_t *e)
{
	size_t i = l, used = 0;
	enum scheme sch;
	if (pu_ar_value(s + i, n - i, &used, PU_NUM_DIGITS) > 0) {
		sch = SCH_AR_PAREN;
	} else if (pu_cn_value(s + i, n - i, &used) > 0) {
		sch = SCH_CN_PAREN;
	} else {
		return SCH_NONE;
	}
	i += used;
	uint32_t c;
	size_t cl = pu_cp(s, n, i, &c);
	if (!cl || !pu_is_close_paren(c) || punct_follows(s, n, i + cl))
		return SCH_NONE;
	*e = i + cl;
	return sch;
}

static enum scheme match_arabic(const char *s, size_t n, int decimal, size_t *e)
{
	size_t used = 0;
	if (pu_ar_value(s, n, &used, PU_NUM_DIGITS) <= 0)
		return SCH_NONE; /* a long figure, or 0 */
	uint32_t c, d;
	size_t l = pu_cp(s, n, used, &c);
	if (!l)
		return SCH_NONE;
	size_t l2 = pu_cp(s, n, used + l, &d);
	if (c == '.' || c == 0xFF0E || c == CP_DUN) {
		if (l2 && (pu_digit(d) >= 0 || d == '.' || d == 0xFF0E || d == '%' || d == 0xFF05))
			return SCH_NONE; /* 1.1, 3.5%, 1、2月 */
		*e = used + l;
		return SCH_AR_DOT;
	}
	if (pu_is_close_paren(c)) {
		if (punct_follows(s, n, used + l))
			return SCH_NONE;
		*e = used + l;
		return SCH_AR_HALF;
	}
	if (decimal && pu_is_blank(c)) {
		size_t j = pu_skip_blanks(s, n, used);
		if (!pu_cp(s, n, j, &d) || !pu_is_han(d) || is_unit(d))
			return SCH_NONE;
		*e = used;
		return SCH_DEC1; /* the caller keeps it only for a known major */
	}
	return SCH_NONE;
}

/* After 一、: 三、四月 or 一、二级 are ranges, not headings. */
static int cn_range_follows(const char *s, size_t n, size_t i)
{
	size_t used = 0;
	if (pu_cn_value(s + i, n - i, &used) < 0)
		return 0;
	uint32_t c;
	if (!pu_cp(s, n, i + used, &c))
		return 0;
	return c == CP_DUN || c == CP_YUE || c == CP_NIAN || c == 0x7EA7 || c == 0x7C7B ||
	       c == 0x7B49 || c == 0x4E2A;
}

/* 一、 and the 一． / 一. some offices write. */
static enum scheme match_cn_dun(const char *s, size_t n, size_t *e)
{
	size_t used = 0;
	long v = pu_cn_value(s, n, &used);
	if (v < 1)
		return SCH_NONE;
	uint32_t c, d;
	size_t l = pu_cp(s, n, used, &c);
	if (c == 0xFF0E || c == '.') {
		if (pu_cp(s, n, used + l, &d) && pu_cn_digit(d) >= 0)
			return SCH_NONE; /* 一.五 is a figure */
	} else if (c != CP_DUN || cn_range_follows(s, n, used + l)) {
		return SCH_NONE;
	}
	*e = used + l;
	return SCH_CN_DUN;
}

enum scheme pu_match_num(const char *s, size_t n, int decimal, size_t *lab, size_t *rest)
{
	uint32_t c;
	size_t l = pu_cp(s, n, 0, &c), e = 0;
	enum scheme sch = SCH_NONE;
	if (!l)
		return SCH_NONE;
	if (c == CP_DI)
		sch = match_di(s, n, &e);
	else if (pu_is_open_paren(c))
		sch = match_paren(s, n, l, &e);
	else if (pu_digit(c) >= 0)
		sch = match_arabic(s, n, decimal, &e);
	else if (pu_cn_digit(c) > 0 || c == 0x5341)
		sch = match_cn_dun(s, n, &e);
	else if (c >= 0x2460 && c <= 0x2473) /* ① */
		sch = SCH_CIRCLED, e = l;
	else if (c >= 0x2474 && c <= 0x2487) /* ⑴ */
		sch = SCH_AR_PAREN, e = l;
	else if (c >= 0x2488 && c <= 0x249B) /* ⒈ */
		sch = SCH_AR_DOT, e = l;
	if (sch == SCH_NONE)
		return SCH_NONE;
	*lab = e;
	*rest = pu_skip_blanks(s, n, e);
	return sch;
}

int pu_match_decimal(const char *s, size_t n, size_t *lab, size_t *rest, long *major)
{
	size_t i = 0, used = 0;
	int parts = 0;
	long v = pu_ar_value(s, n, &used, 3);
	if (v <= 0)
		return 0;
	*major = v;
	i = used, parts = 1;
	for (;;) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		if (!l || (c != '.' && c != 0xFF0E) || pu_ar_value(s + i + l, n - i - l, &used, 3) < 0)
			break;
		i += l + used, parts++;
	}
	if (parts < 2 || parts > 4)
		return 0;
	uint32_t c;
	size_t l = pu_cp(s, n, i, &c);
	if (l && (c == '.' || c == 0xFF0E || c == '%' || c == 0xFF05 || is_unit(c)))
		return 0;
	if (l && !pu_is_blank(c) && !pu_is_han(c))
		return 0;
	size_t j = pu_skip_blanks(s, n, i);
	if (pu_cp(s, n, j, &c) && (pu_digit(c) >= 0 || is_unit(c)))
		return 0;
	*lab = i;
	*rest = j;
	return parts;
}

int pu_match_box(const char *s, size_t n, size_t *lab, size_t *rest)
{
	size_t used = 0, i;
	if (!pu_starts(s, n, "专栏"))
		return 0;
	i = pu_skip_blanks(s, n, strlen("专栏"));
	if (pu_ar_value(s + i, n - i, &used, 3) <= 0 && pu_cn_value(s + i, n - i, &used) <= 0)
		return 0;
	i += used;
	*lab = i;
	uint32_t c;
	size_t l = pu_cp(s, n, i, &c);
	if (l && (c == 0xFF1A || c == ':' || c == 0x3001 || c == '.' || c == 0xFF0E))
		i += l;
	else if (l && !pu_is_blank(c))
		return 0;
	*rest = pu_skip_blanks(s, n, i);
	return 1;
}

int pu_match_attach(const char *s, size_t n, size_t *lab, size_t *rest)
{
	size_t i, used = 0;
	int numbered = 0;
	if (pu_starts(s, n, "附件")) {
		i = strlen("附件");
	} else if (pu_starts(s, n, "附：") || pu_starts(s, n, "附:")) {
		*lab = strlen("附");
		*rest = pu_skip_blanks(s, n, pu_starts(s, n, "附:") ? *lab + 1 : *lab + 3);
		return 2;
	} else {
		return 0;
	}
	if (pu_ar_value(s + i, n - i, &used, 2) > 0 || pu_cn_value(s + i, n - i, &used) > 0)
		i += used, numbered = 1;
	*lab = i;
	uint32_t c;
	size_t l = pu_cp(s, n, i, &c);
	if (!l || pu_is_blank(c)) {
		*rest = pu_skip_blanks(s, n, i);
		return 1;
	}
	if (c == 0xFF1A || c == ':') {
		*rest = pu_skip_blanks(s, n, i + l);
		return numbered ? 1 : 2;
	}
	if (numbered && (c == '.' || c == 0xFF0E || c == 0x3001)) { /* 附件1. 附件2、 */
		*rest = pu_skip_blanks(s, n, i + l);
		return 1;
	}
	return 0;
}

/* ---- dates ---- */

/* Start of the code point before offset i. */
static size_t back_cp(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

/* Four digits (Arabic or Chinese) ending at offset end: the year. */
static long year_before(const char *s, size_t n, size_t end, size_t *b)
{
	size_t i = end;
	long v = 0, mul = 1;
	int arabic = -1;
	for (int k = 0; k < 4; k++) {
		if (i == 0)
			return -1;
		i = back_cp(s, i);
		uint32_t c;
		pu_cp(s, n, i, &c);
		int a = pu_digit(c), z = pu_cn_digit(c);
		if (arabic < 0)
			arabic = a >= 0;
		int d = arabic ? a : (c == 0x4E24 ? -1 : z);
		if (d < 0)
			return -1;
		v += d * mul, mul *= 10;
	}
	*b = i;
	return v;
}

/* A month or day number (1-2 Arabic digits, or a Chinese numeral). */
static long small_number(const char *s, size_t n, size_t i, size_t *used)
{
	long v = pu_ar_value(s + i, n - i, used, 2);
	if (v < 0)
		v = pu_cn_value(s + i, n - i, used);
	return v;
}

/* Parse 年 M 月 D 日 from offset i (just after 年). */
static int month_day(const char *s, size_t n, size_t i, int *m, int *d, size_t *e)
{
	size_t used = 0;
	uint32_t c;
	long mv = small_number(s, n, i, &used);
	if (mv < 1 || mv > 12)
		return 0;
	i += used;
	if (pu_cp(s, n, i, &c) != 3 || c != CP_YUE)
		return 0;
	i += 3;
	long dv = small_number(s, n, i, &used);
	if (dv < 1 || dv > 31)
		return 0;
	i += used;
	if (pu_cp(s, n, i, &c) != 3 || (c != CP_RI && c != CP_HAO))
		return 0;
	*m = (int)mv, *d = (int)dv, *e = i + 3;
	return 1;
}

int pu_find_date(const char *s, size_t n, char iso[11], size_t *b, size_t *e)
{
	const char *nian = "年";
	for (size_t i = 0; i + 3 <= n; i++) {
		if (memcmp(s + i, nian, 3) != 0)
			continue;
		size_t yb;
		int m, d;
		long y = year_before(s, n, i, &yb);
		if (y < 1900 || y > 2199 || !month_day(s, n, i + 3, &m, &d, e))
			continue;
		snprintf(iso, 11, "%04ld-%02d-%02d", y, m, d);
		*b = yb;
		return 1;
	}
	return 0;
}

int pu_date_only(const char *s, size_t n, char iso[11], int *paren)
{
	uint32_t c;
	size_t b, e, l;
	*paren = 0;
	if (n > 80)
		return 0;
	l = pu_cp(s, n, 0, &c);
	if (l && pu_is_open_paren(c)) {
		size_t k = back_cp(s, n);
		uint32_t z;
		pu_cp(s, n, k, &z);
		if (!pu_is_close_paren(z))
			return 0;
		*paren = 1;
		s += l, n = k - l;
	}
	size_t st = pu_skip_blanks(s, n, 0);
	if (!pu_find_date(s + st, n - st, iso, &b, &e) || b != 0)
		return 0;
	return pu_skip_blanks(s, n, st + e) == n;
}
