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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "luoshi/enc.h"
#include "luoshi/i18n.h"
#include "luoshi/text.h"
#include "luoshi/ui_draw.h"
#include "luoshi/ui_input.h"
#include "luoshi/ui_keys.h"
#include "luoshi/util.h"

static volatile sig_atomic_t sig_quit, sig_tstp, sig_winch;
static struct {
	SCREEN *screen;
	FILE *null_out, *null_in; /* the headless terminal */
	int on, headless, atexit_set, poll_ms;
	int watch_fd; /* another user's commits (the server's socket), or -1 */
	int alt_screen; /* the terminal restores the shell's screen (rmcup) */
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

void ui_term_say(const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	char *clean = text_sanitize(b.s ? b.s : "", b.len, 0); /* $TERM may hold anything */
	const char *cs = nl_langinfo(CODESET);
	char *conv = NULL;
	size_t n = strlen(clean);
	if (cs && strcmp(cs, "UTF-8") && enc_from_utf8(cs, clean, n, &conv, &n) == LU_OK)
		fprintf(stderr, "%.*s\n", (int)n, conv);
	else
		fprintf(stderr, "%s\n", clean);
	free(conv);
	free(clean);
	sbuf_free(&b);
}

/* ---- the ambiguous-width question (as vim does it, but without waiting) ----
 * The first frame is drawn at once with the locale's default; then one
 * U+201C (in the locale's codeset) is printed on the bottom row and the
 * terminal is asked where the cursor is (ESC[6n), then for its device
 * attributes (ESC[c), which every terminal answers: a terminal that does
 * not report the cursor still ends the wait. The answers arrive whenever
 * the link delivers them, split or not, and the input decoder
 * (ui_input.c) takes them out of the key stream. The bottom row (never
 * row 1) keeps the answer from looking like a function key: xterm's
 * Shift-F3 is ESC[1;2R. */

#define ESC_WAIT_MS 50   /* the rest of a key's escape sequence after its ESC */
#define UI_KEY_NONE (-100) /* no event decoded yet (internal) */
#define GIVE_UP_MS 3000  /* a question unanswered, a paste that never ends */

static struct {
	int asked, width;
} probe;

static void bind_keys(struct ui_input *dec);
static void paste_mode(int on);
static void leave_bottom_row(void);

static struct {
	struct ui_input *dec;
	long long asked_at, last_byte_at; /* ms */
	int *burst;
	size_t nburst;
	char *text; /* of the last paste or burst */
	int ahead;  /* an event taken by ui_term_keys_waiting, or UI_KEY_NONE */
} input = {.ahead = UI_KEY_NONE};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ui_term_probe_ambiguous(void)
{
	if (term.headless || !term.on || !input.dec || !isatty(STDIN_FILENO) ||
	    !isatty(STDOUT_FILENO))
		return 0;
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)0x201C, &st);
	if (n == (size_t)-1)
		return 0;
	/* save the cursor, bottom-left, the character, ask, restore, fence */
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "\0337\033[%d;1H", LINES > 1 ? LINES : 2);
	sbuf_add(&b, mb, n);
	sbuf_adds(&b, "\033[6n\0338\033[c");
	int ok = write(STDOUT_FILENO, b.s, b.len) == (ssize_t)b.len;
	sbuf_free(&b);
	/* ncurses rewrites the row the character landed on at the next frame */
	wredrawln(stdscr, LINES - 1, 1);
	if (ok) {
		probe.asked = 1;
		ui_input_expect_reply(input.dec);
		input.asked_at = now_ms();
	}
	return ok;
}

int ui_term_ambiguous_answer(void)
{
	return probe.width;
}

/* ---- signals ---- */

static void on_quit_signal(int sig)
{
	sig_quit = sig;
}

static void on_winch(int sig)
{
	(void)sig;
	sig_winch = 1;
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
	/* ours, not ncurses': keys are read by ui_input, never by getch, so
	 * ncurses would never turn the signal into KEY_RESIZE */
	set_handler(SIGWINCH, install ? on_winch : SIG_DFL);
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

int ui_term_pump(void)
{
	int fd = term.headless ? fileno(term.null_in) : STDIN_FILENO;
	struct pollfd pfd = {fd, POLLIN, 0};
	unsigned char buf[4096];
	while (poll(&pfd, 1, 0) > 0) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0)
			break;
		input.last_byte_at = now_ms();
		ui_input_feed(input.dec, buf, (size_t)n);
	}
	return ui_term_take_interrupt();
}

int ui_term_suspend_pending(void)
{
	return sig_tstp;
}

