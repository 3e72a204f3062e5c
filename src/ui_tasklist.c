/* ui_tasklist.c - the task list view: every task in one flat list, across
 * documents, filtered with the words of `luoshi tasks` (status:doing
 * unit:NAME overdue soon ...) and sorted by position, due date or status.
 * Columns are aligned by display width.
 *
 * Sorted, the list is a window (ui_taskwin.c): the rows around the
 * cursor, read a page at a time, so that opening the list reads one page
 * however many tasks there are. Grouped by unit it is a window too
 * (ui_groupwin.c): the groups' headings from their sums, which the store
 * keeps, and each group's tasks a page at a time. */
#include "config.h"
#include "luoshi/ui_tasklist.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/text.h"
#include "luoshi/ledger.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_duban.h"
#include "luoshi/ui_listbox.h"
#include "luoshi/ui_prompt.h"
#include "luoshi/ui_taskact.h"
#include "luoshi/ui_groupwin.h"
#include "luoshi/ui_taskwin.h"

struct tasks {
	struct taskwin win;  /* sorted: the window */
	struct groupwin gw;  /* grouped by unit: the groups and their window */
	char *filter;
	struct db_filter *f; /* filter, parsed */
	int order; /* an index of sort_names */
	int grouped; /* what is loaded is grouped by unit (gw), not a window */
	int keep_total; /* the next load keeps the total (only the order changed) */
	struct ui_listbox list;
};

/* TRANSLATORS: the orders of the task list, in "by %s" and "sorted by %s";
 * "unit" groups the tasks under each lead and assisting unit */
static const char *const sort_names[] = {N_("position"), N_("due date"), N_("status"), N_("unit")};
enum { ORDER_UNIT = 3 };

static struct tasks *T(struct view *v)
{
	return v->priv;
}

/* Split the filter into words (blank-separated) for db_filter_parse. */
static enum lu_status parse_filter(const char *text, struct db_filter **f)
{
	char *copy = xstrdup(text ? text : ""), *save = NULL;
	char **words = NULL;
	int n = 0;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		words = xreallocarray(words, (size_t)n + 1, sizeof *words);
		words[n++] = w;
	}
	enum lu_status st = db_filter_parse(n, words, f);
	free(words);
	free(copy);
	return st;
}

/* What is loaded is a window (the order may have changed since). */
static int windowed(const struct tasks *t)
{
	return !t->grouped;
}

/* The task of row i, or NULL on a heading (or a row not read). */
static const struct db_task *row_task(const struct tasks *t, size_t i)
{
	if (windowed(t))
		return taskwin_task(&t->win, i);
	const struct grow *r = groupwin_row(&t->gw, i);
	return r && !r->heading ? &r->t : NULL;
}

/* The tasks in the list (grouped: each once, however many units). */
static size_t list_total(const struct tasks *t)
{
	return windowed(t) ? t->win.total : t->gw.ntasks;
}

/* The rows of the list box: tasks, or headings and tasks. */
static size_t list_rows(const struct tasks *t)
{
	return windowed(t) ? t->win.total : t->gw.total;
}

/* Whether row i's task is led by the unit above (grouped by unit). */
static int row_lead(const struct tasks *t, size_t i)
{
	const struct grow *r = windowed(t) ? NULL : groupwin_row(&t->gw, i);
	if (!r || r->heading)
		return 1;
	const char *u = t->gw.g[r->group].unit;
	return !*u || ledger_names_unit(r->t.unit, u);
}

/* The heading of a unit's group, with its sums. */
static char *group_heading(const struct db_unit_group *g)
{
	int late = 0;
	for (int v = LATE_YELLOW; v <= LATE_RED; v++)
		late += g->late[v];
	/* TRANSLATORS: the heading of a unit's tasks: unit, tasks it leads, assists, late */
	return xasprintf(_("%s — lead %d, assisting %d, late %d"), *g->unit ? g->unit : _("(no unit)"),
			 g->lead, g->assist, late);
}

/* Grouped by unit: the groups, the cursor on its task's row if it is in
 * the list, else where it was. */
