/* ui_groupwin.h - the task list grouped by unit, a window at a time: the
 * groups and their sums from the store (db_unit_groups), and a bounded
 * run of rows (a group's heading, then its tasks) around the cursor, each
 * group's tasks read a page at a time (db_unit_page). A row's index is
 * exact: every group's size is known, and the window is only ever read
 * on from a group's first or last row. */
#ifndef LUOSHI_UI_GROUPWIN_H
#define LUOSHI_UI_GROUPWIN_H

#include "luoshi/db.h"

/* A row: a group's heading (no task) or one of its tasks. */
struct grow {
	size_t group;
	int heading;
	struct db_task t;
};

struct groupwin {
	struct db_unit_group *g; /* the groups, and the row of each heading */
	size_t ng, *start;
	size_t total;            /* rows: headings and tasks */
	size_t ntasks;           /* tasks in the list, each once */
	const struct db_filter *f;
	enum db_sort sort;       /* within a group */
	struct grow *r;          /* rows base .. base + n - 1 */
	size_t n, base;
};

/* The groups of f's list (their sums by lv); the window empty. */
enum lu_status groupwin_load(struct groupwin *w, const struct db_filter *f, enum db_sort sort,
			     const struct late_levels *lv);
void groupwin_free(struct groupwin *w);
/* Row i, or NULL when it is not in the window. */
const struct grow *groupwin_row(const struct groupwin *w, size_t i);
/* Make rows lo..hi (hi excluded) readable. */
enum lu_status groupwin_ensure(struct groupwin *w, size_t lo, size_t hi);
/* The row of task t in the first of its units' groups, or (size_t)-1. */
size_t groupwin_find(struct groupwin *w, const struct db_task *t);

#endif
