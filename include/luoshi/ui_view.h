/* ui_view.h - a screen is a table of operations; the engine (ui.c) owns the
 * terminal, the view stack, the bottom line and the line editor. Views say
 * what must happen next (a reaction) and the main loop draws. */
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

/* What a handler asks the main loop to do next (bits). */
enum ui_reaction {
	R_UNHANDLED = -1, /* not this view's action: the engine tries its own */
	R_NONE = 0,
	R_CURSOR = 1 << 0,  /* only the cursor moved: redraw the rows it left and reached */
	R_DRAW = 1 << 1,    /* redraw the whole view */
	R_RELOAD = 1 << 2,  /* reload this view's data (keeping the cursor), redraw */
	R_CHANGED = 1 << 3, /* we wrote to the database: every view reloads when shown */
};

/* One entry of a view's key-hint line: the keys of action (through last,
 * for ranges like 1-6) and a short label. */
struct ui_hint {
	enum ui_action action, last;
	const char *label;
};

struct view;

struct view_ops {
	const char *name; /* in the title bar */
	enum ui_keymap keymap;
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
	/* Put the cursor on a node or a task (0 = none), if the view can. */
	void (*focus)(struct view *v, long long node_id, long long task_id);
	/* Called when another view is shown on top, and before quitting. */
	void (*leave)(struct view *v);
	const struct ui_hint *hints;
};

struct view {
	const struct view_ops *ops;
	struct rect r;
	void *priv;
	int loaded; /* reload has run once */
	int stale;  /* the database changed since the last reload */
};

/* ---- the engine, for the views ---- */
struct db *ui_db(void);
/* Statuses and labels in Chinese when the user's language is Chinese. */
int ui_lang_zh(void);
/* en, or zh when the user's language is Chinese. */
const char *ui_tr(const char *en, const char *zh);
/* One line on the bottom row until the next key. */
void ui_msg(const char *fmt, ...) LU_PRINTF(1, 2);
/* True (and the bottom line says why) when the database is read-only. */
int ui_refuse_readonly(void);
/* We wrote to the database: every view reloads (keeping its cursor) before
 * it is drawn again. */
void ui_data_changed(void);
/* Bring a view to the top of the stack (created on first use). */
struct view *ui_show(const struct view_ops *ops);

/* The line editor. done gets the text, or NULL when cancelled (Esc/C-g/C-c). */
typedef void (*ui_edit_done)(struct view *v, const char *text, void *arg);
/* On the bottom line after label. */
void ui_prompt(const char *label, const char *initial, ui_edit_done done, void *arg);
/* In place, inside r (one row). */
void ui_edit_at(struct rect r, const char *initial, ui_edit_done done, void *arg);
/* Called from a done callback given text: the text is refused (say why
 * with ui_msg); the editor stays open with it, the same callback and arg
 * (so the callback must not free arg then). Esc still cancels. */
void ui_edit_keep(void);
/* A y/n question on the bottom line; answer runs with yes = 1 on y, 0 on
 * any other key. */
typedef void (*ui_answer_fn)(struct view *v, int yes, void *arg);
void ui_confirm(const char *question, ui_answer_fn answer, void *arg);
/* Run $EDITOR (else vi) on initial text; the edited text (malloc'ed), or
 * NULL when the editor failed or the text is unchanged. */
char *ui_external_editor(const char *initial);

/* ---- a list with a cursor, shared by the list-like views ---- */
struct ui_list {
	size_t n, cur, top;
	int h;                 /* rows on screen */
	size_t drawn_cur, drawn_top;
	int drawn;             /* rows reflect cur/top as drawn */
};
typedef void (*ui_row_fn)(struct view *v, size_t i, int y, int selected);
/* Movement actions; R_UNHANDLED for the others. */
int ui_list_action(struct ui_list *l, enum ui_action a);
void ui_list_set(struct ui_list *l, size_t n, int h);
void ui_list_goto(struct ui_list *l, size_t i);
/* Draw rows at y0.. (full, or only the rows the cursor left and reached). */
void ui_list_draw(struct ui_list *l, struct view *v, int y0, int full, ui_row_fn row);
/* Blank row y of the view (below the last item). */
void ui_list_blank(struct view *v, int y);

/* ---- task actions shared by the outline, the task list and the detail ---- */
/* status-* and toggle-done: the status they set on t, or -1. */
int ui_status_for_action(enum ui_action a, enum task_status cur);
const char *ui_status_label(enum task_status s);
const char *ui_status_mark(enum task_status s); /* "[x]" ... ASCII */
/* Write a status change (with the task's version): R_CHANGED when written,
 * R_CHANGED | R_RELOAD when refused because someone else changed the task
 * meanwhile (everything reloads), R_NONE when nothing was written. */
int ui_task_set_status(const struct db_task *t, enum task_status s);
int ui_task_undo(void);
void ui_task_add(long long node_id);
void ui_task_note(long long task_id);
void ui_task_note_external(long long task_id);
void ui_task_delete(const struct db_task *t);
/* The task keys on a task row: edit/enter (opens the detail), notes,
 * delete, add (under the same measure), status keys; R_UNHANDLED for the
 * others. */
int ui_task_action(const struct db_task *t, enum ui_action a);
/* "status keys act on tasks; ..." on rows that are not tasks */
int ui_not_a_task(void);

/* ---- the text pane beside the outline (ui_pane.c) ---- */
struct wtext;
void ui_pane_doc(struct wtext *t, const struct db_doc *d);
void ui_pane_node(struct wtext *t, const struct db_node *nd);
void ui_pane_task(struct wtext *t, const struct db_task *k);

/* ---- the views ---- */
extern const struct view_ops outline_view_ops;
extern const struct view_ops reader_view_ops;
extern const struct view_ops tasks_view_ops;
extern const struct view_ops detail_view_ops;
extern const struct view_ops dash_view_ops;
extern const struct view_ops help_view_ops;

void detail_set_task(struct view *v, long long task_id);
void reader_goto(struct view *v, long long doc_id, long long node_id);
void help_set_keymap(struct view *v, const struct view_ops *from);
/* The document the outline's cursor is in (0 when none). */
long long outline_current_doc(void);

#endif
