/* Build (from a configured tree): clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -Iinclude fuzz/fuzz_pdf.c src/fmt_layout.c src/fmt_out.c src/utf8.c src/util.c -o fuzz_pdf && ./fuzz_pdf -max_total_time=60 */
/* fuzz_pdf.c - untrusted bytes as pdftotext -layout output (what a hostile
 * PDF can make pdftotext print): rejoining lines, dropping page numbers and
 * headers, finding tables. Never a crash; the text is valid UTF-8, at most
 * three times the input (an invalid byte becomes U+FFFD, a paragraph gets a
 * blank line), with no control characters but TAB and LF. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/fmt.h"
#include "luoshi/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	char *text = fmt_layout_text((const char *)data, size, &len);
	if (strlen(text) != len || utf8_check(text, len) != (size_t)-1 || len > 3 * size + 16)
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			abort();
	}
	free(text);
	return 0;
}
