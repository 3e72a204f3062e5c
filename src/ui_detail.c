/* ui_detail.c - one task: every field, where it sits, the source sentence,
 * the notes and the history. Fields are edited in place with the line
 * editor; the edit carries the row version it started from, so a change
 * someone else made meanwhile is never silently overwritten. */
#include "config.h"
#include "luoshi/ui_detail.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/field.h"
#include "luoshi/i18n.h"
#include "luoshi/label.h"
#include "luoshi/text.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_duban.h"
#include "luoshi/ui_extedit.h"
#include "luoshi/ui_listbox.h"
#include "luoshi/ui_prompt.h"
#include "luoshi/ui_taskact.h"

#define TAG_FIELD 100 /* paragraph tag of field f: TAG_FIELD + f */

struct detail {
	long long task_id;
	struct db_task t;
	int have;
	struct wtext text;
	struct ui_listbox list;
	int label_w;
};

struct edit_arg {
	long long task_id;
	int field, version;
};

static struct detail *D(struct view *v)
{
	return v->priv;
}

/* The value as the editor starts from it: statuses and recurrences by
 * their labels (the store reads them back), a percentage as its number. */
static char *edit_value(const struct db_task *t, enum task_field f)
{
	char *v = field_kind(f) == FIELD_PERCENT ? field_value(t, f) : field_shown(t, f);
	return v ? v : xstrdup("");
}

/* One row of the fields above: label, value, and the overdue mark. */
static void add_field(struct detail *d, enum task_field f)
{
	char *value = field_shown(&d->t, f);
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, value ? value : "");
	if (f == TASK_F_DUE && d->t.overdue)
		sbuf_adds(&b, _("  (overdue)"));
	char *label = xasprintf(" %s", field_label(f));
	wtext_add_prefixed(&d->text, label, b.s, f == TASK_F_TITLE ? ROLE_HEADING : ROLE_NORMAL,
			   d->label_w + 1, TAG_FIELD + f);
	free(label);
	sbuf_free(&b);
	free(value);
}

static void add_heading(struct detail *d, const char *heading)
{
	wtext_blank(&d->text, 0);
	wtext_add(&d->text, heading, ROLE_HEADING, 0, 0, 0);
}

static void add_notes(struct detail *d)
{
	struct db_note *nt = NULL;
	size_t n = 0;
	if (db_notes(ui_db(), d->task_id, &nt, &n) != LU_OK || !n) {
		db_notes_free(nt, n);
		return;
	}
	add_heading(d, _("Notes"));
	for (size_t i = 0; i < n; i++) {
		char when[17];
		lu_format_time(nt[i].at, when);
		char *s = xasprintf("  %s  %s", nt[i].author ? nt[i].author : "", when);
		wtext_add(&d->text, s, ROLE_DIM, 0, 4, 0);
		wtext_add(&d->text, nt[i].text, ROLE_NORMAL, 4, 4, 0);
		free(s);
	}
	db_notes_free(nt, n);
}

static void add_history(struct detail *d)
{
	struct db_hist *h = NULL;
	size_t n = 0;
	if (db_history(ui_db(), d->task_id, 50, &h, &n) != LU_OK || !n) {
		db_hist_free(h, n);
		return;
	}
	add_heading(d, _("History"));
	for (size_t i = 0; i < n; i++) {
		char when[17];
		lu_format_time(h[i].at, when);
		const char *was = label_value(h[i].field, h[i].old_value);
		const char *now = label_value(h[i].field, h[i].new_value);
		/* TRANSLATORS: a history line: when, who, field: old -> new */
		char *s = xasprintf(_("  %s  %s  %s: %s -> %s%s"), when, h[i].who ? h[i].who : "",
				    h[i].field ? label_field(h[i].field) : "", was ? was : "",
				    now ? now : "",
				    h[i].undone ? _(" (undone)") : h[i].is_undo ? _(" (undo)") : "");
		wtext_add(&d->text, s, ROLE_NORMAL, 0, 4, 0);
		free(s);
	}
	db_hist_free(h, n);
}

static void add_place(struct detail *d)
{
	const struct db_task *t = &d->t;
	add_heading(d, _("Where"));
	wtext_add(&d->text, t->doc_title, ROLE_NORMAL, 2, 4, 0);
	char *s = ui_heading_text(t->section_label, t->section_heading);
	wtext_add(&d->text, s, ROLE_NORMAL, 2, 4, 0);
	free(s);
	s = ui_heading_text(t->node_label, t->node_heading);
	wtext_add(&d->text, s, ROLE_NORMAL, 2, 4, 0);
	free(s);
}

/* Every field a user edits, in field.h's order: the short ones as rows
 * under their labels, the sentence (a long one) under its heading. */
