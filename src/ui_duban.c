/* ui_duban.c - the 督办 cycle on the screens (see ui_duban.h). */
#include "config.h"
#include "luoshi/ui_duban.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/ui_prompt.h"

static struct late_levels levels = {2, {1, 16, 0}};

void ui_duban_refresh(void)
{
	if (db_late_levels(ui_db(), &levels) != LU_OK)
		late_levels_default(&levels);
}

enum late_level ui_duban_late(const struct db_task *t, int *days)
{
	char today[11];
	lu_today(today);
	*days = t->overdue ? late_days(t->due, today) : 0;
	return late_level_of(&levels, *days);
}

attr_t ui_duban_late_attr(enum late_level v)
{
	return v == LATE_NONE ? A_NORMAL : v == LATE_RED ? ui_attr(ROLE_OVERDUE) : ui_attr(ROLE_LATE);
}

/* ---- the keys ---- */

struct pending {
	long long id;
	int version;
	enum ui_action a;
};

/* "60% text": the percentage given first, or -1. */
static int leading_percent(const char *text, const char **rest)
{
	char *end;
	long v = strtol(text, &end, 10);
	*rest = text;
	if (end == text || v < 0 || v > 100)
		return -1;
	if (*end == '%')
		end++;
	else if (!strncmp(end, "％", 3))
		end += 3;
	else
		return -1;
	while (*end == ' ')
		end++;
	*rest = end;
	return (int)v;
}

static enum lu_status write_it(const struct pending *p, const char *text)
{
	const char *rest;
	int pct;
	switch (p->a) {
	case ACT_ADD_REPORT:
		pct = leading_percent(text, &rest);
		return db_report_add(ui_db(), p->id, NULL, NULL, pct, rest, lu_username(), NULL);
	case ACT_CLOSE_TASK:
		return db_task_close(ui_db(), p->id, text, p->version, lu_username());
	case ACT_REOPEN_TASK:
		return db_task_reopen(ui_db(), p->id, text, p->version, lu_username());
	default:
		return db_task_rechecked(ui_db(), p->id, text, p->version, lu_username());
	}
}

static int prompt_done(struct view *v, const char *text, void *arg)
{
	struct pending *p = arg;
	(void)v;
	if (!text) {
		free(p);
		return R_NONE;
	}
	enum lu_status st = write_it(p, text);
	if (st == LU_USAGE) {
		ui_msg("%s", lu_errmsg());
		return R_KEEP; /* a report without text, a reopen without reason */
	}
	long long id = p->id;
	enum ui_action a = p->a;
	free(p);
	if (st != LU_OK) {
		ui_msg("%s", lu_errmsg()); /* a conflict says nothing was changed */
		return st == LU_CONFLICT ? R_CHANGED | R_RELOAD : R_NONE;
	}
	if (a == ACT_ADD_REPORT)
		ui_msg(_("task %lld: report added (u undoes)"), id);
	else if (a == ACT_CLOSE_TASK)
		ui_msg(_("task %lld closed (已销号) (u undoes)"), id);
	else if (a == ACT_REOPEN_TASK)
		ui_msg(_("task %lld sent back (u undoes)"), id);
	else
		ui_msg(_("task %lld: 回头看 recorded (u undoes)"), id);
	return R_CHANGED;
}

/* The period a report made today goes to, for the prompt. */
static void report_period(const struct db_task *t, char out[PERIOD_TEXT_MAX])
{
	enum period_kind k = PERIOD_MONTH;
	struct period p;
	char today[11];
	lu_today(today);
	db_task_cycle(ui_db(), t, &k);
	out[0] = '\0';
	if (period_of(k, today, &p) == 0)
		period_format(&p, out);
}

/* Said before asking for any text: the review does not fit the task's
 * status (the store refuses it too, but only after the typing). */
static int unfit(const struct db_task *t, enum ui_action a)
{
	if (a == ACT_CLOSE_TASK && t->status == TASK_CLOSED)
		ui_msg(_("task %lld is closed (已销号) already"), t->id);
	else if (a == ACT_CLOSE_TASK && t->status != TASK_DONE)
		ui_msg(_("task %lld is not done: mark it done (3) before 销号"), t->id);
	else if (a == ACT_REOPEN_TASK && t->status != TASK_DONE && t->status != TASK_CLOSED)
		ui_msg(_("task %lld is neither done nor closed: nothing to send back"), t->id);
	else if (a == ACT_RECHECK && t->status != TASK_CLOSED)
		ui_msg(_("task %lld is not closed: 回头看 is for closed tasks"), t->id);
	else
		return 0;
	return 1;
}

