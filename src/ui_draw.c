/* ui_draw.c - drawing helpers: sanitised text cut by display columns,
 * bars, borders and wrapped paragraphs. */
#include "config.h"
#include "luoshi/ui_draw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "luoshi/parse.h"
#include "luoshi/text.h"
#include "luoshi/ui_keys.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

/* ncursesw moves its cursor by wcwidth(). Defining it here makes glibc's
 * dynamic linker hand ours to ncursesw too, so the library and our column
 * arithmetic (text.h, with the ambiguous-width setting) always agree
 * (DESIGN.md §4). Nothing in text.c may call wcwidth(). */
int wcwidth(wchar_t wc)
{
	if (wc == 0)
		return 0;
	return text_cp_width((uint32_t)wc);
}

int wcswidth(const wchar_t *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n && s[i]; i++) {
		int w = wcwidth(s[i]);
		if (w < 0)
			return -1;
		cols += w;
	}
	return cols;
}

static attr_t role_attr[ROLE_COUNT];

void draw_init_colors(void)
{
	static const attr_t plain[ROLE_COUNT] = {
		[ROLE_TITLE] = A_REVERSE, [ROLE_CURSOR] = A_REVERSE, [ROLE_HEADING] = A_BOLD,
		[ROLE_OVERDUE] = A_BOLD, [ROLE_BLOCKED] = A_BOLD, [ROLE_MATCH] = A_UNDERLINE,
		[ROLE_MATCH_CUR] = A_REVERSE | A_BOLD,
		[ROLE_DIM] = A_DIM, [ROLE_MESSAGE] = A_BOLD, [ROLE_HINT_KEY] = A_BOLD,
	};
	memcpy(role_attr, plain, sizeof role_attr);
	int want = ui_settings.colors;
	if (want < 0)
		want = !getenv("NO_COLOR") || !*getenv("NO_COLOR");
	if (!want || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(1, COLOR_GREEN, -1);
	init_pair(2, COLOR_RED, -1);
	init_pair(3, COLOR_MAGENTA, -1);
	init_pair(4, COLOR_BLACK, COLOR_YELLOW);
	init_pair(5, COLOR_BLUE, -1);
	role_attr[ROLE_DONE] = COLOR_PAIR(1);
	role_attr[ROLE_OVERDUE] = COLOR_PAIR(2) | A_BOLD;
	role_attr[ROLE_BLOCKED] = COLOR_PAIR(3) | A_BOLD;
	role_attr[ROLE_MATCH] = COLOR_PAIR(4);
	role_attr[ROLE_MATCH_CUR] = COLOR_PAIR(4) | A_REVERSE | A_BOLD;
	role_attr[ROLE_HEADING] = COLOR_PAIR(5) | A_BOLD;
}

attr_t ui_attr(enum ui_role r)
{
	return (unsigned)r < ROLE_COUNT ? role_attr[r] : A_NORMAL;
}

/* Decode UTF-8 into a wchar_t buffer (NUL-terminated); returns length. */
static size_t wdecode(const char *s, size_t n, wchar_t **out)
{
	static wchar_t *buf;
	static size_t cap;
	if (n + 1 > cap) {
		cap = n + 64;
		buf = xreallocarray(buf, cap, sizeof *buf);
	}
	size_t len = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		buf[len++] = (wchar_t)cp;
	}
	buf[len] = 0;
	*out = buf;
	return len;
}

int draw_span(int y, int x, int w, const char *s, size_t n, attr_t a)
{
	int used = 0;
	if (w <= 0)
		return 0;
	size_t fit = text_fit(s, n, w, &used);
	wchar_t *ws;
	size_t len = wdecode(s, fit, &ws);
	attrset(a);
	if (len)
		mvaddnwstr(y, x, ws, (int)len);
	attrset(A_NORMAL);
	return used;
}

/* Spaces are written as characters, not with whline: whline stores cells
 * without undoing a wide character it half covers, and ncursesw then
 * blanks the character we drew just before it. */
void draw_blank(int y, int x, int w, attr_t a)
{
	static const wchar_t spaces[] = L"                                ";
	const int chunk = (int)ARRAY_SIZE(spaces) - 1;
	if (w <= 0)
		return;
	attrset(a);
	move(y, x);
	for (int left = w; left > 0; left -= chunk)
		addnwstr(spaces, left < chunk ? left : chunk);
	attrset(A_NORMAL);
}

