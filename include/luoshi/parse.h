/* parse.h - the structure of a Chinese policy document (DESIGN.md §3). */
#ifndef LUOSHI_PARSE_H
#define LUOSHI_PARSE_H

#include <stddef.h>

#include "luoshi/util.h"

/* Kinds of structure node; the names are stored in the database and used
 * in JSON ("part", "chapter", ...). */
#define NODE_KIND_LIST(X) \
	X(PART, "part") \
	X(CHAPTER, "chapter") \
	X(SECTION, "section") \
	X(ITEM, "item") \
	X(ARTICLE, "article") \
	X(PARAGRAPH, "paragraph") \
	X(CLOSING, "closing") \
	X(ATTACHMENT, "attachment") \
	X(TABLE, "table") \
	X(BOX, "box")

#define NODE_KIND_ENUM(name, str) NODE_##name,
enum node_kind { NODE_KIND_LIST(NODE_KIND_ENUM) NODE_KIND_COUNT };
#undef NODE_KIND_ENUM

const char *node_kind_name(enum node_kind k);
int node_kind_parse(const char *s); /* -1 when unknown */

/* One node of the tree. Strings are UTF-8, malloc'ed, never NULL ("" when
 * absent). label is the numbering as written in the source after folding
 * full-width digits ("一、", "（三）", "12.", "第五条", "1.1"); heading is the
 * heading text without the label (for a run-in heading, up to and without
 * the first 。); body is the remaining text, paragraphs separated by '\n'. */
struct pnode {
	enum node_kind kind;
	char *label;
	int level; /* 1 for top-level nodes */
	int runin; /* the heading ran into the text on its line (（一）拓展两个市场。…) */
	char *heading;
	char *body;
	struct pnode *kids;
	size_t nkids;
};

/* How the title was found. */
enum title_source {
	TITLE_HEADER, /* the title lines of the header (or the 令's regulation) */
	TITLE_LEDE,   /* 《…》 in a news lede */
	TITLE_GUESS,  /* no header: the first line that reads as a title */
	TITLE_NONE,   /* nothing reads as one: the title is "" (the caller names
		       * the document, by its file's name for instance) */
};

/* A parsed document. Strings malloc'ed; NULL when absent (title is never
 * NULL: "" when nothing reads as a title, see title_from). date is
 * ISO "YYYY-MM-DD". attachments are the 附件 entries in order.
 *
 * A table node (NODE_TABLE) keeps its rows in body, one per line, cells
 * separated by tabs; its heading is the caption, if any. A box (NODE_BOX)
 * is a 专栏: its lines are its body, whatever their numbering. */
struct pdoc {
	char *title;
	enum title_source title_from;
	char *issuer;
	char *number;     /* 文号, e.g. 国发〔2019〕5号 */
	char *date;       /* ISO date of issue */
	char *source;     /* news dateline, e.g. 新华社北京2月28日电 */
	char *recipients; /* 主送 line without the final colon */
	char *preamble;   /* text before the first numbered node */
	char *closing;    /* text after the last numbered item, before signature */
	char *note;       /* e.g. （此件公开发布） */
	char *wrapped;    /* the title of the document a 印发/转发 notice issues */
	/* 版头 and 版记 of a formal 公文 */
	char *signer;     /* 签发人 */
	char *copy_no;    /* 份号 */
	char *secrecy;    /* 密级和保密期限: 机密★1年 */
	char *urgency;    /* 紧急程度: 特急, 加急 */
	char *cc;         /* 抄送 (without the word) */
	char *printer;    /* 印发机关 */
	char *print_date; /* 印发日期, ISO */
	char **attachments;
	size_t nattachments;
	struct pnode *nodes; /* top-level nodes */
	size_t nnodes;
};

/* Parse UTF-8 text (any of LF / CRLF / CR line ends, U+3000 indentation).
 * Never fails on well-formed UTF-8: unstructured text yields a title and a
 * preamble and no nodes. */
enum lu_status parse_document(const char *text, size_t n, struct pdoc *doc);

/* A table without a caption is named after its header row (序号、重点任务、
 * 牵头单位…): table_header_name makes that name (malloc'ed), and
 * table_heading_is_header says whether a heading is one, so a reader that
 * shows the table's rows need not show it again. */
char *table_header_name(const char *rows);
int table_heading_is_header(const char *heading, const char *rows);

/* How a node is named on screen and in reports (malloc'ed): the label runs
 * into the heading after punctuation ("一、坚持…", "（三）…", "1.建立…") and
 * is set off by a space otherwise ("第一章 总则", "1.1 适用范围"). */
char *node_title(const char *label, const char *heading);
void pdoc_free(struct pdoc *doc);

#endif
