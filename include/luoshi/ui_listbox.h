/* ui_listbox.h - the list widget: rows with a cursor, shared by the
 * list-like screens (outline, task list, task detail, dashboard, help).
 * Moving within the page redraws only the row the cursor left and the
 * row it reached. */
#ifndef LUOSHI_UI_LISTBOX_H
#define LUOSHI_UI_LISTBOX_H

#include <stddef.h>

#include "luoshi/ui_view.h"

struct ui_listbox {
	size_t n, cur, top;
	int h;                 /* rows on screen */
	size_t drawn_cur, drawn_top;
	int drawn;             /* rows reflect cur/top as drawn */
};
typedef void (*ui_listbox_row_fn)(struct view *v, size_t i, int y, int selected);
/* Movement actions; R_UNHANDLED for the others. */
int ui_listbox_action(struct ui_listbox *l, enum ui_action a);
/* 1 for the actions ui_listbox_action takes (the moves). */
int ui_listbox_acts(enum ui_action a);
void ui_listbox_set(struct ui_listbox *l, size_t n, int h);
void ui_listbox_goto(struct ui_listbox *l, size_t i);
/* Draw rows at y0.. (full, or only the rows the cursor left and reached). */
void ui_listbox_draw(struct ui_listbox *l, struct view *v, int y0, int full, ui_listbox_row_fn row);
/* Blank row y of the view (below the last item). */
void ui_listbox_blank(struct view *v, int y);

#endif