static void groups_load(struct tasks *t, long long keep)
{
	struct late_levels lv;
	if (db_late_levels(ui_db(), &lv) != LU_OK)
		late_levels_default(&lv);
	if (groupwin_load(&t->gw, t->f, DB_SORT_POSITION, &lv) != LU_OK)
		ui_msg("%s", lu_errmsg());
	struct db_task now;
	if (keep && db_task_get(ui_db(), keep, &now) == LU_OK) {
		size_t row = groupwin_find(&t->gw, &now);
		if (row != (size_t)-1)
			t->list.cur = row;
		db_task_free(&now);
	}
	if (t->list.cur >= t->gw.total)
		t->list.cur = t->gw.total ? t->gw.total - 1 : 0;
	ui_listbox_set(&t->list, t->gw.total, t->list.h);
	if (groupwin_ensure(&t->gw, t->list.top, t->list.top + (size_t)t->list.h) != LU_OK)
		ui_msg("%s", lu_errmsg());
}

static void tasks_load(struct tasks *t, long long keep, const struct db_task_key *was)
{
	size_t h = (size_t)t->list.h, off = t->list.cur - t->list.top, top = t->list.top;
	t->grouped = t->order == ORDER_UNIT;
	if (t->grouped) {
		groups_load(t, keep);
		return;
	}
	t->win.f = t->f;
	t->win.sort = (enum db_sort)t->order;
	if (!t->keep_total && db_tasks_count(ui_db(), t->f, &t->win.total) != LU_OK)
		ui_msg("%s", lu_errmsg());
	if (!keep || t->list.cur >= t->win.total)
		t->list.cur = keep && t->win.total ? t->win.total - 1 : 0;
	t->list.top = t->list.cur > off ? t->list.cur - off : 0;
	if (!keep || !t->win.total || !taskwin_keep(&t->win, was, keep)) {
		taskwin_clear(&t->win);
		if (taskwin_ensure(&t->win, t->list.top, t->list.top + h) != LU_OK)
			ui_msg("%s", lu_errmsg());
	} else {
		/* the page stays where it was while the cursor's task is on it */
		t->list.top = top < t->list.cur ? top : t->list.cur;
	}
	ui_listbox_set(&t->list, t->win.total, t->list.h);
}

static void tasks_reload(struct view *v)
{
	struct tasks *t = T(v);
	const struct db_task *cur = row_task(t, t->list.cur);
	long long keep = cur ? cur->id : 0;
	struct db_task_key was = {0};
	if (cur)
		db_task_key_of(cur, &was);
	size_t total = list_total(t);
	taskwin_clear(&t->win);
	groupwin_free(&t->gw);
	t->win.total = t->keep_total ? total : 0;
	ui_duban_refresh();
	db_filter_free(t->f);
	t->f = NULL;
	t->list.h = v->r.h - 1 > 0 ? v->r.h - 1 : 1;
	if (parse_filter(t->filter, &t->f) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		ui_listbox_set(&t->list, 0, t->list.h);
		return;
	}
	tasks_load(t, keep, &was);
}

/* Column widths for a row of w columns: mark, status, due, unit, title.
 * Who is late is what a 督办 list is read for: at 80 columns the lead
 * unit has a column too (12, six characters: 市住建局, 市政务服务~), the
 * due date from 56. */
struct cols {
	int mark, status, due, unit, title;
};

static struct cols columns(int w)
{
	struct cols c = {5, 8, w >= 56 ? 12 : 0, w >= 90 ? 18 : w >= 72 ? 12 : 0, 0};
	c.title = w - c.mark - c.status - c.due - c.unit - 1;
	return c;
}

