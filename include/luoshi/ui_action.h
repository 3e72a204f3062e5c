/* ui_action.h - every user action of the screens, in one list.
 * The list gives the enum, the names used in the config file (`bind j
 * move-down`) and the help screen, so the three can never drift apart.
 * The help texts are marked for the catalogue (N_) and translated where
 * the help screen shows them. */
#ifndef LUOSHI_UI_ACTION_H
#define LUOSHI_UI_ACTION_H

#include "luoshi/i18n.h"

#define UI_ACTION_LIST(X) \
	X(NONE, "none", N_("Do nothing (unbinds a key)")) \
	X(MOVE_DOWN, "move-down", N_("Move the cursor down one row")) \
	X(MOVE_UP, "move-up", N_("Move the cursor up one row")) \
	X(MOVE_FIRST, "move-first", N_("Go to the first row")) \
	X(MOVE_LAST, "move-last", N_("Go to the last row")) \
	X(MOVE_PAGE_DOWN, "move-page-down", N_("Move down one page")) \
	X(MOVE_PAGE_UP, "move-page-up", N_("Move up one page")) \
	X(MOVE_HALF_DOWN, "move-half-down", N_("Move down half a page")) \
	X(MOVE_HALF_UP, "move-half-up", N_("Move up half a page")) \
	X(COLLAPSE, "collapse", N_("Collapse the node, or go to its parent")) \
	X(EXPAND, "expand", N_("Expand the node")) \
	X(ENTER, "enter", N_("Open the selected item")) \
	X(NEXT_PANE, "next-pane", N_("Switch between the tree and the text beside it")) \
	X(NEXT_HEADING, "next-heading", N_("Go to the next heading")) \
	X(PREV_HEADING, "prev-heading", N_("Go to the previous heading")) \
	X(SEARCH, "search", N_("Search")) \
	X(SEARCH_NEXT, "search-next", N_("Go to the next match")) \
	X(SEARCH_PREV, "search-prev", N_("Go to the previous match")) \
	X(SHOW_TASKS, "show-tasks", N_("Show the tasks of this part in the outline")) \
	X(FILTER, "filter", N_("Filter the tasks (status:doing unit:NAME overdue soon ...)")) \
	X(SORT, "sort", N_("Sort by position, due date or status")) \
	X(STATUS_TODO, "status-todo", N_("Set the task to todo (未开始)")) \
	X(STATUS_DOING, "status-doing", N_("Set the task to doing (进行中)")) \
	X(STATUS_DONE, "status-done", N_("Set the task to done (已完成)")) \
	X(STATUS_ONGOING, "status-ongoing", N_("Set the task to ongoing (常态化)")) \
	X(STATUS_BLOCKED, "status-blocked", N_("Set the task to blocked (受阻)")) \
	X(STATUS_DROPPED, "status-dropped", N_("Set the task to dropped (已取消)")) \
	X(TOGGLE_DONE, "toggle-done", N_("Toggle the task between done and todo")) \
	X(UNDO, "undo", N_("Undo your last change")) \
	X(ADD_TASK, "add-task", N_("Add a task under the selected measure")) \
	X(EDIT, "edit", N_("Edit the task or the selected field")) \
	X(EDIT_EXTERNAL, "edit-external", N_("Edit the selected field in $EDITOR")) \
	X(ADD_NOTE, "add-note", N_("Add a note (memo) to the task")) \
	X(NOTE_EXTERNAL, "note-external", N_("Write a long note in $EDITOR")) \
	X(DELETE, "delete", N_("Delete the task (asks first)")) \
	X(ADD_REPORT, "add-report", N_("Add a progress report (进展) for this period")) \
	X(CLOSE_TASK, "close-task", N_("Close (销号) a done task, naming the evidence (reviewers)")) \
	X(REOPEN_TASK, "reopen-task", N_("Send a done or closed task back, with the reason")) \
	X(RECHECK, "recheck", N_("Record the 回头看 of a closed task")) \
	X(EXPORT, "export", N_("Export the 台账 to a file (.xlsx, .csv, .md or .json)")) \
	X(VIEW_OUTLINE, "view-outline", N_("Show the outline")) \
	X(VIEW_READER, "view-reader", N_("Show the document text")) \
	X(VIEW_TASKS, "view-tasks", N_("Show the task list")) \
	X(VIEW_DASHBOARD, "view-dashboard", N_("Show the dashboard")) \
	X(VIEW_HELP, "view-help", N_("Show this help")) \
	X(REFRESH, "refresh", N_("Reload and redraw the screen")) \
	X(BACK, "back", N_("Go back one level; quit at the top")) \
	X(QUIT, "quit", N_("Quit at once"))

#define UI_ACTION_ENUM(id, name, help) ACT_##id,
enum ui_action { UI_ACTION_LIST(UI_ACTION_ENUM) ACT_COUNT };
#undef UI_ACTION_ENUM

const char *ui_action_name(enum ui_action a);
/* The help text as written (English): translate it with _(). */
const char *ui_action_help(enum ui_action a);
/* The action called name, or -1. */
int ui_action_parse(const char *name);

#endif
