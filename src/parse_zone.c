/* parse_zone.c - the zones around the body that the tree builder must
 * skip or route: a 目录 block, signature blocks, the 附件 list, the title
 * of the document a notice issues, enumerations inside a paragraph and the
 * 版记 at the end. Each pass marks lines. */
#include "config.h"
#include "parse_impl.h"

#include <stdlib.h>
#include <string.h>

#define TOC_MAX_LINES 2000 /* a contents list is never longer than this */
#define TOC_MAX_BLOCKS 3
#define WRAP_TITLE_LINES 5
#define WRAP_INTRO_LINES 3  /* paragraphs between a document's title and its 一、 */
#define BANJI_LINES 12     /* the 版记 is a few lines at the very end */

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
		if (t->lines[i].kind != LK_DATE || t->lines[i].flag)
			continue;
		for (size_t j = i, k = 0; j > t->header_end && k < 4;) {
			struct line *L = &t->lines[--j];
			if (L->kind == LK_BLANK)
				continue;
			if (!sig_like(L))
				break;
			L->kind = LK_SIGN;
			k++;
		}
	}
}

static int list_number(const struct line *L)
{
	return L->kind == LK_HEAD && (L->sch == SCH_AR_DOT || L->sch == SCH_AR_PAREN ||
				      L->sch == SCH_AR_HALF || L->sch == SCH_CIRCLED ||
				      L->sch == SCH_DEC1);
}

/* What may follow a list of attachments: the signature, the date, a
 * note, the 版记, or the attachments themselves. */
static int after_list(const struct line *L)
{
	return L->kind == LK_SIGN || L->kind == LK_DATE || L->kind == LK_NOTE ||
	       L->kind == LK_ATTLABEL || L->kind == LK_ATTLIST || L->kind == LK_BANJI ||
	       list_number(L);
}

/* 附件：1.… followed by 2.… lines (or by the only entry on the next line).
 * 附： with one title below it and then text, not a signature, is the
 * attachment itself. */
static void mark_list(struct ptext *t, size_t i)
{
	struct line *A = &t->lines[i];
	size_t j = next_nonblank(t, i + 1);
	if (A->rest >= A->n && j < t->nlines && t->lines[j].kind == LK_TEXT) {
		size_t k = next_nonblank(t, j + 1);
		if (k < t->nlines && !after_list(&t->lines[k])) {
			A->kind = LK_ATTLABEL;
			return;
		}
		t->lines[j].kind = LK_ATTITEM;
		t->lines[j].rest = 0;
		j = k;
	}
	for (; j < t->nlines && list_number(&t->lines[j]); j = next_nonblank(t, j + 1))
		t->lines[j].kind = LK_ATTITEM;
}

/* 附件1：… lines directly followed by more of them (or by 2.… lines) or
 * by the signature are the list of attachments, not the attachments. */
static void mark_label_list(struct ptext *t, size_t i)
{
	size_t j = i, run = 0;
	while (j < t->nlines && t->lines[j].kind == LK_ATTLABEL && t->lines[j].rest < t->lines[j].n)
		j = next_nonblank(t, j + 1), run++;
	while (run && j < t->nlines && list_number(&t->lines[j]))
		j = next_nonblank(t, j + 1), run++;
	enum lkind k = j < t->nlines ? t->lines[j].kind : LK_BLANK;
	if (run < 2 && k != LK_SIGN && k != LK_DATE && k != LK_NOTE)
		return;
	for (size_t m = i; m < j; m++)
		if (t->lines[m].kind == LK_ATTLABEL || t->lines[m].kind == LK_HEAD)
			t->lines[m].kind = LK_ATTITEM;
}

static char *take_title(struct ptext *t, size_t i, enum lkind kind, int strict);

