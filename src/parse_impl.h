/* parse_impl.h - internals shared by the parse*.c files; not a public header.
 *
 * The parser works on lines. parse.c normalises the text and splits it,
 * parse_num.c recognises numbering, numerals and dates, parse_header.c
 * finds the header zone (title, 文号, date…), the contents list, the
 * signature blocks and the 附件 lists, and parse_tree.c builds the tree. */
#ifndef LUOSHI_PARSE_IMPL_H
#define LUOSHI_PARSE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "luoshi/parse.h"
#include "luoshi/util.h"

/* Item numbers may have this many digits (a list can run to 100000.). */
#define PU_NUM_DIGITS 9

/* Numbering schemes in their canonical nesting order (GB/T 9704 §7.3.3,
 * plus the regulation and 预案 forms): a smaller value is an outer level.
 * The tree builder uses this order only to decide whether a scheme not yet
 * open nests inside the current one; levels themselves are relative. */
enum scheme {
	SCH_NONE = 0,
	SCH_ATTACH,   /* 附件1: the base of an attachment's own tree */
	SCH_WRAP,     /* the title of one of several documents a notice issues */
	SCH_PART,     /* 第X编, 第X部分 */
	SCH_CHAPTER,  /* 第X章 */
	SCH_JIE,      /* 第X节 */
	SCH_ARTICLE,  /* 第X条 */
	SCH_CN_DUN,   /* 一、 */
	SCH_CN_PAREN, /* （一） */
	SCH_DEC1,     /* 1　总则 (decimal documents only) */
	SCH_DEC2,     /* 1.1 */
	SCH_DEC3,     /* 1.1.1 */
	SCH_DEC4,     /* 1.1.1.1 */
	SCH_AR_DOT,   /* 1.  1．  1、 */
	SCH_AR_PAREN, /* （1） */
	SCH_AR_HALF,  /* 1） */
	SCH_CIRCLED,  /* ① */
	SCH_COUNT
};

enum lkind {
	LK_BLANK,
	LK_TEXT,     /* an ordinary paragraph line */
	LK_HEAD,     /* starts with numbering (sch, lab, rest are set) */
	LK_DATE,     /* only a date, maybe in parentheses */
	LK_SIGN,     /* signature line above a closing date */
	LK_NOTE,     /* （此件公开发布） */
	LK_ATTLIST,  /* 附件：… (start of the list of attachments) */
	LK_ATTITEM,  /* one entry of that list */
	LK_ATTLABEL, /* 附件1: an attachment's own text begins */
	LK_TOC,      /* part of a 目录 block */
	LK_DROP,     /* 原文链接 and similar web furniture */
	LK_USED,     /* consumed by the header zone */
	LK_ROW,      /* a table row: cells separated by tabs */
	LK_WTITLE,   /* the title of the document a notice issues (kept as text) */
	LK_PART,     /* the title of one of several documents a notice issues */
	LK_ENUM,     /* numbered, but an enumeration inside a paragraph */
	LK_BANJI,    /* 版记: 抄送, 印发机关 and 印发日期 */
	LK_ATTTITLE, /* the title of an attachment, below its 附件1 label */
	LK_BOX,      /* 专栏1 重大工程: a box of a 规划 (lab, rest are set) */
	LK_CAPTION   /* the name of the table below it */
};

/* One line of the text (runs of blank lines are stored once). Kept small
 * (24 bytes): a 100 MB file of short lines has millions of them. Lengths
 * are 32-bit: split_lines cuts a longer line, which no import can produce
 * (files are limited to 1 GB). */
#define PT_LINE_MAX UINT32_MAX
struct line {
	const char *s; /* trimmed text inside the normalised buffer */
	uint32_t n;
	uint32_t rest;          /* offset of the text after the label and blanks */
	uint16_t lab;           /* bytes of s taken by the label (labels are short) */
	int16_t indent;         /* leading blank columns (U+3000 counts 2) */
	uint8_t kind;           /* enum lkind */
	uint8_t sch;            /* enum scheme, for LK_HEAD */
	uint8_t blank_before;   /* a blank line (or the start) precedes it */
	uint8_t flag;           /* LK_DATE: the date is in parentheses; LK_PART,
				 * LK_WTITLE, LK_ATTTITLE: the line continues the
				 * title above */
};

struct ptext {
	/* normalised text: valid UTF-8, '\n' line ends, no NUL; not
	 * NUL-terminated, since it is the caller's text when that is already
	 * normal (own is then NULL, else the copy to free) */
	const char *buf;
	char *own;
	size_t len;
	struct line *lines;
	size_t nlines;
	size_t header_end; /* first line after the header zone */
	int order;         /* the header is a 令's: the title comes from the text */
	size_t att_start;  /* first attachment label, or nlines */
};

