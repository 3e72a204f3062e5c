/* ui_term.c - the terminal under the screens: locales, ncurses start and
 * restore, signals, Ctrl-Z, keys, and the ambiguous-width question. */
#include "config.h"
#include "luoshi/ui_term.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
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

#include "luoshi/ui_draw.h"
#include "luoshi/ui_keys.h"
#include "luoshi/util.h"

#define ASK_TIMEOUT_MS 300 /* a slow ssh link answers within a round trip */

static volatile sig_atomic_t sig_quit, sig_tstp;
static struct {
	SCREEN *screen;
	FILE *null_out, *null_in; /* the headless terminal */
	int on, headless, atexit_set;
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

/* ---- the ambiguous-width question (as vim does it) ---- */

/* Read "ESC [ row ; col R" within the timeout; the column, or 0. */
static int read_cursor_column(void)
{
	char buf[32];
	size_t n = 0;
	while (n < sizeof buf - 1) {
		struct pollfd p = {STDIN_FILENO, POLLIN, 0};
		if (poll(&p, 1, ASK_TIMEOUT_MS) <= 0 || read(STDIN_FILENO, buf + n, 1) != 1)
			return 0;
		if (buf[n++] == 'R')
			break;
	}
	buf[n] = '\0';
	int row, col;
	const char *esc = strchr(buf, '\033');
	return esc && sscanf(esc, "\033[%d;%dR", &row, &col) == 2 ? col : 0;
}

int ui_term_ask_ambiguous_width(void)
{
	struct termios saved, raw;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || tcgetattr(STDIN_FILENO, &saved) != 0)
		return 0;
	raw = saved;
	raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
		return 0;
	/* U+201C at the start of the line, then where is the cursor? */
	static const char ask[] = "\r\342\200\234\033[6n";
	int col = 0;
	if (write(STDOUT_FILENO, ask, sizeof ask - 1) == (ssize_t)(sizeof ask - 1))
		col = read_cursor_column();
	static const char wipe[] = "\r\033[K";
	if (write(STDOUT_FILENO, wipe, sizeof wipe - 1) < 0)
		col = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return col == 2 || col == 3 ? col - 1 : 0;
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
	if (!s) {
		const char *t = getenv("TERM");
		fprintf(stderr, "luoshi: cannot use the terminal type '%s'; try TERM=xterm luoshi\n",
			t ? t : "");
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

int ui_term_read_key(void)
{
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return UI_KEY_IDLE;
	if (r == KEY_CODE_YES) {
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
