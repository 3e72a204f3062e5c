/* fmt_layout.c - the text of fixed-layout pages (a PDF as pdftotext -layout
 * lays it out, an OFD file as fmt_ofd.c does) back into paragraphs: such
 * pages have a hard line break at every visual line, page numbers and
 * running headers between the pages, and tables as columns of text. */
#include "config.h"
#include "luoshi/fmt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_impl.h"
#include "luoshi/utf8.h"

enum pl_kind { PL_BLANK, PL_TEXT, PL_DROP, PL_TABLE };

struct pline {
	const char *s; /* the text, without blanks at either end */
	size_t n;
	int lead;      /* blanks before it: its column */
	int page;
	double em;     /* width in ems: a Chinese character 1, others 0.5 */
	enum pl_kind kind;
};

struct ptable;

struct pdoc_lines {
	struct pline *v;
	size_t n;
	struct ptable *tables; /* in order of their lines */
	size_t ntables;
	int npages;
	int *margin;	/* per page: the column of the body's left edge */
	double unit;	/* ems per leading blank (pdftotext's blanks are narrower) */
	double full;	/* width of a full line of body text, in ems */
	int by_indent;	/* paragraphs begin indented (else: by punctuation) */
	int blank_ends; /* a blank line ends a paragraph (it is not line spacing) */
};

static uint32_t cp_at(const char *s, size_t n, size_t *i)
{
	uint32_t c;
	*i += utf8_decode(s + *i, n - *i, &c);
	return c;
}

/* In a Chinese document's fonts, the quotes, dashes and symbols from
 * U+2010 on are as wide as a character, not half (as in Latin text). */
static int is_wide(uint32_t c)
{
	return (c >= 0x2010 && !(c >= 0xFF61 && c <= 0xFFDC)) || c == 0xB7 || c == 0xD7 ||
	       c == 0xF7;
}

static double em_width(const char *s, size_t n)
{
	double w = 0;
	for (size_t i = 0; i < n;)
		w += is_wide(cp_at(s, n, &i)) ? 1.0 : 0.5;
	return w;
}

/* ---- lines and pages ---- */

static void add_line(struct pdoc_lines *d, const char *s, size_t n, int page)
{
	size_t lead = 0;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	while (n > lead && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	struct pline *L = &d->v[d->n++];
	L->s = s + lead;
	L->n = n - lead;
	L->lead = lead > 1000 ? 1000 : (int)lead;
	L->page = page;
	L->em = em_width(L->s, L->n);
	L->kind = L->n ? PL_TEXT : PL_BLANK;
}

/* Lines of s; a form feed starts a new page. */
static void split_lines(struct pdoc_lines *d, const char *s, size_t n)
{
	size_t cap = 16;
	for (size_t i = 0; i < n; i++)
		cap += s[i] == '\n' || s[i] == '\f';
	d->v = xcalloc(cap, sizeof *d->v);
	int page = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n' && s[i] != '\f')
			continue;
		if (i > start || (i < n && s[i] == '\n'))
			add_line(d, s + start, i - start, page);
		if (i < n && s[i] == '\f')
			page++;
		start = i + 1;
	}
	d->npages = page + 1;
}

/* ---- segments: text separated by two or more blanks ---- */

struct seg {
	size_t off, len; /* bytes in the line's text */
	int col;	 /* column where it starts */
};

/* The segments of L (at most cap; returns how many there are). */
static size_t segments(const struct pline *L, struct seg *sg, size_t cap)
{
	size_t k = 0, i = 0;
	int col = L->lead;
	while (i < L->n) {
		size_t start = i, end = i;
		int at = col;
		while (i < L->n) {
			if (L->s[i] == ' ' && i + 1 < L->n && L->s[i + 1] == ' ')
				break;
			cp_at(L->s, L->n, &i);
			col++;
			end = i;
		}
		if (k < cap)
			sg[k] = (struct seg){start, end - start, at};
		k++;
		while (i < L->n && L->s[i] == ' ')
			i++, col++;
	}
	return k;
}

