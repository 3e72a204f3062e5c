/* ui_outline.h - the outline: documents -> sections -> measures -> tasks,
 * the text of the selection beside the tree from 100 columns. */
#ifndef LUOSHI_UI_OUTLINE_H
#define LUOSHI_UI_OUTLINE_H

#include "luoshi/ui_view.h"

extern const struct view_ops outline_view_ops;

#endif
