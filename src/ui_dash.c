/* ui_dash.c - the dashboard: progress per document, and for the current
 * document per section and measure; counts by status; overdue tasks and
 * tasks due this week; progress by responsible unit. */
#include "config.h"
#include "luoshi/ui_dash.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_duban.h"
#include "luoshi/ui_listbox.h"
#include "luoshi/ui_taskact.h"

#define DASH_TASKS_MAX 50

enum dkind { DK_BLANK, DK_HEAD, DK_PROGRESS, DK_TASK };

struct ditem {
	enum dkind kind;
	int depth;
	char *label;
	int done, total;
	long long doc_id, node_id;
	const struct db_task *task;
};

struct dash {
	struct ditem *it;
	size_t n;
	struct db_task *overdue, *soon;
	size_t noverdue, nsoon;
	struct db_due_sums due; /* what this month asks (the 督办 panels) */
	struct ui_listbox list;
	long long doc;  /* the document whose sections are shown (0: none) */
	char *doc_title;
};

static struct dash *DS(struct view *v)
{
	return v->priv;
}

static struct ditem *add(struct dash *d, enum dkind kind, int depth, const char *label)
{
	if ((d->n & 31) == 0)
		d->it = xreallocarray(d->it, d->n + 32, sizeof *d->it);
	struct ditem *it = &d->it[d->n++];
	*it = (struct ditem){kind, depth, xstrdup(label ? label : ""), 0, 0, 0, 0, NULL};
	return it;
}

static void add_head(struct dash *d, const char *head)
{
	if (d->n)
		add(d, DK_BLANK, 0, "");
	add(d, DK_HEAD, 0, head);
}

static void add_docs(struct dash *d, long long cur)
{
	struct db_doc_head *docs = NULL;
	size_t n = 0;
	if (db_doc_list(ui_db(), 1, &docs, &n) != LU_OK)
		ui_msg("%s", lu_errmsg());
	add_head(d, _("Documents"));
	for (size_t i = 0; i < n; i++) {
		struct ditem *it = add(d, DK_PROGRESS, 1, docs[i].title);
		it->done = docs[i].ncomplete;
		it->total = docs[i].nactive;
		it->doc_id = docs[i].id;
		if (docs[i].id == cur)
			d->doc_title = xstrdup(docs[i].title ? docs[i].title : "");
	}
	db_doc_heads_free(docs, n);
}

static void add_status(struct dash *d, long long doc)
{
	int counts[TASK_STATUS_COUNT] = {0}, all = 0;
	if (db_count_status(ui_db(), doc, counts) != LU_OK)
		ui_msg("%s", lu_errmsg());
	for (int s = 0; s < TASK_STATUS_COUNT; s++)
		all += counts[s];
	add_head(d, _("Tasks by status"));
	for (int s = 0; s < TASK_STATUS_COUNT; s++) {
		struct ditem *it = add(d, DK_PROGRESS, 1, label_status((enum task_status)s));
		it->done = counts[s];
		it->total = all;
	}
}

static void add_nodes(struct dash *d, long long doc)
{
	struct db_node *nd = NULL;
	size_t n = 0;
	if (!doc || db_nodes(ui_db(), doc, &nd, &n) != LU_OK)
		return;
	add_head(d, _("Sections and measures"));
	for (size_t i = 0; i < n; i++) {
		if (nd[i].level > 2 || !nd[i].ntasks)
			continue;
		char *s = ui_heading_text(nd[i].label, nd[i].heading);
		struct ditem *it = add(d, DK_PROGRESS, nd[i].level, s);
		free(s);
		it->done = nd[i].ncomplete;
		it->total = nd[i].nactive;
		it->node_id = nd[i].id;
	}
	db_nodes_free(nd, n);
}

/* The first tasks of a filter by due date, and how many it has (from the
 * kept counts): a page, never the whole list. */
