/* extract.c - candidate tasks from the text of a measure (DESIGN.md §3):
 * every sentence that asks for action, titled by its leading clause, with
 * the recurrence and count its words give. */
#include "config.h"
#include "luoshi/extract.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/utf8.h"
#include "luoshi/util.h"

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

/* ---- characters ---- */

static size_t cp_at(const char *s, size_t n, size_t i, uint32_t *c)
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

static int is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\r';
}

static int sentence_end(uint32_t c)
{
	return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == '!' || c == '?' ||
	       c == ';';
}

static int closer(uint32_t c)
{
	return c == 0x201D || c == 0x2019 || c == 0xFF09 || c == ')' || c == 0x300D ||
	       c == 0x300F || c == 0x300B;
}

static int quote_close(uint32_t c)
{
	return c == 0x201D || c == 0x300D || c == 0x300F;
}

static int clause_end(uint32_t c)
{
	return c == 0xFF0C || c == 0xFF1A || c == 0xFF1B || c == ',' || c == ':' || c == ';';
}

/* Depth of quotes and brackets, so that 。 inside “…” or （…） does not
 * end a sentence and ， inside them does not end a clause. */
struct depth {
	int quote, paren, book;
};

static void track(struct depth *d, uint32_t c)
{
	if (c == 0x201C || c == 0x300C || c == 0x300E)
		d->quote++;
	else if ((c == 0x201D || c == 0x300D || c == 0x300F) && d->quote)
		d->quote--;
	else if (c == 0xFF08 || c == '(')
		d->paren++;
	else if ((c == 0xFF09 || c == ')') && d->paren)
		d->paren--;
	else if (c == 0x300A)
		d->book++;
	else if (c == 0x300B && d->book)
		d->book--;
}

static int at_top(const struct depth *d)
{
	return !d->quote && !d->paren && !d->book;
}

/* ---- sentences ---- */

/* The next sentence of s from *pos: it ends at 。！？； outside quotes and
 * brackets (taking closing quotes after it along), at a 。” that closes a
 * quote (a quoted sentence), or at the end of the paragraph. A （…。） aside
 * does not end it. */
static int next_sentence(const char *s, size_t n, size_t *pos, size_t *b, size_t *e)
{
	size_t i = *pos;
	uint32_t c, prev = 0;
	struct depth d = {0, 0, 0};
	while (i < n && (s[i] == '\n' || (cp_at(s, n, i, &c) && is_blank(c))))
		i += cp_at(s, n, i, &c);
	if (i >= n)
		return 0;
	*b = i;
	while (i < n) {
		size_t l = cp_at(s, n, i, &c);
		if (c == '\n')
			break;
		i += l;
		track(&d, c);
		int ends = (sentence_end(c) && at_top(&d)) ||
			   (quote_close(c) && sentence_end(prev) && at_top(&d));
		prev = c;
		if (!ends)
			continue;
		while (i < n && (l = cp_at(s, n, i, &c)) && (closer(c) || sentence_end(c)))
			i += l;
		break;
	}
	*e = i;
	*pos = i;
	return 1;
}

/* Start of the code point that ends at e (e > b). */
static size_t back_cp(const char *s, size_t b, size_t e)
{
	size_t k = e - 1;
	while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

static void trim(const char *s, size_t *b, size_t *e)
{
	uint32_t c;
	size_t l;
	while (*b < *e && (l = cp_at(s, *e, *b, &c)) && is_blank(c))
		*b += l;
	while (*e > *b) {
		size_t k = back_cp(s, *b, *e);
		cp_at(s, *e, k, &c);
		if (!is_blank(c))
			break;
		*e = k;
	}
}

/* A sentence worth keeping has at least one letter, digit or ideograph. */
static int has_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += cp_at(s, n, i, &c);
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
			return 1;
	}
	return 0;
}

/* ---- does it ask for action? ---- */