static size_t count_segments(const struct pline *L)
{
	return segments(L, NULL, 0);
}

/* ---- page numbers and running headers ---- */

static int is_dash(uint32_t c)
{
	return c == '-' || c == 0x2014 || c == 0x2013 || c == 0x2012 || c == 0xFF0D || c == 0x2015 ||
	       c == 0x2212;
}

static int is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* The line without blanks, digits as '#' and dashes as '-': page numbers
 * and running headers compare equal across pages in this form. */
static void line_key(const struct pline *L, char *key, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < L->n && k + 5 < cap;) {
		size_t at = i;
		uint32_t c = cp_at(L->s, L->n, &i);
		if (c == ' ' || c == 0x3000 || c == '\t')
			continue;
		if (is_digit(c) || is_dash(c)) {
			key[k++] = is_digit(c) ? '#' : '-';
			continue;
		}
		memcpy(key + k, L->s + at, i - at);
		k += i - at;
	}
	key[k] = '\0';
}

/* Strip runs of '#' to one: "第##页" and "第#页" are the same form. */
static void squeeze(char *key)
{
	char *o = key;
	for (char *p = key; *p; p++)
		if (!(*p == '#' && o > key && o[-1] == '#'))
			*o++ = *p;
	*o = '\0';
}

static int is_page_number(const struct pline *L)
{
	static const char *const forms[] = {"#", "-#-", "--#--", "#/#", "第#页", "第#页共#页",
					    "第#页，共#页", "共#页第#页", "page#", "page#of#",
					    "Page#", "Page#of#", "-#", "#-"};
	char key[256];
	if (L->n > 80)
		return 0;
	line_key(L, key, sizeof key);
	squeeze(key);
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++)
		if (strcmp(key, forms[i]) == 0)
			return 1;
	return 0;
}

/* The first (from_top) or last text line of a page at or after/before k. */
static struct pline *edge_line(struct pdoc_lines *d, size_t first, size_t end, int from_top)
{
	for (size_t i = 0; i < end - first; i++) {
		struct pline *L = &d->v[from_top ? first + i : end - 1 - i];
		if (L->kind == PL_TEXT)
			return L;
	}
	return NULL;
}

/* Page numbers among the two lines at the top and the bottom of a page. */
static void drop_page_numbers(struct pdoc_lines *d, size_t first, size_t end)
{
	for (int side = 0; side < 2; side++)
		for (int k = 0; k < 2; k++) {
			struct pline *L = edge_line(d, first, end, side);
			if (!L || !is_page_number(L))
				break;
			L->kind = PL_DROP;
		}
}

/* Index ranges of the pages in d->v: starts[p] .. starts[p + 1]. */
static size_t *page_starts(const struct pdoc_lines *d)
{
	size_t *st = xcalloc((size_t)d->npages + 1, sizeof *st);
	for (size_t i = 0, p = 0; p <= (size_t)d->npages; p++) {
		while (i < d->n && (size_t)d->v[i].page < p)
			i++;
		st[p] = i;
	}
	return st;
}

/* A line that stands at the same edge of at least half the pages (and two
 * of them) with the same words is a running header or footer. The edges
 * are all found before any is dropped. */
static void drop_running(struct pdoc_lines *d, const size_t *st, int from_top)
{
	struct pline **edge = xcalloc((size_t)d->npages, sizeof *edge);
	char(*keys)[256] = xcalloc((size_t)d->npages, sizeof *keys);
	for (int p = 0; p < d->npages; p++) {
		edge[p] = edge_line(d, st[p], st[p + 1], from_top);
		/* a long line or a table's header row repeated on each page stays */
		if (edge[p] && (edge[p]->n > 200 || count_segments(edge[p]) >= 3))
			edge[p] = NULL;
		if (edge[p])
			line_key(edge[p], keys[p], sizeof keys[p]);
	}
	for (int p = 0; p < d->npages; p++) {
		int same = 0;
		for (int q = 0; edge[p] && q < d->npages; q++)
			same += edge[q] && strcmp(keys[p], keys[q]) == 0;
		if (same >= 2 && same * 2 >= d->npages)
			edge[p]->kind = PL_DROP;
	}
	free(keys);
	free(edge);
}

