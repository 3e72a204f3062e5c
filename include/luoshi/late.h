/* late.h - how late an overdue task is: days past its due date, and the
 * level those days reach (黄牌 from 1 day, 红牌 from 16 by default; a
 * setting of the database tunes the thresholds). Shown in words, so no
 * colour is needed, and in colour where there is some. No curses. */
#ifndef LUOSHI_LATE_H
#define LUOSHI_LATE_H

/* The levels, mildest first. A setting of one threshold gives red only,
 * of two yellow and red, of three all of them. */
enum late_level { LATE_NONE, LATE_YELLOW, LATE_ORANGE, LATE_RED };

#define LATE_MAX_LEVELS 3

struct late_levels {
	int n;
	int from[LATE_MAX_LEVELS]; /* the first late day of each level, rising */
};

/* The default: 1,16 (yellow 1-15 days, red from 16). */
void late_levels_default(struct late_levels *l);
/* "1,16" or "1,8,31" (also 、 or ， between): 1 to 3 whole numbers of
 * days, each above the one before, the first at least 1. 0 on success;
 * -1 when s is not such a list (l is then the default). An empty s is
 * the default. */
int late_levels_parse(const char *s, struct late_levels *l);
/* The setting's text for l ("1,16"); out of at least 40 bytes. */
void late_levels_format(const struct late_levels *l, char *out, int size);
/* Days late: today - due when due is before today, else 0 (due NULL: 0). */
int late_days(const char *due, const char *today);
/* The level days reach. */
enum late_level late_level_of(const struct late_levels *l, int days);
/* The level's word in the user's language ("红牌" / "red card"); "" for
 * LATE_NONE. */
const char *late_word(enum late_level v);
/* "红牌 20天" / "red card, 20 days late": the words of days late at
 * level v, malloc'ed. */
char *late_describe(enum late_level v, int days);

#endif
