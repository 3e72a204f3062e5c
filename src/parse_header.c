/* parse_header.c - the zones around the body: the header (title, issuer,
 * 文号, date, dateline, 主送), a 目录 block, signature blocks and the 附件
 * list. They mark lines so that the tree builder skips or routes them. */
#include "config.h"
#include "parse_impl.h"

#include <stdlib.h>
#include <string.h>

#define TITLE_LINES_MAX 4
#define TITLE_CHARS_MAX 80
#define FALLBACK_TITLE_CHARS 100
#define TOC_MAX_LINES 2000 /* a contents list is never longer than this */
#define TOC_MAX_BLOCKS 3

/* ---- 目录 ---- */

static int is_toc_word(const struct line *L)
{
	if (L->n > 32)
		return 0;
	char *s = pu_tidy_spaces(L->s, L->n);
	int yes = strcmp(s, "目录") == 0 || strcmp(s, "目 录") == 0;
	free(s);
	return yes;
}

static int is_leader(uint32_t c)
{
	return c == '.' || c == 0xFF0E || c == 0x2026 || c == 0x22EF || c == 0x2025 || c == 0xB7 ||
	       c == 0x30FB || c == '-' || c == 0x2014 || c == 0x2015 || c == '_' || c == 0x2500 ||
	       pu_is_open_paren(c) || pu_is_close_paren(c) || pu_digit(c) >= 0;
}

/* Key of a contents entry or heading: no blanks, digits folded, page
 * number and dot leaders cut off the end ("1 总则 ……… 1" -> "1总则"). */
static size_t toc_key(const struct line *L, char *key, size_t cap)
{
	size_t k = 0, keep = 0;
	for (size_t i = 0; i < L->n;) {
		uint32_t c;
		size_t l = pu_cp(L->s, L->n, i, &c);
		i += l;
		if (pu_is_blank(c))
			continue;
		if (k + 4 >= cap)
			return 0;
		int d = pu_digit(c);
		if (d >= 0)
			key[k++] = (char)('0' + d);
		else
			memcpy(key + k, L->s + i - l, l), k += l;
		if (!is_leader(c))
			keep = k;
	}
	return keep;
}

static size_t next_nonblank(const struct ptext *t, size_t i)
{
	while (i < t->nlines && t->lines[i].kind == LK_BLANK)
		i++;
	return i;
}

/* The contents end where the first entry comes round again as a heading;
 * failing that, just before the first real paragraph (and its heading). */
static size_t toc_end(const struct ptext *t, size_t i)
{
	char key[256], other[256];
	size_t f = next_nonblank(t, i + 1), kl;
	size_t lim = t->nlines - f > TOC_MAX_LINES ? f + TOC_MAX_LINES : t->nlines;
	if (f >= t->nlines || !(kl = toc_key(&t->lines[f], key, sizeof key)))
		return i + 1;
	for (size_t j = f + 1; j < lim; j++) {
		const struct line *L = &t->lines[j];
		if (L->kind != LK_BLANK && toc_key(L, other, sizeof other) == kl &&
		    memcmp(key, other, kl) == 0)
			return j;
	}
	for (size_t j = f, prev = i; j < lim; j++) {
		const struct line *L = &t->lines[j];
		if (L->kind == LK_BLANK)
			continue;
		if (pu_has_any(L->s, L->n, "。") || pu_chars(L->s, L->n) > 60)
			return prev > i && t->lines[prev].kind == LK_HEAD ? prev : j;
		prev = j;
	}
	return i + 1;
}

void ph_mark_toc(struct ptext *t)
{
	int blocks = 0;
	for (size_t i = 0; i < t->nlines && blocks < TOC_MAX_BLOCKS; i++) {
		if (t->lines[i].kind == LK_BLANK || !is_toc_word(&t->lines[i]))
			continue;
		size_t end = toc_end(t, i);
		blocks++;
		for (size_t k = i; k < end; k++)
			if (t->lines[k].kind != LK_BLANK)
				t->lines[k].kind = LK_TOC;
		i = end - 1;
	}
}

/* ---- header ---- */

enum { H_NEXT, H_STOP, H_LAST };

struct hdr {
	struct sbuf title;
	int tlines;       /* lines in the title so far */
	int tclosed;      /* a blank line or a date ended the title */
	char *banner;     /* issuer from a "XX文件" banner */
	size_t lede;      /* a news lede line (dateline + text), or (size_t)-1 */
};

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
	return c == 0x3014 || c == '[' || c == 0xFF3B || c == 0x3010 || pu_is_open_paren(c);
}

static int close_bracket(uint32_t c)
{
	return c == 0x3015 || c == ']' || c == 0xFF3D || c == 0x3011 || pu_is_close_paren(c);
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
	*num = pu_ar_value(s + i, n - i, &used, 5);
	if (*num < 0 || !pu_starts(s + i + used, n - i - used, "号"))
		return 0;
	return i + used + 3;
}

