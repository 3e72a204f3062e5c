/* db_task.c - tasks: reading one, adding, changing (validated, versioned,
 * recorded in history), deleting; notes; the history itself. Undo lives
 * in db_undo.c and shares the row helpers declared in db_impl.h. */
#include "config.h"
#include "luoshi/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"
#include "luoshi/i18n.h"
#include "luoshi/deadline.h"
#include "luoshi/extract.h"
#include "luoshi/label.h"
#include "luoshi/i18n.h"
#include "luoshi/period.h"
#include "luoshi/utf8.h"

/* ---- reading ---- */

/* A field's column as struct db_task holds it (FIELD_HELD in field.h). */
static void read_TEXT(struct db_stmt *st, int col, char **v)
{
	*v = db_col_dup(st, col);
}

static void read_STATUS(struct db_stmt *st, int col, enum task_status *v)
{
	int s = task_status_parse(db_col_text(st, col));
	*v = s < 0 ? TASK_TODO : (enum task_status)s;
}

static void read_INT(struct db_stmt *st, int col, int *v)
{
	*v = db_col_int(st, col);
}

static void free_TEXT(char *v)
{
	free(v);
}

static void free_STATUS(enum task_status v)
{
	(void)v;
}

static void free_INT(int v)
{
	(void)v;
}

void db_task_read(struct db_stmt *st, struct db_task *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_col_int64(st, 0);
	t->node_id = db_col_int64(st, 1);
	t->doc_id = db_col_int64(st, 2);
	t->pos = db_col_int(st, 3);
	int c = 4;
#define FIELD_READ(id, column, label, kind, editable, ledger) \
	FIELD_CAT(read_, FIELD_HELD(kind))(st, c++, &t->column);
	TASK_FIELD_LIST(FIELD_READ)
#undef FIELD_READ
	if (!t->title)
		t->title = xstrdup("");
	t->created_by = db_col_dup(st, c);
	t->updated_by = db_col_dup(st, c + 1);
	t->created_at = db_col_int64(st, c + 2);
	t->updated_at = db_col_int64(st, c + 3);
	t->version = db_col_int(st, c + 4);
	t->nnotes = db_col_int(st, c + 5);
	t->overdue = db_col_int(st, c + 6);
	t->node_label = db_col_dup0(st, c + 7);
	t->node_heading = db_col_dup0(st, c + 8);
	t->section_label = db_col_dup0(st, c + 9);
	t->section_heading = db_col_dup0(st, c + 10);
	t->doc_title = db_col_dup0(st, c + 11);
	t->node_pos = db_col_int(st, c + 12);
}

enum lu_status db_task_get(struct db *db, long long id, struct db_task *out)
{
	static const struct db_sql sql = {"SELECT " DB_TASK_COLUMNS DB_TASK_FROM " WHERE t.id = ?2"};
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	char today[11];
	lu_today(today);
	db_bind_text(st, 1, today);
	db_bind_int64(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		db_task_read(st, out);
	enum lu_status s = db_check(db, st, rc, "reading a task");
	db_reset(st);
	if (s == LU_OK && rc != DB_ROW)
		s = lu_error(LU_NOTFOUND, "there is no task %lld", id);
	return s;
}

void db_task_free(struct db_task *t)
{
	if (!t)
		return;
#define FIELD_FREE(id, column, label, kind, editable, ledger) \
	FIELD_CAT(free_, FIELD_HELD(kind))(t->column);
	TASK_FIELD_LIST(FIELD_FREE)
#undef FIELD_FREE
	char *f[] = {t->created_by, t->updated_by, t->node_label, t->node_heading,
		     t->section_label, t->section_heading, t->doc_title};
	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		free(f[i]);
	memset(t, 0, sizeof *t);
}

void db_tasks_free(struct db_task *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_task_free(&t[i]);
	free(t);
}

/* ---- the editable fields of one row ---- */

#define FIELD_NAME(id, column, label, kind, editable, ledger) #column,
static const char *const field_names[DB_FIELD_COUNT] = {TASK_FIELD_LIST(FIELD_NAME)};
#undef FIELD_NAME

int db_field_parse(const char *name)
{
	for (int i = 0; name && i < DB_FIELD_COUNT; i++)
		if (strcmp(name, field_names[i]) == 0)
			return i;
	if (name && (strcmp(name, "recur") == 0))
		return DB_F_RECURRENCE;
	return -1;
}

const char *db_field_name(int f)
{
	return f >= 0 && f < DB_FIELD_COUNT ? field_names[f] : "?";
}

enum lu_status db_row_load(struct db *db, long long id, struct db_row *r)
{
	/* PostgreSQL: the row is locked until the change commits, and one
	 * that changed since the change began fails it (40001: run again) */
#define ROW_LOAD \
	"SELECT " DB_T_READ_NAMES "t.version, t.node_id, t.text IS NULL AND t.text_at IS NOT NULL," \
	" t.title IS NULL AND t.title_at IS NOT NULL" \
	" FROM tasks t JOIN nodes n ON n.id = t.node_id WHERE t.id = ?1"
	static const struct db_sql sql = {ROW_LOAD, ROW_LOAD " FOR UPDATE OF t"};
	memset(r, 0, sizeof *r);
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = id;
		for (int i = 0; i < DB_FIELD_COUNT; i++)
			r->v[i] = db_col_dup(st, i);
		r->version = db_col_int(st, DB_FIELD_COUNT);
		r->node_id = db_col_int64(st, DB_FIELD_COUNT + 1);
		if (db_col_int(st, DB_FIELD_COUNT + 2) && r->v[DB_F_TEXT])
			r->slice = xstrdup(r->v[DB_F_TEXT]);
		if (db_col_int(st, DB_FIELD_COUNT + 3) && r->v[DB_F_TITLE])
			r->title_slice = xstrdup(r->v[DB_F_TITLE]);
	}
	enum lu_status s = db_check(db, st, rc, "reading a task");
	db_reset(st);
	if (s == LU_OK && rc != DB_ROW)
		s = lu_error(LU_NOTFOUND, "there is no task %lld", id);
	return s;
}

