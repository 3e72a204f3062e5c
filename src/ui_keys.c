/* ui_keys.c - key names, bindings and settings: one parser for the defaults,
 * the user's config file and the key scripts of the screen tests. */
#include "config.h"
#include "luoshi/ui_keys.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "luoshi/i18n.h"
#include "luoshi/utf8.h"

/* The default bindings, written in the config language so that they and a
 * user's config go through the same parser (and the help screen shows
 * whatever is in effect). */
static const char default_config[] =
	"# movement (vi and less)\n"
	"bind j move-down\n"
	"bind <Down> move-down\n"
	"bind k move-up\n"
	"bind <Up> move-up\n"
	"bind g move-first\n"
	"bind <Home> move-first\n"
	"bind G move-last\n"
	"bind <End> move-last\n"
	"bind <C-d> move-half-down\n"
	"bind <C-u> move-half-up\n"
	"bind <PgDn> move-page-down\n"
	"bind <C-f> move-page-down\n"
	"bind <PgUp> move-page-up\n"
	"bind <C-b> move-page-up\n"
	"bind h collapse\n"
	"bind <Left> collapse\n"
	"bind l expand\n"
	"bind <Right> expand\n"
	"bind <Enter> enter\n"
	"bind <Tab> next-pane\n"
	"bind / search\n"
	"bind n search-next\n"
	"bind N search-prev\n"
	"bind ] next-heading\n"
	"bind [ prev-heading\n"
	"# screens\n"
	"bind O view-outline\n"
	"bind R view-reader\n"
	"bind T view-tasks\n"
	"bind D view-dashboard\n"
	"bind ? view-help\n"
	"bind <F1> view-help\n"
	"bind <C-l> refresh\n"
	"bind q back\n"
	"bind <Esc> back\n"
	"bind Q quit\n"
	"# quick updates on task rows\n"
	"bind 1 status-todo\n"
	"bind 2 status-doing\n"
	"bind 3 status-done\n"
	"bind 4 status-ongoing\n"
	"bind 5 status-blocked\n"
	"bind 6 status-dropped\n"
	"bind <Space> toggle-done\n"
	"bind u undo\n"
	"bind a add-task\n"
	"bind e edit\n"
	"bind E edit-external\n"
	"bind d delete\n"
	"# m for memo: n and N are search-next/prev on every screen\n"
	"bind outline m add-note\n"
	"bind tasks m add-note\n"
	"bind detail m add-note\n"
	"bind M note-external\n"
	"# the 督办 cycle: p 进展 (report), c 销号 (close), B back (reopen), H 回头看\n"
	"bind p add-report\n"
	"bind c close-task\n"
	"bind B reopen-task\n"
	"bind H recheck\n"
	"bind X export\n"
	"bind outline r view-reader\n"
	"bind outline t view-tasks\n"
	"bind tasks f filter\n"
	"bind tasks : filter\n"
	"bind tasks s sort\n"
	"bind tasks / filter\n"
	"# the reader: less keys\n"
	"bind reader <Space> move-page-down\n"
	"bind reader f move-page-down\n"
	"bind reader b move-page-up\n"
	"bind reader d move-half-down\n"
	"bind reader u move-half-up\n"
	"bind reader o show-tasks\n"
	"bind reader <Enter> move-down\n"
	"bind help <Space> move-page-down\n"
	"bind help b move-page-up\n"
	"# settings\n"
	"set ambiguous-width = auto\n"
	"set line-graphics = no\n"
	"set colors = auto\n";

struct ui_settings ui_settings = {0, 0, -1};

struct binding {
	unsigned char km;
	unsigned char action;
	int key;
};

