/* import.h - file (or bundled document) -> encoding -> structure -> store. */
#ifndef LUOSHI_IMPORT_H
#define LUOSHI_IMPORT_H

#include "luoshi/db.h"
#include "luoshi/enc.h"
#include "luoshi/fmt.h"

/* import_file flag beside DB_IMPORT_*: refuse text import_doubt doubts
 * (nothing is written; the sentence names the file and the reason). */
#define IMPORT_STRICT 0x100

/* Import one file: tell its format (FMT_AUTO: by its content) and read its
 * text (fmt.h), detect (or force) the encoding, parse, store in one
 * transaction. enc receives the encoding or format read ("GB18030",
 * "docx", "html (GBK)"). flags: DB_IMPORT_* and IMPORT_STRICT. doubt (may
 * be NULL) receives, after a successful import, why the text looks wrong
 * (see import_doubt; malloc'ed) or NULL: the caller should say so. */
enum lu_status import_file(struct db *db, const char *path, enum fmt_kind kind,
			   const char *force_enc, int flags, char enc[ENC_NAME_MAX],
			   struct db_import_result *res, char **doubt);

/* Import the bundled sample document when the database is empty (and
 * writable). Returns LU_OK when nothing needed doing. */
enum lu_status import_seed_if_empty(struct db *db);

/* Why decoded text (with its parsed document, or NULL) does not look like
 * a Chinese policy document, as one clause (malloc'ed), or NULL when it
 * does: no structure found (0 nodes); no Chinese at all; many characters
 * Chinese documents do not use, or the commonest function words (的、是、
 * 在、和…) almost absent - both signs of text read in the wrong encoding.
 * Short texts are judged by their structure only. */
char *import_doubt(const char *text, size_t len, const struct pdoc *doc);

#endif