enum lu_status db_row_store(struct db *db, const struct db_row *r, const char *user, long long now)
{
	/* every field by its place in the list: ?1 .. ?DB_FIELD_COUNT */
#define FIELD_SET(id, column, label, kind, editable, ledger) #column " = ?, "
	/* then: keep the sentence's slice (twice, one for each column), and
	 * the title's; a changed one is stored as its text */
	static const struct db_sql sql = {
		"UPDATE tasks SET " TASK_FIELD_LIST(FIELD_SET)
		"text_at = CASE WHEN ? = 1 THEN text_at END,"
		" text_len = CASE WHEN ? = 1 THEN text_len END,"
		" title_at = CASE WHEN ? = 1 THEN title_at END,"
		" title_len = CASE WHEN ? = 1 THEN title_len END,"
		" version = version + 1, updated_by = ?, updated_at = ? WHERE id = ?"};
#undef FIELD_SET
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	int keep = r->slice && db_same(r->v[DB_F_TEXT], r->slice);
	int keep_title = r->title_slice && db_same(r->v[DB_F_TITLE], r->title_slice);
	for (int i = 0; i < DB_FIELD_COUNT; i++) {
		int sliced = (i == DB_F_TEXT && keep) || (i == DB_F_TITLE && keep_title);
		if (field_kind((enum task_field)i) == FIELD_PERCENT)
			db_bind_int64(st, i + 1, r->v[i] ? atoi(r->v[i]) : 0);
		else
			db_bind_text(st, i + 1, sliced ? NULL : r->v[i]);
	}
	int n = DB_FIELD_COUNT;
	db_bind_int64(st, n + 1, keep);
	db_bind_int64(st, n + 2, keep);
	db_bind_int64(st, n + 3, keep_title);
	db_bind_int64(st, n + 4, keep_title);
	db_bind_text(st, n + 5, user);
	db_bind_int64(st, n + 6, now);
	db_bind_int64(st, n + 7, r->id);
	return db_run(db, st, "saving the task");
}

void db_row_free(struct db_row *r)
{
	for (int i = 0; i < DB_FIELD_COUNT; i++)
		free(r->v[i]);
	free(r->slice);
	free(r->title_slice);
	memset(r, 0, sizeof *r);
}

/* Set one field in memory; takes ownership of value. */
void db_row_put(struct db_row *r, int f, char *value)
{
	free(r->v[f]);
	r->v[f] = value;
}

int db_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ---- validation ---- */

/* Everything that shows stored text decodes it as UTF-8: a stray byte
 * let in here would reach every screen, export and search. what names
 * the text ("note", "title", "owner"). */
static enum lu_status check_utf8(const char *what, const char *s)
{
	size_t bad = s ? utf8_check(s, strlen(s)) : (size_t)-1;
	if (bad == (size_t)-1)
		return LU_OK;
	return lu_error(LU_USAGE, "the %s is not valid UTF-8 text (byte %zu)", _(what), bad);
}

static char *list_names(void)
{
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < DB_FIELD_COUNT; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", field_names[i]);
	return sbuf_detach(&b);
}

/* value without leading and trailing ASCII white space and U+3000 (malloc'ed):
 * an owner of "   " is no owner. */
