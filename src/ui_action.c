/* ui_action.c - names and help texts of the actions, from the one list. */
#include "config.h"
#include "luoshi/ui_action.h"

#include <string.h>

static const struct {
	const char *name, *help;
} actions[] = {
#define UI_ACTION_ROW(id, name, help) {name, help},
	UI_ACTION_LIST(UI_ACTION_ROW)
#undef UI_ACTION_ROW
};

const char *ui_action_name(enum ui_action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].name : "?";
}

const char *ui_action_help(enum ui_action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].help : "";
}

int ui_action_parse(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (!strcmp(name, actions[i].name))
			return i;
	return -1;
}