static struct binding *bindings;
static size_t nbindings, bindings_cap;

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{"Enter", UI_KEY_ENTER},
	{"Return", UI_KEY_ENTER},
	{"Esc", UI_KEY_ESC},
	{"Escape", UI_KEY_ESC},
	{"Tab", '\t'},
	{"BackTab", UI_KEY(KEY_BTAB)},
	{"S-Tab", UI_KEY(KEY_BTAB)},
	{"Space", ' '},
	{"Backspace", UI_KEY_BACKSPACE},
	{"BS", UI_KEY_BACKSPACE},
	{"Del", UI_KEY(KEY_DC)},
	{"Delete", UI_KEY(KEY_DC)},
	{"Ins", UI_KEY(KEY_IC)},
	{"Insert", UI_KEY(KEY_IC)},
	{"Up", UI_KEY(KEY_UP)},
	{"Down", UI_KEY(KEY_DOWN)},
	{"Left", UI_KEY(KEY_LEFT)},
	{"Right", UI_KEY(KEY_RIGHT)},
	{"Home", UI_KEY(KEY_HOME)},
	{"End", UI_KEY(KEY_END)},
	{"PgUp", UI_KEY(KEY_PPAGE)},
	{"PageUp", UI_KEY(KEY_PPAGE)},
	{"PgDn", UI_KEY(KEY_NPAGE)},
	{"PageDown", UI_KEY(KEY_NPAGE)},
	{"Lt", '<'},
	{"Hash", '#'},
};

static const char *const keymap_names[] = {
#define UI_KEYMAP_NAME(id, name) name,
	UI_KEYMAP_LIST(UI_KEYMAP_NAME)
#undef UI_KEYMAP_NAME
};

const char *ui_keymap_name(enum ui_keymap km)
{
	return (unsigned)km < KEYMAP_COUNT ? keymap_names[km] : "?";
}

static int keymap_parse(const char *s)
{
	for (int i = 0; i < KEYMAP_COUNT; i++)
		if (!strcmp(s, keymap_names[i]))
			return i;
	return -1;
}

int ui_key_fold(int key)
{
	if (key >= 0xFF01 && key <= 0xFF5E)
		return key - 0xFEE0;
	if (key == 0x3000)
		return ' ';
	return key;
}

/* "<C-x>" and "^X": the control character of a letter or of @[\]^_. */
static int ctrl_key(int c)
{
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	if (c >= '@' && c <= '_')
		return c & 0x1f;
	if (c == '?')
		return 127;
	return -1;
}

/* Name inside <...>: special names, F1..F63, C-x, Sleep N. */
static int bracket_key(const char *name, size_t len, int *key, int *arg)
{
	char buf[32];
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, name, len);
	buf[len] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (!strcasecmp(buf, key_names[i].name))
			return *key = key_names[i].key, 0;
	if ((buf[0] == 'F' || buf[0] == 'f') && buf[1] >= '1' && buf[1] <= '9') {
		char *end;
		long n = strtol(buf + 1, &end, 10);
		if (!*end && n >= 1 && n <= 63)
			return *key = UI_KEY(KEY_F(n)), 0;
	}
	if ((buf[0] == 'C' || buf[0] == 'c') && buf[1] == '-' && buf[2] && !buf[3])
		return (*key = ctrl_key((unsigned char)buf[2])) < 0 ? -1 : 0;
	if (!strncasecmp(buf, "Sleep ", 6)) {
		char *end;
		long ms = strtol(buf + 6, &end, 10);
		if (*end || ms < 0 || ms > 600000)
			return -1;
		*arg = (int)ms;
		return *key = UI_KEY_SLEEP, 0;
	}
	return -1;
}

