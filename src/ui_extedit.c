/* ui_extedit.c - the user's editor on a temporary file. */
#include "config.h"
#include "luoshi/ui_extedit.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "luoshi/enc.h"
#include "luoshi/i18n.h"
#include "luoshi/ui_term.h"
#include "luoshi/ui_view.h"

/* The editor reads and writes the locale's codeset (GB18030 in a
 * zh_CN.GB18030 locale); we keep UTF-8. NULL codeset: UTF-8 already. */
static const char *editor_codeset(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && *cs && strcmp(cs, "UTF-8") && strcmp(cs, "ANSI_X3.4-1968") ? cs : NULL;
}

static int write_for_editor(int fd, const char *initial, const char *cs)
{
	char *conv = NULL;
	size_t len = strlen(initial), n = len;
	if (cs && enc_from_utf8(cs, initial, len, &conv, &n) != LU_OK)
		return 0;
	const char *p = conv ? conv : initial;
	int ok = write(fd, p, n) == (ssize_t)n;
	free(conv);
	return ok;
}

/* The file back in UTF-8, or NULL (with a message) when it cannot be. */
static char *read_from_editor(const char *path, const char *cs)
{
	char *raw = NULL, *text = NULL;
	size_t n, bad = 0;
	if (lu_read_file(path, &raw, &n) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return NULL;
	}
	if (!cs)
		return raw;
	if (enc_to_utf8(cs, (const unsigned char *)raw, n, &text, &n, &bad) != LU_OK)
		ui_msg(_("the edited text is not valid %s at byte %zu; nothing was changed"), cs, bad);
	free(raw);
	return text;
}

static char *run_editor(const char *initial, int same_too)
{
	const char *tmp = getenv("TMPDIR");
	const char *cs = editor_codeset();
	char *path = xasprintf("%s/luoshi-XXXXXX.txt", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemps(path, 4);
	if (fd < 0) {
		ui_msg("%s", _("cannot create a temporary file for the editor"));
		free(path);
		return NULL;
	}
	int ok = write_for_editor(fd, initial, cs);
	close(fd);
	ok = ok && ui_term_run_editor(path) == 0;
	ui_view_set_full();
	char *text = ok ? read_from_editor(path, cs) : NULL;
	if (text && !same_too && !strcmp(text, initial)) {
		free(text);
		text = NULL;
	}
	if (!ok)
		ui_msg("%s", _("the editor failed; nothing was changed"));
	unlink(path);
	free(path);
	return text;
}

char *ui_extedit_run(const char *initial)
{
	return run_editor(initial, 0);
}

char *ui_extedit_again(const char *initial)
{
	return run_editor(initial, 1);
}