static void load_tasks(const char *word, struct db_task **t, size_t *n, size_t *total)
{
	char *words[] = {(char *)word};
	struct db_filter *f = NULL;
	struct db_task_key from = {0};
	*t = NULL;
	*n = *total = 0;
	if (db_filter_parse(1, words, &f) != LU_OK || db_tasks_count(ui_db(), f, total) != LU_OK ||
	    db_tasks_page(ui_db(), f, DB_SORT_DUE, &from, DB_PAGE_AFTER, DASH_TASKS_MAX, t, n) != LU_OK)
		ui_msg("%s", lu_errmsg());
	db_filter_free(f);
}

static void add_tasks(struct dash *d, char *head, const struct db_task *t, size_t n, size_t total)
{
	add_head(d, head);
	free(head);
	for (size_t i = 0; i < n; i++)
		add(d, DK_TASK, 1, t[i].title)->task = &t[i];
	if (total > n)
		add(d, DK_BLANK, 1, _("  (more in the task list: T)"));
}

/* Per lead unit: reported of those that must report this period, with
 * how many have not and how late the late ones are. */
static void add_period_units(struct dash *d)
{
	for (size_t k = 0; k < d->due.nunits; k++) {
		const struct db_due_unit *u = &d->due.units[k];
		struct sbuf b = SBUF_INIT;
		sbuf_adds(&b, *u->unit ? u->unit : "-");
		if (u->must > u->reported)
			sbuf_addf(&b, _(" (%d not reported)"), u->must - u->reported);
		int milder = u->late[LATE_YELLOW] + u->late[LATE_ORANGE];
		if (u->late[LATE_RED])
			sbuf_addf(&b, " %s %d", late_word(LATE_RED), u->late[LATE_RED]);
		if (milder)
			sbuf_addf(&b, " %s %d", late_word(LATE_YELLOW), milder);
		struct ditem *it = add(d, DK_PROGRESS, 1, b.s);
		it->done = u->reported;
		it->total = u->must;
		sbuf_free(&b);
	}
}

/* The 督办 panels: this month per unit (催报), what waits for review
 * (待销号) and the 回头看 that fall due; sums the store makes without
 * reading every task (db_due_sums). */
static void add_period(struct dash *d)
{
	char label[PERIOD_TEXT_MAX];
	period_format(&d->due.head.p, label);
	char *h = xasprintf(_("This period: %s, reported by unit"), label);
	add_head(d, h);
	free(h);
	add_period_units(d);
	h = xasprintf(_("Waiting for review (%zu)"), d->due.nreview);
	add_head(d, h);
	free(h);
	for (size_t i = 0; i < d->due.nreview_shown; i++)
		add(d, DK_TASK, 1, d->due.review[i].title)->task = &d->due.review[i];
	h = xasprintf(_("回头看 due (%zu)"), d->due.nrecheck);
	add_head(d, h);
	free(h);
	for (size_t i = 0; i < d->due.nrecheck_shown; i++)
		add(d, DK_TASK, 1, d->due.recheck[i].title)->task = &d->due.recheck[i];
}

/* "组织部（已逾期 3 项）：红牌 3，未开始 2，进行中 1": a lead unit, the cards
 * of its overdue tasks and its tasks per status, in the order of the
 * status keys, as `luoshi tasks --by unit` sums them. */
static char *unit_label(const struct dash *d, const struct db_count *c)
{
	/* the cards of its overdue tasks today: this month's sums (the
	 * reference day of this month is today) */
	const int *cards = NULL;
	for (size_t i = 0; i < d->due.nunits && !cards; i++)
		if (!strcmp(d->due.units[i].unit, c->key))
			cards = d->due.units[i].late;
	struct sbuf b = SBUF_INIT;
	const char *unit = *c->key ? c->key : _("(no unit)");
	if (c->overdue)
		sbuf_addf(&b, _("%s (%d overdue)"), unit, c->overdue);
	else
		sbuf_adds(&b, unit);
	/* TRANSLATORS: between a unit's name and its counts on the dashboard */
	const char *sep = _(": ");
	for (int v = LATE_RED; v >= LATE_YELLOW && cards; v--)
		if (cards[v]) {
			sbuf_addf(&b, "%s%s %d", sep, late_word((enum late_level)v), cards[v]);
			sep = _(", ");
		}
	for (int st = 0; st < TASK_STATUS_COUNT; st++)
		if (c->status[st]) {
			sbuf_addf(&b, "%s%s %d", sep, label_status((enum task_status)st), c->status[st]);
			sep = _(", ");
		}
	return sbuf_detach(&b);
}

