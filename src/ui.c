/* ui.c - the screens' engine: terminal setup and restore, signals, the main
 * loop, the title and bottom lines and polling for other users' changes.
 * Views only say what must happen next; drawing happens here, once per
 * key, with wnoutrefresh + doupdate so that ncurses sends only what
 * changed. The screens themselves live in ui_view.c, the line editor and
 * the y/n question in ui_prompt.c. */
#include "config.h"
#include "luoshi/ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "luoshi/i18n.h"
#include "luoshi/text.h"
#include "luoshi/ui_docwin.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_export.h"
#include "luoshi/ui_keys.h"
#include "luoshi/ui_prompt.h"
#include "luoshi/ui_script.h"
#include "luoshi/ui_taskact.h"
#include "luoshi/ui_term.h"
#include "luoshi/ui_view.h"
#include "luoshi/utf8.h"

#define MIN_COLS 40
#define MIN_LINES 12
/* Idle, how often to look for others' changes: PRAGMA data_version costs
 * microseconds (SQLite); a server's notifications wake the screens at
 * once, the idle poll is then only a fallback (PostgreSQL). */
#define POLL_MS 250
#define POLL_MS_NOTIFIED 10000

static struct {
	struct db *db;
	int too_small, quit;
	int told_width;   /* the terminal disagrees with ambiguous-width: said once */
	int wrap_wide;    /* ambiguous-width is set and the terminal has not confirmed it */
	int msg_on_body;  /* a message was drawn over the view's last row */
	long long data_version;
	long long seq; /* the newest change of the log the screens have seen */
	int watching;  /* the server's notifications wake us (a change fd) */
	int notified;  /* the store notifies (a server): a lost socket is watched again */
	int watch_fd;  /* the socket watched */
	struct ui_script *script;
} ui;

/* ---- drawing ---- */

static struct rect body_rect(void)
{
	return (struct rect){1, 0, LINES > 2 ? LINES - 2 : 1, COLS};
}

static void draw_title(struct view *v)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, " luoshi | %s", _(v->ops->name));
	if (v->ops->title) {
		struct sbuf t = SBUF_INIT;
		v->ops->title(v, &t);
		if (t.len)
			sbuf_addf(&b, " | %s", t.s);
		sbuf_free(&t);
	}
	/* a snapshot does not see others' changes: say so, it is not live */
	const char *mark = !db_readonly(ui.db) ? ""
			   : db_snapshot(ui.db) ? _("[read-only, snapshot] ")
			   : _("[read-only] ");
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
	sbuf_addf(b, " %s", _(h->label));
}

