/* ui_view.c - the screens: one of each (UI_VIEW_LIST), created on first
 * use, on a stack; reactions carried out; the bottom line's message. */
#include "config.h"
#include "luoshi/ui_view.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/ui_dash.h"
#include "luoshi/ui_detail.h"
#include "luoshi/ui_help.h"
#include "luoshi/ui_outline.h"
#include "luoshi/ui_reader.h"
#include "luoshi/ui_tasklist.h"

#define UI_VIEW_OPS(id, name, action) [UI_VIEW_##id] = &name##_view_ops,
static const struct view_ops *const registry[UI_VIEW_COUNT] = {UI_VIEW_LIST(UI_VIEW_OPS)};
#undef UI_VIEW_OPS
#define UI_VIEW_ACTION(id, name, action) [UI_VIEW_##id] = action,
static const enum ui_action opened_by[UI_VIEW_COUNT] = {UI_VIEW_LIST(UI_VIEW_ACTION)};
#undef UI_VIEW_ACTION

static struct {
	struct db *db;
	struct rect body;
	struct view views[UI_VIEW_COUNT]; /* ops NULL: not created yet */
	struct view *stack[UI_VIEW_COUNT];
	size_t depth;
	int full; /* the whole body is drawn at the next frame */
	int wrote; /* a reaction said R_CHANGED */
	long reloads[UI_VIEW_COUNT], updates[UI_VIEW_COUNT];
	char *msg;
} vs;

struct db *ui_db(void)
{
	return vs.db;
}

void ui_msg(const char *fmt, ...)
{
	va_list ap;
	struct sbuf b = SBUF_INIT;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(vs.msg);
	vs.msg = sbuf_detach(&b);
}

const char *ui_view_message(void)
{
	return vs.msg;
}

void ui_view_clear_message(void)
{
	free(vs.msg);
	vs.msg = NULL;
}

int ui_refuse_readonly(void)
{
	if (!db_readonly(vs.db))
		return 0;
	ui_msg(_("read-only: you cannot write %s, so nothing was changed"), db_path(vs.db));
	return 1;
}

void ui_view_start(struct db *db, struct rect body)
{
	vs.db = db;
	vs.body = body;
	vs.full = 1;
}

const struct view_ops *ui_view_ops(enum ui_view_id id)
{
	return registry[(unsigned)id < UI_VIEW_COUNT ? id : UI_VIEW_OUTLINE];
}

struct view *ui_view_top(void)
{
	return vs.depth ? vs.stack[vs.depth - 1] : NULL;
}

size_t ui_view_depth(void)
{
	return vs.depth;
}

static struct view *get(enum ui_view_id id)
{
	struct view *v = &vs.views[id];
	if (!v->ops) {
		*v = (struct view){.ops = registry[id], .id = id, .r = vs.body};
		v->ops->init(v);
		if (v->ops->layout)
			v->ops->layout(v);
	}
	return v;
}

/* v on top; the one it covers leaves. */
static void push(struct view *v)
{
	struct view *t = ui_view_top();
	if (t == v)
		return;
	if (t && t->ops->leave)
		t->ops->leave(t);
	size_t j = 0;
	for (size_t i = 0; i < vs.depth; i++)
		if (vs.stack[i] != v)
			vs.stack[j++] = vs.stack[i];
	vs.depth = j;
	vs.stack[vs.depth++] = v;
	vs.full = 1;
}

struct view *ui_open(enum ui_view_id id, const struct ui_target *t)
{
	struct view *v = get(id);
	push(v);
	if (t && v->ops->focus)
		v->ops->focus(v, t);
	return v;
}

/* The selection of the topmost screen that has one (help has none: the
 * screen it describes lies under it). */
static struct ui_target selection(void)
{
	struct ui_target t = {UI_VIEW_OUTLINE, 0, 0, 0};
	for (size_t i = vs.depth; i-- > 0;) {
		struct view *v = vs.stack[i];
		if (v->ops->target) {
			t.view = v->id;
			v->ops->target(v, &t);
			break;
		}
	}
	return t;
}

/* The screen action a opens, or -1. */
static int opened_with(enum ui_action a)
{
	for (int id = 0; a != ACT_NONE && id < UI_VIEW_COUNT; id++)
		if (opened_by[id] == a)
			return id;
	return -1;
}

int ui_view_open_action(enum ui_action a)
{
	int id = opened_with(a);
	if (id < 0)
		return R_UNHANDLED;
	struct ui_target sel = selection();
	int first = !vs.views[id].ops || !vs.views[id].loaded;
	ui_open((enum ui_view_id)id, first || registry[id]->follow ? &sel : NULL);
	return R_NONE;
}

int ui_view_opens(enum ui_action a)
{
	return opened_with(a) >= 0;
}

int ui_view_back(void)
{
	if (vs.depth <= 1)
		return 0;
	struct view *t = ui_view_top();
	if (t->ops->leave)
		t->ops->leave(t);
	vs.depth--;
	vs.full = 1;
	return 1;
}

void ui_view_changed(void)
{
	for (int i = 0; i < UI_VIEW_COUNT; i++)
		vs.views[i].stale = 1;
	vs.full = 1;
}

void ui_view_others_changed(const struct db_logged *l, size_t n)
{
	for (int i = 0; n && i < UI_VIEW_COUNT; i++) {
		struct view *v = &vs.views[i];
		if (!v->ops || !v->loaded || v->stale) /* it reloads anyway */
			continue;
		if (v->ops->changed && v->ops->changed(v, l, n))
			vs.updates[i]++;
		else
			v->stale = 1;
	}
	vs.full |= n > 0;
}

int ui_view_take_wrote(void)
{
	int w = vs.wrote;
	vs.wrote = 0;
	return w;
}

void ui_view_counts(enum ui_view_id id, long *reloads, long *updates)
{
	*reloads = vs.reloads[id];
	*updates = vs.updates[id];
}

void ui_view_react(struct view *v, int r)
{
	if (r < 0)
		return;
	if (r & R_CHANGED) {
		vs.wrote = 1;
		ui_view_changed();
		if (v && (r & R_CURRENT))
			v->stale = 0;
	}
	if (v && (r & R_RELOAD))
		v->stale = 1;
	if (r & (R_DRAW | R_RELOAD | R_CHANGED))
		vs.full = 1;
}

int ui_view_take_full(void)
{
	int full = vs.full;
	vs.full = 0;
	return full;
}

void ui_view_set_full(void)
{
	vs.full = 1;
}

void ui_view_layout(struct rect body)
{
	vs.body = body;
	vs.full = 1;
	for (int i = 0; i < UI_VIEW_COUNT; i++) {
		struct view *v = &vs.views[i];
		if (!v->ops)
			continue;
		v->r = body;
		if (v->ops->layout)
			v->ops->layout(v);
	}
}

void ui_view_refresh(struct view *v)
{
	if (v->stale || !v->loaded) {
		vs.reloads[v->id]++;
		v->ops->reload(v);
		v->loaded = 1;
		v->stale = 0;
		vs.full = 1;
	}
}

void ui_view_leave_all(void)
{
	for (size_t i = 0; i < vs.depth; i++)
		if (vs.stack[i]->ops->leave)
			vs.stack[i]->ops->leave(vs.stack[i]);
}

void ui_view_free(void)
{
	for (int i = 0; i < UI_VIEW_COUNT; i++)
		if (vs.views[i].ops && vs.views[i].ops->free)
			vs.views[i].ops->free(&vs.views[i]);
	free(vs.msg);
	memset(&vs, 0, sizeof vs);
}