void draw_cell(int y, int x, int w, const char *s, attr_t a)
{
	if (w <= 0)
		return;
	char *san = text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
	char *t = text_truncate(san, strlen(san), w, 1);
	int used = draw_span(y, x, w, t, strlen(t), a);
	draw_blank(y, x + used, w - used, a);
	free(t);
	free(san);
}

int draw_text(int y, int x, int w, const char *s, attr_t a)
{
	if (w <= 0)
		return 0;
	char *san = text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
	char *t = text_truncate(san, strlen(san), w, 0);
	int used = draw_span(y, x, w, t, strlen(t), a);
	free(t);
	free(san);
	return used;
}

/* The word of words[0..nw) that starts at s, its length; 0 when none. */
static size_t word_at(const char *s, char *const *words, size_t nw)
{
	size_t best = 0;
	for (size_t i = 0; i < nw; i++) {
		size_t n = strlen(words[i]);
		if (n > best && !strncmp(s, words[i], n))
			best = n;
	}
	return best;
}

int draw_text_marked(int y, int x, int w, const char *s, attr_t a, char *const *words, size_t nw,
		     attr_t ma)
{
	if (w <= 0)
		return 0;
	char *san = text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
	char *t = text_truncate(san, strlen(san), w, 0);
	int used = 0;
	size_t len = strlen(t), start = 0, i = 0;
	while (i <= len) {
		size_t m = i < len ? word_at(t + i, words, nw) : 0;
		if (!m && i < len) {
			i++;
			continue;
		}
		used += draw_span(y, x + used, w - used, t + start, i - start, a);
		if (m)
			used += draw_span(y, x + used, w - used, t + i, m, ma);
		i += m ? m : 1;
		start = i;
	}
	free(t);
	free(san);
	return used;
}

void draw_bar(int y, int x, int w, int done, int total, attr_t a)
{
	if (w < 3)
		return;
	int inner = w - 2, fill = total > 0 ? (int)((long long)done * inner / total) : 0;
	if (fill > inner)
		fill = inner;
	attrset(a);
	mvaddch(y, x, '[');
	for (int i = 0; i < inner; i++)
		addch(i < fill ? '#' : '.');
	addch(']');
	attrset(A_NORMAL);
}

void draw_count(int y, int x, int w, int done, int total, attr_t a)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%d/%d", done, total);
	int len = (int)strlen(buf);
	if (len > w)
		snprintf(buf, sizeof buf, "%d%%", total ? 100 * done / total : 0), len = (int)strlen(buf);
	draw_blank(y, x, w - len, a);
	draw_span(y, x + (w > len ? w - len : 0), w, buf, strlen(buf), a);
}

/* One character at a time, for the reason given at draw_blank. With
 * line-graphics the wide-character forms, so the cell holds U+2502 and
 * not an alternate-charset letter. */
void draw_vline(int y, int x, int h)
{
	for (int i = 0; i < h; i++) {
		if (ui_settings.line_graphics)
			mvadd_wch(y + i, x, WACS_VLINE);
		else
			mvaddch(y + i, x, '|');
	}
}

/* ---- wrapped paragraphs ---- */

void wtext_add(struct wtext *t, const char *s, int role, int indent, int hang, long long tag)
{
	char *san = text_sanitize(s ? s : "", s ? strlen(s) : 0, 1);
	for (char *p = san; p;) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (t->npara == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 32;
			t->paras = xreallocarray(t->paras, t->cap, sizeof *t->paras);
		}
		t->paras[t->npara++] = (struct wpara){NULL, xstrndup(p, len), len, role,
						      indent < hang ? hang : indent, hang, tag, NULL};
		p = nl ? nl + 1 : NULL;
	}
	free(san);
	t->width = 0; /* needs wrapping again */
}

void wtext_add_prefixed(struct wtext *t, const char *prefix, const char *s, int role, int hang,
			long long tag)
{
	char *flat = text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
	wtext_add(t, flat, role, hang, hang, tag);
	free(flat);
	t->paras[t->npara - 1].prefix = text_sanitize(prefix, strlen(prefix), 0);
}

char *ui_heading_text(const char *label, const char *heading)
{
	return node_title(label, heading);
}

void wtext_blank(struct wtext *t, long long tag)
{
	wtext_add(t, "", ROLE_NORMAL, 0, 0, tag);
}