void ui_term_suspend(void)
{
	sig_tstp = 0;
	endwin();
	paste_mode(0);
	leave_bottom_row();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* continued (fg) */
	set_handler(SIGTSTP, on_tstp);
	paste_mode(1);
	struct winsize ws;
	if (!term.headless && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col &&
	    (ws.ws_col != COLS || ws.ws_row != LINES))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

/* ---- start and stop ---- */

/* After endwin the cursor is on the bottom row, where our hint line is.
 * A terminal with an alternate screen (xterm, screen, tmux) gives the
 * shell its own screen back; on one without (vt100, linux) the shell's
 * prompt would be written over the hints: a new line gives it a clean
 * row below them. write(), not stdio: this runs from signal handlers. */
static void leave_bottom_row(void)
{
	if (!term.headless && !term.alt_screen)
		(void)!write(STDOUT_FILENO, "\r\n", 2);
}

/* Bracketed paste: the terminal wraps pasted text in ESC[200~ ... ESC[201~,
 * so that it is never taken for keys. Off whenever the terminal is given
 * back (quit, Ctrl-Z, $EDITOR): a shell must not see the markers. */
static void paste_mode(int on)
{
	if (term.headless || !isatty(STDOUT_FILENO))
		return;
	fflush(stdout); /* after what ncurses wrote */
	(void)!write(STDOUT_FILENO, on ? "\033[?2004h" : "\033[?2004l", 8);
}

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
		ui_term_say("luoshi: %s", _("the screens need a terminal; "
					    "luoshi outline, tasks and read print plain text"));
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
		ui_term_say(_("luoshi: cannot use the terminal type '%s'; try TERM=xterm luoshi"),
			    t ? t : "");
		return NULL;
	}
	if (!can_move_cursor()) {
		endwin();
		delscreen(s);
		ui_term_say(_("luoshi: the terminal (TERM=%s) cannot move the cursor; the screens "
			      "need one such as xterm; luoshi tasks, outline and read print plain text"),
			    t ? t : "");
		return NULL;
	}
	return s;
}

void ui_term_watch(int fd)
{
	term.watch_fd = fd;
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
	term.watch_fd = -1;
	timeout(poll_ms);
	curs_set(0);
	draw_init_colors();
	const char *rmcup = tigetstr("rmcup");
	term.alt_screen = rmcup && rmcup != (const char *)-1 && *rmcup;
	input.dec = ui_input_new();
	bind_keys(input.dec);
	paste_mode(1);
	return 0;
}

/* The one place that gives the terminal back. */
void ui_term_stop(void)
{
	if (!term.on)
		return;
	term.on = 0;
	endwin();
	paste_mode(0);
	leave_bottom_row();
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
	ui_input_free(input.dec);
	free(input.text);
	free(input.burst);
	memset(&input, 0, sizeof input);
	memset(&probe, 0, sizeof probe);
}

/* ---- keys ---- */

/* Keys some terminals send whatever their terminfo entry says (cursor keys
 * in both modes, the VT220 and rxvt editing keys, the Linux console's
 * F1-F5); terminfo's own strings are bound first and win. */
