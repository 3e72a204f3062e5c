/* late.c - lateness: days past due and the level they reach. */
#include "config.h"
#include "luoshi/late.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/period.h"
#include "luoshi/util.h"

void late_levels_default(struct late_levels *l)
{
	*l = (struct late_levels){2, {1, 16, 0}};
}

/* Length of a list separator at p (, ， 、 or a space), or 0. */
static size_t list_sep(const char *p)
{
	if (*p == ',' || *p == ' ')
		return 1;
	return strncmp(p, "，", 3) == 0 || strncmp(p, "、", 3) == 0 ? 3 : 0;
}

int late_levels_parse(const char *s, struct late_levels *l)
{
	struct late_levels got = {0, {0}};
	late_levels_default(l);
	while (s && *s) {
		size_t sep = list_sep(s);
		if (sep) {
			s += sep;
			continue;
		}
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s || *s == '-' || *s == '+' || got.n == LATE_MAX_LEVELS || v < 1 ||
		    v > 100000 || (got.n && v <= got.from[got.n - 1]) || (*end && !list_sep(end)))
			return -1;
		got.from[got.n++] = (int)v;
		s = end;
	}
	if (got.n)
		*l = got;
	return 0;
}

void late_levels_format(const struct late_levels *l, char *out, int size)
{
	int used = 0;
	out[0] = '\0';
	for (int i = 0; i < l->n && used < size; i++)
		used += snprintf(out + used, (size_t)(size - used), "%s%d", i ? "," : "", l->from[i]);
}

int late_days(const char *due, const char *today)
{
	long d = due && today ? date_days_between(due, today) : 0;
	return d > 0 ? (int)(d > 1000000 ? 1000000 : d) : 0;
}

enum late_level late_level_of(const struct late_levels *l, int days)
{
	int reached = 0;
	for (int i = 0; i < l->n; i++)
		if (days >= l->from[i])
			reached = i + 1;
	static const enum late_level names[LATE_MAX_LEVELS][LATE_MAX_LEVELS] = {
		{LATE_RED}, {LATE_YELLOW, LATE_RED}, {LATE_YELLOW, LATE_ORANGE, LATE_RED}};
	return reached ? names[l->n - 1][reached - 1] : LATE_NONE;
}

const char *late_word(enum late_level v)
{
	switch (v) {
	case LATE_YELLOW:
		/* TRANSLATORS: the levels of lateness of an overdue task (督办's 黄牌, 橙牌, 红牌) */
		return _("yellow card");
	case LATE_ORANGE:
		return _("orange card");
	case LATE_RED:
		return _("red card");
	default:
		return "";
	}
}

char *late_describe(enum late_level v, int days)
{
	/* TRANSLATORS: a level of lateness and the days late: "红牌 20天" */
	return xasprintf(ngettext("%s, %d day late", "%s, %d days late", days), late_word(v), days);
}
