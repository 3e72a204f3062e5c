/* parse_header.c - the header zone above the body: the 版头 of a formal
 * 公文 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人), the title on one
 * or several lines, a 令's number, the 文号, the date under a title, a news
 * dateline and the 主送 line. Lines it takes are marked LK_USED. */
#include "config.h"
#include "parse_impl.h"

#include <stdlib.h>
#include <string.h>

#define TITLE_LINES_MAX 5
#define TITLE_CHARS_MAX 80
#define GUESS_LINES 30     /* where a title may be looked for in a headless text */
#define BANNER_CHARS_MAX 24

enum { H_NEXT, H_STOP, H_LAST };

struct hdr {
	struct ptext *t;
	struct sbuf title;
	int tlines;   /* lines in the title so far */
	int tclosed;  /* a date, 文号 or 主送 line ended the title */
	int blank;    /* a blank line since the last title line */
	char *banner; /* issuer from a "XX文件" banner */
	char *order;  /* a 令's issuer: the title comes from the text below */
	size_t lede;  /* a news lede line (dateline + text), or (size_t)-1 */
};

/* ---- single items ---- */

/* 新华社北京2月28日电 (and an optional （记者 …）): returns its byte end. */
static size_t dateline(const char *s, size_t n)
{
	size_t lim = pu_prefix(s, n, 40), e = 0;
	for (size_t i = 3; i + 6 <= lim && !e; i++) {
		if (memcmp(s + i, "日电", 6) != 0)
			continue;
		size_t from = i > 36 ? i - 36 : 0;
		for (size_t k = from; k + 3 <= i; k++)
			if (memcmp(s + k, "月", 3) == 0)
				e = i + 6;
	}
	if (!e && pu_starts(s, n, "新华社")) {
		size_t l15 = pu_prefix(s, n, 15);
		for (size_t k = 9; k + 3 <= l15 && !e; k++)
			if (memcmp(s + k, "电", 3) == 0)
				e = k + 3;
	}
	if (!e)
		return 0;
	uint32_t c;
	size_t l = pu_cp(s, n, e, &c);
	if (l && pu_is_open_paren(c)) {
		size_t lim2 = e + pu_prefix(s + e, n - e, 30);
		for (size_t k = e + l; k < lim2;) {
			size_t kl = pu_cp(s, n, k, &c);
			k += kl;
			if (pu_is_close_paren(c))
				return k;
		}
	}
	return e;
}

static int open_bracket(uint32_t c)
{
	return c == 0x3014 || c == '[' || c == 0xFF3B || c == 0x3010 || c == 0x3016 ||
	       pu_is_open_paren(c);
}

static int close_bracket(uint32_t c)
{
	return c == 0x3015 || c == ']' || c == 0xFF3D || c == 0x3011 || c == 0x3017 ||
	       pu_is_close_paren(c);
}

/* 国发〔2019〕5号 at offset i (the bracket); returns the end or 0. */
static size_t docnum_at(const char *s, size_t n, size_t i, long *year, long *num)
{
	uint32_t c;
	size_t used = 0, l = pu_cp(s, n, i, &c);
	if (!open_bracket(c))
		return 0;
	i += l;
	*year = pu_ar_value(s + i, n - i, &used, 4);
	if (*year < 1900 || *year > 2199)
		return 0;
	i += used;
	l = pu_cp(s, n, i, &c);
	if (!l || !close_bracket(c))
		return 0;
	i += l;
	*num = pu_ar_value(s + i, n - i, &used, 6);
	if (*num < 0 || !pu_starts(s + i + used, n - i - used, "号"))
		return 0;
	return i + used + 3;
}

/* The 文号 in s, normalised to 国发〔2019〕5号, with its byte range. */
static char *docnum_in(const char *s, size_t n, size_t *b, size_t *e)
{
	size_t run = 0, hans = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c), end;
		long y, num;
		if (pu_is_han(c)) {
			run = hans ? run : i;
			hans++, i += l;
			continue;
		}
		if (hans && hans <= 12 && (end = docnum_at(s, n, i, &y, &num)) != 0) {
			char *org = xstrndup(s + run, i - run);
			char *r = xasprintf("%s〔%ld〕%ld号", org, y, num);
			free(org);
			*b = run, *e = end;
			return r;
		}
		hans = 0, i += l;
	}
	return NULL;
}

