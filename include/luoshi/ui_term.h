/* ui_term.h - the terminal under the screens: locale checks, starting and
 * restoring ncurses (endwin in one place, reached from q, signals, atexit
 * and fatal errors), Ctrl-Z, keys, and asking the terminal how wide it
 * draws East Asian Ambiguous characters. */
#ifndef LUOSHI_UI_TERM_H
#define LUOSHI_UI_TERM_H

#include <stddef.h>

#include "luoshi/util.h"

#define UI_KEY_IDLE (-2) /* no key within the poll interval */
#define UI_KEY_TERM_REPLY (-4) /* the terminal answered the ambiguous-width question */
#define UI_KEY_PASTE (-5)      /* pasted text (bracketed paste): ui_term_text() */
#define UI_KEY_BURST (-6)      /* keys of one read that cannot have been typed one
				* by one: ui_term_burst(), their characters ui_term_text() */
#define UI_KEY_CHANGE (-7)     /* the watched descriptor is readable: another user
				* committed (ui_term_watch) */

/* The locale's codeset can show Chinese: UTF-8, GB18030 or GBK. */
int ui_term_locale_ok(void);
int ui_term_locale_is_gb(void);
/* One line on stderr (a newline is added), in the locale's codeset: for
 * what is said before the screens start or after they stop. */
void ui_term_say(const char *fmt, ...) LU_PRINTF(1, 2);

/* The ambiguous-width question, asked without waiting: after the first
 * frame, print one U+201C (in the locale's codeset) and ask the terminal
 * for the cursor position (ESC[6n); 1 when asked. The answer comes through
 * ui_term_read_key as UI_KEY_TERM_REPLY, never as keys, however the link
 * splits it; then ui_term_ambiguous_answer says 1 or 2 (0: not understood
 * or not answered). */
int ui_term_probe_ambiguous(void);
int ui_term_ambiguous_answer(void);

/* Start ncurses: on the terminal, or headless (test) on /dev/null with
 * the size from LINES/COLUMNS. poll_ms: getch timeout when idle. Prints
 * one line and returns -1 when it cannot. */
int ui_term_start(int headless, int poll_ms);
/* Wait for fd (-1: none) in the same poll() as the keyboard: when it
 * becomes readable, ui_term_read_key returns UI_KEY_CHANGE at once. */
void ui_term_watch(int fd);
/* Restore the terminal (idempotent). */
void ui_term_stop(void);
/* Release ncurses' memory after ui_term_stop. */
void ui_term_free(void);

/* Signals: INT/TERM/HUP ask to quit, TSTP to suspend (flags checked by the
 * main loop); SEGV/BUS/FPE/ABRT/ILL restore the terminal and die. */
void ui_term_signals(int install);
int ui_term_quit_signal(void); /* the signal that asked to quit, or 0 */
/* A pending Ctrl-C (SIGINT) is taken back: 1 when there was one. */
int ui_term_take_interrupt(void);
int ui_term_suspend_pending(void);
/* While luoshi is busy (waiting for the database): keys typed meanwhile
 * are taken in to be acted on afterwards; 1 when Ctrl-C asked to stop. */
int ui_term_pump(void);
/* Ctrl-Z: restore the terminal, stop; on fg take it back (the caller then
 * lays the screen out again: the size may have changed meanwhile). */
void ui_term_suspend(void);

/* The next key (UI key code, see ui_keys.h), UI_KEY_IDLE, UI_KEY_TERM_REPLY,
 * UI_KEY_PASTE or UI_KEY_BURST. Keys are decoded by ui_input.c from the
 * bytes of the terminal, never by getch. */
int ui_term_read_key(void);
/* More input is already there (decoded or unread): the frame can wait. */
int ui_term_keys_waiting(void);
/* The text of the last UI_KEY_PASTE or UI_KEY_BURST (UTF-8, one line). */
const char *ui_term_text(void);
/* The keys of the last UI_KEY_BURST. */
size_t ui_term_burst(const int **keys);

/* Run $VISUAL/$EDITOR (else vi) on path with the terminal restored;
 * 0 when the editor exited successfully. */
int ui_term_run_editor(const char *path);

#endif
