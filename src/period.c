/* period.c - periods of the 督办 cycle and the date arithmetic under them.
 * Dates become day numbers (days since 1970-01-01 in the proleptic
 * Gregorian calendar) so that weeks, month ends and leap years need no
 * time zone and no mktime. */
#include "config.h"
#include "luoshi/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/extract.h"
#include "luoshi/util.h"

/* Dates of periods stay within four-digit years: a period holds a date
 * up to 9998, and a period written by someone ends by 9997, so that the
 * period after it is one too. */
#define PERIOD_YEAR_MAX 9998
#define PERIOD_READ_MAX (PERIOD_YEAR_MAX - 1)

/* ---- day numbers ---- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* The day number of y-m-d: count whole eras of 400 years (146097 days),
 * with the year starting in March so that the leap day comes last. */
static long day_number(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void from_day_number(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 1 Monday ... 7 Sunday (1970-01-01 was a Thursday). */
static int weekday(long z)
{
	long w = (z + 3) % 7;
	return (int)(w < 0 ? w + 7 : w) + 1;
}

static int read_digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

/* YYYY-MM-DD exactly, a real day. */
static int parse_iso(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	if (!s || read_digits(&p, 4, y) || *p++ != '-' || read_digits(&p, 2, m) || *p++ != '-' ||
	    read_digits(&p, 2, d) || *p)
		return -1;
	return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(*y, *m) ? 0 : -1;
}

static void format_iso(int y, int m, int d, char out[11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

long date_days_between(const char *a, const char *b)
{
	int y1, m1, d1, y2, m2, d2;
	if (parse_iso(a, &y1, &m1, &d1) || parse_iso(b, &y2, &m2, &d2))
		return 0;
	return day_number(y2, m2, d2) - day_number(y1, m1, d1);
}

int date_add_days(const char *date, long n, char out[11])
{
	int y, m, d;
	if (parse_iso(date, &y, &m, &d))
		return -1;
	from_day_number(day_number(y, m, d) + n, &y, &m, &d);
	format_iso(y, m, d, out);
	return 0;
}

int date_add_months(const char *date, int n, char out[11])
{
	int y, m, d;
	if (parse_iso(date, &y, &m, &d))
		return -1;
	int last = d == month_days(y, m);
	long months = (long)y * 12 + (m - 1) + n;
	y = (int)(months / 12);
	m = (int)(months % 12) + 1;
	if (last || d > month_days(y, m))
		d = month_days(y, m);
	format_iso(y, m, d, out);
	return 0;
}

/* ---- kinds ---- */

#define PERIOD_KIND_WORD(id, word) word,
static const char *const kind_words[] = {PERIOD_KIND_LIST(PERIOD_KIND_WORD)};
#undef PERIOD_KIND_WORD

int period_kind_parse(const char *word)
{
	int r = word ? recur_parse(word) : -1;
	const char *name = r > 0 ? recur_name((enum recur)r) : word;
	for (int k = 0; name && k < PERIOD_KIND_COUNT; k++)
		if (strcmp(name, kind_words[k]) == 0)
			return k;
	return -1;
}

const char *period_kind_word(enum period_kind k)
{
	return (unsigned)k < PERIOD_KIND_COUNT ? kind_words[k] : "monthly";
}

int period_kind_of_recurrence(const char *recurrence)
{
	int r = recurrence ? recur_parse(recurrence) : -1;
	switch (r) {
	case RECUR_BIENNIAL:
	case RECUR_TRIENNIAL:
	case RECUR_QUINQUENNIAL:
		return PERIOD_YEAR;
	case RECUR_NONE:
	case RECUR_PERIODIC:
	case RECUR_ONGOING:
		return -1;
	default:
		return r < 0 ? -1 : period_kind_parse(recur_name((enum recur)r));
	}
}

/* ---- periods ---- */

/* The Monday of ISO week w of ISO year y: week 1 holds January 4th. */
static long iso_week_start(int y, int w)
{
	long jan4 = day_number(y, 1, 4);
	return jan4 - (weekday(jan4) - 1) + (long)(w - 1) * 7;
}

static void iso_week_of(long monday, int *y, int *w)
{
	int m, d;
	long thursday = monday + 3;
	from_day_number(thursday, y, &m, &d);
	*w = (int)((thursday - day_number(*y, 1, 1)) / 7) + 1;
}

int period_of(enum period_kind k, const char *date, struct period *p)
{
	int y, m, d;
	if (parse_iso(date, &y, &m, &d) || y > PERIOD_YEAR_MAX)
		return -1;
	*p = (struct period){k, y, m, d};
	switch (k) {
	case PERIOD_DAY:
		break;
	case PERIOD_WEEK: {
		long z = day_number(y, m, d);
		from_day_number(z - (weekday(z) - 1), &p->y, &p->m, &p->d);
		break;
	}
	case PERIOD_MONTH:
		p->d = 1;
		break;
	case PERIOD_QUARTER:
		p->m = (m - 1) / 3 * 3 + 1, p->d = 1;
		break;
	case PERIOD_HALF:
		p->m = m <= 6 ? 1 : 7, p->d = 1;
		break;
	default:
		p->kind = PERIOD_YEAR, p->m = p->d = 1;
		break;
	}
	return 0;
}

/* The number of months a period spans (0: a day or a week). */
static int span_months(enum period_kind k)
{
	static const int months[PERIOD_KIND_COUNT] = {0, 0, 1, 3, 6, 12};
	return (unsigned)k < PERIOD_KIND_COUNT ? months[k] : 12;
}

void period_bounds(const struct period *p, char first[11], char last[11])
{
	format_iso(p->y, p->m, p->d, first);
	long z = day_number(p->y, p->m, p->d);
	int y, m, d;
	if (p->kind == PERIOD_DAY || p->kind == PERIOD_WEEK) {
		from_day_number(z + (p->kind == PERIOD_WEEK ? 6 : 0), &y, &m, &d);
		format_iso(y, m, d, last);
		return;
	}
	long months = (long)p->y * 12 + (p->m - 1) + span_months(p->kind);
	from_day_number(day_number((int)(months / 12), (int)(months % 12) + 1, 1) - 1, &y, &m, &d);
	format_iso(y, m, d, last);
}

void period_next(struct period *p)
{
	char first[11], last[11], next[11];
	period_bounds(p, first, last);
	date_add_days(last, 1, next);
	period_of(p->kind, next, p);
}

int period_within(const struct period *a, const struct period *b)
{
	char af[11], al[11], bf[11], bl[11];
	period_bounds(a, af, al);
	period_bounds(b, bf, bl);
	return strcmp(af, bf) >= 0 && strcmp(al, bl) <= 0;
}

void period_format(const struct period *p, char out[PERIOD_TEXT_MAX])
{
	unsigned y = (unsigned)p->y % 10000u;
	int wy, w;
	switch (p->kind) {
	case PERIOD_DAY:
		format_iso(p->y, p->m, p->d, out);
		break;
	case PERIOD_WEEK:
		iso_week_of(day_number(p->y, p->m, p->d), &wy, &w);
		snprintf(out, PERIOD_TEXT_MAX, "%04u-W%02u", (unsigned)wy % 10000u, (unsigned)w % 100u);
		break;
	case PERIOD_MONTH:
		snprintf(out, PERIOD_TEXT_MAX, "%04u-%02u", y, (unsigned)p->m % 100u);
		break;
	case PERIOD_QUARTER:
		snprintf(out, PERIOD_TEXT_MAX, "%04uQ%u", y, (unsigned)(p->m + 2) / 3);
		break;
	case PERIOD_HALF:
		snprintf(out, PERIOD_TEXT_MAX, "%04uH%u", y, p->m <= 6 ? 1u : 2u);
		break;
	default:
		snprintf(out, PERIOD_TEXT_MAX, "%04u", y);
		break;
	}
}

/* ---- reading a period ---- */

static int eat(const char **p, const char *s)
{
	size_t n = strlen(s);
	if (strncmp(*p, s, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* 1 to 2 digits, or one Chinese numeral 一 to 十二 (as a month or a
 * quarter is written). */
static int read_small(const char **p, int *v)
{
	static const char *const zh[] = {"十二", "十一", "十", "一", "二", "三", "四", "五",
					 "六", "七", "八", "九"};
	static const int val[] = {12, 11, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	if (**p >= '0' && **p <= '9') {
		*v = *(*p)++ - '0';
		if (**p >= '0' && **p <= '9')
			*v = *v * 10 + (*(*p)++ - '0');
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(zh); i++)
		if (eat(p, zh[i])) {
			*v = val[i];
			return 0;
		}
	return -1;
}

static int set_period(struct period *p, enum period_kind k, int y, int m, int d)
{
	if (y < 1 || y > PERIOD_READ_MAX || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*p = (struct period){k, y, m, d};
	return 0;
}

/* What follows the year: -11, -11-05, -W45, Q4, H2, or nothing. */
static int parse_latin(const char *q, int y, struct period *p)
{
	int a, b;
	if (!*q)
		return set_period(p, PERIOD_YEAR, y, 1, 1);
	if ((*q == 'Q' || *q == 'q' || *q == 'H' || *q == 'h' || (*q == '-' && q[1] && strchr("QqHh", q[1])))) {
		q += *q == '-';
		int half = *q == 'H' || *q == 'h';
		q++;
		if (read_digits(&q, 1, &a) || *q || a < 1 || a > (half ? 2 : 4))
			return -1;
		return set_period(p, half ? PERIOD_HALF : PERIOD_QUARTER, y, half ? a * 6 - 5 : a * 3 - 2, 1);
	}
	if (q[0] == '-' && (q[1] == 'W' || q[1] == 'w')) {
		q += 2;
		if (read_digits(&q, 2, &a) || *q || a < 1 || a > 53)
			return -1;
		int wy, w;
		long z = iso_week_start(y, a);
		iso_week_of(z, &wy, &w);
		if (wy != y || w != a)
			return -1; /* week 53 of a year of 52 */
		from_day_number(z, &y, &b, &a);
		return set_period(p, PERIOD_WEEK, y, b, a);
	}
	if (*q++ != '-' || read_digits(&q, 2, &a))
		return -1;
	if (!*q)
		return set_period(p, PERIOD_MONTH, y, a, 1);
	if (*q++ != '-' || read_digits(&q, 2, &b) || *q)
		return -1;
	return set_period(p, PERIOD_DAY, y, a, b);
}

/* What follows 2026年: 11月, 第四季度 (四季度), 上半年, or nothing. */
static int parse_zh(const char *q, int y, struct period *p)
{
	int a;
	if (!*q)
		return set_period(p, PERIOD_YEAR, y, 1, 1);
	if (eat(&q, "上半年"))
		return *q ? -1 : set_period(p, PERIOD_HALF, y, 1, 1);
	if (eat(&q, "下半年"))
		return *q ? -1 : set_period(p, PERIOD_HALF, y, 7, 1);
	int nth = eat(&q, "第");
	if (read_small(&q, &a))
		return -1;
	if (eat(&q, "季度"))
		return *q || a < 1 || a > 4 ? -1 : set_period(p, PERIOD_QUARTER, y, a * 3 - 2, 1);
	if (nth || !eat(&q, "月") || *q)
		return -1;
	return set_period(p, PERIOD_MONTH, y, a, 1);
}

int period_parse(const char *s, struct period *p)
{
	const char *q = s;
	int y;
	if (!s || read_digits(&q, 4, &y) || y < 1)
		return -1;
	if (eat(&q, "年"))
		return parse_zh(q, y, p);
	return parse_latin(q, y, p);
}

/* ---- recurring deadlines ---- */

/* The step of a rolling recurrence in months (days for daily and weekly
 * through *days), or 0 when it does not roll. */
static int roll_step(const char *recurrence, int *days)
{
	*days = 0;
	switch (recurrence ? recur_parse(recurrence) : -1) {
	case RECUR_DAILY: return *days = 1, 0;
	case RECUR_WEEKLY: return *days = 7, 0;
	case RECUR_MONTHLY: return 1;
	case RECUR_QUARTERLY: return 3;
	case RECUR_HALFYEARLY: return 6;
	case RECUR_YEARLY: return 12;
	case RECUR_BIENNIAL: return 24;
	case RECUR_TRIENNIAL: return 36;
	case RECUR_QUINQUENNIAL: return 60;
	default: return 0;
	}
}

int period_due_from(const char *recurrence, const char *due, const char *today, char out[11])
{
	int days, months = roll_step(recurrence, &days);
	if ((!months && !days) || !due || parse_iso(due, &(int){0}, &(int){0}, &(int){0}))
		return -1;
	snprintf(out, 11, "%s", due);
	/* k steps from due itself, not one step from the last (a 29th that
	 * met February would stay the 28th, then the month's end) */
	for (long k = 1; strcmp(out, today) < 0 && k <= 100000; k++)
		if ((days ? date_add_days(due, k * days, out)
			  : date_add_months(due, (int)(k * months), out)) != 0)
			return -1;
	return strcmp(out, today) < 0 ? -1 : 0;
}

int period_roll_due(const char *recurrence, const char *due, const char *today, char out[11])
{
	int days, months = roll_step(recurrence, &days);
	if (!months && !days)
		return -1;
	if (due && *due)
		return days ? date_add_days(due, days, out) : date_add_months(due, months, out);
	struct period p;
	char first[11];
	int k = period_kind_of_recurrence(recurrence);
	if (period_of(k < 0 ? PERIOD_YEAR : (enum period_kind)k, today, &p) != 0)
		return -1;
	period_next(&p);
	period_bounds(&p, first, out);
	return 0;
}