static const char *const verbs[] = {
	"必须", "务必", "不得", "严禁", "禁止", "建立", "健全", "开展", "加强", "落实", "推动",
	"推进", "组织", "坚持", "完善", "实施", "抓好", "抓实", "强化", "深化", "提高", "提升",
	"增强", "做好", "确保", "严格", "加大", "制定", "举办", "推行", "督促", "指导", "引导",
	"发挥", "防止", "防范", "解决", "纠治", "整治", "运用", "用好", "采取", "聚焦", "明确",
	"鼓励", "支持", "探索", "构建", "优化", "规范", "纳入", "实行", "讲好", "办好", "树立",
	"践行", "选树", "紧盯", "着力", "切实", "扎实", "持续", "及时", "定期", "负责", "牵头",
	"配合", "报送", "上报", "部署", "检查", "考核", "整改", "召开", "建设", "打造", "培育",
	"推广", "监督", "保障", "压实", "统筹", "协调", "查摆", "应当", "维护", "坚决",
};

/* 要 and 应 are modal verbs except inside words like 重要, 要求, 适应, 应急. */
static int modal_at(const char *s, size_t n, const char *word, const char *before,
		    const char *after)
{
	size_t wl = strlen(word);
	for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), word, wl)) != NULL; p += wl) {
		int bad = 0;
		if (p - s >= 3) {
			for (const char *q = before; *q && !bad; q += 3)
				bad = memcmp(p - 3, q, 3) == 0;
		}
		if ((size_t)(p - s) + wl + 3 <= n) {
			for (const char *q = after; *q && !bad; q += 3)
				bad = memcmp(p + wl, q, 3) == 0;
		}
		if (!bad)
			return 1;
	}
	return 0;
}

static int asks_action(const char *s, size_t n)
{
	for (size_t k = 0; k < ARRAY_SIZE(verbs); k++)
		if (memmem(s, n, verbs[k], strlen(verbs[k])))
			return 1;
	return modal_at(s, n, "要", "重主需必纲摘首只简提扼紧机险政",
			"求素点件害么闻事领务员地塞职道") ||
	       modal_at(s, n, "应", "适相响对反供效呼顺回答感", "急用激");
}

/* ---- titles ---- */

static int cn_digit(uint32_t c)
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
	size_t i = cp_at(s, n, 0, &c), l;
	if (c >= 0x2460 && c <= 0x249B)
		return i;
	if (c == 0xFF08 || c == '(')
		;
	else if (c >= '0' && c <= '9')
		i = 0;
	else
		return 0;
	for (int k = 0; k < 5 && (l = cp_at(s, n, i, &c)) != 0; k++, i += l) {
		if (k && (c == 0xFF09 || c == ')' || c == '.' || c == 0xFF0E || c == 0x3001))
			return i + l;
		if (!(c >= '0' && c <= '9') && cn_digit(c) < 0 && c != 0x5341)
			return 0;
	}
	return 0;
}

/* End of the clause starting at b (first ，：； at top level, or e). */
static size_t clause_from(const char *s, size_t b, size_t e)
{
	struct depth d = {0, 0, 0};
	for (size_t i = b; i < e;) {
		uint32_t c;
		size_t l = cp_at(s, e, i, &c);
		if (clause_end(c) && at_top(&d))
			return i;
		track(&d, c);
		i += l;
	}
	return e;
}

/* Clauses that say why (为…) or only link (同时，): the title skips them. */
static int preamble_clause(const char *s, size_t n)
{
	static const char *const whole[] = {"同时", "此外", "另外", "其中", "对此", "据此",
					    "与此同时", "首先", "其次", "最后"};
	if (n >= 3 && memcmp(s, "为", 3) == 0)
		return !(n >= 6 && memcmp(s, "为民", 6) == 0);
	for (size_t j = 0; j < ARRAY_SIZE(whole); j++)
		if (n == strlen(whole[j]) && memcmp(s, whole[j], n) == 0)
			return 1;
	return 0;
}

