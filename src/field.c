/* field.c - the fields of a task (field.h's list): names, labels, values. */
#include "config.h"
#include "luoshi/field.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/db.h"
#include "luoshi/label.h"
#include "luoshi/util.h"

struct field_def {
	const char *column, *label;
	enum field_kind kind;
	int editable;
	const char *ledger;
};

#define TASK_FIELD_DEF(id, column, label, kind, editable, ledger) \
	{#column, label, kind, editable, ledger},
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

const char *field_ledger(enum task_field f)
{
	return valid(f) ? defs[f].ledger : NULL;
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

/* The stored text of a value as struct db_task holds it, by how it is
 * held (FIELD_HELD). */
static char *value_TEXT(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static char *value_STATUS(enum task_status s)
{
	return xstrdup(task_status_name(s));
}

static char *value_INT(int n)
{
	return xasprintf("%d", n);
}

char *field_value(const struct db_task *t, enum task_field f)
{
#define FIELD_VALUE(id, column, label, kind, editable, ledger) \
	case TASK_F_##id: return FIELD_CAT(value_, FIELD_HELD(kind))(t->column);
	switch (f) {
	TASK_FIELD_LIST(FIELD_VALUE)
	default: return NULL;
	}
#undef FIELD_VALUE
}

char *field_shown(const struct db_task *t, enum task_field f)
{
	switch (field_kind(f)) {
	case FIELD_STATUS: return xstrdup(label_status(t->status));
	case FIELD_PERCENT: return xasprintf("%d%%", t->progress);
	case FIELD_RECUR: {
		char *r = field_value(t, f); /* the recurrence, or the reporting cycle */
		char *shown = r ? xstrdup(label_recur(r)) : NULL;
		free(r);
		return shown;
	}
	default: return field_value(t, f);
	}
}
