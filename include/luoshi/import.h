/* import.h - file (or bundled document) -> encoding -> structure -> store. */
#ifndef LUOSHI_IMPORT_H
#define LUOSHI_IMPORT_H

#include "luoshi/db.h"
#include "luoshi/enc.h"
#include "luoshi/fmt.h"

/* Import one file: tell its format (FMT_AUTO: by its content) and read its
 * text (fmt.h), detect (or force) the encoding, parse, store in one
 * transaction. enc receives the encoding or format read ("GB18030",
 * "docx", "html (GBK)"). flags: DB_IMPORT_*. */
enum lu_status import_file(struct db *db, const char *path, enum fmt_kind kind,
			   const char *force_enc, int flags, char enc[ENC_NAME_MAX],
			   struct db_import_result *res);

/* Import the bundled sample document when the database is empty (and
 * writable). Returns LU_OK when nothing needed doing. */
enum lu_status import_seed_if_empty(struct db *db);

#endif