void ph_mark_attlists(struct ptext *t)
{
	t->att_start = t->nlines;
	for (size_t i = t->header_end; i < t->nlines; i++) {
		if (t->lines[i].kind == LK_ATTLIST)
			mark_list(t, i);
		else if (t->lines[i].kind == LK_ATTLABEL && t->lines[i].rest < t->lines[i].n)
			mark_label_list(t, i);
	}
	for (size_t i = t->header_end; i < t->nlines; i++) {
		if (t->lines[i].kind != LK_ATTLABEL)
			continue;
		if (t->att_start == t->nlines)
			t->att_start = i;
		/* 附件1 with its title below it, maybe over several lines */
		if (t->lines[i].rest >= t->lines[i].n) {
			size_t j = next_nonblank(t, i + 1);
			char *title = take_title(t, j, LK_ATTTITLE, 1);
			free(title ? title : take_title(t, j, LK_ATTTITLE, 0));
		}
	}
}

/* ---- the document a notice issues ---- */

/* 关于印发《…》的通知, 转发…的通知, 批转…: the notice wraps a document. */
static int wraps(const char *title)
{
	return strstr(title, "印发") || strstr(title, "转发") || strstr(title, "批转") ||
	       strstr(title, "发布");
}

/* A title line cut after 的, 和, 与… goes on over the next line. */
static int title_open(const char *s)
{
	static const char *const ends[] = {"的", "和", "与", "及", "或", "、", "关于", "对", "在", "之"};
	size_t n = strlen(s);
	for (size_t k = 0; k < ARRAY_SIZE(ends); k++)
		if (pu_ends(s, n, ends[k]))
			return 1;
	return 0;
}

/* Title lines from i (blank lines between allowed, as for the document's
 * own title): marks them kind and returns the joined title, or NULL.
 * strict: the title must end with the kind of document (a document's
 * title); else (an attachment's) lines are joined while one ends open. */
static char *take_title(struct ptext *t, size_t i, enum lkind kind, int strict)
{
	struct sbuf b = SBUF_INIT;
	size_t marked[WRAP_TITLE_LINES];
	int n = 0;
	for (; i < t->nlines && n < WRAP_TITLE_LINES; i = next_nonblank(t, i + 1)) {
		const struct line *L = &t->lines[i];
		/* （共130项） （试行） under a title belongs to it */
		int suffix = n && ph_title_suffix(L);
		if (!suffix && (!ph_title_like(L) || (n && ph_title_complete(b.s)) ||
				(n && !strict && !title_open(b.s))))
			break;
		char *part = pu_tidy_spaces(L->s, L->n);
		sbuf_adds(&b, part);
		free(part);
		marked[n++] = i;
	}
	if (!n || (strict && !ph_title_complete(b.s))) {
		sbuf_free(&b);
		return NULL;
	}
	for (int k = 0; k < n; k++) {
		t->lines[marked[k]].kind = (uint8_t)kind;
		t->lines[marked[k]].flag = k > 0;
	}
	return sbuf_detach(&b);
}

/* The value of the numbering of a heading line (一、 -> 1), or -1. */
static long head_value(const struct line *L)
{
	size_t used = 0, i = 0;
	uint32_t c;
	if (pu_starts(L->s, L->n, "第"))
		i = 3;
	else if (pu_cp(L->s, L->n, 0, &c) && pu_is_open_paren(c))
		i = c < 0x80 ? 1 : 3;
	long v = pu_ar_value(L->s + i, L->n - i, &used, PU_NUM_DIGITS);
	return v >= 0 ? v : pu_cn_value(L->s + i, L->n - i, &used);
}

/* A title at j, then (after at most a short introduction) numbering that
 * starts again at 1 in the scheme sch. */
static int restarts(const struct ptext *t, size_t j, enum scheme sch)
{
	for (int k = 0; k < WRAP_INTRO_LINES; k++) {
		j = next_nonblank(t, j + 1);
		if (j >= t->nlines)
			return 0;
		const struct line *N = &t->lines[j];
		if (N->kind == LK_HEAD)
			return N->sch == sch && head_value(N) == 1;
		if (N->kind != LK_TEXT)
			return 0;
	}
	return 0;
}

