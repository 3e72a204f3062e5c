/* ui.c - the screens' engine: terminal setup and restore, signals, the main
 * loop, the view stack, the title and bottom lines, the line editor and
 * polling for other users' changes. Views only say what must happen next;
 * drawing happens here, once per key, with wnoutrefresh + doupdate so that
 * ncurses sends only what changed. */
#include "config.h"
#include "luoshi/ui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "luoshi/enc.h"
#include "luoshi/text.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_edit.h"
#include "luoshi/ui_keys.h"
#include "luoshi/ui_script.h"
#include "luoshi/ui_term.h"
#include "luoshi/ui_view.h"
#include "luoshi/utf8.h"

#define MIN_COLS 40
#define MIN_LINES 12
#define POLL_MS 1000
#define MAX_VIEWS 8

static struct {
	struct db *db;
	int zh, too_small, quit, body_full;
	int edit_keep;    /* the done callback refused the text: stay open */
	int told_width;   /* the terminal disagrees with ambiguous-width: said once */
	int wrap_wide;    /* ambiguous-width is set and the terminal has not confirmed it */
	int msg_on_body;  /* a message was drawn over the view's last row */
	struct view views[MAX_VIEWS];
	size_t nviews;
	struct view *stack[MAX_VIEWS];
	size_t depth;
	char *msg;
	/* line editor and y/n question */
	struct ui_edit *edit;
	char *edit_label;
	struct rect edit_rect; /* h == 0: the bottom line */
	ui_edit_done edit_done;
	void *edit_arg;
	struct view *edit_view;
	char *question;
	ui_answer_fn answer;
	void *answer_arg;
	long long data_version;
	struct ui_script *script;
} ui;

/* ---- small services for the views ---- */

struct db *ui_db(void)
{
	return ui.db;
}

int ui_lang_zh(void)
{
	return ui.zh;
}

const char *ui_tr(const char *en, const char *zh)
{
	return ui.zh ? zh : en;
}

void ui_msg(const char *fmt, ...)
{
	va_list ap;
	struct sbuf b = SBUF_INIT;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(ui.msg);
	ui.msg = sbuf_detach(&b);
}

int ui_refuse_readonly(void)
{
	if (!db_readonly(ui.db))
		return 0;
	ui_msg("read-only: you cannot write %s, so nothing was changed", db_path(ui.db));
	return 1;
}

void ui_data_changed(void)
{
	for (size_t i = 0; i < ui.nviews; i++)
		ui.views[i].stale = 1;
	ui.body_full = 1;
}

/* The stack is never empty once the first view is shown. */
static struct view *top(void)
{
	return ui.stack[ui.depth ? ui.depth - 1 : 0];
}

static struct rect body_rect(void)
{
	return (struct rect){1, 0, LINES > 2 ? LINES - 2 : 1, COLS};
}

struct view *ui_show(const struct view_ops *ops)
{
	struct view *v = NULL;
	for (size_t i = 0; i < ui.nviews && !v; i++)
		if (ui.views[i].ops == ops)
			v = &ui.views[i];
	if (!v) {
		v = &ui.views[ui.nviews++];
		*v = (struct view){.ops = ops, .r = body_rect()};
		ops->init(v);
		if (ops->layout)
			ops->layout(v);
	}
	struct view *t = ui.depth ? top() : NULL;
	if (t == v)
		return v;
	if (t && t->ops->leave)
		t->ops->leave(t);
	size_t j = 0;
	for (size_t i = 0; i < ui.depth; i++)
		if (ui.stack[i] != v)
			ui.stack[j++] = ui.stack[i];
	ui.depth = j;
	ui.stack[ui.depth++] = v;
	ui.body_full = 1;
	return v;
}

static void go_back(void)
{
	if (ui.depth <= 1) {
		ui.quit = 1;
		return;
	}
	struct view *t = top();
	if (t->ops->leave)
		t->ops->leave(t);
	ui.depth--;
	ui.body_full = 1;
}