static void tasks_row(struct view *v, size_t i, int y, int selected)
{
	const struct db_task *k = row_task(T(v), i);
	struct cols c = columns(v->r.w);
	attr_t a = selected ? ui_attr(ROLE_CURSOR) : A_NORMAL;
	int x = v->r.x, days;
	draw_span(y, x, 1, selected ? ">" : " ", 1, a);
	if (!k) {
		const struct grow *r = windowed(T(v)) ? NULL : groupwin_row(&T(v)->gw, i);
		char *head = r ? group_heading(&T(v)->gw.g[r->group]) : xstrdup("");
		draw_cell(y, x + 1, v->r.w - 1, head, a ? a : ui_attr(ROLE_HEADING));
		free(head);
		return;
	}
	enum late_level late = ui_duban_late(k, &days);
	draw_cell(y, x + 1, c.mark - 1, label_mark(k->status), a);
	x += c.mark;
	attr_t sa = a ? a : k->status == TASK_DONE || k->status == TASK_CLOSED ? ui_attr(ROLE_DONE)
			 : k->status == TASK_BLOCKED ? ui_attr(ROLE_BLOCKED) : A_NORMAL;
	draw_cell(y, x, c.status, label_status(k->status), sa);
	x += c.status;
	if (c.due) {
		char due[16];
		snprintf(due, sizeof due, "%s%s", k->overdue ? "!" : " ", k->due ? k->due : "");
		draw_cell(y, x, c.due, due, a ? a : late ? ui_duban_late_attr(late) : A_NORMAL);
		x += c.due;
	}
	if (c.unit) {
		draw_cell(y, x, c.unit - 1, k->unit ? k->unit : "", a);
		draw_blank(y, x + c.unit - 1, 1, a);
		x += c.unit;
	}
	if (!row_lead(T(v), i)) {
		/* TRANSLATORS: before the title of a task the unit above assists */
		char *s = xasprintf(_("(assisting) %s"), k->title);
		draw_cell(y, x, c.title + 1, s, a);
		free(s);
	} else {
		draw_cell(y, x, c.title + 1, k->title, a);
	}
}

static void tasks_header(struct view *v)
{
	struct cols c = columns(v->r.w);
	int x = v->r.x + c.mark;
	attr_t a = ui_attr(ROLE_HEADING);
	draw_blank(v->r.y, v->r.x, c.mark, a);
	/* TRANSLATORS: column headers of the task list: status, due date
	 * (after a space, where the ! of an overdue task goes), lead unit, task */
	draw_cell(v->r.y, x, c.status, C_("column", "status"), a);
	x += c.status;
	if (c.due)
		draw_cell(v->r.y, x, c.due, C_("column", " due"), a), x += c.due;
	if (c.unit)
		draw_cell(v->r.y, x, c.unit, C_("column", "unit"), a), x += c.unit;
	draw_cell(v->r.y, x, c.title + 1, C_("column", "task"), a);
}

/* The window holds the rows on screen (and the cursor's): reading them
 * may find the list's ends elsewhere, which moves the indices. */
static void tasks_ensure(struct tasks *t, size_t lo, size_t hi)
{
	if (!windowed(t)) {
		if (groupwin_ensure(&t->gw, lo, hi) != LU_OK)
			ui_msg("%s", lu_errmsg());
		return;
	}
	size_t cur = t->list.cur, top = t->list.top, total = t->win.total;
	if (taskwin_ensure(&t->win, lo, hi) != LU_OK)
		ui_msg("%s", lu_errmsg());
	if (t->list.cur != cur || t->list.top != top || t->win.total != total)
		ui_listbox_set(&t->list, t->win.total, t->list.h);
}

static void tasks_draw(struct view *v, int full)
{
	struct tasks *t = T(v);
	if (full)
		tasks_header(v);
	tasks_ensure(t, t->list.top, t->list.top + (size_t)t->list.h);
	if (!list_total(t)) {
		draw_cell(v->r.y + 1, v->r.x, v->r.w, t->filter && *t->filter
			  ? _(" no task matches the filter (f changes it)") : _(" no tasks"), A_NORMAL);
		for (int i = 2; i < v->r.h; i++)
			ui_listbox_blank(v, v->r.y + i);
		return;
	}
	ui_listbox_draw(&t->list, v, v->r.y + 1, full, tasks_row);
}

static void tasks_layout(struct view *v)
{
	struct tasks *t = T(v);
	ui_listbox_set(&t->list, list_rows(t), v->r.h - 1);
}

