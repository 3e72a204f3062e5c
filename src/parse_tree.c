/* parse_tree.c - build the node tree from the classified lines.
 *
 * Open nodes form a stack, one frame per numbering scheme. A scheme already
 * open closes everything below it and becomes a sibling; a scheme not open
 * nests inside the innermost open scheme that is canonically outer to it
 * (enum scheme order), so levels are relative: a document with only 1. 2.
 * 3. has them at level 1. Numbering that runs on across parents needs no
 * special case because numbers are never compared. */
#include "config.h"
#include "parse_impl.h"
#include "luoshi/phrase.h"

#include <stdlib.h>
#include <string.h>

#define MAXDEPTH (SCH_COUNT + 1)
#define RUNIN_HEADING_MAX 40 /* a first sentence longer than this is not a heading */
#define STANDALONE_MAX 60    /* a line without 。 longer than this is a sentence */
#define JOIN_MIN_CHARS 20    /* shorter unterminated lines are headings, not wraps */

struct frame {
	struct pnode *node;
	enum scheme sch;
	struct sbuf body;
	int paras;
};

struct builder {
	struct ptext *t;
	struct pdoc *doc;
	struct pnode root;
	struct frame st[MAXDEPTH];
	int depth;
	struct sbuf pre, clo, sig;
	int sig_done;
	int in_att, want_att_title;
	/* the closing rule (see closing_starts) */
	int has_num, closing;
	size_t last_num, tail_start;
	size_t clo_at; /* root's children when the closing began */
	enum scheme last_sch;
	int last_level, last_inline;
	/* joining of hard-wrapped lines */
	struct sbuf *jt;
	int joinable, jindent;
	/* the table being read: a child of tparent at index tidx */
	struct pnode *tparent;
	size_t tidx;
	struct sbuf rows;
	int in_table;
	const struct line *caption; /* the line naming the next table */
	/* the 专栏 being read, likewise */
	struct pnode *bparent;
	size_t bidx;
	struct sbuf box;
	int in_box;
	int spaced; /* every paragraph has a blank line before it (a web copy) */
	int noted;  /* the last paragraph of an item ended with its responsibility note */
};

/* ---- nodes ---- */

static struct pnode *add_kid(struct pnode *p)
{
	size_t n = p->nkids;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
		p->kids = xreallocarray(p->kids, n ? n * 2 : 4, sizeof *p->kids);
	struct pnode *k = &p->kids[p->nkids++];
	memset(k, 0, sizeof *k);
	return k;
}

static enum node_kind kind_of(enum scheme sch, size_t nkids)
{
	switch (sch) {
	case SCH_ATTACH: return NODE_ATTACHMENT;
	case SCH_WRAP:
	case SCH_PART: return NODE_PART;
	case SCH_CHAPTER: return NODE_CHAPTER;
	case SCH_ARTICLE: return NODE_ARTICLE;
	case SCH_JIE:
	case SCH_CN_DUN: return NODE_SECTION;
	default: return nkids ? NODE_SECTION : NODE_ITEM;
	}
}

/* The string of sb at its exact size: a body grows by doubling, and the
 * slack (up to half of all the text) would stay until the tree is freed. */
static char *detach_exact(struct sbuf *sb)
{
	size_t n = sb->len;
	return xrealloc(sbuf_detach(sb), n + 1);
}

/* Children that are structure, not a table or box inside the text. */
static size_t structural_kids(const struct pnode *nd)
{
	size_t n = 0;
	for (size_t i = 0; i < nd->nkids; i++)
		n += nd->kids[i].kind != NODE_TABLE && nd->kids[i].kind != NODE_BOX;
	return n;
}

static void close_top(struct builder *b)
{
	struct frame *f = &b->st[--b->depth];
	f->node->body = detach_exact(&f->body);
	f->node->kind = kind_of(f->sch, structural_kids(f->node));
	if (b->jt == &f->body)
		b->jt = NULL;
}

static struct frame *push(struct builder *b, enum scheme sch, char *label)
{
	struct pnode *parent = b->depth ? b->st[b->depth - 1].node : &b->root;
	struct pnode *nd = add_kid(parent);
	struct frame *f = &b->st[b->depth++];
	nd->level = b->depth;
	nd->label = label;
	nd->heading = xstrdup("");
	memset(f, 0, sizeof *f);
	f->node = nd;
	f->sch = sch;
	return f;
}

