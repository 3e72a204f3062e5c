/* db_report.c - the periods of the 督办 cycle in the store: progress
 * reports (进展) per period and unit, the periods of a recurring task that
 * are done (and its deadline moving on), what a period asks of each unit
 * (`luoshi due`), and the one line of `luoshi brief`. */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/i18n.h"
#include "luoshi/utf8.h"

/* ---- the periods of a recurring task ---- */

static enum lu_status period_insert(struct db *db, long long task_id, const char *period,
				    const char *due, const char *user, long long now)
{
	static const struct db_sql sql = {
		"INSERT INTO task_periods (task_id, period, status, due, who, at)"
		" VALUES (?1, ?2, 'done', ?3, ?4, ?5) ON CONFLICT (task_id, period) DO NOTHING"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, task_id);
	db_bind_text(st, 2, period);
	db_bind_text(st, 3, due);
	db_bind_text(st, 4, user);
	db_bind_int64(st, 5, now);
	enum lu_status s = db_run(db, st, _("recording a period"));
	if (s == LU_OK && db_changes(db) == 0)
		s = lu_error(LU_CONFLICT, _("period %s of task %lld is done already"), period,
			     task_id);
	return s;
}

enum lu_status db_period_roll(struct db *db, struct db_row *r, long long change_id,
			      const char *user, long long now, int *changed)
{
	char today[11], next[11], ptext[PERIOD_TEXT_MAX];
	const char *due = r->v[DB_F_DUE], *recur = r->v[DB_F_RECURRENCE];
	struct period p;
	lu_today(today);
	int k = period_kind_of_recurrence(recur);
	if (k < 0 || period_of((enum period_kind)k, due ? due : today, &p) != 0 ||
	    period_roll_due(recur, due, today, next) != 0)
		return lu_error(LU_ERR, "task %lld does not recur", r->id);
	period_format(&p, ptext);
	enum lu_status s = period_insert(db, r->id, ptext, due, user, now);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, r->id, user, now, "period", NULL, ptext, 0, 0, 0);
	/* the next period starts afresh */
	if (s == LU_OK)
		s = db_row_apply(db, r, DB_F_DUE, xstrdup(next), change_id, user, now, changed);
	if (s == LU_OK)
		s = db_row_apply(db, r, DB_F_STATUS, xstrdup("todo"), change_id, user, now, changed);
	if (s == LU_OK)
		s = db_row_apply(db, r, DB_F_PROGRESS, xstrdup("0"), change_id, user, now, changed);
	*changed = 1; /* the version moves: the period row is part of the task */
	return s;
}

enum lu_status db_period_revert(struct db *db, const struct db_hist *h, long long change_id,
				const char *user, long long now)
{
	static const struct db_sql sql = {"DELETE FROM task_periods WHERE task_id = ?1 AND period = ?2"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, h->task_id);
	db_bind_text(st, 2, h->new_value);
	enum lu_status s = db_run(db, st, _("undoing a period"));
	if (s == LU_OK && db_changes(db) == 0)
		s = lu_error(LU_CONFLICT, _("cannot undo: period %s of task %lld is no longer done"),
			     h->new_value ? h->new_value : "", h->task_id);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, h->task_id, user, now, "period", h->new_value, NULL, 0,
				h->change_id, 0);
	return s;
}

static int period_row(struct db_stmt *st, void *item, void *ctx)
{
	struct db_period_done *p = item;
	(void)ctx;
	p->period = db_col_dup0(st, 0);
	p->due = db_col_dup(st, 1);
	p->who = db_col_dup0(st, 2);
	p->at = db_col_int64(st, 3);
	return 1;
}

static void period_drop(void *item)
{
	struct db_period_done *p = item;
	free(p->period);
	free(p->due);
	free(p->who);
}

enum lu_status db_task_periods(struct db *db, long long task_id, struct db_period_done **out,
			       size_t *n)
{
	static const struct db_sql sql = {"SELECT period, due, who, at FROM task_periods"
					  " WHERE task_id = ?1 ORDER BY period DESC"};
	static const struct db_rows how = {sizeof **out, period_row, period_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, task_id);
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, _("reading the periods of a task"), &items, n);
	*out = items;
	return s;
}

void db_task_periods_free(struct db_period_done *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		period_drop(&p[i]);
	free(p);
}

/* ---- reports ---- */

struct report_args {
	long long task_id;
	const char *period; /* canonical, or NULL */
	const char *unit, *text, *user;
	int percent;
	long long *id;
};

/* The period a report is for when none is given: the task's reporting
 * period today. */
