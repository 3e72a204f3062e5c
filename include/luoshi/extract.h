/* extract.h - propose tasks from the text of a measure (DESIGN.md §3): who
 * does what by when. */
#ifndef LUOSHI_EXTRACT_H
#define LUOSHI_EXTRACT_H

#include <stddef.h>

#include "luoshi/deadline.h"
#include "luoshi/parse.h"

#define RECUR_LIST(X) \
	X(NONE, NULL, NULL) \
	X(YEARLY, "yearly", "每年") \
	X(HALFYEARLY, "halfyearly", "每半年") \
	X(QUARTERLY, "quarterly", "每季度") \
	X(MONTHLY, "monthly", "每月") \
	X(WEEKLY, "weekly", "每周") \
	X(PERIODIC, "periodic", "定期") \
	X(ONGOING, "ongoing", "常态化") \
	X(DAILY, "daily", "每日") \
	X(BIENNIAL, "biennial", "每两年") \
	X(TRIENNIAL, "triennial", "每三年") \
	X(QUINQUENNIAL, "quinquennial", "每五年")

#define RECUR_ENUM(name, en, zh) RECUR_##name,
enum recur { RECUR_LIST(RECUR_ENUM) RECUR_COUNT };
#undef RECUR_ENUM

const char *recur_name(enum recur r);    /* "yearly"...; NULL for RECUR_NONE */
const char *recur_name_zh(enum recur r); /* "每年"...; NULL for RECUR_NONE */
/* Every name, for a message: "yearly, halfyearly, ... or none" (static). */
const char *recur_words(void);
/* Accept the English or Chinese name (also "none" / "" -> RECUR_NONE). -1 if unknown. */
int recur_parse(const char *s);

/* A proposed task. title: a short name (the run-in heading of a measure
 * that gives one task, else the sentence's verb phrase), cut near
 * EXTRACT_TITLE_MAX characters (a phrase that ends by
 * EXTRACT_TITLE_LONGEST is kept whole: never longer); text: the whole
 * sentence. unit and assist come from a responsibility note or the
 * sentence's doers; due from a deadline phrase, due_text its words as
 * written. */
#define EXTRACT_TITLE_MAX 24
#define EXTRACT_TITLE_LONGEST (EXTRACT_TITLE_MAX + EXTRACT_TITLE_MAX / 4)
struct ptask {
	char *title;
	char *text;
	enum recur recur;
	int count; /* N of 至少N次/至少N个, else 0 */
	char *unit, *assist; /* NULL when not named */
	char due[11];        /* ISO, or "" */
	char *due_text;      /* e.g. 2019年12月底前, or NULL */
};

/* What proposals need to know of their document: its date (年内 and
 * 每年3月底前 are read against it) and the measures a 任务分工表 names (a
 * measure named by its heading there is proposed once, from its row). */
struct extract_parent; /* (node, parent) pairs, sorted by node */
struct extract_ctx {
	struct deadline_ref ref;
	char **tabled; /* sorted */
	size_t ntabled;
	struct extract_parent *up; /* a measure's doers may be named above it */
	size_t nup;
};
/* doc_date: the document's ISO date, or NULL for today. */
void extract_ctx_init(struct extract_ctx *cx, const char *doc_date);
/* The same for a whole document: its date and its task tables. */
void extract_ctx_doc(struct extract_ctx *cx, const struct pdoc *doc);
void extract_ctx_free(struct extract_ctx *cx);

/* Does a heading name a section that states principles or goals (指导思想,
 * 基本原则, 总体要求, 发展目标…)? Such a section proposes no tasks. */
int extract_principles(const char *heading);

/* Proposals for one node: a measure (a node without structural children)
 * from its body, or from its heading when it has none; a 任务分工表 (a table
 * node whose header names the task, the unit and the deadline) one per row.
 * Other nodes propose nothing. *out is malloc'ed; returns the count. */
size_t extract_node(const struct extract_ctx *cx, const struct pnode *pn, struct ptask **out);

/* Split body (UTF-8, paragraphs separated by '\n') into sentences and
 * return those that ask for action (no doers, no deadlines). */
size_t extract_tasks(const char *body, struct ptask **out);
/* Recurrence and count of one sentence. */
enum recur extract_recur(const char *sentence, int *count);
/* The period a word with 每 names in a sentence (每年, 每季度, 每两年…),
 * leaving out what only describes (年度报告), 定期 and standing duties:
 * RECUR_NONE when no 每 names one. */
enum recur extract_recur_stated(const char *sentence);
void ptasks_free(struct ptask *t, size_t n);

#endif