/* ---- line editor, question ---- */

static void edit_start(const char *label, struct rect r, const char *initial, ui_edit_done done,
		       void *arg)
{
	ui_edit_free(ui.edit);
	free(ui.edit_label);
	ui.edit = ui_edit_new(initial);
	ui.edit_label = xstrdup(label ? label : "");
	ui.edit_rect = r;
	ui.edit_done = done;
	ui.edit_arg = arg;
	ui.edit_view = top();
}

void ui_prompt(const char *label, const char *initial, ui_edit_done done, void *arg)
{
	edit_start(label, (struct rect){0, 0, 0, 0}, initial, done, arg);
}

void ui_edit_at(struct rect r, const char *initial, ui_edit_done done, void *arg)
{
	edit_start("", r, initial, done, arg);
}

void ui_confirm(const char *question, ui_answer_fn answer, void *arg)
{
	free(ui.question);
	ui.question = xstrdup(question);
	ui.answer = answer;
	ui.answer_arg = arg;
}

void ui_edit_keep(void)
{
	ui.edit_keep = 1;
}

/* Close the editor and hand its text (NULL: cancelled) to its callback;
 * a callback that refuses the text (ui_edit_keep) gets the editor back,
 * text, place and callback unchanged, so the user can correct it. */
static void edit_finish(int accept)
{
	char *text = accept ? ui_edit_text(ui.edit) : NULL;
	struct ui_edit *e = ui.edit;
	char *label = ui.edit_label;
	struct rect r = ui.edit_rect;
	ui_edit_done done = ui.edit_done;
	void *arg = ui.edit_arg;
	struct view *v = ui.edit_view;
	ui.edit = NULL;
	ui.edit_label = NULL;
	ui.edit_keep = 0;
	ui.body_full = 1; /* an in-place editor covered part of the view */
	done(v, text, arg);
	free(text);
	if (ui.edit_keep && accept && !ui.edit) {
		ui.edit = e;
		ui.edit_label = label;
		ui.edit_rect = r;
		ui.edit_done = done;
		ui.edit_arg = arg;
		ui.edit_view = v;
	} else {
		ui_edit_free(e);
		free(label);
	}
	ui.edit_keep = 0;
}

static void edit_key(int key)
{
	enum ui_edit_result r = ui_edit_key(ui.edit, key);
	if (r != EDIT_CONTINUE)
		edit_finish(r == EDIT_ACCEPT);
}

static void answer_key(int key)
{
	ui_answer_fn answer = ui.answer;
	void *arg = ui.answer_arg;
	free(ui.question);
	ui.question = NULL;
	ui.answer = NULL;
	key = ui_key_fold(key);
	answer(top(), key == 'y' || key == 'Y', arg);
}

/* ---- $EDITOR ---- */

/* The editor reads and writes the locale's codeset (GB18030 in a
 * zh_CN.GB18030 locale); we keep UTF-8. NULL codeset: UTF-8 already. */
static const char *editor_codeset(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && *cs && strcmp(cs, "UTF-8") && strcmp(cs, "ANSI_X3.4-1968") ? cs : NULL;
}

static int write_for_editor(int fd, const char *initial, const char *cs)
{
	char *conv = NULL;
	size_t len = strlen(initial), n = len;
	if (cs && enc_from_utf8(cs, initial, len, &conv, &n) != LU_OK)
		return 0;
	const char *p = conv ? conv : initial;
	int ok = write(fd, p, n) == (ssize_t)n;
	free(conv);
	return ok;
}

/* The file back in UTF-8, or NULL (with a message) when it cannot be. */
static char *read_from_editor(const char *path, const char *cs)
{
	char *raw = NULL, *text = NULL;
	size_t n, bad = 0;
	if (lu_read_file(path, &raw, &n) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return NULL;
	}
	if (!cs)
		return raw;
	if (enc_to_utf8(cs, (const unsigned char *)raw, n, &text, &n, &bad) != LU_OK)
		ui_msg("the edited text is not valid %s at byte %zu; nothing was changed", cs, bad);
	free(raw);
	return text;
}