/* A header line that is a 文号 (maybe beside 签发人：…). */
static char *docnum(const struct line *L)
{
	size_t b, e;
	char *num = docnum_in(L->s, L->n, &b, &e);
	if (num && pu_chars(L->s, L->n) > pu_chars(L->s + b, e - b) + 24 &&
	    !memmem(L->s, L->n, "签发人", 9)) {
		free(num);
		return NULL;
	}
	return num;
}

/* Official titles end with the kind of document (文种): a title that
 * does is complete, one that does not goes on over the next line, even
 * across a blank line (as a web page gives a title of several lines). */
int ph_title_complete(const char *t)
{
	static const char *const kinds[] = {
		"通知", "意见", "决定", "办法", "方案", "规定", "条例", "批复", "函", "通报",
		"报告", "请示", "纪要", "规则", "细则", "规划", "要点", "计划", "答复", "公告",
		"通告", "指引", "准则", "标准", "预案", "决议", "公报", "章程", "守则",
		"命令", "令", "议案", "指南", "清单", "措施", "纲要", "建议", "意见书", "批示",
		"讲话", "通则", "名单", "表",
	};
	size_t n = strlen(t);
	/* （试行） （暂行） （2018—2035年） after the kind */
	while (n && (pu_ends(t, n, "）") || pu_ends(t, n, ")"))) {
		const char *open = NULL;
		for (const char *p = t; (p = strstr(p, "（")) != NULL && p < t + n; p += 3)
			open = p;
		if (!open)
			break;
		n = (size_t)(open - t);
	}
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
		if (pu_ends(t, n, kinds[k]))
			return 1;
	return 0;
}

int ph_title_like(const struct line *L)
{
	return L->kind == LK_TEXT && pu_chars(L->s, L->n) <= TITLE_CHARS_MAX &&
	       !pu_has_any(L->s, L->n, "。！？；!?;") && !pu_ends(L->s, L->n, "：") &&
	       !pu_ends(L->s, L->n, ":");
}

/* 各省、自治区、直辖市人民政府，国务院各部委：— but not a lead-in such
 * as 为…，现就有关事项通知如下： */
static int recipients_like(const struct line *L)
{
	static const char *const leads[] = {"为", "根据", "按照", "经", "现", "近", "依据", "依照"};
	if (!(pu_ends(L->s, L->n, "：") || pu_ends(L->s, L->n, ":")) || pu_chars(L->s, L->n) > 300 ||
	    pu_has_any(L->s, L->n, "。") || memmem(L->s, L->n, "如下", 6))
		return 0;
	for (size_t k = 0; k < ARRAY_SIZE(leads); k++)
		if (pu_starts(L->s, L->n, leads[k]))
			return 0;
	return 1;
}

static int org_end(const char *s, size_t n);

/* A 主送 line that needs no title above it: organisations ending in ：
 * (各镇人民政府、各街道办事处：). */
static int addressee(const struct line *L)
{
	if (!pu_ends(L->s, L->n, "：") && !pu_ends(L->s, L->n, ":"))
		return 0;
	size_t n = L->n - (pu_ends(L->s, L->n, ":") ? 1 : 3);
	return org_end(L->s, n) || pu_ends(L->s, n, "办事处") || pu_ends(L->s, n, "单位");
}

/* Web-page furniture above a document: 2024-02-28 20:30 来源：新华社 */
static int web_meta(const struct line *L, struct pdoc *doc)
{
	const char *src = memmem(L->s, L->n, "来源：", 9);
	size_t used = 0, off;
	if (!src && (src = memmem(L->s, L->n, "来源:", 7)) != NULL)
		off = (size_t)(src - L->s) + 7;
	else
		off = src ? (size_t)(src - L->s) + 9 : 0;
	int stamp = pu_ar_value(L->s, L->n, &used, 4) >= 1900 && used < L->n && L->s[used] == '-';
	if (!stamp && !(src && pu_chars(L->s, L->n) <= 60))
		return 0;
	if (src && !doc->source) {
		size_t end = off = pu_skip_blanks(L->s, L->n, off);
		while (end < L->n && pu_skip_blanks(L->s, L->n, end) == end) {
			uint32_t c;
			end += pu_cp(L->s, L->n, end, &c);
		}
		if (end > off)
			doc->source = xstrndup(L->s + off, end - off);
	}
	return 1;
}