/* ---- run-in headings ---- */

/* First 。！？ outside quotes and brackets, or n. */
static size_t first_stop(const char *s, size_t n, size_t *len)
{
	int quote = 0, paren = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		if (c == 0x201C)
			quote++;
		else if (c == 0x201D && quote)
			quote--;
		else if (pu_is_open_paren(c))
			paren++;
		else if (pu_is_close_paren(c) && paren)
			paren--;
		else if (!quote && !paren && (c == 0x3002 || c == 0xFF01 || c == 0xFF1F)) {
			*len = l;
			return i;
		}
		i += l;
	}
	*len = 0;
	return n;
}

/* The leading clause of a long sentence, as a heading. */
static char *lead_clause(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		if (c == 0xFF0C || c == 0xFF1A || c == 0xFF1B || c == ',' || c == ':' || c == ';')
			break;
		i += l;
	}
	return pu_tidy_spaces(s, phrase_cut(s, i, RUNIN_HEADING_MAX));
}

static int terminator(uint32_t c)
{
	return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0xFF1A ||
	       c == 0x2026 || c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F ||
	       pu_is_close_paren(c) || c == '!' || c == '?' || c == ';' || c == ':' || c == '.';
}

static uint32_t last_cp(const char *s, size_t n)
{
	uint32_t c = 0;
	if (!n)
		return 0;
	size_t k = n - 1;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	pu_cp(s, n, k, &c);
	return c;
}

/* Strip trailing ；，：and blanks from a standalone heading. */
static size_t strip_tail(const char *s, size_t n)
{
	for (;;) {
		uint32_t c = last_cp(s, n);
		size_t l = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		if (!n || !(c == 0xFF1B || c == 0xFF0C || c == 0xFF1A || c == ';' || c == ',' ||
			    c == ':' || pu_is_blank(c)))
			return n;
		n -= l;
	}
}

/* Split the text after a label into heading and body. Returns 1 when the
 * body begins on the label's own line (a run-in item). */
static int split_runin(enum scheme sch, const char *r, size_t n, char **heading, struct sbuf *body,
		       int *runin)
{
	size_t el, e;
	if (sch == SCH_ARTICLE) { /* 第五条 本办法所称…: the whole line is body */
		*heading = xstrdup("");
		sbuf_add(body, r, n);
		return n > 0;
	}
	e = first_stop(r, n, &el);
	if (e < n && pu_chars(r, e) <= RUNIN_HEADING_MAX) {
		*heading = pu_tidy_spaces(r, e);
		*runin = 1;
		size_t b = pu_skip_blanks(r, n, e + el);
		sbuf_add(body, r + b, n - b);
		return b < n;
	}
	if (e == n && pu_chars(r, n) <= STANDALONE_MAX) {
		*heading = pu_tidy_spaces(r, strip_tail(r, n));
		return 0;
	}
	*heading = lead_clause(r, e); /* one long sentence: heading and body */
	sbuf_add(body, r, n);
	return 1;
}

/* ---- text ---- */

/* Append a line of text to sb as a new paragraph, or to the last one when
 * the previous line was cut by a hard wrap (it ends mid-sentence, is long,
 * and this line is not indented more deeply: a new paragraph would be). */
static void add_para(struct builder *b, struct sbuf *sb, int *paras, const struct line *L,
		     const char *s, size_t n)
{
	if (b->jt == sb && b->joinable && !L->blank_before && L->indent <= b->jindent) {
		sbuf_add(sb, s, n);
	} else {
		if (sb->len)
			sbuf_addc(sb, '\n');
		sbuf_add(sb, s, n);
		if (paras)
			(*paras)++;
	}
	b->jt = sb;
	b->joinable = !terminator(last_cp(s, n)) && pu_chars(s, n) >= JOIN_MIN_CHARS &&
		      !memchr(s, '\t', n);
	b->jindent = L->indent;
}

static int starts_any(const char *s, size_t n, const char *const *w, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (pu_starts(s, n, w[i]))
			return 1;
	return 0;
}

