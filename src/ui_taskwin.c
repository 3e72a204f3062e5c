/* ui_taskwin.c - the task list's window: the rows around the cursor,
 * read a page at a time from the store as the cursor moves
 * (db_tasks_page), at most WIN_CAP of them, with the total from a count.
 * A row's index is its place in the list as far as the window knows: a
 * reload keeps the cursor's task on its screen row and its index, and
 * reaching either end of the list corrects the indices (and the cursor
 * and top of the list box, which move with them). */
#include "config.h"
#include "luoshi/ui_taskwin.h"

#include <stdlib.h>
#include <string.h>

/* Rows read beyond what is asked, and the most kept. */
#define WIN_PAGE 100
#define WIN_CAP 600

const struct db_task *taskwin_task(const struct taskwin *t, size_t i)
{
	return i >= t->base && i - t->base < t->n ? &t->t[i - t->base] : NULL;
}

void taskwin_clear(struct taskwin *t)
{
	db_tasks_free(t->t, t->n);
	t->t = NULL;
	t->n = 0;
	t->base = 0;
	t->at_start = 0;
}

/* ---- the window ---- */

/* Move the cursor and the top by d: the list turned out to start or end
 * elsewhere than the window thought (others added or removed tasks
 * before it). */
static void win_shift(struct taskwin *t, long long d)
{
	struct ui_listbox *l = t->list;
	long long cur = (long long)l->cur + d, top = (long long)l->top + d;
	t->shifted += d;
	l->cur = cur > 0 ? (size_t)cur : 0;
	l->top = top > 0 ? (size_t)top : 0;
}

/* np rows were read before the window, whose first row is now at
 * base - np as far as it knows; at the start of the list (fewer than
 * asked) the first row is row 0. */
static void win_before_read(struct taskwin *t, size_t np, int start)
{
	long long nb = (long long)t->base - (long long)np;
	t->at_start = start;
	if (start || nb < 0) {
		win_shift(t, -nb);
		t->base = 0;
	} else {
		t->base = (size_t)nb;
	}
}

/* At the end of the list: the last row is row total - 1. */
static void win_end_read(struct taskwin *t)
{
	long long d = (long long)t->total - (long long)(t->base + t->n);
	if ((long long)t->base + d >= 0) {
		win_shift(t, d);
		t->base = (size_t)((long long)t->base + d);
	} else {
		t->total = t->base + t->n; /* the count was before a change */
	}
}

/* Read up to want rows after the window's last (or before its first). */
static enum lu_status win_extend(struct taskwin *t, int before, size_t want)
{
	struct db_task_key k = {0};
	if (t->n)
		db_task_key_of(before ? &t->t[0] : &t->t[t->n - 1], &k);
	else if (!before)
		t->at_start = 1; /* from the start */
	struct db_task *p = NULL;
	size_t np = 0;
	enum lu_status st = db_tasks_page(ui_db(), t->f, t->sort, &k,
					  before ? DB_PAGE_BEFORE : DB_PAGE_AFTER, want, &p, &np);
	if (st != LU_OK)
		return st;
	size_t had = t->n;
	t->t = xreallocarray(t->t, had + np + 1, sizeof *t->t);
	if (before && np)
		memmove(t->t + np, t->t, had * sizeof *t->t);
	if (np)
		memcpy(t->t + (before ? 0 : had), p, np * sizeof *t->t);
	t->n += np;
	free(p);
	if (before)
		win_before_read(t, np, np < want);
	else if (np < want)
		win_end_read(t);
	return LU_OK;
}

/* Keep at most WIN_CAP rows, those nearest rows lo..hi. */
static void win_trim(struct taskwin *t, size_t lo, size_t hi)
{
	if (t->n <= WIN_CAP)
		return;
	size_t mid = lo / 2 + hi / 2, first = mid > WIN_CAP / 2 ? mid - WIN_CAP / 2 : 0;
	first = first < t->base ? t->base : first;
	if (first + WIN_CAP > t->base + t->n)
		first = t->base + t->n - WIN_CAP;
	size_t drop = first - t->base, keep = WIN_CAP;
	if (drop)
		t->at_start = 0;
	for (size_t i = 0; i < t->n; i++)
		if (i < drop || i >= drop + keep)
			db_task_free(&t->t[i]);
	memmove(t->t, t->t + drop, keep * sizeof *t->t);
	t->n = keep;
	t->base = first;
}