/* （试行） or （征求意见稿） under a title belongs to it. */
int ph_title_suffix(const struct line *L)
{
	uint32_t c;
	pu_cp(L->s, L->n, 0, &c);
	return pu_is_open_paren(c) && (pu_ends(L->s, L->n, "）") || pu_ends(L->s, L->n, ")")) &&
	       pu_chars(L->s, L->n) <= 20 && !pu_has_any(L->s, L->n, "年月日");
}

/* （2023年3月24日国务院第1次常务会议通过） under a title: the date. */
static int paren_date(const struct line *L, struct pdoc *doc)
{
	uint32_t c;
	char iso[11];
	size_t b, e;
	pu_cp(L->s, L->n, 0, &c);
	if (!pu_is_open_paren(c) || !(pu_ends(L->s, L->n, "）") || pu_ends(L->s, L->n, ")")) ||
	    pu_chars(L->s, L->n) > 120 || !pu_find_date(L->s, L->n, iso, &b, &e))
		return 0;
	if (!doc->date)
		doc->date = xstrdup(iso);
	return 1;
}

/* ---- 版头 ---- */

static void set_once(char **field, char *value)
{
	if (*field)
		free(value);
	else
		*field = value;
}

/* 份号: six (or so) digits on a line of their own. */
static int copy_number(const struct line *L, struct pdoc *doc)
{
	size_t used = 0;
	if (L->n < 4 || L->n > 8 || pu_ar_value(L->s, L->n, &used, 8) < 0 || used != L->n)
		return 0;
	set_once(&doc->copy_no, xstrndup(L->s, L->n));
	return 1;
}

/* 密级和保密期限 (机密★1年, 绝密, 秘密) and 紧急程度 (特急, 加急), alone or
 * side by side on one line. */
static int marking(const struct line *L, struct pdoc *doc)
{
	static const char *const secret[] = {"绝密", "机密", "秘密"};
	static const char *const urgent[] = {"特急", "加急", "特提", "平急", "急件"};
	int found = 0, other = 0;
	if (pu_chars(L->s, L->n) > 24)
		return 0;
	for (size_t i = pu_skip_blanks(L->s, L->n, 0); i < L->n && !other;) {
		size_t j = i;
		while (j < L->n && pu_skip_blanks(L->s, L->n, j) == j) {
			uint32_t c;
			j += pu_cp(L->s, L->n, j, &c);
		}
		const char *w = L->s + i;
		size_t wn = j - i, hit = 0;
		for (size_t k = 0; k < ARRAY_SIZE(secret) && !hit; k++)
			if (pu_starts(w, wn, secret[k]))
				set_once(&doc->secrecy, xstrndup(w, wn)), hit = 1;
		for (size_t k = 0; k < ARRAY_SIZE(urgent) && !hit; k++)
			if (wn == strlen(urgent[k]) && memcmp(w, urgent[k], wn) == 0)
				set_once(&doc->urgency, xstrndup(w, wn)), hit = 1;
		found += (int)hit, other = !hit;
		i = pu_skip_blanks(L->s, L->n, j);
	}
	return found && !other;
}

/* 签发人：张三　李四 (maybe after the 文号 on the same line). */
static int signer(const struct line *L, struct pdoc *doc)
{
	const char *p = memmem(L->s, L->n, "签发人", 9);
	if (!p)
		return 0;
	size_t off = (size_t)(p - L->s) + 9;
	uint32_t c;
	size_t l = pu_cp(L->s, L->n, off, &c);
	if (c == 0xFF1A || c == ':')
		off += l;
	off = pu_skip_blanks(L->s, L->n, off);
	if (off < L->n)
		set_once(&doc->signer, pu_tidy_spaces(L->s + off, L->n - off));
	return 1;
}


