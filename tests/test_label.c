/* test_label.c - the labels the screens and the command line show for
 * stored values (src/label.c) and the fields of a task (src/field.c, the
 * list of field.h): every status, recurrence and field has one;
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
#include "luoshi/field.h"
#include "luoshi/i18n.h"
#include "luoshi/label.h"

/* The names the store writes in the history's field column besides the
 * task fields. */
static const char *const others[] = {"note",   "notes",  "created",   "deleted", "period",
				     "report", "close",  "reopen",    "rechecked", "setting"};

/* A task with every field set, to read back through the field list. */
static struct db_task sample(void)
{
	struct db_task t;
	memset(&t, 0, sizeof t);
	t.title = (char *)"组织领导";
	t.status = TASK_DOING;
	t.progress = 40;
	t.unit = (char *)"组织部";
	t.assist = (char *)"宣传部,办公室";
	t.owner = (char *)"张三";
	t.due = (char *)"2026-03-31";
	t.due_text = (char *)"2026年3月底前";
	t.recurrence = (char *)"yearly";
	t.recheck = (char *)"2027-03-31";
	t.cycle = (char *)"quarterly";
	t.text = (char *)"各地区各部门要建立工作机制。";
	return t;
}

/* The list itself: columns the store knows, in the enum's order, each
 * field found by its column and its label; the values read back. */
static void fields(void)
{
	static const char *const columns[TASK_FIELD_COUNT] = {
		"title", "status", "progress", "unit", "assist", "owner", "due", "due_text",
		"recurrence", "recheck", "cycle", "text"};
	struct db_task t = sample();
	for (int f = 0; f < TASK_FIELD_COUNT; f++) {
		CHECK_STR(field_column((enum task_field)f), columns[f]);
		CHECK_INT(field_parse(columns[f]), f);
		CHECK_INT(field_parse(field_label((enum task_field)f)), f);
		char *v = field_value(&t, (enum task_field)f);
		CHECK_MSG(v && *v, "every field of the sample has a stored value");
		free(v);
	}
	CHECK_INT(field_parse("recur"), TASK_F_RECURRENCE);
	CHECK_INT(field_parse("colour"), -1);
	CHECK_INT(field_parse(""), -1);
	CHECK(field_column(TASK_FIELD_COUNT) == NULL);
	CHECK(!field_editable(TASK_F_DUE_TEXT) && field_editable(TASK_F_OWNER));
	CHECK_INT(field_kind(TASK_F_TEXT), FIELD_LONG);
	char *v = field_value(&t, TASK_F_STATUS);
	CHECK_STR(v, "doing");
	free(v);
	v = field_value(&t, TASK_F_PROGRESS);
	CHECK_STR(v, "40");
	free(v);
	v = field_shown(&t, TASK_F_PROGRESS);
	CHECK_STR(v, "40%");
	free(v);
	t.owner = (char *)"";
	t.recurrence = NULL;
	CHECK(field_value(&t, TASK_F_OWNER) == NULL);
	CHECK(field_shown(&t, TASK_F_RECURRENCE) == NULL);
}

static void english(void)
{
	for (int s = 0; s < TASK_STATUS_COUNT; s++)
		CHECK_STR(label_status((enum task_status)s), task_status_name((enum task_status)s));
	for (int r = 1; r < RECUR_COUNT; r++)
		CHECK_STR(label_recur(recur_name((enum recur)r)), recur_name((enum recur)r));
	CHECK_STR(label_field("owner"), "owner");
	CHECK_STR(label_field("unit"), "unit");
	CHECK_STR(label_field("due_text"), "deadline as written");
	CHECK_STR(label_field("created"), "created");
	char *v = field_shown(&(struct db_task){.status = TASK_BLOCKED}, TASK_F_STATUS);
	CHECK_STR(v, "blocked");
	free(v);
	CHECK_STR(label_value("status", "doing"), "doing");
	CHECK_STR(label_value("owner", "doing"), "doing");
	CHECK(label_value("status", NULL) == NULL);
	/* a deleted task's row (JSON, kept for undo) is shown by its title */
	CHECK_STR(label_value("deleted", "{\"id\":14,\"node_id\":3,\"title\":\"建立台账\",\"text\":null}"),
		  "建立台账");
	CHECK_STR(label_value("deleted", "{\"title\":\"a\\\"b\\\\c\\u0007d\\u4e2d\\/e\"}"),
		  "a\"b\\c\xEF\xBF\xBD" "d中/e");
	CHECK_STR(label_value("deleted", "{\"title\":\"\\ud83d\\ude00\"}"), "\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK_STR(label_value("deleted", "{\"id\" : 14, \"title\" : \"建立台账\"}"), "建立台账");
	CHECK_STR(label_value("deleted", "{\"id\":14}"), "{\"id\":14}");
	CHECK_STR(label_value("deleted", "{\"title\":null}"), "{\"title\":null}");
	CHECK_STR(label_value("deleted", "{\"title\":\"abc"), "abc"); /* cut short */
	/* a broken escape never reads past the title's end */
	CHECK_STR(label_value("deleted", "{\"title\":\"a\\u12\",\"x\":1}"), "au12");
}

#ifdef ENABLE_NLS
static void chinese(void)
{
	for (int s = 0; s < TASK_STATUS_COUNT; s++) {
		const char *l = label_status((enum task_status)s);
		CHECK_MSG(strcmp(l, task_status_name((enum task_status)s)) != 0,
			  "a status label is translated");
		CHECK_INT(task_status_parse(l), s);
	}
	for (int r = 1; r < RECUR_COUNT; r++) {
		const char *name = recur_name((enum recur)r), *l = label_recur(name);
		if (strcmp(l, name) == 0)
			printf("# recurrence %s has no Chinese label\n", name);
		CHECK_MSG(strcmp(l, name) != 0, "a recurrence label is translated");
		CHECK_INT(recur_parse(l), r);
	}
	for (int f = 0; f < TASK_FIELD_COUNT; f++) {
		const char *col = field_column((enum task_field)f);
		if (strcmp(label_field(col), col) == 0)
			printf("# field %s has no Chinese label\n", col);
		CHECK_MSG(strcmp(label_field(col), col) != 0, "a field name is translated");
		CHECK_INT(field_parse(label_field(col)), f);
	}
	for (size_t i = 0; i < ARRAY_SIZE(others); i++)
		CHECK_MSG(strcmp(label_field(others[i]), others[i]) != 0,
			  "a history word is translated");
	struct db_task t = sample();
	char *v = field_shown(&t, TASK_F_RECURRENCE);
	CHECK_STR(v, "每年");
	free(v);
	v = field_shown(&t, TASK_F_STATUS);
	CHECK_STR(v, "进行中");
	free(v);
	CHECK_INT(field_parse("牵头单位"), TASK_F_UNIT);
	CHECK_STR(label_field("owner"), "责任人");
	CHECK_STR(label_field("due"), "完成时限");
	CHECK_STR(label_value("status", "doing"), "进行中");
	CHECK_STR(label_value("recurrence", "yearly"), "每年");
	CHECK_STR(label_value("recurrence", "fortnightly"), "fortnightly");
	CHECK(i18n_lang_zh());
}
#endif

int main(void)
{
	setenv("LANGUAGE", "", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	i18n_init();
	english();
	fields();
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
