/* test_period.c - periods of the 督办 cycle, the dates under them, where a
 * recurring deadline moves, and lateness levels. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "luoshi/late.h"
#include "luoshi/period.h"
#include "luoshi/util.h"

/* parse, then format: the canonical text, or "-" when refused */
static const char *canon(const char *s)
{
	static char out[PERIOD_TEXT_MAX];
	struct period p;
	if (period_parse(s, &p) != 0)
		return "-";
	period_format(&p, out);
	return out;
}

static const char *bounds(const char *s)
{
	static char out[32];
	struct period p;
	char first[11], last[11];
	if (period_parse(s, &p) != 0)
		return "-";
	period_bounds(&p, first, last);
	snprintf(out, sizeof out, "%s %s", first, last);
	return out;
}

static void test_parse(void)
{
	CHECK_STR(canon("2026-11"), "2026-11");
	CHECK_STR(canon("2026Q4"), "2026Q4");
	CHECK_STR(canon("2026q4"), "2026Q4");
	CHECK_STR(canon("2026-Q1"), "2026Q1");
	CHECK_STR(canon("2026H2"), "2026H2");
	CHECK_STR(canon("2026"), "2026");
	CHECK_STR(canon("2026-W45"), "2026-W45");
	CHECK_STR(canon("2026-11-05"), "2026-11-05");
	CHECK_STR(canon("2026年11月"), "2026-11");
	CHECK_STR(canon("2026年1月"), "2026-01");
	CHECK_STR(canon("2026年十二月"), "2026-12");
	CHECK_STR(canon("2026年第四季度"), "2026Q4");
	CHECK_STR(canon("2026年第2季度"), "2026Q2");
	CHECK_STR(canon("2026年三季度"), "2026Q3");
	CHECK_STR(canon("2026年上半年"), "2026H1");
	CHECK_STR(canon("2026年下半年"), "2026H2");
	CHECK_STR(canon("2026年"), "2026");
	/* refused */
	CHECK_STR(canon("2026-13"), "-");
	CHECK_STR(canon("2026Q5"), "-");
	CHECK_STR(canon("2026H3"), "-");
	CHECK_STR(canon("2026-02-30"), "-");
	CHECK_STR(canon("2025-W53"), "-"); /* 2025 has 52 ISO weeks */
	CHECK_STR(canon("2026-W53"), "2026-W53"); /* 2026 began on a Thursday: 53 */
	CHECK_STR(canon("26-11"), "-");
	CHECK_STR(canon("2026年第十三月"), "-");
	CHECK_STR(canon("2026年第11月"), "-");
	CHECK_STR(canon("2026-11x"), "-");
	CHECK_STR(canon(""), "-");
	/* a dash at the end is not a half year or a quarter (the reader
	 * once stepped over the end of the text there: fuzz/fuzz_period.c) */
	CHECK_STR(canon("2026-"), "-");
	CHECK_STR(canon("2026-Q"), "-");
	/* the last period written has a next one with four-digit dates */
	CHECK_STR(canon("9997"), "9997");
	CHECK_STR(canon("9998"), "-");
	CHECK_STR(canon("9999-W52"), "-");
}

static void test_bounds(void)
{
	CHECK_STR(bounds("2024-02"), "2024-02-01 2024-02-29");
	CHECK_STR(bounds("2026-02"), "2026-02-01 2026-02-28");
	CHECK_STR(bounds("2026Q4"), "2026-10-01 2026-12-31");
	CHECK_STR(bounds("2026H1"), "2026-01-01 2026-06-30");
	CHECK_STR(bounds("2026"), "2026-01-01 2026-12-31");
	CHECK_STR(bounds("2026-W01"), "2025-12-29 2026-01-04");
	CHECK_STR(bounds("2026-11-05"), "2026-11-05 2026-11-05");
	struct period p;
	char t[PERIOD_TEXT_MAX];
	CHECK_INT(period_of(PERIOD_WEEK, "2027-01-01", &p), 0);
	period_format(&p, t);
	CHECK_STR(t, "2026-W53");
	CHECK_INT(period_of(PERIOD_QUARTER, "2026-11-10", &p), 0);
	period_format(&p, t);
	CHECK_STR(t, "2026Q4");
	period_next(&p);
	period_format(&p, t);
	CHECK_STR(t, "2027Q1");
	CHECK_INT(period_of(PERIOD_MONTH, "2026-12-31", &p), 0);
	period_next(&p);
	period_format(&p, t);
	CHECK_STR(t, "2027-01");
	CHECK_INT(period_of(PERIOD_MONTH, "2026-13-01", &p), -1);
	struct period a, b;
	period_parse("2026-11", &a);
	period_parse("2026Q4", &b);
	CHECK(period_within(&a, &b));
	CHECK(!period_within(&b, &a));
	period_parse("2026-09", &a);
	CHECK(!period_within(&a, &b));
}

static const char *roll(const char *recur, const char *due, const char *today)
{
	static char out[11];
	return period_roll_due(recur, due, today, out) == 0 ? out : "-";
}

