/* label.c - labels of stored values, from the catalogue. The tables
 * name every status, recurrence and history word the store knows (the
 * task fields' labels are field.h's); tests/test_label checks that none
 * is missing and that the store reads each label back (the task editor
 * starts from the label). The English msgids of statuses and recurrences
 * are the stored words for that reason. */
#include "config.h"
#include "luoshi/label.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/field.h"
#include "luoshi/i18n.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

struct label {
	const char *stored, *shown; /* shown: msgid in the context of the table */
};

static const struct label statuses[TASK_STATUS_COUNT] = {
	[TASK_TODO] = {"todo", NC_("status", "todo")},
	[TASK_DOING] = {"doing", NC_("status", "doing")},
	[TASK_DONE] = {"done", NC_("status", "done")},
	[TASK_CLOSED] = {"closed", NC_("status", "closed")},
	[TASK_ONGOING] = {"ongoing", NC_("status", "ongoing")},
	[TASK_BLOCKED] = {"blocked", NC_("status", "blocked")},
	[TASK_DROPPED] = {"dropped", NC_("status", "dropped")},
};

static const struct label recurrences[] = {
	{"yearly", NC_("recurrence", "yearly")},
	{"halfyearly", NC_("recurrence", "halfyearly")},
	{"quarterly", NC_("recurrence", "quarterly")},
	{"monthly", NC_("recurrence", "monthly")},
	{"weekly", NC_("recurrence", "weekly")},
	{"periodic", NC_("recurrence", "periodic")},
	{"ongoing", NC_("recurrence", "ongoing")},
	{"daily", NC_("recurrence", "daily")},
	{"biennial", NC_("recurrence", "biennial")},
	{"triennial", NC_("recurrence", "triennial")},
	{"quinquennial", NC_("recurrence", "quinquennial")},
};

/* The history's words that are not task fields. */
static const struct label others[] = {
	{"notes", NC_("field", "notes")},
	{"note", NC_("field", "note")},
	{"created", NC_("field", "created")},
	{"deleted", NC_("field", "deleted")},
	{"recheck", NC_("field", "recheck")},
	{"cycle", NC_("field", "cycle")},
	{"period", NC_("field", "period done")},
	{"report", NC_("field", "report")},
	{"close", NC_("field", "closed")},
	{"reopen", NC_("field", "sent back")},
	{"rechecked", NC_("field", "rechecked")},
	{"setting", NC_("field", "setting")},
};

static const char *lookup(const struct label *t, size_t n, const char *ctx, const char *stored)
{
	for (size_t i = 0; stored && i < n; i++)
		if (!strcmp(t[i].stored, stored))
			return i18n_pgettext(ctx, t[i].shown);
	return stored;
}

const char *label_status(enum task_status s)
{
	if ((unsigned)s >= TASK_STATUS_COUNT)
		return "?";
	return i18n_pgettext("status", statuses[s].shown);
}

const char *label_mark(enum task_status s)
{
	static const char *const marks[TASK_STATUS_COUNT] = {
		[TASK_TODO] = "[ ]", [TASK_DOING] = "[~]", [TASK_DONE] = "[x]", [TASK_CLOSED] = "[X]",
		[TASK_ONGOING] = "[o]", [TASK_BLOCKED] = "[!]", [TASK_DROPPED] = "[-]",
	};
	return (unsigned)s < TASK_STATUS_COUNT ? marks[s] : "[?]";
}

const char *label_recur(const char *stored)
{
	return lookup(recurrences, ARRAY_SIZE(recurrences), "recurrence", stored);
}

const char *label_field(const char *field)
{
	for (int f = 0; field && f < TASK_FIELD_COUNT; f++)
		if (!strcmp(field_column((enum task_field)f), field))
			return field_label((enum task_field)f);
	return lookup(others, ARRAY_SIZE(others), "field", field);
}

/* The title in a deleted task's row as history keeps it (a JSON object,
 * for undo): {"id":14,"node_id":3,"pos":1,"title":"…",…}. The title's
 * escapes are read back (\" \\ \/, \n and \t as spaces, \uXXXX; a
 * control character or a lone half of a pair as U+FFFD); the whole row
 * when it holds no title. */
static const char *deleted_title(const char *row)
{
	static char buf[1024];
	/* "title":"…" (SQLite) or "title" : "…" (PostgreSQL) */
	const char *p = strstr(row, "\"title\"");
	if (!p)
		return row;
	p += 7;
	p += strspn(p, " ");
	if (*p++ != ':')
		return row;
	p += strspn(p, " ");
	if (*p++ != '"')
		return row;
	size_t n = 0;
	while (*p && *p != '"' && n + 8 < sizeof buf) {
		if (*p != '\\' || !p[1]) {
			buf[n++] = *p++;
			continue;
		}
		char c = p[1];
		p += 2;
		if (c == 'u' && strspn(p, "0123456789abcdefABCDEF") >= 4) {
			unsigned v = (unsigned)strtoul((char[5]){p[0], p[1], p[2], p[3], 0}, NULL, 16);
			p += 4;
			/* a control character, or half of a surrogate pair */
			int bad = v < 0x20 || v == 0x7F || (v >= 0xD800 && v <= 0xDFFF);
			n += utf8_encode(bad ? 0xFFFD : v, buf + n);
		} else {
			buf[n++] = c == 'n' ? ' ' : c == 't' ? ' ' : c;
		}
	}
	buf[n] = '\0';
	return buf;
}

const char *label_value(const char *field, const char *value)
{
	if (!field || !value)
		return value;
	if (!strcmp(field, "deleted"))
		return deleted_title(value);
	if (!strcmp(field, "status")) {
		int s = task_status_parse(value);
		return s < 0 ? value : label_status((enum task_status)s);
	}
	return !strcmp(field, "recurrence") || !strcmp(field, "cycle") ? label_recur(value) : value;
}