static void drop_furniture(struct pdoc_lines *d)
{
	size_t *st = page_starts(d);
	for (int p = 0; p < d->npages; p++)
		drop_page_numbers(d, st[p], st[p + 1]);
	if (d->npages >= 2) {
		drop_running(d, st, 1);
		drop_running(d, st, 0);
	}
	free(st);
}

/* ---- headings ---- */

static int is_cn_numeral(uint32_t c)
{
	static const char digits[] = "零〇一二三四五六七八九十百";
	char u[4];
	size_t l = utf8_encode(c, u);
	return l == 3 && memmem(digits, sizeof digits - 1, u, 3) != NULL;
}

/* Skip a run of characters for which ok() holds; returns how many. */
static size_t run_of(const char *s, size_t n, size_t *i, int (*ok)(uint32_t))
{
	size_t k = 0;
	while (*i < n) {
		size_t j = *i;
		if (!ok(cp_at(s, n, &j)))
			break;
		*i = j;
		k++;
	}
	return k;
}

static int is_ascii_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* The end of the numbering label at the start of s (一、 （一） 1. 1、 （1）
 * 第X章/节/条/编/部分 附件), 0 when there is none; *word is set when the label
 * ends in a word (第一条), after which a blank means a space. */
static size_t label_end(const char *s, size_t n, int *word)
{
	size_t i = 0, j = 0;
	uint32_t c;
	*word = 0;
	if (run_of(s, n, &i, is_cn_numeral))
		return i < n && cp_at(s, n, &i) == 0x3001 ? i : 0;
	c = cp_at(s, n, &j);
	if (c == 0xFF08 || c == '(') {
		i = j;
		if (!run_of(s, n, &i, is_cn_numeral) && !run_of(s, n, &i, is_ascii_digit))
			return 0;
		c = i < n ? cp_at(s, n, &i) : 0;
		return c == 0xFF09 || c == ')' ? i : 0;
	}
	if (c == 0x7B2C) { /* 第 */
		i = j;
		if (!run_of(s, n, &i, is_cn_numeral) && !run_of(s, n, &i, is_ascii_digit))
			return 0;
		c = i < n ? cp_at(s, n, &i) : 0;
		if (c == 0x90E8 && i < n && (j = i, cp_at(s, n, &j)) == 0x5206) /* 部分 */
			i = j;
		*word = 1;
		return c == 0x7AE0 || c == 0x8282 || c == 0x6761 || c == 0x7F16 || c == 0x90E8 ? i : 0;
	}
	if (run_of(s, n, &i, is_ascii_digit) && i < n) {
		c = cp_at(s, n, &i);
		j = i;
		uint32_t next = i < n ? cp_at(s, n, &j) : ' ';
		return (c == '.' || c == 0xFF0E || c == 0x3001) && !is_ascii_digit(next) ? i : 0;
	}
	return n >= 6 && memcmp(s, "附件", 6) == 0 ? 6 : 0;
}

/* A line that starts a paragraph whatever the line before it looks like. */
static int is_heading(const struct pline *L)
{
	int word;
	return label_end(L->s, L->n, &word) > 0;
}

/* A numbering label alone on a line (not 附件, which is a line of its
 * own): a typesetter drew it in another font, and pdftotext put it on a
 * line of its own, even below its text. */
static int label_only(const struct pline *L)
{
	int word;
	size_t e = label_end(L->s, L->n, &word);
	return e && e == L->n && !(L->n == 6 && memcmp(L->s, "附件", 6) == 0);
}

/* ---- tables ---- */

#define MAX_COLS 24
#define MAX_SEGS 64

struct cols {
	int at[MAX_COLS]; /* start columns, ascending */
	size_t n;
};

