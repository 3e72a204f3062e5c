/* ui_listbox.c - the list widget. Moving within the page redraws only the
 * row the cursor left and the row it reached, so a j/k keypress sends a
 * few bytes to the terminal, not a screenful. */
#include "config.h"
#include "luoshi/ui_listbox.h"

#include "luoshi/ui_draw.h"

void ui_listbox_set(struct ui_listbox *l, size_t n, int h)
{
	l->n = n;
	l->h = h > 0 ? h : 1;
	if (l->cur >= n)
		l->cur = n ? n - 1 : 0;
	if (l->top > l->cur)
		l->top = l->cur;
	if (l->cur >= l->top + (size_t)l->h)
		l->top = l->cur - (size_t)l->h + 1;
	/* a taller window (a resize) or fewer items: fill the window rather
	 * than leave blank rows below the last item */
	if (l->top + (size_t)l->h > n)
		l->top = n > (size_t)l->h ? n - (size_t)l->h : 0;
	l->drawn = 0;
}

/* Put the cursor on i, scrolling as little as possible. */
static void place(struct ui_listbox *l, size_t i)
{
	if (!l->n)
		return;
	if (i >= l->n)
		i = l->n - 1;
	l->cur = i;
	if (l->cur < l->top)
		l->top = l->cur;
	else if (l->cur >= l->top + (size_t)l->h)
		l->top = l->cur - (size_t)l->h + 1;
}

/* Jumps from afar put the target a third of the way down the page. */
void ui_listbox_goto(struct ui_listbox *l, size_t i)
{
	if (!l->n)
		return;
	if (i >= l->n)
		i = l->n - 1;
	if (i < l->top || i >= l->top + (size_t)l->h) {
		size_t third = (size_t)l->h / 3;
		l->top = i > third ? i - third : 0;
	}
	l->cur = i;
}

static size_t page_move(const struct ui_listbox *l, int down, size_t by)
{
	if (down)
		return l->cur + by < l->n ? l->cur + by : (l->n ? l->n - 1 : 0);
	return l->cur > by ? l->cur - by : 0;
}

int ui_listbox_action(struct ui_listbox *l, enum ui_action a)
{
	size_t old_cur = l->cur, old_top = l->top, page = (size_t)l->h, half = page / 2 ? page / 2 : 1;
	switch (a) {
	case ACT_MOVE_DOWN:
		place(l, l->cur + 1 < l->n ? l->cur + 1 : l->cur);
		break;
	case ACT_MOVE_UP:
		place(l, l->cur ? l->cur - 1 : 0);
		break;
	case ACT_MOVE_FIRST:
		place(l, 0);
		break;
	case ACT_MOVE_LAST:
		place(l, l->n ? l->n - 1 : 0);
		break;
	case ACT_MOVE_PAGE_DOWN:
	case ACT_MOVE_HALF_DOWN: {
		size_t by = a == ACT_MOVE_PAGE_DOWN ? page : half;
		size_t max_top = l->n > page ? l->n - page : 0;
		l->top = l->top + by < max_top ? l->top + by : max_top;
		place(l, page_move(l, 1, by));
		break;
	}
	case ACT_MOVE_PAGE_UP:
	case ACT_MOVE_HALF_UP: {
		size_t by = a == ACT_MOVE_PAGE_UP ? page : half;
		l->top = l->top > by ? l->top - by : 0;
		place(l, page_move(l, 0, by));
		break;
	}
	default:
		return R_UNHANDLED;
	}
	if (l->top != old_top)
		return R_DRAW;
	return l->cur != old_cur ? R_CURSOR : R_NONE;
}

int ui_listbox_acts(enum ui_action a)
{
	switch (a) {
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP:
	case ACT_MOVE_FIRST:
	case ACT_MOVE_LAST:
	case ACT_MOVE_PAGE_DOWN:
	case ACT_MOVE_HALF_DOWN:
	case ACT_MOVE_PAGE_UP:
	case ACT_MOVE_HALF_UP:
		return 1;
	default:
		return 0;
	}
}

void ui_listbox_blank(struct view *v, int y)
{
	draw_blank(y, v->r.x, v->r.w, A_NORMAL);
}

void ui_listbox_draw(struct ui_listbox *l, struct view *v, int y0, int full, ui_listbox_row_fn row)
{
	if (full || !l->drawn || l->top != l->drawn_top) {
		for (int i = 0; i < l->h; i++) {
			size_t k = l->top + (size_t)i;
			if (k < l->n)
				row(v, k, y0 + i, k == l->cur);
			else
				ui_listbox_blank(v, y0 + i);
		}
	} else if (l->cur != l->drawn_cur) {
		if (l->drawn_cur >= l->top && l->drawn_cur < l->top + (size_t)l->h && l->drawn_cur < l->n)
			row(v, l->drawn_cur, y0 + (int)(l->drawn_cur - l->top), 0);
		if (l->cur < l->n)
			row(v, l->cur, y0 + (int)(l->cur - l->top), 1);
	}
	l->drawn = 1;
	l->drawn_cur = l->cur;
	l->drawn_top = l->top;
}
