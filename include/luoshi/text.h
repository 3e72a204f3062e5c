/* text.h - display width, sanitising of untrusted text, 禁则 line breaking.
 * All input is UTF-8. No curses here: the screens and the command line both
 * use these so that every column computation agrees. */
#ifndef LUOSHI_TEXT_H
#define LUOSHI_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Width given to East Asian Ambiguous characters (“ ” ‘ ’ — … · ① ○ …):
 * 1 or 2. Default 1 (what glibc wcwidth() says in UTF-8 locales). */
void text_set_ambiguous_width(int w);
int text_ambiguous_width(void);

/* Columns taken by one code point as our screens draw it: 0 for combining
 * marks and zero-width characters, 2 for wide/fullwidth, ambiguous per the
 * setting, 1 otherwise. Control characters return -1 (they must be
 * sanitised before display). */
int text_cp_width(uint32_t cp);

/* True for characters that must never reach a terminal raw: C0 (except
 * none - tab and newline included), DEL, C1, bidi controls U+202A-202E and
 * U+2066-2069, U+200E/200F, U+061C, and the invalid-sequence marker. */
int text_is_unsafe(uint32_t cp);

/* Return a malloc'ed copy of s with every unsafe character replaced by a
 * visible ASCII placeholder: C0 as ^X (ESC -> ^[), DEL as ^?, C1 and bidi
 * controls as <U+XXXX>, invalid UTF-8 bytes as <XX>. Tabs become a single
 * space. If keep_newlines, '\n' is kept; otherwise it becomes a space. */
char *text_sanitize(const char *s, size_t n, int keep_newlines);

/* Display columns of s (sanitised text expected; unsafe characters count as
 * the width of their placeholder). */
int text_width(const char *s, size_t n);

/* Longest prefix of s that fits in cols columns, never cutting a character.
 * Returns its byte length and stores its width in *used. */
size_t text_fit(const char *s, size_t n, int cols, int *used);

/* Write into out (malloc'ed) s truncated to exactly cols columns: if it does
 * not fit, cut and end with "…" (or "~" when the ellipsis would be ambiguous
 * and ascii_only is set), padding with a space where a wide character would
 * have been cut in half; pad with spaces to cols when pad is set. */
char *text_truncate(const char *s, size_t n, int cols, int pad);

/* One wrapped line: byte range of the source paragraph and its width. */
struct text_line {
	size_t off, len;
	int width;
};

/* Wrap one paragraph (no '\n' inside) into lines of at most width columns
 * (the first line has first_indent fewer). Breaks follow UAX #14
 * (libunistring) corrected by the 禁则 rules of DESIGN.md §4: no line starts
 * with closing punctuation, none ends with opening punctuation, —— and ……
 * and runs of digits/Latin letters are never split (unless a run alone is
 * wider than the line). A line never exceeds width: where a rule would be
 * broken a character is carried down to the next line. Returns the line
 * count (at least 1, an empty line for empty input); *lines is malloc'ed.
 * Leading spaces of continuation lines are dropped. */
size_t text_wrap(const char *s, size_t n, int width, int first_indent, struct text_line **lines);

/* 禁则 classes, exposed for tests. */
int text_no_line_start(uint32_t cp);
int text_no_line_end(uint32_t cp);

#endif
