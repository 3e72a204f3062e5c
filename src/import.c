/* import.c - the import pipeline shared by the command line and the screens. */
#include "config.h"
#include "luoshi/import.h"

#include <stdlib.h>
#include <string.h>

#include "luoshi/parse.h"
#include "luoshi/seed.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static enum lu_status import_text(struct db *db, const char *text, size_t len, const char *enc,
				  const char *name, int flags, struct db_import_result *res)
{
	struct pdoc doc;
	memset(&doc, 0, sizeof doc);
	enum lu_status st = parse_document(text, len, &doc);
	if (st == LU_OK)
		st = db_import(db, &doc, enc, text, len, name, flags, lu_username(), res);
	pdoc_free(&doc);
	return st;
}

enum lu_status import_file(struct db *db, const char *path, enum fmt_kind kind,
			   const char *force_enc, int flags, char enc[ENC_NAME_MAX],
			   struct db_import_result *res)
{
	char *text = NULL;
	size_t len = 0;
	/* a .docx, a web page or a PDF becomes text here; enc names the format */
	enum lu_status st = fmt_read_file(path, kind, force_enc, enc, &text, &len);
	if (st != LU_OK)
		return st;
	st = import_text(db, text, len, enc, base_name(path), flags, res);
	free(text);
	return st;
}

enum lu_status import_seed_if_empty(struct db *db)
{
	if (db_readonly(db) || !db_is_empty(db))
		return LU_OK;
	size_t len;
	const char *text = (const char *)seed_bytes(&len);
	struct db_import_result res;
	return import_text(db, text, len, "UTF-8", SEED_FILENAME, 0, &res);
}