static const struct {
	const char *seq;
	int code;
} known_keys[] = {
	{"\033[A", KEY_UP}, {"\033[B", KEY_DOWN}, {"\033[C", KEY_RIGHT}, {"\033[D", KEY_LEFT},
	{"\033OA", KEY_UP}, {"\033OB", KEY_DOWN}, {"\033OC", KEY_RIGHT}, {"\033OD", KEY_LEFT},
	{"\033[H", KEY_HOME}, {"\033[F", KEY_END}, {"\033OH", KEY_HOME}, {"\033OF", KEY_END},
	{"\033[1~", KEY_HOME}, {"\033[4~", KEY_END}, {"\033[7~", KEY_HOME}, {"\033[8~", KEY_END},
	{"\033[2~", KEY_IC}, {"\033[3~", KEY_DC}, {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
	{"\033[Z", KEY_BTAB}, {"\033OM", KEY_ENTER},
	{"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)}, {"\033OS", KEY_F(4)},
	{"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)},
	{"\033[14~", KEY_F(4)}, {"\033[[A", KEY_F(1)}, {"\033[[B", KEY_F(2)},
	{"\033[[C", KEY_F(3)}, {"\033[[D", KEY_F(4)}, {"\033[[E", KEY_F(5)},
};

/* An ncurses key code as a UI key. */
static int ui_code(int code)
{
	if (code == KEY_ENTER)
		return UI_KEY_ENTER;
	if (code == KEY_BACKSPACE)
		return UI_KEY_BACKSPACE;
	return UI_KEY(code);
}

static void bind_keys(struct ui_input *dec)
{
	for (int code = KEY_MIN; code <= KEY_MAX; code++)
		for (int k = 0; k < 4; k++) {
			char *seq = keybound(code, k);
			if (!seq)
				break;
			ui_input_bind(dec, seq, ui_code(code));
			free(seq);
		}
	for (size_t i = 0; i < ARRAY_SIZE(known_keys); i++)
		ui_input_bind(dec, known_keys[i].seq, ui_code(known_keys[i].code));
}

/* A character key as the screens know it. */
static int ui_char(int key)
{
	if (key == '\r')
		return UI_KEY_ENTER;
	if (key == 8)
		return UI_KEY_BACKSPACE;
	return key;
}

/* The next decoded event as a UI key, or UI_KEY_NONE. */
static int take_event(void)
{
	struct ui_input_event ev;
	if (!ui_input_next(input.dec, &ev))
		return UI_KEY_NONE;
	int key = UI_KEY_TERM_REPLY;
	switch (ev.kind) {
	case UI_IN_KEY:
		key = ev.key < UI_KEY_FN ? ui_char(ev.key) : ev.key;
		break;
	case UI_IN_CPR:
		if (probe.asked && !probe.width && (ev.col == 2 || ev.col == 3))
			probe.width = ev.col - 1;
		probe.asked = 0;
		break;
	case UI_IN_DA:
		break;
	case UI_IN_PASTE: case UI_IN_BURST:
		free(input.text);
		free(input.burst);
		input.text = ev.text;
		input.burst = ev.keys;
		input.nburst = ev.nkeys;
		for (size_t i = 0; i < input.nburst; i++)
			if (input.burst[i] < UI_KEY_FN)
				input.burst[i] = ui_char(input.burst[i]);
		ev.text = NULL;
		ev.keys = NULL;
		key = ev.kind == UI_IN_PASTE ? UI_KEY_PASTE : UI_KEY_BURST;
		break;
	}
	ui_input_event_free(&ev);
	return key;
}

const char *ui_term_text(void)
{
	return input.text ? input.text : "";
}

size_t ui_term_burst(const int **keys)
{
	*keys = input.burst;
	return input.nburst;
}

static int take_resize(void)
{
	struct winsize ws;
	sig_winch = 0;
	if (!term.headless && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row)
		resizeterm(ws.ws_row, ws.ws_col);
	return UI_KEY(KEY_RESIZE);
}

/* How long to wait for bytes: the rest of an escape sequence, an answer
 * or a paste that must not be cut (until GIVE_UP_MS), else the idle poll. */
static int wait_ms(int *state)
{
	*state = ui_input_waiting(input.dec);
	long long t = now_ms(), left;
	if (*state == 1)
		return ESC_WAIT_MS;
	if (*state == 2) {
		left = input.last_byte_at + GIVE_UP_MS - t;
		return left > 0 ? (int)left : 0;
	}
	if (ui_input_reply_pending(input.dec)) {
		left = input.asked_at + GIVE_UP_MS - t;
		if (left <= 0)
			ui_input_give_up(input.dec);
		else if (left < term.poll_ms)
			return (int)left;
	}
	return term.poll_ms;
}

/* Nothing came within the wait: complete what is incomplete. */
static void waited(int state)
{
	long long t = now_ms();
	if (state == 1)
		ui_input_timeout(input.dec);
	else if (state == 2 && t - input.last_byte_at >= GIVE_UP_MS)
		ui_input_give_up(input.dec);
}

/* Keys typed faster than frames are drawn (a held key, a slow link that
 * delivers them in clumps): the caller draws only once they stop coming,
 * so no intermediate pane is built and sent. An event decoded here is kept
 * for the next ui_term_read_key. */
int ui_term_keys_waiting(void)
{
	if (input.ahead != UI_KEY_NONE)
		return 1;
	if (!input.dec)
		return 0;
	input.ahead = take_event();
	if (input.ahead != UI_KEY_NONE)
		return 1;
	if (term.headless)
		return 0;
	struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
	return poll(&pfd, 1, 0) > 0;
}

int ui_term_read_key(void)
{
	int fd = term.headless ? fileno(term.null_in) : STDIN_FILENO;
	if (input.ahead != UI_KEY_NONE) {
		int key = input.ahead;
		input.ahead = UI_KEY_NONE;
		return key;
	}
	for (;;) {
		int key = take_event();
		if (key != UI_KEY_NONE)
			return key;
		if (sig_winch)
			return take_resize();
		if (sig_quit || sig_tstp)
			return UI_KEY_IDLE;
		int state, ms = wait_ms(&state);
		struct pollfd pfd[2] = {{fd, POLLIN, 0}, {term.watch_fd, POLLIN, 0}};
		int r = poll(pfd, term.watch_fd >= 0 ? 2 : 1, ms);
		if (r < 0)
			continue; /* a signal: its flag is seen above */
		if (r > 0 && term.watch_fd >= 0 && pfd[1].revents && !pfd[0].revents)
			return UI_KEY_CHANGE; /* keys first: the change is still there after */
		if (r == 0) {
			waited(state);
			if (state == 0) /* idle: the caller polls for others' changes */
				return UI_KEY_IDLE;
			continue;
		}
		unsigned char buf[4096];
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0) {
			if (n == 0 || (errno != EINTR && errno != EAGAIN))
				sig_quit = SIGHUP; /* the terminal is gone */
			continue;
		}
		input.last_byte_at = now_ms();
		ui_input_feed(input.dec, buf, (size_t)n);
	}
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
	paste_mode(0);
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
	paste_mode(1);
	clearok(curscr, TRUE);
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