static char *trim(const char *value)
{
	const char *v = value ? value : "";
	size_t n = strlen(v);
	for (;;) {
		if (n && strchr(" \t\r\n", v[0]))
			v++, n--;
		else if (n >= 3 && memcmp(v, "\xE3\x80\x80", 3) == 0)
			v += 3, n -= 3;
		else
			break;
	}
	for (;;) {
		if (n && strchr(" \t\r\n", v[n - 1]))
			n--;
		else if (n >= 3 && memcmp(v + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	return xstrndup(v, n);
}

static enum lu_status norm_status(const char *v, char **out)
{
	int s = task_status_parse(v);
	if (s < 0)
		return lu_error(LU_USAGE,
				"unknown status \"%s\" (use todo, doing, done, ongoing, blocked,"
				" dropped or 未开始, 进行中, 已完成, 常态化, 受阻, 已取消)",
				v);
	*out = xstrdup(task_status_name((enum task_status)s));
	return LU_OK;
}

static enum lu_status norm_progress(const char *v, char **out)
{
	char *end = NULL;
	long p = strtol(v, &end, 10);
	if (end && *end == '%')
		end++;
	if (!*v || *v == '+' || *v == ' ' || !end || *end || p < 0 || p > 100)
		return lu_error(LU_USAGE, "progress must be a whole number from 0 to 100, not \"%s\"",
				v);
	*out = xasprintf("%ld", p);
	return LU_OK;
}

/* A date, or a deadline as documents write it (2020年4月底前, 年底前:
 * this year's, as the one who types it means). */
static enum lu_status norm_due(const char *v, char **out)
{
	char iso[11];
	struct deadline d;
	struct deadline_ref today;
	if (!*v) {
		*out = NULL;
		return LU_OK;
	}
	deadline_ref_from(NULL, &today);
	if (db_parse_date(v, iso) == 0) {
		*out = xstrdup(iso);
		return LU_OK;
	}
	if (deadline_parse(v, &today, &d) == DL_DATE || d.kind == DL_YEARLY) {
		*out = xstrdup(d.iso);
		return LU_OK;
	}
	return lu_error(LU_USAGE,
			"\"%s\" is not a date (use YYYY-MM-DD, YYYY年M月D日, 2020年4月底前, 年底前,"
			" today or +Nd)",
			v);
}

/* The words of a due date as typed, kept beside it; none for a plain date. */
static char *due_words(const char *value)
{
	char iso[11], *v = trim(value);
	if (!*v || db_parse_date(v, iso) == 0) {
		free(v);
		return NULL;
	}
	return v;
}

static enum lu_status norm_recurrence(const char *v, char **out)
{
	int r = recur_parse(v);
	if (r < 0)
		return lu_error(LU_USAGE, "unknown recurrence \"%s\" (use %s)", v, recur_words());
	const char *name = recur_name((enum recur)r);
	*out = name ? xstrdup(name) : NULL;
	return LU_OK;
}

/* A date to look at the task again (回头看), as a due date is written. */
static enum lu_status norm_recheck(const char *v, char **out)
{
	char iso[11];
	if (!*v) {
		*out = NULL;
		return LU_OK;
	}
	if (db_parse_date(v, iso) != 0)
		return lu_error(LU_USAGE, _("\"%s\" is not a date for recheck (use YYYY-MM-DD,"
					    " YYYY年M月D日, today or +Nd)"), v);
	*out = xstrdup(iso);
	return LU_OK;
}

static enum lu_status norm_cycle(const char *v, char **out)
{
	int k = period_kind_parse(v);
	if (!*v || strcmp(v, "none") == 0) {
		*out = NULL;
		return LU_OK;
	}
	if (k < 0)
		return lu_error(LU_USAGE, _("unknown reporting cycle \"%s\" (use daily, weekly,"
					    " monthly, quarterly, halfyearly, yearly or none)"), v);
	*out = xstrdup(period_kind_word((enum period_kind)k));
	return LU_OK;
}

static enum lu_status field_normalize(int f, const char *v, char **out)
{
	switch (f) {
	case DB_F_RECHECK:
		return norm_recheck(v, out);
	case DB_F_CYCLE:
		return norm_cycle(v, out);
	case DB_F_STATUS:
		return norm_status(v, out);
	case DB_F_PROGRESS:
		return norm_progress(v, out);
	case DB_F_DUE:
		return norm_due(v, out);
	case DB_F_RECURRENCE:
		return norm_recurrence(v, out);
	case DB_F_TITLE:
		if (!*v)
			return lu_error(LU_USAGE, "a task needs a title");
		*out = xstrdup(v);
		return LU_OK;
	default:
		*out = *v ? xstrdup(v) : NULL;
		return LU_OK;
	}
}

/* The stored form of a user's value, or LU_USAGE with one sentence. */
enum lu_status db_field_normalize(int f, const char *value, char **out)
{
	char *v = trim(value);
	*out = NULL;
	enum lu_status s = field_normalize(f, v, out);
	free(v);
	return s;
}

/* ---- the conflict message ---- */

static void describe_value(struct sbuf *b, const char *v)
{
	if (!v) {
		sbuf_adds(b, _("(none)"));
		return;
	}
	/* a long text or a deleted task's JSON would drown the sentence */
	size_t n = 0, chars = 0;
	while (v[n] && chars < 40) {
		n++;
		while ((v[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	sbuf_add(b, v, n);
	if (v[n])
		sbuf_adds(b, "…");
}

void db_add_who_when(struct sbuf *b, struct db_stmt *st)
{
	char when[17];
	lu_format_time(db_col_int64(st, 1), when);
	sbuf_addf(b, _(" by %s at %s"), db_col_text(st, 0), when);
}

/* "task 12 was changed by alice at 2024-05-01 10:00: owner (none) → 王五"
 * for the newest change group touching the task (other than notes). */
void db_describe_change(struct db *db, long long task_id, struct sbuf *b)
{
#define NEWEST(new) \
	"SELECT h.who, h.at, h.field, h.old, " new " FROM history h WHERE h.change_id =" \
	" (SELECT change_id FROM history WHERE task_id = ?1 AND field <> 'note'" \
	"  ORDER BY id DESC LIMIT 1) AND h.task_id = ?1 ORDER BY h.id"
	static const struct db_sql sql = {NEWEST(DB_HIST_NEW_LITE), NEWEST(DB_HIST_NEW_PG)};
#undef NEWEST
	struct db_stmt *st = db_stmt(db, &sql);
	int first = 1;
	sbuf_addf(b, _("task %lld was changed"), task_id);
	if (!st)
		return;
	db_bind_int64(st, 1, task_id);
	while (db_step(st) == DB_ROW) {
		if (first)
			db_add_who_when(b, st);
		/* statuses and recurrences by their labels (已完成, 每年 in
		 * Chinese), as the screens show them */
		const char *field = db_col_text(st, 2);
		/* TRANSLATORS: after " by WHO at WHEN", before the first field
		 * changed; then between two fields */
		sbuf_addf(b, "%s%s ", first ? C_("change", ": ") : C_("change", ", "),
			  label_field(field));
		describe_value(b, label_value(field, db_col_text(st, 3)));
		sbuf_adds(b, " → ");
		describe_value(b, label_value(field, db_col_text(st, 4)));
		first = 0;
	}
	db_reset(st);
	if (first)
		sbuf_adds(b, _(" by someone else"));
}

static enum lu_status stale(struct db *db, long long id, int have, int expect)
{
	struct sbuf b = SBUF_INIT;
	db_describe_change(db, id, &b);
	enum lu_status s = lu_error(LU_CONFLICT, "%s (now version %d, you had %d); nothing was"
				    " changed: look again and retry", b.s, have, expect);
	sbuf_free(&b);
	return s;
}

/* An edit made on a copy older than the row is refused, naming the change
 * it would overwrite; expect < 0: no check. */
static enum lu_status check_version(struct db *db, const struct db_row *r, int expect)
{
	if (expect < 0 || r->version == expect)
		return LU_OK;
	return stale(db, r->id, r->version, expect);
}

/* ---- changing ---- */

/* A call's changes, validated and in stored form (each attempt of the
 * transaction applies copies). */
struct changes {
	int *fields;
	char **vals;
	size_t n;
};

static void changes_free(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->vals[i]);
	free(c->vals);
	free(c->fields);
}

/* Normalise every change before anything is written, so a bad value
 * leaves the task untouched. */
static enum lu_status changes_prepare(const struct db_change *ch, size_t n, struct changes *c)
{
	c->n = n;
	c->fields = xcalloc(n + 1, sizeof *c->fields);
	c->vals = xcalloc(n + 1, sizeof *c->vals);
	for (size_t i = 0; i < n; i++) {
		int f = c->fields[i] = db_field_parse(ch[i].field);
		if (f < 0) {
			char *known = list_names();
			lu_error(LU_USAGE, "unknown field \"%s\" (known: %s)",
				 ch[i].field ? ch[i].field : "", known);
			free(known);
			return LU_USAGE;
		}
		enum lu_status s = check_utf8(field_names[f], ch[i].value);
		if (s == LU_OK)
			s = db_field_normalize(f, ch[i].value, &c->vals[i]);
		if (s != LU_OK)
			return s;
		/* due=2020年4月底前 keeps its words; a plain date clears them (one
		 * due change per call: the last one's words win) */
		if (f == DB_F_DUE) {
			free(c->vals[n]);
			c->fields[n] = DB_F_DUE_TEXT;
			c->vals[n] = due_words(ch[i].value);
			c->n = n + 1;
		}
	}
	return LU_OK;
}

/* Apply one field to the row, recording history when it changes. */
enum lu_status db_row_apply(struct db *db, struct db_row *r, int f, char *val,
			    long long change_id, const char *user, long long now, int *changed)
{
	if (db_same(r->v[f], val)) {
		free(val);
		return LU_OK;
	}
	enum lu_status s = db_hist_add(db, change_id, r->id, user, now, field_names[f], r->v[f],
				       val, 0, 0, 0);
	db_row_put(r, f, val);
	*changed = 1;
	return s;
}

/* Remember the progress a task had when it is marked done (value), or
 * read it back when it leaves done (*out; NULL when unknown). */
static enum lu_status before_done_put(struct db *db, long long id, const char *value)
{
	static const struct db_sql sql = {"UPDATE tasks SET progress_before_done = ?2 WHERE id = ?1"};
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, value ? atoi(value) : 0);
	return db_run(db, st, "saving the task");
}

static enum lu_status before_done_get(struct db *db, long long id, char **out)
{
	static const struct db_sql sql = {"SELECT progress_before_done FROM tasks WHERE id = ?1"};
	struct db_stmt *st = db_stmt(db, &sql);
	*out = NULL;
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_col_dup(st, 0);
	enum lu_status s = db_check(db, st, rc, "reading a task");
	db_reset(st);
	return s;
}

/* Progress follows status both ways, unless the same change sets it:
 * marking a task done completes it (remembering where it stood); putting
 * it back to todo starts it over; moving it from done to anything else
 * gives back the progress it had before it was marked done (0 if none
 * is known), unless someone changed the progress while it was done. The
 * changes of progress are history rows of the same change, so one undo
 * takes them back with the status. */
enum lu_status db_row_follow_status(struct db *db, struct db_row *r, const char *was_status,
				    const char *was_progress, long long change_id,
				    const char *user, long long now, int *changed)
{
	const char *to = r->v[DB_F_STATUS];
	int was_done = db_same(was_status, "done"), is_done = db_same(to, "done");
	char *back = NULL;
	enum lu_status s = LU_OK;
	if (is_done && !was_done)
		s = before_done_put(db, r->id, was_progress);
	if (s == LU_OK && is_done)
		return db_row_apply(db, r, DB_F_PROGRESS, xstrdup("100"), change_id, user, now, changed);
	if (s == LU_OK && db_same(to, "todo") && !db_same(was_status, "todo"))
		return db_row_apply(db, r, DB_F_PROGRESS, xstrdup("0"), change_id, user, now, changed);
	if (s != LU_OK || !was_done || !db_same(r->v[DB_F_PROGRESS], "100"))
		return s;
	s = before_done_get(db, r->id, &back);
	if (s == LU_OK)
		s = db_row_apply(db, r, DB_F_PROGRESS, back ? back : xstrdup("0"), change_id, user, now,
			  changed);
	else
		free(back);
	return s;
}

enum lu_status db_row_follow_progress(struct db *db, struct db_row *r, long long change_id,
				      const char *user, long long now, int *changed)
{
	const char *p = r->v[DB_F_PROGRESS];
	if (!db_same(r->v[DB_F_STATUS], "todo") || !p || atoi(p) <= 0)
		return LU_OK;
	return db_row_apply(db, r, DB_F_STATUS, xstrdup("doing"), change_id, user, now, changed);
}

/* Only a reviewer closes a task (db_task_close) and only reopening
 * takes it back (db_task_reopen): a status change may do neither. Asking
 * set for status closed is a usage error (exit 2: another command does
 * it); changing a closed task's status is refused by the task's state
 * (exit 1), as close and reopen refuse a task in the wrong state. */
static enum lu_status check_closing(const struct db_row *r, const char *to)
{
	if (db_same(to, "closed"))
		return lu_error(LU_USAGE, _("task %lld: a task is closed (已销号) by a reviewer with"
					    " luoshi close, not by setting its status"), r->id);
	if (db_same(r->v[DB_F_STATUS], "closed") && !db_same(to, "closed"))
		return lu_error(LU_ERR, _("task %lld is closed (已销号): luoshi reopen ID REASON"
					    " sends it back"), r->id);
	return LU_OK;
}

/* Marking a recurring task done completes its period and moves it on
 * (db_period_roll) instead of ending it. */
static int rolls(const struct db_row *r, int f, const char *val)
{
	char next[11], today[11];
	lu_today(today);
	return f == DB_F_STATUS && db_same(val, "done") && !db_same(r->v[DB_F_STATUS], "done") &&
	       period_roll_due(r->v[DB_F_RECURRENCE], r->v[DB_F_DUE], today, next) == 0;
}

/* Apply the changes to task id as part of change group change_id. */
static enum lu_status task_apply(struct db *db, long long id, struct changes *c,
				 int expect_version, long long change_id, const char *user,
				 long long now)
{
	struct db_row r;
	int changed = 0, status_set = 0, progress_set = 0, roll = 0;
	char *was_status = NULL, *was_progress = NULL;
	enum lu_status s = db_row_load(db, id, &r);
	if (s == LU_OK)
		s = check_version(db, &r, expect_version);
	if (s == LU_OK) {
		was_status = r.v[DB_F_STATUS] ? xstrdup(r.v[DB_F_STATUS]) : NULL;
		was_progress = r.v[DB_F_PROGRESS] ? xstrdup(r.v[DB_F_PROGRESS]) : NULL;
	}
	for (size_t i = 0; i < c->n && s == LU_OK; i++) {
		if (c->fields[i] == DB_F_STATUS)
			s = check_closing(&r, c->vals[i]);
		if (s == LU_OK && rolls(&r, c->fields[i], c->vals[i])) {
			roll = 1;
			continue;
		}
		status_set |= c->fields[i] == DB_F_STATUS;
		progress_set |= c->fields[i] == DB_F_PROGRESS;
		if (s == LU_OK)
			s = db_row_apply(db, &r, c->fields[i],
					 c->vals[i] ? xstrdup(c->vals[i]) : NULL, change_id, user,
					 now, &changed);
	}
	if (s == LU_OK && roll)
		s = db_period_roll(db, &r, change_id, user, now, &changed);
	else if (s == LU_OK && status_set && (!progress_set || db_same(r.v[DB_F_STATUS], "done")))
		s = db_row_follow_status(db, &r, was_status, was_progress, change_id, user, now,
					 &changed);
	else if (s == LU_OK && progress_set && !status_set)
		s = db_row_follow_progress(db, &r, change_id, user, now, &changed);
	if (s == LU_OK && changed)
		s = db_row_store(db, &r, user, now);
	free(was_status);
	free(was_progress);
	db_row_free(&r);
	return s;
}

/* What a change of one task needs, for db_write. */
struct task_args {
	long long id;       /* the task (set, delete) or the node (add) */
	const char *title;  /* add */
	struct changes *c;
	int expect_version;
	const char *user;
	long long *out_id;  /* add */
};

static enum lu_status task_set_tx(struct db *db, void *ctx)
{
	struct task_args *a = ctx;
	long long change_id = 0;
	enum lu_status s = db_next_change(db, &change_id);
	if (s == LU_OK)
		s = task_apply(db, a->id, a->c, a->expect_version, change_id, a->user, lu_now());
	if (s == LU_OK)
		s = db_log(db, DB_LOG_TASK, 0, 0, a->id);
	return s;
}

enum lu_status db_task_set(struct db *db, long long id, const struct db_change *ch, size_t n,
			   int expect_version, const char *user)
{
	if (db->readonly)
		return db_readonly_error(db);
	struct changes c;
	struct task_args a = {id, NULL, &c, expect_version, db_who(db, user), NULL};
	enum lu_status s = changes_prepare(ch, n, &c);
	if (s == LU_OK)
		s = db_write(db, task_set_tx, &a);
	changes_free(&c);
	return s;
}

struct tasks_args {
	const long long *ids;
	size_t n;
	struct changes *c;
	const char *user;
};

static enum lu_status tasks_set_tx(struct db *db, void *ctx)
{
	struct tasks_args *a = ctx;
	long long change_id = 0, now = lu_now();
	enum lu_status s = db_next_change(db, &change_id);
	for (size_t i = 0; i < a->n && s == LU_OK; i++) {
		size_t k = 0;
		while (k < i && a->ids[k] != a->ids[i])
			k++;
		if (k < i)
			continue; /* given twice: a recurring task would roll twice */
		s = task_apply(db, a->ids[i], a->c, -1, change_id, a->user, now);
		if (s == LU_OK)
			s = db_log(db, DB_LOG_TASK, 0, 0, a->ids[i]);
	}
	return s;
}

enum lu_status db_tasks_set(struct db *db, const long long *ids, size_t nids,
			    const struct db_change *ch, size_t n, const char *user)
{
	if (db->readonly)
		return db_readonly_error(db);
	struct changes c;
	struct tasks_args a = {ids, nids, &c, db_who(db, user)};
	enum lu_status s = changes_prepare(ch, n, &c);
	if (s == LU_OK)
		s = db_write(db, tasks_set_tx, &a);
	changes_free(&c);
	return s;
}

/* ---- adding and deleting ---- */

/* Run st, an INSERT ... SELECT from the parent row (kind, id): no row
 * inserted means the parent is gone. *rowid receives the new row's id. */
static enum lu_status insert_under(struct db *db, struct db_stmt *st, const char *what,
				   const char *kind, long long parent_id, long long *rowid)
{
	enum lu_status s = db_run(db, st, what);
	if (s != LU_OK)
		return s;
	if (db_changes(db) == 0)
		return strcmp(kind, "node") == 0
			       ? lu_error(LU_NOTFOUND, "there is no node %lld", parent_id)
			       : lu_error(LU_NOTFOUND, "there is no task %lld", parent_id);
	*rowid = db_last_id(db);
	return LU_OK;
}

static enum lu_status task_insert(struct db *db, long long node_id, const char *title,
				  const char *user, long long change_id, long long now,
				  long long *id)
{
	static const struct db_sql sql = {
		"INSERT INTO tasks (node_id, pos, title, created_by, created_at, updated_by,"
		" updated_at) SELECT n.id, (SELECT coalesce(max(x.pos), -1) + 1 FROM tasks x"
		" WHERE x.node_id = n.id), ?2, ?3, ?4, ?3, ?4 FROM nodes n WHERE n.id = ?1",
		"INSERT INTO tasks (node_id, pos, title, created_by, created_at, updated_by,"
		" updated_at) SELECT n.id, (SELECT coalesce(max(x.pos), -1) + 1 FROM tasks x"
		" WHERE x.node_id = n.id), $2::text, $3::text, $4::bigint, $3::text, $4::bigint"
		" FROM nodes n WHERE n.id = $1 RETURNING id"};
	enum lu_status s = db_lock_ids(db);
	struct db_stmt *st = s == LU_OK ? db_stmt(db, &sql) : NULL;
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, node_id);
	db_bind_text(st, 2, title);
	db_bind_text(st, 3, user);
	db_bind_int64(st, 4, now);
	s = insert_under(db, st, "adding a task", "node", node_id, id);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, *id, user, now, "created", NULL, title, 0, 0, 0);
	return s;
}

/* The insert and the fields share one change group: one undo step. */
static enum lu_status task_add_tx(struct db *db, void *ctx)
{
	struct task_args *a = ctx;
	long long change_id = 0, now = lu_now();
	enum lu_status s = db_next_change(db, &change_id);
	if (s == LU_OK)
		s = task_insert(db, a->id, a->title, a->user, change_id, now, a->out_id);
	if (s == LU_OK && a->c->n)
		s = task_apply(db, *a->out_id, a->c, -1, change_id, a->user, now);
	if (s == LU_OK)
		s = db_log(db, DB_LOG_ADD, 0, a->id, *a->out_id);
	return s;
}

enum lu_status db_task_add_fields(struct db *db, long long node_id, const char *title,
				  const struct db_change *ch, size_t n, const char *user,
				  long long *id)
{
	long long tmp;
	struct changes c = {NULL, NULL, 0};
	if (!id)
		id = &tmp;
	*id = 0;
	if (db->readonly)
		return db_readonly_error(db);
	if (!title || !*title)
		return lu_error(LU_USAGE, "a task needs a title");
	enum lu_status s = check_utf8(N_("title"), title);
	if (s == LU_OK)
		s = changes_prepare(ch, n, &c);
	struct task_args a = {node_id, title, &c, -1, db_who(db, user), id};
	if (s == LU_OK)
		s = db_write(db, task_add_tx, &a);
	changes_free(&c);
	if (s != LU_OK)
		*id = 0;
	return s;
}

enum lu_status db_task_add(struct db *db, long long node_id, const char *title,
			   const char *user, long long *id)
{
	return db_task_add_fields(db, node_id, title, NULL, 0, user, id);
}

/* The whole task with its notes as JSON, so undo can bring it back with
 * the same id. */
enum lu_status db_task_json(struct db *db, long long id, char **json, char **title)
{
	/* its fields as "'title', t.title, ..." (the same keys in both dialects) */
#define FIELD_PAIR(id, column, label, kind, editable, ledger) \
	"'" #column "', " DB_T_READ(kind, column) ", "
	static const struct db_sql sql = {
		"SELECT json_object('id', t.id, 'node_id', t.node_id, 'pos', t.pos, "
		TASK_FIELD_LIST(FIELD_PAIR)
		"'progress_before_done', t.progress_before_done,"
		" 'created_by', t.created_by, 'created_at', t.created_at,"
		" 'updated_by', t.updated_by, 'updated_at', t.updated_at, 'version', t.version,"
		" 'notes', json((SELECT json_group_array(json_object('id', o.id, 'author', o.author,"
		"  'at', o.at, 'text', o.text)) FROM notes o WHERE o.task_id = t.id)),"
		" 'reports', json((SELECT json_group_array(json_object('id', r.id, 'period', r.period,"
		"  'unit', r.unit, 'percent', r.percent, 'text', r.text, 'author', r.author,"
		"  'at', r.at)) FROM reports r WHERE r.task_id = t.id)),"
		" 'reviews', json((SELECT json_group_array(json_object('id', v.id, 'kind', v.kind,"
		"  'text', v.text, 'who', v.who, 'at', v.at)) FROM reviews v WHERE v.task_id = t.id)),"
		" 'periods', json((SELECT json_group_array(json_object('period', p.period,"
		"  'status', p.status, 'due', p.due, 'who', p.who, 'at', p.at))"
		"  FROM task_periods p WHERE p.task_id = t.id))), " DB_TASK_TITLE("t", "n")
		" FROM tasks t JOIN nodes n ON n.id = t.node_id WHERE t.id = ?1",
		"SELECT json_build_object('id', t.id, 'node_id', t.node_id, 'pos', t.pos, "
		TASK_FIELD_LIST(FIELD_PAIR)
		"'progress_before_done', t.progress_before_done,"
		" 'created_by', t.created_by, 'created_at', t.created_at,"
		" 'updated_by', t.updated_by, 'updated_at', t.updated_at, 'version', t.version,"
		" 'notes', (SELECT coalesce(json_agg(json_build_object('id', o.id,"
		"  'author', o.author, 'at', o.at, 'text', o.text) ORDER BY o.id), '[]')"
		"  FROM notes o WHERE o.task_id = t.id),"
		" 'reports', (SELECT coalesce(json_agg(json_build_object('id', r.id, 'period', r.period,"
		"  'unit', r.unit, 'percent', r.percent, 'text', r.text, 'author', r.author,"
		"  'at', r.at) ORDER BY r.id), '[]') FROM reports r WHERE r.task_id = t.id),"
		" 'reviews', (SELECT coalesce(json_agg(json_build_object('id', v.id, 'kind', v.kind,"
		"  'text', v.text, 'who', v.who, 'at', v.at) ORDER BY v.id), '[]')"
		"  FROM reviews v WHERE v.task_id = t.id),"
		" 'periods', (SELECT coalesce(json_agg(json_build_object('period', p.period,"
		"  'status', p.status, 'due', p.due, 'who', p.who, 'at', p.at) ORDER BY p.period), '[]')"
		"  FROM task_periods p WHERE p.task_id = t.id))::text, " DB_TASK_TITLE("t", "n")
		" FROM tasks t JOIN nodes n ON n.id = t.node_id WHERE t.id = $1"};
#undef FIELD_PAIR
	*json = *title = NULL;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*json = db_col_dup(st, 0);
		*title = db_col_dup(st, 1);
	}
	enum lu_status s = db_check(db, st, rc, "reading a task");
	db_reset(st);
	if (s == LU_OK && rc != DB_ROW)
		s = lu_error(LU_NOTFOUND, "there is no task %lld", id);
	return s;
}

/* Delete a task (its notes go with it), recording it whole in history. */
enum lu_status db_task_remove(struct db *db, long long id, long long change_id, const char *user,
			      long long undo_of)
{
	static const struct db_sql sql = {"DELETE FROM tasks WHERE id = ?1"};
	char *json, *title;
	enum lu_status s = db_task_json(db, id, &json, &title);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, id, user, lu_now(), "deleted", json, NULL, 0,
				undo_of, 0);
	free(json);
	free(title);
	struct db_stmt *st = s == LU_OK ? db_stmt(db, &sql) : NULL;
	if (!st)
		return s != LU_OK ? s : LU_ERR;
	db_bind_int64(st, 1, id);
	return db_run(db, st, "deleting a task");
}

static enum lu_status task_delete_tx(struct db *db, void *ctx)
{
	struct task_args *a = ctx;
	struct db_row r;
	long long change_id;
	enum lu_status s = db_row_load(db, a->id, &r);
	if (s == LU_OK)
		s = check_version(db, &r, a->expect_version);
	db_row_free(&r);
	if (s == LU_OK)
		s = db_next_change(db, &change_id);
	if (s == LU_OK) /* while the task is there to say where it was */
		s = db_log(db, DB_LOG_DELETE, 0, 0, a->id);
	if (s == LU_OK)
		s = db_task_remove(db, a->id, change_id, a->user, 0);
	return s;
}

enum lu_status db_task_delete(struct db *db, long long id, int expect_version, const char *user)
{
	struct task_args a = {id, NULL, NULL, expect_version, db_who(db, user), NULL};
	return db_write(db, task_delete_tx, &a);
}

/* ---- notes ---- */

struct note_args {
	long long task_id;
	const char *text, *user;
	long long *note_id;
};

static enum lu_status note_add_tx(struct db *db, void *ctx)
{
	const struct note_args *a = ctx;
	long long task_id = a->task_id, *note_id = a->note_id;
	const char *text = a->text, *user = a->user;
	static const struct db_sql sql = {"INSERT INTO notes (task_id, author, at, text)"
					  " SELECT id, ?2, ?3, ?4 FROM tasks WHERE id = ?1",
					  "INSERT INTO notes (task_id, author, at, text)"
					  " SELECT id, $2::text, $3::bigint, $4::text FROM tasks"
					  " WHERE id = $1 RETURNING id"};
	long long change_id, now = lu_now();
	enum lu_status s = db_next_change(db, &change_id);
	struct db_stmt *st = s == LU_OK ? db_stmt(db, &sql) : NULL;
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, task_id);
	db_bind_text(st, 2, user);
	db_bind_int64(st, 3, now);
	db_bind_text(st, 4, text);
	s = insert_under(db, st, "adding a note", "task", task_id, note_id);
	if (s == LU_OK)
		s = db_hist_add(db, change_id, task_id, user, now, "note", NULL, text, *note_id, 0,
				0);
	if (s == LU_OK)
		s = db_log(db, DB_LOG_NOTE, 0, 0, task_id);
	return s;
}

