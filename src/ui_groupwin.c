/* ui_groupwin.c - the task list grouped by unit, a window at a time (see
 * the header). The window grows from its ends: after a group's last task
 * comes the next group's heading, before a heading the previous group's
 * last page; a jump reads on from the nearer end of the group it lands in,
 * so that the indices stay exact. */
#include "config.h"
#include "luoshi/ui_groupwin.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/ledger.h"
#include "luoshi/ui_view.h"

#define GW_PAGE 100
#define GW_CAP 600

static size_t group_size(const struct groupwin *w, size_t g)
{
	return (size_t)(w->g[g].lead + w->g[g].assist);
}

static void rows_clear(struct groupwin *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (!w->r[i].heading)
			db_task_free(&w->r[i].t);
	free(w->r);
	w->r = NULL;
	w->n = w->base = 0;
}

void groupwin_free(struct groupwin *w)
{
	rows_clear(w);
	db_unit_groups_free(w->g, w->ng);
	free(w->start);
	memset(w, 0, sizeof *w);
}

enum lu_status groupwin_load(struct groupwin *w, const struct db_filter *f, enum db_sort sort,
			     const struct late_levels *lv)
{
	groupwin_free(w);
	w->f = f;
	w->sort = sort;
	enum lu_status st = db_unit_groups(ui_db(), f, lv, &w->g, &w->ng);
	if (st == LU_OK)
		st = db_tasks_count(ui_db(), f, &w->ntasks);
	w->start = xreallocarray(NULL, w->ng + 1, sizeof *w->start);
	for (size_t i = 0; i < w->ng; i++) {
		w->start[i] = w->total;
		w->total += 1 + group_size(w, i);
	}
	w->start[w->ng] = w->total;
	return st;
}

const struct grow *groupwin_row(const struct groupwin *w, size_t i)
{
	return i >= w->base && i - w->base < w->n ? &w->r[i - w->base] : NULL;
}

