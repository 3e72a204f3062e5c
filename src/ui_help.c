/* ui_help.c - the help screen, generated from the action list and the key
 * bindings in effect for the screen it was opened from. */
#include "config.h"
#include "luoshi/ui_help.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/i18n.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_listbox.h"

struct hline {
	char *keys;  /* NULL: a heading or a plain line */
	const char *name;
	char *text;
};

struct help {
	enum ui_view_id from; /* the screen whose keys are shown */
	struct hline *l;
	size_t n;
	struct ui_listbox list;
};

static struct help *H(struct view *v)
{
	return v->priv;
}

static void add(struct help *h, char *keys, const char *name, const char *text)
{
	if ((h->n & 31) == 0)
		h->l = xreallocarray(h->l, h->n + 32, sizeof *h->l);
	h->l[h->n++] = (struct hline){keys, name, xstrdup(text)};
}

static char *keys_of(enum ui_keymap km, enum ui_action a)
{
	int keys[8];
	int n = ui_keys_for(km, a, keys, 8);
	if (!n)
		return NULL;
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < n; i++) {
		char name[32];
		sbuf_addf(&b, "%s%s", i ? " " : "", ui_key_name(keys[i], name));
	}
	return sbuf_detach(&b);
}

static void help_clear(struct help *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->l[i].keys);
		free(h->l[i].text);
	}
	free(h->l);
	h->l = NULL;
	h->n = 0;
}

/* Every screen one key away, on the first screenful: the key list below
 * scrolls, and the hint lines have no room for all of them. */
static char *screen_keys(enum ui_keymap km)
{
	static const struct {
		enum ui_action a;
		const char *label;
	} screens[] = {{ACT_VIEW_OUTLINE, N_("outline")}, {ACT_VIEW_READER, N_("text")},
		       {ACT_VIEW_TASKS, N_("tasks")}, {ACT_VIEW_DASHBOARD, N_("dashboard")},
		       {ACT_VIEW_HELP, N_("help")}};
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, _("Screens:"));
	for (size_t i = 0; i < ARRAY_SIZE(screens); i++) {
		char k[32];
		const char *key = ui_keys_first(km, screens[i].a, k);
		if (key)
			sbuf_addf(&b, "  %s %s", key, _(screens[i].label));
	}
	return sbuf_detach(&b);
}

/* An action the screen (from) or the engine takes: a key bound on every
 * screen that this one does not act on (] on the task detail) is not
 * offered, bound or not: it would only say so. */
static int offered(const struct view_ops *from, enum ui_action a)
{
	return !from->acts || from->acts(a) || ui_engine_acts(a);
}

static void help_reload(struct view *v)
{
	struct help *h = H(v);
	const struct view_ops *from = ui_view_ops(h->from);
	enum ui_keymap km = from->keymap;
	help_clear(h);
	char *head = xasprintf(_("Keys of the %s screen (keymap \"%s\")"), _(from->name),
			       ui_keymap_name(km));
	add(h, NULL, NULL, head);
	free(head);
	char *screens = screen_keys(km);
	add(h, NULL, NULL, screens);
	free(screens);
	for (int a = 1; a < ACT_COUNT; a++) {
		enum ui_action act = (enum ui_action)a;
		char *keys = offered(from, act) ? keys_of(km, act) : NULL;
		if (keys)
			add(h, keys, ui_action_name(act), _(ui_action_help(act)));
	}
	add(h, NULL, NULL, "");
	add(h, NULL, NULL, _("Not bound on this screen:"));
	for (int a = 1; a < ACT_COUNT; a++) {
		enum ui_action act = (enum ui_action)a;
		if (offered(from, act) && !ui_keys_for(km, act, (int[1]){0}, 1))
			add(h, xstrdup("-"), ui_action_name(act), _(ui_action_help(act)));
	}
	add(h, NULL, NULL, "");
	add(h, NULL, NULL, _("Change keys in $XDG_CONFIG_HOME/luoshi/config (~/.config/luoshi/config):"));
	add(h, NULL, NULL, _("  bind [KEYMAP] KEY ACTION    e.g. bind x status-done, bind reader J move-down"));
	add(h, NULL, NULL, _("  set ambiguous-width = auto|1|2    set line-graphics = yes|no"));
	add(h, NULL, NULL, _("  set colors = auto|yes|no"));
	add(h, NULL, NULL, _("Keymaps: generic outline reader tasks detail dashboard help."));
	add(h, NULL, NULL, _("Full-width keys typed by an input method (１２３ｑ／) act like 123q/."));
	ui_listbox_set(&h->list, h->n, v->r.h);
}

/* The keys of the screen the target was selected in: opened from another
 * screen, the list starts again at its top. */
static void help_focus(struct view *v, const struct ui_target *t)
{
	struct help *h = H(v);
	if (h->from != t->view)
		h->list.cur = h->list.top = 0;
	h->from = t->view;
	v->stale = 1;
}

static void help_row(struct view *v, size_t i, int y, int selected)
{
	const struct hline *l = &H(v)->l[i];
	attr_t a = selected ? ui_attr(ROLE_CURSOR) : A_NORMAL;
	int x = v->r.x, w = v->r.w;
	if (!l->keys) {
		draw_cell(y, x, w, l->text, a ? a : i == 0 ? ui_attr(ROLE_HEADING) : A_NORMAL);
		return;
	}
	int kw = w >= 80 ? 18 : 12, nw = w >= 80 ? 17 : 0;
	draw_blank(y, x, 2, a);
	draw_cell(y, x + 2, kw - 2, l->keys, a ? a : ui_attr(ROLE_HINT_KEY));
	if (nw)
		draw_cell(y, x + kw, nw, l->name, a);
	draw_cell(y, x + kw + nw, w - kw - nw, l->text, a);
}

static void help_draw(struct view *v, int full)
{
	ui_listbox_draw(&H(v)->list, v, v->r.y, full, help_row);
}

static void help_layout(struct view *v)
{
	ui_listbox_set(&H(v)->list, H(v)->n, v->r.h);
}

static int help_action(struct view *v, enum ui_action a)
{
	if (a == ACT_VIEW_HELP)
		return R_NONE;
	return ui_listbox_action(&H(v)->list, a);
}

static void help_init(struct view *v)
{
	v->priv = xcalloc(1, sizeof(struct help));
}

static void help_free(struct view *v)
{
	help_clear(H(v));
	free(v->priv);
}

static const struct ui_hint help_hints[] = {
	{ACT_MOVE_DOWN, 0, N_("down")}, {ACT_MOVE_PAGE_DOWN, 0, N_("page")}, {0, 0, NULL},
};

const struct view_ops help_view_ops = {
	.name = N_("Help"),
	.keymap = KEYMAP_HELP,
	.follow = 1,
	.init = help_init,
	.free = help_free,
	.reload = help_reload,
	.layout = help_layout,
	.draw = help_draw,
	.action = help_action,
	.focus = help_focus,
	.hints = help_hints,
};
