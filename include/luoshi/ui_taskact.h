/* ui_taskact.h - the task actions, shared by the screens that show tasks
 * (outline, task list, task detail, dashboard): status keys, undo, add,
 * note, delete. Each returns a reaction (ui_view.h). */
#ifndef LUOSHI_UI_TASKACT_H
#define LUOSHI_UI_TASKACT_H

#include "luoshi/db.h"
#include "luoshi/ui_view.h"

/* status-* and toggle-done: the status they set on a task whose status is
 * cur, or -1 for other actions. */
int ui_taskact_status_for(enum ui_action a, enum task_status cur);
/* Write a status change (with the task's version): R_CHANGED when written,
 * R_CHANGED | R_RELOAD when refused because someone else changed the task
 * meanwhile (everything reloads), R_NONE when nothing was written. */
int ui_taskact_set_status(const struct db_task *t, enum task_status s);
int ui_taskact_undo(void);
/* Ask for a title, then add a task under the node. */
int ui_taskact_add(long long node_id);
/* A note typed on the bottom line, or written in $EDITOR. */
int ui_taskact_note(long long task_id);
int ui_taskact_note_external(long long task_id);
/* Ask, then delete. */
int ui_taskact_delete(const struct db_task *t);
/* The task keys on a task row: edit/enter (opens the detail), notes,
 * delete, add (under the same measure), status keys; R_UNHANDLED for the
 * others. */
int ui_taskact_key(const struct db_task *t, enum ui_action a);
/* 1 for the actions ui_taskact_key (and the 督办 keys) take on a task:
 * on a row that is no task they are answered, the others passed on. */
int ui_taskact_on_task(enum ui_action a);
/* "status keys act on tasks; ..." on rows that are not tasks */
int ui_taskact_not_a_task(void);

#endif
