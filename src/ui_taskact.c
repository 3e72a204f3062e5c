/* ui_taskact.c - task actions shared by the screens that show tasks:
 * quick status keys, undo, add, note, delete. Every write goes through the
 * store with the row version the screen showed, so a change made on a
 * stale copy is refused and the other person's change shown. */
#include "config.h"
#include "luoshi/ui_taskact.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/ui_duban.h"
#include "luoshi/ui_extedit.h"
#include "luoshi/ui_prompt.h"

int ui_taskact_status_for(enum ui_action a, enum task_status cur)
{
	switch (a) {
	case ACT_STATUS_TODO:
		return TASK_TODO;
	case ACT_STATUS_DOING:
		return TASK_DOING;
	case ACT_STATUS_DONE:
		return TASK_DONE;
	case ACT_STATUS_ONGOING:
		return TASK_ONGOING;
	case ACT_STATUS_BLOCKED:
		return TASK_BLOCKED;
	case ACT_STATUS_DROPPED:
		return TASK_DROPPED;
	case ACT_TOGGLE_DONE:
		return cur == TASK_DONE ? TASK_TODO : TASK_DONE;
	default:
		return -1;
	}
}

int ui_taskact_not_a_task(void)
{
	ui_msg("%s", _("status keys act on tasks; select a task (l to expand)"));
	return R_NONE;
}

/* A recurring task marked done completes its period and starts the next
 * (the store rolls it): say so rather than "-> done". 1 when said. */
static int say_rolled(const struct db_task *t, enum task_status s)
{
	struct db_task now;
	struct db_period_done *p = NULL;
	size_t n = 0;
	int said = 0;
	if (s != TASK_DONE || db_task_get(ui_db(), t->id, &now) != LU_OK)
		return 0;
	if (now.status != TASK_DONE && db_task_periods(ui_db(), t->id, &p, &n) == LU_OK && n) {
		ui_msg(_("task %lld: period %s done; the next is due %s (u undoes)"), t->id,
		       p[0].period, now.due ? now.due : "-");
		said = 1;
	}
	db_task_periods_free(p, n);
	db_task_free(&now);
	return said;
}

int ui_taskact_set_status(const struct db_task *t, enum task_status s)
{
	if (ui_refuse_readonly())
		return R_NONE;
	if (t->status == s) {
		/* the screen's copy may be behind a colleague's change not seen
		 * yet: say what the task is now, and show it */
		struct db_task now;
		int moved = db_task_get(ui_db(), t->id, &now) == LU_OK && now.version != t->version;
		enum task_status cur = now.status;
		db_task_free(&now);
		if (moved) {
			ui_msg(_("task %lld was changed meanwhile: it is %s now"), t->id,
			       label_status(cur));
			return R_RELOAD;
		}
		ui_msg(_("task %lld is already %s"), t->id, label_status(s));
		return R_NONE;
	}
	struct db_change ch = {"status", task_status_name(s)};
	enum lu_status st = db_task_set(ui_db(), t->id, &ch, 1, t->version, lu_username());
	if (st == LU_CONFLICT) {
		ui_msg("%s", lu_errmsg()); /* it says nothing was changed */
		return R_CHANGED | R_RELOAD; /* show the other person's change */
	}
	if (st != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return R_NONE;
	}
	if (!say_rolled(t, s))
		ui_msg(_("task %lld: %s -> %s (u undoes)"), t->id, label_status(t->status),
		       label_status(s));
	return R_CHANGED;
}

/* What an undo did, in one line: the status says most. */
static void say_undone(const struct db_hist *h, size_t n)
{
	const struct db_hist *e = &h[0];
	for (size_t i = 0; i < n; i++)
		if (h[i].field && !strcmp(h[i].field, "status"))
			e = &h[i];
	const char *now = label_value(e->field, e->new_value);
	const char *was = label_value(e->field, e->old_value);
	const char *more = n > 1 ? _(" (and more of the same change)") : "";
	if (!e->task_id) /* a shared setting (luoshi config) */
		ui_msg(_("undone: %s %s -> %s%s"), label_field(e->field), now ? now : "", was ? was : "",
		       more);
	else
		ui_msg(_("undone: task %lld %s %s -> %s%s"), e->task_id, label_field(e->field),
		       now ? now : "", was ? was : "", more);
}

int ui_taskact_undo(void)
{
	if (ui_refuse_readonly())
		return R_NONE;
	struct db_hist *h = NULL;
	size_t n = 0;
	enum lu_status st = db_undo(ui_db(), lu_username(), &h, &n);
	if (st != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return st == LU_CONFLICT ? R_CHANGED : R_NONE;
	}
	if (n == 0)
		ui_msg("%s", _("nothing to undo"));
	else
		say_undone(h, n);
	db_hist_free(h, n);
	return R_CHANGED;
}

static long long *id_arg(long long id)
{
	long long *p = xmalloc(sizeof *p);
	*p = id;
	return p;
}

/* The new task is selected in the screen it was added from. */
static int add_done(struct view *v, const char *text, void *arg)
{
	long long node_id = *(long long *)arg, id;
	if (!text || !*text) {
		free(arg);
		return R_NONE;
	}
	if (db_task_add(ui_db(), node_id, text, lu_username(), &id) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return R_KEEP; /* the title typed stays in the editor (and arg with it) */
	}
	free(arg);
	ui_msg(_("task %lld added"), id);
	if (v->ops->focus)
		v->ops->focus(v, &(struct ui_target){v->id, 0, node_id, id});
	return R_CHANGED;
}

