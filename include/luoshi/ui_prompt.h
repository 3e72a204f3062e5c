/* ui_prompt.h - the line editor and the y/n question of the screens: on
 * the bottom line, or the editor in place over a field. The callbacks
 * return a reaction like every other handler (ui_view.h): R_CHANGED when
 * they wrote, R_KEEP when the text is refused and the editor stays open. */
#ifndef LUOSHI_UI_PROMPT_H
#define LUOSHI_UI_PROMPT_H

#include "luoshi/ui_view.h"

/* The text typed, or NULL when cancelled (Esc/C-g/C-c). With R_KEEP in
 * the reaction the editor stays open with the text, the same callback and
 * arg (so the callback must not free arg then); Esc still cancels. */
typedef int (*ui_prompt_done)(struct view *v, const char *text, void *arg);
/* yes = 1 on y, 0 on any other key. */
typedef int (*ui_prompt_answer)(struct view *v, int yes, void *arg);

/* The editor on the bottom line after label. */
void ui_prompt_line(const char *label, const char *initial, ui_prompt_done done, void *arg);
/* The editor in place, inside r (one row). */
void ui_prompt_at(struct rect r, const char *initial, ui_prompt_done done, void *arg);
/* A y/n question on the bottom line. */
void ui_prompt_yesno(const char *question, ui_prompt_answer answer, void *arg);

/* ---- for the engine (ui.c) ---- */
/* 0: no editor open; PROMPT_BOTTOM or PROMPT_INPLACE: where it is. */
enum { PROMPT_BOTTOM = 1, PROMPT_INPLACE = 2 };
int ui_prompt_editing(void);
int ui_prompt_asking(void);
/* A key for the editor or the question (whichever is open). */
void ui_prompt_key(int key);
/* Pasted text into the open editor, as text. */
void ui_prompt_paste(const char *text);
/* Close the editor as Esc does. */
void ui_prompt_cancel(void);
/* The question, or the editor when it is on the bottom line, drawn on row
 * y: 1 when drawn (*cx: the cursor column, -1 for a question). */
int ui_prompt_draw_bottom(int y, int *cx);
/* The editor in place drawn: its cursor column (*cy its row), else -1. */
int ui_prompt_draw_inplace(int *cy);
void ui_prompt_free(void);

#endif
