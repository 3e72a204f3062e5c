/* ui_input.h - the bytes a terminal sends, turned into keys, replies to
 * what we asked (cursor position, device attributes) and pasted text.
 * No curses and no clock: the caller reads, feeds, and says when a wait
 * ran out, so the whole decoder can be fuzzed (fuzz/fuzz_input.c).
 *
 * Rules the screens rely on:
 * - an escape sequence is taken whole however the link splits it; while a
 *   reply is expected or a paste is open, nothing is cut by a timeout;
 * - a reply or an escape sequence nobody bound is never seen as keys;
 * - bracketed paste (ESC[200~ ... ESC[201~) is one text event;
 * - the keys of one read that cannot have been typed one by one (several
 *   different keys, an input method's commit) come as one burst event, so
 *   that the screens can refuse to act on them. */
#ifndef LUOSHI_UI_INPUT_H
#define LUOSHI_UI_INPUT_H

#include <stddef.h>

#define UI_INPUT_PASTE_MAX (1 << 20) /* bytes of one paste kept; the rest is dropped */

enum ui_input_kind {
	UI_IN_KEY,   /* key */
	UI_IN_CPR,   /* cursor position report: row, col */
	UI_IN_DA,    /* device attributes (ESC[?...c, ESC[>...c) */
	UI_IN_PASTE, /* bracketed paste: text */
	UI_IN_BURST, /* several keys from one read: keys[0..nkeys), their characters in text */
};

struct ui_input_event {
	enum ui_input_kind kind;
	int key;
	int row, col;
	int *keys;  /* malloc'ed; ui_input_event_free */
	size_t nkeys;
	char *text; /* UTF-8, NUL-terminated, controls made spaces or dropped; malloc'ed */
	size_t len;
};

struct ui_input;

struct ui_input *ui_input_new(void);
void ui_input_free(struct ui_input *in);
/* A key's escape sequence (from terminfo, or a known variant): seq maps to
 * key. Only sequences that start with ESC are used; the first binding of a
 * sequence wins. */
void ui_input_bind(struct ui_input *in, const char *seq, int key);
/* We asked the terminal something: until a reply (CPR or DA) comes or
 * ui_input_give_up, an incomplete escape sequence is never timed out. */
void ui_input_expect_reply(struct ui_input *in);
int ui_input_reply_pending(const struct ui_input *in);
void ui_input_give_up(struct ui_input *in);
/* Bytes of one read(). Decoded in the locale's codeset (mbrtowc). */
void ui_input_feed(struct ui_input *in, const unsigned char *buf, size_t n);
/* 0: nothing is incomplete. 1: bytes wait for more (an ESC, half a
 * character): call ui_input_timeout after a short wait without input.
 * 2: what is incomplete must not be cut (a reply is expected, a paste is
 * open): wait long, then ui_input_give_up. */
int ui_input_waiting(const struct ui_input *in);
/* The short wait ran out: what is incomplete is taken as keys (a lone
 * ESC is the Esc key). */
void ui_input_timeout(struct ui_input *in);
/* The next event: 1 and *ev filled (free it with ui_input_event_free),
 * or 0 when none is complete. */
int ui_input_next(struct ui_input *in, struct ui_input_event *ev);
void ui_input_event_free(struct ui_input_event *ev);

#endif
