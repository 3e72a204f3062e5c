/* ui_term.c - the terminal under the screens: locales, ncurses start and
 * restore, signals, Ctrl-Z, keys, and the ambiguous-width question. */
#include "config.h"
#include "luoshi/ui_term.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "luoshi/ui_draw.h"
#include "luoshi/ui_keys.h"
#include "luoshi/util.h"

static volatile sig_atomic_t sig_quit, sig_tstp;
static struct {
	SCREEN *screen;
	FILE *null_out, *null_in; /* the headless terminal */
	int on, headless, atexit_set, poll_ms;
} term;

int ui_term_locale_ok(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "GB18030") || !strcmp(cs, "GBK"));
}

int ui_term_locale_is_gb(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "GB18030") || !strcmp(cs, "GBK"));
}

int ui_term_lang_zh(void)
{
	const char *l = getenv("LANGUAGE");
	if (!l || !*l)
		l = setlocale(LC_MESSAGES, NULL);
	return l && !strncmp(l, "zh", 2);
}

/* ---- the ambiguous-width question (as vim does it, but without waiting) ----
 * The first frame is drawn at once with the locale's default; then one
 * U+201C (in the locale's codeset) is printed on the bottom row and the
 * terminal is asked where the cursor is. The answer ESC [ row ; col R
 * arrives whenever the link delivers it and is taken out of the key
 * stream by ui_term_read_key. The bottom row (never row 1) keeps the
 * answer from looking like a function key: xterm's Shift-F3 is ESC[1;2R. */

#define REPLY_WAIT_MS 50 /* the rest of an answer after its ESC */

static struct {
	int pending, width;
	int keys[16]; /* read while looking for an answer, given back as keys */
	size_t nkeys, next;
} probe;

int ui_term_probe_ambiguous(void)
{
	if (term.headless || !term.on || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return 0;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)0x201C, &st);
	if (n == (size_t)-1)
		return 0;
	/* save the cursor, bottom-left, the character, ask, restore */
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "\0337\033[%d;1H", LINES > 1 ? LINES : 2);
	sbuf_add(&b, mb, n);
	sbuf_adds(&b, "\033[6n\0338");
	int ok = write(STDOUT_FILENO, b.s, b.len) == (ssize_t)b.len;
	sbuf_free(&b);
	/* ncurses rewrites the row the character landed on at the next frame */
	wredrawln(stdscr, LINES - 1, 1);
	probe.pending = ok;
	return ok;
}

int ui_term_ambiguous_answer(void)
{
	return probe.width;
}

/* One character from ncurses within wait_ms, or -1. */
static int read_raw(int wait_ms)
{
	wint_t wc;
	timeout(wait_ms);
	int r = get_wch(&wc);
	timeout(term.poll_ms);
	return r == OK ? (int)wc : -1;
}

/* After an ESC: the rest of "[ row ; col R" and 1 when it is the answer;
 * else 0 with what was read queued as keys. */
static int take_reply(void)
{
	int c, field = 0, digits = 0, col = 0;
	int wait = probe.pending ? REPLY_WAIT_MS : 0;
	probe.nkeys = probe.next = 0;
	while (probe.nkeys < ARRAY_SIZE(probe.keys) && (c = read_raw(wait)) >= 0) {
		probe.keys[probe.nkeys++] = c;
		if (probe.nkeys == 1 ? c != '[' : !((c >= '0' && c <= '9') || c == ';' || c == 'R'))
			return 0;
		if (c >= '0' && c <= '9') {
			digits++;
			if (field == 1)
				col = col * 10 + (c - '0');
		} else if (c == ';') {
			if (field++ || !digits)
				return 0;
			digits = 0;
		} else if (c == 'R') {
			if (field != 1 || !digits)
				return 0;
			probe.nkeys = 0;
			if (probe.pending && (col == 2 || col == 3))
				probe.width = col - 1;
			probe.pending = 0;
			return 1;
		}
	}
	return 0;
}

/* ---- signals ---- */

static void on_quit_signal(int sig)
{
	sig_quit = sig;
}

static void on_tstp(int sig)
{
	(void)sig;
	sig_tstp = 1;
}

static void on_fatal(int sig)
{
	ui_term_stop();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a signal wakes get_wch up */
	sigaction(sig, &sa, NULL);
}

void ui_term_signals(int install)
{
	static const int quit[] = {SIGINT, SIGTERM, SIGHUP};
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL};
	sig_quit = sig_tstp = 0;
	for (size_t i = 0; i < ARRAY_SIZE(quit); i++)
		set_handler(quit[i], install ? on_quit_signal : SIG_DFL);
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		set_handler(fatal[i], install ? on_fatal : SIG_DFL);
	set_handler(SIGTSTP, install ? on_tstp : SIG_DFL);
}

int ui_term_quit_signal(void)
{
	return sig_quit;
}

int ui_term_take_interrupt(void)
{
	if (sig_quit != SIGINT)
		return 0;
	sig_quit = 0;
	return 1;
}

