/* period.h - the periods of the 督办 cycle: a day (2026-11-05), an ISO
 * week (2026-W45), a month (2026-11), a quarter (2026Q4), a half year
 * (2026H2) or a year (2026). Which period a date falls in for a
 * reporting cycle, its first and last day, and where a recurring task's
 * deadline moves when one of its periods is done. Dates are ISO text
 * (YYYY-MM-DD), as the store keeps them. No curses, no store. */
#ifndef LUOSHI_PERIOD_H
#define LUOSHI_PERIOD_H

/* The kinds, finest first; the words are the recurrence words of the
 * cycle (extract.h's RECUR_LIST) that report in such periods. */
#define PERIOD_KIND_LIST(X) \
	X(DAY, "daily") \
	X(WEEK, "weekly") \
	X(MONTH, "monthly") \
	X(QUARTER, "quarterly") \
	X(HALF, "halfyearly") \
	X(YEAR, "yearly")

#define PERIOD_KIND_ENUM(id, word) PERIOD_##id,
enum period_kind { PERIOD_KIND_LIST(PERIOD_KIND_ENUM) PERIOD_KIND_COUNT };
#undef PERIOD_KIND_ENUM

/* A period: its kind and its first day. */
struct period {
	enum period_kind kind;
	int y, m, d;
};

#define PERIOD_TEXT_MAX 16 /* "2026-11-05", "2026-W45", "2026Q4" with the NUL */

/* The kind whose cycle word is word ("monthly"; also 每月 and the other
 * Chinese names of the recurrences), or -1. */
int period_kind_parse(const char *word);
const char *period_kind_word(enum period_kind k);
/* The reporting cycle of a recurrence: daily ... yearly report in their
 * own periods, the multi-year ones yearly; none, periodic and ongoing
 * have no cycle of their own (-1: the caller's default applies). */
int period_kind_of_recurrence(const char *recurrence);

/* A period as written: 2026-11-05, 2026-W45, 2026-11, 2026Q4 (also
 * 2026-Q4, 2026q4), 2026H2, 2026, and in Chinese 2026年11月,
 * 2026年第四季度 (第4季度, 四季度), 2026年上半年/下半年, 2026年. 0 on
 * success, -1 when s is not one. */
int period_parse(const char *s, struct period *p);
/* The canonical text (what the store keeps): 2026-11, 2026Q4 ... */
void period_format(const struct period *p, char out[PERIOD_TEXT_MAX]);
/* The period of kind k that holds date (ISO); -1 when date is not one. */
int period_of(enum period_kind k, const char *date, struct period *p);
/* Its first and last day. */
void period_bounds(const struct period *p, char first[11], char last[11]);
/* The period after p, of the same kind. */
void period_next(struct period *p);
/* 1 when a (of any kind) lies within b: 2026-11 within 2026Q4. */
int period_within(const struct period *a, const struct period *b);

/* ---- dates ---- */

/* Days from a to b (b - a), both ISO; 0 when either is not a date. */
long date_days_between(const char *a, const char *b);
/* date plus n months: the same day, or the last day of the month when
 * date is the last of its own or the target month is shorter. */
int date_add_months(const char *date, int n, char out[11]);
int date_add_days(const char *date, long n, char out[11]);

/* Where the deadline of a recurring task moves when its period is done:
 * due plus the recurrence's step (a month for monthly, three for
 * quarterly ... five years for quinquennial, seven days for weekly),
 * month ends kept; without a due date, the last day of the period after
 * the one that holds today. 0 and out filled; -1 when the recurrence does
 * not roll (none, periodic, ongoing). */
int period_roll_due(const char *recurrence, const char *due, const char *today, char out[11]);
/* The first deadline of a recurring task, due plus a whole number of
 * steps of its recurrence, that is not before today (due itself when it is
 * not): each counted from due, so 每月29日前 stays on the 29th where the
 * month has one. 0 and out filled; -1 when the recurrence does not roll
 * or due is no date. */
int period_due_from(const char *recurrence, const char *due, const char *today, char out[11]);

#endif
