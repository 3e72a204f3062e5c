/* deadline.h - deadlines as policy documents write them: 2019年12月底前,
 * 年内, 六月底前, 2019年3月31日前, 上半年, 每年2月底前, 到2020年 … and the
 * standing duties 长期坚持 / 持续推进. */
#ifndef LUOSHI_DEADLINE_H
#define LUOSHI_DEADLINE_H

#include <stddef.h>

enum deadline_kind {
	DL_NONE,    /* no deadline here */
	DL_DATE,    /* a date: iso is set */
	DL_YEARLY,  /* 每年2月底前: iso is the next such date after the reference */
	DL_MONTHLY, /* 每月10日前: likewise */
	DL_ONGOING, /* 长期坚持, 持续推进, 常态化: no date, a standing duty */
};

struct deadline {
	enum deadline_kind kind;
	char iso[11];  /* YYYY-MM-DD for DL_DATE and DL_YEARLY, else "" */
	size_t b, e;   /* the phrase's byte range in the text searched */
};

/* The reference date that phrases without a year (年内, 六月底前) and
 * yearly ones are read against: the document's date, else today. */
struct deadline_ref {
	int year, month, day;
};

/* Find the first deadline phrase in s[0..n). Dates that are not
 * deadlines (自2019年1月1日起施行, 2018年12月30日至2019年1月1日, a date
 * in the past of the story) are not taken. Returns the kind (DL_NONE when
 * there is none). */
enum deadline_kind deadline_find(const char *s, size_t n, const struct deadline_ref *ref,
				 struct deadline *out);

/* Could the phrase deadline_find reports begin at s itself (b == 0)? 0
 * when it surely cannot: a cheap test for a caller that wants only a
 * phrase at the start (在2024年6月底前，…). */
int deadline_may_start(const char *s, size_t n);

/* A whole value a user typed or a table cell holds: an ISO date, or a
 * phrase as above (2020年4月底前, 年底前, 每年3月底前). Returns DL_NONE when
 * the value is not one. */
enum deadline_kind deadline_parse(const char *s, const struct deadline_ref *ref,
				  struct deadline *out);

/* The reference for a document date ("2019-01-22") or, when NULL or
 * malformed, for today (local time). */
void deadline_ref_from(const char *iso, struct deadline_ref *ref);

#endif
