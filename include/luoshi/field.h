/* field.h - the fields of a task, in one list. Adding a field is one line
 * here (and the store's migration that adds its column): the enum, the
 * names, the member of struct db_task, the store's select, update, copy
 * and undo-of-delete column lists, the labels of the screens and of
 * `luoshi show`, the keys of a task in the JSON export, the columns the
 * 台账 (CSV, XLSX) adds and the completion of `luoshi set` all come from
 * this list. No curses, no store in here.
 *
 * X(ID, column, label, kind, editable, ledger)
 *   ID        TASK_F_ID in enum task_field
 *   column    the stored name, a bare word: the tasks table's column, the
 *             member of struct db_task, the word of the history's field
 *             column, `luoshi set FIELD=`, the JSON key
 *   label     what users read, an English msgid in the context "field",
 *             translated where it is shown (field_label). In English it is
 *             the word `luoshi set` takes, so that English output shows
 *             what one types; a field nobody types says what it is.
 *   kind      how the value is kept, shown and edited (enum field_kind)
 *   editable  1: users change it (luoshi set, the detail screen); 0: the
 *             program keeps it (due_text follows due)
 *   ledger    the Chinese heading under which the 台账 adds the field
 *             after its own columns, or 0: the 台账 lays the field out
 *             itself (its layout is ledger.h's, Chinese in every
 *             language) or leaves it out
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
	X(TITLE, title, NC_("field", "title"), FIELD_LINE, 1, 0) \
	X(STATUS, status, NC_("field", "status"), FIELD_STATUS, 1, 0) \
	X(PROGRESS, progress, NC_("field", "progress"), FIELD_PERCENT, 1, 0) \
	X(UNIT, unit, NC_("field", "unit"), FIELD_LINE, 1, 0) \
	X(ASSIST, assist, NC_("field", "assist"), FIELD_LINE, 1, 0) \
	X(OWNER, owner, NC_("field", "owner"), FIELD_LINE, 1, 0) \
	X(DUE, due, NC_("field", "due"), FIELD_DATE, 1, 0) \
	X(DUE_TEXT, due_text, NC_("field", "deadline as written"), FIELD_LINE, 0, 0) \
	X(RECURRENCE, recurrence, NC_("field", "recurrence"), FIELD_RECUR, 1, 0) \
	X(RECHECK, recheck, NC_("field", "recheck"), FIELD_DATE, 1, 0) \
	X(CYCLE, cycle, NC_("field", "cycle"), FIELD_RECUR, 1, 0) \
	X(TEXT, text, NC_("field", "text"), FIELD_LONG, 1, 0)

/* How a kind is held in struct db_task (FIELD_HELD: TEXT, STATUS or INT)
 * and its C type (FIELD_CTYPE), so that the struct, its reader and the
 * store's statements follow from the list. */
#define FIELD_HELD_FIELD_LINE TEXT
#define FIELD_HELD_FIELD_LONG TEXT
#define FIELD_HELD_FIELD_DATE TEXT
#define FIELD_HELD_FIELD_STATUS STATUS
#define FIELD_HELD_FIELD_RECUR TEXT
#define FIELD_HELD_FIELD_PERCENT INT
#define FIELD_CTYPE_TEXT char *
#define FIELD_CTYPE_STATUS enum task_status
#define FIELD_CTYPE_INT int
#define FIELD_CAT_(a, b) a##b
#define FIELD_CAT(a, b) FIELD_CAT_(a, b)
#define FIELD_HELD(kind) FIELD_HELD_##kind
#define FIELD_CTYPE(kind) FIELD_CAT(FIELD_CTYPE_, FIELD_HELD(kind))
/* The column names as SQL text: "title, status, ..., text, " (with
 * prefix: "t.title, t.status, ...") */
#define FIELD_SQL_NAME(id, column, label, kind, editable, ledger) #column ", "
#define FIELD_SQL_NAMES TASK_FIELD_LIST(FIELD_SQL_NAME)
#define FIELD_SQL_T_NAME(id, column, label, kind, editable, ledger) "t." #column ", "
#define FIELD_SQL_T_NAMES TASK_FIELD_LIST(FIELD_SQL_T_NAME)
/* One unnumbered parameter per field, "?, ?, ...": SQLite numbers a bare
 * ? one past the highest so far, and so does the PostgreSQL driver */
#define FIELD_SQL_PARAM(id, column, label, kind, editable, ledger) "?, "
#define FIELD_SQL_PARAMS TASK_FIELD_LIST(FIELD_SQL_PARAM)

#define TASK_FIELD_ENUM(id, column, label, kind, editable, ledger) TASK_F_##id,
enum task_field { TASK_FIELD_LIST(TASK_FIELD_ENUM) TASK_FIELD_COUNT };
#undef TASK_FIELD_ENUM

/* "owner" (the stored name); NULL for a value outside the enum. */
const char *field_column(enum task_field f);
/* "责任人" in Chinese, "owner" in English: the label from the catalogue. */
const char *field_label(enum task_field f);
enum field_kind field_kind(enum task_field f);
/* The 台账's heading for a field it adds (list's ledger), NULL when none. */
const char *field_ledger(enum task_field f);
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