/* Words only a closing opens with: 以上意见如无不妥, 特此通知, 感谢您… */
static int closing_words(const struct line *L)
{
	static const char *const w[] = {"以上", "上述", "特此", "请各", "请结合", "总之", "现将",
					"感谢", "此复", "专此"};
	return starts_any(L->s, L->n, w, ARRAY_SIZE(w));
}

/* The document as a whole, or everyone it is addressed to: 本意见…,
 * 各地区、各部门要…, also after a short lead (节假日期间，各地区…). */
static int closing_lead(const struct line *L)
{
	static const char *const w[] = {
		"各级", "各地", "各部门", "各单位", "各有关", "各省", "各市", "各县", "各区",
		"各成员", "各类", "中央和国家机关", "本意见", "本通知", "本办法", "本规定",
		"本方案", "本条例", "本细则", "本规则", "本决定", "本预案", "本准则",
		"本制度", "本指引", "本实施",
	};
	if (starts_any(L->s, L->n, w, ARRAY_SIZE(w)))
		return 1;
	const char *comma = memmem(L->s, L->n, "，", 3);
	if (!comma || pu_chars(L->s, (size_t)(comma - L->s)) > 12)
		return 0;
	size_t off = (size_t)(comma - L->s) + 3;
	return starts_any(L->s + off, L->n - off, w, 6);
}

/* 司法部负责…督促指导本意见贯彻落实工作。: the first sentence speaks of
 * the document as a whole. */
static int names_itself(const struct line *L)
{
	static const char *const w[] = {"本意见", "本通知", "本方案", "本办法", "本规定", "本决定",
					"本要点", "本计划"};
	const char *stop = memmem(L->s, L->n, "。", 3);
	size_t n = stop ? (size_t)(stop - L->s) : L->n;
	for (size_t k = 0; k < ARRAY_SIZE(w); k++)
		if (memmem(L->s, n, w[k], strlen(w[k])))
			return 1;
	return 0;
}

/* …（人力资源社会保障部、财政部负责）: an item that ends with its
 * responsibility note is complete. */
static int ends_noted(const char *s, size_t n)
{
	static const char *const w[] = {"负责）", "牵头）", "参与）", "配合）", "指导）", "负责)"};
	for (size_t k = 0; k < ARRAY_SIZE(w); k++)
		if (pu_ends(s, n, w[k]))
			return 1;
	return 0;
}

/* A web copy puts a blank line between all paragraphs: then a blank line
 * says nothing about where the closing starts. */
static int blank_separated(const struct ptext *t)
{
	size_t lines = 0, blank = 0;
	for (size_t i = t->header_end; i < t->nlines; i++) {
		const struct line *L = &t->lines[i];
		if (L->kind != LK_TEXT && L->kind != LK_HEAD)
			continue;
		lines++;
		blank += L->blank_before;
	}
	return lines >= 5 && blank * 10 >= lines * 8;
}

/* closing: the paragraphs after the last numbered item of the main text
 * that are not part of it. Only after an item below the top level or a
 * run-in item (whose text began on its own line), since the body of a
 * standalone top-level heading (四、组织实施) legitimately runs to the end.
 * A paragraph starts the closing when it opens at document level
 * (各级党委…要, 各地区各部门, 本意见…) after the item has some body, or
 * when it follows a blank line after a run-in item. Regulation forms
 * (第X条…) never have a closing: an article's later paragraphs are 款. */
static int closing_starts(const struct builder *b, const struct line *L)
{
	if (b->last_sch <= SCH_ARTICLE)
		return 0;
	if (closing_words(L))
		return 1;
	if (b->last_level < 2 && !b->last_inline)
		return 0;
	int has_body = b->last_inline || (b->depth && b->st[b->depth - 1].paras > 0);
	if ((closing_lead(L) || b->noted || names_itself(L)) && has_body)
		return 1;
	if (b->last_inline && (pu_starts(L->s, L->n, "另外") || pu_starts(L->s, L->n, "此外")))
		return 1;
	return b->last_inline && L->blank_before && !b->spaced;
}

