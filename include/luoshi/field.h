/* field.h - the fields of a task, in one list. Adding a field is one line
 * here (and the store's migration that adds its column): the enum, the
 * names, the labels of the screens and of `luoshi show`, the keys of a
 * task in the JSON export and the completion of `luoshi set` all come from
 * this list (not yet the CSV columns, whose headers are Chinese in every
 * language, nor the store's own field table). No curses, no store in here.
 *
 * X(ID, column, label, kind, editable)
 *   ID        TASK_F_ID in enum task_field
 *   column    the stored name: the tasks table's column, the word of the
 *             history's field column, `luoshi set FIELD=`, the JSON key
 *   label     what users read, an English msgid in the context "field",
 *             translated where it is shown (field_label). In English it is
 *             the word `luoshi set` takes, so that English output shows
 *             what one types; a field nobody types says what it is.
 *   kind      how the value is kept, shown and edited (enum field_kind)
 *   editable  1: users change it (luoshi set, the detail screen); 0: the
 *             program keeps it (due_text follows due)
 * The order is the order in which a task's fields are shown: the detail
 * screen, `luoshi show`, the JSON keys. */
#ifndef LUOSHI_FIELD_H
#define LUOSHI_FIELD_H

#include "luoshi/i18n.h"

enum field_kind {
	FIELD_LINE,    /* one line of text (a unit, a name, a title) */
	FIELD_LONG,    /* a paragraph (the source sentence): edited in $EDITOR */
	FIELD_DATE,    /* YYYY-MM-DD */
	FIELD_STATUS,  /* a word of TASK_STATUS_LIST (db.h), shown by its label */
	FIELD_RECUR,   /* a word of RECUR_LIST (extract.h), shown by its label */
	FIELD_PERCENT, /* an integer 0..100, stored as a number, shown with % */
};

#define TASK_FIELD_LIST(X) \
	X(TITLE, "title", NC_("field", "title"), FIELD_LINE, 1) \
	X(STATUS, "status", NC_("field", "status"), FIELD_STATUS, 1) \
	X(PROGRESS, "progress", NC_("field", "progress"), FIELD_PERCENT, 1) \
	X(UNIT, "unit", NC_("field", "unit"), FIELD_LINE, 1) \
	X(ASSIST, "assist", NC_("field", "assist"), FIELD_LINE, 1) \
	X(OWNER, "owner", NC_("field", "owner"), FIELD_LINE, 1) \
	X(DUE, "due", NC_("field", "due"), FIELD_DATE, 1) \
	X(DUE_TEXT, "due_text", NC_("field", "deadline as written"), FIELD_LINE, 0) \
	X(RECURRENCE, "recurrence", NC_("field", "recurrence"), FIELD_RECUR, 1) \
	X(TEXT, "text", NC_("field", "text"), FIELD_LONG, 1)

#define TASK_FIELD_ENUM(id, column, label, kind, editable) TASK_F_##id,
enum task_field { TASK_FIELD_LIST(TASK_FIELD_ENUM) TASK_FIELD_COUNT };
#undef TASK_FIELD_ENUM

/* "owner" (the stored name); NULL for a value outside the enum. */
const char *field_column(enum task_field f);
/* "责任人" in Chinese, "owner" in English: the label from the catalogue. */
const char *field_label(enum task_field f);
enum field_kind field_kind(enum task_field f);
int field_editable(enum task_field f);
/* The field a user named: its column ("owner", also "recur"), or its
 * label in the user's language ("责任人"). -1 when none. */
int field_parse(const char *word);

struct db_task;
/* The stored text of a task's field (malloc'ed; NULL when the field is
 * empty): "doing", "40", "yearly", "2026-12-31". */
char *field_value(const struct db_task *t, enum task_field f);
/* The value as users read it (malloc'ed; NULL when empty): statuses and
 * recurrences by their labels, a percentage with %. */
char *field_shown(const struct db_task *t, enum task_field f);

#endif