static void add_col(struct cols *t, int col)
{
	size_t i = 0;
	while (i < t->n && t->at[i] < col - 2)
		i++;
	if ((i < t->n && t->at[i] <= col + 2) || t->n == MAX_COLS)
		return;
	memmove(t->at + i + 1, t->at + i, (t->n - i) * sizeof *t->at);
	t->at[i] = col;
	t->n++;
}

/* The column a segment starting at col belongs to. */
static size_t col_of(const struct cols *t, int col)
{
	size_t k = 0;
	while (k + 1 < t->n && t->at[k + 1] <= col + 2)
		k++;
	return k;
}

/* A line of one segment that continues a cell of the row above: under a
 * column other than the first, directly below text in that column, no
 * wider than the column, and not a heading of the text after the table. */
static int continues_cell(const struct cols *t, const struct pline *L, const struct pline *prev)
{
	struct seg sg[MAX_SEGS], ps[MAX_SEGS];
	if (segments(L, sg, MAX_SEGS) != 1 || !prev || is_heading(L))
		return 0;
	size_t k = col_of(t, sg[0].col);
	if (sg[0].col < t->at[k] - 2 || sg[0].col > t->at[k] + 2)
		return 0;
	int width = k + 1 < t->n ? t->at[k + 1] - t->at[k] : 1000;
	if ((int)utf8_count(L->s, L->n) > width + 2)
		return 0;
	size_t np = segments(prev, ps, MAX_SEGS);
	for (size_t i = 0; i < np && i < MAX_SEGS; i++)
		if (col_of(t, ps[i].col) == k)
			return 1;
	return 0;
}

/* Mark the lines of the table that starts at line i (if one does: a line
 * of three or more segments; two are a label and its text, or a name and
 * a date, as often as a table row); returns its end. */
static size_t find_table(struct pdoc_lines *d, size_t i, struct cols *t)
{
	struct seg sg[MAX_SEGS];
	size_t ns = segments(&d->v[i], sg, MAX_SEGS), end = i + 1, blanks = 0;
	struct pline *prev = &d->v[i];
	memset(t, 0, sizeof *t);
	if (ns < 3)
		return i;
	for (size_t k = 0; k < ns && k < MAX_SEGS; k++)
		add_col(t, sg[k].col);
	for (size_t j = i + 1; j < d->n && d->v[j].page == d->v[i].page; j++) {
		struct pline *L = &d->v[j];
		if (L->kind != PL_TEXT) {
			blanks += L->kind == PL_BLANK;
			continue;
		}
		size_t m = segments(L, sg, MAX_SEGS);
		if (m >= 2 && blanks <= 2) {
			for (size_t k = 0; k < m && k < MAX_SEGS; k++)
				add_col(t, sg[k].col);
		} else if (!(blanks <= 1 && continues_cell(t, L, prev))) {
			break;
		}
		prev = L, end = j + 1, blanks = 0;
	}
	for (size_t j = i; j < end; j++)
		if (d->v[j].kind == PL_TEXT)
			d->v[j].kind = PL_TABLE;
	return end;
}

struct ptable {
	size_t from, to; /* lines */
	struct cols cols;
};

/* Tables first: their lines are not running text, and the widths and
 * margins of the text are found without them. */
static void mark_tables(struct pdoc_lines *d)
{
	struct cols t;
	for (size_t i = 0; i < d->n;) {
		size_t end = d->v[i].kind == PL_TEXT ? find_table(d, i, &t) : i;
		if (end > i) {
			d->tables = xreallocarray(d->tables, d->ntables + 1, sizeof *d->tables);
			d->tables[d->ntables++] = (struct ptable){i, end, t};
		}
		i = end > i ? end : i + 1;
	}
}

/* Does a line break between a and b leave a space? Only between two words
 * of Latin letters or digits (English text wraps at a space). */