static void add_text(struct builder *b, size_t i, const struct line *L, const char *s, size_t n)
{
	if (!b->in_att && b->has_num && i > b->last_num && b->root.nkids && !b->closing) {
		b->closing = i > b->tail_start || closing_starts(b, L);
		b->clo_at = b->root.nkids;
	}
	if (b->closing && !b->in_att) {
		add_para(b, &b->clo, NULL, L, s, n);
	} else if (b->depth) {
		struct frame *f = &b->st[b->depth - 1];
		add_para(b, &f->body, &f->paras, L, s, n);
		b->noted = ends_noted(s, n);
	} else {
		add_para(b, &b->pre, NULL, L, s, n);
	}
}

/* ---- line handlers ---- */

static void on_head(struct builder *b, size_t i, const struct line *L)
{
	enum scheme sch = L->sch;
	int j;
	b->want_att_title = 0;
	if (b->depth && b->st[b->depth - 1].sch == SCH_ARTICLE && sch > SCH_ARTICLE) {
		add_text(b, i, L, L->s, L->n); /* （一） inside an article: enumeration */
		return;
	}
	for (j = b->depth - 1; j >= 0 && b->st[j].sch != sch; j--)
		;
	if (j >= 0) {
		while (b->depth > j)
			close_top(b);
	} else {
		while (b->depth && b->st[b->depth - 1].sch >= sch)
			close_top(b);
	}
	struct frame *f = push(b, sch, pu_fold_digits(L->s, L->lab));
	free(f->node->heading);
	int inl = split_runin(sch, L->s + L->rest, L->n - L->rest, &f->node->heading, &f->body,
			      &f->node->runin);
	f->paras = inl;
	b->jt = inl ? &f->body : NULL;
	b->joinable = inl && !terminator(last_cp(L->s, L->n)) && pu_chars(L->s, L->n) >= JOIN_MIN_CHARS;
	b->jindent = L->indent;
	if (!b->in_att) {
		b->last_sch = sch;
		b->last_level = f->node->level;
		b->last_inline = inl;
		b->noted = inl && ends_noted(L->s, L->n);
	}
}

static void on_attlabel(struct builder *b, const struct line *L)
{
	while (b->depth)
		close_top(b);
	b->in_att = 1;
	struct frame *f = push(b, SCH_ATTACH, pu_fold_digits(L->s, L->lab));
	if (L->rest < L->n) {
		free(f->node->heading);
		f->node->heading = pu_tidy_spaces(L->s + L->rest, L->n - L->rest);
	}
	b->want_att_title = L->rest >= L->n;
	b->jt = NULL;
}

/* The title of an attachment, below its label (maybe on several lines). */
static void on_atttitle(struct builder *b, const struct line *L)
{
	b->jt = NULL;
	b->want_att_title = 0;
	if (b->depth != 1 || b->st[0].sch != SCH_ATTACH)
		return;
	struct pnode *nd = b->st[0].node;
	char *s = pu_tidy_spaces(L->s, L->n);
	char *joined = xasprintf("%s%s", L->flag ? nd->heading : "", s);
	free(nd->heading);
	free(s);
	nd->heading = joined;
}

static void on_text(struct builder *b, size_t i, const struct line *L)
{
	if (b->want_att_title) {
		b->want_att_title = 0;
		if (b->depth == 1 && pu_chars(L->s, L->n) <= STANDALONE_MAX &&
		    !pu_has_any(L->s, L->n, "。")) {
			free(b->st[0].node->heading);
			b->st[0].node->heading = pu_tidy_spaces(L->s, L->n);
			return;
		}
	}
	add_text(b, i, L, L->s, L->n);
}

static void on_attitem(struct builder *b, const struct line *L)
{
	const char *s = L->s + L->rest;
	size_t n = L->n - L->rest, lab, rest;
	if (pu_match_num(s, n, 0, &lab, &rest) != SCH_NONE)
		s += rest, n -= rest;
	if (!n)
		return;
	b->doc->attachments = xreallocarray(b->doc->attachments, b->doc->nattachments + 1,
					    sizeof *b->doc->attachments);
	b->doc->attachments[b->doc->nattachments++] = pu_tidy_spaces(s, n);
}