static void add_units(struct dash *d)
{
	struct db_count *c = NULL;
	size_t n = 0;
	if (db_count_units(ui_db(), 0, &c, &n) != LU_OK || !n) {
		db_counts_free(c, n);
		return;
	}
	add_head(d, _("By lead unit"));
	for (size_t i = 0; i < n; i++) {
		char *label = unit_label(d, &c[i]);
		struct ditem *it = add(d, DK_PROGRESS, 1, label);
		free(label);
		it->done = c[i].complete;
		it->total = c[i].active;
	}
	db_counts_free(c, n);
}

static void dash_clear(struct dash *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->it[i].label);
	free(d->it);
	d->it = NULL;
	d->n = 0;
	db_tasks_free(d->overdue, d->noverdue);
	db_tasks_free(d->soon, d->nsoon);
	db_due_sums_free(&d->due);
	d->overdue = d->soon = NULL;
	d->noverdue = d->nsoon = 0;
	free(d->doc_title);
	d->doc_title = NULL;
}

static void dash_reload(struct view *v)
{
	struct dash *d = DS(v);
	dash_clear(d);
	ui_duban_refresh();
	add_docs(d, d->doc);
	add_status(d, 0);
	add_nodes(d, d->doc);
	size_t all;
	load_tasks("overdue", &d->overdue, &d->noverdue, &all);
	add_tasks(d, xasprintf(_("Overdue (%zu)"), all), d->overdue, d->noverdue, all);
	load_tasks("soon", &d->soon, &d->nsoon, &all);
	add_tasks(d, xasprintf(_("Due within a week (%zu)"), all), d->soon, d->nsoon, all);
	/* this month's sums first: the units' cards are theirs */
	int sums = db_due_sums(ui_db(), DASH_TASKS_MAX, &d->due) == LU_OK;
	if (!sums)
		ui_msg("%s", lu_errmsg());
	add_units(d);
	if (sums)
		add_period(d);
	ui_listbox_set(&d->list, d->n, v->r.h);
}

/* Others' changes: a note moves no count; anything else does, and the
 * dashboard's data is its counts, so it reloads them (when shown). */
static int dash_changed(struct view *v, const struct db_logged *l, size_t n)
{
	(void)v;
	for (size_t i = 0; i < n; i++)
		if (l[i].kind != DB_LOG_NOTE)
			return 0;
	return 1;
}

static void dash_row(struct view *v, size_t i, int y, int selected)
{
	const struct ditem *it = &DS(v)->it[i];
	attr_t a = selected ? ui_attr(ROLE_CURSOR) : A_NORMAL;
	int x = v->r.x, w = v->r.w, ind = 1 + 2 * it->depth;
	draw_span(y, x, 1, selected ? ">" : " ", 1, a);
	draw_blank(y, x + 1, ind - 1, a);
	if (it->kind == DK_HEAD || it->kind == DK_BLANK) {
		draw_cell(y, x + ind, w - ind, it->label, it->kind == DK_HEAD && !selected ? ui_attr(ROLE_HEADING) : a);
		return;
	}
	int rw = w >= 60 ? 19 : 8;
	if (it->kind == DK_TASK) {
		const struct db_task *t = it->task;
		draw_cell(y, x + ind, 4, label_mark(t->status), a);
		draw_cell(y, x + ind + 4, w - ind - 4 - rw - 1, it->label, a);
		draw_blank(y, x + w - rw - 1, 1, a);
		int days;
		enum late_level late = ui_duban_late(t, &days);
		draw_cell(y, x + w - rw, rw, t->due ? t->due : "", a ? a : ui_duban_late_attr(late));
		return;
	}
	draw_cell(y, x + ind, w - ind - rw - 1, it->label, a);
	draw_blank(y, x + w - rw - 1, 1, a);
	draw_count(y, x + w - rw, rw >= 19 ? 7 : rw, it->done, it->total, a);
	if (rw >= 19) {
		draw_blank(y, x + w - rw + 7, 1, a);
		draw_bar(y, x + w - rw + 8, rw - 8, it->done, it->total, a);
	}
}