static void draw_hints(struct view *v)
{
	/* help and back first: a narrow terminal cuts the end of the line */
	static const struct ui_hint head[] = {
		{ACT_VIEW_HELP, 0, N_("help")}, {ACT_BACK, 0, N_("back")}, {0, 0, NULL}};
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
static void draw_msg(const char *msg, int last)
{
	char *san = text_sanitize(msg, strlen(msg), 0);
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
	int y = LINES - 1, cx = -1;
	const char *msg = ui_view_message();
	if (ui_prompt_editing() == PROMPT_BOTTOM) {
		if (msg && y > 1) /* why the text was refused, above it */
			draw_msg(msg, y - 1);
		ui_prompt_draw_bottom(y, &cx);
		*cy = y;
		return cx;
	}
	if (!ui_prompt_draw_bottom(y, &cx)) {
		if (msg)
			draw_msg(msg, y);
		else if (ui_prompt_editing() == PROMPT_INPLACE)
			/* the view's keys do not act while a field is edited in
			 * place: the tryout saw "e edit … d delete" there and
			 * typed keys into the field */
			draw_cell(y, 0, COLS,
				  _("editing: Enter saves, Esc cancels, C-u clears the field"),
				  ui_attr(ROLE_MESSAGE));
		else
			draw_hints(v);
	}
	return ui_prompt_draw_inplace(cy);
}

/* One line at any width (a wrapped message looks like a broken screen),
 * no ambiguous-width character (×): the longest form that fits. */
static void draw_too_small(void)
{
	char *forms[] = {
		xasprintf(_("terminal too small: need %dx%d, have %dx%d"), MIN_COLS, MIN_LINES,
			  COLS, LINES),
		xasprintf(_("too small: %dx%d < %dx%d"), COLS, LINES, MIN_COLS, MIN_LINES),
		xasprintf("%dx%d!", MIN_COLS, MIN_LINES),
	};
	size_t pick = 0;
	while (pick + 1 < ARRAY_SIZE(forms) && text_width(forms[pick], strlen(forms[pick])) > COLS)
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
		struct view *v = ui_view_top();
		ui_view_refresh(v);
		draw_title(v);
		v->ops->draw(v, ui_view_take_full());
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
	ui_view_set_full();
	if (!ui.too_small)
		ui_view_layout(body_rect());
}

/* ---- keys ---- */

int ui_engine_acts(enum ui_action a)
{
	switch (a) {
	case ACT_QUIT:
	case ACT_BACK:
	case ACT_REFRESH:
	case ACT_UNDO:
	case ACT_EXPORT:
		return 1;
	default:
		return ui_view_opens(a);
	}
}

static int engine_action(enum ui_action a)
{
	switch (a) {
	case ACT_QUIT:
		ui.quit = 1;
		return R_NONE;
	case ACT_BACK:
		ui.quit = !ui_view_back();
		return R_NONE;
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		return R_RELOAD;
	case ACT_STATUS_TODO: case ACT_STATUS_DOING: case ACT_STATUS_DONE:
	case ACT_STATUS_ONGOING: case ACT_STATUS_BLOCKED: case ACT_STATUS_DROPPED:
	case ACT_TOGGLE_DONE:
		return ui_taskact_not_a_task();
	case ACT_UNDO:
		return ui_taskact_undo();
	case ACT_EXPORT:
		return ui_export_start();
	default:
		return ui_view_open_action(a);
	}
}

static void dispatch(int key)
{
	struct view *v = ui_view_top();
	enum ui_action a = ui_keys_lookup(v->ops->keymap, key);
	if (a == ACT_NONE) {
		char name[32];
		ui_msg(_("%s does nothing here; ? shows the keys"), ui_key_name(key, name));
		return;
	}
	if (a == ACT_BACK && key == UI_KEY_ESC && ui_view_depth() <= 1) {
		/* a stray Esc (Alt-key prefixes are one) never quits */
		ui_msg("%s", _("Esc goes back from other screens; q or Q quits"));
		return;
	}
	int r = v->ops->action(v, a);
	if (r == R_UNHANDLED)
		r = engine_action(a);
	if (r == R_UNHANDLED) {
		ui_msg(_("%s does nothing on this screen"), ui_action_name(a));
		r = R_NONE;
	}
	ui_view_react(ui_view_top(), r);
}

/* A key or a paste ends the message of the previous one. */
static void clear_msg(void)
{
	ui_view_clear_message();
	if (ui.msg_on_body)
		ui_view_set_full();
	ui.msg_on_body = 0;
}

static void handle_key(int key)
{
	clear_msg();
	if (ui.too_small) {
		enum ui_action a = ui_keys_lookup(KEYMAP_GENERIC, ui_key_fold(key));
		if (a == ACT_QUIT || a == ACT_BACK)
			ui.quit = 1;
	} else if (ui_prompt_editing() || ui_prompt_asking()) {
		ui_prompt_key(key);
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
	enum ui_keymap km = ui_view_top()->ops->keymap;
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
	int editing = ui_prompt_editing() && !ui.too_small;
	if (editing && key == UI_KEY_PASTE) {
		clear_msg();
		ui_prompt_paste(ui_term_text());
		return;
	}
	if (n && (editing || (!ui_prompt_asking() && !ui.too_small && burst_looks_only(keys, n)))) {
		for (size_t i = 0; i < n && !ui.quit; i++)
			handle_key(keys[i]);
		return;
	}
	const char *t = ui_term_text();
	size_t chars = n ? n : utf8_count(t, strlen(t));
	clear_msg();
	ui_msg(ngettext("ignored %zu character that came all at once (a paste or an input "
			"method); outside a prompt, type keys one at a time",
			"ignored %zu characters that came all at once (a paste or an input "
			"method); outside a prompt, type keys one at a time", chars),
	       chars);
}

static int next_key(int *arg)
{
	*arg = 0;
	if (ui.script)
		return ui_script_next(ui.script, arg);
	return ui_term_read_key();
}

/* Everything is reloaded: the log up to now counts as seen (a change
 * committed meanwhile is in the reload, and taken again later: harmless). */
static void reload_all(void)
{
	if (db_log_last(ui.db, &ui.seq) != LU_OK)
		ui.seq = 0;
	ui_view_changed();
}

/* What others committed since the last look, from the change log: each
 * view rereads the rows named; a change of structure, a log that no
 * longer reaches back (pruned) or an error reloads everything. */
static void take_changes(void)
{
	struct db_logged *l = NULL;
	size_t n = 0;
	int reload = 0;
	if (db_changes_since(ui.db, ui.seq, &l, &n, &reload) != LU_OK || reload) {
		reload_all();
	} else if (n) {
		ui.seq = l[n - 1].seq;
		ui_view_others_changed(l, n);
	}
	free(l);
}

/* Idle, or the server said so: has another process committed? Views keep
 * their cursor and any half-typed edit (the editor is not a view's state).
 * A connection that fails is no longer waited on (the idle poll stays).
 * 1 when something had changed. */
static int poll_changes(void)
{
	long long v;
	if (db_data_version(ui.db, &v) != LU_OK) {
		ui_term_watch(-1);
		ui.watching = 0;
		ui.watch_fd = -1;
		return 0;
	}
	/* a server connection lost and made again (the idle poll, or a
	 * statement, did it) has a socket of its own: watch that one */
	int fd = ui.notified ? db_change_fd(ui.db) : -1;
	if (ui.notified && fd != ui.watch_fd) {
		ui_term_watch(fd);
		ui.watch_fd = fd;
		ui.watching = fd >= 0;
	}
	if (v == ui.data_version)
		return 0;
	ui.data_version = v;
	take_changes();
	return 1;
}

/* On a server, a notification that arrives while a query runs is read
 * with the query's answer and waits in libpq: the socket is not readable
 * for it again. So after anything that may have queried, look (a non-
 * blocking read), again if that itself found changes. */
static void poll_after_queries(void)
{
	for (int i = 0; i < 3 && ui.watching && poll_changes(); i++)
		;
}

/* Our own write: the views not shown reload when shown (R_CHANGED), but
 * the one that made it may keep its rows (R_CURRENT): what others
 * committed since the last look, just before ours, is taken from the log
 * with ours (rereading our own rows is harmless). Moving past the log's
 * end instead lost those changes for good on that screen. */
static void after_own_write(void)
{
	if (ui_view_take_wrote())
		take_changes();
}

static void open_first_view(const struct ui_opts *opts)
{
	int deep = opts && (opts->task_id || opts->node_id);
	struct ui_target t = {UI_VIEW_OUTLINE, 0, deep ? opts->node_id : 0, deep ? opts->task_id : 0};
	ui_open(UI_VIEW_OUTLINE, deep ? &t : NULL);
}

/* The terminal answered the ambiguous-width question: when it draws them
 * otherwise than assumed, every line breaks anew and the screen is redrawn. */
static void terminal_reply(void)
{
	int w = ui_term_ambiguous_answer(), set = ui_settings.ambiguous_width;
	if (w && set && w == set && ui.wrap_wide) { /* confirmed: exact lines again */
		ui.wrap_wide = 0;
		wtext_wrap_wide(0);
		ui_view_changed();
		return;
	}
	if (!w || w == text_ambiguous_width())
		return;
	if (set) { /* the user's choice stands; say once that the terminal differs */
		ui.wrap_wide = 1; /* already on since the start: see set_ambiguous_width */
		if (!ui.told_width)
			ui_msg(ngettext("the terminal draws “”… %d column wide, not %d: "
					"set ambiguous-width = auto",
					"the terminal draws “”… %d columns wide, not %d: "
					"set ambiguous-width = auto", w),
			       w, set);
		ui.told_width = 1;
		return;
	}
	text_set_ambiguous_width(w);
	ui_view_changed();
	layout();
	clearok(curscr, TRUE);
}

/* Ctrl-C quits, except in the line editor, where it cancels (as Esc):
 * it must not throw away the program with a half-typed note. */
static int quit_signal(void)
{
	if (ui_prompt_editing() && ui_term_take_interrupt()) {
		ui_prompt_cancel();
		ui_msg("%s", _("cancelled"));
	}
	return ui_term_quit_signal();
}

/* Draw, unless more keys are already waiting: then only after them (but at
 * least every FRAME_MAX_MS, so a held key still shows the cursor move). A
 * key script (the tests) draws after every key. */
#define FRAME_MAX_MS 100
static void render_unless_typing(void)
{
	static long long last;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	long long now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (!ui.script && !ui.too_small && now - last < FRAME_MAX_MS && ui_term_keys_waiting())
		return;
	render();
	last = now;
}

static void main_loop(void)
{
	while (!ui.quit && !quit_signal()) {
		if (ui_term_suspend_pending()) {
			struct view *top = ui_view_top();
			if (top->ops->leave) /* e.g. the reader saves its position */
				top->ops->leave(top);
			ui_term_suspend();
			layout();
		}
		render_unless_typing();
		int arg, key = next_key(&arg);
		if (key == UI_SCRIPT_END)
			break;
		if (key == UI_KEY_IDLE || key == UI_KEY_CHANGE) {
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
		after_own_write();
		poll_after_queries();
	}
}

/* $LUOSHI_TEST_RELOADS: how each screen took others' changes, for the
 * tests ("Outline 1 3": one full load, three changes taken row by row),
 * and how many pages of documents the outline's window read
 * ("documents-pages 6 0"). */
static void write_counts(void)
{
	const char *path = getenv("LUOSHI_TEST_RELOADS");
	FILE *f = path && *path ? fopen(path, "w") : NULL;
	for (int id = 0; f && id < UI_VIEW_COUNT; id++) {
		long r, u;
		ui_view_counts((enum ui_view_id)id, &r, &u);
		fprintf(f, "%s %ld %ld\n", ui_view_ops((enum ui_view_id)id)->name, r, u);
	}
	if (f)
		fprintf(f, "documents-pages %ld 0\n", docwin_pages_read());
	if (f)
		fclose(f);
}

static int finish(int status)
{
	ui_view_leave_all();
	write_counts();
	ui_term_stop();
	int sig = ui_term_quit_signal();
	ui_term_signals(0);
	if (ui_script_failed(ui.script)) {
		fputs(ui_script_error(ui.script), stderr);
		status = 2;
	}
	if (sig)
		status = 128 + sig;
	ui_view_free();
	ui_prompt_free();
	ui_script_close(ui.script);
	ui_term_free();
	memset(&ui, 0, sizeof ui);
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

/* How long a change waits for another writer: $LUOSHI_WAIT seconds (as
 * on the command line), default 60. */
static int wait_ms_setting(void)
{
	const char *v = getenv("LUOSHI_WAIT");
	long long s = 60;
	if (v && *v && (lu_parse_id(v, &s) != 0 || s > 86400))
		s = 60;
	return s > 0 ? (int)(s * 1000) : 1;
}

/* A change waits for another writer: the bottom line says for whom, keys
 * typed meanwhile wait their turn, Ctrl-C gives the change up (nothing is
 * changed, and the screens stay). */
static int wait_on_screen(void *ctx, const struct db_holder *h, long long waited_ms)
{
	(void)ctx;
	if (ui_term_pump())
		return 1;
	if (waited_ms < 250 || ui.script)
		return 0;
	/* how long the other has held it, a second at least: "for 0 s" read
	 * as if nothing were held */
	long long held = h ? (long long)(lu_now() - h->since) : 0;
	if (h)
		ui_msg(_("waiting for the database: %s is %s (for %lld s now); Ctrl-C gives up"),
		       h->user, h->what, held > 1 ? held : 1);
	else
		ui_msg(_("waiting for the database: another user is changing it; Ctrl-C gives up"));
	render();
	return 0;
}

int ui_run(struct db *db, const struct ui_opts *opts)
{
	if (!ui_term_locale_ok()) {
		ui_term_say(_("luoshi needs a UTF-8 or GB18030 locale to show Chinese; "
			      "try LANG=C.UTF-8 luoshi"));
		return 1;
	}
	memset(&ui, 0, sizeof ui);
	ui.db = db;
	const struct db_wait wait = {wait_ms_setting(), wait_on_screen, NULL};
	db_set_wait(db, &wait);
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
	int fd = db_change_fd(db);
	if (ui_term_start(headless, fd >= 0 ? POLL_MS_NOTIFIED : POLL_MS) < 0) {
		sbuf_free(&err);
		return finish(1);
	}
	ui_term_watch(fd);
	ui.watching = fd >= 0;
	ui.notified = fd >= 0;
	ui.watch_fd = fd;
	db_data_version(db, &ui.data_version);
	if (db_log_last(db, &ui.seq) != LU_OK)
		ui.seq = 0;
	ui_view_start(db, body_rect());
	layout();
	open_first_view(opts);
	if (err.len) {
		/* the first mistake in words, and how many more there are (each
		 * line that was right applies) */
		int more = -1;
		for (const char *q = err.s; *q; q++)
			more += *q == '\n';
		err.s[strcspn(err.s, "\n")] = '\0';
		if (more > 0)
			ui_msg(ngettext("%s (and %d more mistake in the config)",
					"%s (and %d more mistakes in the config)", more),
			       err.s, more);
		else
			ui_msg("%s", err.s);
	}
	sbuf_free(&err);
	render();
	if (!ui.script) /* also when set: a wrong setting is then said */
		ui_term_probe_ambiguous();
	main_loop();
	return finish(0);
}