int ui_term_suspend_pending(void)
{
	return sig_tstp;
}

void ui_term_suspend(void)
{
	sig_tstp = 0;
	endwin();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* continued (fg) */
	set_handler(SIGTSTP, on_tstp);
	struct winsize ws;
	if (!term.headless && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col &&
	    (ws.ws_col != COLS || ws.ws_row != LINES))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

/* ---- start and stop ---- */

static void atexit_restore(void)
{
	ui_term_stop();
}

/* TERM=dumb and the like: ncurses starts, but every frame would be a
 * blank screen or garbage without cursor addressing. */
static int can_move_cursor(void)
{
	const char *cup = tigetstr("cup");
	return cup && cup != (const char *)-1;
}

static SCREEN *open_screen(int headless)
{
	if (headless) {
		const char *t = getenv("TERM");
		term.null_out = fopen("/dev/null", "w");
		term.null_in = fopen("/dev/null", "r");
		if (!term.null_out || !term.null_in)
			return NULL;
		return newterm(t && *t ? t : "vt100", term.null_out, term.null_in);
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "luoshi: the screens need a terminal; "
				"luoshi outline, tasks and read print plain text\n");
		return NULL;
	}
	/* The window's size must win over LINES/COLUMNS a script may have
	 * exported: ncurses would keep using those, also after SIGWINCH
	 * (use_tioctl does not help there). */
	unsetenv("LINES");
	unsetenv("COLUMNS");
	SCREEN *s = newterm(NULL, stdout, stdin);
	const char *t = getenv("TERM");
	if (!s) {
		fprintf(stderr, "luoshi: cannot use the terminal type '%s'; try TERM=xterm luoshi\n",
			t ? t : "");
		return NULL;
	}
	if (!can_move_cursor()) {
		endwin();
		delscreen(s);
		fprintf(stderr, "luoshi: the terminal (TERM=%s) cannot move the cursor; the screens "
				"need one such as xterm; luoshi tasks, outline and read print plain text\n",
			t ? t : "");
		return NULL;
	}
	return s;
}

int ui_term_start(int headless, int poll_ms)
{
	term.headless = headless;
	if (!(term.screen = open_screen(headless)))
		return -1;
	term.on = 1;
	if (!term.atexit_set)
		atexit(atexit_restore);
	term.atexit_set = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	term.poll_ms = poll_ms;
	timeout(poll_ms);
	curs_set(0);
	draw_init_colors();
	return 0;
}

/* The one place that gives the terminal back. */
void ui_term_stop(void)
{
	if (!term.on)
		return;
	term.on = 0;
	endwin();
}

void ui_term_free(void)
{
	if (term.screen)
		delscreen(term.screen);
	if (term.null_out)
		fclose(term.null_out);
	if (term.null_in)
		fclose(term.null_in);
	term.screen = NULL;
	term.null_out = term.null_in = NULL;
}

/* A terminal that answers on row 1 sends what terminfo may call a key
 * (xterm: ESC[1;2R is Shift-F3); the key's string says it was the answer. */
static int key_is_reply(int code)
{
	if (!probe.pending)
		return 0;
	char *s = keybound(code, 0);
	int row, col;
	char r = 0;
	int ok = s && sscanf(s, "\033[%d;%d%c", &row, &col, &r) == 3 && r == 'R';
	free(s);
	if (!ok)
		return 0;
	if (col == 2 || col == 3)
		probe.width = col - 1;
	probe.pending = 0;
	return 1;
}

int ui_term_read_key(void)
{
	if (probe.next < probe.nkeys)
		return probe.keys[probe.next++];
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return UI_KEY_IDLE;
	if (r == OK && wc == UI_KEY_ESC && take_reply())
		return UI_KEY_TERM_REPLY;
	if (r == KEY_CODE_YES) {
		if (key_is_reply((int)wc))
			return UI_KEY_TERM_REPLY;
		if (wc == KEY_ENTER)
			return UI_KEY_ENTER;
		if (wc == KEY_BACKSPACE)
			return UI_KEY_BACKSPACE;
		return UI_KEY((int)wc);
	}
	if (wc == '\r')
		return UI_KEY_ENTER;
	if (wc == 8)
		return UI_KEY_BACKSPACE;
	return (int)wc;
}

/* The editor command may hold arguments ("emacs -nw"), so the shell splits
 * it; the file name is passed as $1, never pasted into the command. */
int ui_term_run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	def_prog_mode();
	endwin();
	/* Ctrl-C and Ctrl-Z belong to the editor meanwhile (as with system()):
	 * they must not quit or stop luoshi with the user's text unsaved. */
	struct sigaction ign, old_int, old_quit, old_tstp;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGTSTP, &ign, &old_tstp);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTSTP, SIG_DFL);
		execl("/bin/sh", "sh", "-c", "$0 \"$1\"", ed && *ed ? ed : "vi", path, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGTSTP, &old_tstp, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