int ui_taskact_add(long long node_id)
{
	if (!ui_refuse_readonly())
		ui_prompt_line(_("new task: "), "", add_done, id_arg(node_id));
	return R_NONE;
}

/* R_KEEP when the note could not be saved (a full disk, a lock): the
 * text typed is not lost, the editor keeps it to try again or copy. */
static int note_write(long long task_id, const char *text)
{
	long long note_id;
	if (!text || !*text)
		return R_NONE;
	if (db_note_add(ui_db(), task_id, text, lu_username(), &note_id) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return R_KEEP;
	}
	ui_msg(_("note added to task %lld"), task_id);
	return R_CHANGED;
}

static int note_done(struct view *v, const char *text, void *arg)
{
	(void)v;
	int r = note_write(*(long long *)arg, text);
	if (r != R_KEEP)
		free(arg); /* kept with the editor otherwise */
	return r;
}

int ui_taskact_note(long long task_id)
{
	if (!ui_refuse_readonly())
		ui_prompt_line(_("note: "), "", note_done, id_arg(task_id));
	return R_NONE;
}

/* A note written in $EDITOR that could not be saved, and its task: the
 * next M on that task opens the editor on it again, paragraphs and all. */
static struct {
	char *text;
	long long task_id;
} unsaved;

int ui_taskact_note_external(long long task_id)
{
	if (ui_refuse_readonly())
		return R_NONE;
	int kept_here = unsaved.text && unsaved.task_id == task_id;
	char *text = kept_here ? ui_extedit_again(unsaved.text) : ui_extedit_run("");
	if (!text) {
		ui_msg("%s", _("no note written"));
		return R_NONE;
	}
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	if (!*text)
		ui_msg("%s", _("no note written")); /* a kept note emptied is dropped */
	int r = *text ? note_write(task_id, text) : R_NONE;
	if (r == R_KEEP) {
		/* TRANSLATORS: then the reason (it may be long: the hint first) */
		ui_msg(_("note not saved, M opens it again: %s"), lu_errmsg());
		/* one slot, the newest text: another task's stays kept unless
		 * this one fails too */
		free(unsaved.text);
		unsaved.text = text;
		unsaved.task_id = task_id;
		return R_NONE;
	}
	if (kept_here) { /* saved or emptied */
		free(unsaved.text);
		unsaved.text = NULL;
	}
	free(text);
	return r;
}

/* The task the question was about, as the user saw it: the delete is
 * refused if someone changed it meanwhile. */
struct delete_arg {
	long long id;
	int version;
};

static int delete_answer(struct view *v, int yes, void *arg)
{
	struct delete_arg a = *(struct delete_arg *)arg;
	free(arg);
	if (!yes) {
		ui_msg("%s", _("not deleted"));
		return R_NONE;
	}
	enum lu_status st = db_task_delete(ui_db(), a.id, a.version, lu_username());
	if (st == LU_CONFLICT) {
		ui_msg(_("not deleted: %s"), lu_errmsg());
		return R_CHANGED; /* show the other person's change */
	}
	if (st != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return R_NONE;
	}
	ui_msg(_("task %lld deleted (u undoes)"), a.id);
	return R_CHANGED;
}

int ui_taskact_delete(const struct db_task *t)
{
	if (ui_refuse_readonly())
		return R_NONE;
	char *q = xasprintf(_("delete task %lld (%s)? y/n"), t->id, t->title ? t->title : "");
	struct delete_arg *a = xmalloc(sizeof *a);
	*a = (struct delete_arg){t->id, t->version};
	ui_prompt_yesno(q, delete_answer, a);
	free(q);
	return R_NONE;
}

int ui_taskact_on_task(enum ui_action a)
{
	switch (a) {
	case ACT_EDIT:
	case ACT_ENTER:
	case ACT_ADD_NOTE:
	case ACT_NOTE_EXTERNAL:
	case ACT_DELETE:
	case ACT_ADD_TASK:
	case ACT_ADD_REPORT:
	case ACT_CLOSE_TASK:
	case ACT_REOPEN_TASK:
	case ACT_RECHECK:
		return 1;
	default:
		return ui_taskact_status_for(a, TASK_TODO) >= 0;
	}
}

int ui_taskact_key(const struct db_task *t, enum ui_action a)
{
	switch (a) {
	case ACT_EDIT:
	case ACT_ENTER: {
		struct view *top = ui_view_top();
		ui_open(UI_VIEW_DETAIL,
			&(struct ui_target){top ? top->id : UI_VIEW_DETAIL, t->doc_id, t->node_id, t->id});
		return R_NONE;
	}
	case ACT_ADD_NOTE:
		return ui_taskact_note(t->id);
	case ACT_NOTE_EXTERNAL:
		return ui_taskact_note_external(t->id);
	case ACT_DELETE:
		return ui_taskact_delete(t);
	case ACT_ADD_TASK:
		return ui_taskact_add(t->node_id);
	default: {
		int s = ui_taskact_status_for(a, t->status);
		if (s < 0)
			return ui_duban_key(t, a);
		return ui_taskact_set_status(t, (enum task_status)s);
	}
	}
}