static int joins_with_space(const struct sbuf *a, const char *b, size_t n)
{
	if (!a->len || !n)
		return 0;
	unsigned char x = (unsigned char)a->s[a->len - 1], y = (unsigned char)b[0];
	int wx = (x >= '0' && x <= '9') || ((x | 0x20) >= 'a' && (x | 0x20) <= 'z') || x == ',' ||
		 x == '.' || x == ';';
	int wy = (y >= '0' && y <= '9') || ((y | 0x20) >= 'a' && (y | 0x20) <= 'z');
	return wx && wy && !(x >= '0' && x <= '9' && y >= '0' && y <= '9');
}

static int is_punct(uint32_t c)
{
	return (c < 0x80 && c > ' ' && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
		!(c >= '0' && c <= '9')) ||
	       (c >= 0x3000 && c < 0x3040) || (c >= 0xFF01 && c <= 0xFF0F) ||
	       (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	       (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x2010 && c < 0x2070);
}

/* Copy s to b with its blanks as a reader means them. pdftotext puts a
 * space wherever glyphs stand apart: between Chinese and Latin text that
 * the typesetter spaced (Word and WPS do by default), after a numbering
 * label. One blank stays between two Latin words and between two Chinese
 * characters (中共中央 国务院), not between Chinese and Latin or beside
 * punctuation; a wider gap becomes one space, except after punctuation
 * (一、  总则). */
static void put_text(struct sbuf *b, const char *s, size_t n)
{
	uint32_t prev = b->len ? (uint32_t)(unsigned char)b->s[b->len - 1] : 0;
	if (b->len && prev >= 0x80) {
		size_t k = b->len - 1;
		while (k > 0 && ((unsigned char)b->s[k] & 0xC0) == 0x80)
			k--;
		size_t j = k;
		prev = cp_at(b->s, b->len, &j);
	}
	for (size_t i = 0; i < n;) {
		size_t run = 0;
		while (i < n && s[i] == ' ')
			i++, run++;
		if (i == n)
			break;
		size_t at = i;
		uint32_t c = cp_at(s, n, &i);
		int wide = is_wide(c);
		int keep = run == 1 ? prev && is_wide(prev) == wide &&
					      !(wide && (is_punct(prev) || is_punct(c)))
				    : run > 1 && prev && !is_punct(prev);
		if (keep)
			sbuf_addc(b, ' ');
		sbuf_add(b, s + at, i - at);
		prev = c;
	}
}

static void join_text(struct sbuf *b, const char *s, size_t n)
{
	if (joins_with_space(b, s, n))
		sbuf_addc(b, ' ');
	int word;
	size_t e = b->len ? 0 : label_end(s, n, &word);
	if (e && word && e < n && s[e] == ' ') { /* 第一条 为了: the blank is a space */
		put_text(b, s, e);
		sbuf_addc(b, ' ');
		s += e, n -= e;
	}
	put_text(b, s, n);
}

struct rows {
	struct sbuf cell[MAX_COLS];
	int open;
	struct sbuf first; /* the first row of the first table: a header that repeats */
	struct sbuf line;
};

static void emit_row(struct rows *r, const struct cols *t, struct fmt_out *o, int first_of_table)
{
	if (!r->open)
		return;
	size_t last = 0;
	sbuf_reset(&r->line);
	for (size_t k = 0; k < t->n; k++)
		if (r->cell[k].len)
			last = k + 1;
	for (size_t k = 0; k < last; k++) {
		if (k)
			sbuf_addc(&r->line, '\t');
		sbuf_add(&r->line, r->cell[k].s ? r->cell[k].s : "", r->cell[k].len);
		sbuf_reset(&r->cell[k]);
	}
	r->open = 0;
	if (!last)
		return;
	if (first_of_table && r->first.len && strcmp(r->first.s, r->line.s) == 0)
		return; /* the header row again, on the next page */
	if (!r->first.len)
		sbuf_add(&r->first, r->line.s, r->line.len);
	fo_row_begin(o);
	fo_cell(o);
	for (size_t i = 0; i < r->line.len; i++) {
		size_t k = strcspn(r->line.s + i, "\t");
		fo_add(o, r->line.s + i, k);
		i += k;
		if (i < r->line.len)
			fo_cell(o);
	}
	fo_row_end(o);
}

/* The most characters a line of the table has in each column: how much a
 * column holds. */
static void column_widths(struct pdoc_lines *d, size_t from, size_t to, const struct cols *t,
			  size_t most[MAX_COLS])
{
	struct seg sg[MAX_SEGS];
	memset(most, 0, MAX_COLS * sizeof *most);
	for (size_t j = from; j < to; j++) {
		const struct pline *L = &d->v[j];
		size_t m = L->kind == PL_TABLE ? segments(L, sg, MAX_SEGS) : 0;
		for (size_t k = 0; k < m && k < MAX_SEGS; k++) {
			size_t c = col_of(t, sg[k].col), n = utf8_count(L->s + sg[k].off, sg[k].len);
			most[c] = n > most[c] ? n : most[c];
		}
	}
}

/* Does a line of several segments, none in the first column, go on with
 * cells of the line above? Only where that line filled a column that
 * holds some text (a cell wrapped). A list laid out in columns (组　长：
 * 韩　正　国务院副总理, then names under names) has short cells, and each
 * of its lines is a row. */
static int wraps_on(const struct cols *t, const size_t most[MAX_COLS], const struct pline *prev,
		    const struct seg *sg, size_t m)
{
	struct seg ps[MAX_SEGS];
	size_t np = prev ? segments(prev, ps, MAX_SEGS) : 0;
	for (size_t i = 0; i < np && i < MAX_SEGS; i++) {
		size_t k = col_of(t, ps[i].col), chars = utf8_count(prev->s + ps[i].off, ps[i].len);
		if (most[k] < 5 || chars * 10 < most[k] * 8)
			continue;
		for (size_t j = 0; j < m; j++)
			if (col_of(t, sg[j].col) == k)
				return 1;
	}
	return 0;
}

/* The rows of a marked table: a line with text in the first column and in
 * another starts a row, and so does a line of several short cells; other
 * lines continue the cells above. */
static void table_rows(struct pdoc_lines *d, size_t from, size_t to, const struct cols *t,
		       struct rows *r, struct fmt_out *o)
{
	struct seg sg[MAX_SEGS];
	size_t nrow = 0, most[MAX_COLS];
	const struct pline *prev = NULL;
	column_widths(d, from, to, t, most);
	for (size_t j = from; j < to; j++) {
		struct pline *L = &d->v[j];
		if (L->kind != PL_TABLE)
			continue;
		size_t m = segments(L, sg, MAX_SEGS);
		if (m > MAX_SEGS)
			m = MAX_SEGS;
		if (!r->open ||
		    (m >= 2 && (col_of(t, sg[0].col) == 0 || !wraps_on(t, most, prev, sg, m)))) {
			emit_row(r, t, o, nrow == 1);
			r->open = 1;
			nrow++;
		}
		for (size_t k = 0; k < m; k++)
			join_text(&r->cell[col_of(t, sg[k].col)], L->s + sg[k].off, sg[k].len);
		prev = L;
	}
	emit_row(r, t, o, nrow == 1);
}

/* ---- paragraphs ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Per page, the body's left edge: the leftmost text line. */
static void find_margins(struct pdoc_lines *d)
{
	d->margin = xcalloc((size_t)d->npages, sizeof *d->margin);
	for (int p = 0; p < d->npages; p++)
		d->margin[p] = 1000;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].kind == PL_TEXT && d->v[i].lead < d->margin[d->v[i].page])
			d->margin[d->v[i].page] = d->v[i].lead;
}