int ui_key_parse(const char **sp, int *key, int *arg)
{
	const char *s = *sp;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return lu_error(LU_USAGE, "a key name is missing"), -1;
	*arg = 0;
	if (*s == '<' && s[1] && s[1] != ' ') {
		const char *end = strchr(s, '>');
		if (!end || bracket_key(s + 1, (size_t)(end - s - 1), key, arg) < 0) {
			size_t n = end ? (size_t)(end - s + 1) : strlen(s);
			return lu_error(LU_USAGE, "unknown key name '%.*s'", (int)n, s), -1;
		}
		*sp = end + 1;
		return 0;
	}
	if (*s == '^' && s[1] && s[1] != ' ' && ctrl_key((unsigned char)s[1]) >= 0) {
		*key = ctrl_key((unsigned char)s[1]);
		*sp = s + 2;
		return 0;
	}
	uint32_t cp;
	size_t n = utf8_decode(s, strlen(s), &cp);
	if (cp == 0xFFFD && n == 1)
		return lu_error(LU_USAGE, "a key name is not valid UTF-8"), -1;
	*key = ui_key_fold((int)cp);
	*sp = s + n;
	return 0;
}

const char *ui_key_name(int key, char buf[32])
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (key_names[i].key == key && key != '<' && key != '#')
			return strcpy(buf, key_names[i].name);
	if (key >= UI_KEY(KEY_F(1)) && key <= UI_KEY(KEY_F(63))) {
		snprintf(buf, 32, "F%d", key - UI_KEY(KEY_F(0)));
		return buf;
	}
	if (key >= 0 && key < 32) {
		snprintf(buf, 32, "C-%c", key + 'a' - 1);
		return buf;
	}
	if (key >= 32 && key < 0x110000) {
		buf[utf8_encode((uint32_t)key, buf)] = '\0';
		return buf;
	}
	snprintf(buf, 32, "key-%d", key);
	return buf;
}

static void bind_key(enum ui_keymap km, int key, enum ui_action a)
{
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].km == km && bindings[i].key == key) {
			bindings[i].action = (unsigned char)a;
			return;
		}
	if (nbindings == bindings_cap) {
		bindings_cap = bindings_cap ? 2 * bindings_cap : 128;
		bindings = xreallocarray(bindings, bindings_cap, sizeof *bindings);
	}
	bindings[nbindings++] = (struct binding){(unsigned char)km, (unsigned char)a, key};
}

static enum ui_action lookup_in(enum ui_keymap km, int key, int *found)
{
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].km == km && bindings[i].key == key) {
			*found = 1;
			return bindings[i].action;
		}
	*found = 0;
	return ACT_NONE;
}

enum ui_action ui_keys_lookup(enum ui_keymap km, int key)
{
	int found;
	enum ui_action a = lookup_in(km, key, &found);
	if (found || km == KEYMAP_GENERIC)
		return a;
	return lookup_in(KEYMAP_GENERIC, key, &found);
}

int ui_keys_for(enum ui_keymap km, enum ui_action a, int *keys, int max)
{
	int n = 0;
	for (size_t i = 0; i < nbindings && n < max; i++)
		if (bindings[i].km == km && bindings[i].action == a)
			keys[n++] = bindings[i].key;
	if (km == KEYMAP_GENERIC)
		return n;
	for (size_t i = 0; i < nbindings && n < max; i++) {
		int found;
		if (bindings[i].km != KEYMAP_GENERIC || bindings[i].action != a)
			continue;
		lookup_in(km, bindings[i].key, &found);
		if (!found)
			keys[n++] = bindings[i].key;
	}
	return n;
}

const char *ui_keys_first(enum ui_keymap km, enum ui_action a, char buf[32])
{
	int key;
	if (ui_keys_for(km, a, &key, 1) < 1)
		return NULL;
	return ui_key_name(key, buf);
}

/* Split the next blank-separated word off *s (config words hold no blanks;
 * key names like <Sleep 100> are parsed separately). */
static char *next_word(char **s)
{
	char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return *s = p, NULL;
	char *w = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return w;
}

