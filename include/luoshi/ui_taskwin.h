/* ui_taskwin.h - the task list's window: a bounded run of the rows of a
 * filtered, sorted task list around the cursor, read from the store a
 * page at a time, with the list's total from a count. */
#ifndef LUOSHI_UI_TASKWIN_H
#define LUOSHI_UI_TASKWIN_H

#include "luoshi/db.h"
#include "luoshi/ui_listbox.h"

struct taskwin {
	struct db_task *t;         /* rows base .. base + n - 1 of the list */
	size_t n;
	size_t base;
	int at_start;              /* t[0] is known to be the list's first row */
	long long shifted;         /* how far the indices have moved, in all */
	size_t total;              /* tasks in the list (the owner sets it) */
	struct ui_listbox *list;   /* its cursor and top move with the indices */
	const struct db_filter *f; /* the list: filter and order */
	enum db_sort sort;
};

/* The task of row i, or NULL when that row is not in the window. */
const struct db_task *taskwin_task(const struct taskwin *t, size_t i);
void taskwin_clear(struct taskwin *t);
/* Make rows lo..hi (hi excluded) readable, reading what is missing. The
 * indices may move on the way; the rows meant stay readable. */
enum lu_status taskwin_ensure(struct taskwin *t, size_t lo, size_t hi);
/* After a reload: the window around task id (its key was was), at the
 * index and screen row the list box holds. 0 when nothing is there. */
int taskwin_keep(struct taskwin *t, const struct db_task_key *was, long long id);

#endif