static void build(struct view *v)
{
	struct detail *d = D(v);
	wtext_free(&d->text);
	d->label_w = 0;
	for (int f = 0; f < TASK_FIELD_COUNT; f++) {
		const char *l = field_label((enum task_field)f);
		int w = text_width(l, strlen(l)) + 2;
		if (field_editable((enum task_field)f) && w > d->label_w)
			d->label_w = w;
	}
	if (d->have) {
		for (int f = 0; f < TASK_FIELD_COUNT; f++)
			if (field_editable((enum task_field)f) &&
			    field_kind((enum task_field)f) != FIELD_LONG)
				add_field(d, (enum task_field)f);
		add_place(d);
		add_heading(d, _("Text"));
		wtext_add(&d->text, d->t.text, ROLE_NORMAL, 4, 2, TAG_FIELD + TASK_F_TEXT);
		add_notes(d);
		ui_duban_detail(&d->text, &d->t);
		add_history(d);
	}
	wtext_wrap(&d->text, v->r.w - 1);
	ui_listbox_set(&d->list, d->text.nlines, v->r.h);
}

static void detail_reload(struct view *v)
{
	struct detail *d = D(v);
	if (d->have)
		db_task_free(&d->t);
	d->have = 0;
	ui_duban_refresh();
	if (d->task_id) {
		if (db_task_get(ui_db(), d->task_id, &d->t) == LU_OK)
			d->have = 1;
		else
			ui_msg(_("task %lld no longer exists"), d->task_id);
	}
	build(v);
}


/* Others' changes: only one of the task shown (its fields, a note, its
 * deletion) reads it again; the rest do not concern this screen. */
static int detail_changed(struct view *v, const struct db_logged *l, size_t n)
{
	struct detail *d = D(v);
	for (size_t i = 0; i < n; i++)
		if (d->task_id && l[i].task_id == d->task_id) {
			detail_reload(v);
			break;
		}
	return 1;
}

/* Column 0 marks the cursor row with '>' (visible without reverse video). */
static void detail_row(struct view *v, size_t i, int y, int selected)
{
	attr_t a = selected ? ui_attr(ROLE_CURSOR) : A_NORMAL;
	draw_span(y, v->r.x, 1, selected ? ">" : " ", 1, a);
	wtext_draw(&D(v)->text, i, y, v->r.x + 1, v->r.w - 1, a, NULL, 0, (size_t)-1);
}

static void detail_draw(struct view *v, int full)
{
	struct detail *d = D(v);
	if (!d->have && !d->text.nlines) {
		draw_cell(v->r.y, v->r.x, v->r.w, _(" no task"), A_NORMAL);
		for (int i = 1; i < v->r.h; i++)
			ui_listbox_blank(v, v->r.y + i);
		return;
	}
	ui_listbox_draw(&d->list, v, v->r.y, full, detail_row);
}

static void detail_layout(struct view *v)
{
	if (v->loaded)
		build(v);
}

/* The field under the cursor, or the title when the cursor is elsewhere;
 * *row gets the screen row of the field's first line (-1: not on screen). */
static int cursor_field(struct detail *d, int y0, int *row)
{
	size_t i = d->list.cur;
	const struct wtext *t = &d->text;
	*row = -1;
	long long tag = i < t->nlines ? t->paras[t->lines[i].para].tag : 0;
	if (tag < TAG_FIELD) {
		tag = TAG_FIELD + TASK_F_TITLE;
		i = 0;
	}
	while (i > 0 && t->lines[i - 1].para == t->lines[i].para)
		i--;
	if (i >= d->list.top && i < d->list.top + (size_t)d->list.h)
		*row = y0 + (int)(i - d->list.top);
	return (int)(tag - TAG_FIELD);
}

static enum lu_status save_field(long long task_id, int field, int version, const char *value)
{
	struct db_change ch = {field_column((enum task_field)field), value};
	enum lu_status st = db_task_set(ui_db(), task_id, &ch, 1, version, lu_username());
	if (st == LU_OK)
		ui_msg(_("task %lld: %s saved (u undoes)"), task_id, field_label((enum task_field)field));
	else if (st == LU_CONFLICT)
		ui_msg(_("not saved: %s"), lu_errmsg());
	else
		ui_msg("%s", lu_errmsg());
	return st;
}

/* The version of the task as the store has it now, or -1. */
static int current_version(long long task_id)
{
	struct db_task t;
	if (db_task_get(ui_db(), task_id, &t) != LU_OK)
		return -1;
	int version = t.version;
	db_task_free(&t);
	return version;
}

static int edit_done(struct view *v, const char *text, void *arg)
{
	struct edit_arg *e = arg;
	if (!text) {
		free(e);
		return R_NONE;
	}
	enum lu_status st = save_field(e->task_id, e->field, e->version, text);
	/* a value the store refuses (a date it cannot read...) stays in the
	 * editor beside the reason, to be corrected or cancelled with Esc */
	if (st == LU_USAGE)
		return R_KEEP;
	/* someone else changed the task meanwhile: what was typed stays, the
	 * reason says what they changed; Enter again writes over it knowingly */
	if (st == LU_CONFLICT && (e->version = current_version(e->task_id)) >= 0) {
		ui_msg(_("not saved: %s. Your text is kept: Enter saves it over theirs, "
			 "Esc cancels"), lu_errmsg());
		return R_KEEP | R_CHANGED;
	}
	free(e);
	return st == LU_OK || st == LU_CONFLICT ? R_CHANGED : R_NONE;
}

