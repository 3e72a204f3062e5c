/* ui_extedit.h - a field or a note written in the user's own editor
 * ($VISUAL, $EDITOR, else vi), in the locale's codeset. */
#ifndef LUOSHI_UI_EXTEDIT_H
#define LUOSHI_UI_EXTEDIT_H

/* Run the editor on initial text; the edited text (malloc'ed UTF-8), or
 * NULL when the editor failed (the bottom line says why) or the text is
 * unchanged. */
char *ui_extedit_run(const char *initial);

#endif