static void on_meta(struct builder *b, size_t i, const struct line *L)
{
	char iso[11];
	int paren;
	b->jt = NULL;
	if (b->in_att || i >= b->t->att_start)
		return;
	if (L->kind == LK_SIGN && !b->sig_done) {
		char *s = pu_tidy_spaces(L->s, L->n);
		if (b->sig.len)
			sbuf_addc(&b->sig, ' ');
		sbuf_adds(&b->sig, s);
		free(s);
	} else if (L->kind == LK_DATE) {
		b->sig_done |= b->sig.len > 0;
		if (!b->doc->date && pu_date_only(L->s, L->n, iso, &paren))
			b->doc->date = xstrdup(iso);
	} else if (L->kind == LK_NOTE && !b->doc->note) {
		b->doc->note = xstrndup(L->s, L->n);
	}
}

/* ---- tables ---- */

static void close_table(struct builder *b)
{
	if (!b->in_table)
		return;
	struct pnode *nd = &b->tparent->kids[b->tidx];
	nd->body = detach_exact(&b->rows);
	if (!*nd->heading) {
		free(nd->heading);
		nd->heading = table_header_name(nd->body);
	}
	b->in_table = 0;
}

/* A table is one node under the innermost open node (at the top when
 * none is open, or after the main text): it never joins the numbering. */
static void on_row(struct builder *b, const struct line *L)
{
	b->jt = NULL;
	if (!b->in_table) {
		/* after the main text (in the closing) a table stands alone: the
		 * open frames point into root's children, so close them first */
		if (b->closing && !b->in_att)
			while (b->depth)
				close_top(b);
		struct pnode *parent = b->depth ? b->st[b->depth - 1].node : &b->root;
		struct pnode *nd = add_kid(parent);
		nd->kind = NODE_TABLE;
		nd->level = parent == &b->root ? 1 : parent->level + 1;
		nd->label = xstrdup("");
		nd->heading = b->caption ? pu_tidy_spaces(b->caption->s, b->caption->n) : xstrdup("");
		b->caption = NULL;
		b->tparent = parent;
		b->tidx = parent->nkids - 1;
		b->in_table = 1;
	}
	if (b->rows.len)
		sbuf_addc(&b->rows, '\n');
	sbuf_add(&b->rows, L->s, L->n);
}

/* One of several documents a notice issues: a part of its own. */
static void on_part(struct builder *b, const struct line *L)
{
	char *s = pu_tidy_spaces(L->s, L->n);
	b->jt = NULL;
	if (L->flag && b->depth == 1 && b->st[0].sch == SCH_WRAP) {
		struct pnode *nd = b->st[0].node;
		char *joined = xasprintf("%s%s", nd->heading, s);
		free(nd->heading);
		free(s);
		nd->heading = joined;
		return;
	}
	while (b->depth)
		close_top(b);
	struct frame *f = push(b, SCH_WRAP, xstrdup(""));
	free(f->node->heading);
	f->node->heading = s;
}

/* ---- 专栏 ---- */

static void close_box(struct builder *b)
{
	if (!b->in_box)
		return;
	b->bparent->kids[b->bidx].body = detach_exact(&b->box);
	b->in_box = 0;
	b->jt = NULL;
}

/* A box holds every line up to the next heading of the document's own
 * structure (一、 （一） 第X章 …, or one open now), another box or the tail:
 * its own 1. and （1） lists are its text. */
static int box_takes(const struct builder *b, const struct line *L)
{
	if (L->kind == LK_TEXT || L->kind == LK_ROW || L->kind == LK_ENUM || L->kind == LK_BLANK ||
	    L->kind == LK_CAPTION)
		return 1;
	if (L->kind != LK_HEAD || L->sch <= SCH_CN_PAREN)
		return 0;
	for (int j = 0; j < b->depth; j++)
		if (b->st[j].sch == L->sch)
			return 0;
	return 1;
}

static void on_box(struct builder *b, const struct line *L)
{
	close_box(b);
	if (b->closing && !b->in_att)
		while (b->depth)
			close_top(b);
	struct pnode *parent = b->depth ? b->st[b->depth - 1].node : &b->root;
	struct pnode *nd = add_kid(parent);
	nd->kind = NODE_BOX;
	nd->level = parent == &b->root ? 1 : parent->level + 1;
	nd->label = pu_fold_digits(L->s, L->lab);
	nd->heading = pu_tidy_spaces(L->s + L->rest, L->n - L->rest);
	b->bparent = parent;
	b->bidx = parent->nkids - 1;
	b->in_box = 1;
	b->jt = NULL;
}

