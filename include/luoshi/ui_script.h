/* ui_script.h - the headless test harness of the screens (tig style):
 * LUOSHI_TEST_KEYS=FILE feeds keys through the config's key-name parser,
 * and `:save-display FILE` dumps every screen row as UTF-8. */
#ifndef LUOSHI_UI_SCRIPT_H
#define LUOSHI_UI_SCRIPT_H

#define UI_SCRIPT_END (-3)

struct ui_script;

/* Open a key script; NULL with a message in lu_errmsg(). The format, one
 * step per line (blank lines and lines starting with # are skipped):
 *   j j <Enter> <C-d> <Sleep 1500>   keys, as in the config file
 *   :type 主题教育                    text typed one character at a time
 *   :save-display FILE                dump the screen
 *   :save-attrs FILE                  the same with {reverse} and <underline> marked
 *   :resize COLS LINES                resize the virtual terminal
 *   :shell COMMAND                    run a command (another user's change)
 * A line starting with ':' that is none of these is read as keys. */
struct ui_script *ui_script_open(const char *path);
/* The next key, UI_KEY_SLEEP (*arg = ms), UI_KEY(KEY_RESIZE) after
 * :resize, or UI_SCRIPT_END. Commands run when they are reached, i.e. after
 * every earlier key has been handled and drawn. */
int ui_script_next(struct ui_script *s, int *arg);
/* True when a line could not be parsed or a command failed (reported on
 * stderr after the screens close). */
int ui_script_failed(const struct ui_script *s);
const char *ui_script_error(const struct ui_script *s);
void ui_script_close(struct ui_script *s);

#endif
