/* Build (from a configured tree with libxml2): clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -Iinclude $(pkg-config --cflags libxml-2.0) fuzz/fuzz_html.c src/fmt_html.c src/fmt_out.c src/enc.c src/utf8.c src/util.c $(pkg-config --libs libxml-2.0) -o fuzz_html && ./fuzz_html -max_total_time=60 */
/* fuzz_html.c - untrusted bytes as a saved web page: any charset, any
 * markup. Never a crash or a leak; the text is valid UTF-8 without control
 * characters but TAB and LF, and a label names the charset read. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/fmt.h"
#include "luoshi/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char label[ENC_NAME_MAX], *text;
	size_t len;
	if (fmt_html_text("fuzz.html", data, size, NULL, label, &text, &len) != LU_OK)
		return 0;
	if (strlen(text) != len || utf8_check(text, len) != (size_t)-1 ||
	    strncmp(label, "html (", 6) != 0)
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			abort();
	}
	free(text);
	return 0;
}