static void box_line(struct builder *b, const struct line *L)
{
	if (L->kind == LK_BLANK)
		return;
	add_para(b, &b->box, NULL, L, L->s, L->n);
}

static void on_line(struct builder *b, size_t i)
{
	const struct line *L = &b->t->lines[i];
	if (b->in_box && box_takes(b, L)) {
		box_line(b, L);
		return;
	}
	close_box(b);
	if (b->in_table && L->kind != LK_ROW && L->kind != LK_BLANK)
		close_table(b);
	switch (L->kind) {
	case LK_BOX: on_box(b, L); break;
	case LK_HEAD: on_head(b, i, L); break;
	case LK_TEXT:
	case LK_WTITLE:
	case LK_ENUM: on_text(b, i, L); break;
	case LK_ROW: on_row(b, L); break;
	case LK_CAPTION: b->caption = L; break;
	case LK_PART: on_part(b, L); break;
	case LK_ATTTITLE: on_atttitle(b, L); break;
	case LK_ATTLABEL: on_attlabel(b, L); break;
	case LK_ATTLIST:
	case LK_ATTITEM: b->jt = NULL, on_attitem(b, L); break;
	case LK_SIGN:
	case LK_DATE:
	case LK_NOTE: on_meta(b, i, L); break;
	default: break;
	}
}

/* Where the numbered main text ends and its tail (signature, 附件 list,
 * note) begins: needed by the closing rule. */
static void find_tail(struct builder *b)
{
	const struct ptext *t = b->t;
	b->tail_start = t->att_start;
	for (size_t i = t->header_end; i < t->att_start; i++)
		if (t->lines[i].kind == LK_HEAD)
			b->last_num = i, b->has_num = 1;
	for (size_t i = b->has_num ? b->last_num + 1 : t->header_end; i < t->att_start; i++) {
		enum lkind k = t->lines[i].kind;
		if (k == LK_SIGN || k == LK_DATE || k == LK_NOTE || k == LK_ATTLIST || k == LK_ATTITEM ||
		    k == LK_BANJI) {
			b->tail_start = i;
			break;
		}
	}
}

/* The closing is also a top-level node of its own (NODE_CLOSING, with no
 * label or heading), where the main text ends and before any table or 附件
 * that follows it: the requests it makes of its readers (请各市于4月30日前
 * 报送…) are tasks of the document like any measure's. The store names it
 * 结束语 where it is read (DB_NODE_NAME), not in its text, which the search
 * reads. The readers show its text where it stands. */
static void add_closing(struct builder *b, struct pdoc *doc)
{
	struct pnode *r = &b->root;
	size_t at = b->clo_at < r->nkids ? b->clo_at : r->nkids;
	add_kid(r);
	memmove(&r->kids[at + 1], &r->kids[at], (r->nkids - 1 - at) * sizeof *r->kids);
	struct pnode *nd = &r->kids[at];
	memset(nd, 0, sizeof *nd);
	nd->kind = NODE_CLOSING;
	nd->level = 1;
	nd->label = xstrdup("");
	nd->heading = xstrdup(""); /* named 结束语 where it is read (DB_NODE_NAME) */
	nd->body = xstrdup(doc->closing);
}

static char *detach_or_null(struct sbuf *sb)
{
	if (!sb->len) {
		sbuf_free(sb);
		return NULL;
	}
	return detach_exact(sb);
}

void pt_build(struct ptext *t, struct pdoc *doc)
{
	struct builder *b = xcalloc(1, sizeof *b);
	b->t = t;
	b->doc = doc;
	find_tail(b);
	b->spaced = blank_separated(t);
	for (size_t i = t->header_end; i < t->nlines; i++)
		on_line(b, i);
	close_table(b);
	close_box(b);
	while (b->depth)
		close_top(b);
	doc->preamble = detach_or_null(&b->pre);
	doc->closing = detach_or_null(&b->clo);
	if (doc->closing)
		add_closing(b, doc);
	doc->nodes = b->root.kids;
	doc->nnodes = b->root.nkids;
	if (!doc->issuer && b->sig.len)
		doc->issuer = detach_exact(&b->sig);
	sbuf_free(&b->sig);
	free(b);
}
