/* label.h - what users read for a stored value: status, recurrence and
 * field names come from the message catalogue (the store keeps the English
 * words: todo, yearly, owner). The screens and the command line both show
 * them so. No curses in here. */
#ifndef LUOSHI_LABEL_H
#define LUOSHI_LABEL_H

#include "luoshi/db.h"

/* "未开始" in Chinese, "todo" in English. */
const char *label_status(enum task_status s);
/* "[x]", "[~]"...: ASCII, the same in every language. */
const char *label_mark(enum task_status s);
/* "每年" for "yearly"; an unknown word is shown as it is. */
const char *label_recur(const char *stored);
/* "责任人" for "owner" (a task field of field.h, or "created", "deleted",
 * "note", "notes" of the history); an unknown name is shown as it is. */
const char *label_field(const char *field);
/* A stored value of field as shown: statuses and recurrences translated,
 * everything else as it is (NULL stays NULL). */
const char *label_value(const char *field, const char *value);

#endif
