/* ui_extedit.h - a field or a note written in the user's own editor
 * ($VISUAL, $EDITOR, else vi), in the locale's codeset. */
#ifndef LUOSHI_UI_EXTEDIT_H
#define LUOSHI_UI_EXTEDIT_H

/* Run the editor on initial text; the edited text (malloc'ed UTF-8), or
 * NULL when the editor failed (the bottom line says why) or the text is
 * unchanged. */
char *ui_extedit_run(const char *initial);
/* The same, giving the text back even when it was left as it was (a note
 * that could not be saved, opened again to be saved). */
char *ui_extedit_again(const char *initial);

#endif