char *ui_external_editor(const char *initial)
{
	const char *tmp = getenv("TMPDIR");
	const char *cs = editor_codeset();
	char *path = xasprintf("%s/luoshi-XXXXXX.txt", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemps(path, 4);
	if (fd < 0) {
		ui_msg("cannot create a temporary file for the editor");
		free(path);
		return NULL;
	}
	int ok = write_for_editor(fd, initial, cs);
	close(fd);
	ok = ok && ui_term_run_editor(path) == 0;
	ui.body_full = 1;
	char *text = ok ? read_from_editor(path, cs) : NULL;
	if (text && !strcmp(text, initial)) {
		free(text);
		text = NULL;
	}
	if (!ok)
		ui_msg("the editor failed; nothing was changed");
	unlink(path);
	free(path);
	return text;
}

/* ---- drawing ---- */

static void draw_title(struct view *v)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, " luoshi | %s", v->ops->name);
	if (v->ops->title) {
		struct sbuf t = SBUF_INIT;
		v->ops->title(v, &t);
		if (t.len)
			sbuf_addf(&b, " | %s", t.s);
		sbuf_free(&t);
	}
	/* a snapshot does not see others' changes: say so, it is not live */
	const char *mark = !db_readonly(ui.db) ? ""
			   : db_snapshot(ui.db) ? (ui.zh ? "[只读·快照] " : "[read-only, snapshot] ")
			   : ui.zh ? "[只读] " : "[read-only] ";
	int mw = text_width(mark, strlen(mark));
	attr_t a = ui_attr(ROLE_TITLE);
	draw_cell(0, 0, COLS - mw, b.s, a);
	if (mw)
		draw_span(0, COLS - mw, mw, mark, strlen(mark), a | A_BOLD);
	sbuf_free(&b);
}

static void add_hint(struct sbuf *b, enum ui_keymap km, const struct ui_hint *h)
{
	char k1[32], k2[32];
	const char *a = ui_keys_first(km, h->action, k1);
	if (!a)
		return;
	if (b->len)
		sbuf_adds(b, "  ");
	sbuf_adds(b, a);
	const char *z = h->last ? ui_keys_first(km, h->last, k2) : NULL;
	if (z)
		sbuf_addf(b, "-%s", z);
	sbuf_addf(b, " %s", h->label);
}

static void draw_hints(struct view *v)
{
	/* help and back first: a narrow terminal cuts the end of the line */
	static const struct ui_hint head[] = {
		{ACT_VIEW_HELP, 0, "help"}, {ACT_BACK, 0, "back"}, {0, 0, NULL}};
	struct sbuf b = SBUF_INIT;
	for (const struct ui_hint *h = head; h->label; h++)
		add_hint(&b, v->ops->keymap, h);
	for (const struct ui_hint *h = v->ops->hints; h && h->label; h++)
		add_hint(&b, v->ops->keymap, h);
	draw_cell(LINES - 1, 0, COLS, b.s, ui_attr(ROLE_DIM));
	sbuf_free(&b);
}

/* A message in full, never cut at the screen's width: wrapped over the
 * rows it needs (at most half the screen) ending at row last; the rows
 * above the bottom line are the view's again at the next key. */
static void draw_msg(int last)
{
	char *san = text_sanitize(ui.msg, strlen(ui.msg), 0);
	struct text_line *tl;
	size_t n = text_wrap(san, strlen(san), COLS, 0, &tl);
	int max = LINES / 2 > 1 ? LINES / 2 : 1;
	int rows = n < (size_t)max ? (int)n : max, y0 = last - rows + 1;
	attr_t a = ui_attr(ROLE_MESSAGE);
	for (int i = 0; i < rows; i++) {
		/* the last row that fits takes the rest, cut with a mark */
		size_t end = i == rows - 1 ? strlen(san) : tl[i].off + tl[i].len;
		char *part = xstrndup(san + tl[i].off, end - tl[i].off);
		draw_cell(y0 + i, 0, COLS, part, a);
		free(part);
	}
	if (y0 < LINES - 1)
		ui.msg_on_body = 1;
	free(tl);
	free(san);
}

