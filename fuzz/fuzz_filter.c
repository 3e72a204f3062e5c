/* fuzz_filter.c - untrusted words through the task filter (luoshi tasks
 * WORDS, the screens' f prompt): parsed or refused with one sentence, never
 * a crash, and a refusal always says why (quoting the word as given: the
 * outputs show control characters as placeholders). The bytes are split
 * into words at spaces, as a shell would. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/db.h"
#include "luoshi/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	char *words[64];
	int n = 0;
	for (char *p = strtok(text, " "); p && n < 64; p = strtok(NULL, " "))
		words[n++] = p;
	struct db_filter *f = NULL;
	enum lu_status st = db_filter_parse(n, words, &f);
	if (st == LU_OK && !f)
		abort();
	if (st != LU_OK && (f || !*lu_errmsg()))
		abort();
	db_filter_free(f);
	lu_error_clear();
	free(text);
	return 0;
}
