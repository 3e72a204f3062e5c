/* field.c - the fields of a task (field.h's list): names, labels, values. */
#include "config.h"
#include "luoshi/field.h"

#include <string.h>

#include "luoshi/db.h"
#include "luoshi/label.h"
#include "luoshi/util.h"

struct field_def {
	const char *column, *label;
	enum field_kind kind;
	int editable;
};

#define TASK_FIELD_DEF(id, column, label, kind, editable) {column, label, kind, editable},
static const struct field_def defs[TASK_FIELD_COUNT] = {TASK_FIELD_LIST(TASK_FIELD_DEF)};
#undef TASK_FIELD_DEF

static int valid(enum task_field f)
{
	return (unsigned)f < TASK_FIELD_COUNT;
}

const char *field_column(enum task_field f)
{
	return valid(f) ? defs[f].column : NULL;
}

const char *field_label(enum task_field f)
{
	return valid(f) ? i18n_pgettext("field", defs[f].label) : "?";
}

enum field_kind field_kind(enum task_field f)
{
	return valid(f) ? defs[f].kind : FIELD_LINE;
}

int field_editable(enum task_field f)
{
	return valid(f) && defs[f].editable;
}

int field_parse(const char *word)
{
	if (!word || !*word)
		return -1;
	if (!strcmp(word, "recur")) /* the filter's word (recur:yearly) */
		return TASK_F_RECURRENCE;
	for (int f = 0; f < TASK_FIELD_COUNT; f++)
		if (!strcmp(word, defs[f].column) || !strcmp(word, field_label((enum task_field)f)))
			return f;
	return -1;
}

static const char *text_of(const struct db_task *t, enum task_field f)
{
	switch (f) {
	case TASK_F_TITLE: return t->title;
	case TASK_F_UNIT: return t->unit;
	case TASK_F_ASSIST: return t->assist;
	case TASK_F_OWNER: return t->owner;
	case TASK_F_DUE: return t->due;
	case TASK_F_DUE_TEXT: return t->due_text;
	case TASK_F_RECURRENCE: return t->recurrence;
	case TASK_F_TEXT: return t->text;
	default: return NULL;
	}
}

char *field_value(const struct db_task *t, enum task_field f)
{
	if (f == TASK_F_STATUS)
		return xstrdup(task_status_name(t->status));
	if (f == TASK_F_PROGRESS)
		return xasprintf("%d", t->progress);
	const char *s = text_of(t, f);
	return s && *s ? xstrdup(s) : NULL;
}

char *field_shown(const struct db_task *t, enum task_field f)
{
	switch (field_kind(f)) {
	case FIELD_STATUS: return xstrdup(label_status(t->status));
	case FIELD_PERCENT: return xasprintf("%d%%", t->progress);
	case FIELD_RECUR:
		return t->recurrence && *t->recurrence ? xstrdup(label_recur(t->recurrence)) : NULL;
	default: return field_value(t, f);
	}
}
