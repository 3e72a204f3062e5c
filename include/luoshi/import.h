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
 * transaction per document (see import_file_each; enc, res and doubt then
 * tell of the last document, or of the one that failed). enc receives the encoding or format read ("GB18030",
 * "docx", "html (GBK)"). flags: DB_IMPORT_* and IMPORT_STRICT. doubt (may
 * be NULL) receives, after a successful import, why the text looks wrong
 * (see import_doubt; malloc'ed) or NULL: the caller should say so. */
enum lu_status import_file(struct db *db, const char *path, enum fmt_kind kind,
			   const char *force_enc, int flags, char enc[ENC_NAME_MAX],
			   struct db_import_result *res, char **doubt);

/* What import_file_each tells as it goes (each member may be NULL). */
struct import_report {
	/* After each document of the file (n counts from 1; more: another
	 * follows it in the file): st is LU_OK or the failure, whose
	 * sentence is lu_errmsg(); res and doubt as import_file gives them. */
	void (*doc)(void *arg, int n, int more, const char *enc, enum lu_status st,
		    const struct db_import_result *res, const char *doubt);
	/* As a text file is read: bytes of it converted so far, of total,
	 * and the documents stored so far; about every MB and after each
	 * document. */
	void (*progress)(void *arg, long long done, long long total, int docs);
	void *arg;
};

/* Import every document of a file. A text file is read, converted, split
 * into its documents (split.h) and stored one document at a time, each in
 * its own transaction, so memory is bounded by the largest document; a
 * file of one document imports as one. The first document that fails
 * stops the import (those before it stay; importing the file again skips
 * them as identical). Other formats are one document each. */
enum lu_status import_file_each(struct db *db, const char *path, enum fmt_kind kind,
				const char *force_enc, int flags, const struct import_report *rep);

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
