/* ui_pane.h - the text beside the outline's tree: a document's details and
 * preamble, a node's heading and text, a task's fields and sentence. */
#ifndef LUOSHI_UI_PANE_H
#define LUOSHI_UI_PANE_H

#include "luoshi/db.h"

struct wtext;
void ui_pane_doc(struct wtext *t, const struct db_doc *d);
void ui_pane_node(struct wtext *t, const struct db_node *nd);
void ui_pane_task(struct wtext *t, const struct db_task *k);

#endif
