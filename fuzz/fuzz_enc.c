/* fuzz_enc.c - untrusted bytes through detection, decoding, sanitising,
 * truncation and wrapping, with the invariants the screens rely on. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "luoshi/enc.h"
#include "luoshi/text.h"
#include "luoshi/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Nothing unsafe may survive sanitising, and the result is valid UTF-8. */
static void check_clean(const char *s)
{
	size_t n = strlen(s);
	if (utf8_check(s, n) != (size_t)-1)
		abort();
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (text_is_unsafe(cp) && cp != '\n')
			abort();
	}
}

static void exercise_text(const char *s, size_t n, int width)
{
	char *clean = text_sanitize(s, n, 1);
	check_clean(clean);
	free(clean);
	clean = text_sanitize(s, n, 0);
	if (text_width(clean, strlen(clean)) != text_width(s, n))
		abort();
	free(clean);

	char *t = text_truncate(s, n, width, 1);
	if (text_width(t, strlen(t)) != width)
		abort();
	free(t);

	struct text_line *lines;
	size_t count = text_wrap(s, n, width, width / 4, &lines), pos = 0;
	for (size_t k = 0; k < count; k++) {
		if (lines[k].off < pos || lines[k].off + lines[k].len > n)
			abort();
		/* only a unit wider than the line (a placeholder <XX> is 4) may stick out */
		if (lines[k].width > (k ? width : width - width / 4) && lines[k].width > 8)
			abort();
		pos = lines[k].off + lines[k].len;
	}
	free(lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[ENC_NAME_MAX];
	size_t bad = 0, len = 0;
	char *text = NULL;
	int width = size ? 4 + data[0] % 60 : 10;

	exercise_text((const char *)data, size, width);
	if (enc_detect(data, size, name, &bad) != LU_OK)
		return 0;
	int has_bom = size >= 2 && (data[0] == 0xEF || data[0] == 0xFF || data[0] == 0xFE ||
				    data[0] == 0x84 || data[0] == 0x00);
	if (enc_to_utf8(name, data, size, &text, &len, &bad) != LU_OK) {
		if (!has_bom) /* detection validated the whole input */
			abort();
		return 0;
	}
	if (text[len] != '\0')
		abort();
	exercise_text(text, len, width);
	char *gbk = NULL;
	size_t gbklen;
	if (enc_from_utf8("GB18030", text, len, &gbk, &gbklen) != LU_OK)
		abort();
	free(gbk);
	free(text);
	return 0;
}
