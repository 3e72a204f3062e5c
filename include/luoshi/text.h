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
 * marks and zero-width characters, 2 for wide/fullwidth, ambiguous (East
 * Asian Width A) per the setting, 1 otherwise. With ambiguous width 1 this
 * is what glibc's wcwidth() says in a UTF-8 locale for every assigned
 * character (unassigned ones, where glibc says -1, get libunistring's 1 or
 * 2). C0, DEL, C1 and values above U+10FFFF return -1 (they must be
 * sanitised before display). */
int text_cp_width(uint32_t cp);

/* True for characters that must never reach a terminal raw: C0 (tab and
 * newline included), DEL, C1, bidi controls U+202A-202E and U+2066-2069,
 * U+200E/200F, U+061C, the separators U+2028/2029 (glibc: not printable),
 * the invisible format characters U+200B-200D, U+2060-2064, U+206A-206F,
 * U+FEFF and U+FFF9-FFFB, and anything above U+10FFFF (how an invalid byte
 * is decoded internally). text_cp_width() still gives such characters
 * glibc's width (ncursesw relies on it); text_width() counts them as their
 * placeholder, which is what is drawn. */
int text_is_unsafe(uint32_t cp);

/* Return a malloc'ed copy of s with every unsafe character replaced by a
 * visible ASCII placeholder: C0 as ^X (ESC -> ^[, NUL -> ^@), DEL as ^?, C1,
 * bidi controls, U+2028/2029 and invisible format characters (zero-width
 * space, ZWJ, BOM...) as <U+XXXX>, invalid UTF-8 bytes as <XX>
 * (decoded first: C2 9C is U+009C, a lone 9C is an invalid byte). Tabs
 * become a single space. If keep_newlines, '\n' is kept; otherwise it
 * becomes a space. A CR right before LF is dropped (a CRLF line end is just
 * a line end); any other CR shows as ^M. The result has no NUL inside. */
char *text_sanitize(const char *s, size_t n, int keep_newlines);

/* Display columns of s (sanitised text expected; unsafe characters count as
 * the width of their placeholder, so text_width(s) equals the width of
 * text_sanitize(s, n, 0)). */
int text_width(const char *s, size_t n);

/* Longest prefix of s that fits in cols columns, never cutting a character.
 * Returns its byte length and stores its width in *used. */
size_t text_fit(const char *s, size_t n, int cols, int *used);

/* Return (malloc'ed) s sanitised (as text_sanitize(s, n, 0)) and, if wider
 * than cols, cut to exactly cols columns ending with "~". The mark is ASCII
 * because "…" is East Asian Ambiguous and its width would depend on the
 * terminal. Where a wide character would have been cut in half, a space
 * fills the gap before the "~". When pad is set, a text that fits is padded
 * with spaces to exactly cols. cols <= 0 gives "". */
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
 * broken a character is carried down to the next line (only a single
 * character wider than the line, e.g. at width 1, sticks out). Returns the
 * line count (at least 1, an empty line for empty input); *lines is
 * malloc'ed. Spaces (U+0020) where a line is broken are dropped: trailing
 * ones are not in len/width, leading ones of continuation lines are skipped.
 * Widths are text_width()'s, so unsafe characters count as their
 * placeholders: wrap sanitised text, or sanitise each line. O(n). */
size_t text_wrap(const char *s, size_t n, int width, int first_indent, struct text_line **lines);

/* A table node's rows (one per line, cells separated by tabs) laid out in
 * width columns: aligned by display width, two blanks between columns; when
 * it does not fit, the widest columns are narrowed (not below 4) and their
 * cells wrapped, a row taking several lines. Cells are sanitised. Returns
 * the number of lines; *lines is a malloc'ed array of malloc'ed strings
 * without trailing blanks. */
size_t text_table(const char *rows, int width, char ***lines);

/* 禁则 classes, exposed for tests. */
int text_no_line_start(uint32_t cp);
int text_no_line_end(uint32_t cp);

#endif