/* The bottom line, and the editor wherever it is; returns the cursor
 * column when the editor is open, else -1. */
static int draw_bottom(struct view *v, int *cy)
{
	int y = LINES - 1;
	if (ui.edit && ui.edit_rect.h == 0) {
		if (ui.msg && y > 1) /* why the text was refused, above it */
			draw_msg(y - 1);
		int lw = draw_text(y, 0, COLS / 2, ui.edit_label, ui_attr(ROLE_MESSAGE));
		*cy = y;
		return ui_edit_draw(ui.edit, y, lw, COLS - lw, A_NORMAL);
	}
	if (ui.question)
		draw_cell(y, 0, COLS, ui.question, ui_attr(ROLE_MESSAGE));
	else if (ui.msg)
		draw_msg(y);
	else
		draw_hints(v);
	if (!ui.edit)
		return -1;
	*cy = ui.edit_rect.y;
	return ui_edit_draw(ui.edit, ui.edit_rect.y, ui.edit_rect.x, ui.edit_rect.w, A_UNDERLINE);
}

/* One line at any width (a wrapped message looks like a broken screen),
 * ASCII only (× is ambiguous-width): the longest form that fits. */
static void draw_too_small(void)
{
	char *forms[] = {
		xasprintf("terminal too small: need %dx%d, have %dx%d", MIN_COLS, MIN_LINES, COLS,
			  LINES),
		xasprintf("too small: %dx%d < %dx%d", COLS, LINES, MIN_COLS, MIN_LINES),
		xasprintf("%dx%d!", MIN_COLS, MIN_LINES),
	};
	size_t pick = 0;
	while (pick + 1 < ARRAY_SIZE(forms) && (int)strlen(forms[pick]) > COLS)
		pick++;
	erase();
	draw_cell(0, 0, COLS, forms[pick], A_NORMAL);
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++)
		free(forms[i]);
}

