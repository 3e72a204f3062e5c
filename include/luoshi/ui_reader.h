/* ui_reader.h - the whole text of a document, wrapped with the 禁则 rules,
 * less-style keys, search, the reading place kept per user and document. */
#ifndef LUOSHI_UI_READER_H
#define LUOSHI_UI_READER_H

#include "luoshi/ui_view.h"

extern const struct view_ops reader_view_ops;

#endif