/* XX人民政府文件, XX办公厅文件: the issuer's banner. */
static int banner(const struct line *L, struct hdr *h)
{
	if (h->tlines || h->banner || !pu_ends(L->s, L->n, "文件") || !ph_title_like(L) ||
	    pu_chars(L->s, L->n) > BANNER_CHARS_MAX || !org_end(L->s, L->n - strlen("文件")))
		return 0;
	h->banner = pu_tidy_spaces(L->s, L->n - strlen("文件"));
	return 1;
}

/* ---- 令 ---- */

static size_t next_text(const struct ptext *t, size_t i)
{
	for (i++; i < t->nlines; i++)
		if (t->lines[i].kind != LK_BLANK && t->lines[i].kind != LK_DROP)
			return i;
	return t->nlines;
}

/* 第707号, （第707号）, 2019年第1号. */
static int order_number(const char *s, size_t n)
{
	size_t used = 0, i = pu_skip_blanks(s, n, 0);
	uint32_t c;
	size_t l = pu_cp(s, n, i, &c);
	if (l && pu_is_open_paren(c))
		i += l;
	if (pu_ar_value(s + i, n - i, &used, 4) >= 1900 && pu_starts(s + i + used, n - i - used, "年"))
		i += used + 3;
	if (!pu_starts(s + i, n - i, "第"))
		return 0;
	i += 3;
	if (pu_ar_value(s + i, n - i, &used, PU_NUM_DIGITS) < 0 && pu_cn_value(s + i, n - i, &used) < 0)
		return 0;
	i += used;
	if (!pu_starts(s + i, n - i, "号"))
		return 0;
	i += 3;
	if (i < n && (l = pu_cp(s, n, i, &c)) && pu_is_close_paren(c))
		i += l;
	return pu_skip_blanks(s, n, i) == n;
}

/* 中华人民共和国国务院令 / 第707号: the number is 国令第707号 (as published),
 * another order keeps its issuer (商务部令2019年第1号); the document is
 * the regulation the order promulgates, named in the text below. */
static int order(struct ptext *t, size_t i, struct hdr *h, struct pdoc *doc)
{
	struct line *L = &t->lines[i];
	const char *s = L->s;
	size_t n = L->n, numat = 0;
	if (h->tlines || h->order || !pu_chars(s, n) || pu_chars(s, n) > 40)
		return 0;
	const char *ling = NULL;
	for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), "令", 3)) != NULL; p += 3)
		if (order_number(p + 3, n - (size_t)(p + 3 - s)) || (size_t)(p + 3 - s) == n) {
			ling = p;
			break;
		}
	if (!ling || ling == s)
		return 0;
	numat = (size_t)(ling + 3 - s);
	size_t j = numat < n ? i : next_text(t, i);
	const struct line *N = j < t->nlines ? &t->lines[j] : NULL;
	const char *ns = j == i ? s + numat : N ? N->s : NULL;
	size_t nn = j == i ? n - numat : N ? N->n : 0;
	if (!ns || !order_number(ns, nn))
		return 0;
	size_t ob = pu_starts(s, n, "中华人民共和国") ? strlen("中华人民共和国") : 0;
	char *org = pu_tidy_spaces(s + ob, (size_t)(ling - s) - ob);
	char *num = pu_tidy_spaces(ns, nn);
	char *fold = pu_fold_digits(num, strlen(num));
	char *bare = fold, *close;
	uint32_t c;
	if (pu_cp(bare, strlen(bare), 0, &c) && pu_is_open_paren(c)) {
		bare += c < 0x80 ? 1 : 3;
		if ((close = strstr(bare, "）")) != NULL || (close = strchr(bare, ')')) != NULL)
			*close = '\0';
	}
	set_once(&doc->number, xasprintf("%s令%s", strcmp(org, "国务院") ? org : "国", bare));
	free(num);
	free(fold);
	h->order = org;
	if (j != i)
		t->lines[j].kind = LK_USED;
	return 1;
}

/* ---- the header zone ---- */