static enum lu_status default_period(struct db *db, const struct db_task *t,
				     char out[PERIOD_TEXT_MAX])
{
	enum period_kind k;
	struct period p;
	char today[11];
	lu_today(today);
	enum lu_status s = db_task_cycle(db, t, &k);
	if (s == LU_OK && period_of(k, today, &p) == 0)
		period_format(&p, out);
	return s;
}

static enum lu_status report_insert(struct db *db, const struct report_args *a,
				    const char *period, const char *unit, long long now)
{
	static const struct db_sql sql = {
		"INSERT INTO reports (task_id, period, unit, percent, text, author, at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		"INSERT INTO reports (task_id, period, unit, percent, text, author, at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, a->task_id);
	db_bind_text(st, 2, period);
	db_bind_opt(st, 3, unit);
	if (a->percent >= 0)
		db_bind_int64(st, 4, a->percent);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, a->text);
	db_bind_text(st, 6, a->user);
	db_bind_int64(st, 7, now);
	enum lu_status s = db_run(db, st, _("adding a report"));
	if (s == LU_OK)
		*a->id = db_last_id(db);
	return s;
}

/* A percentage given with a report is the task's progress from now on. */
static enum lu_status report_progress(struct db *db, long long task_id, int percent,
				      long long change_id, const char *user, long long now)
{
	struct db_row r;
	int changed = 0;
	enum lu_status s = db_row_load(db, task_id, &r);
	if (s == LU_OK)
		s = db_row_apply(db, &r, DB_F_PROGRESS, xasprintf("%d", percent), change_id, user,
				 now, &changed);
	if (s == LU_OK)
		s = db_row_follow_progress(db, &r, change_id, user, now, &changed);
	if (s == LU_OK && changed)
		s = db_row_store(db, &r, user, now);
	db_row_free(&r);
	return s;
}

static enum lu_status report_tx(struct db *db, void *ctx)
{
	const struct report_args *a = ctx;
	struct db_task t;
	char period[PERIOD_TEXT_MAX];
	long long change_id = 0, now = lu_now();
	enum lu_status s = db_task_get(db, a->task_id, &t);
	if (s != LU_OK)
		return s;
	snprintf(period, sizeof period, "%s", a->period ? a->period : "");
	if (!a->period)
		s = default_period(db, &t, period);
	const char *unit = a->unit ? a->unit : t.unit;
	if (s == LU_OK)
		s = db_next_change(db, &change_id);
	if (s == LU_OK)
		s = report_insert(db, a, period, unit, now);
	char *what = xasprintf("%s %s", period, a->text);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, a->task_id, a->user, now, "report", NULL, what, *a->id,
				0, 0);
	free(what);
	if (s == LU_OK && a->percent >= 0)
		s = report_progress(db, a->task_id, a->percent, change_id, a->user, now);
	if (s == LU_OK) /* others' screens show the report and the progress */
		s = db_log(db, DB_LOG_TASK, 0, 0, a->task_id);
	db_task_free(&t);
	return s;
}

static enum lu_status report_check(const char *text, const char *unit, int percent)
{
	size_t n = text ? strlen(text) : 0;
	while (n && strchr(" \t\r\n", text[n - 1]))
		n--;
	if (!n)
		return lu_error(LU_USAGE, _("a report needs some text"));
	if (utf8_check(text, strlen(text)) != (size_t)-1 ||
	    (unit && utf8_check(unit, strlen(unit)) != (size_t)-1))
		return lu_error(LU_USAGE, _("the report is not valid UTF-8 text"));
	if (percent < -1 || percent > 100)
		return lu_error(LU_USAGE, _("a report's percentage is a whole number from 0 to 100"));
	return LU_OK;
}

enum lu_status db_report_add(struct db *db, long long task_id, const char *period,
			     const char *unit, int percent, const char *text, const char *user,
			     long long *report_id)
{
	long long tmp;
	char canon[PERIOD_TEXT_MAX];
	struct period p;
	if (!report_id)
		report_id = &tmp;
	*report_id = 0;
	if (db->readonly)
		return db_readonly_error(db);
	enum lu_status s = report_check(text, unit, percent);
	if (s == LU_OK && period && period_parse(period, &p) != 0)
		s = lu_error(LU_USAGE, _("\"%s\" is not a period (2026-11, 2026Q4, 2026H2, 2026,"
					 " 2026-W45 or 2026年11月)"), period);
	if (s != LU_OK)
		return s;
	if (period)
		period_format(&p, canon);
	struct report_args a = {task_id, period ? canon : NULL, unit && *unit ? unit : NULL,
				text, db_who(db, user), percent, report_id};
	s = db_write(db, report_tx, &a);
	if (s != LU_OK)
		*report_id = 0;
	return s;
}