/* Where a line ends, in ems from the left edge of the body. */
static double right_edge(const struct pdoc_lines *d, const struct pline *L)
{
	return (L->lead - d->margin[L->page]) * d->unit + L->em;
}

/* How wide a leading blank is: a paragraph's first line is indented by two
 * characters, so the most common indent after a line at the left edge is
 * two ems. */
static void find_unit(struct pdoc_lines *d)
{
	size_t count[64] = {0}, best = 0;
	for (size_t i = 1; i < d->n; i++) {
		const struct pline *L = &d->v[i], *P = &d->v[i - 1];
		int in = L->lead - d->margin[L->page];
		if (L->kind == PL_TEXT && P->kind == PL_TEXT && P->page == L->page &&
		    P->lead == d->margin[P->page] && in > 0 && in < 64)
			count[in]++;
	}
	for (size_t k = 1; k < 64; k++)
		if (count[k] > count[best])
			best = k;
	d->unit = best ? 2.0 / (double)best : 0.5;
	if (d->unit > 1.5)
		d->unit = 1.5;
}

/* The width of a full line of body text: the widest right edge that at
 * least a quarter of the lines (of 8 ems or more) reach, to within 1.5
 * ems. A paragraph's inner lines are full, its last one is not; one stray
 * wide line does not count. */