/* After the notice's own signature and date (and its note), the title of
 * the document it issues. Further titles right before numbering that
 * starts again at 1 are more documents: then each title opens a part. */
void ph_mark_wrapped(struct ptext *t, struct pdoc *doc)
{
	if (!t->order && !wraps(doc->title))
		return;
	size_t i = t->header_end;
	while (i < t->nlines && t->lines[i].kind != LK_HEAD &&
	       !(t->lines[i].kind == LK_DATE && !t->lines[i].flag))
		i++;
	if (i >= t->nlines || t->lines[i].kind == LK_HEAD)
		return;
	for (i++; i < t->nlines; i++) {
		enum lkind k = t->lines[i].kind;
		if (k != LK_BLANK && k != LK_NOTE && k != LK_DROP && k != LK_DATE)
			break;
	}
	size_t first = i;
	char *title = take_title(t, first, LK_WTITLE, 1);
	if (!title)
		return;
	if (t->order)
		free(title);
	else
		doc->wrapped = title;
	/* more documents: a title, then numbering from 1 in the first one's scheme */
	size_t h = first;
	while (h < t->nlines && t->lines[h].kind != LK_HEAD)
		h++;
	if (h >= t->nlines)
		return;
	int parts = 0;
	for (size_t j = h + 1; j < t->nlines; j++) {
		if (t->lines[j].kind != LK_TEXT || !restarts(t, j, t->lines[h].sch))
			continue;
		char *more = take_title(t, j, LK_PART, 1);
		if (more)
			parts++;
		free(more);
	}
	for (size_t j = first; parts && j < h; j++)
		if (t->lines[j].kind == LK_WTITLE)
			t->lines[j].kind = LK_PART;
}

/* ---- enumerations ---- */

/* One sentence ending in ； or 。 (or ;): an item of a list, not a heading
 * with text of its own. Sets *semi when it ends in ；. */
static int list_item(const struct line *L, int *semi)
{
	int last_semi = pu_ends(L->s, L->n, "；") || pu_ends(L->s, L->n, ";");
	int last_stop = pu_ends(L->s, L->n, "。");
	if (!last_semi && !last_stop)
		return 0;
	size_t body = L->n - (last_semi && L->s[L->n - 1] == ';' ? 1 : 3);
	if (pu_has_any(L->s + L->rest, body - L->rest, "。！？"))
		return 0;
	*semi |= last_semi;
	return 1;
}

static int ends_colon(const struct line *L)
{
	return pu_ends(L->s, L->n, "：") || pu_ends(L->s, L->n, ":");
}

/* 注：1、…  说明：1.…: the numbered lines after it are more notes. */
static int notes_start(const struct line *L)
{
	static const char *const words[] = {"注：", "注:", "说明：", "备注："};
	for (size_t k = 0; k < ARRAY_SIZE(words); k++)
		if (pu_starts(L->s, L->n, words[k]))
			return 1;
	return 0;
}

/* After a line ending in a colon, a run of numbered one-sentence items of
 * one scheme, at least one ending in ；, is a list inside that paragraph:
 * （一）…；（二）…；（三）…。 (a 规则's items, the 项 of an article). */
void ph_mark_enums(struct ptext *t)
{
	size_t prev = t->nlines;
	for (size_t i = t->header_end; i < t->nlines; i++) {
		struct line *L = &t->lines[i];
		if (L->kind == LK_BLANK)
			continue;
		int notes = prev < t->nlines && notes_start(&t->lines[prev]);
		if (L->kind == LK_HEAD && prev < t->nlines && (ends_colon(&t->lines[prev]) || notes)) {
			size_t j = i, last = i;
			int semi = 0, ok = 1;
			for (; j < t->nlines && ok; j = next_nonblank(t, j + 1)) {
				const struct line *M = &t->lines[j];
				if (M->kind != LK_HEAD || M->sch != L->sch)
					break;
				ok = list_item(M, &semi);
				last = j;
			}
			if (ok && (semi || notes)) {
				for (size_t k = i; k <= last; k++)
					if (t->lines[k].kind == LK_HEAD)
						t->lines[k].kind = LK_ENUM;
				i = last;
			}
		}
		prev = i;
	}
}

