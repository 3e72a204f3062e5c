/* ui_edit.h - a one-line editor that handles Chinese: multi-byte input,
 * cursor movement over double-width characters, Backspace removes one
 * character, Ctrl-A/E/U/K/W, Left/Right/Home/End. */
#ifndef LUOSHI_UI_EDIT_H
#define LUOSHI_UI_EDIT_H

#include <curses.h>

struct ui_edit;

enum ui_edit_result { EDIT_CONTINUE, EDIT_ACCEPT, EDIT_CANCEL };

struct ui_edit *ui_edit_new(const char *initial);
void ui_edit_free(struct ui_edit *e);
/* Feed one key (a code point or UI_KEY(KEY_*), see ui_keys.h). */
enum ui_edit_result ui_edit_key(struct ui_edit *e, int key);
/* Insert text (UTF-8, pasted) at the cursor as characters, never as
 * keys: line breaks and tabs become spaces, controls are dropped. */
void ui_edit_insert(struct ui_edit *e, const char *text);
/* Draw in w columns at (y, x), scrolled so the cursor shows; returns the
 * screen column of the cursor. */
int ui_edit_draw(struct ui_edit *e, int y, int x, int w, attr_t a);
/* The text as UTF-8 (malloc'ed). */
char *ui_edit_text(const struct ui_edit *e);

#endif