/* The 文号 of a header line, normalised to 国发〔2019〕5号. */
static char *docnum(const struct line *L)
{
	const char *s = L->s;
	size_t n = L->n, run = 0, hans = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c), e;
		long y, num;
		if (pu_is_han(c)) {
			run = hans ? run : i;
			hans++, i += l;
			continue;
		}
		if (hans && hans <= 12 && (e = docnum_at(s, n, i, &y, &num)) != 0) {
			if (pu_chars(s, n) > pu_chars(s + run, e - run) + 24)
				return NULL;
			char *org = xstrndup(s + run, i - run);
			char *r = xasprintf("%s〔%ld〕%ld号", org, y, num);
			free(org);
			return r;
		}
		hans = 0, i += l;
	}
	return NULL;
}

static int title_like(const struct line *L)
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
	if (!(pu_ends(L->s, L->n, "：") || pu_ends(L->s, L->n, ":")) || pu_chars(L->s, L->n) > 200 ||
	    pu_has_any(L->s, L->n, "。") || memmem(L->s, L->n, "如下", 6))
		return 0;
	for (size_t k = 0; k < ARRAY_SIZE(leads); k++)
		if (pu_starts(L->s, L->n, leads[k]))
			return 0;
	return 1;
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
static int title_suffix(const struct line *L)
{
	uint32_t c;
	pu_cp(L->s, L->n, 0, &c);
	return pu_is_open_paren(c) && (pu_ends(L->s, L->n, "）") || pu_ends(L->s, L->n, ")")) &&
	       pu_chars(L->s, L->n) <= 20;
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

static void title_add(struct hdr *h, const struct line *L)
{
	char *part = pu_tidy_spaces(L->s, L->n);
	if (h->title.len && *part && (unsigned char)part[0] < 0x80 &&
	    (unsigned char)h->title.s[h->title.len - 1] < 0x80)
		sbuf_addc(&h->title, ' ');
	sbuf_adds(&h->title, part);
	free(part);
	h->tlines++;
}

/* Header items that are not the title: returns H_* or -1 for none. */
static int header_meta(struct line *L, size_t i, struct hdr *h, struct pdoc *doc)
{
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
	if (web_meta(L, doc) || pu_starts(L->s, L->n, "签发人"))
		return H_NEXT;
	if (!doc->number && (doc->number = docnum(L)) != NULL)
		return H_NEXT;
	if (paren_date(L, doc)) {
		h->tclosed |= h->tlines > 0;
		return H_NEXT;
	}
	if (!h->tlines && !h->banner && pu_ends(L->s, L->n, "文件") && title_like(L) &&
	    pu_chars(L->s, L->n) <= 20) {
		h->banner = pu_tidy_spaces(L->s, L->n - strlen("文件"));
		return H_NEXT;
	}
	if (h->tlines && !doc->recipients && recipients_like(L)) {
		doc->recipients = pu_tidy_spaces(L->s, L->n - (pu_ends(L->s, L->n, ":") ? 1 : 3));
		return H_LAST;
	}
	return -1;
}

static int header_text(struct line *L, size_t i, struct hdr *h, struct pdoc *doc)
{
	int r = header_meta(L, i, h, doc);
	if (r < 0 && ((h->tlines && title_suffix(L)) ||
		      (!h->tclosed && h->tlines < TITLE_LINES_MAX && title_like(L)))) {
		title_add(h, L);
		r = H_NEXT;
	}
	if (r < 0 || r == H_STOP)
		return H_STOP;
	L->kind = LK_USED;
	return r;
}

static int header_line(struct line *L, size_t i, struct hdr *h, struct pdoc *doc)
{
	char iso[11];
	int paren;
	switch (L->kind) {
	case LK_BLANK:
		h->tclosed |= h->tlines > 0;
		return H_NEXT;
	case LK_DROP:
		return H_NEXT;
	case LK_DATE:
		if (!doc->date && pu_date_only(L->s, L->n, iso, &paren))
			doc->date = xstrdup(iso);
		h->tclosed |= h->tlines > 0;
		L->kind = LK_USED;
		return H_NEXT;
	case LK_TEXT:
		return header_text(L, i, h, doc);
	default:
		return H_STOP;
	}
}

/* 中共中央办公厅关于… -> 中共中央办公厅; also before 印发 / 转发. */
static char *issuer_from_title(const char *t)
{
	static const char *const verbs[] = {"关于", "印发", "转发"};
	const char *best = NULL;
	for (size_t k = 0; k < ARRAY_SIZE(verbs); k++) {
		const char *p = strstr(t, verbs[k]);
		if (p && p > t && (!best || p < best))
			best = p;
	}
	if (!best)
		return NULL;
	size_t n = (size_t)(best - t), chars = pu_chars(t, n);
	if (chars < 2 || chars > 40 || pu_has_any(t, n, "《》“”\"（）()，。、：:"))
		return NULL;
	return pu_tidy_spaces(t, n);
}

/* 《…》 in a news lede names the document when no title line exists. */
static char *title_from_lede(const struct line *L)
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

static void finish_title(const struct ptext *t, struct hdr *h, struct pdoc *doc)
{
	if (h->tlines)
		doc->title = sbuf_detach(&h->title);
	else if (h->lede != (size_t)-1)
		doc->title = title_from_lede(&t->lines[h->lede]);
	sbuf_free(&h->title);
	if (doc->title) {
		doc->issuer = issuer_from_title(doc->title);
	} else {
		size_t f = 0;
		while (f < t->nlines && (t->lines[f].kind == LK_BLANK || t->lines[f].kind == LK_DROP))
			f++;
		const struct line *L = f < t->nlines ? &t->lines[f] : NULL;
		doc->title = L ? pu_tidy_spaces(L->s, pu_prefix(L->s, L->n, FALLBACK_TITLE_CHARS))
			       : xstrdup("");
	}
	if (!doc->issuer)
		doc->issuer = h->banner, h->banner = NULL;
	free(h->banner);
}

void ph_header(struct ptext *t, struct pdoc *doc)
{
	struct hdr h = {SBUF_INIT, 0, 0, NULL, (size_t)-1};
	size_t i = 0;
	for (; i < t->nlines; i++) {
		int r = header_line(&t->lines[i], i, &h, doc);
		if (r == H_STOP)
			break;
		if (r == H_LAST) {
			i++;
			break;
		}
	}
	t->header_end = i;
	finish_title(t, &h, doc);
}

/* ---- signatures and attachment lists ---- */

static int sig_like(const struct line *L)
{
	uint32_t c;
	size_t chars = pu_chars(L->s, L->n);
	pu_cp(L->s, L->n, 0, &c);
	return L->kind == LK_TEXT && chars >= 2 && chars <= 30 && pu_is_han(c) &&
	       !pu_has_any(L->s, L->n, "。，；：？！,;:?!《》“”、");
}

/* The lines right above a bare closing date are the signature. */
void ph_mark_signatures(struct ptext *t)
{
	for (size_t i = t->header_end; i < t->nlines; i++) {
		if (t->lines[i].kind != LK_DATE || t->lines[i].paren)
			continue;
		for (size_t j = i, k = 0; j > t->header_end && k < 4; k++) {
			struct line *L = &t->lines[--j];
			if (!sig_like(L))
				break;
			L->kind = LK_SIGN;
		}
	}
}

static int list_number(const struct line *L)
{
	return L->kind == LK_HEAD && (L->sch == SCH_AR_DOT || L->sch == SCH_AR_PAREN ||
				      L->sch == SCH_AR_HALF || L->sch == SCH_CIRCLED ||
				      L->sch == SCH_DEC1);
}

/* 附件：1.… followed by 2.… lines (or by the only entry on the next line). */
static void mark_list(struct ptext *t, size_t i)
{
	struct line *A = &t->lines[i];
	size_t j = i + 1;
	if (A->rest >= A->n && j < t->nlines && t->lines[j].kind == LK_TEXT) {
		t->lines[j].kind = LK_ATTITEM;
		t->lines[j].rest = 0;
		j++;
	}
	for (; j < t->nlines && list_number(&t->lines[j]); j++)
		t->lines[j].kind = LK_ATTITEM;
}

/* 附件1：… lines directly followed by more of them or by the signature are
 * the list of attachments, not the attachments themselves. */
static void mark_label_list(struct ptext *t, size_t i)
{
	size_t j = i, run = 0;
	while (j < t->nlines && t->lines[j].kind == LK_ATTLABEL && t->lines[j].rest < t->lines[j].n)
		j = next_nonblank(t, j + 1), run++;
	enum lkind k = j < t->nlines ? t->lines[j].kind : LK_BLANK;
	if (run < 2 && k != LK_SIGN && k != LK_DATE && k != LK_NOTE)
		return;
	for (size_t m = i; m < j; m++)
		if (t->lines[m].kind == LK_ATTLABEL)
			t->lines[m].kind = LK_ATTITEM;
}

void ph_mark_attlists(struct ptext *t)
{
	t->att_start = t->nlines;
	for (size_t i = t->header_end; i < t->nlines; i++) {
		if (t->lines[i].kind == LK_ATTLIST)
			mark_list(t, i);
		else if (t->lines[i].kind == LK_ATTLABEL && t->lines[i].rest < t->lines[i].n)
			mark_label_list(t, i);
	}
	for (size_t i = t->header_end; i < t->nlines; i++)
		if (t->lines[i].kind == LK_ATTLABEL) {
			t->att_start = i;
			break;
		}
}