static void test_dates(void)
{
	CHECK_INT(date_days_between("2026-01-31", "2026-03-01"), 29);
	CHECK_INT(date_days_between("2024-01-31", "2024-03-01"), 30);
	CHECK_INT(date_days_between("2026-03-01", "2026-01-31"), -29);
	CHECK_INT(date_days_between("1999-12-31", "2000-01-01"), 1);
	CHECK_INT(date_days_between("bad", "2000-01-01"), 0);
	char out[11];
	CHECK_INT(date_add_months("2026-01-31", 1, out), 0);
	CHECK_STR(out, "2026-02-28");
	CHECK_INT(date_add_months("2026-02-28", 1, out), 0);
	CHECK_STR(out, "2026-03-31"); /* a month end stays a month end */
	CHECK_INT(date_add_months("2026-01-10", 1, out), 0);
	CHECK_STR(out, "2026-02-10");
	CHECK_INT(date_add_months("2024-02-29", 12, out), 0);
	CHECK_STR(out, "2025-02-28");
	CHECK_INT(date_add_months("2026-11-30", 3, out), 0);
	CHECK_STR(out, "2027-02-28");
	CHECK_INT(date_add_days("2026-12-31", 1, out), 0);
	CHECK_STR(out, "2027-01-01");
	/* recurring deadlines */
	CHECK_STR(roll("monthly", "2026-01-31", "2026-01-20"), "2026-02-28");
	CHECK_STR(roll("monthly", "2026-01-10", "2026-01-20"), "2026-02-10");
	CHECK_STR(roll("quarterly", "2026-03-31", "2026-01-20"), "2026-06-30");
	CHECK_STR(roll("halfyearly", "2026-06-30", "2026-01-20"), "2026-12-31");
	CHECK_STR(roll("yearly", "2026-12-31", "2026-01-20"), "2027-12-31");
	CHECK_STR(roll("biennial", "2026-12-31", "2026-01-20"), "2028-12-31");
	CHECK_STR(roll("weekly", "2026-11-08", "2026-11-05"), "2026-11-15");
	CHECK_STR(roll("daily", "2026-11-08", "2026-11-05"), "2026-11-09");
	CHECK_STR(roll("每月", "2026-11-30", "2026-11-05"), "2026-12-31");
	/* no due date: the end of the next period */
	CHECK_STR(roll("monthly", NULL, "2026-11-05"), "2026-12-31");
	CHECK_STR(roll("quarterly", NULL, "2026-11-05"), "2027-03-31");
	CHECK_STR(roll("ongoing", "2026-11-30", "2026-11-05"), "-");
	CHECK_STR(roll("periodic", NULL, "2026-11-05"), "-");
	CHECK_STR(roll(NULL, "2026-11-30", "2026-11-05"), "-");
	/* cycles */
	CHECK_INT(period_kind_of_recurrence("monthly"), PERIOD_MONTH);
	CHECK_INT(period_kind_of_recurrence("每季度"), PERIOD_QUARTER);
	CHECK_INT(period_kind_of_recurrence("triennial"), PERIOD_YEAR);
	CHECK_INT(period_kind_of_recurrence("ongoing"), -1);
	CHECK_INT(period_kind_of_recurrence(NULL), -1);
	CHECK_INT(period_kind_parse("halfyearly"), PERIOD_HALF);
	CHECK_INT(period_kind_parse("每周"), PERIOD_WEEK);
	CHECK_INT(period_kind_parse("biennial"), -1);
	CHECK_INT(period_kind_parse("x"), -1);
}

static void test_late(void)
{
	struct late_levels l;
	char buf[48];
	late_levels_default(&l);
	CHECK_INT(late_level_of(&l, 0), LATE_NONE);
	CHECK_INT(late_level_of(&l, 1), LATE_YELLOW);
	CHECK_INT(late_level_of(&l, 15), LATE_YELLOW);
	CHECK_INT(late_level_of(&l, 16), LATE_RED);
	CHECK_INT(late_levels_parse("3,8,31", &l), 0);
	CHECK_INT(late_level_of(&l, 2), LATE_NONE);
	CHECK_INT(late_level_of(&l, 3), LATE_YELLOW);
	CHECK_INT(late_level_of(&l, 8), LATE_ORANGE);
	CHECK_INT(late_level_of(&l, 31), LATE_RED);
	late_levels_format(&l, buf, sizeof buf);
	CHECK_STR(buf, "3,8,31");
	CHECK_INT(late_levels_parse("5", &l), 0);
	CHECK_INT(late_level_of(&l, 4), LATE_NONE);
	CHECK_INT(late_level_of(&l, 5), LATE_RED);
	CHECK_INT(late_levels_parse("1、10", &l), 0);
	CHECK_INT(l.n, 2);
	CHECK_INT(late_levels_parse("10,5", &l), -1);
	CHECK_INT(l.from[1], 16); /* refused: the default */
	CHECK_INT(late_levels_parse("0,5", &l), -1);
	CHECK_INT(late_levels_parse("1,2,3,4", &l), -1);
	CHECK_INT(late_levels_parse("1,x", &l), -1);
	CHECK_INT(late_levels_parse("-1", &l), -1);
	CHECK_INT(late_levels_parse("", &l), 0);
	CHECK_INT(l.n, 2);
	CHECK_INT(late_days("2026-11-01", "2026-11-21"), 20);
	CHECK_INT(late_days("2026-11-21", "2026-11-21"), 0);
	CHECK_INT(late_days("2026-12-01", "2026-11-21"), 0);
	CHECK_INT(late_days(NULL, "2026-11-21"), 0);
	char *s = late_describe(LATE_RED, 20);
	CHECK_STR(s, "red card, 20 days late");
	free(s);
	s = late_describe(LATE_YELLOW, 1);
	CHECK_STR(s, "yellow card, 1 day late");
	free(s);
}

int main(void)
{
	test_parse();
	test_bounds();
	test_dates();
	test_late();
	return check_done();
}
