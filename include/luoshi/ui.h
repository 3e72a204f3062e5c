/* ui.h - the ncurses screens. Only src/ui*.c include <curses.h>. */
#ifndef LUOSHI_UI_H
#define LUOSHI_UI_H

#include "luoshi/db.h"

struct ui_opts {
	long long task_id; /* luoshi ui --task ID: open with the cursor on it */
	long long node_id; /* luoshi ui --node ID */
};

/* Run the screens on an open database (already seeded when it was empty).
 * Returns the process exit status. Restores the terminal on every path. */
int ui_run(struct db *db, const struct ui_opts *opts);

#endif