/* ---- characters and numerals (parse_num.c) ---- */
/* Decode the code point at s[i] (i < n); returns its byte length. */
size_t pu_cp(const char *s, size_t n, size_t i, uint32_t *c);
int pu_is_blank(uint32_t c);       /* ASCII blanks, U+3000, NBSP, U+2000-200B… */
int pu_is_han(uint32_t c);
int pu_digit(uint32_t c);          /* 0-9 for ASCII and full-width digits, else -1 */
int pu_cn_digit(uint32_t c);       /* 〇 ○ 零 一 … 九 两 → 0-9, else -1 */
int pu_is_open_paren(uint32_t c);  /* ( （ */
int pu_is_close_paren(uint32_t c); /* ) ） */
/* Value of the Chinese numeral at s (一, 十一, 五十四, 一百零五…), or -1;
 * *used gets its byte length. At most 8 characters are read. */
long pu_cn_value(const char *s, size_t n, size_t *used);
/* Value of 1..maxd Arabic digits (ASCII or full-width) at s, or -1 when
 * there are none or more than maxd. */
long pu_ar_value(const char *s, size_t n, size_t *used, int maxd);
/* Skip blanks from offset i; returns the new offset. */
size_t pu_skip_blanks(const char *s, size_t n, size_t i);
/* Number of code points in s. */
size_t pu_chars(const char *s, size_t n);
size_t pu_chars_upto(const char *s, size_t n, size_t max); /* at most max + 1 */
/* Byte length of the first max code points of s. */
size_t pu_prefix(const char *s, size_t n, size_t max);
/* Does s start with the UTF-8 string p? */
int pu_starts(const char *s, size_t n, const char *p);
/* Does s end with the UTF-8 string p? */
int pu_ends(const char *s, size_t n, const char *p);
/* Does s contain any of the code points listed in the UTF-8 string set? */
int pu_has_any(const char *s, size_t n, const char *set);
/* Copy of s with full-width digits folded to ASCII (labels, 文号). */
char *pu_fold_digits(const char *s, size_t n);
/* Copy of s with runs of blanks collapsed to one ASCII space, and with no
 * space at all when the text is letter-spaced (国 务 院 工 作 规 则). */
char *pu_tidy_spaces(const char *s, size_t n);

/* Numbering at the start of s. Returns the scheme (SCH_NONE if none) and
 * sets *lab (bytes of the label) and *rest (start of the text after it).
 * The decimal forms are matched only when decimal is set. */
enum scheme pu_match_num(const char *s, size_t n, int decimal, size_t *lab, size_t *rest);
/* 1.1 / 1.1.1 form as a heading: returns the number of components (2-4)
 * or 0 and sets *major to the first component. */
int pu_match_decimal(const char *s, size_t n, size_t *lab, size_t *rest, long *major);
/* 专栏1 / 专栏一 / 专栏 3 at the start: 1 and the label's length, else 0. */
int pu_match_box(const char *s, size_t n, size_t *lab, size_t *rest);
/* 附件 / 附件1 / 附件一 at the start: 1 label, 2 list (附件：…), 0 none. */
int pu_match_attach(const char *s, size_t n, size_t *lab, size_t *rest);
/* Find a date 2024年2月23日 / 二〇二四年二月二十三日 in s; returns 1 and the
 * ISO date in iso[11] and its byte range [*b, *e), else 0. */
int pu_find_date(const char *s, size_t n, char iso[11], size_t *b, size_t *e);
/* Is s only a date, maybe in parentheses? Sets *paren. */
int pu_date_only(const char *s, size_t n, char iso[11], int *paren);

/* ---- the header (parse_header.c) ---- */
void ph_header(struct ptext *t, struct pdoc *doc);
/* Does a title end with the kind of document (通知, 意见, 条例…)? */
int ph_title_complete(const char *title);
/* （试行） （共130项）: a short parenthesis that goes on the title above. */
int ph_title_suffix(const struct line *L);
/* Is L short, single and unpunctuated enough to be (part of) a title? */
int ph_title_like(const struct line *L);

/* ---- the other zones (parse_zone.c) ---- */
void ph_mark_toc(struct ptext *t);
void ph_mark_signatures(struct ptext *t);
void ph_mark_attlists(struct ptext *t);
/* The document a 印发/转发 notice (or a 令) issues: its title line(s), and
 * the titles of several such documents, each then a part of the tree. */
void ph_mark_wrapped(struct ptext *t, struct pdoc *doc);
/* （一）…； lists after a colon stay in their paragraph. */
void ph_mark_enums(struct ptext *t);
/* The 版记 at the end: 抄送, 印发机关 and 印发日期. */
void ph_mark_banji(struct ptext *t, struct pdoc *doc);
/* The short line above a table that names it. */
void ph_mark_captions(struct ptext *t);

/* ---- tree (parse_tree.c) ---- */
void pt_build(struct ptext *t, struct pdoc *doc);

#endif