static int config_bind(char *rest, struct sbuf *why)
{
	char *w1 = next_word(&rest), *w2 = next_word(&rest), *w3 = next_word(&rest);
	int km = KEYMAP_GENERIC;
	if (w3) {
		if ((km = keymap_parse(w1)) < 0)
			return sbuf_addf(why, _("unknown keymap '%s'"), w1), -1;
		w1 = w2, w2 = w3;
	}
	if (!w2 || next_word(&rest))
		return sbuf_adds(why, _("use: bind [KEYMAP] KEY ACTION")), -1;
	int key, arg, act = ui_action_parse(w2);
	const char *k = w1;
	if (ui_key_parse(&k, &key, &arg) < 0 || *k || key == UI_KEY_SLEEP)
		return sbuf_addf(why, _("unknown key name '%s'"), w1), -1;
	if (act < 0)
		return sbuf_addf(why, _("unknown action '%s'"), w2), -1;
	bind_key((enum ui_keymap)km, key, (enum ui_action)act);
	return 0;
}

static int yes_no(const char *v)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
		return 1;
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
		return 0;
	return -1;
}

static int config_set(char *rest, struct sbuf *why)
{
	char *name = next_word(&rest), *v = next_word(&rest);
	if (v && !strcmp(v, "="))
		v = next_word(&rest);
	if (!name || !v || next_word(&rest))
		return sbuf_adds(why, _("use: set NAME = VALUE")), -1;
	if (!strcmp(name, "ambiguous-width")) {
		if (!strcmp(v, "auto"))
			ui_settings.ambiguous_width = 0;
		else if (!strcmp(v, "1") || !strcmp(v, "2"))
			ui_settings.ambiguous_width = v[0] - '0';
		else
			return sbuf_adds(why, _("ambiguous-width is auto, 1 or 2")), -1;
	} else if (!strcmp(name, "line-graphics")) {
		if ((ui_settings.line_graphics = yes_no(v)) < 0)
			return ui_settings.line_graphics = 0, sbuf_adds(why, _("line-graphics is yes or no")), -1;
	} else if (!strcmp(name, "colors") || !strcmp(name, "colours")) {
		int c = strcmp(v, "auto") ? yes_no(v) : -1;
		if (c < 0 && strcmp(v, "auto"))
			return sbuf_adds(why, _("colors is auto, yes or no")), -1;
		ui_settings.colors = c;
	} else {
		return sbuf_addf(why, _("unknown setting '%s'"), name), -1;
	}
	return 0;
}

static void config_line(char *line, struct sbuf *why)
{
	char *cmd = next_word(&line);
	if (!cmd || cmd[0] == '#')
		return;
	if (!strcmp(cmd, "bind"))
		config_bind(line, why);
	else if (!strcmp(cmd, "set"))
		config_set(line, why);
	else
		sbuf_addf(why, _("unknown command '%s' (bind or set)"), cmd);
}

void ui_config_apply(const char *text, const char *origin, struct sbuf *err)
{
	char *copy = xstrdup(text), *p = copy;
	for (int lineno = 1; p; lineno++) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		size_t len = strlen(p);
		if (len && p[len - 1] == '\r')
			p[len - 1] = '\0';
		struct sbuf why = SBUF_INIT;
		config_line(p, &why);
		if (why.len)
			sbuf_addf(err, _("%s line %d: %s\n"), origin, lineno, why.s);
		sbuf_free(&why);
		p = nl ? nl + 1 : NULL;
	}
	free(copy);
}

static char *config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		return xasprintf("%s/luoshi/config", xdg);
	if (home && *home)
		return xasprintf("%s/.config/luoshi/config", home);
	return NULL;
}

void ui_keys_init(struct sbuf *err)
{
	nbindings = 0;
	ui_config_apply(default_config, _("defaults"), err);
	char *path = config_path(), *text;
	size_t len;
	if (path && access(path, F_OK) == 0) {
		if (lu_read_file(path, &text, &len) == LU_OK) {
			ui_config_apply(text, path, err);
			free(text);
		} else {
			sbuf_addf(err, "%s\n", lu_errmsg());
		}
	}
	free(path);
}