/* ---- 版记 ---- */

/* ────── or ______: the rules of the 版记. */
static int rule_line(const struct line *L)
{
	if (!L->n)
		return 0;
	for (size_t i = 0; i < L->n;) {
		uint32_t c;
		i += pu_cp(L->s, L->n, i, &c);
		if (c != '-' && c != '_' && c != '=' && c != 0x2014 && c != 0x2015 && c != 0x2500 &&
		    c != 0x2501 && c != 0xFF3F && !pu_is_blank(c))
			return 0;
	}
	return 1;
}

/* 某市人民政府办公室　　2024年1月5日印发 */
static int printed_line(const struct line *L, struct pdoc *doc)
{
	char iso[11];
	size_t b, e;
	if (!pu_ends(L->s, L->n, "印发") || !pu_find_date(L->s, L->n, iso, &b, &e) ||
	    e + 6 < L->n - 6 || pu_chars(L->s, L->n) > 60)
		return 0;
	if (!doc->printer && b > 0)
		doc->printer = pu_tidy_spaces(L->s, b);
	if (!doc->print_date)
		doc->print_date = xstrdup(iso);
	return 1;
}

static int cc_line(const struct line *L, struct pdoc *doc)
{
	if (!pu_starts(L->s, L->n, "抄送"))
		return 0;
	size_t i = pu_skip_blanks(L->s, L->n, strlen("抄送"));
	uint32_t c;
	size_t l = pu_cp(L->s, L->n, i, &c);
	if (c != 0xFF1A && c != ':')
		return 0;
	i = pu_skip_blanks(L->s, L->n, i + l);
	size_t n = L->n;
	if (pu_ends(L->s, n, "。"))
		n -= 3;
	if (!doc->cc && n > i)
		doc->cc = pu_tidy_spaces(L->s + i, n - i);
	return 1;
}

void ph_mark_banji(struct ptext *t, struct pdoc *doc)
{
	size_t seen = 0;
	for (size_t i = t->nlines; i-- > t->header_end && seen < BANJI_LINES;) {
		struct line *L = &t->lines[i];
		if (L->kind == LK_BLANK || L->kind == LK_DROP)
			continue;
		seen++;
		if (rule_line(L))
			L->kind = LK_DROP;
		else if (printed_line(L, doc) || cc_line(L, doc))
			L->kind = LK_BANJI;
		else
			break;
	}
}

/* ---- table captions ---- */

/* A short line right above a table names it (A匝道桥界址点坐标, 重点任务
 * 分工表): not a heading, not a sentence, not 单位：人. */
static void mark_caption(struct ptext *t, size_t first_row)
{
	size_t k = first_row;
	while (k > 0 && t->lines[k - 1].kind == LK_BLANK)
		k--;
	if (k == 0)
		return;
	struct line *L = &t->lines[k - 1];
	if (L->kind == LK_TEXT && pu_chars(L->s, L->n) <= 40 &&
	    !pu_has_any(L->s, L->n, "。，；：:;,！？"))
		L->kind = LK_CAPTION;
}

/* After the other zones (an attachment's title above its table stays its
 * title): the caption of every table. */
void ph_mark_captions(struct ptext *t)
{
	for (size_t i = t->header_end; i < t->nlines; i++)
		if (t->lines[i].kind == LK_ROW && (i == 0 || t->lines[i - 1].kind != LK_ROW) &&
		    (i < 2 || t->lines[i - 1].kind != LK_BLANK || t->lines[i - 2].kind != LK_ROW))
			mark_caption(t, i);
}
