/* ui_action.h - every user action of the screens, in one list.
 * The list gives the enum, the names used in the config file (`bind j
 * move-down`) and the help screen, so the three can never drift apart. */
#ifndef LUOSHI_UI_ACTION_H
#define LUOSHI_UI_ACTION_H

#define UI_ACTION_LIST(X) \
	X(NONE, "none", "Do nothing (unbinds a key)") \
	X(MOVE_DOWN, "move-down", "Move the cursor down one row") \
	X(MOVE_UP, "move-up", "Move the cursor up one row") \
	X(MOVE_FIRST, "move-first", "Go to the first row") \
	X(MOVE_LAST, "move-last", "Go to the last row") \
	X(MOVE_PAGE_DOWN, "move-page-down", "Move down one page") \
	X(MOVE_PAGE_UP, "move-page-up", "Move up one page") \
	X(MOVE_HALF_DOWN, "move-half-down", "Move down half a page") \
	X(MOVE_HALF_UP, "move-half-up", "Move up half a page") \
	X(COLLAPSE, "collapse", "Collapse the node, or go to its parent") \
	X(EXPAND, "expand", "Expand the node") \
	X(ENTER, "enter", "Open the selected item") \
	X(NEXT_PANE, "next-pane", "Switch between the tree and the text beside it") \
	X(NEXT_HEADING, "next-heading", "Go to the next heading") \
	X(PREV_HEADING, "prev-heading", "Go to the previous heading") \
	X(SEARCH, "search", "Search") \
	X(SEARCH_NEXT, "search-next", "Go to the next match") \
	X(SEARCH_PREV, "search-prev", "Go to the previous match") \
	X(SHOW_TASKS, "show-tasks", "Show the tasks of this part in the outline") \
	X(FILTER, "filter", "Filter the tasks (status:doing unit:NAME overdue soon ...)") \
	X(SORT, "sort", "Sort by position, due date or status") \
	X(STATUS_TODO, "status-todo", "Set the task to todo (未开始)") \
	X(STATUS_DOING, "status-doing", "Set the task to doing (进行中)") \
	X(STATUS_DONE, "status-done", "Set the task to done (已完成)") \
	X(STATUS_ONGOING, "status-ongoing", "Set the task to ongoing (常态化)") \
	X(STATUS_BLOCKED, "status-blocked", "Set the task to blocked (受阻)") \
	X(STATUS_DROPPED, "status-dropped", "Set the task to dropped (已取消)") \
	X(TOGGLE_DONE, "toggle-done", "Toggle the task between done and todo") \
	X(UNDO, "undo", "Undo your last change") \
	X(ADD_TASK, "add-task", "Add a task under the selected measure") \
	X(EDIT, "edit", "Edit the task or the selected field") \
	X(EDIT_EXTERNAL, "edit-external", "Edit the selected field in $EDITOR") \
	X(ADD_NOTE, "add-note", "Add a note (memo) to the task") \
	X(NOTE_EXTERNAL, "note-external", "Write a long note in $EDITOR") \
	X(DELETE, "delete", "Delete the task (asks first)") \
	X(VIEW_OUTLINE, "view-outline", "Show the outline") \
	X(VIEW_READER, "view-reader", "Show the document text") \
	X(VIEW_TASKS, "view-tasks", "Show the task list") \
	X(VIEW_DASHBOARD, "view-dashboard", "Show the dashboard") \
	X(VIEW_HELP, "view-help", "Show this help") \
	X(REFRESH, "refresh", "Reload and redraw the screen") \
	X(BACK, "back", "Go back one level; quit at the top") \
	X(QUIT, "quit", "Quit at once")

#define UI_ACTION_ENUM(id, name, help) ACT_##id,
enum ui_action { UI_ACTION_LIST(UI_ACTION_ENUM) ACT_COUNT };
#undef UI_ACTION_ENUM

const char *ui_action_name(enum ui_action a);
const char *ui_action_help(enum ui_action a);
/* The action called name, or -1. */
int ui_action_parse(const char *name);

#endif
