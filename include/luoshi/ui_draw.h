/* ui_draw.h - drawing helpers of the screens. Every string goes through
 * text_sanitize and text_fit/text_truncate (luoshi/text.h), is decoded from
 * UTF-8 by our code and drawn as wchar_t, so columns are computed in one
 * place and no control character reaches the terminal. */
#ifndef LUOSHI_UI_DRAW_H
#define LUOSHI_UI_DRAW_H

#include <curses.h>
#include <stddef.h>

#define UI_ROLE_LIST(X) \
	X(NORMAL) X(TITLE) X(CURSOR) X(HEADING) X(DONE) X(OVERDUE) X(BLOCKED) \
	X(MATCH) X(MATCH_CUR) X(DIM) X(MESSAGE) X(HINT_KEY)

#define UI_ROLE_ENUM(id) ROLE_##id,
enum ui_role { UI_ROLE_LIST(UI_ROLE_ENUM) ROLE_COUNT };
#undef UI_ROLE_ENUM

/* Colours only when the terminal has them, NO_COLOR is unset and the
 * config allows; otherwise reverse and bold. */
void draw_init_colors(void);
attr_t ui_attr(enum ui_role r);

/* Text in exactly w columns at (y, x): sanitised, cut with an ellipsis when
 * too long, padded with spaces. */
void draw_cell(int y, int x, int w, const char *s, attr_t a);
/* Text in at most w columns, not padded; returns the columns used. */
int draw_text(int y, int x, int w, const char *s, attr_t a);
/* draw_text with every occurrence of words[0..nw) in attribute ma (search
 * matches); the words are sanitised UTF-8. */
int draw_text_marked(int y, int x, int w, const char *s, attr_t a, char *const *words, size_t nw,
		     attr_t ma);
/* Sanitised bytes s[0..n) that need no cut: the longest prefix fitting in
 * w columns is drawn; returns the columns used. */
int draw_span(int y, int x, int w, const char *s, size_t n, attr_t a);
void draw_blank(int y, int x, int w, attr_t a);
/* "[###.....]" in w columns (w >= 3). */
void draw_bar(int y, int x, int w, int done, int total, attr_t a);
/* "12/15" right-aligned in w columns. */
void draw_count(int y, int x, int w, int done, int total, attr_t a);
/* A border: ASCII unless line-graphics is set. */
void draw_vline(int y, int x, int h);

/* Paragraphs wrapped to a width with the 禁则 rules, for the reader, the
 * text pane of the outline and the task detail. */
struct wline {
	size_t para;      /* index into paras */
	size_t off, len;  /* bytes of the paragraph on this line */
	int indent;       /* columns before the text */
};
struct wpara {
	char *prefix; /* drawn before the first line, in its indent (or NULL) */
	char *s; /* sanitised text */
	size_t len;
	int role;         /* enum ui_role */
	int indent;       /* first line */
	int hang;         /* continuation lines */
	long long tag;    /* the caller's (node id ...) */
	char *rows;       /* a table's rows: s is their layout in the last width */
};
struct wtext {
	struct wpara *paras;
	size_t npara, cap;
	struct wline *lines;
	size_t nlines;
	int width;
};
/* Add text; each '\n'-separated line becomes a paragraph. */
void wtext_add(struct wtext *t, const char *s, int role, int indent, int hang, long long tag);
/* One paragraph with a label before its first line ("  status    "), the
 * text hanging at column hang on every line. */
void wtext_add_prefixed(struct wtext *t, const char *prefix, const char *s, int role, int hang,
			long long tag);
void wtext_blank(struct wtext *t, long long tag);
/* A table (rows one per line, cells separated by tabs), laid out anew in
 * every width (text_table), at indent. */
void wtext_add_table(struct wtext *t, const char *rows, int indent, long long tag);
void wtext_wrap(struct wtext *t, int width);
/* on: wrap East Asian Ambiguous characters as two columns whatever the
 * setting, because the terminal has not confirmed it (a line is then at
 * worst a little short, and no character is pushed off the screen). */
void wtext_wrap_wide(int on);
/* Draw line i in w columns at (y, x), padded. hl: byte ranges (pairs of
 * start, end in the paragraph) drawn as matches; nhl pairs; the pair
 * numbered cur is the current match, drawn apart from the others
 * ((size_t)-1: none). */
void wtext_draw(const struct wtext *t, size_t i, int y, int x, int w, attr_t extra,
		const size_t *hl, size_t nhl, size_t cur);
void wtext_free(struct wtext *t);

/* A node's label and heading as one line: "一、坚持…", "1.建立…", "1.1 总则". */
char *ui_heading_text(const char *label, const char *heading);

#endif
