/* extract.h - propose tasks from the text of a measure (DESIGN.md §3). */
#ifndef LUOSHI_EXTRACT_H
#define LUOSHI_EXTRACT_H

#include <stddef.h>

#define RECUR_LIST(X) \
	X(NONE, NULL, NULL) \
	X(YEARLY, "yearly", "每年") \
	X(HALFYEARLY, "halfyearly", "每半年") \
	X(QUARTERLY, "quarterly", "每季度") \
	X(MONTHLY, "monthly", "每月") \
	X(WEEKLY, "weekly", "每周") \
	X(PERIODIC, "periodic", "定期") \
	X(ONGOING, "ongoing", "常态化")

#define RECUR_ENUM(name, en, zh) RECUR_##name,
enum recur { RECUR_LIST(RECUR_ENUM) RECUR_COUNT };
#undef RECUR_ENUM

const char *recur_name(enum recur r);    /* "yearly"...; NULL for RECUR_NONE */
const char *recur_name_zh(enum recur r); /* "每年"...; NULL for RECUR_NONE */
/* Accept the English or Chinese name (also "none" / "" -> RECUR_NONE). -1 if unknown. */
int recur_parse(const char *s);

/* A proposed task. title: the sentence's leading clause, at most
 * EXTRACT_TITLE_MAX characters; text: the whole sentence. */
#define EXTRACT_TITLE_MAX 24
struct ptask {
	char *title;
	char *text;
	enum recur recur;
	int count; /* N of 至少N次/至少N个, else 0 */
};

/* Split body (UTF-8, paragraphs separated by '\n') into sentences and
 * return those that ask for action. *out is malloc'ed; returns the count. */
size_t extract_tasks(const char *body, struct ptask **out);
/* Recurrence and count of one sentence. */
enum recur extract_recur(const char *sentence, int *count);
void ptasks_free(struct ptask *t, size_t n);

#endif