void wtext_add_table(struct wtext *t, const char *rows, int indent, long long tag)
{
	wtext_add(t, "", ROLE_NORMAL, indent, indent, tag);
	t->paras[t->npara - 1].rows = xstrdup(rows ? rows : "");
}

/* A table's lines in w columns: its text becomes the layout, one line per
 * line, and each line is taken whole. */
static size_t table_lines(struct wpara *p, int w, struct text_line **tl)
{
	char **rows;
	size_t n = text_table(p->rows, w, &rows);
	struct sbuf b = SBUF_INIT;
	*tl = xreallocarray(NULL, n ? n : 1, sizeof **tl);
	for (size_t i = 0; i < n; i++) {
		size_t off = b.len, len = strlen(rows[i]);
		sbuf_add(&b, rows[i], len);
		sbuf_addc(&b, '\n');
		(*tl)[i] = (struct text_line){off, len, text_width(rows[i], len)};
		free(rows[i]);
	}
	free(rows);
	free(p->s);
	p->len = b.len;
	p->s = sbuf_detach(&b);
	if (!n)
		(*tl)[n++] = (struct text_line){0, 0, 0};
	return n;
}

static int wrap_wide;

void wtext_wrap_wide(int on)
{
	wrap_wide = on;
}

void wtext_wrap(struct wtext *t, int width)
{
	/* unsure how wide the terminal draws “”…: lay out as if wide, so a
	 * terminal that does draws every character of the line */
	int saved = text_ambiguous_width();
	if (wrap_wide)
		text_set_ambiguous_width(2);
	size_t cap = t->npara + 16, n = 0;
	struct wline *lines = xreallocarray(NULL, cap, sizeof *lines);
	for (size_t i = 0; i < t->npara; i++) {
		struct wpara *p = &t->paras[i];
		int w = width - p->hang;
		if (w < 4)
			w = 4;
		int first = p->indent - p->hang < w - 2 ? p->indent - p->hang : 0;
		struct text_line *tl;
		size_t k = p->rows ? table_lines(p, w, &tl) : text_wrap(p->s, p->len, w, first, &tl);
		if (n + k > cap) {
			cap = 2 * (n + k);
			lines = xreallocarray(lines, cap, sizeof *lines);
		}
		for (size_t j = 0; j < k; j++)
			lines[n++] = (struct wline){i, tl[j].off, tl[j].len, j ? p->hang : p->hang + first};
		free(tl);
	}
	free(t->lines);
	t->lines = lines;
	t->nlines = n;
	t->width = width;
	text_set_ambiguous_width(saved);
}

void wtext_draw(const struct wtext *t, size_t i, int y, int x, int w, attr_t extra,
		const size_t *hl, size_t nhl, size_t cur)
{
	if (i >= t->nlines) {
		draw_blank(y, x, w, extra);
		return;
	}
	const struct wline *l = &t->lines[i];
	const struct wpara *p = &t->paras[l->para];
	attr_t base = ui_attr((enum ui_role)p->role) | extra;
	int col = l->indent < w ? l->indent : w, pre = 0;
	if (p->prefix && l->off == 0)
		pre = draw_span(y, x, col, p->prefix, strlen(p->prefix), base);
	draw_blank(y, x + pre, col - pre, extra);
	size_t pos = l->off, end = l->off + l->len;
	while (pos < end && col < w) {
		size_t seg_end = end;
		int match = 0;
		for (size_t k = 0; k < nhl; k++) {
			size_t a = hl[2 * k], b = hl[2 * k + 1];
			if (a <= pos && pos < b) {
				match = k == cur ? 2 : 1;
				seg_end = b < end ? b : end;
				break;
			}
			if (a > pos && a < seg_end)
				seg_end = a;
		}
		col += draw_span(y, x + col, w - col, p->s + pos, seg_end - pos,
				 match ? ui_attr(match == 2 ? ROLE_MATCH_CUR : ROLE_MATCH) | extra
				       : base);
		pos = seg_end;
	}
	draw_blank(y, x + col, w - col, extra);
}

void wtext_free(struct wtext *t)
{
	for (size_t i = 0; i < t->npara; i++) {
		free(t->paras[i].prefix);
		free(t->paras[i].s);
		free(t->paras[i].rows);
	}
	free(t->paras);
	free(t->lines);
	memset(t, 0, sizeof *t);
}
