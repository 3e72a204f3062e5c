/* fuzz_config.c - untrusted text through the config file parser (bind and
 * set lines, key names) of src/ui_keys.c, with the invariants the screens
 * rely on: settings stay in their ranges, every problem is reported as one
 * line naming its origin, bindings can be looked up and named. Built by
 * ./configure --enable-fuzzing; run: fuzz/fuzz_config fuzz/fuzz_config/ */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/ui_action.h"
#include "luoshi/ui_keys.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* no user config: only the defaults and the fuzzed text */
	setenv("XDG_CONFIG_HOME", "/nonexistent-luoshi-fuzz", 1);
	return 0;
}

/* Each reported problem is one line that starts with its origin. */
static void check_errors(const struct sbuf *err)
{
	const char *p = err->s ? err->s : "";
	while (*p) {
		if (strncmp(p, "fuzz line ", 10))
			abort();
		const char *nl = strchr(p, '\n');
		if (!nl)
			abort(); /* every line ends */
		p = nl + 1;
	}
}

/* Key names as a test script gives them, one after another. */
static void parse_keys(const char *s)
{
	while (*s) {
		int key, arg;
		const char *before = s;
		if (ui_key_parse(&s, &key, &arg) < 0)
			return;
		if (s <= before)
			abort(); /* progress on every key */
		char name[32];
		if (strlen(ui_key_name(key, name)) >= sizeof name)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct sbuf err = SBUF_INIT;
	ui_keys_init(&err);
	if (err.len) /* the compiled-in defaults are always right */
		abort();
	ui_config_apply(text, "fuzz", &err);
	check_errors(&err);
	if (ui_settings.ambiguous_width < 0 || ui_settings.ambiguous_width > 2 ||
	    ui_settings.line_graphics < 0 || ui_settings.line_graphics > 1 ||
	    ui_settings.colors < -1 || ui_settings.colors > 1)
		abort();
	for (int km = 0; km < KEYMAP_COUNT; km++) {
		char buf[32];
		for (int a = 0; a < ACT_COUNT; a++)
			ui_keys_first((enum ui_keymap)km, (enum ui_action)a, buf);
		if ((unsigned)ui_keys_lookup((enum ui_keymap)km, 'j') >= ACT_COUNT)
			abort();
	}
	parse_keys(text);
	sbuf_free(&err);
	free(text);
	ui_settings = (struct ui_settings){0, 0, -1};
	return 0;
}
