/* fuzz_export.c - untrusted text imported, then exported as JSON, CSV and
 * Markdown: never a crash, and no control character of the text reaches
 * the output raw (JSON escapes it, CSV and Markdown show a placeholder):
 * only LF, CR (CSV's line ends) and TAB may appear below 0x20, and no ESC,
 * C1 control or bidi override. One database for the whole run, emptied
 * between inputs by a fresh file. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "luoshi/db.h"
#include "luoshi/export.h"
#include "luoshi/parse.h"
#include "luoshi/utf8.h"
#include "luoshi/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_output(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x20 && b != '\n' && b != '\r' && b != '\t')
			abort();
		uint32_t c = b;
		size_t l = b < 0x80 ? 1 : utf8_decode(s + i, n - i, &c);
		if ((c >= 0x80 && c < 0xA0) || (c >= 0x202A && c <= 0x202E) ||
		    (c >= 0x2066 && c <= 0x2069))
			abort();
		i += l ? l : 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/luoshi-fuzz-export-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	close(fd);
	unlink(path); /* the store makes the file itself */
	struct db *db = NULL;
	if (db_open(path, 0, &db) != LU_OK)
		abort();
	struct pdoc doc;
	struct db_import_result res;
	parse_document((const char *)data, size, &doc);
	char *text = xstrndup((const char *)data, size);
	if (utf8_check(text, size) == (size_t)-1 && !memchr(data, 0, size))
		db_import(db, &doc, "UTF-8", text, size, "fuzz.txt", 0, "fuzz", &res);
	pdoc_free(&doc);
	free(text);
	static const enum export_format fmts[] = {EXPORT_JSON, EXPORT_CSV, EXPORT_MD};
	for (size_t k = 0; k < sizeof fmts / sizeof *fmts; k++) {
		char *out = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&out, &n);
		if (export_write(db, fmts[k], 0, NULL, f, NULL) != LU_OK)
			abort();
		fclose(f);
		check_output(out, n);
		free(out);
	}
	db_close(db);
	char side[sizeof path + 8];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return 0;
}
