/* ui_task.c - task actions shared by the outline, the task list and the
 * task detail: quick status keys, undo, add, note, delete. Every write goes
 * through the store with the row version the screen showed, so a change
 * made on a stale copy is refused and the other person's change shown. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/ui_view.h"

int ui_status_for_action(enum ui_action a, enum task_status cur)
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

const char *ui_status_label(enum task_status s)
{
	return ui_lang_zh() ? task_status_zh(s) : task_status_name(s);
}

const char *ui_status_mark(enum task_status s)
{
	static const char *const marks[TASK_STATUS_COUNT] = {
		[TASK_TODO] = "[ ]", [TASK_DOING] = "[~]", [TASK_DONE] = "[x]",
		[TASK_ONGOING] = "[o]", [TASK_BLOCKED] = "[!]", [TASK_DROPPED] = "[-]",
	};
	return (unsigned)s < TASK_STATUS_COUNT ? marks[s] : "[?]";
}

int ui_not_a_task(void)
{
	ui_msg("status keys act on tasks; select a task (l to expand)");
	return R_NONE;
}

int ui_task_set_status(const struct db_task *t, enum task_status s)
{
	if (ui_refuse_readonly())
		return R_NONE;
	if (t->status == s) {
		ui_msg("task %lld is already %s", t->id, ui_status_label(s));
		return R_NONE;
	}
	struct db_change ch = {"status", task_status_name(s)};
	enum lu_status st = db_task_set(ui_db(), t->id, &ch, 1, t->version, lu_username());
	if (st == LU_CONFLICT) {
		ui_msg("not changed: %s", lu_errmsg());
		return R_CHANGED | R_RELOAD; /* show the other person's change */
	}
	if (st != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return R_NONE;
	}
	ui_msg("task %lld: %s -> %s (u undoes)", t->id, ui_status_label(t->status),
	       ui_status_label(s));
	return R_CHANGED;
}

int ui_task_undo(void)
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
	if (n == 0) {
		ui_msg("nothing to undo");
	} else {
		const struct db_hist *e = &h[0];
		for (size_t i = 0; i < n; i++) /* the status says most */
			if (h[i].field && !strcmp(h[i].field, "status"))
				e = &h[i];
		ui_msg("undone: task %lld %s %s -> %s%s", e->task_id, e->field,
		       e->new_value ? e->new_value : "", e->old_value ? e->old_value : "",
		       n > 1 ? " (and more of the same change)" : "");
	}
	db_hist_free(h, n);
	return R_CHANGED;
}

static long long *id_arg(long long id)
{
	long long *p = xmalloc(sizeof *p);
	*p = id;
	return p;
}

static void add_done(struct view *v, const char *text, void *arg)
{
	long long node_id = *(long long *)arg, id;
	free(arg);
	if (!text || !*text)
		return;
	if (db_task_add(ui_db(), node_id, text, lu_username(), &id) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return;
	}
	ui_data_changed();
	ui_msg("task %lld added", id);
	if (v->ops->focus)
		v->ops->focus(v, node_id, id);
}

void ui_task_add(long long node_id)
{
	if (ui_refuse_readonly())
		return;
	ui_prompt("new task: ", "", add_done, id_arg(node_id));
}

static void note_write(long long task_id, const char *text)
{
	long long note_id;
	if (!text || !*text)
		return;
	if (db_note_add(ui_db(), task_id, text, lu_username(), &note_id) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return;
	}
	ui_data_changed();
	ui_msg("note added to task %lld", task_id);
}

static void note_done(struct view *v, const char *text, void *arg)
{
	long long task_id = *(long long *)arg;
	free(arg);
	note_write(task_id, text);
}

void ui_task_note(long long task_id)
{
	if (ui_refuse_readonly())
		return;
	ui_prompt("note: ", "", note_done, id_arg(task_id));
}

void ui_task_note_external(long long task_id)
{
	if (ui_refuse_readonly())
		return;
	char *text = ui_external_editor("");
	if (!text) {
		ui_msg("no note written");
		return;
	}
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	note_write(task_id, text);
	free(text);
}

/* The task the question was about, as the user saw it: the delete is
 * refused if someone changed it meanwhile. */
struct delete_arg {
	long long id;
	int version;
};

static void delete_answer(struct view *v, int yes, void *arg)
{
	struct delete_arg a = *(struct delete_arg *)arg;
	free(arg);
	if (!yes) {
		ui_msg("not deleted");
		return;
	}
	enum lu_status st = db_task_delete(ui_db(), a.id, a.version, lu_username());
	if (st == LU_CONFLICT) {
		ui_data_changed(); /* show the other person's change */
		ui_msg("not deleted: %s", lu_errmsg());
		return;
	}
	if (st != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return;
	}
	ui_data_changed();
	ui_msg("task %lld deleted (u undoes)", a.id);
}

void ui_task_delete(const struct db_task *t)
{
	if (ui_refuse_readonly())
		return;
	char *q = xasprintf("delete task %lld (%s)? y/n", t->id, t->title ? t->title : "");
	struct delete_arg *a = xmalloc(sizeof *a);
	*a = (struct delete_arg){t->id, t->version};
	ui_confirm(q, delete_answer, a);
	free(q);
}

int ui_task_action(const struct db_task *t, enum ui_action a)
{
	switch (a) {
	case ACT_EDIT:
	case ACT_ENTER:
		detail_set_task(ui_show(&detail_view_ops), t->id);
		return R_NONE;
	case ACT_ADD_NOTE:
		ui_task_note(t->id);
		return R_NONE;
	case ACT_NOTE_EXTERNAL:
		ui_task_note_external(t->id);
		return R_NONE;
	case ACT_DELETE:
		ui_task_delete(t);
		return R_NONE;
	case ACT_ADD_TASK:
		ui_task_add(t->node_id);
		return R_NONE;
	default: {
		int s = ui_status_for_action(a, t->status);
		return s < 0 ? R_UNHANDLED : ui_task_set_status(t, (enum task_status)s);
	}
	}
}