static void title_add(struct hdr *h, const struct line *L)
{
	char *part = pu_tidy_spaces(L->s, L->n);
	if (h->title.len && *part && (unsigned char)part[0] < 0x80 &&
	    (unsigned char)h->title.s[h->title.len - 1] < 0x80)
		sbuf_addc(&h->title, ' ');
	sbuf_adds(&h->title, part);
	free(part);
	h->tlines++;
	h->blank = 0;
}

/* Header items that are not the title: returns H_* or -1 for none. */
static int header_meta(size_t i, struct hdr *h, struct pdoc *doc)
{
	struct line *L = &h->t->lines[i];
	size_t e;
	if (!doc->source && (e = dateline(L->s, L->n)) != 0) {
		doc->source = xstrndup(L->s, e);
		e = pu_skip_blanks(L->s, L->n, e);
		if (e >= L->n)
			return H_NEXT;
		L->s += e, L->n -= (uint32_t)e; /* the rest is the lede: body text */
		h->lede = i;
		return H_STOP;
	}
	if (web_meta(L, doc) || (!h->tlines && (copy_number(L, doc) || marking(L, doc))))
		return H_NEXT;
	char *num = doc->number ? NULL : docnum(L);
	if (num) {
		doc->number = num;
		signer(L, doc);
		h->tclosed |= h->tlines > 0;
		return H_NEXT;
	}
	if (signer(L, doc) || banner(L, h) || order(h->t, i, h, doc))
		return H_NEXT;
	if (paren_date(L, doc)) {
		h->tclosed |= h->tlines > 0;
		return H_NEXT;
	}
	if ((h->tlines || h->order || doc->number || addressee(L)) && !doc->recipients &&
	    recipients_like(L)) {
		doc->recipients = pu_tidy_spaces(L->s, L->n - (pu_ends(L->s, L->n, ":") ? 1 : 3));
		return H_LAST;
	}
	return -1;
}

/* Does L go on the title? A title ends with the kind of document; until
 * it does, the next title-like line continues it, also after a blank. */
static int title_continues(const struct hdr *h, const struct line *L)
{
	if (!h->tlines)
		return !h->order && ph_title_like(L);
	if (ph_title_suffix(L))
		return 1;
	if (h->tclosed || h->tlines >= TITLE_LINES_MAX || !ph_title_like(L))
		return 0;
	/* a title broken without a blank line goes on, as it always did */
	if (h->blank && ph_title_complete(h->title.s)) /* sbuf keeps it NUL-terminated */
		return 0;
	return pu_chars(h->title.s, h->title.len) + pu_chars(L->s, L->n) <= TITLE_CHARS_MAX;
}

static int header_text(size_t i, struct hdr *h, struct pdoc *doc)
{
	struct line *L = &h->t->lines[i];
	int r = header_meta(i, h, doc);
	if (r < 0 && title_continues(h, L)) {
		title_add(h, L);
		r = H_NEXT;
	}
	if (r < 0 || r == H_STOP)
		return H_STOP;
	L->kind = LK_USED;
	return r;
}

static int header_line(size_t i, struct hdr *h, struct pdoc *doc)
{
	struct line *L = &h->t->lines[i];
	char iso[11];
	int paren;
	switch (L->kind) {
	case LK_BLANK:
		h->blank |= h->tlines > 0;
		return H_NEXT;
	case LK_DROP:
	case LK_USED: /* taken with the line before (a 令's number) */
		return H_NEXT;
	case LK_DATE:
		if (!doc->date && pu_date_only(L->s, L->n, iso, &paren))
			doc->date = xstrdup(iso);
		h->tclosed |= h->tlines > 0;
		L->kind = LK_USED;
		return H_NEXT;
	case LK_TEXT:
		return header_text(i, h, doc);
	default:
		return H_STOP;
	}
}

/* ---- issuer and title when the header had none ---- */

/* Organisations end so (国务院, 中共中央办公厅, 交通运输部, 某市人民政府). */
static int org_end(const char *s, size_t n)
{
	static const char *const ends[] = {
		"国务院", "中央", "中共中央", "中央军委", "办公厅", "办公室", "政府", "委员会",
		"部", "委", "局", "署", "院", "厅", "办", "行", "会", "总社", "中心", "党委",
		"党组", "法院", "检察院", "联合会", "工委", "集团", "总局",
	};
	for (size_t k = 0; k < ARRAY_SIZE(ends); k++)
		if (pu_ends(s, n, ends[k]))
			return 1;
	return 0;
}

