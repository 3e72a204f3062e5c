/* ui_detail.h - the task detail: every field of one task, where it sits, its
 * sentence, notes and history; fields edited in place. */
#ifndef LUOSHI_UI_DETAIL_H
#define LUOSHI_UI_DETAIL_H

#include "luoshi/ui_view.h"

extern const struct view_ops detail_view_ops;

#endif
