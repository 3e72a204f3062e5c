/* ui_help.h - the help screen: the keys of the screen it was opened from,
 * made from the action list and the bindings in effect. */
#ifndef LUOSHI_UI_HELP_H
#define LUOSHI_UI_HELP_H

#include "luoshi/ui_view.h"

extern const struct view_ops help_view_ops;

#endif