static void find_full_width(struct pdoc_lines *d)
{
	double *w = xcalloc(d->n + 1, sizeof *w);
	size_t k = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct pline *L = &d->v[i];
		double r = L->kind == PL_TEXT ? right_edge(d, L) : 0;
		if (r >= 8)
			w[k++] = r;
	}
	qsort(w, k, sizeof *w, cmp_double);
	d->full = 0;
	for (size_t i = k, lo = k; i-- > 0;) {
		while (lo > 0 && w[lo - 1] >= w[i] - 1.5)
			lo--;
		if ((k - lo) * 4 >= k) {
			d->full = w[i];
			break;
		}
	}
	free(w);
}

static int ends_sentence(const struct pline *L);

/* How the document marks its paragraphs: by indented first lines when a
 * line at the left edge is followed by an indented one at least once and
 * at least as often as a short sentence end at the left edge is followed
 * by another line there (a paragraph set flush). Then blank lines say
 * nothing (pdftotext puts them wherever a line is a little taller); else a
 * blank line is a paragraph break unless most text lines have one before
 * them (then it is only wide line spacing). */
static void find_style(struct pdoc_lines *d)
{
	size_t indented = 0, flush = 0, after_blank = 0, text = 0;
	for (size_t i = 1; i < d->n; i++) {
		const struct pline *L = &d->v[i], *P = &d->v[i - 1];
		if (L->kind != PL_TEXT)
			continue;
		text++;
		after_blank += P->kind == PL_BLANK;
		if (P->kind != PL_TEXT || P->page != L->page || P->lead != d->margin[P->page])
			continue;
		indented += L->lead > d->margin[L->page];
		flush += L->lead == d->margin[L->page] && ends_sentence(P) &&
			 right_edge(d, P) < d->full - 1.5 && !is_heading(L);
	}
	d->by_indent = indented >= 1 && indented >= flush;
	d->blank_ends = after_blank * 2 < text;
}

static int ends_sentence(const struct pline *L)
{
	static const uint32_t ends[] = {0x3002, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, '.', ';', ':', '!', '?'};
	size_t i = L->n;
	uint32_t c = 0;
	while (i > 0) { /* past closing quotes and brackets */
		size_t k = i - 1;
		while (k > 0 && ((unsigned char)L->s[k] & 0xC0) == 0x80)
			k--;
		size_t j = k;
		c = cp_at(L->s, L->n, &j);
		if (c != 0x201D && c != 0x2019 && c != 0xFF09 && c != ')' && c != 0x300B)
			break;
		i = k;
	}
	for (size_t k = 0; k < ARRAY_SIZE(ends); k++)
		if (c == ends[k])
			return 1;
	return 0;
}