/* The group whose rows hold row i. */
static size_t group_at(const struct groupwin *w, size_t i)
{
	size_t lo = 0, hi = w->ng;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (w->start[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Put np rows at the window's end or (front) its start. */
static void rows_put(struct groupwin *w, const struct grow *p, size_t np, int front)
{
	w->r = xreallocarray(w->r, w->n + np + 1, sizeof *w->r);
	if (front) {
		memmove(w->r + np, w->r, w->n * sizeof *w->r);
		memcpy(w->r, p, np * sizeof *w->r);
		w->base -= np;
	} else {
		memcpy(w->r + w->n, p, np * sizeof *w->r);
	}
	w->n += np;
}

static void put_heading(struct groupwin *w, size_t g, int front)
{
	struct grow h = {g, 1, {0}};
	rows_put(w, &h, 1, front);
}

/* A page of group g next to task k (NULL: from its start, or before:
 * from its end), put at the window's end or start. 0 rows read is an
 * error here: the group's size said there were more. */
static enum lu_status put_page(struct groupwin *w, size_t g, const struct db_task *k, int before,
			       size_t want)
{
	struct db_task_key key = {0};
	if (k)
		db_task_key_of(k, &key);
	struct db_task *t = NULL;
	size_t n = 0;
	enum lu_status st = db_unit_page(ui_db(), w->f, &w->g[g], w->sort, &key,
					 before ? DB_PAGE_BEFORE : DB_PAGE_AFTER, want, &t, &n);
	if (st == LU_OK && n == 0)
		st = lu_error(LU_ERR, "the task list changed while it was read");
	struct grow *p = xreallocarray(NULL, n + 1, sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = (struct grow){g, 0, t[i]};
	rows_put(w, p, n, before);
	free(p);
	free(t);
	return st;
}

/* One step after the window's last row. */
static enum lu_status grow_after(struct groupwin *w)
{
	const struct grow *last = &w->r[w->n - 1];
	size_t g = last->group, end = w->base + w->n; /* the row to read */
	if (end >= w->start[g + 1]) {
		put_heading(w, g + 1, 0);
		return LU_OK;
	}
	size_t want = w->start[g + 1] - end;
	return put_page(w, g, last->heading ? NULL : &last->t, 0, want < GW_PAGE ? want : GW_PAGE);
}

/* One step before the window's first row: before a heading, the end of
 * the group above. */
static enum lu_status grow_before(struct groupwin *w)
{
	const struct grow *first = &w->r[0];
	size_t g = first->group - (first->heading ? 1 : 0), row = w->base - 1;
	if (row == w->start[g]) {
		put_heading(w, g, 1);
		return LU_OK;
	}
	size_t want = row - w->start[g]; /* its tasks up to the row */
	return put_page(w, g, first->heading ? NULL : &first->t, 1, want < GW_PAGE ? want : GW_PAGE);
}

/* Keep at most GW_CAP rows, those nearest rows lo..hi. */
static void trim(struct groupwin *w, size_t lo, size_t hi)
{
	if (w->n <= GW_CAP)
		return;
	size_t mid = lo / 2 + hi / 2, first = mid > GW_CAP / 2 ? mid - GW_CAP / 2 : 0;
	if (first < w->base)
		first = w->base;
	if (first + GW_CAP > w->base + w->n)
		first = w->base + w->n - GW_CAP;
	size_t drop = first - w->base;
	for (size_t i = 0; i < w->n; i++)
		if ((i < drop || i >= drop + GW_CAP) && !w->r[i].heading)
			db_task_free(&w->r[i].t);
	memmove(w->r, w->r + drop, GW_CAP * sizeof *w->r);
	w->n = GW_CAP;
	w->base = first;
}

/* An empty window at the nearer end of the group of row lo: its heading,
 * or past its last task (read backwards from there). */
static void anchor(struct groupwin *w, size_t lo)
{
	rows_clear(w);
	size_t g = group_at(w, lo);
	if (lo - w->start[g] <= w->start[g + 1] - lo || g + 1 >= w->ng) {
		w->base = w->start[g];
		put_heading(w, g, 0);
	} else {
		w->base = w->start[g + 1] + 1;
		put_heading(w, g + 1, 1);
	}
}

enum lu_status groupwin_ensure(struct groupwin *w, size_t lo, size_t hi)
{
	enum lu_status st = LU_OK;
	if (hi > w->total)
		hi = w->total;
	if (lo >= hi)
		return LU_OK;
	if (!w->n || lo > w->base + w->n + GW_CAP || hi + GW_CAP < w->base)
		anchor(w, lo);
	while (st == LU_OK && w->base + w->n < hi) {
		st = grow_after(w);
		trim(w, lo < w->base + w->n ? lo : w->base + w->n - 1, hi);
	}
	while (st == LU_OK && w->base > lo) {
		st = grow_before(w);
		trim(w, lo, hi > w->base ? hi : w->base + 1);
	}
	trim(w, lo, hi);
	return st;
}

/* The first group (by place) among the units t names, or "" for none. */
static size_t first_group(const struct groupwin *w, const struct db_task *t)
{
	size_t best = (size_t)-1;
	for (size_t i = 0; i < w->ng && best == (size_t)-1; i++) {
		const char *u = w->g[i].unit;
		int in = *u ? ledger_names_unit(t->unit, u) || ledger_names_unit(t->assist, u)
			    : 1; /* "" is last: reached only when it names none here */
		if (in)
			best = i;
	}
	return best;
}

size_t groupwin_find(struct groupwin *w, const struct db_task *t)
{
	size_t g = first_group(w, t);
	if (g == (size_t)-1)
		return g;
	/* its place in the group: the tasks before it, counted a page at a
	 * time (kept no longer than the page) */
	struct db_task_key key;
	db_task_key_of(t, &key);
	size_t before = 0;
	for (;;) {
		struct db_task *p = NULL;
		size_t n = 0;
		if (db_unit_page(ui_db(), w->f, &w->g[g], w->sort, &key, DB_PAGE_BEFORE, 1000, &p,
				 &n) != LU_OK)
			return (size_t)-1;
		before += n;
		if (n)
			db_task_key_of(&p[0], &key);
		db_tasks_free(p, n);
		if (n < 1000)
			break;
	}
	size_t row = w->start[g] + 1 + before;
	return row < w->start[g + 1] ? row : (size_t)-1;
}