enum lu_status db_report_revert(struct db *db, const struct db_hist *h, long long ref,
				long long change_id, const char *user, long long now)
{
	static const struct db_sql sql = {"DELETE FROM reports WHERE id = ?1 AND task_id = ?2"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, ref);
	db_bind_int64(st, 2, h->task_id);
	enum lu_status s = db_run(db, st, _("removing a report"));
	if (s == LU_OK && db_changes(db) == 0)
		s = lu_error(LU_CONFLICT, _("cannot undo: the report on task %lld is gone"),
			     h->task_id);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, h->task_id, user, now, "report", h->new_value, NULL,
				ref, h->change_id, 0);
	return s;
}

static int report_row(struct db_stmt *st, void *item, void *ctx)
{
	struct db_report *r = item;
	(void)ctx;
	r->id = db_col_int64(st, 0);
	r->task_id = db_col_int64(st, 1);
	r->period = db_col_dup0(st, 2);
	r->unit = db_col_dup(st, 3);
	r->percent = db_col_text(st, 4) ? db_col_int(st, 4) : -1;
	r->text = db_col_dup0(st, 5);
	r->author = db_col_dup0(st, 6);
	r->at = db_col_int64(st, 7);
	return 1;
}

static void report_drop(void *item)
{
	struct db_report *r = item;
	free(r->period);
	free(r->unit);
	free(r->text);
	free(r->author);
}

enum lu_status db_reports(struct db *db, long long task_id, struct db_report **out, size_t *n)
{
	static const struct db_sql sql = {
		"SELECT id, task_id, period, unit, percent, text, author, at FROM reports"
		" WHERE task_id = ?1 ORDER BY period DESC, at, id"};
	static const struct db_rows how = {sizeof **out, report_row, report_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, task_id);
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, _("reading reports"), &items, n);
	*out = items;
	return s;
}

void db_reports_free(struct db_report *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		report_drop(&r[i]);
	free(r);
}

/* ---- luoshi brief ---- */

/* ?1 today, ?2 the owner, ?3 the lead or assisting unit (or NULL), ?4 a
 * week from today, ?5 1: every task waiting for review. Each count is of
 * the union of the owner's, the lead unit's and the assisted tasks, each
 * found through its own index (tasks_owner, tasks_unit, tasks_assist), so
 * that it reads only the entries it counts. */
#define BRIEF_SET(INSTR, COND) \
	"(SELECT id FROM tasks WHERE owner = ?2 AND " COND \
	" UNION SELECT id FROM tasks WHERE unit = ?3 AND " COND \
	" UNION SELECT id FROM tasks WHERE assist IS NOT NULL AND " INSTR("assist", "?3") " > 0" \
	" AND " COND ") AS x"
#define BRIEF_OPEN "status IN ('todo','doing','blocked')"
#define BRIEF_SQL(INSTR) \
	"SELECT (SELECT count(*) FROM " BRIEF_SET(INSTR, BRIEF_OPEN " AND due < ?1") ")," \
	" (SELECT count(*) FROM " BRIEF_SET(INSTR, BRIEF_OPEN " AND due >= ?1 AND due <= ?4") ")," \
	" CASE WHEN ?5 = 1 THEN (SELECT coalesce(sum(n), 0) FROM doc_counts WHERE status = 'done')" \
	" ELSE (SELECT count(*) FROM " BRIEF_SET(INSTR, "status = 'done'") ") END"
#define LITE_INSTR_(h, n) "instr(" h ", " n ")"
#define PG_INSTR_(h, n) "strpos(" h ", " n "::text)"

enum lu_status db_brief(struct db *db, const char *owner, const char *unit, int all_review,
			struct db_brief *out)
{
	static const struct db_sql sql = {BRIEF_SQL(LITE_INSTR_), BRIEF_SQL(PG_INSTR_)};
	char today[11], week[11];
	memset(out, 0, sizeof *out);
	lu_today(today);
	date_add_days(today, 7, week);
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_text(st, 1, today);
	db_bind_text(st, 2, owner);
	db_bind_opt(st, 3, unit);
	db_bind_text(st, 4, week);
	db_bind_int64(st, 5, all_review ? 1 : 0);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->late = db_col_int(st, 0);
		out->week = db_col_int(st, 1);
		out->review = db_col_int(st, 2);
	}
	enum lu_status s = db_check(db, st, rc, _("counting your tasks"));
	db_reset(st);
	return s;
}