int ui_duban_key(const struct db_task *t, enum ui_action a)
{
	char *label;
	if (unfit(t, a))
		return R_NONE;
	char period[PERIOD_TEXT_MAX];
	switch (a) {
	case ACT_ADD_REPORT:
		report_period(t, period);
		/* TRANSLATORS: the prompt of a progress report; 60% first sets the progress */
		/* the label has half the line (40 columns at 80): the whole
		 * hint fits there, in every language (the tryout saw it cut) */
		label = xasprintf(_("%s report (60%% … sets progress): "), period);
		break;
	case ACT_CLOSE_TASK:
		label = xasprintf(_("close task %lld, evidence (佐证材料): "), t->id);
		break;
	case ACT_REOPEN_TASK:
		label = xasprintf(_("send task %lld back, reason: "), t->id);
		break;
	case ACT_RECHECK:
		label = xasprintf(_("回头看 of task %lld, found: "), t->id);
		break;
	default:
		return R_UNHANDLED;
	}
	if (ui_refuse_readonly()) {
		free(label);
		return R_NONE;
	}
	struct pending *p = xmalloc(sizeof *p);
	*p = (struct pending){t->id, t->version, a};
	ui_prompt_line(label, "", prompt_done, p);
	free(label);
	return R_NONE;
}

/* ---- the detail ---- */

static void heading(struct wtext *text, const char *h)
{
	wtext_blank(text, 0);
	wtext_add(text, h, ROLE_HEADING, 0, 0, 0);
}

static void add_reports(struct wtext *text, long long id)
{
	struct db_report *r = NULL;
	size_t n = 0;
	if (db_reports(ui_db(), id, &r, &n) != LU_OK || !n) {
		db_reports_free(r, n);
		return;
	}
	heading(text, _("Reports by period"));
	for (size_t i = 0; i < n; i++) {
		char when[17];
		if (i == 0 || strcmp(r[i].period, r[i - 1].period) != 0)
			wtext_add(text, r[i].period, ROLE_NORMAL, 2, 2, 0);
		lu_format_time(r[i].at, when);
		char *pct = r[i].percent >= 0 ? xasprintf("  %d%%", r[i].percent) : xstrdup("");
		char *s = xasprintf("    %s  %s  %s%s", when, r[i].unit ? r[i].unit : "", r[i].author, pct);
		wtext_add(text, s, ROLE_DIM, 0, 6, 0);
		wtext_add(text, r[i].text, ROLE_NORMAL, 6, 6, 0);
		free(s);
		free(pct);
	}
	db_reports_free(r, n);
}

static void add_periods(struct wtext *text, long long id)
{
	struct db_period_done *p = NULL;
	size_t n = 0;
	if (db_task_periods(ui_db(), id, &p, &n) != LU_OK || !n) {
		db_task_periods_free(p, n);
		return;
	}
	heading(text, _("Periods done"));
	for (size_t i = 0; i < n; i++) {
		/* TRANSLATORS: a period of a recurring task done: the period, its deadline, who */
		char *s = xasprintf(_("  %s  due %s, done by %s"), p[i].period, p[i].due ? p[i].due : "-",
				    p[i].who);
		wtext_add(text, s, ROLE_NORMAL, 0, 4, 0);
		free(s);
	}
	db_task_periods_free(p, n);
}

static const char *review_word(enum db_review_kind k)
{
	return k == DB_REVIEW_CLOSE ? _("closed (销号)") : k == DB_REVIEW_REOPEN ? _("sent back")
										  : _("回头看");
}

static void add_reviews(struct wtext *text, long long id)
{
	struct db_review *r = NULL;
	size_t n = 0;
	if (db_reviews(ui_db(), id, &r, &n) != LU_OK || !n) {
		db_reviews_free(r, n);
		return;
	}
	heading(text, _("Review"));
	for (size_t i = 0; i < n; i++) {
		char when[17];
		lu_format_time(r[i].at, when);
		char *s = xasprintf("  %s  %s  %s", when, r[i].who, review_word(r[i].kind));
		wtext_add(text, s, ROLE_DIM, 0, 4, 0);
		if (r[i].text)
			wtext_add(text, r[i].text, ROLE_NORMAL, 4, 4, 0);
		free(s);
	}
	db_reviews_free(r, n);
}

void ui_duban_detail(struct wtext *text, const struct db_task *t)
{
	int days;
	enum late_level v = ui_duban_late(t, &days);
	if (v || t->recheck)
		heading(text, _("督办"));
	if (v) {
		char *s = late_describe(v, days);
		char *line = xasprintf(_("  lateness: %s"), s);
		wtext_add(text, line, v == LATE_RED ? ROLE_OVERDUE : ROLE_LATE, 0, 4, 0);
		free(line);
		free(s);
	}
	if (t->recheck) {
		char *line = xasprintf(_("  回头看: %s"), t->recheck);
		wtext_add(text, line, ROLE_NORMAL, 0, 4, 0);
		free(line);
	}
	add_reports(text, t->id);
	add_periods(text, t->id);
	add_reviews(text, t->id);
}
