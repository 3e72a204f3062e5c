/* ui_dash.h - the dashboard: progress per document, section and measure,
 * statuses, overdue and soon due tasks, lead units. */
#ifndef LUOSHI_UI_DASH_H
#define LUOSHI_UI_DASH_H

#include "luoshi/ui_view.h"

extern const struct view_ops dash_view_ops;

#endif
