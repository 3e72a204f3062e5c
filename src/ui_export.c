/* ui_export.c - the export key (see ui_export.h): the 台账 handed upward,
 * written from the screens without leaving them. */
#include "config.h"
#include "luoshi/ui_export.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "luoshi/export_file.h"
#include "luoshi/i18n.h"
#include "luoshi/ui_prompt.h"

/* Said with the whole path: the default name is relative to wherever the
 * screens were started, which over SSH is easily forgotten. */
static int write_to(const char *path)
{
	if (export_file(ui_db(), path, 0) != LU_OK) {
		ui_msg("%s", lu_errmsg());
		return R_NONE;
	}
	char *full = realpath(path, NULL);
	ui_msg(_("exported to %s"), full ? full : path);
	free(full);
	return R_NONE;
}

static int replace_answer(struct view *v, int yes, void *arg)
{
	char *path = arg;
	(void)v;
	int r = R_NONE;
	if (yes)
		r = write_to(path);
	else
		ui_msg("%s", _("not exported"));
	free(path);
	return r;
}

static int name_done(struct view *v, const char *text, void *arg)
{
	struct stat sb;
	(void)v;
	(void)arg;
	if (!text)
		return R_NONE;
	if (!*text || export_file_kind(text) < 0) {
		ui_msg("%s", _("name the file .xlsx, .csv, .md or .json"));
		return R_KEEP;
	}
	if (stat(text, &sb) == 0) {
		char *q = xasprintf(_("%s exists: replace it? y/n"), text);
		ui_prompt_yesno(q, replace_answer, xstrdup(text));
		free(q);
		return R_NONE;
	}
	return write_to(text);
}

int ui_export_start(void)
{
	char *name = export_file_default_name();
	ui_prompt_line(_("export to: "), name, name_done, NULL);
	free(name);
	return R_NONE;
}