static void dash_draw(struct view *v, int full)
{
	ui_listbox_draw(&DS(v)->list, v, v->r.y, full, dash_row);
}

static void dash_layout(struct view *v)
{
	ui_listbox_set(&DS(v)->list, DS(v)->n, v->r.h);
}

static int dash_action(struct view *v, enum ui_action a)
{
	struct dash *d = DS(v);
	int r = ui_listbox_action(&d->list, a);
	if (r != R_UNHANDLED || !d->n)
		return r;
	const struct ditem *it = &d->it[d->list.cur];
	if (it->kind == DK_TASK)
		return ui_taskact_key(it->task, a);
	if (a != ACT_ENTER && a != ACT_EXPAND)
		return R_UNHANDLED;
	if (it->node_id)
		ui_open(UI_VIEW_OUTLINE, &(struct ui_target){v->id, d->doc, it->node_id, 0});
	else if (it->doc_id)
		ui_open(UI_VIEW_READER, &(struct ui_target){v->id, it->doc_id, 0, 0});
	return R_NONE;
}

static void dash_title(struct view *v, struct sbuf *b)
{
	if (DS(v)->doc_title)
		sbuf_adds(b, DS(v)->doc_title);
}

/* The row under the cursor: a task, a section or measure, a document. */
static void dash_target(struct view *v, struct ui_target *t)
{
	struct dash *d = DS(v);
	const struct ditem *it = d->list.cur < d->n ? &d->it[d->list.cur] : NULL;
	if (it && it->task) {
		t->doc = it->task->doc_id;
		t->node = it->task->node_id;
		t->task = it->task->id;
	} else if (it && it->node_id) {
		t->doc = d->doc;
		t->node = it->node_id;
	} else {
		t->doc = it && it->doc_id ? it->doc_id : d->doc;
	}
}

/* The sections and measures shown are those of the target's document. */
static void dash_focus(struct view *v, const struct ui_target *t)
{
	struct dash *d = DS(v);
	if (t->doc && t->doc != d->doc) {
		d->doc = t->doc;
		v->stale = 1;
	}
}

static void dash_init(struct view *v)
{
	v->priv = xcalloc(1, sizeof(struct dash));
}

static void dash_free(struct view *v)
{
	dash_clear(DS(v));
	free(v->priv);
}

static const struct ui_hint dash_hints[] = {
	{ACT_ENTER, 0, N_("open")}, {ACT_STATUS_TODO, ACT_STATUS_DROPPED, N_("status")},
	{ACT_VIEW_OUTLINE, 0, N_("outline")}, {ACT_VIEW_TASKS, 0, N_("tasks")}, {0, 0, NULL},
};

const struct view_ops dash_view_ops = {
	.name = N_("Dashboard"),
	.keymap = KEYMAP_DASHBOARD,
	.follow = 1,
	.init = dash_init,
	.free = dash_free,
	.reload = dash_reload,
	.changed = dash_changed,
	.layout = dash_layout,
	.draw = dash_draw,
	.action = dash_action,
	.title = dash_title,
	.target = dash_target,
	.focus = dash_focus,
	.hints = dash_hints,
};
