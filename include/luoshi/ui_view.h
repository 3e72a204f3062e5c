/* ui_view.h - what a screen sees of the engine. A screen is a table of
 * operations (struct view_ops); every screen is named once in
 * UI_VIEW_LIST with the action that opens it; screens open each other
 * through ui_open on a target (what to show), never through each other's
 * functions. Handlers say what must happen next (a reaction) and the main
 * loop (ui.c) draws. */
#ifndef LUOSHI_UI_VIEW_H
#define LUOSHI_UI_VIEW_H

#include <stddef.h>

#include "luoshi/db.h"
#include "luoshi/ui_action.h"
#include "luoshi/ui_keys.h"
#include "luoshi/util.h"

struct rect {
	int y, x, h, w;
};

/* What a handler asks the main loop to do next (bits). Every handler
 * returns one: action handlers, editor callbacks and y/n answers alike. */
enum ui_reaction {
	R_UNHANDLED = -1, /* not this view's action: the engine tries its own */
	R_NONE = 0,
	R_CURSOR = 1 << 0,  /* only the cursor moved: redraw the rows it left and reached */
	R_DRAW = 1 << 1,    /* redraw the whole view */
	R_RELOAD = 1 << 2,  /* reload this view's data (keeping the cursor), redraw */
	R_CHANGED = 1 << 3, /* we wrote to the database: every view reloads when shown */
	R_CURRENT = 1 << 4, /* with R_CHANGED: this view already shows the change
			     * (it updated itself); only the others reload */
	R_KEEP = 1 << 5,    /* from an editor callback: the text is refused (a
			     * message says why); the editor stays open with it */
};

/* Every screen: its id (UI_VIEW_...), its ops (NAME_view_ops, declared in
 * its own header) and the action that opens it (ACT_NONE: opened by
 * another screen only; the task detail by Enter on a task). */
#define UI_VIEW_LIST(X) \
	X(OUTLINE, outline, ACT_VIEW_OUTLINE) \
	X(READER, reader, ACT_VIEW_READER) \
	X(TASKS, tasklist, ACT_VIEW_TASKS) \
	X(DETAIL, detail, ACT_NONE) \
	X(DASHBOARD, dash, ACT_VIEW_DASHBOARD) \
	X(HELP, help, ACT_VIEW_HELP)

#define UI_VIEW_ENUM(id, name, action) UI_VIEW_##id,
enum ui_view_id { UI_VIEW_LIST(UI_VIEW_ENUM) UI_VIEW_COUNT };
#undef UI_VIEW_ENUM

/* What is selected in a screen, or where another screen is to go: a
 * document, a node of it, a task (0: none). view: the screen it was
 * selected in. */
struct ui_target {
	enum ui_view_id view;
	long long doc, node, task;
};

/* One entry of a view's key-hint line: the keys of action (through last,
 * for ranges like 1-6) and a short label (N_: translated when drawn). */
struct ui_hint {
	enum ui_action action, last;
	const char *label;
};

struct view;

struct view_ops {
	const char *name; /* in the title bar (N_: translated when drawn) */
	enum ui_keymap keymap;
	/* Opened by its key, the screen goes to the selection of the screen
	 * the key was pressed on every time; otherwise only the first time,
	 * and it keeps its place after (the reader: where one was reading). */
	int follow;
	void (*init)(struct view *v);
	void (*free)(struct view *v);
	/* (Re)load the data, keeping the cursor on the same item. */
	void (*reload)(struct view *v);
	/* v->r changed (start, resize). */
	void (*layout)(struct view *v);
	/* full: everything; else only what changed since the last draw. */
	void (*draw)(struct view *v, int full);
	int (*action)(struct view *v, enum ui_action a);
	/* Text after the view's name in the title bar (may be NULL). */
	void (*title)(struct view *v, struct sbuf *b);
	/* What is selected (t->view is set by the engine; the rest is 0). */
	void (*target)(struct view *v, struct ui_target *t);
	/* Go to t (0 fields: not given), if the view can. */
	void (*focus)(struct view *v, const struct ui_target *t);
	/* Called when another view is shown on top, and before quitting. */
	void (*leave)(struct view *v);
	/* Other users committed the changes l[0..n) (never a change of
	 * structure): reread what they touched of what the view holds and
	 * return 1, or return 0 to be reloaded when shown. NULL: reload. */
	int (*changed)(struct view *v, const struct db_logged *l, size_t n);
	const struct ui_hint *hints;
	/* The actions action() takes, for the help screen, which lists only
	 * those and the engine's (ui_engine_acts) of what the keymap binds.
	 * NULL: every bound action is listed. */
	int (*acts)(enum ui_action a);
};

struct view {
	const struct view_ops *ops;
	enum ui_view_id id;
	struct rect r;
	void *priv;
	int loaded; /* reload has run once */
	int stale;  /* the database changed since the last reload */
};

/* ---- for the views ---- */
struct db *ui_db(void);
/* Show screen id on top of the others (created on first use) and, when t
 * is given, go to t there. */
struct view *ui_open(enum ui_view_id id, const struct ui_target *t);
/* One line on the bottom row until the next key. */
void ui_msg(const char *fmt, ...) LU_PRINTF(1, 2);
/* True (and the bottom line says why) when the database is read-only. */
int ui_refuse_readonly(void);

/* The operations of screen id (its name, its keymap). */
const struct view_ops *ui_view_ops(enum ui_view_id id);

/* ---- for the engine (ui.c) ---- */
void ui_view_start(struct db *db, struct rect body);
/* The screen on top (NULL before the first is opened), how many are open. */
struct view *ui_view_top(void);
size_t ui_view_depth(void);
/* The view-opening action a: open its screen as view_ops.follow says,
 * from the selection of the top screen; R_UNHANDLED for other actions. */
int ui_view_open_action(enum ui_action a);
/* Back one screen (the top one leaves); 0 when already at the bottom. */
int ui_view_back(void);
/* 1 when a opens a screen (ui_view_open_action takes it). */
int ui_view_opens(enum ui_action a);
/* 1 for the actions the engine takes on every screen (quit, back,
 * refresh, undo, export, the screens' keys). */
int ui_engine_acts(enum ui_action a);
/* Carry out a reaction of view v. */
void ui_view_react(struct view *v, int r);
/* Another process changed the database: every view reloads when shown. */
void ui_view_changed(void);
/* Other users' changes l[0..n) from the log: each view rereads what they
 * touched (its op changed) or reloads when shown. */
void ui_view_others_changed(const struct db_logged *l, size_t n);
/* We wrote to the database since the last call (R_CHANGED): every view
 * reloads, so the log up to now is seen. */
int ui_view_take_wrote(void);
/* How often view id reloaded everything and took others' changes row by
 * row (its op changed), for the tests ($LUOSHI_TEST_RELOADS). */
void ui_view_counts(enum ui_view_id id, long *reloads, long *updates);
/* The whole body must be drawn again (set by reactions, read and reset by
 * the main loop). */
int ui_view_take_full(void);
void ui_view_set_full(void);
/* New body size for every view (start, resize). */
void ui_view_layout(struct rect body);
/* Reload v if it is stale or was never loaded. */
void ui_view_refresh(struct view *v);
/* Every open view leaves (before quitting), then all are freed. */
void ui_view_leave_all(void);
void ui_view_free(void);
/* The bottom line's message (NULL: none) and taking it away. */
const char *ui_view_message(void);
void ui_view_clear_message(void);

#endif
