/* export_file.h - an export written to a file chosen by its name, as the
 * screens' export key asks for one: .xlsx the 台账 workbook, .csv the
 * 台账 rows, .md the progress report, .json the whole tree. The file is
 * written beside its target and renamed over it, so a failure (a full
 * disk, a directory that cannot be written) leaves nothing half-written
 * and an older file with that name intact. No curses. */
#ifndef LUOSHI_EXPORT_FILE_H
#define LUOSHI_EXPORT_FILE_H

#include "luoshi/db.h"

enum export_file_kind { EXPORT_FILE_XLSX, EXPORT_FILE_CSV, EXPORT_FILE_MD, EXPORT_FILE_JSON };

/* The kind a file name asks for by its extension (any case), or -1. */
int export_file_kind(const char *path);
/* Write the export of one document (doc_id > 0) or all to path, replacing
 * it if it exists; one sentence on failure (an unknown extension is
 * LU_USAGE). */
enum lu_status export_file(struct db *db, const char *path, long long doc_id);
/* "台账-2026-11-29.xlsx" (the word in the user's language): a default
 * name for today's export, in the current directory. Free it. */
char *export_file_default_name(void);

#endif
