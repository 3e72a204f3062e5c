/* db_review.c - the review of a finished task: 销号 (closing it, with the
 * evidence named), sending it back with the reason, and the 回头看 that
 * looks at it again months later. Who may review is the reviewers
 * setting, checked here, inside the change, so that no screen or command
 * can go around it. */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/utf8.h"

static const char *const kind_names[] = {"close", "reopen", "recheck"};
/* the history field of each kind */
static const char *const kind_fields[] = {"close", "reopen", "rechecked"};

const char *db_review_kind_name(enum db_review_kind k)
{
	return (unsigned)k < ARRAY_SIZE(kind_names) ? kind_names[k] : "close";
}

struct review_args {
	long long id;
	enum db_review_kind kind;
	const char *text, *user;
	int expect_version;
};

/* What a task must be for a review of kind k. */
static enum lu_status check_state(const struct db_row *r, enum db_review_kind k)
{
	const char *st = r->v[DB_F_STATUS];
	/* the status as users read it (未开始, not todo: the tryout) */
	const char *shown = st ? label_value("status", st) : "";
	if (k == DB_REVIEW_CLOSE && db_same(st, "closed"))
		return lu_error(LU_ERR, _("task %lld is closed (已销号) already"), r->id);
	if (k == DB_REVIEW_CLOSE && !db_same(st, "done"))
		return lu_error(LU_ERR, _("task %lld is %s, not done: a task is closed (销号) once"
					  " its unit has marked it done"), r->id, shown);
	if (k == DB_REVIEW_REOPEN && !db_same(st, "done") && !db_same(st, "closed"))
		return lu_error(LU_ERR, _("task %lld is %s: only a done or closed task is sent"
					  " back"), r->id, shown);
	if (k == DB_REVIEW_RECHECK && !db_same(st, "closed"))
		return lu_error(LU_ERR, _("task %lld is %s: 回头看 is for closed tasks"), r->id,
				shown);
	return LU_OK;
}

static enum lu_status review_insert(struct db *db, const struct review_args *a, long long now,
				    long long *review_id)
{
	static const struct db_sql sql = {
		"INSERT INTO reviews (task_id, kind, text, who, at) VALUES (?1, ?2, ?3, ?4, ?5)",
		"INSERT INTO reviews (task_id, kind, text, who, at) VALUES (?1, ?2, ?3, ?4, ?5)"
		" RETURNING id"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, a->id);
	db_bind_text(st, 2, kind_names[a->kind]);
	db_bind_opt(st, 3, a->text);
	db_bind_text(st, 4, a->user);
	db_bind_int64(st, 5, now);
	enum lu_status s = db_run(db, st, _("recording a review"));
	if (s == LU_OK)
		*review_id = db_last_id(db);
	return s;
}

/* The document of the task at node_id. */
static enum lu_status node_doc(struct db *db, long long node_id, long long *doc)
{
	static const struct db_sql sql = {"SELECT doc_id FROM nodes WHERE id = ?1"};
	struct db_stmt *st = db_stmt(db, &sql);
	*doc = 0;
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, node_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*doc = db_col_int64(st, 0);
	enum lu_status s = db_check(db, st, rc, _("recording a review"));
	db_reset(st);
	return s;
}

/* The 回头看 date a closed task gets from the recheck-after setting of its
 * document, else of the database (6m, 180d): *out NULL when none. A failed
 * read is the change's failure: SQLite may have rolled the transaction
 * back already. */
static enum lu_status recheck_date(struct db *db, long long node_id, char **out)
{
	char *after = NULL, today[11], date[11];
	long long doc;
	*out = NULL;
	enum lu_status s = node_doc(db, node_id, &doc);
	if (s == LU_OK)
		s = db_recheck_after(db, doc, &after);
	if (s == LU_OK && after && *after) {
		lu_today(today);
		char *end;
		long n = strtol(after, &end, 10);
		int bad = *end == 'd' ? date_add_days(today, n, date)
				      : date_add_months(today, (int)n, date);
		*out = bad ? NULL : xstrdup(date);
	}
	free(after);
	return s;
}

/* The change itself, on the loaded row. */
static enum lu_status review_apply(struct db *db, const struct review_args *a,
				   struct db_row *r, long long change_id, long long now,
				   int *changed)
{
	char *was = r->v[DB_F_STATUS] ? xstrdup(r->v[DB_F_STATUS]) : NULL;
	enum lu_status s = LU_OK;
	if (a->kind == DB_REVIEW_CLOSE) {
		s = db_row_apply(db, r, DB_F_STATUS, xstrdup("closed"), change_id, a->user, now,
				 changed);
		char *when = NULL;
		if (s == LU_OK && !r->v[DB_F_RECHECK])
			s = recheck_date(db, r->node_id, &when);
		if (s == LU_OK && when)
			s = db_row_apply(db, r, DB_F_RECHECK, when, change_id, a->user, now, changed);
		else
			free(when);
	} else {
		if (a->kind == DB_REVIEW_REOPEN)
			s = db_row_apply(db, r, DB_F_STATUS, xstrdup("doing"), change_id, a->user,
					 now, changed);
		/* back from closed as from done: the progress it had before */
		if (s == LU_OK && a->kind == DB_REVIEW_REOPEN)
			s = db_row_follow_status(db, r, "done", r->v[DB_F_PROGRESS], change_id,
						 a->user, now, changed);
		if (s == LU_OK)
			s = db_row_apply(db, r, DB_F_RECHECK, NULL, change_id, a->user, now, changed);
	}
	free(was);
	return s;
}

