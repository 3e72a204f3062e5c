/* ui_tasklist.c - the task list view: every task in one flat list, across
 * documents, filtered with the words of `luoshi tasks` (status:doing
 * unit:NAME overdue soon ...) and sorted by position, due date or status.
 * Columns are aligned by display width. */
#include "config.h"
#include "luoshi/ui_tasklist.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/text.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_listbox.h"
#include "luoshi/ui_prompt.h"
#include "luoshi/ui_taskact.h"

struct tasks {
	struct db_task *t;
	size_t n;
	char *filter;
	enum db_sort sort;
	struct ui_listbox list;
};

/* TRANSLATORS: the orders of the task list, in "by %s" and "sorted by %s" */
static const char *const sort_names[] = {N_("position"), N_("due date"), N_("status")};

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

static void tasks_reload(struct view *v)
{
	struct tasks *t = T(v);
	long long keep = t->list.cur < t->n ? t->t[t->list.cur].id : 0;
	db_tasks_free(t->t, t->n);
	t->t = NULL;
	t->n = 0;
	struct db_filter *f = NULL;
	if (parse_filter(t->filter, &f) != LU_OK ||
	    db_tasks(ui_db(), f, t->sort, &t->t, &t->n) != LU_OK)
		ui_msg("%s", lu_errmsg());
	db_filter_free(f);
	for (size_t i = 0; i < t->n && keep; i++)
		if (t->t[i].id == keep)
			t->list.cur = i;
	ui_listbox_set(&t->list, t->n, v->r.h - 1);
}

/* Column widths for a row of w columns: mark, status, due, unit, title. */
struct cols {
	int mark, status, due, unit, title;
};

static struct cols columns(int w)
{
	struct cols c = {5, 8, w >= 64 ? 12 : 0, w >= 90 ? 18 : 0, 0};
	c.title = w - c.mark - c.status - c.due - c.unit - 1;
	return c;
}

static void tasks_row(struct view *v, size_t i, int y, int selected)
{
	const struct db_task *k = &T(v)->t[i];
	struct cols c = columns(v->r.w);
	attr_t a = selected ? ui_attr(ROLE_CURSOR) : A_NORMAL;
	int x = v->r.x;
	draw_span(y, x, 1, selected ? ">" : " ", 1, a);
	draw_cell(y, x + 1, c.mark - 1, label_mark(k->status), a);
	x += c.mark;
	attr_t sa = a ? a : k->status == TASK_DONE ? ui_attr(ROLE_DONE)
			 : k->status == TASK_BLOCKED ? ui_attr(ROLE_BLOCKED) : A_NORMAL;
	draw_cell(y, x, c.status, label_status(k->status), sa);
	x += c.status;
	if (c.due) {
		char due[16];
		snprintf(due, sizeof due, "%s%s", k->overdue ? "!" : " ", k->due ? k->due : "");
		draw_cell(y, x, c.due, due, a ? a : k->overdue ? ui_attr(ROLE_OVERDUE) : A_NORMAL);
		x += c.due;
	}
	if (c.unit) {
		draw_cell(y, x, c.unit - 1, k->unit ? k->unit : "", a);
		draw_blank(y, x + c.unit - 1, 1, a);
		x += c.unit;
	}
	draw_cell(y, x, c.title + 1, k->title, a);
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

static void tasks_draw(struct view *v, int full)
{
	struct tasks *t = T(v);
	if (full)
		tasks_header(v);
	if (!t->n) {
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
	ui_listbox_set(&t->list, t->n, v->r.h - 1);
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
	ui_msg(ngettext("%zu task", "%zu tasks", t->n), t->n);
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
		t->sort = (enum db_sort)((t->sort + 1) % 3);
		ui_msg(_("sorted by %s"), _(sort_names[t->sort]));
		return R_RELOAD;
	default:
		break;
	}
	if (!t->n)
		return R_UNHANDLED;
	return ui_taskact_key(&t->t[t->list.cur], a);
}

static void tasks_title(struct view *v, struct sbuf *b)
{
	struct tasks *t = T(v);
	sbuf_addf(b, ngettext("%zu task", "%zu tasks", t->n), t->n);
	if (t->filter && *t->filter)
		sbuf_addf(b, _(" | filter: %s"), t->filter);
	sbuf_addf(b, _(" | by %s"), _(sort_names[t->sort]));
}

static void tasks_target(struct view *v, struct ui_target *tg)
{
	struct tasks *t = T(v);
	if (t->list.cur >= t->n)
		return;
	tg->doc = t->t[t->list.cur].doc_id;
	tg->node = t->t[t->list.cur].node_id;
	tg->task = t->t[t->list.cur].id;
}

static void tasks_init(struct view *v)
{
	v->priv = xcalloc(1, sizeof(struct tasks));
}

static void tasks_free(struct view *v)
{
	struct tasks *t = T(v);
	db_tasks_free(t->t, t->n);
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
