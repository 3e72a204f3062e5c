/* test_label.c - the labels the screens show for stored values
 * (src/ui_label.c): every status and recurrence the store knows has one;
 * in English it is the stored word; in Chinese (the zh_CN catalogue of the
 * build tree) it is translated and the store reads it back, because the
 * task editor starts from the label. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "luoshi/db.h"
#include "luoshi/extract.h"
#include "luoshi/i18n.h"
#include "luoshi/ui_label.h"

/* The names the store writes in the history's field column. */
static const char *const fields[] = {
	"title", "status", "progress", "unit", "assist", "owner", "due", "due_text",
	"recurrence", "text", "note", "created", "deleted",
};

static void english(void)
{
	for (int s = 0; s < TASK_STATUS_COUNT; s++)
		CHECK_STR(ui_label_status((enum task_status)s), task_status_name((enum task_status)s));
	for (int r = 1; r < RECUR_COUNT; r++)
		CHECK_STR(ui_label_recur(recur_name((enum recur)r)), recur_name((enum recur)r));
	CHECK_STR(ui_label_field("owner"), "owner");
	CHECK_STR(ui_label_field("unit"), "lead unit");
	CHECK_STR(ui_label_value("status", "doing"), "doing");
	CHECK_STR(ui_label_value("owner", "doing"), "doing");
	CHECK(ui_label_value("status", NULL) == NULL);
}

#ifdef ENABLE_NLS
static void chinese(void)
{
	for (int s = 0; s < TASK_STATUS_COUNT; s++) {
		const char *l = ui_label_status((enum task_status)s);
		CHECK_MSG(strcmp(l, task_status_name((enum task_status)s)) != 0,
			  "a status label is translated");
		CHECK_INT(task_status_parse(l), s);
	}
	for (int r = 1; r < RECUR_COUNT; r++) {
		const char *name = recur_name((enum recur)r), *l = ui_label_recur(name);
		if (strcmp(l, name) == 0)
			printf("# recurrence %s has no Chinese label\n", name);
		CHECK_MSG(strcmp(l, name) != 0, "a recurrence label is translated");
		CHECK_INT(recur_parse(l), r);
	}
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		if (strcmp(ui_label_field(fields[i]), fields[i]) == 0)
			printf("# field %s has no Chinese label\n", fields[i]);
		CHECK_MSG(strcmp(ui_label_field(fields[i]), fields[i]) != 0,
			  "a field name is translated");
	}
	CHECK_STR(ui_label_field("owner"), "责任人");
	CHECK_STR(ui_label_field("due"), "完成时限");
	CHECK_STR(ui_label_value("status", "doing"), "进行中");
	CHECK_STR(ui_label_value("recurrence", "yearly"), "每年");
	CHECK_STR(ui_label_value("recurrence", "fortnightly"), "fortnightly");
	CHECK(i18n_lang_zh());
}
#endif

int main(void)
{
	setenv("LANGUAGE", "", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	i18n_init();
	english();
	CHECK(!i18n_lang_zh());
	const char *dir = getenv("BUILD_LOCALEDIR");
	if (dir)
		setenv("LUOSHI_LOCALEDIR", dir, 1);
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	i18n_init();
#ifndef ENABLE_NLS
	printf("ok %d # SKIP built without NLS (--disable-nls)\n", ++check_n);
#else
	if (!setlocale(LC_ALL, NULL) || strcmp(setlocale(LC_ALL, NULL), "zh_CN.UTF-8"))
		printf("ok %d # SKIP no zh_CN.UTF-8 locale (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)\n",
		       ++check_n);
	else
		chinese();
#endif
	return check_done();
}