/* 中共中央办公厅关于… -> 中共中央办公厅; also before 印发 / 转发 / 对 / 就;
 * joint issuers stay as written (国务院、中央军委). */
static char *issuer_from_title(const char *t)
{
	static const char *const verbs[] = {"关于", "印发", "转发", "批转", "对", "就", "发布"};
	size_t tn = strlen(t);
	for (size_t at = 0; at < tn;) {
		const char *best = NULL;
		for (size_t k = 0; k < ARRAY_SIZE(verbs); k++) {
			const char *p = memmem(t + at, tn - at, verbs[k], strlen(verbs[k]));
			if (p && p > t && (!best || p < best))
				best = p;
		}
		if (!best)
			return NULL;
		size_t n = (size_t)(best - t), chars = pu_chars(t, n);
		if (chars < 2 || chars > 40 || pu_has_any(t, n, "《》“”\"（）()，。：:"))
			return NULL;
		if (org_end(t, n))
			return pu_tidy_spaces(t, n);
		at = n + 3;
	}
	return NULL;
}

/* 《…》 in a line: the name of a document (the first, up to 600 bytes in). */
static char *quoted_title(const struct line *L)
{
	const char *o = memmem(L->s, L->n, "《", 3); /* the text has no NUL at its end */
	if (!o)
		return NULL;
	o += 3;
	size_t room = L->n - (size_t)(o - L->s);
	for (size_t i = 0; i + 3 <= room && i < 600; i++)
		if (memcmp(o + i, "》", 3) == 0)
			return i ? xstrndup(o, i) : NULL;
	return NULL;
}

/* A text without a header: the first line that reads as a title (short,
 * ending with the kind of document), else nothing. */
static char *guess_title(const struct ptext *t, size_t from)
{
	for (size_t i = from, k = 0; i < t->nlines && k < GUESS_LINES; i++) {
		const struct line *L = &t->lines[i];
		if (L->kind == LK_BLANK)
			continue;
		k++;
		if (!ph_title_like(L) || pu_chars(L->s, L->n) < 4)
			continue;
		char *s = pu_tidy_spaces(L->s, L->n);
		if (ph_title_complete(s))
			return s;
		free(s);
	}
	return NULL;
}

static void finish_title(const struct ptext *t, struct hdr *h, struct pdoc *doc)
{
	if (h->tlines) {
		doc->title = sbuf_detach(&h->title);
	} else if (h->order && t->header_end < t->nlines) {
		doc->title = quoted_title(&t->lines[next_text(t, t->header_end - 1)]);
	} else if (h->lede != (size_t)-1) {
		doc->title = quoted_title(&t->lines[h->lede]);
		doc->title_from = TITLE_LEDE;
	}
	sbuf_free(&h->title);
	if (doc->title && !h->order)
		doc->issuer = issuer_from_title(doc->title);
	if (!doc->title && (doc->title = guess_title(t, t->header_end)) != NULL)
		doc->title_from = TITLE_GUESS;
	if (!doc->title) { /* a 主送 line or a lead-in is no title: say none */
		doc->title = xstrdup("");
		doc->title_from = TITLE_NONE;
	}
	if (!doc->issuer && h->order)
		doc->issuer = h->order, h->order = NULL;
	if (!doc->issuer)
		doc->issuer = h->banner, h->banner = NULL;
	free(h->banner);
	free(h->order);
}

void ph_header(struct ptext *t, struct pdoc *doc)
{
	struct hdr h = {t, SBUF_INIT, 0, 0, 0, NULL, NULL, (size_t)-1};
	size_t i = 0;
	for (; i < t->nlines; i++) {
		int r = header_line(i, &h, doc);
		if (r == H_STOP)
			break;
		if (r == H_LAST) {
			i++;
			break;
		}
	}
	t->header_end = i;
	t->order = h.order != NULL;
	finish_title(t, &h, doc);
}