static int is_conj(uint32_t c)
{
	return c == 0x548C || c == 0x6216 || c == 0x53CA || c == 0x4E0E || c == 0x5E76; /* 和或及与并 */
}

/* A good place to cut a long clause, within max characters: best before
 * 、（“《 or after a closing bracket (keeping at least half of max); else
 * before 关于 / 以及 / 和 / 或; else after 的. 0 when there is none, and
 * the caller cuts at max. All of these lie outside brackets. */
static size_t natural_cut(const char *s, size_t n, size_t max)
{
	struct depth d = {0, 0, 0};
	size_t i = 0, k = 0, punct = 0, word = 0, de = 0, prev = 0;
	uint32_t pc = 0;
	while (i < n && k < max) {
		uint32_t c;
		size_t l = cp_at(s, n, i, &c);
		int top = at_top(&d);
		if (top && k >= max / 2 && (c == 0x3001 || c == 0xFF08 || c == 0x201C || c == 0x300A))
			punct = is_conj(pc) ? prev : i; /* …制度化和“…: cut before 和 */
		if (top && k >= max / 3 &&
		    (c == 0x548C || c == 0x6216 || (n - i >= 6 && (memcmp(s + i, "关于", 6) == 0 ||
								   memcmp(s + i, "以及", 6) == 0))))
			word = i;
		track(&d, c);
		prev = i, pc = c;
		i += l, k++;
		if (at_top(&d) && !top && k >= max / 2)
			punct = i;
		if (top && c == 0x7684 && k >= max / 2)
			de = i;
	}
	return punct ? punct : word ? word : de;
}

static size_t prefix_chars(const char *s, size_t n, size_t max)
{
	size_t i = 0;
	uint32_t c;
	while (i < n && max--)
		i += cp_at(s, n, i, &c);
	return i;
}

/* Title: the leading clause (skipping a 为… purpose clause or a linking
 * word), cut to EXTRACT_TITLE_MAX characters at a natural place. */
static char *make_title(const char *s, size_t n)
{
	size_t b = skip_label(s, n), e = clause_from(s, b, n);
	while (e < n && preamble_clause(s + b, e - b)) {
		uint32_t c;
		size_t nb = e + cp_at(s, n, e, &c), ne = clause_from(s, nb, n);
		if (!has_word(s + nb, ne - nb))
			break;
		b = nb, e = ne;
	}
	while (e > b) { /* drop the sentence end */
		size_t k = back_cp(s, b, e);
		uint32_t c;
		cp_at(s, e, k, &c);
		if (!sentence_end(c) && !is_blank(c))
			break;
		e = k;
	}
	if (e <= b)
		return xstrndup(s, prefix_chars(s, n, EXTRACT_TITLE_MAX));
	size_t full = prefix_chars(s + b, e - b, EXTRACT_TITLE_MAX);
	if (b + full < e) {
		size_t cut = natural_cut(s + b, e - b, EXTRACT_TITLE_MAX);
		full = cut ? cut : full;
	}
	return xstrndup(s + b, full);
}

/* ---- recurrence and counts ---- */

static const char *find_any(const char *s, size_t n, const char *const *w, size_t k)
{
	const char *best = NULL;
	for (size_t j = 0; j < k; j++) {
		const char *p = memmem(s, n, w[j], strlen(w[j]));
		if (p && (!best || p < best))
			best = p;
	}
	return best;
}

/* 1-99 in Chinese: 一 … 九, 十, 十二, 二十, 二十三. */
static long cn_small(const char *s, size_t n, size_t *used)
{
	uint32_t c;
	size_t l = cp_at(s, n, 0, &c), i = l;
	long tens;
	int d = l ? cn_digit(c) : -1;
	if (c == 0x5341) {
		tens = 1;
	} else if (d > 0) {
		l = cp_at(s, n, i, &c);
		if (!l || c != 0x5341) {
			*used = i;
			return d;
		}
		tens = d, i += l;
	} else {
		return -1;
	}
	l = cp_at(s, n, i, &c);
	d = l ? cn_digit(c) : -1;
	*used = d > 0 ? i + l : i;
	return tens * 10 + (d > 0 ? d : 0);
}

