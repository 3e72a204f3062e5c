/* ui_keys.h - key names, key bindings and settings of the screens.
 * One parser reads the compiled-in defaults, the user's config file
 * ($XDG_CONFIG_HOME/luoshi/config) and the key scripts of the screen tests. */
#ifndef LUOSHI_UI_KEYS_H
#define LUOSHI_UI_KEYS_H

#include "luoshi/ui_action.h"
#include "luoshi/util.h"

/* A key is a Unicode code point (control characters included: Ctrl-D is 4,
 * Enter is '\n', Esc 27, Tab '\t', Backspace 127), or UI_KEY_FN plus an
 * ncurses KEY_* code for the keys that are not characters. */
#define UI_KEY_FN 0x200000
#define UI_KEY(k) (UI_KEY_FN + (k))
#define UI_KEY_ENTER '\n'
#define UI_KEY_ESC 27
#define UI_KEY_BACKSPACE 127
/* Pseudo-keys of the test scripts only. */
#define UI_KEY_SLEEP (UI_KEY_FN - 1) /* <Sleep MS>: wait as if idle */

/* Keymaps: bindings of a view come first, then the generic ones. */
#define UI_KEYMAP_LIST(X) \
	X(GENERIC, "generic") \
	X(OUTLINE, "outline") \
	X(READER, "reader") \
	X(TASKS, "tasks") \
	X(DETAIL, "detail") \
	X(DASHBOARD, "dashboard") \
	X(HELP, "help")

#define UI_KEYMAP_ENUM(id, name) KEYMAP_##id,
enum ui_keymap { UI_KEYMAP_LIST(UI_KEYMAP_ENUM) KEYMAP_COUNT };
#undef UI_KEYMAP_ENUM

const char *ui_keymap_name(enum ui_keymap km);

/* Settings the config file can change with `set NAME = VALUE`. */
struct ui_settings {
	int ambiguous_width; /* 0 = auto, else 1 or 2 */
	int line_graphics;   /* box drawing characters for borders */
	int colors;          /* -1 auto (has_colors and no NO_COLOR), 0 never, 1 when possible */
};
extern struct ui_settings ui_settings;

/* Parse one key name at *s (skipping leading blanks) and advance *s past it:
 * a single character ("j", "?", "１" folds to "1"), "<Enter>", "<Esc>",
 * "<Tab>", "<Space>", "<Backspace>", "<Del>", "<Up>"..., "<PgDn>", "<F1>",
 * "<C-d>" or "^D", "<Lt>" for '<', "<Hash>" for '#'; and in test scripts
 * "<Sleep MS>" (key UI_KEY_SLEEP, *arg = MS). Returns 0, or -1 with a
 * message in lu_errmsg(). */
int ui_key_parse(const char **s, int *key, int *arg);
/* The name of a key as the help screen shows it ("j", "Enter", "C-d"). */
const char *ui_key_name(int key, char buf[32]);
/* Full-width forms typed by a Chinese input method (１２３ｑ／, U+3000)
 * act like their ASCII keys. */
int ui_key_fold(int key);

/* Start from the compiled-in defaults, then read the user's config file.
 * Problems are reported in *err (one line each), never fatal. */
void ui_keys_init(struct sbuf *err);
/* Apply config text (bind/set lines); origin names it in messages. */
void ui_config_apply(const char *text, const char *origin, struct sbuf *err);

/* The action bound to key in km (falling back to the generic keymap). */
enum ui_action ui_keys_lookup(enum ui_keymap km, int key);
/* Keys that trigger action a in km (its own bindings, then the generic
 * ones it does not override); returns how many were stored (at most max). */
int ui_keys_for(enum ui_keymap km, enum ui_action a, int *keys, int max);
/* First key name for a in km, or NULL if unbound. */
const char *ui_keys_first(enum ui_keymap km, enum ui_action a, char buf[32]);

#endif
