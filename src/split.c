/* split.c - where a file of many documents has a new one (see split.h for
 * the rule). Works on lines of UTF-8 text as they arrive. */
#include "config.h"
#include "luoshi/split.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/utf8.h"

/* A document has at least this many lines that are not blank before
 * another may start: the header of the first is never cut off. */
enum { MIN_LINES = 3, TITLE_LINES = 4, TITLE_MAX = 40, NUMBER_MAX = 30, BRACKET_MAX = 40 };

struct line {
	const char *s; /* trimmed of spaces, U+3000, CR and form feeds */
	size_t n;
	int ff; /* a form feed was trimmed from it */
};

static int starts(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s, p, k) == 0;
}

static int ends(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(s + n - k, p, k) == 0;
}

/* Length of the blank at s (ASCII space, tab, CR, form feed, U+3000). */
static size_t blank_at(const char *s, size_t n, int *ff)
{
	if (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f')) {
		*ff |= *s == '\f';
		return 1;
	}
	return starts(s, n, "\xE3\x80\x80") ? 3 : 0;
}

static struct line trim(const char *s, size_t n)
{
	struct line l = {s, n, 0};
	size_t k;
	while ((k = blank_at(l.s, l.n, &l.ff)))
		l.s += k, l.n -= k;
	for (;;) {
		int ff = 0;
		if (l.n && blank_at(l.s + l.n - 1, 1, &ff))
			l.n--, l.ff |= ff;
		else if (ends(l.s, l.n, "\xE3\x80\x80"))
			l.n -= 3;
		else
			break;
	}
	return l;
}

/* ---- what a line is ---- */

static int cn_digit(const char *s, size_t n)
{
	static const char *const d[] = {"〇", "○", "零", "一", "二", "三", "四",
					"五", "六", "七", "八", "九", "十"};
	for (size_t i = 0; i < ARRAY_SIZE(d); i++)
		if (starts(s, n, d[i]))
			return (int)strlen(d[i]);
	return 0;
}

/* Length of a number at s: ASCII or full-width digits, or Chinese numerals. */
static size_t number_at(const char *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		int k = 0;
		if (i < n && s[i] >= '0' && s[i] <= '9')
			k = 1;
		else if (i + 3 <= n && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
			 (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99)
			k = 3; /* ０-９ */
		else
			k = cn_digit(s + i, n - i);
		if (!k)
			return i;
		i += (size_t)k;
	}
}

/* NUMBER 年 [NUMBER 月 [NUMBER 日]] at s: its length, or 0. full: all three. */
static size_t date_at(const char *s, size_t n, int full)
{
	static const char *const unit[] = {"年", "月", "日"};
	size_t i = 0;
	for (int u = 0; u < 3; u++) {
		size_t k = number_at(s + i, n - i);
		if (u == 0 && utf8_count(s, k) < 4) /* a year has four digits */
			return 0;
		if (!k || !starts(s + i + k, n - i - k, unit[u]))
			return u > 0 && !full ? i : 0;
		i += k + 3;
	}
	return i;
}

static size_t open_bracket(const char *s, size_t n)
{
	return starts(s, n, "（") ? 3 : starts(s, n, "(") ? 1 : 0;
}

static size_t close_bracket(const char *s, size_t n)
{
	return ends(s, n, "）") ? 3 : ends(s, n, ")") ? 1 : 0;
}

/* The signature's date: 2019年1月22日, 二〇〇五年七月十四日, or in brackets. */
static int date_line(struct line l)
{
	size_t o = open_bracket(l.s, l.n), c = o ? close_bracket(l.s, l.n) : 0;
	if (o && !c)
		return 0;
	return l.n > o + c && date_at(l.s + o, l.n - o - c, 1) == l.n - o - c;
}

/* （此件公开发布）, （本文有删减）: short lines in brackets. */
static int bracket_line(struct line l)
{
	return open_bracket(l.s, l.n) && close_bracket(l.s, l.n) &&
	       utf8_count(l.s, l.n) <= BRACKET_MAX;
}

/* Below a title: （2019年1月22日）, （2019年1月22日中共中央办公厅印发）. */
static int dated_bracket(struct line l)
{
	size_t o = open_bracket(l.s, l.n);
	return o && date_at(l.s + o, l.n - o, 0) > 0;
}