static long small_number(const char *s, size_t n, size_t *used)
{
	uint32_t c;
	size_t i = 0, l;
	long v = -1;
	for (; (l = cp_at(s, n, i, &c)) != 0 && v < 1000000; i += l) {
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
		for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), w[k], wl)) != NULL; p += wl) {
			size_t i = (size_t)(p - s) + wl;
			for (int skip = 0; skip <= 4 && i < n; skip++) {
				size_t used = 0;
				uint32_t c;
				long v = small_number(s + i, n - i, &used);
				if (v > 0 && cp_at(s, n, i + used, &c) && count_unit(c))
					return v > 1000000 ? 1000000 : (int)v;
				size_t l = cp_at(s, n, i, &c);
				if (!(c >= 0x4E00 && c <= 0x9FFF))
					break;
				i += l;
			}
		}
	}
	return 0;
}

enum recur extract_recur(const char *sentence, int *count)
{
	static const char *const yearly[] = {"每年", "年度", "每一年"};
	static const char *const half[] = {"每半年"};
	static const char *const quarter[] = {"每季度", "每个季度", "每季"};
	static const char *const month[] = {"每月", "每个月"};
	static const char *const week[] = {"每周", "每星期"};
	static const char *const periodic[] = {"定期"};
	static const char *const ongoing[] = {"常态化", "经常性", "长效"};
	static const struct {
		const char *const *w;
		size_t k;
		enum recur r;
	} specific[] = {{yearly, ARRAY_SIZE(yearly), RECUR_YEARLY},
			{half, ARRAY_SIZE(half), RECUR_HALFYEARLY},
			{quarter, ARRAY_SIZE(quarter), RECUR_QUARTERLY},
			{month, ARRAY_SIZE(month), RECUR_MONTHLY},
			{week, ARRAY_SIZE(week), RECUR_WEEKLY}};
	size_t n = sentence ? strlen(sentence) : 0;
	const char *best = NULL;
	enum recur r = RECUR_NONE;
	if (count)
		*count = n ? find_count(sentence, n) : 0;
	if (!n)
		return RECUR_NONE;
	/* A stated period wins over 定期, and both over a standing duty. */
	for (size_t j = 0; j < ARRAY_SIZE(specific); j++) {
		const char *p = find_any(sentence, n, specific[j].w, specific[j].k);
		if (p && (!best || p < best))
			best = p, r = specific[j].r;
	}
	if (r != RECUR_NONE)
		return r;
	if (find_any(sentence, n, periodic, ARRAY_SIZE(periodic)))
		return RECUR_PERIODIC;
	if (find_any(sentence, n, ongoing, ARRAY_SIZE(ongoing)))
		return RECUR_ONGOING;
	return RECUR_NONE;
}

/* ---- the list ---- */

size_t extract_tasks(const char *body, struct ptask **out)
{
	size_t n = body ? strlen(body) : 0, pos = 0, b, e, cnt = 0, cap = 0;
	struct ptask *t = NULL;
	while (next_sentence(body, n, &pos, &b, &e)) {
		trim(body, &b, &e);
		if (e <= b || !has_word(body + b, e - b) || !asks_action(body + b, e - b))
			continue;
		if (cnt == cap)
			t = xreallocarray(t, cap = cap ? cap * 2 : 8, sizeof *t);
		struct ptask *k = &t[cnt++];
		k->text = xstrndup(body + b, e - b);
		k->title = make_title(body + b, e - b);
		k->recur = extract_recur(k->text, &k->count);
	}
	*out = t;
	return cnt;
}

void ptasks_free(struct ptask *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++) {
		free(t[i].title);
		free(t[i].text);
	}
	free(t);
}