static int filter_done(struct view *v, const char *text, void *arg)
{
	struct tasks *t = T(v);
	struct db_filter *f = NULL;
	if (!text)
		return R_NONE;
	/* a word `luoshi tasks` refuses is explained, and the text stays to
	 * be corrected, with the previous filter still in effect */
	if (parse_filter(text, &f) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return R_KEEP;
	}
	db_filter_free(f);
	free(t->filter);
	t->filter = xstrdup(text);
	t->list.cur = t->list.top = 0;
	tasks_reload(v);
	ui_msg(ngettext("%zu task", "%zu tasks", list_total(t)), list_total(t));
	return R_DRAW;
}

static int tasks_action(struct view *v, enum ui_action a)
{
	struct tasks *t = T(v);
	int r = ui_listbox_action(&t->list, a);
	if (r != R_UNHANDLED)
		return r;
	switch (a) {
	case ACT_FILTER:
	case ACT_SEARCH:
		ui_prompt_line(_("filter: "), t->filter ? t->filter : "", filter_done, NULL);
		return R_NONE;
	case ACT_SORT:
		/* the same tasks in another order: their count (a visit of
		 * them all under most filters) is kept */
		t->order = (t->order + 1) % (int)ARRAY_SIZE(sort_names);
		t->keep_total = 1;
		tasks_reload(v);
		t->keep_total = 0;
		ui_msg(_("sorted by %s"), _(sort_names[t->order]));
		return R_DRAW;
	default:
		break;
	}
	tasks_ensure(t, t->list.cur, t->list.cur + 1);
	const struct db_task *k = row_task(t, t->list.cur);
	/* a unit's heading in the grouped list: a task's key is answered,
	 * every other (quit, help, another screen) goes on as anywhere */
	if (!k && !windowed(t) && t->gw.total && ui_taskact_on_task(a)) {
		ui_msg("%s", _("that key acts on a task; this row heads a unit's tasks"));
		return R_NONE;
	}
	return k ? ui_taskact_key(k, a) : R_UNHANDLED;
}

static void tasks_title(struct view *v, struct sbuf *b)
{
	struct tasks *t = T(v);
	sbuf_addf(b, ngettext("%zu task", "%zu tasks", list_total(t)), list_total(t));
	if (t->filter && *t->filter)
		sbuf_addf(b, _(" | filter: %s"), t->filter);
	sbuf_addf(b, _(" | by %s"), _(sort_names[t->order]));
}

static void tasks_target(struct view *v, struct ui_target *tg)
{
	tasks_ensure(T(v), T(v)->list.cur, T(v)->list.cur + 1);
	const struct db_task *k = row_task(T(v), T(v)->list.cur);
	if (!k)
		return;
	tg->doc = k->doc_id;
	tg->node = k->node_id;
	tg->task = k->id;
}

static void tasks_init(struct view *v)
{
	struct tasks *t = xcalloc(1, sizeof *t);
	t->win.list = &t->list;
	v->priv = t;
}

static void tasks_free(struct view *v)
{
	struct tasks *t = T(v);
	taskwin_clear(&t->win);
	groupwin_free(&t->gw);
	db_filter_free(t->f);
	free(t->filter);
	free(t);
}

static const struct ui_hint tasks_hints[] = {
	{ACT_ENTER, 0, N_("open")}, {ACT_FILTER, 0, N_("filter")}, {ACT_SORT, 0, N_("sort")},
	{ACT_STATUS_TODO, ACT_STATUS_DROPPED, N_("status")}, {ACT_UNDO, 0, N_("undo")},
	{ACT_ADD_NOTE, 0, N_("note")}, {0, 0, NULL},
};

const struct view_ops tasklist_view_ops = {
	.name = N_("Tasks"),
	.keymap = KEYMAP_TASKS,
	.init = tasks_init,
	.free = tasks_free,
	.reload = tasks_reload,
	.layout = tasks_layout,
	.draw = tasks_draw,
	.action = tasks_action,
	.title = tasks_title,
	.target = tasks_target,
	.hints = tasks_hints,
};