static enum lu_status review_tx(struct db *db, void *ctx)
{
	const struct review_args *a = ctx;
	struct db_row r;
	long long change_id = 0, review_id = 0, now = lu_now();
	int changed = 0;
	enum lu_status s = db_row_load(db, a->id, &r);
	if (s == LU_OK && a->expect_version >= 0 && r.version != a->expect_version) {
		struct sbuf b = SBUF_INIT;
		db_describe_change(db, a->id, &b);
		s = lu_error(LU_CONFLICT, _("%s (now version %d, you had %d); nothing was changed:"
					    " look again and retry"), b.s, r.version,
			     a->expect_version);
		sbuf_free(&b);
	}
	if (s == LU_OK)
		s = db_check_reviewer(db, a->user);
	if (s == LU_OK)
		s = check_state(&r, a->kind);
	if (s == LU_OK)
		s = db_next_change(db, &change_id);
	if (s == LU_OK)
		s = review_insert(db, a, now, &review_id);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, a->id, a->user, now, kind_fields[a->kind], NULL,
				a->text ? a->text : "", review_id, 0, 0);
	if (s == LU_OK)
		s = review_apply(db, a, &r, change_id, now, &changed);
	if (s == LU_OK)
		s = db_row_store(db, &r, a->user, now);
	if (s == LU_OK) /* a close or reopen changes the status others' screens show */
		s = db_log(db, DB_LOG_TASK, 0, 0, a->id);
	db_row_free(&r);
	return s;
}

static enum lu_status review(struct db *db, long long id, enum db_review_kind kind,
			     const char *text, int expect_version, const char *user)
{
	if (db->readonly)
		return db_readonly_error(db);
	if (text && utf8_check(text, strlen(text)) != (size_t)-1)
		return lu_error(LU_USAGE, _("the text of a review is not valid UTF-8"));
	struct review_args a = {id, kind, text && *text ? text : NULL, db_who(db, user),
				expect_version};
	return db_write(db, review_tx, &a);
}

enum lu_status db_task_close(struct db *db, long long id, const char *evidence,
			     int expect_version, const char *user)
{
	return review(db, id, DB_REVIEW_CLOSE, evidence, expect_version, user);
}

enum lu_status db_task_reopen(struct db *db, long long id, const char *reason,
			      int expect_version, const char *user)
{
	const char *p = reason ? reason : "";
	while (*p && strchr(" \t\r\n", *p))
		p++;
	if (!*p)
		return lu_error(LU_USAGE, _("sending a task back needs the reason"));
	return review(db, id, DB_REVIEW_REOPEN, reason, expect_version, user);
}

enum lu_status db_task_rechecked(struct db *db, long long id, const char *text,
				 int expect_version, const char *user)
{
	return review(db, id, DB_REVIEW_RECHECK, text, expect_version, user);
}

int db_duban_field(const char *field)
{
	static const char *const fields[] = {"period", "report", "close", "reopen", "rechecked",
					     "setting"};
	for (size_t i = 0; field && i < ARRAY_SIZE(fields); i++)
		if (strcmp(field, fields[i]) == 0)
			return 1;
	return 0;
}

enum lu_status db_duban_revert(struct db *db, const struct db_hist *h, long long ref,
			       long long change_id, const char *user, long long now)
{
	if (strcmp(h->field, "period") == 0)
		return db_period_revert(db, h, change_id, user, now);
	if (strcmp(h->field, "report") == 0)
		return db_report_revert(db, h, ref, change_id, user, now);
	if (strcmp(h->field, "setting") == 0)
		return db_setting_revert(db, h, change_id, user, now);
	return db_review_revert(db, h, ref, change_id, user, now);
}

/* Undo a review: only a reviewer may, and the review must be there. */
enum lu_status db_review_revert(struct db *db, const struct db_hist *h, long long ref,
				long long change_id, const char *user, long long now)
{
	static const struct db_sql sql = {"DELETE FROM reviews WHERE id = ?1 AND task_id = ?2"};
	enum lu_status s = db_check_reviewer(db, user);
	if (s != LU_OK)
		return s;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, ref);
	db_bind_int64(st, 2, h->task_id);
	s = db_run(db, st, _("undoing a review"));
	if (s == LU_OK && db_changes(db) == 0)
		s = lu_error(LU_CONFLICT, _("cannot undo: the review of task %lld is gone"),
			     h->task_id);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, h->task_id, user, now, h->field, h->new_value, NULL,
				ref, h->change_id, 0);
	return s;
}

static int review_row(struct db_stmt *st, void *item, void *ctx)
{
	struct db_review *r = item;
	(void)ctx;
	r->id = db_col_int64(st, 0);
	r->task_id = db_col_int64(st, 1);
	const char *k = db_col_text(st, 2);
	r->kind = DB_REVIEW_CLOSE;
	for (size_t i = 0; k && i < ARRAY_SIZE(kind_names); i++)
		if (strcmp(k, kind_names[i]) == 0)
			r->kind = (enum db_review_kind)i;
	r->text = db_col_dup(st, 3);
	r->who = db_col_dup0(st, 4);
	r->at = db_col_int64(st, 5);
	return 1;
}

static void review_drop(void *item)
{
	struct db_review *r = item;
	free(r->text);
	free(r->who);
}

enum lu_status db_reviews(struct db *db, long long task_id, struct db_review **out, size_t *n)
{
	static const struct db_sql sql = {"SELECT id, task_id, kind, text, who, at FROM reviews"
					  " WHERE task_id = ?1 ORDER BY id"};
	static const struct db_rows how = {sizeof **out, review_row, review_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, task_id);
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, _("reading reviews"), &items, n);
	*out = items;
	return s;
}

void db_reviews_free(struct db_review *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		review_drop(&r[i]);
	free(r);
}