static void render(void)
{
	if (ui.too_small) {
		draw_too_small();
	} else {
		struct view *v = top();
		if (v->stale || !v->loaded) {
			v->ops->reload(v);
			v->loaded = 1;
			v->stale = 0;
			ui.body_full = 1;
		}
		draw_title(v);
		v->ops->draw(v, ui.body_full);
		ui.body_full = 0;
		int cy = 0, cx = draw_bottom(v, &cy);
		if (cx >= 0)
			move(cy, cx);
		curs_set(cx >= 0);
		leaveok(stdscr, cx < 0); /* no cursor motion for a hidden cursor */
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static void layout(void)
{
	ui.too_small = COLS < MIN_COLS || LINES < MIN_LINES;
	erase();
	ui.body_full = 1;
	if (ui.too_small)
		return;
	for (size_t i = 0; i < ui.nviews; i++) {
		ui.views[i].r = body_rect();
		if (ui.views[i].ops->layout)
			ui.views[i].ops->layout(&ui.views[i]);
	}
}

/* ---- keys ---- */

static int engine_action(struct view *v, enum ui_action a)
{
	switch (a) {
	case ACT_QUIT:
		ui.quit = 1;
		return R_NONE;
	case ACT_BACK:
		go_back();
		return R_NONE;
	case ACT_VIEW_OUTLINE:
		ui_show(&outline_view_ops);
		return R_NONE;
	case ACT_VIEW_READER: {
		struct view *r = ui_show(&reader_view_ops);
		if (!r->loaded)
			reader_goto(r, outline_current_doc(), 0);
		return R_NONE;
	}
	case ACT_VIEW_TASKS:
		ui_show(&tasks_view_ops);
		return R_NONE;
	case ACT_VIEW_DASHBOARD:
		ui_show(&dash_view_ops);
		return R_NONE;
	case ACT_VIEW_HELP:
		if (v->ops != &help_view_ops)
			help_set_keymap(ui_show(&help_view_ops), v->ops);
		return R_NONE;
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		return R_RELOAD;
	case ACT_STATUS_TODO: case ACT_STATUS_DOING: case ACT_STATUS_DONE:
	case ACT_STATUS_ONGOING: case ACT_STATUS_BLOCKED: case ACT_STATUS_DROPPED:
	case ACT_TOGGLE_DONE:
		return ui_not_a_task();
	case ACT_UNDO:
		return ui_task_undo();
	default:
		return R_UNHANDLED;
	}
}

static void react(struct view *v, int r)
{
	if (r < 0)
		return;
	if (r & R_CHANGED)
		ui_data_changed();
	if (r & R_RELOAD)
		v->stale = 1;
	if (r & (R_DRAW | R_RELOAD | R_CHANGED))
		ui.body_full = 1;
}

static void dispatch(int key)
{
	struct view *v = top();
	enum ui_action a = ui_keys_lookup(v->ops->keymap, key);
	if (a == ACT_NONE) {
		char name[32];
		ui_msg("%s does nothing here; ? shows the keys", ui_key_name(key, name));
		return;
	}
	if (a == ACT_BACK && key == UI_KEY_ESC && ui.depth <= 1) {
		/* a stray Esc (Alt-key prefixes are one) never quits */
		ui_msg("Esc goes back from other screens; q or Q quits");
		return;
	}
	int r = v->ops->action(v, a);
	if (r == R_UNHANDLED)
		r = engine_action(v, a);
	if (r == R_UNHANDLED) {
		ui_msg("%s does nothing on this screen", ui_action_name(a));
		r = R_NONE;
	}
	react(top(), r);
}

/* A key or a paste ends the message of the previous one. */
static void clear_msg(void)
{
	free(ui.msg);
	ui.msg = NULL;
	if (ui.msg_on_body)
		ui.body_full = 1;
	ui.msg_on_body = 0;
}

static void handle_key(int key)
{
	clear_msg();
	if (ui.too_small) {
		enum ui_action a = ui_keys_lookup(KEYMAP_GENERIC, ui_key_fold(key));
		if (a == ACT_QUIT || a == ACT_BACK)
			ui.quit = 1;
	} else if (ui.edit) {
		edit_key(key);
	} else if (ui.question) {
		answer_key(key);
	} else {
		dispatch(ui_key_fold(key));
	}
}

/* Actions that only look: a burst of them (jjjj, or j and l batched by a
 * slow link) is carried out; any other burst is not (it could write, open
 * an editor for the rest of a paste, or quit). */
static int looks_only(enum ui_action a)
{
	switch (a) {
	case ACT_MOVE_DOWN: case ACT_MOVE_UP: case ACT_MOVE_FIRST: case ACT_MOVE_LAST:
	case ACT_MOVE_PAGE_DOWN: case ACT_MOVE_PAGE_UP: case ACT_MOVE_HALF_DOWN:
	case ACT_MOVE_HALF_UP: case ACT_COLLAPSE: case ACT_EXPAND: case ACT_NEXT_PANE:
	case ACT_NEXT_HEADING: case ACT_PREV_HEADING: case ACT_SEARCH_NEXT: case ACT_SEARCH_PREV:
	case ACT_ENTER: case ACT_SHOW_TASKS: case ACT_VIEW_OUTLINE: case ACT_VIEW_READER:
	case ACT_VIEW_TASKS: case ACT_VIEW_DASHBOARD: case ACT_VIEW_HELP: case ACT_REFRESH:
		return 1;
	default:
		return 0;
	}
}

static int burst_looks_only(const int *keys, size_t n)
{
	enum ui_keymap km = top()->ops->keymap;
	for (size_t i = 0; i < n; i++) {
		if (keys[i] >= 0x80 && keys[i] < UI_KEY_FN) /* an input method's commit */
			return 0;
		if (!looks_only(ui_keys_lookup(km, ui_key_fold(keys[i]))))
			return 0;
	}
	return 1;
}

/* Pasted text goes into an open editor as text. Keys that arrived all at
 * once go to an editor as typed; elsewhere only a burst of movement keys
 * is carried out: a paste or an input method's commit (2026年12月31日)
 * must never set statuses. What is ignored is said in one line. */
static void handle_text(int key)
{
	const int *keys = NULL;
	size_t n = key == UI_KEY_BURST ? ui_term_burst(&keys) : 0;
	if (ui.edit && !ui.too_small && key == UI_KEY_PASTE) {
		clear_msg();
		ui_edit_insert(ui.edit, ui_term_text());
		return;
	}
	if (n && ((ui.edit && !ui.too_small) || (!ui.question && !ui.too_small &&
						  burst_looks_only(keys, n)))) {
		for (size_t i = 0; i < n && !ui.quit; i++)
			handle_key(keys[i]);
		return;
	}
	const char *t = ui_term_text();
	size_t chars = n ? n : utf8_count(t, strlen(t));
	clear_msg();
	ui_msg(ui.zh ? "忽略了同时到达的 %zu 个字符（粘贴或输入法）：在编辑框外请逐个按键"
		     : "ignored %zu characters that came all at once (a paste or an input method); "
		       "outside a prompt, type keys one at a time",
	       chars);
}

static int next_key(int *arg)
{
	*arg = 0;
	if (ui.script)
		return ui_script_next(ui.script, arg);
	return ui_term_read_key();
}

/* Idle: has another process committed? Then every view reloads, keeping
 * its cursor and any half-typed edit (the editor is not a view's state). */
static void poll_changes(void)
{
	long long v;
	if (db_data_version(ui.db, &v) != LU_OK || v == ui.data_version)
		return;
	ui.data_version = v;
	ui_data_changed();
}

static void open_first_view(const struct ui_opts *opts)
{
	struct view *v = ui_show(&outline_view_ops);
	if (opts && (opts->task_id || opts->node_id)) {
		v->ops->reload(v);
		v->loaded = 1;
		v->ops->focus(v, opts->node_id, opts->task_id);
	}
}

/* The terminal answered the ambiguous-width question: when it draws them
 * otherwise than assumed, every line breaks anew and the screen is redrawn. */
static void terminal_reply(void)
{
	int w = ui_term_ambiguous_answer(), set = ui_settings.ambiguous_width;
	if (w && set && w == set && ui.wrap_wide) { /* confirmed: exact lines again */
		ui.wrap_wide = 0;
		wtext_wrap_wide(0);
		ui_data_changed();
		return;
	}
	if (!w || w == text_ambiguous_width())
		return;
	if (set) { /* the user's choice stands; say once that the terminal differs */
		ui.wrap_wide = 1; /* already on since the start: see set_ambiguous_width */
		if (!ui.told_width && ui.zh)
			ui_msg("终端把“”…画成 %d 列宽而非 %d：请设 ambiguous-width = auto", w, set);
		else if (!ui.told_width)
			ui_msg("the terminal draws “”… %d column%s wide, not %d: "
			       "set ambiguous-width = auto", w, w == 1 ? "" : "s", set);
		ui.told_width = 1;
		return;
	}
	text_set_ambiguous_width(w);
	ui_data_changed();
	layout();
	clearok(curscr, TRUE);
}

/* Ctrl-C quits, except in the line editor, where it cancels (as Esc):
 * it must not throw away the program with a half-typed note. */
static int quit_signal(void)
{
	if (ui.edit && ui_term_take_interrupt()) {
		edit_finish(0);
		ui_msg("cancelled");
	}
	return ui_term_quit_signal();
}

static void main_loop(void)
{
	while (!ui.quit && !quit_signal()) {
		if (ui_term_suspend_pending()) {
			if (top()->ops->leave) /* e.g. the reader saves its position */
				top()->ops->leave(top());
			ui_term_suspend();
			layout();
		}
		render();
		int arg, key = next_key(&arg);
		if (key == UI_SCRIPT_END)
			break;
		if (key == UI_KEY_IDLE) {
			poll_changes();
		} else if (key == UI_KEY_SLEEP) {
			struct timespec ts = {arg / 1000, (long)(arg % 1000) * 1000000L};
			nanosleep(&ts, NULL);
			poll_changes();
		} else if (key == UI_KEY(KEY_RESIZE)) {
			layout();
		} else if (key == UI_KEY_TERM_REPLY) {
			terminal_reply();
		} else if (key == UI_KEY_PASTE || key == UI_KEY_BURST) {
			handle_text(key);
		} else {
			handle_key(key);
		}
	}
}

static void free_all(void)
{
	for (size_t i = 0; i < ui.nviews; i++)
		if (ui.views[i].ops->free)
			ui.views[i].ops->free(&ui.views[i]);
	ui_edit_free(ui.edit);
	free(ui.edit_label);
	free(ui.question);
	free(ui.msg);
	ui_script_close(ui.script);
	ui_term_free();
	memset(&ui, 0, sizeof ui);
}

static int finish(int status)
{
	for (size_t i = 0; i < ui.depth; i++)
		if (ui.stack[i]->ops->leave)
			ui.stack[i]->ops->leave(ui.stack[i]);
	ui_term_stop();
	int sig = ui_term_quit_signal();
	ui_term_signals(0);
	if (ui_script_failed(ui.script)) {
		fputs(ui_script_error(ui.script), stderr);
		status = 2;
	}
	if (sig)
		status = 128 + sig;
	free_all();
	return status;
}

/* The locale's wcwidth is the start (2 in GB18030/GBK locales, 1 in UTF-8
 * ones, as tmux does); with auto the terminal is asked after the first
 * frame and may correct it (terminal_reply). */
static void set_ambiguous_width(void)
{
	int w = ui_settings.ambiguous_width;
	/* a setting the terminal has not confirmed: wrapped text is laid out
	 * wide until it does (the reader must not lose characters) */
	ui.wrap_wide = w != 0;
	wtext_wrap_wide(ui.wrap_wide);
	if (w == 0)
		w = ui_term_locale_is_gb() ? 2 : 1;
	text_set_ambiguous_width(w);
}

int ui_run(struct db *db, const struct ui_opts *opts)
{
	setlocale(LC_ALL, "");
	if (!ui_term_locale_ok()) {
		fputs("luoshi needs a UTF-8 or GB18030 locale to show Chinese; "
		      "try LANG=C.UTF-8 luoshi\n", stderr);
		return 1;
	}
	memset(&ui, 0, sizeof ui);
	ui.db = db;
	ui.zh = ui_term_lang_zh();
	const char *headless_env = getenv("LUOSHI_TEST_SCREEN");
	int headless = headless_env && *headless_env;
	const char *keys = getenv("LUOSHI_TEST_KEYS");
	if (keys && *keys && !(ui.script = ui_script_open(keys))) {
		fprintf(stderr, "luoshi: %s\n", lu_errmsg());
		return 2;
	}
	struct sbuf err = SBUF_INIT;
	ui_keys_init(&err);
	set_ambiguous_width();
	ui_term_signals(1);
	if (ui_term_start(headless, POLL_MS) < 0) {
		sbuf_free(&err);
		return finish(1);
	}
	db_data_version(db, &ui.data_version);
	layout();
	open_first_view(opts);
	if (err.len) {
		err.s[strcspn(err.s, "\n")] = '\0';
		ui_msg("%s", err.s);
	}
	sbuf_free(&err);
	render();
	if (!ui.script) /* also when set: a wrong setting is then said */
		ui_term_probe_ambiguous();
	main_loop();
	return finish(0);
}