/* Does line b begin a new paragraph after line a (blanks lines between)? */
static int starts_paragraph(const struct pdoc_lines *d, const struct pline *a,
			    const struct pline *b, size_t blanks)
{
	if (blanks && d->blank_ends && !d->by_indent)
		return 1;
	if (is_heading(b) || right_edge(d, a) < d->full * 0.85)
		return 1;
	/* a sentence that ends before the line does: the paragraph ends too */
	if (ends_sentence(a) && right_edge(d, a) < d->full - 1.5)
		return 1;
	if (d->by_indent)
		return b->lead > d->margin[b->page];
	return ends_sentence(a);
}

/* A line of running text joins the paragraph. */
static void add_text_line(struct sbuf *par, const struct pline *L)
{
	join_text(par, L->s, L->n);
}

/* Put a label line in front of the paragraph begun on the line above. */
static void prepend(struct sbuf *par, const struct pline *L)
{
	struct sbuf b = SBUF_INIT;
	put_text(&b, L->s, L->n);
	sbuf_add(&b, par->s ? par->s : "", par->len);
	sbuf_free(par);
	*par = b;
}

static void end_paragraph(struct fmt_out *o, struct sbuf *par)
{
	fo_add(o, par->s ? par->s : "", par->len);
	fo_break(o);
	sbuf_reset(par);
}

/* Running text, line by line, into paragraphs. */
struct joiner {
	const struct pdoc_lines *d;
	struct fmt_out *o;
	struct sbuf par;	   /* the paragraph being joined */
	const struct pline *prev; /* its last line */
	size_t blanks, lines;	   /* blank lines since prev; lines in par */
	int glue;		   /* prev was a lone label: its text comes next */
};

static void joiner_flush(struct joiner *j)
{
	end_paragraph(j->o, &j->par);
	j->prev = NULL, j->blanks = j->lines = 0, j->glue = 0;
}

static void joiner_line(struct joiner *j, const struct pline *L)
{
	const struct pline *P = j->prev;
	/* the blank lines at the foot and head of pages are not breaks */
	if (P && P->page != L->page)
		j->blanks = 0;
	if (label_only(L) && P && j->lines == 1 && P->lead > j->d->margin[P->page] &&
	    right_edge(j->d, P) >= j->d->full * 0.85) {
		prepend(&j->par, L); /* the label of the line above, drawn below it */
		return;
	}
	if (P && !j->glue && starts_paragraph(j->d, P, L, j->blanks)) {
		end_paragraph(j->o, &j->par);
		j->lines = 0;
	}
	add_text_line(&j->par, L);
	j->glue = label_only(L);
	j->prev = L, j->blanks = 0, j->lines++;
}

static void build_text(struct pdoc_lines *d, struct fmt_out *o)
{
	struct joiner j = {d, o, SBUF_INIT, NULL, 0, 0, 0};
	struct rows r;
	memset(&r, 0, sizeof r);
	for (size_t i = 0, tab = 0; i < d->n;) {
		const struct pline *L = &d->v[i];
		if (tab < d->ntables && d->tables[tab].from == i) {
			joiner_flush(&j);
			table_rows(d, i, d->tables[tab].to, &d->tables[tab].cols, &r, o);
			i = d->tables[tab++].to;
			continue;
		}
		i++;
		if (L->kind == PL_TEXT)
			joiner_line(&j, L);
		else
			j.blanks += L->kind == PL_BLANK;
	}
	joiner_flush(&j);
	sbuf_free(&j.par);
	for (size_t k = 0; k < MAX_COLS; k++)
		sbuf_free(&r.cell[k]);
	sbuf_free(&r.first);
	sbuf_free(&r.line);
}

char *fmt_layout_text(const char *s, size_t n, size_t *len)
{
	struct pdoc_lines d;
	memset(&d, 0, sizeof d);
	split_lines(&d, s, n);
	drop_furniture(&d);
	mark_tables(&d);
	find_margins(&d);
	find_unit(&d);
	find_full_width(&d);
	find_style(&d);
	struct fmt_out o;
	fo_init(&o, 0);
	build_text(&d, &o);
	free(d.v);
	free(d.margin);
	free(d.tables);
	return fo_finish(&o, len);
}