/* 国办发〔2019〕6号, 商务部令2019年第1号, 国务院令第708号. */
static int number_line(struct line l)
{
	if (!ends(l.s, l.n, "号") || utf8_count(l.s, l.n) > NUMBER_MAX)
		return 0;
	for (size_t i = 0; i < l.n; i++)
		if (number_at(l.s + i, l.n - i) && (l.s[i] & 0x80) == 0)
			return 1;
	return memmem(l.s, l.n, "〔", strlen("〔")) != NULL;
}

/* 第五条, 第二章, 第一节, 第三编, 第二部分: a heading, not a title. */
static int numbered(struct line l)
{
	static const char *const units[] = {"条", "章", "节", "编", "部分"};
	if (!starts(l.s, l.n, "第"))
		return 0;
	size_t k = 3 + number_at(l.s + 3, l.n - 3);
	for (size_t i = 0; k > 3 && i < ARRAY_SIZE(units); i++)
		if (starts(l.s + k, l.n - k, units[i]))
			return 1;
	return 0;
}

/* 一、 1. ２． 3 : a list item's number (or a number alone), not a place
 * whose name starts with a numeral (四川省, 三明市, 六盘水市, 十堰市) nor
 * a year (2024年工作要点). */
static int list_number(struct line l)
{
	static const char *const marks[] = {"、", ".", "．", ")", "）"};
	size_t k = number_at(l.s, l.n);
	if (!k || k == l.n)
		return k > 0;
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if (starts(l.s + k, l.n - k, marks[i]))
			return 1;
	return 0;
}

/* Short, no sentence punctuation, not a numbered heading or 附件. */
static int title_line(struct line l)
{
	static const char *const stops[] = {"。", "；", "！", "？", "：", "，", ";", "!", "?"};
	size_t chars = utf8_count(l.s, l.n);
	if (chars < 2 || chars > TITLE_MAX || open_bracket(l.s, l.n) || list_number(l) ||
	    starts(l.s, l.n, "附件") || numbered(l))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(stops); i++) {
		const char *p = memmem(l.s, l.n, stops[i], strlen(stops[i]));
		if (p)
			return 0;
	}
	return 1;
}

/* The last line of a title ends with the kind of document. */
static int kind_end(struct line l)
{
	static const char *const notes[] = {"（试行）", "（暂行）", "（修订）", "（征求意见稿）",
					    "(试行)"};
	static const char *const kinds[] = {
		"意见", "通知", "方案", "办法", "规定", "条例", "决定", "细则", "规划", "纲要",
		"规则", "准则", "制度", "公告", "通告", "通报", "批复", "函",	"决议", "要点",
		"计划", "指引", "指南", "清单", "报告", "答复", "命令", "措施", "章程", "守则",
		"规程", "标准", "纪要", "公报", "令"}; /* 令: 国务院令 第707号 */
	for (size_t i = 0; i < ARRAY_SIZE(notes); i++)
		if (ends(l.s, l.n, notes[i])) {
			l.n -= strlen(notes[i]);
			break;
		}
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (ends(l.s, l.n, kinds[i]))
			return 1;
	return 0;
}

/* ---- reading lines ---- */

/* The line at off: its end (past the newline) in *end; 0 when it is not
 * complete yet (the last line counts once the text is finished). */
static int line_at(const struct split *s, size_t off, size_t *end)
{
	const char *nl = memchr(s->buf.s + off, '\n', s->buf.len - off);
	if (nl) {
		*end = (size_t)(nl - s->buf.s) + 1;
		return 1;
	}
	*end = s->buf.len;
	return s->finished && off < s->buf.len;
}

static struct line line_of(const struct split *s, size_t off, size_t end)
{
	size_t n = end - off;
	if (n && s->buf.s[off + n - 1] == '\n')
		n--;
	return trim(s->buf.s + off, n);
}

/* Was the title (its lines joined) quoted in 《》 before it? */
static int quoted_before(const struct split *s, size_t at, const struct sbuf *title)
{
	struct sbuf q = SBUF_INIT;
	sbuf_adds(&q, "《");
	sbuf_add(&q, title->s, title->len);
	sbuf_adds(&q, "》");
	int found = memmem(s->buf.s, at, q.s, q.len) != NULL;
	sbuf_free(&q);
	return found;
}

