/* ui_export.h - the export key of every screen: asks for a file name
 * (today's 台账 by default) and writes the export its extension names. */
#ifndef LUOSHI_UI_EXPORT_H
#define LUOSHI_UI_EXPORT_H

/* Open the prompt; the reaction for the engine (R_NONE: nothing yet). */
int ui_export_start(void);

#endif
