/* ui_duban.h - the 督办 cycle on the screens: the keys that add a progress
 * report, close (销号), send back and record a 回头看 on a task row; the
 * sections of the task detail (lateness, reports by period, periods done,
 * reviews); lateness in words and colour for every list. */
#ifndef LUOSHI_UI_DUBAN_H
#define LUOSHI_UI_DUBAN_H

#include "luoshi/db.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_view.h"

/* add-report, close-task, reopen-task, recheck on task t: a prompt on the
 * bottom line, then the store (which checks who may review); R_UNHANDLED
 * for other actions. */
int ui_duban_key(const struct db_task *t, enum ui_action a);
/* The lateness levels of the database, read again (on every reload). */
void ui_duban_refresh(void);
/* How late t is (0 days: not late) at today's date. */
enum late_level ui_duban_late(const struct db_task *t, int *days);
/* The attribute of a level (yellow, or the overdue red). */
attr_t ui_duban_late_attr(enum late_level v);
/* The detail's sections of task t. */
void ui_duban_detail(struct wtext *text, const struct db_task *t);

#endif
