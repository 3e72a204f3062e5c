/* export.h - JSON, CSV and Markdown reports of documents and tasks. */
#ifndef LUOSHI_EXPORT_H
#define LUOSHI_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "luoshi/db.h"

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_MD };

/* What an encoding could not write: how many characters became '?', and
 * the first of them. */
struct export_loss {
	size_t n;
	uint32_t first;
};

/* Write the export of one document (doc_id > 0) or all (doc_id 0) to out.
 * encoding: NULL/"UTF-8" or "GBK"/"GB18030" (CSV and Markdown only); loss
 * (may be NULL) receives what it could not write. */
enum lu_status export_write(struct db *db, enum export_format fmt, long long doc_id,
			    const char *encoding, FILE *out, struct export_loss *loss);

#endif
