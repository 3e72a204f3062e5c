/* parse.c - parse_document: normalise the text, split it into lines and
 * classify each line, then let the zone passes (parse_header.c) and the tree
 * builder (parse_tree.c) do the rest (DESIGN.md §3). */
#include "config.h"
#include "luoshi/parse.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/utf8.h"
#include "parse_impl.h"

#define NODE_KIND_NAME(name, str) str,
static const char *const kind_names[] = {NODE_KIND_LIST(NODE_KIND_NAME)};
#undef NODE_KIND_NAME

const char *node_kind_name(enum node_kind k)
{
	if ((unsigned)k >= NODE_KIND_COUNT)
		return "paragraph";
	return kind_names[k];
}

int node_kind_parse(const char *s)
{
	for (int k = 0; s && k < NODE_KIND_COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

/* Bytes of the UTF-8 encoding of c. */
static size_t enc_len(uint32_t c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* Web copies carry blank HTML entities as text (&nbsp;, and even a
 * mistyped &sp;): the length of one at s, else 0. */
static size_t blank_entity(const char *s, size_t n)
{
	static const char *const names[] = {"&nbsp;", "&ensp;", "&emsp;", "&thinsp;", "&sp;"};
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		size_t l = strlen(names[k]);
		if (n >= l && memcmp(s, names[k], l) == 0)
			return l;
	}
	return 0;
}

/* One step of normalisation at in[*i]: writes the output bytes to out (at
 * least 4 bytes) and returns their count; *same is cleared when they differ
 * from the input bytes consumed. */
static size_t norm_step(const char *in, size_t n, size_t *i, char *out, int *same)
{
	unsigned char b = (unsigned char)in[*i];
	size_t ent;
	if (b == '&' && (ent = blank_entity(in + *i, n - *i)) != 0) {
		*i += ent;
		*same = 0;
		out[0] = ' ';
		return 1;
	}
	if (b >= 0x80) {
		uint32_t c;
		size_t l = utf8_decode(in + *i, n - *i, &c);
		*i += l;
		if (c == 0xFEFF || c == 0x85 || c == 0x2028 || c == 0x2029) {
			*same = 0;
			if (c == 0xFEFF)
				return 0;
			out[0] = '\n';
			return 1;
		}
		if (enc_len(c) != l) /* invalid bytes, now U+FFFD */
			*same = 0;
		return utf8_encode(c, out);
	}
	(*i)++;
	if (b == 0) {
		*same = 0;
		return 0;
	}
	if (b == '\r') {
		if (*i < n && in[*i] == '\n')
			(*i)++;
		b = '\n';
		*same = 0;
	} else if (b == '\f' || b == '\v') {
		b = '\n';
		*same = 0;
	}
	out[0] = (char)b;
	return 1;
}

/* One '\n' per line end (LF, CRLF, CR, FF, VT, NEL, U+2028/2029), no NUL
 * or BOM, invalid UTF-8 replaced by U+FFFD: every string we hand out is
 * valid UTF-8 and no C string stops short. Text that is already normal (the
 * usual case: the decoder made it) is used in place, without a copy. Else
 * the part before the first change is copied as it is and the rest
 * normalised into a buffer that grows (U+FFFD for one stray byte is
 * three), in one pass: a pass to measure first went over every character
 * twice (issue 9: several files in one, split at form feeds, always have
 * one change). */
static void normalize(const char *in, size_t n, struct ptext *t)
{
	char tmp[4];
	size_t i = 0, at = 0;
	int same = 1;
	while (i < n && same) {
		at = i;
		norm_step(in, n, &i, tmp, &same);
	}
	if (same) {
		t->len = n;
		t->buf = in;
		return;
	}
	size_t cap = n + 16, o = at;
	t->own = xmalloc(cap);
	memcpy(t->own, in, at);
	for (i = at; i < n;) {
		if (cap - o < 5) {
			cap += cap / 2;
			t->own = xrealloc(t->own, cap);
		}
		o += norm_step(in, n, &i, t->own + o, &same);
	}
	t->own[o] = '\0';
	t->len = o;
	t->buf = t->own;
}

/* Trim blanks at both ends; the leading ones give the indent. */
static void trim_line(const char *s, size_t n, struct line *L)
{
	size_t i = 0;
	int indent = 0;
	while (i < n) {
		uint32_t c;
		size_t l = pu_cp(s, n, i, &c);
		if (!pu_is_blank(c))
			break;
		indent += c == 0x3000 ? 2 : c == '\t' ? 4 : 1;
		i += l;
	}
	size_t e = n;
	while (e > i) {
		size_t k = e - 1;
		while (k > i && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		uint32_t c;
		pu_cp(s, e, k, &c);
		if (!pu_is_blank(c))
			break;
		e = k;
	}
	L->s = s + i;
	L->n = (uint32_t)(e - i);
	L->indent = (int16_t)(indent > 1000 ? 1000 : indent);
}

/* Bytes of s that fit in one struct line: all of them, except in a line
 * longer than PT_LINE_MAX, which is cut at a character boundary. */
static size_t line_cut(const char *s, size_t n)
{
	if (n <= PT_LINE_MAX)
		return n;
	n = PT_LINE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static size_t count_lines(const struct ptext *t)
{
	size_t cnt = 1 + t->len / PT_LINE_MAX;
	const char *p = t->buf, *end = t->buf + t->len;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL)
		p++, cnt++;
	return cnt;
}

static void split_lines(struct ptext *t)
{
	size_t k = 0, start = 0;
	int blank = 1, more = 1;
	t->lines = xcalloc(count_lines(t), sizeof *t->lines);
	while (more) {
		const char *s = t->buf + start;
		const char *nl = memchr(s, '\n', t->len - start);
		size_t n = nl ? (size_t)(nl - s) : t->len - start, cut = line_cut(s, n);
		struct line *L = &t->lines[k];
		trim_line(s, cut, L);
		more = nl || cut < n;
		start += cut + (cut == n);
		if (!L->n && k && blank)
			continue; /* one entry per run of blank lines */
		L->blank_before = (uint8_t)blank;
		L->kind = L->n ? LK_TEXT : LK_BLANK;
		blank = L->n == 0;
		k++;
	}
	t->nlines = k;
	/* blank runs took one entry each: give the rest back */
	t->lines = xreallocarray(t->lines, k ? k : 1, sizeof *t->lines);
}

/* ---- classification ---- */

/* A 预案-style document numbers its headings 1 / 1.1 / 1.1.1: it needs at
 * least two N.N headings, one of them N.1. The majors seen there are the
 * numbers that may stand alone as level-1 headings (1　总则). */
struct decimal {
	int on;
	unsigned char major[1000];
};

static int ends_dot_one(const char *s, size_t lab)
{
	return lab >= 2 && s[lab - 1] == '1' && (s[lab - 2] == '.' || pu_ends(s, lab - 1, "．"));
}

static void scan_decimal(const struct ptext *t, struct decimal *d)
{
	int count = 0, dot_one = 0;
	memset(d, 0, sizeof *d);
	for (size_t i = 0; i < t->nlines; i++) {
		const struct line *L = &t->lines[i];
		size_t lab, rest;
		long major;
		if (!L->n || pu_match_decimal(L->s, L->n, &lab, &rest, &major) != 2)
			continue;
		count++;
		dot_one |= ends_dot_one(L->s, lab);
		if (major < 1000)
			d->major[major] = 1;
	}
	d->on = count >= 2 && dot_one;
}

/* （此件公开发布） （本文有删减） （此件不公开）: a note on the document, never
 * part of the last item. */
static int is_note(const char *s, size_t n)
{
	static const char *const words[] = {"此件", "本文有删减", "有删减", "本件"};
	uint32_t c;
	if (pu_chars_upto(s, n, 30) > 30)
		return 0;
	if (pu_starts(s, n, "此件"))
		return 1;
	pu_cp(s, n, 0, &c);
	if (!pu_is_open_paren(c) || !(pu_ends(s, n, "）") || pu_ends(s, n, ")")))
		return 0;
	size_t l = c < 0x80 ? 1 : 3;
	for (size_t k = 0; k < ARRAY_SIZE(words); k++)
		if (pu_starts(s + l, n - l, words[k]))
			return 1;
	return 0;
}

/* In a 预案-style document, 1　总则 is a level-1 heading when short, and
 * 1. is one when its number is the major of some 1.1 heading. */
static enum scheme decimal_major(const struct line *L, enum scheme sch, const struct decimal *d)
{
	size_t used = 0;
	long v = pu_ar_value(L->s, L->n, &used, 3);
	int known = v > 0 && v < 1000 && d->major[v];
	int brief = pu_chars_upto(L->s, L->n, 30) <= 30 && !pu_has_any(L->s, L->n, "。，");
	if (sch == SCH_DEC1)
		return brief ? SCH_DEC1 : SCH_NONE;
	if (sch == SCH_AR_DOT && known && brief)
		return SCH_DEC1;
	return sch;
}

static void classify_line(struct line *L, const struct decimal *d)
{
	size_t lab = 0, rest = 0;
	long major;
	char iso[11];
	int a, parts, paren;
	enum scheme sch;
	if (L->kind == LK_BLANK)
		return;
	if (pu_starts(L->s, L->n, "原文链接")) {
		L->kind = LK_DROP;
	} else if (is_note(L->s, L->n)) {
		L->kind = LK_NOTE;
	} else if (pu_match_box(L->s, L->n, &lab, &rest)) {
		L->kind = LK_BOX;
		L->lab = (uint16_t)lab, L->rest = (uint32_t)rest;
	} else if ((a = pu_match_attach(L->s, L->n, &lab, &rest)) != 0) {
		L->kind = a == 1 ? LK_ATTLABEL : LK_ATTLIST;
		L->lab = (uint16_t)lab, L->rest = (uint32_t)rest;
	} else if (d->on && (parts = pu_match_decimal(L->s, L->n, &lab, &rest, &major)) != 0) {
		L->kind = LK_HEAD;
		L->sch = parts == 2 ? SCH_DEC2 : parts == 3 ? SCH_DEC3 : SCH_DEC4;
		L->lab = (uint16_t)lab, L->rest = (uint32_t)rest;
	} else if ((sch = pu_match_num(L->s, L->n, d->on, &lab, &rest)) != SCH_NONE &&
		   (sch = decimal_major(L, sch, d)) != SCH_NONE) {
		L->kind = LK_HEAD;
		L->sch = (uint8_t)sch;
		L->lab = (uint16_t)lab, L->rest = (uint32_t)rest;
	} else if (pu_date_only(L->s, L->n, iso, &paren)) {
		L->kind = LK_DATE;
		L->flag = (uint8_t)paren;
	}
}

/* Web copies end with furniture that is not part of the document. */
static int is_furniture(const struct line *L)
{
	static const char *const words[] = {"责任编辑", "（责任编辑", "(责任编辑", "【纠错】",
					    "【打印】", "【关闭】", "【我要打印】", "【关闭窗口】"};
	for (size_t k = 0; k < ARRAY_SIZE(words); k++)
		if (pu_starts(L->s, L->n, words[k]))
			return 1;
	return 0;
}

/* Cells of a table row, as a browser copy gives them: a tab between
 * cells (empty cells included); 1 when the line has no tab. */
static size_t row_cells(const struct line *L)
{
	size_t cells = 1;
	for (const char *p = L->s; (p = memchr(p, '\t', (size_t)(L->s + L->n - p))) != NULL; p++)
		cells++;
	return cells;
}

/* Two or more lines of tab-separated cells in a row (blank lines between
 * them allowed) are a table, whatever their first cell looks like. */
static void mark_rows(struct ptext *t)
{
	for (size_t i = 0; i < t->nlines;) {
		size_t j = i, rows = 0;
		while (j < t->nlines && (t->lines[j].kind == LK_BLANK || row_cells(&t->lines[j]) >= 2)) {
			rows += t->lines[j].kind != LK_BLANK;
			j++;
		}
		if (rows >= 2) {
			for (size_t k = i; k < j; k++)
				if (t->lines[k].kind != LK_BLANK)
					t->lines[k].kind = LK_ROW;
		}
		i = j > i ? j : i + 1;
	}
}

static void classify(struct ptext *t)
{
	struct decimal *d = xmalloc(sizeof *d);
	scan_decimal(t, d);
	for (size_t i = 0; i < t->nlines; i++)
		classify_line(&t->lines[i], d);
	free(d);
	mark_rows(t);
	for (size_t i = t->nlines; i-- > 0;) {
		struct line *L = &t->lines[i];
		if (L->kind != LK_BLANK && L->kind != LK_DROP && !is_furniture(L))
			break;
		if (L->kind != LK_BLANK)
			L->kind = LK_DROP;
	}
}

enum lu_status parse_document(const char *text, size_t n, struct pdoc *doc)
{
	struct ptext t;
	memset(doc, 0, sizeof *doc);
	memset(&t, 0, sizeof t);
	normalize(text ? text : "", text ? n : 0, &t);
	split_lines(&t);
	classify(&t);
	ph_mark_toc(&t);
	ph_header(&t, doc);
	ph_mark_banji(&t, doc);
	ph_mark_signatures(&t);
	ph_mark_wrapped(&t, doc);
	ph_mark_attlists(&t);
	ph_mark_enums(&t);
	ph_mark_captions(&t);
	pt_build(&t, doc);
	free(t.lines);
	free(t.own);
	return LU_OK;
}

static void pnode_free(struct pnode *nd)
{
	for (size_t i = 0; i < nd->nkids; i++)
		pnode_free(&nd->kids[i]);
	free(nd->kids);
	free(nd->label);
	free(nd->heading);
	free(nd->body);
}

void pdoc_free(struct pdoc *doc)
{
	if (!doc)
		return;
	char **strs[] = {&doc->title,   &doc->issuer,  &doc->number,     &doc->date,
			 &doc->source,  &doc->recipients, &doc->preamble, &doc->closing,
			 &doc->note,    &doc->wrapped, &doc->signer,     &doc->copy_no,
			 &doc->secrecy, &doc->urgency, &doc->cc,         &doc->printer,
			 &doc->print_date};
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		free(*strs[i]);
	for (size_t i = 0; i < doc->nattachments; i++)
		free(doc->attachments[i]);
	free(doc->attachments);
	for (size_t i = 0; i < doc->nnodes; i++)
		pnode_free(&doc->nodes[i]);
	free(doc->nodes);
	memset(doc, 0, sizeof *doc);
}

#define TABLE_HEADING_MAX 40 /* characters of the header row that name a table */

/* The name of a table without a caption: its header row, cells joined by
 * 、 and cut. */
char *table_header_name(const char *row)
{
	size_t n = strcspn(row, "\n");
	struct sbuf h = SBUF_INIT;
	for (size_t i = 0; i < n;) {
		size_t c = strcspn(row + i, "\t\n");
		if (c) {
			char *cell = pu_tidy_spaces(row + i, c);
			if (*cell) {
				if (h.len)
					sbuf_adds(&h, "、");
				sbuf_adds(&h, cell);
			}
			free(cell);
		}
		i += c + (i + c < n);
	}
	char *all = sbuf_detach(&h);
	char *cut = xstrndup(all, pu_prefix(all, strlen(all), TABLE_HEADING_MAX));
	free(all);
	return cut;
}

int table_heading_is_header(const char *heading, const char *rows)
{
	char *h = table_header_name(rows ? rows : "");
	int same = heading && strcmp(heading, h) == 0;
	free(h);
	return same;
}

char *node_title(const char *label, const char *heading)
{
	static const char *const runs_in[] = {"、", "．", ".", "）", ")", "：", ":", "，"};
	size_t ll = label ? strlen(label) : 0;
	int space = ll > 0 && heading && *heading;
	for (size_t i = 0; space && i < ARRAY_SIZE(runs_in); i++) {
		size_t n = strlen(runs_in[i]);
		if (ll >= n && memcmp(label + ll - n, runs_in[i], n) == 0)
			space = 0;
	}
	return xasprintf("%s%s%s", label ? label : "", space ? " " : "", heading ? heading : "");
}