/* Read from the start or from the end of the list afresh. */
static enum lu_status win_from_edge(struct taskwin *t, int end, size_t want)
{
	taskwin_clear(t);
	if (!end)
		return win_extend(t, 0, want);
	t->base = t->total;
	return win_extend(t, 1, want);
}

/* Move a row's index as the window's have moved since shift0. */
static size_t moved(const struct taskwin *t, size_t i, long long shift0)
{
	long long j = (long long)i + t->shifted - shift0;
	return j > 0 ? (size_t)j : 0;
}

/* Read the rows after the window up to row hi. */
static enum lu_status win_fill_after(struct taskwin *t, size_t lo, size_t hi)
{
	enum lu_status st = LU_OK;
	long long s0 = t->shifted;
	while (st == LU_OK && moved(t, hi, s0) > t->base + t->n && t->base + t->n < t->total) {
		size_t gap = moved(t, hi, s0) - (t->base + t->n);
		st = win_extend(t, 0, (gap < WIN_CAP ? gap : WIN_CAP) + WIN_PAGE);
		size_t end = t->base + t->n;
		win_trim(t, moved(t, lo, s0) < end ? moved(t, lo, s0) : end - 1, moved(t, hi, s0));
	}
	return st;
}

/* Read the rows before the window down to row lo; at row 0, on until
 * the list's start is known. */
static enum lu_status win_fill_before(struct taskwin *t, size_t lo, size_t hi)
{
	enum lu_status st = LU_OK;
	long long s0 = t->shifted;
	while (st == LU_OK && t->n &&
	       (moved(t, lo, s0) < t->base || (moved(t, lo, s0) == 0 && !t->at_start))) {
		size_t gap = t->base - moved(t, lo, s0);
		st = win_extend(t, 1, (gap < WIN_CAP ? gap : WIN_CAP) + WIN_PAGE);
		size_t h = moved(t, hi, s0);
		win_trim(t, moved(t, lo, s0), h > t->base ? h : t->base + 1);
	}
	return st;
}

/* Make rows lo..hi (hi excluded) readable, reading what is missing. The
 * indices may move on the way (win_shift); the rows meant stay readable. */
enum lu_status taskwin_ensure(struct taskwin *t, size_t lo, size_t hi)
{
	enum lu_status st = LU_OK;
	if (hi > t->total)
		hi = t->total;
	if (lo >= hi)
		return LU_OK;
	/* far from the window: from the nearer end of the list, or onwards
	 * (an empty window reads on from the start) */
	if (!t->n || lo > t->base + t->n + WIN_CAP || hi + WIN_CAP < t->base) {
		if (lo < WIN_CAP)
			st = win_from_edge(t, 0, hi + WIN_PAGE);
		else if (t->total - hi < WIN_CAP)
			st = win_from_edge(t, 1, t->total - lo + WIN_PAGE);
	}
	if (!t->n)
		t->base = 0;
	long long s0 = t->shifted;
	if (st == LU_OK)
		st = win_fill_after(t, lo, hi);
	if (st == LU_OK)
		st = win_fill_before(t, moved(t, lo, s0), moved(t, hi, s0));
	win_trim(t, moved(t, lo, s0), moved(t, hi, s0));
	return st;
}

/* The cursor's task again after a reload: the rows from its key on
 * (where it is now, if it still matches the filter, else where it was),
 * then a page before them; its index and screen row are those it had
 * (t->list). 0 when nothing is there. */
int taskwin_keep(struct taskwin *t, const struct db_task_key *was, long long id)
{
	struct db_task now;
	struct db_task_key k = *was;
	if (db_task_get(ui_db(), id, &now) == LU_OK)
		db_task_key_of(&now, &k);
	db_task_free(&now);
	size_t want = (size_t)t->list->h + WIN_PAGE;
	for (int pass = 0; pass < 2 && !t->n; pass++, k = *was) {
		struct db_task_key from = k;
		from.id--; /* the page after this starts with the task itself */
		if (db_tasks_page(ui_db(), t->f, t->sort, &from, DB_PAGE_AFTER, want,
				  &t->t, &t->n) != LU_OK)
			return 0;
		if (t->n && t->t[0].id != id && pass == 0)
			taskwin_clear(t); /* it no longer matches: where it was */
	}
	if (!t->n)
		return 0;
	t->base = t->list->cur;
	if (t->n < want)
		win_end_read(t);
	return win_extend(t, 1, WIN_PAGE) == LU_OK;
}