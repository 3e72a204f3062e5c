/* ui_tasklist.h - the task list view: every task in one flat list, filtered
 * with the words of `luoshi tasks` and sorted. */
#ifndef LUOSHI_UI_TASKLIST_H
#define LUOSHI_UI_TASKLIST_H

#include "luoshi/ui_view.h"

extern const struct view_ops tasklist_view_ops;

#endif
