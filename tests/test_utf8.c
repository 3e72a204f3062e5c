/* test_utf8.c - strict decoding: overlongs, surrogates, truncation. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "luoshi/utf8.h"

int main(void)
{
	uint32_t cp;
	CHECK_INT(utf8_decode("\xe4\xb8\xad", 3, &cp), 3);
	CHECK_INT(cp, 0x4E2D);
	CHECK_INT(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	CHECK_INT(cp, 0x1F600);
	CHECK_INT(utf8_decode("\xc0\xaf", 2, &cp), 1); /* overlong '/' */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("\xed\xa0\x80", 3, &cp), 1); /* surrogate */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("\xe4\xb8", 2, &cp), 1); /* truncated */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("\xf4\x90\x80\x80", 4, &cp), 1); /* > U+10FFFF */

	const char *ok = "主题教育abc";
	CHECK(utf8_check(ok, strlen(ok)) == (size_t)-1);
	CHECK_INT(utf8_check("ab\xe4\xb8", 4), 2);
	CHECK_INT(utf8_check("abc\x9c", 4), 3);
	CHECK_INT(utf8_count(ok, strlen(ok)), 7);

	char buf[4];
	const uint32_t cps[] = {0x41, 0xE9, 0x3000, 0x10348};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t len = utf8_encode(cps[i], buf);
		CHECK(utf8_decode(buf, len, &cp) == len && cp == cps[i]);
	}
	CHECK_INT(utf8_encode(0xD800, buf), 3); /* surrogate becomes U+FFFD */
	return check_done();
}