enum lu_status db_note_add(struct db *db, long long task_id, const char *text, const char *user,
			   long long *note_id)
{
	long long tmp;
	if (!note_id)
		note_id = &tmp;
	*note_id = 0;
	if (db->readonly)
		return db_readonly_error(db);
	char *t = trim(text);
	int empty = !*t;
	free(t);
	if (empty)
		return lu_error(LU_USAGE, "a note needs some text");
	struct note_args a = {task_id, text, db_who(db, user), note_id};
	enum lu_status s = check_utf8(N_("note"), text);
	if (s == LU_OK)
		s = db_write(db, note_add_tx, &a);
	if (s != LU_OK)
		*note_id = 0;
	return s;
}

static int note_row(struct db_stmt *st, void *item, void *ctx)
{
	struct db_note *nt = item;
	(void)ctx;
	nt->id = db_col_int64(st, 0);
	nt->task_id = db_col_int64(st, 1);
	nt->author = db_col_dup0(st, 2);
	nt->at = db_col_int64(st, 3);
	nt->text = db_col_dup0(st, 4);
	return 1;
}

static void note_drop(void *item)
{
	struct db_note *nt = item;
	free(nt->author);
	free(nt->text);
}

enum lu_status db_notes(struct db *db, long long task_id, struct db_note **out, size_t *n)
{
	static const struct db_sql sql = {"SELECT id, task_id, author, at, text FROM notes"
					  " WHERE task_id = ?1 ORDER BY at, id"};
	static const struct db_rows how = {sizeof **out, note_row, note_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, &sql);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, task_id);
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, "reading notes", &items, n);
	*out = items;
	return s;
}

