/* export_file.c - an export to a file named by the user (export_file.h). */
#include "config.h"
#include "luoshi/export_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "luoshi/export.h"
#include "luoshi/i18n.h"
#include "luoshi/xlsx.h"

int export_file_kind(const char *path)
{
	static const char *const ext[] = {".xlsx", ".csv", ".md", ".json"};
	size_t n = strlen(path);
	for (size_t i = 0; i < ARRAY_SIZE(ext); i++) {
		size_t k = strlen(ext[i]);
		if (n > k && !strcasecmp(path + n - k, ext[i]))
			return (int)i;
	}
	return -1;
}

/* CSV, Markdown or JSON through a temporary file of our own beside path
 * (lu_tmp_beside: two users exporting at once never share it). */
static enum lu_status write_text(struct db *db, const char *path, long long doc_id,
				 enum export_format fmt)
{
	char *tmp;
	int fd = lu_tmp_beside(path, &tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		enum lu_status st = lu_error(LU_ERR, _("cannot write %s: %s"), path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			remove(tmp);
		}
		free(tmp);
		return st;
	}
	enum lu_status st = export_write(db, fmt, doc_id, NULL, f, NULL);
	int werr = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
	int saved = errno;
	werr |= fclose(f) != 0;
	if (st == LU_OK && !werr && rename(tmp, path) != 0)
		werr = 1, saved = errno;
	if (st == LU_OK && werr)
		st = lu_error(LU_ERR, _("cannot write %s: %s"), path, strerror(saved));
	if (st != LU_OK)
		remove(tmp);
	free(tmp);
	return st;
}

enum lu_status export_file(struct db *db, const char *path, long long doc_id)
{
	struct xlsx_opts o = {doc_id, 0, NULL, NULL};
	switch (export_file_kind(path)) {
	case EXPORT_FILE_XLSX:
		return xlsx_write(db, &o, path);
	case EXPORT_FILE_CSV:
		return write_text(db, path, doc_id, EXPORT_CSV);
	case EXPORT_FILE_MD:
		return write_text(db, path, doc_id, EXPORT_MD);
	case EXPORT_FILE_JSON:
		return write_text(db, path, doc_id, EXPORT_JSON);
	default:
		return lu_error(LU_USAGE, _("%s: name the file .xlsx, .csv, .md or .json"), path);
	}
}

char *export_file_default_name(void)
{
	char today[11];
	lu_today(today);
	/* TRANSLATORS: the start of an export's default file name: 台账 */
	return xasprintf("%s-%s.%s", _("ledger"), today, xlsx_available() ? "xlsx" : "csv");
}