static struct edit_arg *edit_arg_new(struct detail *d, int field)
{
	struct edit_arg *e = xmalloc(sizeof *e);
	*e = (struct edit_arg){d->task_id, field, d->t.version};
	return e;
}

static int edit_field(struct view *v)
{
	struct detail *d = D(v);
	if (ui_refuse_readonly())
		return R_NONE;
	int row, f = cursor_field(d, v->r.y, &row);
	char *value = edit_value(&d->t, (enum task_field)f);
	int x = v->r.x + 1 + d->label_w + 1;
	if (row < 0 || field_kind((enum task_field)f) == FIELD_LONG) {
		/* TRANSLATORS: the label of the editor on the bottom line ("owner: ") */
		char *label = xasprintf(_("%s: "), field_label((enum task_field)f));
		ui_prompt_line(label, value, edit_done, edit_arg_new(d, f));
		free(label);
	} else {
		ui_prompt_at((struct rect){row, x, 1, v->r.w - (x - v->r.x)}, value, edit_done,
			     edit_arg_new(d, f));
	}
	free(value);
	return R_NONE;
}

static int edit_external(struct view *v)
{
	struct detail *d = D(v);
	if (ui_refuse_readonly())
		return R_NONE;
	int row, f = cursor_field(d, v->r.y, &row);
	char *value = edit_value(&d->t, (enum task_field)f);
	int version = d->t.version, r = R_NONE;
	char *text = ui_extedit_run(value);
	if (text) {
		size_t len = strlen(text);
		while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
			text[--len] = '\0';
		enum lu_status st = save_field(d->task_id, f, version, text);
		r = st == LU_OK || st == LU_CONFLICT ? R_CHANGED : R_NONE;
	}
	free(text);
	free(value);
	return r;
}

static int detail_action(struct view *v, enum ui_action a)
{
	struct detail *d = D(v);
	int r = ui_listbox_action(&d->list, a);
	if (r != R_UNHANDLED || !d->have)
		return r;
	switch (a) {
	case ACT_EDIT:
	case ACT_ENTER:
		return edit_field(v);
	case ACT_EDIT_EXTERNAL:
		return edit_external(v);
	case ACT_ADD_NOTE:
		return ui_taskact_note(d->task_id);
	case ACT_NOTE_EXTERNAL:
		return ui_taskact_note_external(d->task_id);
	case ACT_DELETE:
		return ui_taskact_delete(&d->t);
	case ACT_ADD_TASK:
		return ui_taskact_add(d->t.node_id);
	default: {
		int s = ui_taskact_status_for(a, d->t.status);
		if (s < 0)
			return ui_duban_key(&d->t, a);
		return ui_taskact_set_status(&d->t, (enum task_status)s);
	}
	}
}

/* What detail_action takes: the list's moves, $EDITOR and a task's keys. */
static int detail_acts(enum ui_action a)
{
	return ui_listbox_acts(a) || a == ACT_EDIT_EXTERNAL || ui_taskact_on_task(a);
}

static void detail_title(struct view *v, struct sbuf *b)
{
	struct detail *d = D(v);
	if (d->have)
		sbuf_addf(b, _("task %lld"), d->task_id);
}

static void detail_target(struct view *v, struct ui_target *t)
{
	struct detail *d = D(v);
	if (!d->have)
		return;
	t->doc = d->t.doc_id;
	t->node = d->t.node_id;
	t->task = d->task_id;
}

/* Another task: from its first line. */
static void detail_focus(struct view *v, const struct ui_target *t)
{
	struct detail *d = D(v);
	if (!t->task)
		return;
	if (d->task_id != t->task) {
		d->task_id = t->task;
		d->list.cur = d->list.top = 0;
	}
	v->stale = 1;
}

static void detail_init(struct view *v)
{
	v->priv = xcalloc(1, sizeof(struct detail));
}

static void detail_free(struct view *v)
{
	struct detail *d = D(v);
	if (d->have)
		db_task_free(&d->t);
	wtext_free(&d->text);
	free(d);
}

static const struct ui_hint detail_hints[] = {
	{ACT_EDIT, 0, N_("edit")}, {ACT_EDIT_EXTERNAL, 0, N_("$EDITOR")},
	{ACT_STATUS_TODO, ACT_STATUS_DROPPED, N_("status")}, {ACT_ADD_NOTE, 0, N_("note")},
	{ACT_UNDO, 0, N_("undo")}, {ACT_DELETE, 0, N_("delete")}, {0, 0, NULL},
};

const struct view_ops detail_view_ops = {
	.name = N_("Task"),
	.keymap = KEYMAP_DETAIL,
	.init = detail_init,
	.free = detail_free,
	.reload = detail_reload,
	.changed = detail_changed,
	.layout = detail_layout,
	.draw = detail_draw,
	.action = detail_action,
	.title = detail_title,
	.target = detail_target,
	.focus = detail_focus,
	.hints = detail_hints,
	.acts = detail_acts,
};