void db_notes_free(struct db_note *nt, size_t n)
{
	for (size_t i = 0; i < n; i++)
		note_drop(&nt[i]);
	free(nt);
}

/* ---- history ---- */

void db_hist_read(struct db_stmt *st, struct db_hist *h)
{
	memset(h, 0, sizeof *h);
	h->id = db_col_int64(st, 0);
	h->change_id = db_col_int64(st, 1);
	h->task_id = db_col_int64(st, 2);
	h->who = db_col_dup0(st, 3);
	h->at = db_col_int64(st, 4);
	h->field = db_col_dup0(st, 5);
	h->old_value = db_col_dup(st, 6);
	h->new_value = db_col_dup(st, 7);
	h->undone = db_col_int(st, 8);
	h->is_undo = db_col_int(st, 9);
}

void db_hist_clear(struct db_hist *h)
{
	free(h->who);
	free(h->field);
	free(h->old_value);
	free(h->new_value);
	memset(h, 0, sizeof *h);
}

static int hist_row(struct db_stmt *st, void *item, void *ctx)
{
	(void)ctx;
	db_hist_read(st, item);
	return 1;
}

static void hist_drop(void *item)
{
	db_hist_clear(item);
}

enum lu_status db_history(struct db *db, long long task_id, int limit, struct db_hist **out,
			  size_t *n)
{
	/* Two statements: with an "?1 = 0 OR" the planner could not use the
	 * task index. */
	static const struct db_sql all = {"SELECT " DB_HIST_COLUMNS " FROM history h"
					  " ORDER BY h.id DESC LIMIT ?2",
					  "SELECT " DB_HIST_COLUMNS_PG " FROM history h"
					  " ORDER BY h.id DESC LIMIT nullif($2::bigint, -1)"};
	static const struct db_sql one = {"SELECT " DB_HIST_COLUMNS " FROM history h"
					  " WHERE h.task_id = ?1 ORDER BY h.id DESC LIMIT ?2",
					  "SELECT " DB_HIST_COLUMNS_PG " FROM history h"
					  " WHERE h.task_id = $1 ORDER BY h.id DESC"
					  " LIMIT nullif($2::bigint, -1)"};
	static const struct db_rows how = {sizeof **out, hist_row, hist_drop, NULL};
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_stmt(db, task_id ? &one : &all);
	if (!st)
		return LU_ERR;
	db_bind_int64(st, 1, task_id);
	db_bind_int64(st, 2, limit > 0 ? limit : -1);
	void *items = NULL;
	enum lu_status s = db_collect(db, st, &how, "reading history", &items, n);
	*out = items;
	return s;
}

void db_hist_free(struct db_hist *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_hist_clear(&h[i]);
	free(h);
}