/* Does a new document's title block start at off? 1 yes, 0 no, -1 the
 * lines to tell are not all there yet. */
static int title_block(const struct split *s, size_t off)
{
	struct sbuf title = SBUF_INIT;
	int rc, lines = 0, kind = 0;
	size_t at = off, end;
	for (;;) {
		if (!line_at(s, at, &end)) {
			rc = s->finished ? 0 : -1;
			break;
		}
		struct line l = line_of(s, at, end);
		at = end;
		if (!l.n)
			continue;
		if (kind && (number_line(l) || dated_bracket(l))) {
			rc = !quoted_before(s, off, &title);
			break;
		} /* else the title may go on (…制度 / …的指导意见) */
		if (!title_line(l) || ++lines > TITLE_LINES) {
			rc = 0;
			break;
		}
		sbuf_add(&title, l.s, l.n);
		kind = kind_end(l);
	}
	sbuf_free(&title);
	return rc;
}

/* Where the document before off ends: past its last character that is not
 * blank (the newline is added when it is taken). */
static size_t doc_end(const struct split *s, size_t off)
{
	while (off > 0 && strchr(" \t\r\n\f", s->buf.s[off - 1]))
		off--;
	return off;
}

/* The new document starts at its title line, past a leading form feed. */
static size_t doc_start(const struct split *s, size_t off)
{
	while (off < s->buf.len && strchr(" \t\r\f", s->buf.s[off]))
		off++;
	return off;
}

/* The line [off, end) ends with a form feed: the page, and the document,
 * end there. */
static int page_end(const struct split *s, size_t off, size_t end)
{
	while (end > off && (s->buf.s[end - 1] == '\n' || s->buf.s[end - 1] == '\r'))
		end--;
	return end > off && s->buf.s[end - 1] == '\f';
}

static void advance(struct split *s)
{
	size_t end;
	while (!s->ready && line_at(s, s->scan, &end)) {
		struct line l = line_of(s, s->scan, end);
		if (l.ff && l.n == 0)
			s->ended = 1; /* a form feed alone ends a page and a document */
		if (!l.n) {
			s->scan = end;
			continue;
		}
		if ((s->ended || l.ff) && s->lines >= MIN_LINES && title_line(l)) {
			int rc = title_block(s, s->scan);
			if (rc < 0)
				return;
			if (rc > 0 && doc_end(s, s->scan) > 0) {
				s->ready = doc_end(s, s->scan);
				s->next = doc_start(s, s->scan);
				return;
			}
		}
		s->ended = date_line(l) || (s->ended && bracket_line(l)) || page_end(s, s->scan, end);
		s->lines++;
		s->scan = end;
	}
}

void split_init(struct split *s)
{
	memset(s, 0, sizeof *s);
	s->buf = (struct sbuf)SBUF_INIT;
}

void split_feed(struct split *s, const char *text, size_t n)
{
	sbuf_add(&s->buf, text, n);
	advance(s);
}

void split_finish(struct split *s)
{
	s->finished = 1;
	advance(s);
}

int split_take(struct split *s, char **text, size_t *len, int *more)
{
	if (s->ready) {
		*len = s->ready + 1;
		*text = xmalloc(*len + 1);
		memcpy(*text, s->buf.s, s->ready);
		(*text)[s->ready] = '\n';
		(*text)[*len] = '\0';
		*more = 1;
		size_t cut = s->next;
		memmove(s->buf.s, s->buf.s + cut, s->buf.len - cut + 1);
		s->buf.len -= cut;
		s->scan = 0;
		s->lines = 0;
		s->ended = 0;
		s->ready = s->next = 0;
		s->ndocs++;
		advance(s);
		return 1;
	}
	if (!s->finished || !s->buf.len)
		return 0;
	/* the last (or only) document: as it is */
	*len = s->buf.len;
	*text = sbuf_detach(&s->buf);
	*more = 0;
	s->ndocs++;
	s->scan = 0;
	return 1;
}

void split_free(struct split *s)
{
	sbuf_free(&s->buf);
}
